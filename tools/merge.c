// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-merge: one result from results of one repeat each.
 *
 * `daxbench run` measures the same thing on several paths (DAX and the
 * page cache) a repeat at a time, in turn, so that a slow minute of a
 * shared machine hits both sides of a DAX/page-cache pair.  Each repeat
 * is a result of its own; this program joins them into the result one
 * invocation with --repeats N would have written: values in repeat
 * order, notes once each, the stability verdict judged again over all
 * repeats (with each repeat's own drift test), paired ratios summarised
 * again from their pairs.  The parts must be the same benchmark with the
 * same parameters (repeats aside), all "ok".
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonfile.h"
#include "jsonutil.h"
#include "result.h"
#include "runload.h"
#include "stability.h"
#include "version.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: daxbench-merge --output FILE PART.json...\n"
		"Join results of one repeat each (same benchmark and parameters)\n"
		"into one result with every repeat.\n");
}

/* Parameters that name where or how often, not what was measured. */
static bool location_key(const char *k)
{
	static const char *const keys[] = {
		"repeats", "dir", "file", "filename", "directory", "output", NULL
	};
	int i;

	for (i = 0; keys[i]; i++)
		if (!strcmp(k, keys[i]))
			return true;
	return false;
}

/* Parameters equal but for location_key()s: the same measurement. */
static int same_params(const char *file, struct json_object *a,
		       struct json_object *b)
{
	json_object_object_foreach(a, k, v) {
		struct json_object *w = NULL;

		if (location_key(k))
			continue;
		if (!json_object_object_get_ex(b, k, &w) ||
		    !json_object_equal(v, w)) {
			jf_err(file, "parameter %s differs from the first part's: not the same measurement",
			       k);
			return -1;
		}
	}
	return 0;
}

static int check_part(const char *file, struct json_object *r,
		      struct json_object *first)
{
	const char *st = ju_str(r, "status");

	if (!st || strcmp(st, "ok")) {
		jf_err(file, "status is %s: only ok repeats are merged", st ? st : "missing");
		return -1;
	}
	if (!first)
		return 0;
	if (strcmp(ju_str(r, "benchmark") ?: "", ju_str(first, "benchmark") ?: "")) {
		jf_err(file, "benchmark %s differs from the first part's", ju_str(r, "benchmark"));
		return -1;
	}
	return same_params(file, ju_get(first, "parameters"), ju_get(r, "parameters"));
}

/* Append the values (and pairs) of @from's metric to @to's. */
static void append_metric(struct json_object *to, struct json_object *from)
{
	struct json_object *tv = ju_get(to, "values"), *fv = ju_get(from, "values");
	struct json_object *tp = ju_get(to, "paired.ratios"), *fp = ju_get(from, "paired.ratios");
	size_t i;

	for (i = 0; i < json_object_array_length(fv); i++)
		json_object_array_add(tv, json_object_get(json_object_array_get_idx(fv, i)));
	for (i = 0; tp && fp && i < json_object_array_length(fp); i++)
		json_object_array_add(tp, json_object_get(json_object_array_get_idx(fp, i)));
}

/* A metric missing from a part: null for its repeat, never a guess. */
static void append_null(struct json_object *to)
{
	json_object_array_add(ju_get(to, "values"), NULL);
}

/* The numbers of a JSON array, null as NAN: *out must be freed. */
static size_t numbers(struct json_object *a, double **out)
{
	size_t i, n = json_object_array_length(a);
	struct json_object *e;

	*out = calloc(n + 1, sizeof(**out));
	if (!*out)
		abort();
	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(a, i);
		(*out)[i] = e ? json_object_get_double(e) : NAN;
	}
	return n;
}

/* One repeat's drift test, as its part recorded it. */
static struct db_drift part_drift(struct json_object *metric)
{
	struct json_object *s = ju_get(metric, "stability");
	struct db_drift d = { NAN, NAN, 0 };

	if (!s || !ju_get(s, "drift") || !ju_get(s, "drift_p"))
		return d;
	d.drift = json_object_get_double(ju_get(s, "drift"));
	d.p = json_object_get_double(ju_get(s, "drift_p"));
	d.n = (size_t)json_object_get_int64(ju_get(s, "drift_samples"));
	return d;
}

/* Verdicts and paired summaries over all repeats. */
static void rejudge(struct json_object *merged, struct json_object **parts,
		    size_t nparts)
{
	json_object_object_foreach(ju_get(merged, "metrics"), name, m) {
		struct db_drift *d = calloc(nparts + 1, sizeof(*d));
		struct json_object *pm;
		struct db_stability st;
		double *v;
		size_t i, n;

		if (!d)
			abort();
		if (ju_get(m, "paired.ratios")) {
			n = numbers(ju_get(m, "paired.ratios"), &v);
			json_object_object_add(m, "paired", db_paired_json(v, n));
			free(v);
		}
		if (ju_get(m, "stability")) {
			for (i = 0; i < nparts; i++)
				if (json_object_object_get_ex(ju_get(parts[i], "metrics"), name, &pm))
					d[i] = part_drift(pm);
			n = numbers(ju_get(m, "values"), &v);
			db_stab_judge(&st, v, n, d, nparts);
			json_object_object_add(m, "stability", db_stability_json(&st));
			free(v);
		}
		free(d);
	}
}

/*
 * The instruction-count regions (docs/results-format.md) of every part,
 * in repeat order: part i's regions become repeat i, so that the counts
 * joined later (daxbench vm) land on the right repeat.  Top kernel
 * functions, where a part has them already, follow the same order.
 */
static void merge_insns(struct json_object *out, struct json_object **parts,
			size_t n)
{
	struct json_object *insns = ju_get(out, "insns");
	struct json_object *regions, *top, *pi, *r, *c;
	bool tops = true;
	size_t i, j;

	if (!json_object_is_type(insns, json_type_object))
		return;
	regions = json_object_new_array();
	top = json_object_new_array();
	for (i = 0; i < n; i++) {
		pi = ju_get(parts[i], "insns");
		r = ju_get(pi, "regions");
		for (j = 0; json_object_is_type(r, json_type_array) &&
			    j < json_object_array_length(r); j++) {
			c = NULL;
			if (json_object_deep_copy(json_object_array_get_idx(r, j), &c, NULL) || !c)
				abort();
			if (json_object_is_type(c, json_type_object))
				json_object_object_add(c, "repeat", json_object_new_int64((int64_t)i));
			json_object_array_add(regions, c);
		}
		c = ju_get(pi, "top_kernel_functions");
		if (json_object_is_type(c, json_type_array) && json_object_array_length(c) == 1)
			json_object_array_add(top, json_object_get(json_object_array_get_idx(c, 0)));
		else
			tops = false;
	}
	json_object_object_add(insns, "regions", regions);
	if (tops)
		json_object_object_add(insns, "top_kernel_functions", top);
	else {
		json_object_object_del(insns, "top_kernel_functions");
		json_object_put(top);
	}
}

static struct json_object *merge(struct json_object **parts, size_t n)
{
	struct json_object *out = NULL, *metrics, *pm;
	size_t i;

	if (json_object_deep_copy(parts[0], &out, NULL) || !out)
		abort();
	metrics = ju_get(out, "metrics");
	for (i = 1; i < n; i++) {
		json_object_object_foreach(metrics, name, m) {
			if (json_object_object_get_ex(ju_get(parts[i], "metrics"), name, &pm))
				append_metric(m, pm);
			else
				append_null(m);
		}
		ju_add_strings(ju_get(out, "notes"), ju_get(parts[i], "notes"));
	}
	json_object_object_add(ju_get(out, "parameters"), "repeats",
			       json_object_new_int64((int64_t)n));
	json_object_object_add(out, "finished",
			       json_object_get(ju_get(parts[n - 1], "finished")));
	json_object_array_add(ju_get(out, "notes"), json_object_new_string(DB_ALTERNATE_NOTE));
	merge_insns(out, parts, n);
	rejudge(out, parts, n);
	return out;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct json_object **parts, *out;
	const char *output = NULL;
	struct rl_run check;
	size_t n = 0, i;
	int c, ret = 1;

	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			output = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("daxbench-merge %s\n", DB_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (!output || optind >= argc) {
		usage(stderr);
		return 2;
	}
	parts = calloc((size_t)(argc - optind), sizeof(*parts));
	if (!parts)
		abort();
	for (i = (size_t)optind; i < (size_t)argc; i++) {
		/* The analysis library's checks first: schema, types, sizes. */
		c = rl_load(argv[i], &check);
		rl_free(&check);
		if (c)
			goto out;
		parts[n] = jf_load(argv[i]);
		if (!parts[n] || check_part(argv[i], parts[n], n ? parts[0] : NULL)) {
			n += parts[n] != NULL;
			goto out;
		}
		n++;
	}
	out = merge(parts, n);
	ret = db_json_write_atomic(out, output) ? 1 : 0;
	json_object_put(out);
out:
	for (i = 0; i < n; i++)
		json_object_put(parts[i]);
	free(parts);
	return ret;
}
