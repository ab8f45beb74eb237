// SPDX-License-Identifier: GPL-2.0-only
/*
 * The schema, version 1, and the path from one version to the next.
 *
 * A run belongs to a machine (the rig's DAX fingerprint) and a kernel;
 * it has measurements, each of one test (path, measurement id,
 * benchmark and the parameters that shape it: what makes two
 * measurements comparable across runs), and each measurement has every
 * repeat's value of every metric.  Times are ISO 8601 UTC text, which
 * sorts as time in both databases.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"

/* @ID@ is the backend's generated integer key. */
static const char *const v1[] = {
	"CREATE TABLE daxbench_schema (version INTEGER NOT NULL)",
	"CREATE TABLE machines ("
	" id @ID@,"
	" fingerprint TEXT NOT NULL UNIQUE,"
	" name TEXT NOT NULL,"
	" hostname TEXT, cpu_model TEXT, cpus INTEGER, mem_bytes BIGINT,"
	" accelerator TEXT, pmem_kind TEXT, pmem_bytes BIGINT,"
	" namespace_mode TEXT, namespace_align TEXT, dax_mounts TEXT)",
	"CREATE TABLE kernels ("
	" id @ID@,"
	" release TEXT NOT NULL, version TEXT NOT NULL, cmdline TEXT NOT NULL,"
	" source TEXT,"
	" UNIQUE (release, version, cmdline))",
	"CREATE TABLE runs ("
	" id @ID@,"
	" run_id TEXT NOT NULL UNIQUE,"
	" machine_id BIGINT NOT NULL REFERENCES machines (id),"
	" kernel_id BIGINT NOT NULL REFERENCES kernels (id),"
	" started TEXT NOT NULL, finished TEXT, status TEXT NOT NULL,"
	" profile TEXT, daxbench_version TEXT, repeats INTEGER,"
	" dir TEXT, notes TEXT, imported TEXT NOT NULL)",
	"CREATE INDEX runs_by_machine ON runs (machine_id, started)",
	"CREATE TABLE tests ("
	" id @ID@,"
	" path TEXT NOT NULL, name TEXT NOT NULL, benchmark TEXT NOT NULL,"
	" params TEXT NOT NULL,"
	" UNIQUE (path, name, benchmark, params))",
	"CREATE TABLE measurements ("
	" id @ID@,"
	" run_id BIGINT NOT NULL REFERENCES runs (id),"
	" test_id BIGINT NOT NULL REFERENCES tests (id),"
	" status TEXT NOT NULL, reason TEXT, file TEXT,"
	" UNIQUE (run_id, test_id))",
	"CREATE TABLE metric_values ("
	" measurement_id BIGINT NOT NULL REFERENCES measurements (id),"
	" metric TEXT NOT NULL, unit TEXT NOT NULL, better TEXT NOT NULL,"
	" repeat_no INTEGER NOT NULL, value DOUBLE PRECISION,"
	" PRIMARY KEY (measurement_id, metric, repeat_no))",
	NULL
};

/*
 * migrations[N] takes a database from version N to N + 1; version 0 is
 * an empty database.  A new version adds its step here and bumps
 * SC_VERSION.
 */
static const char *const *const migrations[SC_VERSION] = { v1 };

static int run_step(struct hs_db *db, const char *const *step)
{
	char *sql, *at;

	for (; *step; step++) {
		sql = strdup(*step);
		if (!sql)
			abort();
		at = strstr(sql, "@ID@");
		if (at) {
			char *full;

			*at = '\0';
			if (asprintf(&full, "%s%s%s", sql, hs_id_type(db), at + 4) < 0)
				abort();
			free(sql);
			sql = full;
		}
		if (hs_exec(db, sql, 0, NULL)) {
			free(sql);
			return -1;
		}
		free(sql);
	}
	return 0;
}

/* The version stored in @db: 0 when empty, -1 after saying why. */
static int read_version(struct hs_db *db)
{
	struct hs_rows r;
	bool has_schema, has_runs;
	char *end;
	long v;

	if (hs_table_exists(db, "daxbench_schema", &has_schema) ||
	    hs_table_exists(db, "runs", &has_runs))
		return -1;
	if (!has_schema) {
		if (!has_runs)
			return 0;
		hs_err(db, "not a daxbench history database (it has a \"runs\" table but no daxbench_schema)");
		return -1;
	}
	if (hs_query(db, "SELECT version FROM daxbench_schema", 0, NULL, &r))
		return -1;
	v = r.nrows == 1 && hs_cell(&r, 0, 0) ? strtol(hs_cell(&r, 0, 0), &end, 10) : -1;
	if (r.nrows != 1 || !hs_cell(&r, 0, 0) || *end || v < 1) {
		hs_err(db, "daxbench_schema holds %zu rows, not one version: not a daxbench history database",
		       r.nrows);
		v = -1;
	}
	hs_rows_free(&r);
	return (int)v;
}

static int check(struct hs_db *db, int v, enum hs_mode mode)
{
	if (v > SC_VERSION) {
		hs_err(db, "history schema version %d is newer than this daxbench's %d: use a newer daxbench (the database was left unchanged)",
		       v, SC_VERSION);
		return -1;
	}
	if (mode == HS_READ && v == 0) {
		hs_err(db, "not a daxbench history database (no daxbench_schema table): import runs into it with 'daxbench history import'");
		return -1;
	}
	if (mode == HS_READ && v < SC_VERSION) {
		hs_err(db, "history schema version %d is older than this daxbench's %d: 'daxbench history import' migrates it",
		       v, SC_VERSION);
		return -1;
	}
	return 0;
}

static int migrate(struct hs_db *db, int from)
{
	char buf[32];
	const char *p[] = { hs_int(buf, SC_VERSION) };
	int v;

	for (v = from; v < SC_VERSION; v++)
		if (run_step(db, migrations[v]))
			return -1;
	if (from == 0)
		return hs_exec(db, "INSERT INTO daxbench_schema (version) VALUES ($1)", 1, p);
	return hs_exec(db, "UPDATE daxbench_schema SET version = $1", 1, p);
}

int sc_prepare(struct hs_db *db, enum hs_mode mode)
{
	int v;

	if (mode == HS_READ) {
		v = read_version(db);
		return v < 0 ? -1 : check(db, v, mode);
	}
	if (hs_begin(db))
		return -1;
	if (hs_lock_schema(db))
		goto fail;
	v = read_version(db);
	if (v < 0 || check(db, v, mode))
		goto fail;
	if (v == SC_VERSION) {
		hs_rollback(db);
		return 0;
	}
	if (migrate(db, v))
		goto fail;
	return hs_commit(db);
fail:
	hs_rollback(db);
	return -1;
}
