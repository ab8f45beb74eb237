// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench history regressions: every series' change points, printed
 * the way the kernel test robot mails a regression (the metric, before
 * and after with their spread, %change, the first bad and last good run
 * and kernel), followed by the values they were found in.  Exit 1 when
 * one is a regression: a nightly job fails on it.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "format.h"
#include "history.h"
#include "schema.h"
#include "since.h"

/* Runs of each side shown under a change: the ones nearest to it. */
#define SHOW_RUNS	6

struct found {
	struct de_finding f;
	const struct se_run **runs;	/* the series' runs, [nruns] */
	size_t nruns;
	double *v;			/* its values */
	size_t *start;
	char *what, *test, *unit, *better;
};

struct report {
	const struct de_opts *o;
	const char *since;		/* a UTC time, or NULL */
	struct found *f;
	size_t n, series, nkind[3];
};

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		abort();
	return d;
}

static void *xmemdup(const void *p, size_t n)
{
	void *d = malloc(n ? n : 1);

	if (!d)
		abort();
	memcpy(d, p, n);
	return d;
}

static int collect(void *arg, const struct se_series *s)
{
	struct report *r = arg;
	struct de_finding *f;
	struct found *x;
	int n, i;

	r->series++;
	n = de_series(s, r->o, &f);
	if (n < 0)
		return -1;
	for (i = 0; i < n; i++) {
		if (r->since && strcmp(s->runs[f[i].c.run]->started, r->since) < 0)
			continue;
		r->f = realloc(r->f, (r->n + 1) * sizeof(*r->f));
		if (!r->f)
			abort();
		x = &r->f[r->n++];
		x->f = f[i];
		x->nruns = s->nruns;
		x->runs = xmemdup(s->runs, s->nruns * sizeof(*s->runs));
		x->start = xmemdup(s->start, (s->nruns + 1) * sizeof(*s->start));
		x->v = xmemdup(s->v, s->start[s->nruns] * sizeof(*s->v));
		if (asprintf(&x->what, "%s.%s.%s", s->path, s->name, s->metric) < 0 ||
		    asprintf(&x->test, "%s %s %s %s", s->benchmark, s->path, s->name,
			     s->params) < 0)
			abort();
		x->unit = xstrdup(s->unit);
		x->better = xstrdup(s->better);
		r->nkind[f[i].kind]++;
	}
	free(f);
	return 0;
}

/* Regressions first, then improvements, then changes; then by size. */
static int order(const void *a, const void *b)
{
	const struct found *x = a, *y = b;
	double dx = fabs(x->f.c.change_pct), dy = fabs(y->f.c.change_pct);

	if (x->f.kind != y->f.kind)
		return (int)x->f.kind - (int)y->f.kind;
	if (isnan(dx) != isnan(dy))
		return isnan(dx) ? -1 : 1;
	return (dx < dy) - (dx > dy);
}

/* "±  2%" as the robot prints it; blank when there is no spread. */
static void spread(char *buf, size_t len, double sd, double mean)
{
	if (sd == 0 || mean == 0 || isnan(mean))
		snprintf(buf, len, "      ");
	else
		snprintf(buf, len, "±%4.1f%%", 100 * sd / fabs(mean));
}

static void print_inputs(const struct found *x)
{
	size_t r, i, lo, hi, k = x->f.c.run;
	char b[32];

	lo = x->f.c.before.first + SHOW_RUNS < k ? k - SHOW_RUNS : x->f.c.before.first;
	hi = k + SHOW_RUNS < x->f.c.after.end ? k + SHOW_RUNS : x->f.c.after.end;
	printf("  inputs (%zu runs before, %zu after; run, kernel: values):\n",
	       k - x->f.c.before.first, x->f.c.after.end - k);
	if (lo > x->f.c.before.first)
		printf("    ... %zu earlier runs\n", lo - x->f.c.before.first);
	for (r = lo; r < hi; r++) {
		if (r == k)
			printf("    ---- change ----\n");
		printf("    %-32s %-24s", x->runs[r]->run_id, x->runs[r]->kernel);
		for (i = x->start[r]; i < x->start[r + 1]; i++)
			printf(" %s", fmt_num(b, sizeof(b), x->v[i]));
		printf("\n");
	}
	if (hi < x->f.c.after.end)
		printf("    ... %zu later runs\n", x->f.c.after.end - hi);
}

static void print_one(const struct found *x, const struct de_opts *o)
{
	const struct cpd_change *c = &x->f.c;
	const struct se_run *bad = x->runs[c->run], *good = x->runs[c->run - 1];
	const struct cpd_opts *co = x->f.deterministic ? &o->exact : &o->noisy;
	char b1[32], b2[32], s1[16], s2[16], pct[32];

	if (isnan(c->change_pct))
		snprintf(pct, sizeof(pct), "from 0");
	else
		snprintf(pct, sizeof(pct), "%+.1f%%", c->change_pct);
	printf("\ndaxbench history noticed a %s%.1f%% %s of %s\n",
	       isnan(c->change_pct) ? "(from 0) " : "",
	       isnan(c->change_pct) ? 0.0 : fabs(c->change_pct), de_kind_name(x->f.kind), x->what);
	printf("  first bad: %s  kernel %s  (%s)\n", bad->run_id, bad->kernel, bad->started);
	printf("  last good: %s  kernel %s  (%s)\n", good->run_id, good->kernel, good->started);
	printf("  test:      %s\n", x->test);
	/* A nightly job measures one thing changing: say when two did. */
	if (strcmp(bad->tool, good->tool))
		printf("  caution:   daxbench changed too, %s -> %s: the change may be the tool's\n",
		       *good->tool ? good->tool : "unknown", *bad->tool ? bad->tool : "unknown");
	printf("\n");
	printf("  %26s  %-26s\n", good->kernel, bad->kernel);
	printf("  ---------------- ---------------------------\n");
	printf("          %%stddev     %%change         %%stddev\n");
	spread(s1, sizeof(s1), c->before.sd, c->before.mean);
	spread(s2, sizeof(s2), c->after.sd, c->after.mean);
	printf("  %10s %s %10s %10s %s  %s\n", fmt_num(b1, sizeof(b1), c->before.mean), s1,
	       pct, fmt_num(b2, sizeof(b2), c->after.mean), s2, x->what);
	printf("\n  p = %.2g: Student's t on %zu vs %zu %s, corrected for %zu places; "
	       "threshold %.1f%% (%s metric); unit %s, %s is better\n",
	       c->p, c->tested_n[0], c->tested_n[1],
	       co->per_run ? "run means" : "raw repeats", c->places, co->min_change,
	       x->f.deterministic ? "deterministic" : "noisy", x->unit,
	       !strcmp(x->better, "neither") ? "neither" : x->better);
	print_inputs(x);
}

static void free_found(struct report *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->f[i].runs);
		free(r->f[i].start);
		free(r->f[i].v);
		free(r->f[i].what);
		free(r->f[i].test);
		free(r->f[i].unit);
		free(r->f[i].better);
	}
	free(r->f);
}

static const struct option opts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "since", required_argument, NULL, 's' },
	{ "machine", required_argument, NULL, 'm' },
	{ "alpha", required_argument, NULL, 'a' },
	{ "min-change-counts", required_argument, NULL, 'c' },
	{ "min-change-times", required_argument, NULL, 't' },
	{ "min-runs", required_argument, NULL, 'r' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: daxbench history regressions [--db DB] [--since RUN|DATE] [--machine M]\n"
		"\n"
		"Find the change points of every series (machine, path, measurement,\n"
		"metric; runs in time order) and print each as the kernel test robot\n"
		"would, with the values it was found in.  Exit 1 if one is a regression.\n"
		"\n"
		"  --db DB                 SQLite file or postgresql:// URL (default %s)\n"
		"  --since RUN|DATE        only changes whose first bad run is this run or\n"
		"                          later, or started on or after DATE (UTC;\n"
		"                          2026-11-24 or 2026-11-24T02:15:00Z)\n"
		"  --machine M             only machine M (its name, or its host name)\n"
		"  --min-change-counts P   deterministic metrics: smallest change, %% (0.5)\n"
		"  --min-change-times P    times and rates: smallest change, %% (5)\n"
		"  --alpha A               a change needs p below A (0.001)\n"
		"  --min-runs N            runs needed on each side of a change (2)\n",
		hi_default_db());
}

static int num_opt(const char *opt, const char *arg, double lo, double hi, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(arg, &end);
	if (!*arg || *end || errno || !(*out >= lo && *out <= hi)) {
		fprintf(stderr, "%s: %s '%s': expected a number from %g to %g\n",
			program_invocation_short_name, opt, arg, lo, hi);
		return -1;
	}
	return 0;
}

/* --since: a run of the database, or a date. */
static int resolve_since(const struct se_meta *m, const char *arg, char out[SINCE_LEN])
{
	size_t i;

	for (i = 0; i < m->nruns; i++)
		if (!strcmp(m->runs[i].run_id, arg)) {
			snprintf(out, SINCE_LEN, "%s", m->runs[i].started);
			return 0;
		}
	if (!since_date(arg, out))
		return 0;
	fprintf(stderr, "%s: --since '%s': neither a run in the database nor a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)\n",
		program_invocation_short_name, arg);
	return -1;
}

/* --machine: by name, or by host name when that names one machine. */
static int resolve_machine(const struct se_meta *m, struct hs_db *db, const char *arg,
			   long long *id)
{
	size_t i, hits = 0;
	char key[512];

	for (i = 0; i < m->nmachines; i++)
		if (!strcmp(m->machines[i].name, arg)) {
			*id = m->machines[i].id;
			return 0;
		}
	snprintf(key, sizeof(key), "host=%s;", arg);
	for (i = 0; i < m->nmachines; i++)
		if (!strncmp(m->machines[i].fingerprint, key, strlen(key))) {
			*id = m->machines[i].id;
			hits++;
		}
	if (hits == 1)
		return 0;
	fprintf(stderr, "%s: --machine '%s': %s in %s; machines:",
		program_invocation_short_name, arg,
		hits ? "names several machines" : "no such machine", hs_name(db));
	for (i = 0; i < m->nmachines; i++)
		fprintf(stderr, " %s", m->machines[i].name);
	fprintf(stderr, "%s\n", m->nmachines ? "" : " none");
	return -1;
}

static int parse(int argc, char **argv, struct de_opts *o, const char **url,
		 const char **since, const char **machine)
{
	double x;
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': *url = optarg; break;
		case 's': *since = optarg; break;
		case 'm': *machine = optarg; break;
		case 'a':
			if (num_opt("--alpha", optarg, 1e-12, 0.5, &x))
				return 2;
			o->exact.alpha = o->noisy.alpha = x;
			break;
		case 'c':
			if (num_opt("--min-change-counts", optarg, 0, 1000, &o->exact.min_change))
				return 2;
			break;
		case 't':
			if (num_opt("--min-change-times", optarg, 0, 1000, &o->noisy.min_change))
				return 2;
			break;
		case 'r':
			if (num_opt("--min-runs", optarg, 1, 1000, &x) || x != (size_t)x) {
				if (x != (size_t)x)
					fprintf(stderr, "%s: --min-runs '%s': expected a whole number\n",
						program_invocation_short_name, optarg);
				return 2;
			}
			o->exact.min_runs = o->noisy.min_runs = (size_t)x;
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: regressions: unexpected argument '%s'\n",
			program_invocation_short_name, argv[optind]);
		return 2;
	}
	return -1;
}

static void print_all(struct report *r, const struct se_meta *m, struct hs_db *db)
{
	long long last = -1;
	size_t i;

	if (r->n)
		qsort(r->f, r->n, sizeof(*r->f), order);
	printf("daxbench history regressions: %s: %zu machines, %zu runs, %zu series\n",
	       hs_name(db), m->nmachines, m->nruns, r->series);
	printf("thresholds: counts and insns_* |change| >= %g%% on raw repeats; times and rates >= %g%% on run means; p < %g; %zu runs a side\n",
	       r->o->exact.min_change, r->o->noisy.min_change, r->o->exact.alpha,
	       r->o->exact.min_runs);
	for (i = 0; i < r->n; i++) {
		const struct se_machine *mc = se_machine_by_id(m, r->f[i].runs[0]->machine);

		if (mc && mc->id != last) {
			printf("\n=== machine %s\n    %s\n", mc->name, mc->fingerprint);
			if (mc->emulated)
				printf("    note: emulated CPU (TCG): changes of times and rates are the emulator's, not representative of hardware\n");
			last = mc->id;
		}
		print_one(&r->f[i], r->o);
	}
	printf("\n%zu regressions, %zu improvements, %zu changes%s%s\n",
	       r->nkind[DE_REGRESSION], r->nkind[DE_IMPROVEMENT], r->nkind[DE_CHANGE],
	       r->since ? " since " : "", r->since ? r->since : "");
}

int hi_regressions(int argc, char **argv)
{
	const char *url = hi_default_db(), *since_arg = NULL, *machine = NULL;
	struct de_opts o;
	struct report r = { .o = &o };
	struct se_meta m = { 0 };
	char since[SINCE_LEN];
	struct hs_db *db;
	long long mid = -1;
	int ret;

	de_defaults(&o);
	ret = parse(argc, argv, &o, &url, &since_arg, &machine);
	if (ret >= 0)
		return ret;
	db = hs_open(url, HS_READ);
	if (!db)
		return 2;
	ret = 2;
	if (sc_prepare(db, HS_READ) || se_meta_load(db, &m))
		goto out;
	if (since_arg && resolve_since(&m, since_arg, since))
		goto out;
	if (machine && resolve_machine(&m, db, machine, &mid))
		goto out;
	r.since = since_arg ? since : NULL;
	if (se_scan(db, &m, mid, collect, &r))
		goto out;
	print_all(&r, &m, db);
	ret = r.nkind[DE_REGRESSION] ? 1 : 0;
out:
	free_found(&r);
	se_meta_free(&m);
	hs_close(db);
	return ret;
}
