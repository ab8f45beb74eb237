# SPDX-License-Identifier: GPL-2.0-only
#
# daxbench-noise: the machine's own stability (memory bandwidth and
# system-call cost), before, during and after a run (docs/running.md).

bin_PROGRAMS += bench/daxbench-noise
bench_daxbench_noise_SOURCES = \
	bench/noise/noise.h \
	bench/noise/main.c \
	bench/noise/probe.c
bench_daxbench_noise_LDADD = $(DB_LIBS)

TESTS += tests/noise-check.sh
EXTRA_DIST += tests/noise-check.sh
