# SPDX-License-Identifier: GPL-2.0-only
#
# quick: what make bench runs.  Page faults, mmap throughput, I/O latency
# and four fio jobs on every path, three repeats each: at most 10 minutes
# on a 2-core machine including the emulated guest under TCG (measured:
# docs/running.md).  Sizes and durations are small for that reason; use
# full on a rig for numbers to publish.  Format: docs/workloads.md.

repeats 3
timeout 300
fio size=32M runtime=1 iodepth=16

# Page faults: one per 2 MiB on DAX with an aligned mapping, one per page
# (or per 16 pages, fault-around) through the page cache.
run faults-write-2m     all faults --size 32M --access write --align 2m
run faults-read-2m      all faults --size 32M --access read --align 2m

# MAP_SYNC's cost at fault time, against faults-write-2m's shared mapping
# (refused, "unsupported", where there is no DAX).
run faults-write-sync-2m all faults --size 16M --op write --align 2m --map sync

# Durability: msync or fdatasync after 16 dirtied pages (docs/sync.md).
run sync-msync-16p       all sync --size 4M --via mmap --sync msync --pages 16 --rounds 8
run sync-fdatasync-16p   all sync --size 4M --via write --sync fdatasync --pages 16 --rounds 8

# Fault scalability: two threads against one (docs/scale.md).
run scale-write-2t       all scale --size 4M --threads 2 --files one

# Loads and stores on the mapping, against anonymous memory.
run mmap-read-seq-4k    all mmap --size 32M --op read --pattern seq --block-size 4k --duration 300ms
run mmap-write-seq-4k   all mmap --size 32M --op write --pattern seq --block-size 4k --duration 300ms

# Latency of one read or write system call.
run lat-randread-4k     all lat --engine psync --op randread --bs 4k --size 32M --duration 500ms --warmup 100ms
run lat-randwrite-4k    all lat --engine psync --op randwrite --bs 4k --size 32M --duration 500ms --warmup 100ms

# fio: buffered read(2)/write(2), mmap, and io_uring.
run fio-randread-4k-psync     all fio psync rw=randread bs=4k
run fio-write-2m-psync        all fio psync rw=write bs=2M
run fio-randread-4k-mmap      all fio mmap rw=randread bs=4k
run fio-randwrite-4k-io_uring all fio io_uring rw=randwrite bs=4k
