/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_STORE_IMPL_H
#define DB_STORE_IMPL_H

#include "store.h"

/*
 * What a backend provides to store.c.  Each opens its own kind of
 * database and keeps its handle in @impl; store.c does the naming,
 * the messages and the rows.
 */
struct hs_ops {
	const char *kind;
	const char *id_type;
	void *(*open)(struct hs_db *db, const char *url, enum hs_mode mode);
	void (*close)(void *impl);
	int (*begin)(struct hs_db *db);
	int (*lock_schema)(struct hs_db *db);
	int (*each)(struct hs_db *db, const char *sql, int n,
		    const char *const *p, hs_row_fn fn, void *arg);
	int (*table_exists)(struct hs_db *db, const char *name, bool *exists);
};

struct hs_db {
	const struct hs_ops *ops;
	void *impl;
	char *name;		/* for messages */
	bool in_tx;
};

extern const struct hs_ops hs_sqlite_ops;
extern const struct hs_ops hs_pg_ops;	/* only with libpq */


#endif
