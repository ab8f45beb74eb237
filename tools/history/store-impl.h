/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_STORE_IMPL_H
#define DB_STORE_IMPL_H

#include "store.h"

/*
 * What a backend provides to store.c.  Each opens its own kind of
 * database and keeps its handle in @impl; store.c does the naming,
 * the messages and the rows.
 */
struct st_ops {
	const char *kind;
	const char *id_type;
	void *(*open)(struct st_db *db, const char *url, enum st_mode mode);
	void (*close)(void *impl);
	int (*begin)(struct st_db *db);
	int (*lock_schema)(struct st_db *db);
	int (*each)(struct st_db *db, const char *sql, int n,
		    const char *const *p, st_row_fn fn, void *arg);
	int (*table_exists)(struct st_db *db, const char *name, bool *exists);
};

struct st_db {
	const struct st_ops *ops;
	void *impl;
	char *name;		/* for messages */
	bool in_tx;
};

extern const struct st_ops st_sqlite_ops;
extern const struct st_ops st_pg_ops;	/* only with libpq */


#endif
