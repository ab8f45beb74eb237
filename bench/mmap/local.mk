# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench-mmap: mmap throughput of DAX and the page cache against the
# memory-bandwidth roofline (docs/mmap.md).

bin_PROGRAMS += bench/daxbench-mmap
bench_daxbench_mmap_SOURCES = \
	bench/mmap/mmap.h \
	bench/mmap/main.c \
	bench/mmap/options.c \
	bench/mmap/run.c bench/mmap/run.h \
	bench/mmap/slices.c \
	bench/mmap/report.c \
	bench/mmap/order.c \
	bench/mmap/kernels.c \
	bench/mmap/nt.c \
	bench/mmap/persist.c \
	bench/mmap/mem.c \
	bench/mmap/threads.c \
	bench/mmap/verify.c
bench_daxbench_mmap_LDADD = $(DB_LIBS)

# The block orders: each block exactly once per pass, regions disjoint.
check_PROGRAMS += tests/mmap/test-order
tests_mmap_test_order_SOURCES = tests/mmap/test-order.c bench/mmap/order.c \
	bench/mmap/mmap.h tests/unit/tap.h
tests_mmap_test_order_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/bench/mmap
tests_mmap_test_order_LDADD = $(DB_LIBS)

# The data written reads back, and bad input is refused.
TESTS += tests/mmap/test-order tests/mmap-check.sh
EXTRA_DIST += tests/mmap-check.sh tests/guest/mmap.sh

# The roofline measurement (a benchmark, not a test).  Distributed, not
# installed, like scripts/measure-lat-vs-fio: both run from the source
# tree (docs/mmap.md, docs/lat.md).
EXTRA_DIST += scripts/measure-mmap-roofline
dist_doc_DATA += docs/mmap.md
