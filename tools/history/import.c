// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench history import: run directories, read by the analysis
 * tools' loader (which checks every file against its schema), written
 * into the store one transaction per run.  A run id is imported once;
 * a bad file or a failure half way leaves the database as it was.
 *
 * Rows that runs share (machines, kernels, tests) are found or created
 * with SELECT, INSERT ... ON CONFLICT DO NOTHING, SELECT: two importers
 * that meet on one wait for each other's commit, never fail, and hold
 * no lock on it past the statement.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fingerprint.h"
#include "import.h"
#include "runload.h"

/* Values go in batches: one statement per row is slow on a server. */
#define BATCH		64
#define VCOLS		6

/* Parameters that say where a measurement ran, not what it measured. */
static const char *const location_keys[] = {
	"dir", "file", "output", "command", "directory", "filename",
	"job_file", "repeats", NULL
};

struct batch {
	struct hs_db *db;
	char *cell[BATCH * VCOLS];
	size_t n;
	unsigned long long total;	/* rows written by this process */
};

static bool is_location(const char *key)
{
	const char *const *k;

	for (k = location_keys; *k; k++)
		if (!strcmp(*k, key))
			return true;
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * The parameters that shape a measurement as canonical JSON (keys
 * sorted, locations dropped): equal text means comparable results.
 */
static char *canonical_params(struct json_object *params)
{
	struct json_object *o = json_object_new_object();
	const char **keys;
	size_t n = 0, i;
	char *s;

	keys = calloc(json_object_object_length(params) + 1, sizeof(*keys));
	if (!keys || !o)
		abort();
	json_object_object_foreach(params, k, v) {
		(void)v;
		if (!is_location(k))
			keys[n++] = k;
	}
	qsort(keys, n, sizeof(*keys), cmp_str);
	for (i = 0; i < n; i++)
		json_object_object_add(o, keys[i],
				       json_object_get(json_object_object_get(params, keys[i])));
	s = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
						  JSON_C_TO_STRING_NOSLASHESCAPE));
	if (!s)
		abort();
	json_object_put(o);
	free(keys);
	return s;
}

/* "2026-11-24T02:15:00Z", as daxbench writes every time. */
static bool is_utc_time(const char *s)
{
	static const char pat[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t i;

	if (!s || strlen(s) != sizeof(pat) - 1)
		return false;
	for (i = 0; pat[i]; i++)
		if (pat[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != pat[i])
			return false;
	return true;
}

/*
 * A test hook (tests/history-store.sh): DAXBENCH_HISTORY_FAILPOINT=
 * "fail:N" fails the import after N values, "stall:N:FILE" creates FILE
 * and waits to be killed there, to show that neither leaves a trace.
 */
static int failpoint(unsigned long long rows)
{
	const char *fp = getenv("DAXBENCH_HISTORY_FAILPOINT");
	unsigned long long n;
	char file[PATH_MAX];
	FILE *f;

	if (!fp)
		return 0;
	if (sscanf(fp, "fail:%llu", &n) == 1 && rows >= n) {
		fprintf(stderr, "%s: DAXBENCH_HISTORY_FAILPOINT: failing after %llu values\n",
			program_invocation_short_name, rows);
		return -1;
	}
	if (sscanf(fp, "stall:%llu:%4095s", &n, file) == 2 && rows >= n) {
		f = fopen(file, "w");
		if (f)
			fclose(f);
		for (;;)
			pause();
	}
	return 0;
}

/* The id in the first row of @sql's result: 1 found, 0 none, -1 error. */
static int first_id(struct hs_db *db, const char *sql, int n,
		    const char *const *p, long long *id)
{
	struct hs_rows r;
	int found;

	if (hs_query(db, sql, n, p, &r))
		return -1;
	found = r.nrows && hs_cell(&r, 0, 0);
	if (found)
		*id = atoll(hs_cell(&r, 0, 0));
	hs_rows_free(&r);
	return found;
}

/*
 * Find a shared row by @select with the first @nsel of @p, or create
 * it by @insert with all @n of them.
 */
static long long find_or_add(struct hs_db *db, const char *select, int nsel,
			     const char *insert, int n, const char *const *p)
{
	long long id;
	int found = first_id(db, select, nsel, p, &id);

	if (found == 0) {
		if (hs_exec(db, insert, n, p))
			return -1;
		found = first_id(db, select, nsel, p, &id);
		if (found == 0)
			hs_err(db, "a row just written cannot be read back (%.40s)", insert);
	}
	return found == 1 ? id : -1;
}

static long long machine_id(struct hs_db *db, const struct rl_run *run)
{
	struct fp_machine m;
	char b1[32], b2[32], b3[32];
	long long id;
	const char *p[] = {
		NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
		NULL, NULL,
	};

	fp_machine(run, &m);
	p[0] = m.fingerprint;
	p[1] = m.name;
	p[2] = m.hostname;
	p[3] = m.cpu_model;
	p[4] = m.cpus >= 0 ? hs_int(b1, m.cpus) : NULL;
	p[5] = m.mem_bytes >= 0 ? hs_int(b2, m.mem_bytes) : NULL;
	p[6] = m.accelerator;
	p[7] = m.pmem_kind;
	p[8] = m.pmem_bytes >= 0 ? hs_int(b3, m.pmem_bytes) : NULL;
	p[9] = m.namespace_mode;
	p[10] = m.namespace_align;
	p[11] = m.dax_mounts;
	id = find_or_add(db, "SELECT id FROM machines WHERE fingerprint = $1", 1,
			 "INSERT INTO machines (fingerprint, name, hostname, cpu_model, cpus, "
			 "mem_bytes, accelerator, pmem_kind, pmem_bytes, namespace_mode, "
			 "namespace_align, dax_mounts) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
			 "$9, $10, $11, $12) ON CONFLICT (fingerprint) DO NOTHING", 12, p);
	fp_free(&m);
	return id;
}

static long long kernel_id(struct hs_db *db, const struct rl_run *run)
{
	const char *cmdline = rl_env(run, "kernel.cmdline");
	const char *version = rl_env(run, "kernel.version");
	const char *p[] = {
		rl_kernel(run) ? rl_kernel(run) : "unknown",
		version ? version : "",
		cmdline ? cmdline : ju_str(run->root, "vm.cmdline") ?
			ju_str(run->root, "vm.cmdline") : "",
		ju_str(run->root, "vm.kernel_source"),
	};

	return find_or_add(db, "SELECT id FROM kernels WHERE release = $1 AND version = $2 "
			   "AND cmdline = $3", 3,
			   "INSERT INTO kernels (release, version, cmdline, source) "
			   "VALUES ($1, $2, $3, $4) ON CONFLICT (release, version, cmdline) "
			   "DO NOTHING", 4, p);
}

static long long test_id(struct hs_db *db, const struct rl_meas *m)
{
	char *params = m->params ? canonical_params(m->params) : strdup("{}");
	const char *p[] = { m->path, m->id, m->benchmark, params };
	long long id;

	if (!params)
		abort();
	id = find_or_add(db, "SELECT id FROM tests WHERE path = $1 AND name = $2 "
			 "AND benchmark = $3 AND params = $4", 4,
			 "INSERT INTO tests (path, name, benchmark, params) "
			 "VALUES ($1, $2, $3, $4) "
			 "ON CONFLICT (path, name, benchmark, params) DO NOTHING", 4, p);
	free(params);
	return id;
}

/* Write the batched values: one INSERT of up to BATCH rows. */
static int flush(struct batch *b)
{
	char *sql = NULL, *q;
	size_t len = 0, i, j;
	FILE *f;
	int ret;

	if (!b->n)
		return 0;
	f = open_memstream(&sql, &len);
	if (!f)
		abort();
	fputs("INSERT INTO metric_values (measurement_id, metric, unit, better, "
	      "repeat_no, value) VALUES ", f);
	for (i = 0; i < b->n; i++) {
		fputs(i ? ", (" : "(", f);
		for (j = 0; j < VCOLS; j++)
			fprintf(f, "%s$%zu", j ? ", " : "", i * VCOLS + j + 1);
		fputc(')', f);
	}
	fclose(f);
	q = sql;
	ret = hs_exec(b->db, q, (int)(b->n * VCOLS), (const char *const *)b->cell);
	free(sql);
	for (i = 0; i < b->n * VCOLS; i++) {
		free(b->cell[i]);
		b->cell[i] = NULL;
	}
	b->total += b->n;
	b->n = 0;
	if (!ret)
		ret = failpoint(b->total);
	return ret;
}

static char *dup_or_null(const char *s)
{
	char *d = s ? strdup(s) : NULL;

	if (s && !d)
		abort();
	return d;
}

static int add_value(struct batch *b, long long meas, const struct rl_metric *mt,
		     size_t rep, struct json_object *v)
{
	char buf[32], **c = &b->cell[b->n * VCOLS];

	c[0] = dup_or_null(hs_int(buf, meas));
	c[1] = dup_or_null(mt->name);
	c[2] = dup_or_null(mt->unit);
	c[3] = dup_or_null(rl_better_name(mt->better));
	c[4] = dup_or_null(hs_int(buf, (long long)rep + 1));
	/* null: a repeat that could not be measured (the loader checked). */
	c[5] = v ? dup_or_null(hs_num(buf, json_object_get_double(v))) : NULL;
	return ++b->n == BATCH ? flush(b) : 0;
}

/* Every repeat of every metric of @m, nulls included, in repeat order. */
static int add_values(struct batch *b, long long meas, const struct rl_meas *m)
{
	struct json_object *vals;
	size_t i, r;

	for (i = 0; i < m->nmetrics; i++) {
		vals = ju_get(ju_get(ju_get(m->result, "metrics"), m->metrics[i].name),
			      "values");
		for (r = 0; r < json_object_array_length(vals); r++)
			if (add_value(b, meas, &m->metrics[i], r,
				      json_object_array_get_idx(vals, r)))
				return -1;
	}
	return 0;
}

static int add_measurement(struct batch *b, long long run, const struct rl_run *rr,
			   const struct rl_meas *m)
{
	char b1[32], b2[32];
	long long test = test_id(b->db, m), id;
	const char *file = m->file ? m->file + strlen(rr->dir) + 1 : NULL;
	const char *p[5];

	if (test < 0)
		return -1;
	p[0] = hs_int(b1, run);
	p[1] = hs_int(b2, test);
	p[2] = m->status;
	p[3] = m->reason;
	p[4] = file;
	if (first_id(b->db, "INSERT INTO measurements (run_id, test_id, status, reason, file) "
		     "VALUES ($1, $2, $3, $4, $5) RETURNING id", 5, p, &id) != 1) {
		hs_err(b->db, "cannot add measurement %s/%s", m->path, m->id);
		return -1;
	}
	return add_values(b, id, m);
}

static char *now_utc(void)
{
	char *s = malloc(32);
	time_t t = time(NULL);
	struct tm tm;

	if (!s)
		abort();
	gmtime_r(&t, &tm);
	strftime(s, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return s;
}

/* The run's row: 1 added (id in @id), 0 already there, -1 error. */
static int add_run(struct hs_db *db, const struct rl_run *run, long long *id)
{
	char b1[32], b2[32], b3[32], *dir = realpath(run->dir, NULL), *now = now_utc();
	long long mach = machine_id(db, run), kern = mach < 0 ? -1 : kernel_id(db, run);
	struct json_object *rep = ju_get(run->root, "repeats");
	const char *p[13];
	int ret = -1;

	if (mach >= 0 && kern >= 0) {
		p[0] = run->run_id;
		p[1] = hs_int(b1, mach);
		p[2] = hs_int(b2, kern);
		p[3] = ju_str(run->root, "started");
		p[4] = ju_str(run->root, "finished");
		p[5] = ju_str(run->root, "status");
		p[6] = ju_str(run->root, "profile");
		p[7] = ju_str(run->root, "daxbench_version");
		p[8] = json_object_is_type(rep, json_type_int) ?
			hs_int(b3, json_object_get_int64(rep)) : NULL;
		p[9] = dir ? dir : run->dir;
		p[10] = json_object_to_json_string_ext(run->notes, JSON_C_TO_STRING_PLAIN |
						       JSON_C_TO_STRING_NOSLASHESCAPE);
		p[11] = now;
		ret = first_id(db, "INSERT INTO runs (run_id, machine_id, kernel_id, started, "
			       "finished, status, profile, daxbench_version, repeats, dir, notes, "
			       "imported) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) "
			       "ON CONFLICT (run_id) DO NOTHING RETURNING id", 12, p, id);
	}
	free(dir);
	free(now);
	return ret;
}

/* What the loader does not check but the history needs. */
static int check_run(const struct rl_run *run)
{
	const char *json = ju_str(run->root, "schema") ? "run.json" : NULL;
	const char *status = ju_str(run->root, "status");

	if (!json) {
		fprintf(stderr, "%s: %s: a single result, not a run directory: the history imports runs (results/RUN_ID/)\n",
			program_invocation_short_name, run->arg);
		return -1;
	}
	if (!ju_str(run->root, "run_id")) {
		fprintf(stderr, "%s: %s/run.json: \"run_id\" is missing or not a string\n",
			program_invocation_short_name, run->dir);
		return -1;
	}
	if (!is_utc_time(ju_str(run->root, "started"))) {
		fprintf(stderr, "%s: %s/run.json: \"started\" is missing or not a UTC time (YYYY-MM-DDTHH:MM:SSZ)\n",
			program_invocation_short_name, run->dir);
		return -1;
	}
	if (!strcmp(status, "running")) {
		fprintf(stderr, "%s: %s: the run is still running (or was killed without a trace): import it when it has finished\n",
			program_invocation_short_name, run->dir);
		return -1;
	}
	return 0;
}

static int import_loaded(struct hs_db *db, const struct rl_run *run)
{
	struct batch b = { .db = db };
	long long id;
	size_t i;
	int r;

	if (hs_begin(db))
		return -1;
	r = add_run(db, run, &id);
	if (r <= 0) {
		hs_rollback(db);
		return r < 0 ? -1 : 1;
	}
	for (i = 0; i < run->nmeas; i++)
		if (add_measurement(&b, id, run, &run->meas[i]))
			goto fail;
	if (flush(&b) || hs_commit(db))
		goto fail;
	return 0;
fail:
	for (i = 0; i < b.n * VCOLS; i++)
		free(b.cell[i]);
	hs_rollback(db);
	return -1;
}

int im_run(struct hs_db *db, const char *dir)
{
	struct rl_run run;
	int ret = -1;

	if (!rl_load(dir, &run) && !check_run(&run)) {
		/*
		 * A run that failed before measuring anything (a guest that
		 * never came up) has nothing for a series, and its run.json
		 * describes the host it was started on, not the rig.
		 */
		if (!run.nmeas) {
			rl_free(&run);
			return 2;
		}
		ret = import_loaded(db, &run);
	}
	if (ret < 0)
		fprintf(stderr, "%s: %s: not imported: the database is unchanged\n",
			program_invocation_short_name, dir);
	rl_free(&run);
	return ret;
}
