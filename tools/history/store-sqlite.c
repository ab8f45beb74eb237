// SPDX-License-Identifier: GPL-2.0-only
/*
 * The SQLite backend: one file, written by one transaction at a time.
 * Writers take the lock when they begin (BEGIN IMMEDIATE) so that two
 * importers queue instead of failing half way, and wait for each other
 * through the busy timeout.  WAL mode lets the dashboard read while an
 * import runs.  Prepared statements are kept: an import runs the same
 * few statements hundreds of thousands of times.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sqlite3.h>

#include "store-impl.h"

/*
 * How long a writer waits for another one.  Long, on purpose: on a
 * loaded rig another importer may hold the file for minutes, and a
 * nightly job must queue, not fail.
 */
#define BUSY_TIMEOUT_MS	(30 * 60 * 1000)
#define NCACHE		16

struct sq_stmt {
	char *sql;		/* as given, the cache key */
	sqlite3_stmt *st;
	unsigned long used;
};

struct sq {
	sqlite3 *h;
	struct sq_stmt cache[NCACHE];
	unsigned long tick;
};

/* "$12" -> "?12", outside quoted literals. */
static char *rewrite(const char *sql)
{
	char *out = malloc(strlen(sql) + 1), *o = out;
	char quote = 0;

	if (!out)
		abort();
	for (; *sql; sql++) {
		if (quote) {
			if (*sql == quote)
				quote = 0;
		} else if (*sql == '\'' || *sql == '"') {
			quote = *sql;
		} else if (*sql == '$' && sql[1] >= '0' && sql[1] <= '9') {
			*o++ = '?';
			continue;
		}
		*o++ = *sql;
	}
	*o = '\0';
	return out;
}

static void sq_close(void *impl)
{
	struct sq *s = impl;
	int i;

	if (!s)
		return;
	for (i = 0; i < NCACHE; i++) {
		sqlite3_finalize(s->cache[i].st);
		free(s->cache[i].sql);
	}
	sqlite3_close(s->h);
	free(s);
}

static int pragma(struct hs_db *db, sqlite3 *h, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(h, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	hs_err(db, "%s (%s)", msg ? msg : sqlite3_errmsg(h), sql);
	sqlite3_free(msg);
	return -1;
}

static void *sq_open(struct hs_db *db, const char *file, enum hs_mode mode)
{
	struct sq *s = calloc(1, sizeof(*s));
	struct stat st;
	int flags;

	if (!s)
		abort();
	if (mode == HS_READ && stat(file, &st)) {
		hs_err(db, "cannot open the history database: %s%s", strerror(errno),
		       errno == ENOENT ? " (import runs first: daxbench history import)" : "");
		free(s);
		return NULL;
	}
	flags = mode == HS_READ ? SQLITE_OPEN_READONLY :
		SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	if (sqlite3_open_v2(file, &s->h, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		hs_err(db, "cannot open the history database: %s",
		       s->h ? sqlite3_errmsg(s->h) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(s->h, 1);
	sqlite3_busy_timeout(s->h, BUSY_TIMEOUT_MS);
	/* Reading the schema here also tells a file that is not SQLite. */
	if (pragma(db, s->h, "PRAGMA foreign_keys = ON") ||
	    pragma(db, s->h, "SELECT count(*) FROM sqlite_master"))
		goto fail;
	if (mode == HS_WRITE && pragma(db, s->h, "PRAGMA journal_mode = WAL"))
		goto fail;
	return s;
fail:
	sq_close(s);
	return NULL;
}

static sqlite3_stmt *prepare(struct hs_db *db, struct sq *s, const char *sql)
{
	struct sq_stmt *c, *victim = &s->cache[0];
	char *q;
	int i;

	for (i = 0; i < NCACHE; i++) {
		c = &s->cache[i];
		if (c->sql && !strcmp(c->sql, sql)) {
			c->used = ++s->tick;
			return c->st;
		}
		if (c->used < victim->used)
			victim = c;
	}
	sqlite3_finalize(victim->st);
	free(victim->sql);
	memset(victim, 0, sizeof(*victim));
	q = rewrite(sql);
	if (sqlite3_prepare_v2(s->h, q, -1, &victim->st, NULL) != SQLITE_OK) {
		hs_err(db, "%s in: %.60s", sqlite3_errmsg(s->h), sql);
		free(q);
		return NULL;
	}
	free(q);
	victim->sql = strdup(sql);
	if (!victim->sql)
		abort();
	victim->used = ++s->tick;
	return victim->st;
}

static int sq_each(struct hs_db *db, const char *sql, int n,
		   const char *const *p, hs_row_fn fn, void *arg)
{
	struct sq *s = db->impl;
	sqlite3_stmt *st = prepare(db, s, sql);
	const char **cells = NULL;
	int i, rc, ncols, stop = 0;

	if (!st)
		return -1;
	for (i = 0; i < n; i++) {
		rc = p[i] ? sqlite3_bind_text(st, i + 1, p[i], -1, SQLITE_STATIC) :
			    sqlite3_bind_null(st, i + 1);
		if (rc != SQLITE_OK) {
			hs_err(db, "%s binding $%d in: %.60s", sqlite3_errmsg(s->h), i + 1, sql);
			goto fail;
		}
	}
	ncols = sqlite3_column_count(st);
	cells = calloc((size_t)ncols + 1, sizeof(*cells));
	if (!cells)
		abort();
	while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < ncols; i++)
			cells[i] = (const char *)sqlite3_column_text(st, i);
		stop = fn ? fn(arg, (size_t)ncols, cells) : 0;
	}
	if (stop) {
		rc = stop;
		goto out;
	}
	if (rc != SQLITE_DONE) {
		if ((rc & 0xff) == SQLITE_BUSY)
			hs_err(db, "still locked by another process after %d s: %s",
			       BUSY_TIMEOUT_MS / 1000, sqlite3_errmsg(s->h));
		else
			hs_err(db, "%s in: %.60s", sqlite3_errmsg(s->h), sql);
		goto fail;
	}
	rc = 0;
	goto out;
fail:
	rc = -1;
out:
	free(cells);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

static int sq_begin(struct hs_db *db)
{
	return sq_each(db, "BEGIN IMMEDIATE", 0, NULL, NULL, NULL);
}

static int sq_lock_schema(struct hs_db *db)
{
	return 0;
}

static int sq_table_exists(struct hs_db *db, const char *name, bool *exists)
{
	const char *p[] = { name };
	struct hs_rows r = { 0 };

	if (hs_query(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = $1",
		     1, p, &r))
		return -1;
	*exists = r.nrows > 0;
	hs_rows_free(&r);
	return 0;
}

const struct hs_ops hs_sqlite_ops = {
	.kind = "sqlite",
	.id_type = "INTEGER PRIMARY KEY",
	.open = sq_open,
	.close = sq_close,
	.begin = sq_begin,
	.lock_schema = sq_lock_schema,
	.each = sq_each,
	.table_exists = sq_table_exists,
};
