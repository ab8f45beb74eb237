# SPDX-License-Identifier: GPL-2.0-only
#
# Unit tests of the shared library, in TAP.

check_PROGRAMS += tests/unit/test-hist tests/unit/test-parse tests/unit/test-result \
	tests/unit/test-stability tests/unit/test-stats
TESTS += tests/unit/test-hist tests/unit/test-parse tests/unit/test-result \
	tests/unit/test-stability tests/unit/test-stats

tests_unit_test_hist_SOURCES = tests/unit/test-hist.c tests/unit/tap.h
tests_unit_test_hist_LDADD = $(DB_LIBS)
tests_unit_test_parse_SOURCES = tests/unit/test-parse.c tests/unit/tap.h
tests_unit_test_parse_LDADD = $(DB_LIBS)
tests_unit_test_result_SOURCES = tests/unit/test-result.c tests/unit/tap.h
tests_unit_test_result_LDADD = $(DB_LIBS)
check_PROGRAMS += tests/unit/test-insns-join
TESTS += tests/unit/test-insns-join
tests_unit_test_insns_join_SOURCES = tests/unit/test-insns-join.c tests/unit/tap.h \
	tools/insns/insns-join-file.c tools/insns/insns-counts.c tools/insns/kallsyms.c
tests_unit_test_insns_join_LDADD = $(DB_LIBS)
tests_unit_test_stability_SOURCES = tests/unit/test-stability.c tests/unit/tap.h
tests_unit_test_stability_LDADD = $(DB_LIBS)
tests_unit_test_stats_SOURCES = tests/unit/test-stats.c tests/unit/tap.h
tests_unit_test_stats_CPPFLAGS = $(AM_CPPFLAGS) $(DB_ANALYSIS_CPPFLAGS)
tests_unit_test_stats_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS)
tests_unit_test_stats_LDADD = $(DB_ANALYSIS_LIBS)

# The daxbench front door.
TESTS += tests/frontdoor-check.sh
EXTRA_DIST += tests/frontdoor-check.sh
check_SCRIPTS += scripts/daxbench

# TAP helpers sourced by the shell tests (and packed into the guest).
EXTRA_DIST += tests/tap.sh

# Instruction counts in the guest (tests/insns-check.sh): a region whose
# user count is known.  Static, without the sanitizers: it runs in the
# guest, copied there by the test.
TESTS += tests/insns-check.sh
dist_check_SCRIPTS += tests/insns-check.sh
check_PROGRAMS += tests/insns/insns-calib
tests_insns_insns_calib_SOURCES = tests/insns/calib.c
tests_insns_insns_calib_CFLAGS = -std=gnu11 $(WARN_CFLAGS) -O2
tests_insns_insns_calib_LDFLAGS = -static
