// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading series out of the history database.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "series.h"

/* A database's cells are not trusted: a NULL or garbage id is 0. */
static long long ll(const char *s)
{
	return s ? atoll(s) : 0;
}

static char *dup(const char *s)
{
	char *d = strdup(s ? s : "");

	if (!d)
		abort();
	return d;
}

static int by_run_id(const void *a, const void *b, void *arg)
{
	const struct se_run *runs = arg;
	long long x = runs[*(const size_t *)a].id, y = runs[*(const size_t *)b].id;

	return (x > y) - (x < y);
}

int se_meta_load(struct hs_db *db, struct se_meta *m)
{
	struct hs_rows r;
	size_t i;

	memset(m, 0, sizeof(*m));
	if (hs_query(db, "SELECT id, name, fingerprint FROM machines ORDER BY name, id",
		     0, NULL, &r))
		return -1;
	m->machines = calloc(r.nrows + 1, sizeof(*m->machines));
	if (!m->machines)
		abort();
	for (i = 0; i < r.nrows; i++) {
		m->machines[i].id = ll(hs_cell(&r, i, 0));
		m->machines[i].name = dup(hs_cell(&r, i, 1));
		m->machines[i].fingerprint = dup(hs_cell(&r, i, 2));
		m->machines[i].emulated = strstr(m->machines[i].fingerprint, ";accel=tcg;") != NULL;
	}
	m->nmachines = r.nrows;
	hs_rows_free(&r);
	if (hs_query(db, "SELECT r.id, r.machine_id, r.run_id, r.started, r.status, r.dir, "
		     "k.release, k.version, r.daxbench_version FROM runs r "
		     "JOIN kernels k ON k.id = r.kernel_id "
		     "ORDER BY r.machine_id, r.started, r.run_id", 0, NULL, &r))
		return -1;
	m->runs = calloc(r.nrows + 1, sizeof(*m->runs));
	if (!m->runs)
		abort();
	for (i = 0; i < r.nrows; i++) {
		struct se_run *x = &m->runs[i];

		x->id = ll(hs_cell(&r, i, 0));
		x->machine = ll(hs_cell(&r, i, 1));
		x->run_id = dup(hs_cell(&r, i, 2));
		x->started = dup(hs_cell(&r, i, 3));
		x->status = dup(hs_cell(&r, i, 4));
		x->dir = dup(hs_cell(&r, i, 5));
		x->kernel = dup(hs_cell(&r, i, 6));
		x->kernel_version = dup(hs_cell(&r, i, 7));
		x->tool = dup(hs_cell(&r, i, 8));
		x->index = i;
	}
	m->nruns = r.nrows;
	hs_rows_free(&r);
	m->by_id = malloc((m->nruns + 1) * sizeof(*m->by_id));
	if (!m->by_id)
		abort();
	for (i = 0; i < m->nruns; i++)
		m->by_id[i] = i;
	qsort_r(m->by_id, m->nruns, sizeof(*m->by_id), by_run_id, m->runs);
	return 0;
}

void se_meta_free(struct se_meta *m)
{
	size_t i;

	for (i = 0; i < m->nmachines; i++) {
		free(m->machines[i].name);
		free(m->machines[i].fingerprint);
	}
	for (i = 0; i < m->nruns; i++) {
		free(m->runs[i].run_id);
		free(m->runs[i].started);
		free(m->runs[i].status);
		free(m->runs[i].dir);
		free(m->runs[i].kernel);
		free(m->runs[i].kernel_version);
		free(m->runs[i].tool);
	}
	free(m->machines);
	free(m->runs);
	free(m->by_id);
	memset(m, 0, sizeof(*m));
}

const struct se_machine *se_machine_by_id(const struct se_meta *m, long long id)
{
	size_t i;

	for (i = 0; i < m->nmachines; i++)
		if (m->machines[i].id == id)
			return &m->machines[i];
	return NULL;
}

/* The run with database id @id (runs are sorted by machine, not id). */
static const struct se_run *run_by_id(const struct se_meta *m, long long id)
{
	size_t lo = 0, hi = m->nruns, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (m->runs[m->by_id[mid]].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < m->nruns && m->runs[m->by_id[lo]].id == id ? &m->runs[m->by_id[lo]] : NULL;
}

/* The series being read, and where it goes when complete. */
struct acc {
	const struct se_meta *m;
	se_fn fn;
	void *arg;
	struct se_series s;
	long long test;
	char *key[7];		/* path, name, benchmark, params, metric, unit, better */
	size_t cap_runs, cap_start, cap_v, nv;
	bool open;
};

static int emit(struct acc *a)
{
	int ret;

	if (!a->open)
		return 0;
	a->s.start[a->s.nruns] = a->nv;
	ret = a->fn(a->arg, &a->s);
	a->open = false;
	return ret;
}

static void begin(struct acc *a, long long machine, long long test,
		  const char *const *cells)
{
	size_t i;

	for (i = 0; i < 7; i++) {
		free(a->key[i]);
		a->key[i] = dup(cells[i]);
	}
	a->s.machine = machine;
	a->test = test;
	a->s.path = a->key[0];
	a->s.name = a->key[1];
	a->s.benchmark = a->key[2];
	a->s.params = a->key[3];
	a->s.metric = a->key[4];
	a->s.unit = a->key[5];
	a->s.better = a->key[6];
	a->s.nruns = 0;
	a->nv = 0;
	a->open = true;
}

static void grow(void **p, size_t *cap, size_t need, size_t size)
{
	if (need < *cap)
		return;
	*cap = need * 2 + 16;
	*p = realloc(*p, *cap * size);
	if (!*p)
		abort();
}

/* machine, test, path, name, benchmark, params, metric, unit, better, run, value */
static int row(void *arg, size_t ncols, const char *const *c)
{
	struct acc *a = arg;
	long long machine = ll(c[0]), test = ll(c[1]);
	const struct se_run *r = run_by_id(a->m, ll(c[9]));
	char *end;
	double x;
	size_t i;
	int ret;

	/* Rows a database of someone else's might hold: passed over. */
	for (i = 0; i < ncols; i++)
		if (!c[i])
			return 0;
	if (!r || ncols != 11)
		return 0;
	errno = 0;
	x = strtod(c[10], &end);
	if (end == c[10] || *end || errno || !isfinite(x))
		return 0;	/* not a number: never from our importer */
	if (!a->open || machine != a->s.machine || test != a->test ||
	    strcmp(c[6], a->s.metric)) {
		ret = emit(a);
		if (ret)
			return ret;
		begin(a, machine, test, c + 2);
	}
	if (!a->s.nruns || a->s.runs[a->s.nruns - 1] != r) {
		grow((void **)&a->s.runs, &a->cap_runs, a->s.nruns + 1, sizeof(*a->s.runs));
		grow((void **)&a->s.start, &a->cap_start, a->s.nruns + 2, sizeof(*a->s.start));
		a->s.runs[a->s.nruns] = r;
		a->s.start[a->s.nruns++] = a->nv;
	}
	grow((void **)&a->s.v, &a->cap_v, a->nv + 1, sizeof(*a->s.v));
	a->s.v[a->nv++] = x;
	return 0;
}

int se_scan(struct hs_db *db, const struct se_meta *m, long long machine,
	    se_fn fn, void *arg)
{
	struct acc a = { .m = m, .fn = fn, .arg = arg };
	char buf[32];
	const char *p[] = { hs_int(buf, machine) };
	int ret, i;

	ret = hs_each(db, machine < 0 ?
		"SELECT r.machine_id, t.id, t.path, t.name, t.benchmark, t.params, v.metric, "
		"v.unit, v.better, r.id, v.value FROM metric_values v "
		"JOIN measurements m ON m.id = v.measurement_id JOIN runs r ON r.id = m.run_id "
		"JOIN tests t ON t.id = m.test_id WHERE v.value IS NOT NULL AND m.status = 'ok' "
		"ORDER BY r.machine_id, t.id, v.metric, r.started, r.run_id, v.repeat_no" :
		"SELECT r.machine_id, t.id, t.path, t.name, t.benchmark, t.params, v.metric, "
		"v.unit, v.better, r.id, v.value FROM metric_values v "
		"JOIN measurements m ON m.id = v.measurement_id JOIN runs r ON r.id = m.run_id "
		"JOIN tests t ON t.id = m.test_id WHERE v.value IS NOT NULL AND m.status = 'ok' "
		"AND r.machine_id = $1 "
		"ORDER BY r.machine_id, t.id, v.metric, r.started, r.run_id, v.repeat_no",
		machine < 0 ? 0 : 1, p, row, &a);
	if (!ret)
		ret = emit(&a);
	for (i = 0; i < 7; i++)
		free(a.key[i]);
	free(a.s.runs);
	free(a.s.start);
	free(a.s.v);
	return ret;
}

/*
 * Not every count is exact: fio's context switches, the passes a timed
 * loop made, bytes moved in a fixed time all move with the load.  These
 * are: instruction counts (the TCG plugin or the PMU), and page-fault
 * counts, which the kernel's behaviour fixes (docs/faults.md).
 */
bool se_deterministic(const char *metric, const char *unit)
{
	static const char *const exact_names[] = {
		"insns_", "faults", "rusage_faults", "trace_", NULL
	};
	static const char *const exact_units[] = {
		"faults/page", "faults/2MiB", "flag", NULL
	};
	const char *const *x;

	for (x = exact_names; *x; x++)
		if (!strncmp(metric, *x, strlen(*x)))
			return true;
	for (x = exact_units; *x; x++)
		if (!strcmp(unit, *x))
			return true;
	return false;
}
