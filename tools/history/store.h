/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_STORE_H
#define DB_STORE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The history store's database access: one small interface, two
 * backends.  SQLite (a file, the default results/history.db) for a rig
 * on its own; PostgreSQL (a postgresql:// or postgres:// URL, libpq) for
 * a lab where several rigs import into one database at once.
 *
 * SQL is written once, in the dialect both accept: parameters are $1,
 * $2, ... (the SQLite backend rewrites them to ?1, ?2), every parameter
 * is passed as text or NULL, and the two differences in the schema (the
 * type of a generated key) come from hs_id_type().  Every function that
 * fails prints why on stderr, naming the database and the statement's
 * purpose, and returns -1.
 */
struct hs_db;

struct hs_rows {
	size_t nrows, ncols;
	char **cell;		/* nrows * ncols, NULL for SQL NULL */
};

enum hs_mode {
	HS_READ,		/* the database must exist */
	HS_WRITE,		/* created when it does not */
};

/* Open @url; NULL after saying why.  A file name is SQLite. */
struct hs_db *hs_open(const char *url, enum hs_mode mode);
void hs_close(struct hs_db *db);
/* The database as the user named it, passwords hidden, for messages. */
const char *hs_name(const struct hs_db *db);
/* @url as messages show it (malloc'd): a password as ***. */
char *hs_display_name(const char *url);
/* "sqlite" or "postgresql". */
const char *hs_kind(const struct hs_db *db);
/* The column type of a generated integer primary key. */
const char *hs_id_type(const struct hs_db *db);

/*
 * A write transaction that holds off other writers from its start
 * (SQLite: BEGIN IMMEDIATE with a busy timeout; PostgreSQL: BEGIN, rows
 * locked as they are written and ON CONFLICT for the shared ones).
 */
int hs_begin(struct hs_db *db);
int hs_commit(struct hs_db *db);
/* Undo the transaction; quiet, safe to call when none is open. */
void hs_rollback(struct hs_db *db);
/*
 * Serialise schema changes between concurrent processes inside a
 * transaction (PostgreSQL: a transaction-scoped advisory lock; SQLite's
 * BEGIN IMMEDIATE already does).
 */
int hs_lock_schema(struct hs_db *db);

/* Run @sql with @n text parameters ($1..$n), discarding rows. */
int hs_exec(struct hs_db *db, const char *sql, int n, const char *const *p);
/*
 * Run @sql and call @fn with each row as it comes (cells NULL for SQL
 * NULL, valid during the call); a non-zero return from @fn stops it
 * and is returned.  For results too big to hold: a series scan.
 */
typedef int (*hs_row_fn)(void *arg, size_t ncols, const char *const *cells);
int hs_each(struct hs_db *db, const char *sql, int n, const char *const *p,
	    hs_row_fn fn, void *arg);
/* Run @sql and return its rows in @out (free with hs_rows_free). */
int hs_query(struct hs_db *db, const char *sql, int n, const char *const *p,
	     struct hs_rows *out);
void hs_rows_free(struct hs_rows *r);
static inline const char *hs_cell(const struct hs_rows *r, size_t row,
				  size_t col)
{
	return r->cell[row * r->ncols + col];
}
/* True if the table @name exists. */
int hs_table_exists(struct hs_db *db, const char *name, bool *exists);

/* Print "PROGRAM: DB: fmt..." on stderr. */
void hs_err(const struct hs_db *db, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A parameter formatted from a number; valid until the next call. */
const char *hs_num(char buf[32], double v);
const char *hs_int(char buf[32], long long v);

#endif
