# SPDX-License-Identifier: GPL-2.0-only
# tests/run-check.sh: two tiny fio jobs, two repeats each.
repeats 2
timeout 60
fio size=1M runtime=200ms iodepth=2
run fio-randread-4k-psync all fio psync rw=randread bs=4k
run fio-write-2m-mmap all fio mmap rw=write bs=2M size=4M
