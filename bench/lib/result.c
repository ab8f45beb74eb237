// SPDX-License-Identifier: GPL-2.0-only
/*
 * The JSON result writer every benchmark uses.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "atomic.h"
#include "env.h"
#include "result.h"
#include "stability.h"
#include "version.h"

#define TCG_NOTE "emulated CPU: timings not representative"

/*
 * What a metric's JSON does not hold until the result is written: the
 * drift test of each repeat's samples and the pairs behind a paired
 * ratio (docs/results-format.md, "stability" and "paired").
 */
struct db_extra {
	struct db_extra *next;
	char *metric;
	struct db_drift *drifts;	/* indexed by repeat */
	size_t ndrifts;
	double *pairs;			/* every pair of every repeat */
	size_t npairs;
};

struct db_result {
	struct json_object *root;
	struct json_object *params;
	struct json_object *metrics;
	struct json_object *notes;
	struct db_extra *extra;
};

static const char *const better_names[] = { "lower", "higher", "neither" };

struct json_object *db_json_time_now(void)
{
	char buf[40];
	struct tm tm;
	time_t t = time(NULL);

	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_object_new_string(buf);
}

struct db_result *db_result_new(const char *benchmark, int argc, char **argv)
{
	struct db_result *r = calloc(1, sizeof(*r));
	struct json_object *cmd = json_object_new_array();
	int i;

	if (!r)
		abort();
	r->root = json_object_new_object();
	r->params = json_object_new_object();
	r->metrics = json_object_new_object();
	r->notes = json_object_new_array();
	for (i = 0; i < argc; i++)
		json_object_array_add(cmd, json_object_new_string(argv[i]));
	json_object_object_add(r->root, "schema", json_object_new_string(DB_RESULT_SCHEMA));
	json_object_object_add(r->root, "schema_version",
			       json_object_new_int(DB_RESULT_VERSION));
	json_object_object_add(r->root, "benchmark", json_object_new_string(benchmark));
	json_object_object_add(r->root, "tool_version",
			       json_object_new_string(DB_VERSION));
	json_object_object_add(r->root, "command", cmd);
	json_object_object_add(r->root, "started", db_json_time_now());
	json_object_object_add(r->root, "status", json_object_new_string("ok"));
	json_object_object_add(r->root, "parameters", r->params);
	json_object_object_add(r->root, "metrics", r->metrics);
	json_object_object_add(r->root, "notes", r->notes);
	return r;
}

void db_result_free(struct db_result *r)
{
	struct db_extra *e, *next;

	if (!r)
		return;
	for (e = r->extra; e; e = next) {
		next = e->next;
		free(e->metric);
		free(e->drifts);
		free(e->pairs);
		free(e);
	}
	json_object_put(r->root);
	free(r);
}

void db_result_set_env(struct db_result *r, const char *target)
{
	struct json_object *env = db_env_capture(target), *v, *a;

	json_object_object_add(r->root, "environment", env);
	if (json_object_object_get_ex(env, "virtualization", &v) &&
	    json_object_object_get_ex(v, "accelerator", &a) &&
	    !strcmp(json_object_get_string(a), "tcg"))
		db_result_note(r, TCG_NOTE);
}

void db_result_set_clock(struct db_result *r, const struct db_clock *c)
{
	struct json_object *t = json_object_new_object();

	json_object_object_add(t, "source", json_object_new_string(db_clock_name(c)));
	json_object_object_add(t, "overhead_ns", json_object_new_double(c->overhead_ns));
	json_object_object_add(t, "resolution_ns",
			       json_object_new_double(c->resolution_ns));
	json_object_object_add(r->root, "timer", t);
}

void db_result_param_str(struct db_result *r, const char *key, const char *v)
{
	json_object_object_add(r->params, key, v ? json_object_new_string(v) : NULL);
}

void db_result_param_int(struct db_result *r, const char *key, int64_t v)
{
	json_object_object_add(r->params, key, json_object_new_int64(v));
}

void db_result_param_double(struct db_result *r, const char *key, double v)
{
	json_object_object_add(r->params, key, json_object_new_double(v));
}

void db_result_param_bool(struct db_result *r, const char *key, bool v)
{
	json_object_object_add(r->params, key, json_object_new_boolean(v));
}

void db_result_add(struct db_result *r, const char *metric, const char *unit,
		   enum db_better better, double value)
{
	struct json_object *m, *values;

	if (!json_object_object_get_ex(r->metrics, metric, &m)) {
		m = json_object_new_object();
		json_object_object_add(m, "unit", json_object_new_string(unit));
		json_object_object_add(m, "better",
				       json_object_new_string(better_names[better]));
		json_object_object_add(m, "values", json_object_new_array());
		json_object_object_add(r->metrics, metric, m);
	}
	json_object_object_get_ex(m, "values", &values);
	/* JSON has no NaN or infinity: an unmeasurable value is null. */
	json_object_array_add(values, isfinite(value) ?
			      json_object_new_double(value) : NULL);
}

static struct db_extra *find_extra(struct db_result *r, const char *metric)
{
	struct db_extra *e;

	for (e = r->extra; e; e = e->next)
		if (!strcmp(e->metric, metric))
			return e;
	return NULL;
}

static struct db_extra *extra_of(struct db_result *r, const char *metric)
{
	struct db_extra *e = find_extra(r, metric);

	if (e)
		return e;
	e = calloc(1, sizeof(*e));
	if (!e || !(e->metric = strdup(metric)))
		abort();
	e->next = r->extra;
	r->extra = e;
	return e;
}

/* The number of values @metric has so far: the current repeat + 1. */
static size_t values_of(struct db_result *r, const char *metric)
{
	struct json_object *m, *values;

	if (!json_object_object_get_ex(r->metrics, metric, &m) ||
	    !json_object_object_get_ex(m, "values", &values))
		return 0;
	return json_object_array_length(values);
}

void db_result_add_samples(struct db_result *r, const char *metric,
			   const double *samples, size_t n)
{
	struct db_extra *e = extra_of(r, metric);
	size_t repeat = values_of(r, metric), i;
	struct db_drift *d;

	if (!repeat)
		return;	/* samples of a value never added: a caller's bug */
	repeat--;
	if (repeat >= e->ndrifts) {
		d = realloc(e->drifts, (repeat + 1) * sizeof(*d));
		if (!d)
			abort();
		for (i = e->ndrifts; i <= repeat; i++)
			d[i] = (struct db_drift){ NAN, NAN, 0 };
		e->drifts = d;
		e->ndrifts = repeat + 1;
	}
	db_stab_drift(samples, n, &e->drifts[repeat]);
}

void db_result_add_paired(struct db_result *r, const char *metric,
			  const char *unit, enum db_better better,
			  const double *ratios, size_t n)
{
	struct db_extra *e = extra_of(r, metric);
	struct db_median_ci ci;
	double *p;

	db_median_ci(ratios, n, 0.95, &ci);
	db_result_add(r, metric, unit, better, n ? ci.median : NAN);
	db_result_add_samples(r, metric, ratios, n);
	p = realloc(e->pairs, (e->npairs + n + 1) * sizeof(*p));
	if (!p)
		abort();
	memcpy(p + e->npairs, ratios, n * sizeof(*p));
	e->pairs = p;
	e->npairs += n;
}

static void vadd_note(struct json_object *arr, const char *fmt, va_list ap)
{
	char buf[1024];
	size_t i;

	vsnprintf(buf, sizeof(buf), fmt, ap);
	for (i = 0; i < json_object_array_length(arr); i++)
		if (!strcmp(json_object_get_string(json_object_array_get_idx(arr, i)),
			    buf))
			return;
	json_object_array_add(arr, json_object_new_string(buf));
}

void db_result_note(struct db_result *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vadd_note(r->notes, fmt, ap);
	va_end(ap);
}

void db_result_status(struct db_result *r, const char *status,
		      const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	json_object_object_add(r->root, "status", json_object_new_string(status));
	json_object_object_add(r->root, "reason", json_object_new_string(buf));
}

/* Mean, sample stddev and count of the metric's non-null values. */
static void summarize(struct json_object *values, double *mean, double *sd,
		      int *n)
{
	double sum = 0, sq = 0, v;
	size_t i, len = json_object_array_length(values);

	*n = 0;
	for (i = 0; i < len; i++) {
		struct json_object *e = json_object_array_get_idx(values, i);

		if (!e)
			continue;
		sum += json_object_get_double(e);
		(*n)++;
	}
	*mean = *n ? sum / *n : NAN;
	for (i = 0; i < len; i++) {
		struct json_object *e = json_object_array_get_idx(values, i);

		if (!e)
			continue;
		v = json_object_get_double(e) - *mean;
		sq += v * v;
	}
	*sd = *n > 1 ? sqrt(sq / (*n - 1)) : 0;
}

/* A measured number, or null: JSON has no NaN. */
static struct json_object *num_or_null(double v)
{
	return isfinite(v) ? json_object_new_double(v) : NULL;
}

struct json_object *db_stability_json(const struct db_stability *s)
{
	struct json_object *o = json_object_new_object();
	const struct db_drift *d = &s->drift;

	json_object_object_add(o, "verdict",
			       json_object_new_string(db_verdict_names[s->verdict]));
	json_object_object_add(o, "cv", num_or_null(s->cv));
	json_object_object_add(o, "repeats", json_object_new_int64((int64_t)s->repeats));
	json_object_object_add(o, "drift", d->n ? num_or_null(d->drift) : NULL);
	json_object_object_add(o, "drift_p", d->n ? num_or_null(d->p) : NULL);
	json_object_object_add(o, "drift_repeat", s->drift_repeat >= 0 ?
			       json_object_new_int(s->drift_repeat + 1) : NULL);
	json_object_object_add(o, "drift_samples", json_object_new_int64((int64_t)d->n));
	if (s->reason[0])
		json_object_object_add(o, "reason", json_object_new_string(s->reason));
	return o;
}

struct json_object *db_paired_json(const double *pairs, size_t n)
{
	struct json_object *o = json_object_new_object(), *a;
	struct db_median_ci ci;
	size_t i;

	db_median_ci(pairs, n, 0.95, &ci);
	json_object_object_add(o, "pairs", json_object_new_int64((int64_t)ci.n));
	json_object_object_add(o, "median", num_or_null(ci.median));
	json_object_object_add(o, "ci_low", num_or_null(ci.lo));
	json_object_object_add(o, "ci_high", num_or_null(ci.hi));
	json_object_object_add(o, "confidence", json_object_new_double(ci.level));
	/* The pairs themselves: merged repeats recompute the interval. */
	a = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(a, num_or_null(pairs[i]));
	json_object_object_add(o, "ratios", a);
	return o;
}

/* The metric's per-repeat values, null as NAN: *out must be freed. */
static size_t metric_values(struct json_object *m, double **out)
{
	struct json_object *values, *e;
	size_t i, n;

	json_object_object_get_ex(m, "values", &values);
	n = json_object_array_length(values);
	*out = calloc(n ? n : 1, sizeof(**out));
	if (!*out)
		abort();
	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(values, i);
		(*out)[i] = e ? json_object_get_double(e) : NAN;
	}
	return n;
}

/* Every timed metric gets its verdict; paired ratios their interval. */
static void judge_metrics(struct db_result *r)
{
	json_object_object_foreach(r->metrics, key, m) {
		const char *unit = json_object_get_string(json_object_object_get(m, "unit"));
		const char *better = json_object_get_string(json_object_object_get(m, "better"));
		struct db_extra *e = find_extra(r, key);
		struct db_stability s;
		double *v;
		size_t n;

		if (e && e->npairs)
			json_object_object_add(m, "paired",
					       db_paired_json(e->pairs, e->npairs));
		if (!db_stab_is_timed(unit, better))
			continue;
		n = metric_values(m, &v);
		db_stab_judge(&s, v, n, e ? e->drifts : NULL, e ? e->ndrifts : 0);
		free(v);
		json_object_object_add(m, "stability", db_stability_json(&s));
	}
}

struct json_object *db_result_json(struct db_result *r)
{
	json_object_object_add(r->root, "finished", db_json_time_now());
	judge_metrics(r);
	return r->root;
}

int db_json_write_atomic(struct json_object *o, const char *path)
{
	const char *text;
	char *buf;
	int ret;

	text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
					      JSON_C_TO_STRING_NOSLASHESCAPE);
	if (!strcmp(path, "-")) {
		printf("%s\n", text);
		return fflush(stdout) ? -1 : 0;
	}
	if (asprintf(&buf, "%s\n", text) < 0)
		return -1;
	ret = db_write_atomic(path, buf, strlen(buf));
	free(buf);
	return ret;
}

/* A minutes-long run must not end in "cannot write": try it first. */
int db_output_check(const char *path)
{
	struct stat st;
	char *tmp;
	int fd;

	if (!path || !strcmp(path, "-"))
		return 0;
	if (!stat(path, &st) && S_ISDIR(st.st_mode)) {
		fprintf(stderr, "%s: --output: %s is a directory: name a file\n",
			program_invocation_short_name, path);
		return -1;
	}
	if (asprintf(&tmp, "%s.tmp.XXXXXX", path) < 0)
		return -1;
	fd = mkstemp(tmp);
	if (fd < 0) {
		fprintf(stderr, "%s: --output: cannot write %s: %s\n",
			program_invocation_short_name, path, strerror(errno));
		free(tmp);
		return -1;
	}
	close(fd);
	unlink(tmp);
	free(tmp);
	return 0;
}

int db_result_write(struct db_result *r, const char *path)
{
	return db_json_write_atomic(db_result_json(r), path);
}

static const char *env_str(struct json_object *root, const char *a,
			   const char *b, const char *c)
{
	struct json_object *o = root;

	if (!json_object_object_get_ex(o, a, &o) || !o)
		return "?";
	if (b && (!json_object_object_get_ex(o, b, &o) || !o))
		return "?";
	if (c && (!json_object_object_get_ex(o, c, &o) || !o))
		return "?";
	return json_object_get_string(o);
}

/* Every time in the table includes this cost: print it beside them. */
static void print_timer(struct db_result *r, FILE *f)
{
	struct json_object *t;

	if (!json_object_object_get_ex(r->root, "timer", &t) || !t)
		return;
	fprintf(f, "  timer %s, overhead %.1f ns per reading, resolution %.1f ns\n",
		json_object_get_string(json_object_object_get(t, "source")),
		json_object_get_double(json_object_object_get(t, "overhead_ns")),
		json_object_get_double(json_object_object_get(t, "resolution_ns")));
}

static void print_header(struct db_result *r, FILE *f)
{
	struct json_object *env = NULL;

	json_object_object_get_ex(r->root, "environment", &env);
	fprintf(f, "%s %s  status: %s\n",
		json_object_get_string(json_object_object_get(r->root, "benchmark")),
		DB_VERSION,
		json_object_get_string(json_object_object_get(r->root, "status")));
	if (json_object_object_get(r->root, "reason"))
		fprintf(f, "  reason: %s\n",
			json_object_get_string(json_object_object_get(r->root, "reason")));
	if (!env)
		return;
	fprintf(f, "  kernel %s, accel %s\n",
		env_str(env, "kernel", "release", NULL),
		env_str(env, "virtualization", "accelerator", NULL));
	print_timer(r, f);
	if (json_object_object_get(env, "target"))
		fprintf(f, "  target %s: %s on %s (%s), statx DAX %s\n",
			env_str(env, "target", "path", NULL),
			env_str(env, "target", "filesystem", NULL),
			env_str(env, "target", "device", NULL),
			env_str(env, "target", "mount_options", NULL),
			env_str(env, "target", "statx_dax", NULL));
}

/* "  noisy (why)" after a metric judged noisy, else nothing. */
static const char *noisy_mark(struct json_object *m)
{
	static char buf[200];
	struct json_object *s, *v, *why;

	if (!json_object_object_get_ex(m, "stability", &s) ||
	    !json_object_object_get_ex(s, "verdict", &v) ||
	    strcmp(json_object_get_string(v), "noisy"))
		return "";
	json_object_object_get_ex(s, "reason", &why);
	snprintf(buf, sizeof(buf), "  NOISY: %s", json_object_get_string(why));
	return buf;
}

void db_result_print(struct db_result *r, FILE *f)
{
	struct json_object *v;
	double mean, sd;
	size_t i;
	int n;

	print_header(r, f);
	fprintf(f, "  parameters:");
	json_object_object_foreach(r->params, pk, pv)
		fprintf(f, " %s=%s", pk, pv ? json_object_get_string(pv) : "null");
	fprintf(f, "\n\n  %-34s %14s %9s  %-8s %s\n", "metric", "mean", "stddev",
		"unit", "n");
	json_object_object_foreach(r->metrics, key, m) {
		json_object_object_get_ex(m, "values", &v);
		summarize(v, &mean, &sd, &n);
		if (!n) {
			/* Never measured: say so rather than print nan. */
			fprintf(f, "  %-34s %14s %9s  %-8s %d\n", key,
				"not measured", "-",
				json_object_get_string(json_object_object_get(m, "unit")), n);
			continue;
		}
		fprintf(f, "  %-34s %14.6g %8.1f%%  %-8s %d%s\n", key, mean,
			mean != 0 ? 100.0 * sd / fabs(mean) : 0.0,
			json_object_get_string(json_object_object_get(m, "unit")), n,
			noisy_mark(m));
	}
	for (i = 0; i < json_object_array_length(r->notes); i++)
		fprintf(f, "%s%s\n", i ? "        " : "  note: ",
			json_object_get_string(json_object_array_get_idx(r->notes, i)));
}

int db_result_emit(struct db_result *r, const char *output, bool json)
{
	int ret = 0;

	if (output && db_result_write(r, output))
		ret = -1;
	if (json)
		return db_result_write(r, "-") ? -1 : ret;
	db_result_json(r);
	db_result_print(r, stdout);
	return ret;
}
