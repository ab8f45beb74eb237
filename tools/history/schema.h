/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_SCHEMA_H
#define DB_SCHEMA_H

#include "store.h"

/*
 * The history database's schema (docs/history.md has the tables).  Its
 * version is the one row of daxbench_schema; a database of a newer
 * version, or one that is not a daxbench history at all, is refused
 * before anything is read or written.
 */
#define SC_VERSION	1

/*
 * Make @db ready: with HS_WRITE create the tables of a new database or
 * migrate an older one, in one transaction; with HS_READ only check.
 * Returns 0, or -1 after saying why (the database unchanged).
 */
int sc_prepare(struct hs_db *db, enum hs_mode mode);

#endif
