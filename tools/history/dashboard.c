// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench dashboard: read the history, find every series' change
 * points (the same detector as 'daxbench history regressions'), compare
 * each machine's latest run with its previous one, and write it all as
 * the data of one static page.  The page only draws: every number in it
 * is computed here.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "dashboard.h"
#include "detect.h"
#include "history.h"
#include "schema.h"
#include "stats.h"

struct build {
	const struct se_meta *m;
	const struct de_opts *o;
	const char *out;		/* --out, resolved */
	size_t *latest, *previous;	/* per machine index: run index or SIZE_MAX */
	json_object *series, *latest_rows;
	size_t nseries, npoints, nchanges[3];
};

static json_object *num(double v)
{
	return isfinite(v) ? json_object_new_double(v) : NULL;
}

static json_object *str(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static size_t machine_index(const struct se_meta *m, long long id)
{
	size_t i;

	for (i = 0; i < m->nmachines; i++)
		if (m->machines[i].id == id)
			return i;
	return 0;
}

/* The run's page for the hover box: its plots, else its directory. */
static json_object *run_link(const char *out, const struct se_run *r)
{
	char plots[PATH_MAX], rel[PATH_MAX * 2] = "";
	const char *target = r->dir, *a, *b;
	struct stat st;
	size_t common = 0, i;

	if (!r->dir || !*r->dir || stat(r->dir, &st))
		return NULL;
	snprintf(plots, sizeof(plots), "%s/plots", r->dir);
	if (!stat(plots, &st) && S_ISDIR(st.st_mode))
		target = plots;
	/* Relative to the page: works from file:// and from a server of both. */
	for (i = 0; out[i] && out[i] == target[i]; i++)
		if (out[i] == '/')
			common = i;
	if ((!out[i] && target[i] == '/') || (!out[i] && !target[i]))
		common = i;
	for (a = out + common; *a; a++)
		if (*a == '/')
			strcat(rel, "../");
	b = target + common + (target[common] == '/');
	if (strlen(rel) + strlen(b) + 2 >= sizeof(rel))
		return NULL;
	strcat(rel, b);
	strcat(rel, "/");
	return json_object_new_string(rel);
}

static json_object *runs_json(const struct build *b)
{
	json_object *a = json_object_new_array(), *o;
	size_t i;

	for (i = 0; i < b->m->nruns; i++) {
		const struct se_run *r = &b->m->runs[i];

		o = json_object_new_object();
		json_object_object_add(o, "id", str(r->run_id));
		json_object_object_add(o, "m", json_object_new_int64((int64_t)machine_index(b->m, r->machine)));
		json_object_object_add(o, "t", str(r->started));
		json_object_object_add(o, "k", str(r->kernel));
		json_object_object_add(o, "tool", str(r->tool));
		json_object_object_add(o, "status", str(r->status));
		json_object_object_add(o, "href", run_link(b->out, r));
		json_object_array_add(a, o);
	}
	return a;
}

static json_object *machines_json(const struct build *b)
{
	json_object *a = json_object_new_array(), *o;
	size_t i;

	for (i = 0; i < b->m->nmachines; i++) {
		o = json_object_new_object();
		json_object_object_add(o, "name", str(b->m->machines[i].name));
		json_object_object_add(o, "fingerprint", str(b->m->machines[i].fingerprint));
		json_object_object_add(o, "emulated", json_object_new_boolean(b->m->machines[i].emulated));
		json_object_object_add(o, "latest", b->latest[i] == SIZE_MAX ? NULL :
				       json_object_new_int64((int64_t)b->latest[i]));
		json_object_object_add(o, "previous", b->previous[i] == SIZE_MAX ? NULL :
				       json_object_new_int64((int64_t)b->previous[i]));
		json_object_array_add(a, o);
	}
	return a;
}

/* Each machine's latest and previous complete-enough runs. */
static void find_latest(struct build *b)
{
	size_t i, k;

	b->latest = malloc((b->m->nmachines + 1) * sizeof(size_t));
	b->previous = malloc((b->m->nmachines + 1) * sizeof(size_t));
	if (!b->latest || !b->previous)
		abort();
	for (i = 0; i < b->m->nmachines; i++) {
		b->latest[i] = b->previous[i] = SIZE_MAX;
		for (k = 0; k < b->m->nruns; k++) {
			if (b->m->runs[k].machine != b->m->machines[i].id)
				continue;
			b->previous[i] = b->latest[i];
			b->latest[i] = k;	/* runs are in time order */
		}
	}
}

/* [run, mean, sd, n] per run of @s. */
static json_object *points(const struct se_series *s, size_t *n)
{
	json_object *a = json_object_new_array(), *p;
	struct st_summary sum;
	size_t r;

	for (r = 0; r < s->nruns; r++) {
		st_summarize(s->v + s->start[r], s->start[r + 1] - s->start[r], &sum);
		p = json_object_new_array();
		json_object_array_add(p, json_object_new_int64((int64_t)s->runs[r]->index));
		json_object_array_add(p, num(sum.mean));
		json_object_array_add(p, num(sum.sd));
		json_object_array_add(p, json_object_new_int64((int64_t)sum.n));
		json_object_array_add(a, p);
	}
	*n = s->nruns;
	return a;
}

static json_object *changes(struct build *b, const struct se_series *s, bool *regressed)
{
	json_object *a = json_object_new_array(), *c;
	struct de_finding *f;
	int n, i;

	*regressed = false;
	n = de_series(s, b->o, &f);
	for (i = 0; i < n; i++) {
		c = json_object_new_object();
		json_object_object_add(c, "run", json_object_new_int64((int64_t)s->runs[f[i].c.run]->index));
		json_object_object_add(c, "good", json_object_new_int64((int64_t)s->runs[f[i].c.run - 1]->index));
		json_object_object_add(c, "kind", str(de_kind_name(f[i].kind)));
		json_object_object_add(c, "tool_changed", json_object_new_boolean(
			strcmp(s->runs[f[i].c.run]->tool, s->runs[f[i].c.run - 1]->tool) != 0));
		json_object_object_add(c, "pct", num(f[i].c.change_pct));
		json_object_object_add(c, "p", num(f[i].c.p));
		json_object_object_add(c, "before", num(f[i].c.before.mean));
		json_object_object_add(c, "before_sd", num(f[i].c.before.sd));
		json_object_object_add(c, "after", num(f[i].c.after.mean));
		json_object_object_add(c, "after_sd", num(f[i].c.after.sd));
		json_object_array_add(a, c);
		b->nchanges[f[i].kind]++;
		if (f[i].kind == DE_REGRESSION)
			*regressed = true;
	}
	free(f);
	return a;
}

/*
 * The latest run against the previous one, for the overview: the same
 * test as compare (Welch's t on the two runs' repeats, p < 0.05; times
 * from an emulated CPU not judged) with the history's thresholds;
 * "same" rows are left out.
 */
static void latest_row(struct build *b, const struct se_series *s, size_t series)
{
	size_t mi = machine_index(b->m, s->machine), n = s->nruns;
	bool exact = se_deterministic(s->metric, s->unit);
	const struct cpd_opts *co = exact ? &b->o->exact : &b->o->noisy;
	struct st_summary x, y;
	struct st_test t;
	json_object *o;
	double pct;
	const char *kind;

	if (n < 2 || s->runs[n - 1]->index != b->latest[mi] ||
	    s->runs[n - 2]->index != b->previous[mi])
		return;
	st_summarize(s->v + s->start[n - 2], s->start[n - 1] - s->start[n - 2], &x);
	st_summarize(s->v + s->start[n - 1], s->start[n] - s->start[n - 1], &y);
	st_welch(&x, &y, &t);
	pct = st_change_pct(x.mean, y.mean);
	if (!isnan(pct) && fabs(pct) < co->min_change)
		return;
	/* As compare does: an emulated CPU's times are not judged. */
	if (!exact && b->m->machines[mi].emulated)
		kind = "emulated";
	else if (!t.valid)
		kind = "untested";
	else if (!(t.p < 0.05))
		kind = "insignificant";
	else if (!strcmp(s->better, "neither"))
		kind = "change";
	else if ((y.mean > x.mean) == !strcmp(s->better, "lower"))
		kind = "regression";
	else
		kind = "improvement";
	o = json_object_new_object();
	json_object_object_add(o, "s", json_object_new_int64((int64_t)series));
	json_object_object_add(o, "kind", str(kind));
	json_object_object_add(o, "pct", num(pct));
	json_object_object_add(o, "p", t.valid ? num(t.p) : NULL);
	json_object_object_add(o, "before", num(x.mean));
	json_object_object_add(o, "after", num(y.mean));
	json_object_array_add(b->latest_rows, o);
}

static int add_series(void *arg, const struct se_series *s)
{
	struct build *b = arg;
	json_object *o = json_object_new_object();
	size_t np;
	bool regressed;

	json_object_object_add(o, "m", json_object_new_int64((int64_t)machine_index(b->m, s->machine)));
	json_object_object_add(o, "path", str(s->path));
	json_object_object_add(o, "name", str(s->name));
	json_object_object_add(o, "bench", str(s->benchmark));
	json_object_object_add(o, "params", str(s->params));
	json_object_object_add(o, "metric", str(s->metric));
	json_object_object_add(o, "unit", str(s->unit));
	json_object_object_add(o, "better", str(s->better));
	json_object_object_add(o, "det", json_object_new_boolean(se_deterministic(s->metric, s->unit)));
	json_object_object_add(o, "pts", points(s, &np));
	json_object_object_add(o, "cps", changes(b, s, &regressed));
	json_object_array_add(b->series, o);
	latest_row(b, s, b->nseries);
	b->nseries++;
	b->npoints += np;
	return 0;
}

static const struct option opts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "out", required_argument, NULL, 'o' },
	{ "title", required_argument, NULL, 't' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: daxbench dashboard [--db DB] --out DIR [--title TEXT]\n"
		"\n"
		"Write the history as a static HTML page, DIR/index.html: the latest run\n"
		"of each machine against the previous, the change points found, and a\n"
		"trend chart per metric with DAX and page-cache paths together.  It works\n"
		"from file:// and any static web server, with no network.\n"
		"\n"
		"  --db DB       SQLite file or postgresql:// URL (default %s)\n"
		"  --out DIR     where to write index.html (created if missing)\n"
		"  --title TEXT  the page's title (default: daxbench history)\n",
		hi_default_db());
}

static char *now_utc(void)
{
	static char buf[32];
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

static json_object *thresholds(const struct de_opts *o)
{
	json_object *t = json_object_new_object();

	json_object_object_add(t, "counts_pct", num(o->exact.min_change));
	json_object_object_add(t, "times_pct", num(o->noisy.min_change));
	json_object_object_add(t, "alpha", num(o->exact.alpha));
	json_object_object_add(t, "min_runs", json_object_new_int64((int64_t)o->exact.min_runs));
	return t;
}

static int build(struct hs_db *db, const char *out, const char *title, const struct de_opts *o)
{
	struct se_meta m;
	struct build b = { .m = &m, .o = o, .out = out };
	json_object *data;
	int ret = -1;

	if (se_meta_load(db, &m))
		return -1;
	find_latest(&b);
	b.series = json_object_new_array();
	b.latest_rows = json_object_new_array();
	if (se_scan(db, &m, -1, add_series, &b)) {
		json_object_put(b.series);
		json_object_put(b.latest_rows);
		goto out;
	}
	data = json_object_new_object();
	json_object_object_add(data, "title", str(title));
	json_object_object_add(data, "db", str(hs_name(db)));
	json_object_object_add(data, "generated", str(now_utc()));
	json_object_object_add(data, "thresholds", thresholds(o));
	json_object_object_add(data, "machines", machines_json(&b));
	json_object_object_add(data, "runs", runs_json(&b));
	json_object_object_add(data, "series", b.series);
	json_object_object_add(data, "latest", b.latest_rows);
	ret = dp_write(out, data);
	json_object_put(data);
	if (!ret)
		printf("dashboard: %s/index.html: %zu machines, %zu runs, %zu series, %zu points; %zu regressions, %zu improvements, %zu changes\n",
		       out, m.nmachines, m.nruns, b.nseries, b.npoints, b.nchanges[DE_REGRESSION],
		       b.nchanges[DE_IMPROVEMENT], b.nchanges[DE_CHANGE]);
out:
	free(b.latest);
	free(b.previous);
	se_meta_free(&m);
	return ret;
}

int main(int argc, char **argv)
{
	const char *url = hi_default_db(), *out = NULL, *title = "daxbench history";
	char abs[PATH_MAX];
	struct de_opts o;
	struct hs_db *db;
	int c, ret;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': url = optarg; break;
		case 'o': out = optarg; break;
		case 't': title = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (!out || !*out || optind < argc) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name,
			optind < argc ? "unexpected arguments" : "--out DIR is required");
		usage(stderr);
		return 2;
	}
	if (mkdir(out, 0777) && errno != EEXIST) {
		fprintf(stderr, "%s: --out %s: %s\n", program_invocation_short_name, out, strerror(errno));
		return 1;
	}
	if (!realpath(out, abs)) {
		fprintf(stderr, "%s: --out %s: %s\n", program_invocation_short_name, out, strerror(errno));
		return 1;
	}
	de_defaults(&o);
	db = hs_open(url, HS_READ);
	if (!db)
		return 1;
	ret = sc_prepare(db, HS_READ) || build(db, abs, title, &o) ? 1 : 0;
	hs_close(db);
	return ret;
}
