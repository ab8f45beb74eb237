// SPDX-License-Identifier: GPL-2.0-only
/*
 * Read a run directory (run.json and its measurements) and check every
 * file against its schema.  Readers trust nothing: a truncated file from
 * a crash, a hand-edited one, or one from a future daxbench is refused
 * with a message naming the file, never half-read.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jsonfile.h"
#include "runload.h"

static const char *const better_names[] = { "lower", "higher", "neither" };

const char *rl_better_name(enum db_better b)
{
	return better_names[b];
}

/* A required string member, or an error naming the key. */
static const char *need_str(const char *file, const char *what,
			    struct json_object *o, const char *key)
{
	const char *s = ju_str(o, key);

	if (!s)
		jf_err(file, "%s%s\"%s\" is missing or not a string", what,
		    *what ? ": " : "", key);
	return s;
}

static int check_schema(const char *file, struct json_object *o,
			const char *schema, int oldest, int version)
{
	struct json_object *v;
	const char *s = ju_str(o, "schema");

	if (!s) {
		jf_err(file, "no \"schema\": not a %s file", schema);
		return -1;
	}
	if (strcmp(s, schema)) {
		jf_err(file, "schema is \"%s\", expected \"%s\"", s, schema);
		return -1;
	}
	v = ju_get(o, "schema_version");
	if (!json_object_is_type(v, json_type_int)) {
		jf_err(file, "\"schema_version\" is missing or not an integer");
		return -1;
	}
	if (json_object_get_int(v) < oldest || json_object_get_int(v) > version) {
		if (oldest == version)
			jf_err(file, "schema_version %d is not supported: this daxbench reads version %d",
			       json_object_get_int(v), version);
		else
			jf_err(file, "schema_version %d is not supported: this daxbench reads versions %d to %d",
			       json_object_get_int(v), oldest, version);
		return -1;
	}
	return 0;
}

static int parse_better(const char *s, enum db_better *b)
{
	int i;

	for (i = 0; i < 3; i++) {
		if (s && !strcmp(s, better_names[i])) {
			*b = (enum db_better)i;
			return 0;
		}
	}
	return -1;
}

bool rl_noisy(const struct rl_metric *m)
{
	return m && m->judged && m->verdict == DB_VERDICT_NOISY;
}

static int parse_verdict(const char *s, enum db_verdict *v)
{
	int i;

	for (i = DB_VERDICT_UNKNOWN; i <= DB_VERDICT_NOISY; i++)
		if (s && !strcmp(s, db_verdict_names[i])) {
			*v = (enum db_verdict)i;
			return 0;
		}
	return -1;
}

/*
 * The metric's stability verdict, checked.  A result written before
 * verdicts existed has none: unknown, as docs/results-format.md says
 * (not judged here: its repeats alone would call noisy what Welch's test
 * may still tell apart).
 */
static int load_stability(const char *file, struct json_object *mo,
			  struct rl_metric *m)
{
	struct json_object *so = NULL;
	const char *why;

	m->judged = db_stab_is_timed(m->unit, better_names[m->better]);
	m->verdict = DB_VERDICT_UNKNOWN;
	if (!json_object_object_get_ex(mo, "stability", &so) || !so)
		return 0;
	if (!json_object_is_type(so, json_type_object) ||
	    parse_verdict(ju_str(so, "verdict"), &m->verdict)) {
		jf_err(file, "metric \"%s\": \"stability\" must be an object whose \"verdict\" is stable, noisy or unknown",
		    m->name);
		return -1;
	}
	why = ju_str(so, "reason");
	snprintf(m->why, sizeof(m->why), "%s", why ? why : "");
	m->judged = true;
	return 0;
}

static int load_metric(const char *file, const char *name,
		       struct json_object *mo, struct rl_metric *m)
{
	struct json_object *vals = ju_get(mo, "values"), *e;
	size_t i, len;

	m->name = name;
	if (!json_object_is_type(mo, json_type_object)) {
		jf_err(file, "metric \"%s\" is not an object", name);
		return -1;
	}
	m->unit = ju_str(mo, "unit");
	if (!m->unit) {
		jf_err(file, "metric \"%s\": \"unit\" is missing or not a string", name);
		return -1;
	}
	if (parse_better(ju_str(mo, "better"), &m->better)) {
		jf_err(file, "metric \"%s\": \"better\" must be lower, higher or neither",
		    name);
		return -1;
	}
	if (!json_object_is_type(vals, json_type_array)) {
		jf_err(file, "metric \"%s\": \"values\" is missing or not an array", name);
		return -1;
	}
	len = json_object_array_length(vals);
	m->v = calloc(len + 1, sizeof(*m->v));
	if (!m->v)
		abort();
	for (i = 0; i < len; i++) {
		e = json_object_array_get_idx(vals, i);
		if (!e) {
			m->nnull++;
		} else if (json_object_is_type(e, json_type_double) ||
			   json_object_is_type(e, json_type_int)) {
			m->v[m->n++] = json_object_get_double(e);
		} else {
			jf_err(file, "metric \"%s\": value %zu is not a number or null",
			    name, i + 1);
			return -1;
		}
	}
	return load_stability(file, mo, m);
}

static int load_metrics(const char *file, struct json_object *metrics,
			struct rl_meas *m)
{
	size_t i = 0;

	if (!json_object_is_type(metrics, json_type_object)) {
		jf_err(file, "\"metrics\" is missing or not an object");
		return -1;
	}
	m->metrics = calloc(json_object_object_length(metrics) + 1,
			    sizeof(*m->metrics));
	if (!m->metrics)
		abort();
	json_object_object_foreach(metrics, name, mo) {
		/*
		 * Counted before it is read, so that rl_free() also frees
		 * the values of a metric that failed half way.
		 */
		m->nmetrics = i + 1;
		if (load_metric(file, name, mo, &m->metrics[i]))
			return -1;
		i++;
	}
	return 0;
}

/*
 * "notes" and "command": absent, null, or an array of strings (the
 * notes; the words that ran).
 */
static int check_strings(const char *file, struct json_object *o,
			 const char *key)
{
	struct json_object *a = ju_get(o, key);
	size_t i;

	if (!a)
		return 0;
	if (!json_object_is_type(a, json_type_array)) {
		jf_err(file, "\"%s\" is not an array of strings", key);
		return -1;
	}
	for (i = 0; i < json_object_array_length(a); i++) {
		if (!json_object_is_type(json_object_array_get_idx(a, i),
					 json_type_string)) {
			jf_err(file, "\"%s\": item %zu is not a string", key, i + 1);
			return -1;
		}
	}
	return 0;
}

/* Read and check one daxbench-result file into @m. */
static int load_result(const char *file, const char *benchmark,
		       struct rl_meas *m)
{
	struct json_object *o = jf_load(file);
	const char *b;

	if (!o)
		return -1;
	m->result = o;
	if (check_schema(file, o, DB_RESULT_SCHEMA, DB_RESULT_VERSION_MIN, DB_RESULT_VERSION))
		return -1;
	b = need_str(file, "", o, "benchmark");
	m->status = need_str(file, "", o, "status");
	if (!b || !m->status)
		return -1;
	if (benchmark && strcmp(b, benchmark)) {
		jf_err(file, "is a \"%s\" result, but run.json lists it as \"%s\"",
		    b, benchmark);
		return -1;
	}
	m->benchmark = b;
	m->reason = ju_str(o, "reason");
	m->params = ju_get(o, "parameters");
	if (!json_object_is_type(m->params, json_type_object)) {
		jf_err(file, "\"parameters\" is missing or not an object");
		return -1;
	}
	if (check_strings(file, o, "notes") || check_strings(file, o, "command"))
		return -1;
	return load_metrics(file, ju_get(o, "metrics"), m);
}

static void collect_notes(struct rl_run *run)
{
	size_t j;

	run->notes = json_object_new_array();
	ju_add_strings(run->notes, ju_get(run->root, "notes"));
	for (j = 0; j < run->nmeas; j++)
		ju_add_strings(run->notes, ju_get(run->meas[j].result, "notes"));
}

/* A measurement's file must stay inside the run directory. */
static bool safe_relative(const char *p)
{
	const char *s;

	if (p[0] == '/')
		return false;
	for (s = p; (s = strstr(s, "..")); s += 2)
		if ((s == p || s[-1] == '/') && (s[2] == '/' || s[2] == '\0'))
			return false;
	return true;
}

/*
 * The same, after symbolic links: a link inside the run directory may
 * point anywhere.  Both sides resolved, so that a run reached through a
 * link of its own still works.
 */
static bool really_inside(const char *dir, const char *file)
{
	char *rd = realpath(dir, NULL), *rf = realpath(file, NULL);
	size_t n;
	bool ok = false;

	if (rd && rf) {
		n = strlen(rd);
		ok = !strncmp(rd, rf, n) && (rf[n] == '/' || (n == 1 && rd[0] == '/'));
	}
	free(rd);
	free(rf);
	return ok;
}

static int load_entry(struct rl_run *run, const char *runjson, size_t i,
		      struct json_object *e, struct rl_meas *m)
{
	char what[64];
	const char *file;

	snprintf(what, sizeof(what), "measurement %zu", i + 1);
	if (!json_object_is_type(e, json_type_object)) {
		jf_err(runjson, "%s is not an object", what);
		return -1;
	}
	m->id = need_str(runjson, what, e, "id");
	m->path = need_str(runjson, what, e, "path");
	m->benchmark = need_str(runjson, what, e, "benchmark");
	m->status = need_str(runjson, what, e, "status");
	if (!m->id || !m->path || !m->benchmark || !m->status)
		return -1;
	m->reason = ju_str(e, "reason");
	file = ju_str(e, "file");
	if (!file) {
		if (!strcmp(m->status, "ok")) {
			jf_err(runjson, "%s (%s/%s) is ok but names no \"file\"",
			    what, m->path, m->id);
			return -1;
		}
		return 0;
	}
	if (!safe_relative(file)) {
		jf_err(runjson, "%s/%s: file \"%s\" must be a path inside the run directory",
		    m->path, m->id, file);
		return -1;
	}
	if (asprintf(&m->file, "%s/%s", run->dir, file) < 0)
		abort();
	if (access(m->file, F_OK) && errno == ENOENT) {
		jf_err(m->file, "missing, but %s lists it for %s/%s", runjson, m->path, m->id);
		return -1;
	}
	if (!really_inside(run->dir, m->file)) {
		jf_err(runjson, "%s/%s: file \"%s\" leads outside the run directory (a symbolic link?)",
		       m->path, m->id, file);
		return -1;
	}
	return load_result(m->file, m->benchmark, m);
}

static int by_path_id(const void *a, const void *b)
{
	const struct rl_meas *const *x = a, *const *y = b;
	int c = strcmp((*x)->path, (*y)->path);

	return c ? c : strcmp((*x)->id, (*y)->id);
}

/* Sorted by (path, id), a measurement listed twice has a twin beside it. */
static int check_duplicates(const char *runjson, const struct rl_run *run)
{
	const struct rl_meas **s = calloc(run->nmeas + 1, sizeof(*s));
	size_t i;
	int ret = 0;

	if (!s)
		abort();
	for (i = 0; i < run->nmeas; i++)
		s[i] = &run->meas[i];
	qsort(s, run->nmeas, sizeof(*s), by_path_id);
	for (i = 1; i < run->nmeas && !ret; i++) {
		if (!by_path_id(&s[i - 1], &s[i])) {
			jf_err(runjson, "measurement %s/%s is listed twice",
			       s[i]->path, s[i]->id);
			ret = -1;
		}
	}
	free(s);
	return ret;
}

static int load_runjson(struct rl_run *run, const char *runjson)
{
	struct json_object *list;
	size_t i, n;

	run->root = jf_load(runjson);
	if (!run->root || check_schema(runjson, run->root, RL_RUN_SCHEMA, RL_RUN_VERSION, RL_RUN_VERSION))
		return -1;
	if (!need_str(runjson, "", run->root, "status"))
		return -1;
	run->run_id = ju_str(run->root, "run_id");
	if (!run->run_id)
		run->run_id = strrchr(run->dir, '/') ? strrchr(run->dir, '/') + 1 : run->dir;
	run->env = ju_get(run->root, "environment");
	if (run->env && !json_object_is_type(run->env, json_type_object)) {
		jf_err(runjson, "\"environment\" is not an object");
		return -1;
	}
	if (check_strings(runjson, run->root, "notes") ||
	    check_strings(runjson, run->root, "command"))
		return -1;
	list = ju_get(run->root, "measurements");
	if (!json_object_is_type(list, json_type_array)) {
		jf_err(runjson, "\"measurements\" is missing or not an array");
		return -1;
	}
	n = json_object_array_length(list);
	run->meas = calloc(n + 1, sizeof(*run->meas));
	if (!run->meas)
		abort();
	for (i = 0; i < n; i++) {
		run->nmeas = i + 1;
		if (load_entry(run, runjson, i, json_object_array_get_idx(list, i),
			       &run->meas[i]))
			return -1;
	}
	return check_duplicates(runjson, run);
}

/* One result file on its own: a run of one measurement. */
static int load_single(struct rl_run *run, const char *file)
{
	struct rl_meas *m;

	run->meas = calloc(1, sizeof(*run->meas));
	if (!run->meas)
		abort();
	run->nmeas = 1;
	m = run->meas;
	m->file = strdup(file);
	if (load_result(file, NULL, m))
		return -1;
	m->path = "-";
	m->id = m->benchmark;
	run->root = json_object_new_object();
	json_object_object_add(run->root, "status", json_object_new_string("complete"));
	run->env = ju_get(m->result, "environment");
	run->run_id = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
	return 0;
}

/* "a/b/run.json" -> "a/b"; "run.json" -> "." */
static void cut_to_dir(char *p)
{
	char *slash = strrchr(p, '/');

	if (slash && slash != p)
		*slash = '\0';
	else if (slash)
		p[1] = '\0';
	else
		strcpy(p, ".");
}

int rl_load(const char *arg, struct rl_run *run)
{
	struct stat st;
	char *runjson;
	struct json_object *peek;
	int ret;

	memset(run, 0, sizeof(*run));
	run->arg = strdup(arg);
	run->dir = strdup(arg);
	if (!run->arg || !run->dir)
		abort();
	if (stat(arg, &st)) {
		jf_err(arg, "%s", strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		while (strlen(run->dir) > 1 && run->dir[strlen(run->dir) - 1] == '/')
			run->dir[strlen(run->dir) - 1] = '\0';
		if (asprintf(&runjson, "%s/run.json", run->dir) < 0)
			abort();
		ret = load_runjson(run, runjson);
		free(runjson);
	} else {
		/* A file: run.json itself, or one result. */
		peek = jf_load(arg);
		if (!peek)
			return -1;
		ret = !strcmp(ju_str(peek, "schema") ? ju_str(peek, "schema") : "",
			      RL_RUN_SCHEMA);
		json_object_put(peek);
		cut_to_dir(run->dir);
		if (ret)
			ret = load_runjson(run, arg);
		else
			ret = load_single(run, arg);
	}
	if (!ret)
		collect_notes(run);
	return ret;
}

void rl_free(struct rl_run *run)
{
	size_t i, j;

	for (i = 0; i < run->nmeas; i++) {
		for (j = 0; j < run->meas[i].nmetrics; j++)
			free(run->meas[i].metrics[j].v);
		free(run->meas[i].metrics);
		free(run->meas[i].file);
		json_object_put(run->meas[i].result);
	}
	free(run->meas);
	json_object_put(run->root);
	json_object_put(run->notes);
	free(run->arg);
	free(run->dir);
	memset(run, 0, sizeof(*run));
}

struct rl_meas *rl_find(const struct rl_run *run, const char *path,
			const char *id)
{
	size_t i;

	for (i = 0; i < run->nmeas; i++)
		if (!strcmp(run->meas[i].path, path) && !strcmp(run->meas[i].id, id))
			return &run->meas[i];
	return NULL;
}

struct rl_metric *rl_metric(const struct rl_meas *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nmetrics; i++)
		if (!strcmp(m->metrics[i].name, name))
			return &m->metrics[i];
	return NULL;
}

/*
 * Where the measurements ran: their own environment first (in a VM run,
 * run.json may have been started on the host), then run.json's.
 */
static const char *env_str(const struct rl_run *run, const char *key)
{
	struct json_object *o = NULL;
	size_t i;

	for (i = 0; !o && i < run->nmeas; i++)
		o = ju_get(ju_get(run->meas[i].result, "environment"), key);
	if (!o)
		o = ju_get(run->env, key);
	/* Strings, numbers and booleans as text; objects are not facts. */
	if (!o || json_object_is_type(o, json_type_object) ||
	    json_object_is_type(o, json_type_array))
		return NULL;
	return json_object_get_string(o);
}

const char *rl_env(const struct rl_run *run, const char *key)
{
	return env_str(run, key);
}

const char *rl_kernel(const struct rl_run *run)
{
	const char *s = ju_str(run->root, "vm.kernel");

	return s ? s : env_str(run, "kernel.release");
}

const char *rl_accel(const struct rl_run *run)
{
	const char *s = ju_str(run->root, "vm.accelerator");

	return s ? s : env_str(run, "virtualization.accelerator");
}

const char *rl_cpu(const struct rl_run *run)
{
	return env_str(run, "cpu.model");
}

bool rl_emulated(const struct rl_run *run)
{
	const char *a = rl_accel(run);
	size_t i;

	if (a && !strcmp(a, "tcg"))
		return true;
	for (i = 0; i < json_object_array_length(run->notes); i++)
		if (strstr(json_object_get_string(json_object_array_get_idx(run->notes, i)),
			   "emulated CPU"))
			return true;
	return false;
}
