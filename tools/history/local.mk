# SPDX-License-Identifier: GPL-2.0-only

# ---- history: the results store, change points, the dashboard ----
pkglibexec_PROGRAMS += tools/daxbench-history

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
	$(DB_STORE_SOURCES)
tools_daxbench_history_CPPFLAGS = $(AM_CPPFLAGS) $(DB_ANALYSIS_CPPFLAGS)
tools_daxbench_history_CFLAGS = $(DB_STORE_CFLAGS)
tools_daxbench_history_LDADD = $(DB_ANALYSIS_LIBS) $(DB_STORE_LIBS)
EXTRA_DIST += tools/history/store-pg.c

TESTS += tests/history-store.sh tests/history-run.sh
dist_check_SCRIPTS += tests/history-store.sh tests/history-run.sh
EXTRA_DIST += tests/history/lib.sh
# ---- end of history ----
