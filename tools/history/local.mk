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

# Fuzz harnesses of the history's readers of others' data: replayed over
# their corpora by make check; 'make fuzz-history' searches with libFuzzer.
HISTORY_FUZZ = since url rows
check_PROGRAMS += tests/history/fuzz-since tests/history/fuzz-url tests/history/fuzz-rows
TESTS += tests/history-fuzz.sh
dist_check_SCRIPTS += tests/history-fuzz.sh
EXTRA_DIST += tests/history/corpus
tests_history_fuzz_since_SOURCES = tests/history/fuzz-since.c tests/history/fuzz-main.c \
	tools/history/since.c tools/history/since.h
tests_history_fuzz_since_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tools/history
tests_history_fuzz_url_SOURCES = tests/history/fuzz-url.c tests/history/fuzz-main.c \
	$(DB_STORE_SOURCES)
tests_history_fuzz_url_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tools/history
tests_history_fuzz_url_CFLAGS = $(DB_STORE_CFLAGS)
tests_history_fuzz_url_LDADD = $(DB_STORE_LIBS)
tests_history_fuzz_rows_SOURCES = tests/history/fuzz-rows.c tests/history/fuzz-main.c \
	tools/history/series.c tools/history/detect.c tools/history/cpd.c \
	tools/history/dashboard-page.c $(DB_STORE_SOURCES)
tests_history_fuzz_rows_CPPFLAGS = $(AM_CPPFLAGS) $(DB_ANALYSIS_CPPFLAGS) -I$(top_srcdir)/tools/history
tests_history_fuzz_rows_CFLAGS = $(DB_STORE_CFLAGS)
tests_history_fuzz_rows_LDADD = $(DB_ANALYSIS_LIBS) $(DB_STORE_LIBS)

FUZZ_CC = clang
FUZZ_TIME = 60
FUZZ_FLAGS = -g -O1 -fsanitize=fuzzer,address,undefined -include $(top_builddir)/config.h \
	-I$(top_builddir) -I$(top_srcdir)/tools/history -I$(top_srcdir)/tools/lib \
	-I$(top_srcdir)/bench/lib -DDB_PKGDATADIR='"$(pkgdatadir)"' $(DEFS) \
	$(JSONC_CFLAGS) $(GSL_CFLAGS) $(SQLITE_CFLAGS) $(PQ_CFLAGS)
FUZZ_SRC_since = tests/history/fuzz-since.c tools/history/since.c
FUZZ_STORE = tools/history/store.c tools/history/store-sqlite.c tools/history/schema.c
if HAVE_LIBPQ
FUZZ_STORE += tools/history/store-pg.c
endif
FUZZ_SRC_url = tests/history/fuzz-url.c $(FUZZ_STORE)
FUZZ_SRC_rows = tests/history/fuzz-rows.c tools/history/series.c tools/history/detect.c \
	tools/history/cpd.c tools/history/dashboard-page.c $(FUZZ_STORE)
fuzz-history: tools/lib/libanalysis.a
	@mkdir -p fuzz-history
	set -e; for h in $(HISTORY_FUZZ); do \
		case $$h in \
		since) srcs="$(FUZZ_SRC_since)" ;; \
		url) srcs="$(FUZZ_SRC_url)" ;; \
		rows) srcs="$(FUZZ_SRC_rows)" ;; \
		esac; \
		$(FUZZ_CC) $(FUZZ_FLAGS) -o fuzz-history/$$h \
			$$(for s in $$srcs; do echo $(top_srcdir)/$$s; done) tools/lib/libanalysis.a \
			$(SQLITE_LIBS) $(PQ_LIBS) $(GSL_LIBS) $(JSONC_LIBS) -lm; \
		mkdir -p fuzz-history/$$h.corpus; \
		./fuzz-history/$$h -max_total_time=$(FUZZ_TIME) fuzz-history/$$h.corpus \
			$(top_srcdir)/tests/history/corpus/$$h; \
	done
.PHONY: fuzz-history
