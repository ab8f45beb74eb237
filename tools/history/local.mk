# SPDX-License-Identifier: GPL-2.0-only

# ---- history: the results store, change points, the dashboard ----
pkglibexec_PROGRAMS += tools/daxbench-history tools/daxbench-dashboard

DB_STORE_SOURCES = tools/history/store.c tools/history/store.h \
	tools/history/store-impl.h tools/history/store-sqlite.c \
	tools/history/schema.c tools/history/schema.h
DB_STORE_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS) $(SQLITE_CFLAGS)
DB_STORE_LIBS = $(SQLITE_LIBS)
if HAVE_LIBPQ
DB_STORE_SOURCES += tools/history/store-pg.c
DB_STORE_CFLAGS += $(PQ_CFLAGS)
DB_STORE_LIBS += $(PQ_LIBS)
endif

tools_daxbench_history_SOURCES = tools/history/history.c tools/history/history.h \
	tools/history/import.c tools/history/import.h \
	tools/history/fingerprint.c tools/history/fingerprint.h \
	tools/history/regress.c tools/history/since.c tools/history/since.h \
	tools/history/series.c tools/history/series.h \
	tools/history/detect.c tools/history/detect.h \
	tools/history/cpd.c tools/history/cpd.h \
	tools/history/defaults.c \
	$(DB_STORE_SOURCES)
tools_daxbench_history_CPPFLAGS = $(AM_CPPFLAGS) $(DB_ANALYSIS_CPPFLAGS)
tools_daxbench_history_CFLAGS = $(DB_STORE_CFLAGS)
tools_daxbench_history_LDADD = $(DB_ANALYSIS_LIBS) $(DB_STORE_LIBS)
EXTRA_DIST += tools/history/store-pg.c

tools_daxbench_dashboard_SOURCES = tools/history/dashboard.c tools/history/dashboard.h \
	tools/history/dashboard-page.c tools/history/history.h tools/history/defaults.c \
	tools/history/series.c tools/history/series.h \
	tools/history/detect.c tools/history/detect.h \
	tools/history/cpd.c tools/history/cpd.h \
	$(DB_STORE_SOURCES)
tools_daxbench_dashboard_CPPFLAGS = $(AM_CPPFLAGS) $(DB_ANALYSIS_CPPFLAGS) \
	-DDB_DYGRAPHS_DIR='"$(DYGRAPHS_DIR)"'
tools_daxbench_dashboard_CFLAGS = $(DB_STORE_CFLAGS)
tools_daxbench_dashboard_LDADD = $(DB_ANALYSIS_LIBS) $(DB_STORE_LIBS)
nobase_dist_pkgdata_DATA += tools/history/dashboard/page.html \
	tools/history/dashboard/dashboard.js tools/history/dashboard/dashboard.css

TESTS += tests/history-store.sh tests/history-run.sh tests/history-regressions.sh \
	tests/history-dashboard.sh
dist_check_SCRIPTS += tests/history-store.sh tests/history-run.sh \
	tests/history-regressions.sh tests/history-dashboard.sh
EXTRA_DIST += tests/history/lib.sh
# The dashboard test's screenshot, kept for a look after make check.
CLEANFILES += tests/history-dashboard.png
# ---- end of history ----

check_PROGRAMS += tests/unit/test-cpd
TESTS += tests/unit/test-cpd
tests_unit_test_cpd_SOURCES = tests/unit/test-cpd.c tests/unit/tap.h \
	tools/history/cpd.c tools/history/cpd.h
tests_unit_test_cpd_CPPFLAGS = $(AM_CPPFLAGS) $(DB_ANALYSIS_CPPFLAGS) -I$(top_srcdir)/tools/history
tests_unit_test_cpd_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS)
tests_unit_test_cpd_LDADD = $(DB_ANALYSIS_LIBS)

# A synthetic history for the tests and scripts/measure-history.
noinst_PROGRAMS += tests/history/history-synth
tests_history_history_synth_SOURCES = tests/history/synth.c
tests_history_history_synth_CFLAGS = $(AM_CFLAGS) $(GSL_CFLAGS)
tests_history_history_synth_LDADD = $(GSL_LIBS) $(JSONC_LIBS) -lm

# Fuzz harnesses of the history's readers of others' data (docs/fuzzing.md:
# 'make fuzz' runs them with the others); make check replays their seeds.
check_PROGRAMS += tests/fuzz/history-since tests/fuzz/history-url tests/fuzz/history-rows
TESTS += tests/history-fuzz.sh
dist_check_SCRIPTS += tests/history-fuzz.sh
EXTRA_DIST += tests/fuzz/history-since.c tests/fuzz/history-url.c tests/fuzz/history-rows.c
tests_fuzz_history_since_SOURCES = tests/fuzz/history-since.c tests/fuzz/replay.c \
	tools/history/since.c tools/history/since.h
tests_fuzz_history_since_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tools/history
tests_fuzz_history_url_SOURCES = tests/fuzz/history-url.c tests/fuzz/replay.c \
	$(DB_STORE_SOURCES)
tests_fuzz_history_url_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tools/history
tests_fuzz_history_url_CFLAGS = $(DB_STORE_CFLAGS)
tests_fuzz_history_url_LDADD = $(DB_STORE_LIBS)
tests_fuzz_history_rows_SOURCES = tests/fuzz/history-rows.c tests/fuzz/replay.c \
	tools/history/series.c tools/history/detect.c tools/history/cpd.c \
	tools/history/dashboard-page.c $(DB_STORE_SOURCES)
tests_fuzz_history_rows_CPPFLAGS = $(AM_CPPFLAGS) $(DB_ANALYSIS_CPPFLAGS) -I$(top_srcdir)/tools/history
tests_fuzz_history_rows_CFLAGS = $(DB_STORE_CFLAGS)
tests_fuzz_history_rows_LDADD = $(DB_ANALYSIS_LIBS) $(DB_STORE_LIBS)
# ---- end of the history's fuzzing ----

# Measurements (docs/history.md), run from the source tree.
EXTRA_DIST += scripts/measure-history scripts/measure-history-kernels
