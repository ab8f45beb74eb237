// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-summary: the table daxbench run prints at the end.  One block
 * per path, one line per key metric of each measurement: mean, stddev
 * in percent of the mean, unit, and for a DAX path the ratio of its mean
 * to the same measurement's mean on the page-cache counterpart
 * (ext4-dax / ext4-pagecache).  Only numbers found in the result files
 * are printed; a missing counterpart or value prints "-".
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonutil.h"
#include "result.h"
#include "version.h"

#define MAX_KEYS 8

/* The metrics shown per benchmark, in order; others fall back below. */
static const struct {
	const char *benchmark;
	const char *metrics[MAX_KEYS];
} key_metrics[] = {
	{ "faults", { "faults", "faults_per_page", "ns_per_fault" } },
	{ "fio", { "read_bw", "read_iops", "read_clat_p50_ns",
		   "read_clat_p99_ns", "write_bw", "write_iops",
		   "write_clat_p50_ns", "write_clat_p99_ns" } },
	{ "mmap", { "bandwidth", "ns_per_block", "faults_minor" } },
	{ "lat", { "iops", "lat_p50_ns", "lat_p99_ns", "lat_p99_9_ns",
		   "sync_lat_p50_ns" } },
};

/* Without a list: this many metrics that have a better direction. */
#define FALLBACK_METRICS 3

struct run {
	const char *dir;
	struct json_object *root;
	struct json_object *results;	/* "path/id" -> result, loaded once */
	struct json_object *notes;	/* every distinct note */
};

/* The result of measurement (@path, @id), or NULL if it has none. */
static struct json_object *result_of(struct run *run, const char *path,
				     const char *id)
{
	struct json_object *ms = ju_get(run->root, "measurements"), *m, *r;
	char key[512], file[PATH_MAX];
	const char *rel;
	size_t i;

	snprintf(key, sizeof(key), "%s/%s", path, id);
	if (json_object_object_get_ex(run->results, key, &r))
		return r;
	r = NULL;
	for (i = 0; i < json_object_array_length(ms); i++) {
		m = json_object_array_get_idx(ms, i);
		if (strcmp(ju_str(m, "path") ?: "", path) || strcmp(ju_str(m, "id") ?: "", id))
			continue;
		rel = ju_str(m, "file");
		if (!rel)
			break;
		snprintf(file, sizeof(file), "%s/%s", run->dir, rel);
		r = json_object_from_file(file);
		if (!r)
			fprintf(stderr, "daxbench-summary: %s: %s\n", file,
				json_util_get_last_err());
		else
			ju_add_strings(run->notes, ju_get(r, "notes"));
		break;
	}
	json_object_object_add(run->results, key, r);
	return r;
}

static int stats(struct json_object *metric, double *mean, double *sd)
{
	struct json_object *vals = ju_get(metric, "values"), *e;
	double sum = 0, sq = 0;
	size_t i, len;
	int n = 0;

	len = json_object_is_type(vals, json_type_array) ?
		json_object_array_length(vals) : 0;
	for (i = 0; i < len; i++) {
		e = json_object_array_get_idx(vals, i);
		if (e) {
			sum += json_object_get_double(e);
			n++;
		}
	}
	if (!n)
		return 0;
	*mean = sum / n;
	for (i = 0; i < len; i++) {
		e = json_object_array_get_idx(vals, i);
		if (e)
			sq += pow(json_object_get_double(e) - *mean, 2);
	}
	*sd = n > 1 ? sqrt(sq / (n - 1)) : 0;
	return n;
}

/* A number and its unit, scaled for people: B/s as MiB/s and so on. */
static void human(double v, const char *unit, char *buf, size_t len,
		  const char **shown)
{
	*shown = unit;
	if (!strcmp(unit, "B/s")) {
		v /= 1048576.0;
		*shown = "MiB/s";
	} else if (!strcmp(unit, "bytes") && fabs(v) >= 1048576.0) {
		v /= 1048576.0;
		*shown = "MiB";
	}
	if (fabs(v) >= 1e7 || (v != 0 && fabs(v) < 0.01))
		snprintf(buf, len, "%.3e", v);
	else if (v == floor(v))
		snprintf(buf, len, "%.0f", v);
	else
		snprintf(buf, len, "%.*f", fabs(v) < 10 ? 3 : fabs(v) < 1000 ? 1 : 0, v);
}

static bool is_key(const char *benchmark, const char *metric, int *listed)
{
	size_t i, j;

	for (i = 0; i < sizeof(key_metrics) / sizeof(key_metrics[0]); i++) {
		if (strcmp(key_metrics[i].benchmark, benchmark))
			continue;
		*listed = 1;
		for (j = 0; j < MAX_KEYS && key_metrics[i].metrics[j]; j++)
			if (!strcmp(key_metrics[i].metrics[j], metric))
				return true;
		return false;
	}
	*listed = 0;
	return false;
}

static void print_metric(struct run *run, const char *label, const char *name,
			 struct json_object *metric, const char *counterpart,
			 const char *id)
{
	struct json_object *other = NULL;
	const char *unit = ju_str(metric, "unit") ?: "", *shown;
	double mean, sd, omean, osd;
	char num[32], ratio[32] = "-", spread[16] = "-";
	int n = stats(metric, &mean, &sd);

	if (!n) {
		printf("  %-26s %-22s %12s %7s  %s\n", label, name, "null", "",
		       unit);
		return;
	}
	if (counterpart) {
		other = ju_get(result_of(run, counterpart, id), "metrics");
		other = ju_get(other, name);
		if (other && stats(other, &omean, &osd) && omean != 0)
			snprintf(ratio, sizeof(ratio), "%.3g", mean / omean);
	}
	human(mean, unit, num, sizeof(num), &shown);
	/* One repeat has no spread to show. */
	if (n > 1)
		snprintf(spread, sizeof(spread), "%6.1f%%",
			 mean != 0 ? 100.0 * sd / fabs(mean) : 0.0);
	printf("  %-26s %-22s %12s %7s  %s", label, name, num, spread, shown);
	if (counterpart)
		printf("%*s%s", (int)(12 - strlen(shown)), "", ratio);
	printf("\n");
}

/* The metrics worth a line: the benchmark's list, else a few ranked ones. */
static void print_result(struct run *run, const char *id, const char *bench,
			 struct json_object *result, const char *counterpart)
{
	struct json_object *metrics = ju_get(result, "metrics");
	const char *label = id;
	int listed = 0, shown = 0;

	if (!json_object_is_type(metrics, json_type_object)) {
		printf("  %-26s no metrics\n", id);
		return;
	}
	json_object_object_foreach(metrics, name, m) {
		bool key = is_key(bench, name, &listed);

		if (listed ? !key :
		    (!strcmp(ju_str(m, "better") ?: "neither", "neither") ||
		     shown >= FALLBACK_METRICS))
			continue;
		print_metric(run, label, name, m, counterpart, id);
		label = "";
		shown++;
	}
	if (!shown)
		printf("  %-26s (no key metric in the result)\n", id);
}

static struct json_object *path_entry(struct run *run, const char *name)
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

static bool usable_pagecache(struct run *run, const char *name)
{
	struct json_object *p = path_entry(run, name);

	return p && !is_dax(p) && !strcmp(ju_str(p, "status") ?: "", "ok");
}

/*
 * The page-cache path a DAX path is compared with: NAME-pagecache for
 * NAME-dax when the run has it, else the first other *-pagecache path.
 */
static const char *counterpart(struct run *run, struct json_object *p,
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

static void print_path(struct run *run, struct json_object *p)
{
	struct json_object *ms = ju_get(run->root, "measurements"), *m, *r;
	const char *name = ju_str(p, "name") ?: "?", *cp, *status, *reason;
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
	for (i = 0; i < json_object_array_length(ms); i++) {
		m = json_object_array_get_idx(ms, i);
		if (strcmp(ju_str(m, "path") ?: "", name))
			continue;
		status = ju_str(m, "status") ?: "?";
		reason = ju_str(m, "reason");
		r = result_of(run, name, ju_str(m, "id") ?: "");
		if (!strcmp(status, "ok") && r)
			print_result(run, ju_str(m, "id"), ju_str(m, "benchmark") ?: "",
				     r, cp);
		else
			printf("  %-26s %s%s%s\n", ju_str(m, "id") ?: "?", status,
			       reason ? ": " : "", reason ? reason : "");
	}
}

static void print_header(struct run *run)
{
	struct json_object *env = ju_get(run->root, "environment");
	const char *status = ju_str(run->root, "status") ?: "?";

	printf("daxbench run %s: profile %s, %s%s%s\n",
	       ju_str(run->root, "run_id") ?: "?", ju_str(run->root, "profile") ?: "?",
	       status, ju_str(run->root, "reason") ? ": " : "",
	       ju_str(run->root, "reason") ?: "");
	printf("kernel %s, %s, %s\n", ju_str(env, "kernel.release") ?: "?",
	       ju_str(env, "virtualization.accelerator") ?: "?",
	       ju_str(env, "cpu.model") ?: "?");
	if (ju_get(run->root, "vm"))
		printf("guest: pmem %s, QEMU %s\n", ju_str(run->root, "vm.pmem") ?: "?",
		       ju_str(run->root, "vm.qemu") ?: "?");
}

static int load(struct run *run, const char *dir)
{
	char file[PATH_MAX];
	const char *schema;

	snprintf(file, sizeof(file), "%s/run.json", dir);
	run->dir = dir;
	run->root = json_object_from_file(file);
	if (!run->root) {
		fprintf(stderr, "daxbench-summary: %s: %s\n", file,
			json_util_get_last_err());
		return -1;
	}
	schema = ju_str(run->root, "schema");
	if (!schema || strcmp(schema, "daxbench-run") ||
	    !json_object_is_type(ju_get(run->root, "paths"), json_type_array) ||
	    !json_object_is_type(ju_get(run->root, "measurements"), json_type_array)) {
		fprintf(stderr, "daxbench-summary: %s: not a daxbench run.json\n",
			file);
		return -1;
	}
	run->results = json_object_new_object();
	run->notes = json_object_new_array();
	ju_add_strings(run->notes, ju_get(run->root, "notes"));
	return 0;
}

int main(int argc, char **argv)
{
	struct run run = { 0 };
	struct json_object *ps;
	size_t i;
	int dax = 0;

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
	if (load(&run, argv[1]))
		return 1;
	print_header(&run);
	ps = ju_get(run.root, "paths");
	for (i = 0; i < json_object_array_length(ps); i++) {
		print_path(&run, json_object_array_get_idx(ps, i));
		dax += is_dax(json_object_array_get_idx(ps, i));
	}
	if (!dax)
		printf("\nNo DAX path in this run: no DAX/page-cache ratios.\n");
	for (i = 0; i < json_object_array_length(run.notes); i++)
		printf("%s%s\n", i ? "      " : "\nnote: ",
		       json_object_get_string(json_object_array_get_idx(run.notes, i)));
	json_object_put(run.results);
	json_object_put(run.notes);
	json_object_put(run.root);
	return 0;
}
