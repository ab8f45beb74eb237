# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench-faults: page-fault counts and fault cost (docs/faults.md).

bin_PROGRAMS += bench/daxbench-faults
bench_daxbench_faults_SOURCES = \
	bench/faults/faults.h \
	bench/faults/main.c \
	bench/faults/options.c \
	bench/faults/run.c \
	bench/faults/report.c \
	bench/faults/map.c \
	bench/faults/count.c \
	bench/faults/trace.c
bench_daxbench_faults_LDADD = $(DB_LIBS)

# Host tests: counts on tmpfs and on ext4 on a loop device, bad input.
TESTS += tests/faults-check.sh
dist_check_SCRIPTS += tests/faults-check.sh
# Runs inside the daxbench guest (tests/guest/), installed with the rest.
EXTRA_DIST += tests/guest/faults.sh
dist_doc_DATA += docs/faults.md
