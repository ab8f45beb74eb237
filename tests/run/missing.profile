# SPDX-License-Identifier: GPL-2.0-only
# tests/run-check.sh: a benchmark that does not exist is a failed
# measurement; the run goes on.
repeats 1
run ghost all nosuchbench --size 1M
run after all fio psync rw=read bs=4k size=1M runtime=200ms
