# SPDX-License-Identifier: GPL-2.0-only
#
# The small library every benchmark links: one file per job.

noinst_LIBRARIES += bench/lib/libdaxbench.a
bench_lib_libdaxbench_a_SOURCES = \
	bench/lib/atomic.c bench/lib/atomic.h \
	bench/lib/cleanup.c bench/lib/cleanup.h \
	bench/lib/cpu.c bench/lib/cpu.h \
	bench/lib/exitcode.h \
	bench/lib/devdax.c bench/lib/devdax.h \
	bench/lib/env.c bench/lib/env.h \
	bench/lib/fsinfo.c bench/lib/fsinfo.h \
	bench/lib/hist.c bench/lib/hist.h \
	bench/lib/mapping.c bench/lib/mapping.h \
	bench/lib/options.c bench/lib/options.h \
	bench/lib/parse.c bench/lib/parse.h \
	bench/lib/region.h bench/lib/regions.c bench/lib/regions.h \
	bench/lib/result.c bench/lib/result.h \
	bench/lib/stability.c bench/lib/stability.h \
	bench/lib/sysfile.c bench/lib/sysfile.h \
	bench/lib/target.c bench/lib/target.h \
	bench/lib/timing.c bench/lib/timing.h

# What a benchmark links with: the library and its dependencies.
DB_LIBS = bench/lib/libdaxbench.a $(JSONC_LIBS) $(GSL_LIBS) $(PTHREAD_LIBS) -lm

# The contract every benchmark keeps: --help from the table, exit codes,
# messages named by the program (docs/exit-codes.md).
TESTS += tests/bench-contract-check.sh
dist_check_SCRIPTS += tests/bench-contract-check.sh
