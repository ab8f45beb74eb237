# SPDX-License-Identifier: GPL-2.0-only
# tests/run-check.sh: one daxbench benchmark on two paths, taken in turn.
repeats 2
run faults-turns all faults --size 4M --access write
