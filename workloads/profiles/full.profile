# SPDX-License-Identifier: GPL-2.0-only
#
# full: the whole matrix with enough repeats for statistics (Welch's
# t-test in daxbench compare wants five or more).  Hours on a real rig;
# meant for one, not for the emulated guest under TCG.  Sizes fit the
# guest's default 512 MiB pmem devices.  Format: docs/workloads.md.

repeats 5
timeout 900
fio size=256M runtime=10 iodepth=16

# ---- page faults -------------------------------------------------------
run faults-write-2m            all faults --size 256M --access write --align 2m
run faults-write-misaligned    all faults --size 256M --access write --align misaligned
run faults-read-2m             all faults --size 256M --access read --align 2m
run faults-read-misaligned     all faults --size 256M --access read --align misaligned
run faults-read-then-write-2m  all faults --size 256M --access read-then-write --align 2m
run faults-write-rand-2m       all faults --size 256M --access write --order rand --align 2m
run faults-write-fallocate-2m  all faults --size 256M --access write --prepare fallocate --align 2m
run faults-write-populate-2m   all faults --size 256M --access write --prefault populate --align 2m
run faults-write-sync-2m       all faults --size 256M --access write --map sync --align 2m
run faults-write-private-2m    all faults --size 256M --access write --map private --align 2m

# Durability (docs/sync.md): msync, fsync and fdatasync after 1, 16, 512
# and all dirtied pages, through a shared mapping and through write();
# and msync of a MAP_SYNC mapping (DAX only).
run sync-msync-1p                  all sync --size 64M --via mmap --sync msync --pages 1
run sync-mmap-fsync-1p             all sync --size 64M --via mmap --sync fsync --pages 1
run sync-write-fsync-1p            all sync --size 64M --via write --sync fsync --pages 1
run sync-write-fdatasync-1p        all sync --size 64M --via write --sync fdatasync --pages 1
run sync-map-sync-msync-1p         all sync --size 64M --via mmap --map sync --sync msync --pages 1
run sync-msync-16p                 all sync --size 64M --via mmap --sync msync --pages 16
run sync-mmap-fsync-16p            all sync --size 64M --via mmap --sync fsync --pages 16
run sync-write-fsync-16p           all sync --size 64M --via write --sync fsync --pages 16
run sync-write-fdatasync-16p       all sync --size 64M --via write --sync fdatasync --pages 16
run sync-map-sync-msync-16p        all sync --size 64M --via mmap --map sync --sync msync --pages 16
run sync-msync-512p                all sync --size 64M --via mmap --sync msync --pages 512
run sync-mmap-fsync-512p           all sync --size 64M --via mmap --sync fsync --pages 512
run sync-write-fsync-512p          all sync --size 64M --via write --sync fsync --pages 512
run sync-write-fdatasync-512p      all sync --size 64M --via write --sync fdatasync --pages 512
run sync-map-sync-msync-512p       all sync --size 64M --via mmap --map sync --sync msync --pages 512
run sync-msync-all                 all sync --size 64M --via mmap --sync msync --pages all
run sync-mmap-fsync-all            all sync --size 64M --via mmap --sync fsync --pages all
run sync-write-fsync-all           all sync --size 64M --via write --sync fsync --pages all
run sync-write-fdatasync-all       all sync --size 64M --via write --sync fdatasync --pages all
run sync-map-sync-msync-all        all sync --size 64M --via mmap --map sync --sync msync --pages all

# Fault scalability (docs/scale.md): 2, 4 and one thread per CPU against
# one thread, through one file and a file each, writes and reads.
run scale-write-2t-one             all scale --size 32M --threads 2 --files one
run scale-write-2t-separate        all scale --size 32M --threads 2 --files separate
run scale-read-2t-one              all scale --size 32M --threads 2 --files one --op read
run scale-write-4t-one             all scale --size 32M --threads 4 --files one
run scale-write-4t-separate        all scale --size 32M --threads 4 --files separate
run scale-read-4t-one              all scale --size 32M --threads 4 --files one --op read
run scale-write-maxt-one           all scale --size 32M --threads max --files one
run scale-write-maxt-separate      all scale --size 32M --threads max --files separate
run scale-read-maxt-one            all scale --size 32M --threads max --files one --op read

# ---- loads and stores on the mapping -----------------------------------
run mmap-read-seq-4k    all mmap --size 256M --op read --pattern seq --block-size 4k --duration 2s
run mmap-read-seq-2m    all mmap --size 256M --op read --pattern seq --block-size 2M --duration 2s
run mmap-read-rand-4k   all mmap --size 256M --op read --pattern rand --block-size 4k --duration 2s
run mmap-read-rand-2m   all mmap --size 256M --op read --pattern rand --block-size 2M --duration 2s
run mmap-write-seq-4k   all mmap --size 256M --op write --pattern seq --block-size 4k --duration 2s
run mmap-write-seq-2m   all mmap --size 256M --op write --pattern seq --block-size 2M --duration 2s
run mmap-write-rand-4k  all mmap --size 256M --op write --pattern rand --block-size 4k --duration 2s
run mmap-write-rand-2m  all mmap --size 256M --op write --pattern rand --block-size 2M --duration 2s
run mmap-copy-in-seq-4k all mmap --size 256M --op copy-in --pattern seq --block-size 4k --duration 2s
run mmap-copy-in-seq-2m all mmap --size 256M --op copy-in --pattern seq --block-size 2M --duration 2s
run mmap-copy-in-rand-4k  all mmap --size 256M --op copy-in --pattern rand --block-size 4k --duration 2s
run mmap-copy-in-rand-2m  all mmap --size 256M --op copy-in --pattern rand --block-size 2M --duration 2s
run mmap-copy-out-seq-4k  all mmap --size 256M --op copy-out --pattern seq --block-size 4k --duration 2s
run mmap-copy-out-seq-2m  all mmap --size 256M --op copy-out --pattern seq --block-size 2M --duration 2s
run mmap-copy-out-rand-4k   all mmap --size 256M --op copy-out --pattern rand --block-size 4k --duration 2s
run mmap-copy-out-rand-2m   all mmap --size 256M --op copy-out --pattern rand --block-size 2M --duration 2s
run mmap-write-seq-4k-nt       all mmap --size 256M --op write --block-size 4k --store nt-sse2 --duration 2s
run mmap-write-seq-4k-clwb     all mmap --size 256M --op write --block-size 4k --persist clwb --duration 2s
run mmap-write-seq-4k-msync    all mmap --size 256M --op write --block-size 4k --persist msync --duration 2s
run mmap-write-seq-4k-map-sync all mmap --size 256M --op write --block-size 4k --persist map-sync --duration 2s
run mmap-read-seq-4k-cold      all mmap --size 256M --op read --block-size 4k --cold --duration 2s
run mmap-write-seq-4k-cold     all mmap --size 256M --op write --block-size 4k --cold --duration 2s

# ---- latency of one I/O ------------------------------------------------
run lat-randread-4k-psync all lat --engine psync --op randread --bs 4k --size 256M --duration 5s
run lat-randread-1m-psync all lat --engine psync --op randread --bs 1M --size 256M --duration 5s
run lat-randwrite-4k-psync all lat --engine psync --op randwrite --bs 4k --size 256M --duration 5s
run lat-randwrite-1m-psync all lat --engine psync --op randwrite --bs 1M --size 256M --duration 5s
run lat-read-4k-psync all lat --engine psync --op read --bs 4k --size 256M --duration 5s
run lat-read-1m-psync all lat --engine psync --op read --bs 1M --size 256M --duration 5s
run lat-overwrite-4k-psync all lat --engine psync --op overwrite --bs 4k --size 256M --duration 5s
run lat-overwrite-1m-psync all lat --engine psync --op overwrite --bs 1M --size 256M --duration 5s
run lat-randread-4k-libaio all,-tmpfs lat --engine libaio --op randread --bs 4k --size 256M --duration 5s --qd 1 --direct
run lat-randread-1m-libaio all,-tmpfs lat --engine libaio --op randread --bs 1M --size 256M --duration 5s --qd 1 --direct
run lat-randwrite-4k-libaio all,-tmpfs lat --engine libaio --op randwrite --bs 4k --size 256M --duration 5s --qd 1 --direct
run lat-randwrite-1m-libaio all,-tmpfs lat --engine libaio --op randwrite --bs 1M --size 256M --duration 5s --qd 1 --direct
run lat-read-4k-libaio all,-tmpfs lat --engine libaio --op read --bs 4k --size 256M --duration 5s --qd 1 --direct
run lat-read-1m-libaio all,-tmpfs lat --engine libaio --op read --bs 1M --size 256M --duration 5s --qd 1 --direct
run lat-overwrite-4k-libaio all,-tmpfs lat --engine libaio --op overwrite --bs 4k --size 256M --duration 5s --qd 1 --direct
run lat-overwrite-1m-libaio all,-tmpfs lat --engine libaio --op overwrite --bs 1M --size 256M --duration 5s --qd 1 --direct
run lat-randread-4k-io_uring all lat --engine io_uring --op randread --bs 4k --size 256M --duration 5s --qd 1
run lat-randread-1m-io_uring all lat --engine io_uring --op randread --bs 1M --size 256M --duration 5s --qd 1
run lat-randwrite-4k-io_uring all lat --engine io_uring --op randwrite --bs 4k --size 256M --duration 5s --qd 1
run lat-randwrite-1m-io_uring all lat --engine io_uring --op randwrite --bs 1M --size 256M --duration 5s --qd 1
run lat-read-4k-io_uring all lat --engine io_uring --op read --bs 4k --size 256M --duration 5s --qd 1
run lat-read-1m-io_uring all lat --engine io_uring --op read --bs 1M --size 256M --duration 5s --qd 1
run lat-overwrite-4k-io_uring all lat --engine io_uring --op overwrite --bs 4k --size 256M --duration 5s --qd 1
run lat-overwrite-1m-io_uring all lat --engine io_uring --op overwrite --bs 1M --size 256M --duration 5s --qd 1
run lat-append-4k-fdatasync all lat --engine psync --op append --bs 4k --size 256M --sync fdatasync --duration 5s
run lat-overwrite-4k-fdatasync all lat --engine psync --op overwrite --bs 4k --size 256M --sync fdatasync --duration 5s

# ---- fio: every engine, direction and block size ------------------------
# libaio needs O_DIRECT, which tmpfs lacks before Linux 6.6.
run fio-read-4k-psync all fio psync rw=read bs=4k
run fio-read-2m-psync all fio psync rw=read bs=2M
run fio-write-4k-psync all fio psync rw=write bs=4k
run fio-write-2m-psync all fio psync rw=write bs=2M
run fio-randread-4k-psync all fio psync rw=randread bs=4k
run fio-randread-2m-psync all fio psync rw=randread bs=2M
run fio-randwrite-4k-psync all fio psync rw=randwrite bs=4k
run fio-randwrite-2m-psync all fio psync rw=randwrite bs=2M
run fio-read-4k-libaio all,-tmpfs fio libaio rw=read bs=4k
run fio-read-2m-libaio all,-tmpfs fio libaio rw=read bs=2M
run fio-write-4k-libaio all,-tmpfs fio libaio rw=write bs=4k
run fio-write-2m-libaio all,-tmpfs fio libaio rw=write bs=2M
run fio-randread-4k-libaio all,-tmpfs fio libaio rw=randread bs=4k
run fio-randread-2m-libaio all,-tmpfs fio libaio rw=randread bs=2M
run fio-randwrite-4k-libaio all,-tmpfs fio libaio rw=randwrite bs=4k
run fio-randwrite-2m-libaio all,-tmpfs fio libaio rw=randwrite bs=2M
run fio-read-4k-io_uring all fio io_uring rw=read bs=4k
run fio-read-2m-io_uring all fio io_uring rw=read bs=2M
run fio-write-4k-io_uring all fio io_uring rw=write bs=4k
run fio-write-2m-io_uring all fio io_uring rw=write bs=2M
run fio-randread-4k-io_uring all fio io_uring rw=randread bs=4k
run fio-randread-2m-io_uring all fio io_uring rw=randread bs=2M
run fio-randwrite-4k-io_uring all fio io_uring rw=randwrite bs=4k
run fio-randwrite-2m-io_uring all fio io_uring rw=randwrite bs=2M
run fio-read-4k-mmap all fio mmap rw=read bs=4k
run fio-read-2m-mmap all fio mmap rw=read bs=2M
run fio-write-4k-mmap all fio mmap rw=write bs=4k
run fio-write-2m-mmap all fio mmap rw=write bs=2M
run fio-randread-4k-mmap all fio mmap rw=randread bs=4k
run fio-randread-2m-mmap all fio mmap rw=randread bs=2M
run fio-randwrite-4k-mmap all fio mmap rw=randwrite bs=4k
run fio-randwrite-2m-mmap all fio mmap rw=randwrite bs=2M
