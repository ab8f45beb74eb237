# SPDX-License-Identifier: GPL-2.0-only
#
# smoke: a few tiny measurements on every path, to show that everything
# runs (CI runs it in the emulated guest: about a minute under TCG).
# The numbers mean little; the fault counts are exact.
# Format: docs/workloads.md.

repeats 1
timeout 120
fio size=8M runtime=1 iodepth=4

# One write fault per 2 MiB on DAX (PMD), one per page elsewhere.
run faults-write-2m     all faults --size 8M --access write --align 2m
run mmap-read-seq       all mmap --size 8M --op read --passes 2 --no-roofline
run lat-randread-4k     all lat --engine psync --op randread --bs 4k --size 8M --ops 2000 --warmup 0
run fio-randread-4k-psync all fio psync rw=randread bs=4k
run fio-write-2m-mmap   all fio mmap rw=write bs=2M
