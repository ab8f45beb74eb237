# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench-sync: what msync, fsync and fdatasync cost after N dirtied
# pages, through a mapping and through write() (docs/sync.md).

bin_PROGRAMS += bench/daxbench-sync
bench_daxbench_sync_SOURCES = \
	bench/sync/sync.h \
	bench/sync/main.c \
	bench/sync/options.c \
	bench/sync/run.c \
	bench/sync/report.c
bench_daxbench_sync_LDADD = $(DB_LIBS)

# Host tests: counts and refusals on tmpfs and ext4 on a loop device.
TESTS += tests/sync-check.sh
dist_check_SCRIPTS += tests/sync-check.sh
EXTRA_DIST += tests/guest/sync.sh
dist_doc_DATA += docs/sync.md

# The durability and scalability figures (a benchmark, not a test; run
# from the source tree like scripts/measure-mmap-roofline).
EXTRA_DIST += scripts/measure-sync-scale
