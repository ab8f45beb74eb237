// SPDX-License-Identifier: GPL-2.0-only
/*
 * The store's front: which backend a database name means, messages
 * that name the database, and the rows every query returns.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store-impl.h"

static bool is_pg_url(const char *url)
{
	return !strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11);
}

/*
 * "postgresql://user:secret@host/db?password=x" ->
 * "postgresql://user:***@host/db?password=***": messages and the
 * dashboard never show a password.  The user information is only in the
 * authority (before the first / or ?); "password" may also be a query
 * parameter.
 */
char *hs_display_name(const char *url)
{
	const char *auth, *end, *at = NULL, *colon = NULL, *p, *query;
	char *out, *o;
	size_t n = strlen(url);

	/* "***" for a shorter password grows the text by 3 at most per 10. */
	out = malloc(2 * n + 16);
	if (!out)
		abort();
	if (!is_pg_url(url)) {
		memcpy(out, url, n + 1);
		return out;
	}
	auth = strstr(url, "://") + 3;
	end = auth + strcspn(auth, "/?");
	for (p = auth; p < end; p++)
		if (*p == '@')
			at = p;
	for (p = auth; at && p < at && !colon; p++)
		if (*p == ':')
			colon = p;
	o = out;
	if (colon) {
		memcpy(o, url, (size_t)(colon + 1 - url));
		o += colon + 1 - url;
		o = stpcpy(o, "***");
		p = at;
	} else {
		p = url;
	}
	/* The query: each password=VALUE (up to &) becomes password=***. */
	query = strchr(end, '?');
	while (*p) {
		if (query && p > query && (p[-1] == '?' || p[-1] == '&') &&
		    !strncmp(p, "password=", 9)) {
			o = stpcpy(o, "password=***");
			p += 9 + strcspn(p + 9, "&");
			continue;
		}
		*o++ = *p++;
	}
	*o = '\0';
	return out;
}

void hs_err(const struct hs_db *db, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: %s: ", program_invocation_short_name, db->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

struct hs_db *hs_open(const char *url, enum hs_mode mode)
{
	struct hs_db *db = calloc(1, sizeof(*db));

	if (!db)
		abort();
	db->name = hs_display_name(url);
	if (!db->name)
		abort();
	if (!*url) {
		fprintf(stderr, "%s: --db: an empty database name\n",
			program_invocation_short_name);
		goto fail;
	}
	if (is_pg_url(url)) {
#ifdef HAVE_LIBPQ
		db->ops = &hs_pg_ops;
#else
		hs_err(db, "this daxbench was built without PostgreSQL support (libpq-dev; run scripts/setup and rebuild)");
		goto fail;
#endif
	} else if (strstr(url, "://")) {
		hs_err(db, "not a database: expected a file name (SQLite) or a postgresql:// URL");
		goto fail;
	} else {
		db->ops = &hs_sqlite_ops;
	}
	db->impl = db->ops->open(db, url, mode);
	if (db->impl)
		return db;
fail:
	free(db->name);
	free(db);
	return NULL;
}

void hs_close(struct hs_db *db)
{
	if (!db)
		return;
	if (db->in_tx)
		hs_rollback(db);
	db->ops->close(db->impl);
	free(db->name);
	free(db);
}

const char *hs_name(const struct hs_db *db)
{
	return db->name;
}

const char *hs_kind(const struct hs_db *db)
{
	return db->ops->kind;
}

const char *hs_id_type(const struct hs_db *db)
{
	return db->ops->id_type;
}

int hs_begin(struct hs_db *db)
{
	if (db->ops->begin(db))
		return -1;
	db->in_tx = true;
	return 0;
}

int hs_commit(struct hs_db *db)
{
	int ret = hs_exec(db, "COMMIT", 0, NULL);

	if (ret)
		hs_rollback(db);
	db->in_tx = false;
	return ret;
}

void hs_rollback(struct hs_db *db)
{
	if (!db->in_tx)
		return;
	db->in_tx = false;
	db->ops->each(db, "ROLLBACK", 0, NULL, NULL, NULL);
}

int hs_lock_schema(struct hs_db *db)
{
	return db->ops->lock_schema(db);
}

int hs_exec(struct hs_db *db, const char *sql, int n, const char *const *p)
{
	return db->ops->each(db, sql, n, p, NULL, NULL);
}

int hs_each(struct hs_db *db, const char *sql, int n, const char *const *p,
	    hs_row_fn fn, void *arg)
{
	return db->ops->each(db, sql, n, p, fn, arg);
}

static int collect(void *arg, size_t ncols, const char *const *cells)
{
	struct hs_rows *r = arg;
	size_t i, base = r->nrows * ncols;

	r->ncols = ncols;
	r->cell = realloc(r->cell, (base + ncols + 1) * sizeof(*r->cell));
	if (!r->cell)
		abort();
	for (i = 0; i < ncols; i++) {
		r->cell[base + i] = cells[i] ? strdup(cells[i]) : NULL;
		if (cells[i] && !r->cell[base + i])
			abort();
	}
	r->nrows++;
	return 0;
}

int hs_query(struct hs_db *db, const char *sql, int n, const char *const *p,
	     struct hs_rows *out)
{
	memset(out, 0, sizeof(*out));
	if (!db->ops->each(db, sql, n, p, collect, out))
		return 0;
	hs_rows_free(out);
	return -1;
}

int hs_table_exists(struct hs_db *db, const char *name, bool *exists)
{
	return db->ops->table_exists(db, name, exists);
}

void hs_rows_free(struct hs_rows *r)
{
	size_t i;

	for (i = 0; i < r->nrows * r->ncols; i++)
		free(r->cell[i]);
	free(r->cell);
	memset(r, 0, sizeof(*r));
}

const char *hs_num(char buf[32], double v)
{
	snprintf(buf, 32, "%.17g", v);
	return buf;
}

const char *hs_int(char buf[32], long long v)
{
	snprintf(buf, 32, "%lld", v);
	return buf;
}
