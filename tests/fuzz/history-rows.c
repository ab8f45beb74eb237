// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz reading a history database of someone else's: the readers of
 * 'history regressions' and 'dashboard' (tools/history/series.c, the
 * detector, the page's JSON escaping) on tables without any constraint,
 * filled from the input.  Each line is TABLE|field|field...; fields go
 * in as text whatever the column, so ids that are words, values that are
 * not numbers, NULLs ("\N") and duplicates all reach the readers.  They
 * must neither crash nor let a '<' through into the page.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "dashboard.h"
#include "detect.h"
#include "schema.h"
#include "series.h"
#include "store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct {
	const char *name;
	int ncols;
	const char *create;
} tables[] = {
	{ "machines", 3, "CREATE TABLE machines (id, fingerprint, name)" },
	{ "kernels", 3, "CREATE TABLE kernels (id, release, version)" },
	{ "runs", 8, "CREATE TABLE runs (id, run_id, machine_id, kernel_id, started, status, dir, daxbench_version)" },
	{ "tests", 6, "CREATE TABLE tests (id, path, name, benchmark, params, x)" },
	{ "measurements", 4, "CREATE TABLE measurements (id, run_id, test_id, status)" },
	{ "metric_values", 6, "CREATE TABLE metric_values (measurement_id, metric, unit, better, repeat_no, value)" },
};

static int escape_check(void *arg, const struct se_series *s)
{
	struct de_opts *o = arg;
	struct de_finding *f;
	json_object *j = json_object_new_object();
	char *e;

	if (de_series(s, o, &f) < 0)
		abort();
	free(f);
	json_object_object_add(j, "path", json_object_new_string(s->path));
	json_object_object_add(j, "metric", json_object_new_string(s->metric));
	json_object_object_add(j, "params", json_object_new_string(s->params));
	e = dp_escape_json(json_object_to_json_string(j));
	if (strchr(e, '<') || strchr(e, '>') || strchr(e, '&'))
		abort();
	free(e);
	json_object_put(j);
	return 0;
}

static void insert(struct hs_db *db, char *line)
{
	const char *p[8];
	char sql[256], *f, *save = NULL;
	int t, n = 0, i;

	f = strtok_r(line, "|", &save);
	for (t = 0; f && t < 6; t++)
		if (!strcmp(f, tables[t].name))
			break;
	if (!f || t == 6)
		return;
	while (n < tables[t].ncols && (f = strtok_r(NULL, "|", &save)))
		p[n++] = strcmp(f, "\\N") ? f : NULL;
	for (; n < tables[t].ncols; n++)
		p[n] = NULL;
	i = snprintf(sql, sizeof(sql), "INSERT INTO %s VALUES (", tables[t].name);
	for (n = 0; n < tables[t].ncols; n++)
		i += snprintf(sql + i, sizeof(sql) - (size_t)i, "%s$%d", n ? ", " : "", n + 1);
	snprintf(sql + i, sizeof(sql) - (size_t)i, ")");
	hs_exec(db, sql, tables[t].ncols, p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hs_db *db;
	struct se_meta m;
	struct de_opts o;
	char *text = malloc(size + 1), *line, *save = NULL;
	int t;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	db = hs_open(":memory:", HS_WRITE);
	if (!db)
		abort();
	hs_exec(db, "CREATE TABLE daxbench_schema (version)", 0, NULL);
	hs_exec(db, "INSERT INTO daxbench_schema VALUES (1)", 0, NULL);
	for (t = 0; t < 6; t++)
		hs_exec(db, tables[t].create, 0, NULL);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		insert(db, line);
	de_defaults(&o);
	if (!sc_prepare(db, HS_READ) && !se_meta_load(db, &m)) {
		se_scan(db, &m, -1, escape_check, &o);
		se_meta_free(&m);
	}
	hs_close(db);
	free(text);
	return 0;
}
