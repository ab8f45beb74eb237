# SPDX-License-Identifier: GPL-2.0-only
# tests/run-check.sh: every line below is wrong.
repeats zero
run only-an-id
run x all faults --output /tmp/x.json
frobnicate 3
run y all fio nosuchjob rw=read
