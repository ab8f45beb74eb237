# SPDX-License-Identifier: GPL-2.0-only
# tests/run-check.sh: a short measurement, then a long one to interrupt.
repeats 1
fio size=1M iodepth=1
run short all fio psync rw=read bs=4k runtime=200ms
run long all fio psync rw=read bs=4k runtime=60
