# SPDX-License-Identifier: GPL-2.0-only
#
# Unit tests of the shared library, in TAP.

check_PROGRAMS += tests/unit/test-hist tests/unit/test-parse tests/unit/test-result \
	tests/unit/test-stability tests/unit/test-stats tests/unit/test-options
TESTS += tests/unit/test-hist tests/unit/test-parse tests/unit/test-result \
	tests/unit/test-stability tests/unit/test-stats tests/unit/test-options

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
tests_unit_test_options_SOURCES = tests/unit/test-options.c tests/unit/tap.h
tests_unit_test_options_LDADD = $(DB_LIBS)

# The daxbench front door.
TESTS += tests/frontdoor-check.sh tests/profile-inject-check.sh \
	tests/run-early-int-check.sh
EXTRA_DIST += tests/frontdoor-check.sh tests/profile-inject-check.sh \
	tests/run-early-int-check.sh
check_SCRIPTS += scripts/daxbench

# The shell test library, sourced by the host's tests and by the guest
# scripts: TAP (tap.sh), JSON through the C reader jget (json.sh), the
# guest's paths manifest (paths.sh).  Installed with the guest scripts
# and jget under $(pkglibexecdir)/tests/, the layout they have in the
# source tree (tests/guest/X.sh sources ../tap.sh), so that the guest
# image, which is a "make install", carries them.
daxtestsdir = $(pkglibexecdir)/tests
# jget is also what scripts/measure-* read results with.
daxtests_PROGRAMS = tests/run/jget
tests_run_jget_SOURCES = tests/run/jget.c
tests_run_jget_LDADD = $(JSONC_LIBS)
dist_daxtests_DATA = tests/tap.sh tests/json.sh tests/paths.sh
TESTS += tests/jget-check.sh
dist_check_SCRIPTS += tests/jget-check.sh
daxguesttestsdir = $(pkglibexecdir)/tests/guest
dist_daxguesttests_SCRIPTS = tests/guest/faults.sh tests/guest/lat.sh \
	tests/guest/mmap.sh tests/guest/selftests.sh

# Fuzzing (docs/fuzzing.md): `make fuzz` builds the libFuzzer harnesses
# of tests/fuzz/harnesses with clang and runs each FUZZ_SECONDS.
FUZZ_SECONDS = 60
EXTRA_DIST += scripts/fuzz tests/fuzz/harnesses tests/fuzz/json.dict \
	tests/fuzz/fuzz.c tests/fuzz/fuzz.h tests/fuzz/corpus \
	tests/fuzz/result.c tests/fuzz/run.c tests/fuzz/summary.c \
	tests/fuzz/compare.c tests/fuzz/report.c tests/fuzz/flatten.c \
	tests/fuzz/fio2json.c tests/fuzz/runjson.c tests/fuzz/parse.c \
	tests/fuzz/insns-join.c tests/fuzz/jget.c
# make check replays every harness's seeds through it (tests/fuzz/replay.c
# instead of libFuzzer): a seed that crashes fails here, and in the
# sanitizer build of CI.
FUZZ_REPLAY = tests/fuzz/replay-result tests/fuzz/replay-run \
	tests/fuzz/replay-summary tests/fuzz/replay-compare \
	tests/fuzz/replay-report tests/fuzz/replay-flatten \
	tests/fuzz/replay-fio2json tests/fuzz/replay-runjson tests/fuzz/replay-parse \
	tests/fuzz/replay-jget tests/fuzz/replay-insns-join
check_PROGRAMS += $(FUZZ_REPLAY)
TESTS += tests/fuzz-replay-check.sh
dist_check_SCRIPTS += tests/fuzz-replay-check.sh
FUZZ_REPLAY_CPPFLAGS = $(AM_CPPFLAGS) $(DB_ANALYSIS_CPPFLAGS) \
	-I$(top_srcdir)/tools -I$(top_srcdir)/tests/fuzz -Dmain=tool_main \
	-include $(top_srcdir)/tests/fuzz/fuzz.h
FUZZ_REPLAY_COMMON = tests/fuzz/fuzz.c tests/fuzz/fuzz.h tests/fuzz/replay.c
FUZZ_REPLAY_LIBS = $(DB_ANALYSIS_LIBS) $(DB_LIBS)
tests_fuzz_replay_result_SOURCES = tests/fuzz/result.c $(FUZZ_REPLAY_COMMON)
tests_fuzz_replay_result_CPPFLAGS = $(FUZZ_REPLAY_CPPFLAGS)
tests_fuzz_replay_result_LDADD = $(FUZZ_REPLAY_LIBS)
tests_fuzz_replay_run_SOURCES = tests/fuzz/run.c $(FUZZ_REPLAY_COMMON)
tests_fuzz_replay_run_CPPFLAGS = $(FUZZ_REPLAY_CPPFLAGS)
tests_fuzz_replay_run_LDADD = $(FUZZ_REPLAY_LIBS)
tests_fuzz_replay_summary_SOURCES = tests/fuzz/summary.c tools/summary.c \
	$(FUZZ_REPLAY_COMMON)
tests_fuzz_replay_summary_CPPFLAGS = $(FUZZ_REPLAY_CPPFLAGS)
tests_fuzz_replay_summary_LDADD = $(FUZZ_REPLAY_LIBS)
tests_fuzz_replay_compare_SOURCES = tests/fuzz/compare.c tools/compare.c \
	$(FUZZ_REPLAY_COMMON)
tests_fuzz_replay_compare_CPPFLAGS = $(FUZZ_REPLAY_CPPFLAGS)
tests_fuzz_replay_compare_LDADD = tools/libcompare.a $(FUZZ_REPLAY_LIBS)
tests_fuzz_replay_report_SOURCES = tests/fuzz/report.c tools/report.c \
	$(FUZZ_REPLAY_COMMON)
tests_fuzz_replay_report_CPPFLAGS = $(FUZZ_REPLAY_CPPFLAGS)
tests_fuzz_replay_report_LDADD = tools/libcompare.a $(FUZZ_REPLAY_LIBS)
tests_fuzz_replay_flatten_SOURCES = tests/fuzz/flatten.c tools/flatten.c \
	tools/flatten-kinds.c tools/flatten-set.c $(FUZZ_REPLAY_COMMON)
tests_fuzz_replay_flatten_CPPFLAGS = $(FUZZ_REPLAY_CPPFLAGS)
tests_fuzz_replay_flatten_LDADD = $(FUZZ_REPLAY_LIBS)
tests_fuzz_replay_fio2json_SOURCES = tests/fuzz/fio2json.c tools/fio2json.c \
	$(FUZZ_REPLAY_COMMON)
tests_fuzz_replay_fio2json_CPPFLAGS = $(FUZZ_REPLAY_CPPFLAGS)
tests_fuzz_replay_fio2json_LDADD = $(FUZZ_REPLAY_LIBS)
tests_fuzz_replay_runjson_SOURCES = tests/fuzz/runjson.c tools/runjson.c \
	tools/runnoise.c tools/probe.c $(FUZZ_REPLAY_COMMON)
tests_fuzz_replay_runjson_CPPFLAGS = $(FUZZ_REPLAY_CPPFLAGS)
tests_fuzz_replay_runjson_LDADD = $(FUZZ_REPLAY_LIBS)
tests_fuzz_replay_parse_SOURCES = tests/fuzz/parse.c $(FUZZ_REPLAY_COMMON)
tests_fuzz_replay_parse_CPPFLAGS = $(FUZZ_REPLAY_CPPFLAGS)
tests_fuzz_replay_parse_LDADD = $(FUZZ_REPLAY_LIBS)
tests_fuzz_replay_jget_SOURCES = tests/fuzz/jget.c tests/run/jget.c \
	$(FUZZ_REPLAY_COMMON)
tests_fuzz_replay_jget_CPPFLAGS = $(FUZZ_REPLAY_CPPFLAGS)
tests_fuzz_replay_jget_LDADD = $(FUZZ_REPLAY_LIBS)
tests_fuzz_replay_insns_join_SOURCES = tests/fuzz/insns-join.c \
	tools/insns/insns-join.c tools/insns/insns-join-file.c \
	tools/insns/insns-counts.c tools/insns/kallsyms.c $(FUZZ_REPLAY_COMMON)
tests_fuzz_replay_insns_join_CPPFLAGS = $(FUZZ_REPLAY_CPPFLAGS)
tests_fuzz_replay_insns_join_LDADD = $(FUZZ_REPLAY_LIBS)

fuzz: all
	srcdir='$(abs_top_srcdir)' $(SHELL) $(top_srcdir)/scripts/fuzz \
		--seconds $(FUZZ_SECONDS) $(FUZZ_HARNESSES)
.PHONY: fuzz
clean-local: clean-fuzz
clean-fuzz:
	rm -rf tests/fuzz/bin
.PHONY: clean-fuzz

# Instruction counts in the guest (tests/insns-check.sh): a region whose
# user count is known.  Static, without the sanitizers: it runs in the
# guest, copied there by the test.
TESTS += tests/insns-check.sh tests/insns-host-check.sh
dist_check_SCRIPTS += tests/insns-check.sh tests/insns-host-check.sh
check_PROGRAMS += tests/insns/insns-calib
tests_insns_insns_calib_SOURCES = tests/insns/calib.c
tests_insns_insns_calib_CFLAGS = -std=gnu11 $(WARN_CFLAGS) -O2
tests_insns_insns_calib_LDFLAGS = -static
