// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-summary: the table daxbench run prints at the end.  One block
 * per path, one line per key metric of each measurement: mean, stddev
 * in percent of the mean, unit, and for a DAX path the ratio of its mean
 * to the same measurement's mean on the page-cache counterpart
 * (ext4-dax / ext4-pagecache), or when daxbench run took the two paths'
 * repeats in turn, the median of the per-pair ratios.  Only numbers found in the result files
 * are printed; a missing counterpart or value prints "-".  A time, rate
 * or ratio judged noisy (docs/metrics.md, "Stability") is marked, its
 * reason listed under the table, and so is the noise probe's verdict on
 * the machine (run.json "noise").
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "keymetrics.h"
#include "runload.h"
#include "stats.h"
#include "version.h"

/* Without a list of key metrics: this many that have a better direction. */
#define FALLBACK_METRICS 3

/* Were @m's repeats taken in turn with the other paths'? */
static bool alternated(const struct rl_meas *m)
{
	struct json_object *notes = ju_get(m->result, "notes");
	size_t i;

	for (i = 0; json_object_is_type(notes, json_type_array) &&
		    i < json_object_array_length(notes); i++)
		if (!strcmp(json_object_get_string(json_object_array_get_idx(notes, i)) ?: "",
			    DB_ALTERNATE_NOTE))
			return true;
	return false;
}

/*
 * DAX over page cache: per pair of repeats measured back to back, their
 * median (a slow moment hits both sides of a pair); else the means'.
 */
static double dax_ratio(const struct rl_meas *m, const struct rl_metric *a,
			const struct rl_meas *om, const struct rl_metric *b)
{
	struct st_summary s, o;
	struct db_median_ci ci;
	double r[64];
	size_t i;

	if (alternated(m) && alternated(om) && a->n == b->n && !a->nnull &&
	    !b->nnull && a->n && a->n <= 64) {
		for (i = 0; i < a->n; i++)
			r[i] = b->v[i] != 0 ? a->v[i] / b->v[i] : NAN;
		db_median_ci(r, a->n, 0.95, &ci);
		return ci.median;
	}
	st_summarize(a->v, a->n, &s);
	st_summarize(b->v, b->n, &o);
	return o.n && o.mean != 0 ? s.mean / o.mean : NAN;
}

static void print_metric(const struct rl_run *run, const char *label,
			 const struct rl_meas *m, const struct rl_metric *mt,
			 const char *counterpart)
{
	const struct rl_meas *om = NULL;
	const struct rl_metric *other = NULL;
	struct st_summary s;
	double r;
	const char *shown;
	char num[32], ratio[32] = "-", spread[16] = "-";

	st_summarize(mt->v, mt->n, &s);
	if (!s.n) {
		printf("  %-26s %-22s %12s %7s  %s\n", label, mt->name, "null", "",
		       mt->unit);
		return;
	}
	if (counterpart) {
		om = rl_find(run, counterpart, m->id);
		other = om ? rl_metric(om, mt->name) : NULL;
	}
	if (other) {
		r = dax_ratio(m, mt, om, other);
		if (isfinite(r))
			snprintf(ratio, sizeof(ratio), "%.3g", r);
	}
	fmt_human(num, sizeof(num), s.mean, mt->unit, &shown);
	/* One repeat has no spread to show. */
	if (s.n > 1)
		snprintf(spread, sizeof(spread), "%6.1f%%",
			 isnan(s.sd_pct) ? 0.0 : s.sd_pct);
	printf("  %-26s %-22s %12s %7s  %s", label, mt->name, num, spread, shown);
	if (counterpart)
		printf("%*s%s", (int)(12 - strlen(shown)), "", ratio);
	/* A ratio is as noisy as either of its sides. */
	if (rl_noisy(mt) || rl_noisy(other))
		printf("%*s  NOISY", counterpart ? (int)(8 - strlen(ratio)) : 0, "");
	printf("\n");
}

/* The metrics worth a line: the benchmark's key metrics, else a few ranked ones. */
static void print_result(const struct rl_run *run, const struct rl_meas *m,
			 const char *counterpart)
{
	const char *label = m->id;
	bool listed = km_listed(m->benchmark);
	size_t i;
	int shown = 0;

	for (i = 0; i < m->nmetrics; i++) {
		const struct rl_metric *mt = &m->metrics[i];

		if (listed ? !km_is_key(m->benchmark, mt->name) :
		    (mt->better == DB_NEITHER || shown >= FALLBACK_METRICS))
			continue;
		print_metric(run, label, m, mt, counterpart);
		label = "";
		shown++;
	}
	if (!shown)
		printf("  %-26s (no key metric in the result)\n", m->id);
}

/* Under the table: why each marked metric was judged noisy. */
static void print_noisy(const struct rl_run *run)
{
	const struct rl_meas *m;
	size_t i, j;
	int n = 0;

	for (i = 0; i < run->nmeas; i++) {
		m = &run->meas[i];
		for (j = 0; j < m->nmetrics; j++) {
			if (!rl_noisy(&m->metrics[j]) ||
			    (km_listed(m->benchmark) &&
			     !km_is_key(m->benchmark, m->metrics[j].name)))
				continue;
			if (!n++)
				printf("\nNOISY: judged too unstable to compare (docs/metrics.md, \"Stability\"):\n");
			printf("  %s %s %s: %s\n", m->path, m->id, m->metrics[j].name,
			       m->metrics[j].why);
		}
	}
}

/* The noise probe's verdict on the machine, with its reasons. */
static void print_machine(const struct rl_run *run)
{
	struct json_object *noise = ju_get(run->root, "noise");
	struct json_object *reasons = ju_get(noise, "reasons");
	const char *v = ju_str(noise, "verdict");
	size_t i;

	if (!v)
		return;
	if (!strcmp(v, "noisy"))
		printf("\nmachine: NOISY (noise probe): this run's absolute times and rates are\nnot comparable with another run's; paired ratios carry their own verdict\n");
	else
		printf("\nmachine: %s (noise probe", v);
	if (strcmp(v, "noisy")) {
		if (ju_get(noise, "before.mem_bandwidth.median"))
			printf(": memory %.1f GB/s, getppid %.0f ns before the run",
			       json_object_get_double(ju_get(noise, "before.mem_bandwidth.median")),
			       json_object_get_double(ju_get(noise, "before.syscall_ns.median")));
		printf(")\n");
	}
	for (i = 0; json_object_is_type(reasons, json_type_array) &&
		    i < json_object_array_length(reasons); i++)
		printf("  %s\n", json_object_get_string(json_object_array_get_idx(reasons, i)));
}

static struct json_object *path_entry(const struct rl_run *run, const char *name)
{
	struct json_object *ps = ju_get(run->root, "paths"), *p;
	size_t i;

	for (i = 0; i < json_object_array_length(ps); i++) {
		p = json_object_array_get_idx(ps, i);
		if (!strcmp(ju_str(p, "name") ?: "", name))
			return p;
	}
	return NULL;
}

static bool is_dax(struct json_object *p)
{
	return json_object_get_boolean(ju_get(p, "dax"));
}

static bool usable_pagecache(const struct rl_run *run, const char *name)
{
	struct json_object *p = path_entry(run, name);

	return p && !is_dax(p) && !strcmp(ju_str(p, "status") ?: "", "ok");
}

/*
 * The page-cache path a DAX path is compared with: NAME-pagecache for
 * NAME-dax when the run has it, else the first other *-pagecache path.
 */
static const char *counterpart(const struct rl_run *run, struct json_object *p,
			       char *buf, size_t len)
{
	struct json_object *ps = ju_get(run->root, "paths"), *q;
	const char *name = ju_str(p, "name") ?: "", *qn;
	size_t n = strlen(name), i;

	if (!is_dax(p))
		return NULL;
	if (n > 4 && !strcmp(name + n - 4, "-dax")) {
		snprintf(buf, len, "%.*s-pagecache", (int)(n - 4), name);
		if (usable_pagecache(run, buf))
			return buf;
	}
	for (i = 0; i < json_object_array_length(ps); i++) {
		q = json_object_array_get_idx(ps, i);
		qn = ju_str(q, "name") ?: "";
		n = strlen(qn);
		if (n > 10 && !strcmp(qn + n - 10, "-pagecache") &&
		    usable_pagecache(run, qn)) {
			snprintf(buf, len, "%s", qn);
			return buf;
		}
	}
	return NULL;
}

static void print_path(const struct rl_run *run, struct json_object *p)
{
	const struct rl_meas *m;
	const char *name = ju_str(p, "name") ?: "?", *cp;
	char buf[256], head[300];
	size_t i;

	if (strcmp(ju_str(p, "status") ?: "", "ok")) {
		printf("\n%s  (%s: %s)\n", name, ju_str(p, "status") ?: "?",
		       ju_str(p, "reason") ?: "no reason given");
		return;
	}
	printf("\n%s  (%s, DAX: %s, %s)\n", name,
	       ju_str(p, "filesystem.filesystem") ?: "?",
	       ju_get(p, "dax") ? (is_dax(p) ? "yes" : "no") : "unknown",
	       ju_str(p, "dir") ?: "-");
	cp = counterpart(run, p, buf, sizeof(buf));
	snprintf(head, sizeof(head), "%s/%s", name, cp ? cp : "");
	printf("  %-26s %-22s %12s %7s  %s", "measurement", "metric",
	       "mean", "stddev", "unit");
	if (cp)
		printf("%*s%s", 12 - 4, "", head);
	printf("\n");
	for (i = 0; i < run->nmeas; i++) {
		m = &run->meas[i];
		if (strcmp(m->path, name))
			continue;
		if (!strcmp(m->status, "ok") && m->result)
			print_result(run, m, cp);
		else
			printf("  %-26s %s%s%s\n", m->id, m->status,
			       m->reason ? ": " : "", m->reason ? m->reason : "");
	}
}

static void print_header(const struct rl_run *run)
{
	const char *status = ju_str(run->root, "status") ?: "?";

	printf("daxbench run %s: profile %s, %s%s%s\n",
	       run->run_id, ju_str(run->root, "profile") ?: "?",
	       status, ju_str(run->root, "reason") ? ": " : "",
	       ju_str(run->root, "reason") ?: "");
	printf("kernel %s, %s, %s\n", ju_str(run->env, "kernel.release") ?: "?",
	       ju_str(run->env, "virtualization.accelerator") ?: "?",
	       ju_str(run->env, "cpu.model") ?: "?");
	if (ju_get(run->root, "vm"))
		printf("guest: pmem %s, QEMU %s\n", ju_str(run->root, "vm.pmem") ?: "?",
		       ju_str(run->root, "vm.qemu") ?: "?");
}

/* run.json's "paths", which the loader leaves to its users. */
static struct json_object *paths_of(const struct rl_run *run, const char *dir)
{
	struct json_object *ps = ju_get(run->root, "paths");

	if (!json_object_is_type(ps, json_type_array)) {
		fprintf(stderr, "daxbench-summary: %s/run.json: \"paths\" is missing or not an array\n",
			dir);
		return NULL;
	}
	return ps;
}

int main(int argc, char **argv)
{
	struct rl_run run;
	struct json_object *ps;
	size_t i;
	int dax = 0, ret = 1;

	if (argc == 2 && !strcmp(argv[1], "--help")) {
		printf("usage: daxbench-summary RUN_DIR\n"
		       "Print the summary table of a daxbench run directory.\n");
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "--version")) {
		printf("daxbench-summary %s\n", DB_VERSION);
		return 0;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: daxbench-summary RUN_DIR\n");
		return 2;
	}
	if (rl_load(argv[1], &run))
		goto out;
	ps = paths_of(&run, run.dir);
	if (!ps)
		goto out;
	print_header(&run);
	for (i = 0; i < json_object_array_length(ps); i++) {
		print_path(&run, json_object_array_get_idx(ps, i));
		dax += is_dax(json_object_array_get_idx(ps, i));
	}
	if (!dax)
		printf("\nNo DAX path in this run: no DAX/page-cache ratios.\n");
	print_noisy(&run);
	print_machine(&run);
	for (i = 0; i < json_object_array_length(run.notes); i++)
		printf("%s%s\n", i ? "      " : "\nnote: ",
		       json_object_get_string(json_object_array_get_idx(run.notes, i)));
	ret = 0;
out:
	rl_free(&run);
	return ret;
}
