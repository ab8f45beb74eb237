# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench-lat: read/write latency percentiles through psync (with or
# without O_DIRECT), libaio and io_uring.  An engine whose library is
# missing is still known to the program, which then says why it is
# unavailable (bench/lat/engine.c).

bin_PROGRAMS += bench/daxbench-lat
bench_daxbench_lat_SOURCES = \
	bench/lat/lat.h \
	bench/lat/main.c \
	bench/lat/options.c \
	bench/lat/run.c bench/lat/run.h \
	bench/lat/report.c \
	bench/lat/ops.c bench/lat/ops.h \
	bench/lat/direct.c bench/lat/direct.h \
	bench/lat/engine.c bench/lat/engine.h \
	bench/lat/psync.c \
	bench/lat/queue.c
bench_daxbench_lat_CFLAGS = $(AM_CFLAGS) $(URING_CFLAGS)
bench_daxbench_lat_LDADD = $(DB_LIBS)
if HAVE_LIBAIO
bench_daxbench_lat_SOURCES += bench/lat/libaio.c
bench_daxbench_lat_LDADD += $(AIO_LIBS)
endif
if HAVE_LIBURING
bench_daxbench_lat_SOURCES += bench/lat/uring.c
bench_daxbench_lat_LDADD += $(URING_LIBS)
endif

# Tests: tests/lat-check.sh runs on the host; tests/guest/lat.sh runs in
# the emulated NV-DIMM guest (on ext4 -o dax and on the page cache).
TESTS += tests/lat-check.sh
dist_check_SCRIPTS += tests/lat-check.sh
EXTRA_DIST += tests/guest/lat.sh

# The overhead comparison with fio (a benchmark, not a test).  Not
# installed: it sources tests/json.sh from the source tree and uses the
# build tree's tests/run/jget.
EXTRA_DIST += scripts/measure-lat-vs-fio
dist_doc_DATA += docs/lat.md

# Unit tests of the generator and the --verify pattern.
check_PROGRAMS += tests/lat/test-ops
TESTS += tests/lat/test-ops
tests_lat_test_ops_SOURCES = tests/lat/test-ops.c bench/lat/ops.c bench/lat/ops.h
tests_lat_test_ops_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/bench/lat
tests_lat_test_ops_LDADD = $(DB_LIBS)
