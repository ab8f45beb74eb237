// SPDX-License-Identifier: GPL-2.0-only
/*
 * Joining one result file with the plugin's counts: the metrics, the
 * top kernel functions, the notes.  See insns-join.c.
 */
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "result.h"
#include "insns-join.h"

#define ABSENT_PREFIX	"instruction counts absent: "
#define MAX_REPEATS	100000

static const char *const units[][2] = {
	{ "fault", "instructions/fault" },
	{ "4k", "instructions/4KiB" },
	{ "io", "instructions/io" },
	{ "block", "instructions/block" },
};
#define NUNITS (sizeof(units) / sizeof(units[0]))

/*
 * One repeat: the sum of its regions (daxbench-mmap has one per measured
 * slice).  A repeat with a region without counts has no counts at all.
 */
struct rep {
	int nregions, ncounted;
	uint64_t user, kernel;
	struct insns_region **g;	/* the counted regions */
	double unit[NUNITS];		/* summed; 0: not said */
};

static bool counted(const struct rep *r)
{
	return r->nregions && r->ncounted == r->nregions;
}

static struct json_object *get(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	return json_object_is_type(o, json_type_object) &&
	       json_object_object_get_ex(o, key, &v) ? v : NULL;
}

/* Drop earlier "instruction counts absent" notes: this join decides. */
static void drop_absent_notes(struct json_object *root)
{
	struct json_object *notes = get(root, "notes"), *keep;
	size_t i;

	if (!json_object_is_type(notes, json_type_array))
		return;
	keep = json_object_new_array();
	for (i = 0; i < json_object_array_length(notes); i++) {
		struct json_object *n = json_object_array_get_idx(notes, i);
		const char *s = json_object_get_string(n);

		if (s && strncmp(s, ABSENT_PREFIX, strlen(ABSENT_PREFIX)))
			json_object_array_add(keep, json_object_get(n));
	}
	json_object_object_add(root, "notes", keep);
}

static void __attribute__((format(printf, 2, 3)))
add_note(struct json_object *root, const char *fmt, ...)
{
	struct json_object *notes = get(root, "notes");
	char buf[1024];
	va_list ap;

	if (!json_object_is_type(notes, json_type_array)) {
		notes = json_object_new_array();
		json_object_object_add(root, "notes", notes);
	}
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	json_object_array_add(notes, json_object_new_string(buf));
}

/* Counts of an earlier join that this one cannot confirm go. */
static void drop_metrics(struct json_object *root)
{
	struct json_object *metrics = get(root, "metrics");
	struct json_object_iterator it, end;
	char *names[256];
	int n = 0, i;

	if (!json_object_is_type(metrics, json_type_object))
		return;
	it = json_object_iter_begin(metrics);
	end = json_object_iter_end(metrics);
	for (; !json_object_iter_equal(&it, &end) && n < 256; json_object_iter_next(&it))
		if (!strncmp(json_object_iter_peek_name(&it), "insns_", 6))
			names[n++] = strdup(json_object_iter_peek_name(&it));
	for (i = 0; i < n; i++) {
		if (names[i])
			json_object_object_del(metrics, names[i]);
		free(names[i]);
	}
}

static void mark_absent(struct json_object *root, struct json_object *insns,
			const char *why)
{
	drop_metrics(root);
	json_object_object_add(insns, "source", json_object_new_string("none"));
	json_object_object_add(insns, "note", json_object_new_string(why));
	json_object_object_del(insns, "top_kernel_functions");
	add_note(root, ABSENT_PREFIX "%s", why);
}

/* The regions of @insns in repeat order, matched with their counts. */
static int match(struct join_ctx *ctx, struct json_object *regions,
		 struct rep *reps, int nreps, const char *path)
{
	size_t i, u;
	int found = 0, k;

	for (i = 0; i < json_object_array_length(regions); i++) {
		struct json_object *r = json_object_array_get_idx(regions, i);
		struct json_object *id = get(r, "id"), *rep = get(r, "repeat");
		struct json_object *un = get(r, "units");
		struct insns_region *g;

		if (!json_object_is_type(id, json_type_int) ||
		    !json_object_is_type(rep, json_type_int))
			continue;
		k = json_object_get_int(rep);
		if (k < 0 || k >= nreps)
			continue;
		g = insns_counts_find(ctx->counts, (uint64_t)json_object_get_int64(id));
		if (g && g->dup) {
			fprintf(stderr, "daxbench-insns-join: %s: region %" PRId64
				" was counted twice: ids are not unique, not used\n",
				path, json_object_get_int64(id));
			g = NULL;
		}
		reps[k].nregions++;
		if (g) {
			struct insns_region **v = realloc(reps[k].g,
				(size_t)(reps[k].ncounted + 1) * sizeof(*v));

			if (!v)
				continue;
			reps[k].g = v;
			reps[k].g[reps[k].ncounted++] = g;
			reps[k].user += g->user;
			reps[k].kernel += g->kernel;
		}
		for (u = 0; u < NUNITS; u++) {
			struct json_object *v = get(un, units[u][0]);

			if (json_object_is_type(v, json_type_int) ||
			    json_object_is_type(v, json_type_double))
				reps[k].unit[u] += json_object_get_double(v);
		}
	}
	for (k = 0; k < nreps; k++)
		found += counted(&reps[k]);
	return found;
}

static void set_metric(struct json_object *metrics, const char *name,
		       const char *unit, const double *v, int n)
{
	struct json_object *m = json_object_new_object();
	struct json_object *vals = json_object_new_array();
	int i;

	for (i = 0; i < n; i++) {
		if (isnan(v[i]))
			json_object_array_add(vals, NULL);
		else if (v[i] == floor(v[i]) && fabs(v[i]) < 9e15)
			json_object_array_add(vals, json_object_new_int64((int64_t)v[i]));
		else
			json_object_array_add(vals, json_object_new_double(v[i]));
	}
	json_object_object_add(m, "unit", json_object_new_string(unit));
	json_object_object_add(m, "better", json_object_new_string("lower"));
	json_object_object_add(m, "values", vals);
	json_object_object_add(metrics, name, m);
}

static void add_metrics(struct json_object *metrics, const struct rep *reps, int n)
{
	static const char *const side[2] = { "user", "kernel" };
	double *v = calloc((size_t)n, sizeof(*v));
	char name[64];
	size_t u;
	int s, i, any;

	if (!v)
		return;
	for (s = 0; s < 2; s++) {
		for (i = 0; i < n; i++)
			v[i] = counted(&reps[i]) ? (double)(s ? reps[i].kernel : reps[i].user) : NAN;
		snprintf(name, sizeof(name), "insns_%s", side[s]);
		set_metric(metrics, name, "instructions", v, n);
		for (u = 0; u < NUNITS; u++) {
			any = 0;
			for (i = 0; i < n; i++) {
				if (counted(&reps[i]) && reps[i].unit[u] > 0) {
					v[i] = (double)(s ? reps[i].kernel : reps[i].user) /
					       reps[i].unit[u];
					v[i] = round(v[i] * 100) / 100;
					any = 1;
				} else {
					v[i] = NAN;
				}
			}
			if (!any)
				continue;
			snprintf(name, sizeof(name), "insns_%s_per_%s", side[s], units[u][0]);
			set_metric(metrics, name, units[u][1], v, n);
		}
	}
	free(v);
}

struct fn {
	long sym;
	uint64_t count;
};

static int by_count(const void *a, const void *b)
{
	const struct fn *x = a, *y = b;

	return x->count > y->count ? -1 : x->count < y->count;
}

/* [[name, count], ...] of one region, most instructions first. */
static struct json_object *top_functions(const struct join_ctx *ctx,
					 const struct rep *r)
{
	const struct kallsyms *k = ctx->ksyms;
	uint64_t *per = calloc(k->n + 1, sizeof(*per));	/* last: unknown */
	struct fn *fns;
	struct json_object *arr = json_object_new_array();
	size_t i, nf = 0;
	int j;

	if (!per)
		return arr;
	for (j = 0; j < r->ncounted; j++) {
		const struct insns_region *g = r->g[j];

		for (i = 0; i < g->npcs; i++) {
			long s = g->pcs[i].pc ? kallsyms_find(k, g->pcs[i].pc) : -1;

			per[s < 0 ? k->n : (size_t)s] += g->pcs[i].count;
		}
	}
	fns = malloc((k->n + 1) * sizeof(*fns));
	if (fns) {
		for (i = 0; i <= k->n; i++)
			if (per[i])
				fns[nf++] = (struct fn){ (long)i, per[i] };
		qsort(fns, nf, sizeof(*fns), by_count);
		for (i = 0; i < nf && i < (size_t)ctx->top; i++) {
			struct json_object *p = json_object_new_array();

			json_object_array_add(p, json_object_new_string(
				(size_t)fns[i].sym == k->n ? "[unknown]" : k->syms[fns[i].sym].name));
			json_object_array_add(p, json_object_new_int64((int64_t)fns[i].count));
			json_object_array_add(arr, p);
		}
		free(fns);
	}
	free(per);
	return arr;
}

static int join_counts(struct join_ctx *ctx, struct json_object *root,
		       struct json_object *insns, struct json_object *regions,
		       const char *path)
{
	struct json_object *metrics = get(root, "metrics"), *top;
	struct rep *reps;
	int n = 0, i, found, ret = 0;
	size_t j;
	char buf[128];

	for (j = 0; j < json_object_array_length(regions); j++) {
		struct json_object *rep = get(json_object_array_get_idx(regions, j), "repeat");

		if (json_object_is_type(rep, json_type_int) &&
		    json_object_get_int(rep) >= n && json_object_get_int(rep) < MAX_REPEATS)
			n = json_object_get_int(rep) + 1;
	}
	if (!n || !json_object_is_type(metrics, json_type_object)) {
		mark_absent(root, insns, "the result lists no usable regions");
		return -1;
	}
	reps = calloc((size_t)n, sizeof(*reps));
	if (!reps)
		return -1;
	drop_metrics(root);
	found = match(ctx, regions, reps, n, path);
	ctx->matched += found;
	ctx->missing += n - found;
	if (!found) {
		mark_absent(root, insns, "the plugin counted none of this result's regions (were they run under daxbench vm's TCG guest?)");
		for (i = 0; i < n; i++)
			free(reps[i].g);
		free(reps);
		return -1;
	}
	if (found < n) {
		snprintf(buf, sizeof(buf), "%d of %d repeats", n - found, n);
		add_note(root, "instruction counts missing for %s: the plugin has no counts for their regions", buf);
		fprintf(stderr, "daxbench-insns-join: %s: no counts for %s\n", path, buf);
		ret = -1;
	}
	add_metrics(metrics, reps, n);
	json_object_object_add(insns, "source", json_object_new_string("tcg-plugin"));
	json_object_object_del(insns, "note");
	if (ctx->note)
		add_note(root, "%s", ctx->note);
	if (ctx->ksyms) {
		top = json_object_new_array();
		for (i = 0; i < n; i++)
			json_object_array_add(top, counted(&reps[i]) ? top_functions(ctx, &reps[i]) : NULL);
		json_object_object_add(insns, "top_kernel_functions", top);
	} else {
		add_note(root, "top kernel functions absent: %s", ctx->ksyms_why);
	}
	for (i = 0; i < n; i++)
		free(reps[i].g);
	free(reps);
	return ret;
}

int join_file(struct join_ctx *ctx, const char *path)
{
	struct json_object *root = json_object_from_file(path);
	struct json_object *insns, *regions, *src;
	const char *schema;
	int ret = 0;

	if (!root) {
		fprintf(stderr, "daxbench-insns-join: %s: not readable JSON, left alone\n", path);
		return -1;
	}
	schema = json_object_get_string(get(root, "schema"));
	insns = get(root, "insns");
	regions = get(insns, "regions");
	src = get(insns, "source");
	/* Not a result with regions, or counted by the PMU already. */
	if (!schema || strcmp(schema, DB_RESULT_SCHEMA) ||
	    !json_object_is_type(regions, json_type_array) ||
	    (src && !strcmp(json_object_get_string(src), "pmu"))) {
		json_object_put(root);
		return 0;
	}
	drop_absent_notes(root);
	if (!ctx->counts) {
		mark_absent(root, insns, ctx->absent);
	} else {
		ret = join_counts(ctx, root, insns, regions, path);
	}
	json_object_object_add(root, "schema_version", json_object_new_int(2));
	if (db_json_write_atomic(root, path)) {
		fprintf(stderr, "daxbench-insns-join: %s: cannot rewrite it\n", path);
		ret = -1;
	} else {
		ctx->joined++;
	}
	json_object_put(root);
	return ret;
}
