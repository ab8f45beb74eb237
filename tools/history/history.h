/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_HISTORY_H
#define DB_HISTORY_H

/*
 * daxbench history: the nightly side.  history.c parses the command
 * line and hands each subcommand its arguments.
 *
 *   store*.c, schema.c     the database (SQLite or PostgreSQL)
 *   import.c, fingerprint.c    runs into it
 *   series.c, cpd.c, regress.c   change points, the regression report
 */
#define HI_DEFAULT_DB	"results/history.db"

/* The database named by --db, else $DAXBENCH_RESULTS/history.db, else ours. */
const char *hi_default_db(void);

int hi_import(int argc, char **argv);
int hi_regressions(int argc, char **argv);

#endif
