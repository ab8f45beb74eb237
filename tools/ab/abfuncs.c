// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel functions whose instruction counts moved most between the
 * two kernels, from each result's insns.top_kernel_functions: per repeat
 * a list of [name, instructions], most first (docs/results-format.md).
 * A function's count on a side is its mean over the repeats that listed
 * it; a function missing from one side's lists counts as 0 there when
 * ranking (it was below that side's cut) and is shown as "-".
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "abcore.h"

struct acc {
	double sum[AB_NSIDES];
	size_t n[AB_NSIDES];
};

static struct ab_func *find_func(struct ab_cmp *c, struct acc **accs,
				 const char *path, const char *id,
				 const char *name, struct acc **acc)
{
	struct ab_func *f;
	struct acc *a;
	size_t i;

	for (i = 0; i < c->nfuncs; i++) {
		f = &c->funcs[i];
		if (!strcmp(f->name, name) && !strcmp(f->id, id) &&
		    !strcmp(f->path, path)) {
			*acc = &(*accs)[i];
			return f;
		}
	}
	f = realloc(c->funcs, (c->nfuncs + 1) * sizeof(*f));
	if (!f)
		return NULL;
	c->funcs = f;
	a = realloc(*accs, (c->nfuncs + 1) * sizeof(*a));
	if (!a)
		return NULL;
	*accs = a;
	memset(&a[c->nfuncs], 0, sizeof(*a));
	f = &c->funcs[c->nfuncs];
	memset(f, 0, sizeof(*f));
	f->path = path;
	f->id = id;
	f->name = name;
	*acc = &a[c->nfuncs++];
	return f;
}

/* One repeat's list: entries that are not [string, number >= 0] are
 * passed over (a reader never trusts what it reads). */
static int add_list(struct ab_cmp *c, struct acc **accs, enum ab_side s,
		    const struct rl_meas *m, struct json_object *list)
{
	size_t i, n = json_object_array_length(list);

	for (i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(list, i);
		struct json_object *name, *cnt;
		struct acc *a;
		double v;

		if (!json_object_is_type(e, json_type_array) ||
		    json_object_array_length(e) != 2)
			continue;
		name = json_object_array_get_idx(e, 0);
		cnt = json_object_array_get_idx(e, 1);
		if (!json_object_is_type(name, json_type_string) ||
		    !(json_object_is_type(cnt, json_type_int) ||
		      json_object_is_type(cnt, json_type_double)))
			continue;
		v = json_object_get_double(cnt);
		if (!isfinite(v) || v < 0 || !*json_object_get_string(name))
			continue;
		if (!find_func(c, accs, m->path, m->id,
			       json_object_get_string(name), &a))
			return -1;
		a->sum[s] += v;
		a->n[s]++;
	}
	return 0;
}

static int add_side(struct ab_cmp *c, struct acc **accs, enum ab_side s)
{
	size_t i, j, k;

	for (i = 0; i < c->nruns[s]; i++) {
		const struct rl_run *run = &c->runs[s][i];

		for (j = 0; j < run->nmeas; j++) {
			const struct rl_meas *m = &run->meas[j];
			struct json_object *top;

			if (strcmp(m->status, "ok") || !m->result)
				continue;
			top = ju_get(m->result, "insns.top_kernel_functions");
			if (!json_object_is_type(top, json_type_array))
				continue;
			for (k = 0; k < json_object_array_length(top); k++) {
				struct json_object *l = json_object_array_get_idx(top, k);

				if (json_object_is_type(l, json_type_array) &&
				    add_list(c, accs, s, m, l))
					return -1;
			}
		}
	}
	return 0;
}

static int by_delta(const void *a, const void *b)
{
	double x = fabs(((const struct ab_func *)a)->delta);
	double y = fabs(((const struct ab_func *)b)->delta);

	return x < y ? 1 : x > y ? -1 : 0;
}

int ab_funcs_collect(struct ab_cmp *c)
{
	struct acc *accs = NULL;
	size_t i;
	int s;

	if (add_side(c, &accs, AB_BASE) || add_side(c, &accs, AB_TEST)) {
		free(accs);
		return -1;
	}
	for (i = 0; i < c->nfuncs; i++) {
		struct ab_func *f = &c->funcs[i];

		for (s = 0; s < AB_NSIDES; s++) {
			f->have[s] = accs[i].n[s] > 0;
			f->mean[s] = f->have[s] ? accs[i].sum[s] / accs[i].n[s] : 0;
		}
		f->delta = f->mean[AB_TEST] - f->mean[AB_BASE];
	}
	free(accs);
	if (c->nfuncs)
		qsort(c->funcs, c->nfuncs, sizeof(*c->funcs), by_delta);
	return 0;
}
