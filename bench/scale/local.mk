# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench-scale: page faults per second as threads grow, one file or a
# file per thread, against one thread in the same repeat (docs/scale.md).

bin_PROGRAMS += bench/daxbench-scale
bench_daxbench_scale_SOURCES = \
	bench/scale/scale.h \
	bench/scale/main.c \
	bench/scale/options.c \
	bench/scale/run.c \
	bench/scale/report.c
bench_daxbench_scale_LDADD = $(DB_LIBS)

# Host tests: counts and bad input on tmpfs and ext4 on a loop device.
TESTS += tests/scale-check.sh
dist_check_SCRIPTS += tests/scale-check.sh
EXTRA_DIST += tests/guest/scale.sh
dist_doc_DATA += docs/scale.md
