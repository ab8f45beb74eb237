// SPDX-License-Identifier: GPL-2.0-only
/*
 * ab.json: everything behind the text report, every row included (the
 * text shows a selection), with each round's samples, so that a reader
 * can redo the statistics.  Schema "daxbench-ab", version 1
 * (docs/ab.md).
 */
#include <math.h>
#include <string.h>

#include "abreport.h"

static struct json_object *num(double v)
{
	return isfinite(v) ? json_object_new_double(v) : NULL;
}

static struct json_object *str(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static struct json_object *kvs(const struct ab_kvs *kv, const char *prefix)
{
	struct json_object *o = json_object_new_object();
	size_t i, pl = prefix ? strlen(prefix) : 0;

	for (i = 0; i < kv->n; i++) {
		if (prefix && strncmp(kv->kv[i].key, prefix, pl))
			continue;
		json_object_object_add(o, kv->kv[i].key + pl,
				       json_object_new_string(kv->kv[i].value));
	}
	return o;
}

static struct json_object *side_stats(const struct ab_row *r, enum ab_side s)
{
	struct json_object *o = json_object_new_object();
	struct json_object *a = json_object_new_array();
	size_t i;

	for (i = 0; i < r->n[s]; i++)
		json_object_array_add(a, num(r->s[s][i]));
	json_object_object_add(o, "rounds", json_object_new_int64((int64_t)r->n[s]));
	json_object_object_add(o, "mean", num(r->sum[s].mean));
	json_object_object_add(o, "stddev_pct", num(r->sum[s].sd_pct));
	json_object_object_add(o, "samples", a);
	return o;
}

static struct json_object *row(const struct ab_row *r)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "path", str(r->path));
	json_object_object_add(o, "measurement", str(r->id));
	json_object_object_add(o, "benchmark", str(r->benchmark));
	json_object_object_add(o, "metric", str(r->metric));
	json_object_object_add(o, "unit", str(r->unit));
	json_object_object_add(o, "better", str(rl_better_name(r->better)));
	json_object_object_add(o, "class", str(ab_class_name(r->cls)));
	json_object_object_add(o, "key", json_object_new_boolean(r->key));
	json_object_object_add(o, "base", side_stats(r, AB_BASE));
	json_object_object_add(o, "test", side_stats(r, AB_TEST));
	json_object_object_add(o, "change_pct", num(r->change));
	json_object_object_add(o, "p", r->t.valid ? num(r->t.p) : NULL);
	json_object_object_add(o, "threshold_pct", num(r->threshold));
	json_object_object_add(o, "verdict", str(ab_verdict_name(r->v)));
	return o;
}

static struct json_object *rounds(const struct ab_cmp *c)
{
	struct json_object *a = json_object_new_array();
	size_t i;

	for (i = 0; i < c->st.nrounds; i++) {
		const struct ab_round *r = &c->st.rounds[i];
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "round", json_object_new_int(r->n));
		json_object_object_add(o, "side", str(ab_side_name(r->side)));
		json_object_object_add(o, "status", str(r->status));
		json_object_object_add(o, "run_dir", str(r->run_dir));
		json_object_object_add(o, "seconds", num(r->seconds));
		json_object_array_add(a, o);
	}
	return a;
}

static struct json_object *onlys(const struct ab_cmp *c)
{
	struct json_object *a = json_object_new_array();
	size_t i;

	for (i = 0; i < c->nonly; i++) {
		const struct ab_only *o = &c->only[i];
		struct json_object *j = json_object_new_object();

		json_object_object_add(j, "side", str(ab_side_name(o->side)));
		json_object_object_add(j, "path", str(o->path));
		json_object_object_add(j, "measurement", str(o->id));
		json_object_object_add(j, "metric", str(o->metric));
		json_object_object_add(j, "other_side_reason", str(o->why));
		json_object_array_add(a, j);
	}
	return a;
}

static struct json_object *funcs(const struct ab_cmp *c)
{
	struct json_object *a = json_object_new_array();
	size_t i;

	for (i = 0; i < c->nfuncs; i++) {
		const struct ab_func *f = &c->funcs[i];
		struct json_object *j = json_object_new_object();

		json_object_object_add(j, "path", str(f->path));
		json_object_object_add(j, "measurement", str(f->id));
		json_object_object_add(j, "function", str(f->name));
		json_object_object_add(j, "base", f->have[AB_BASE] ? num(f->mean[AB_BASE]) : NULL);
		json_object_object_add(j, "test", f->have[AB_TEST] ? num(f->mean[AB_TEST]) : NULL);
		json_object_object_add(j, "delta", num(f->delta));
		json_object_array_add(a, j);
	}
	return a;
}

static struct json_object *judging(const struct ab_cmp *c)
{
	struct json_object *o = json_object_new_object();
	bool times = !c->emulated || c->o.judge_emulated;

	json_object_object_add(o, "test", str("welch"));
	json_object_object_add(o, "sample", str("one per round: the mean of its repeats"));
	json_object_object_add(o, "alpha", num(c->o.alpha));
	json_object_object_add(o, "threshold_pct", num(c->o.threshold));
	json_object_object_add(o, "insns_floor_pct", num(c->o.insns_floor));
	json_object_object_add(o, "insns_spread_factor", num(c->o.insns_spread));
	json_object_object_add(o, "times_judged", json_object_new_boolean(times));
	json_object_object_add(o, "emulated", json_object_new_boolean(c->emulated));
	return o;
}

struct json_object *ab_json(const struct ab_cmp *c)
{
	struct json_object *o = json_object_new_object();
	struct json_object *a = json_object_new_array();
	const struct ab_row *w = ab_worst(c);
	size_t i;

	json_object_object_add(o, "schema", str("daxbench-ab"));
	json_object_object_add(o, "schema_version", json_object_new_int(1));
	json_object_object_add(o, "status", str(ab_status(c)));
	json_object_object_add(o, "reason", str(ab_kv_get(&c->st.top, "reason")));
	json_object_object_add(o, "verdict", str(w ? "regression" : "no significant regression"));
	json_object_object_add(o, "regressions", json_object_new_int64((int64_t)c->count[AB_REGRESSION]));
	json_object_object_add(o, "improvements", json_object_new_int64((int64_t)c->count[AB_IMPROVEMENT]));
	json_object_object_add(o, "changed", json_object_new_int64((int64_t)c->count[AB_CHANGED]));
	json_object_object_add(o, "ab", kvs(&c->st.top, NULL));
	json_object_object_add(o, "base", kvs(&c->st.side[AB_BASE], NULL));
	json_object_object_add(o, "test", kvs(&c->st.side[AB_TEST], NULL));
	json_object_object_add(o, "rounds", rounds(c));
	json_object_object_add(o, "judging", judging(c));
	for (i = 0; i < c->nrows; i++)
		if (c->rows[i].n[AB_BASE] && c->rows[i].n[AB_TEST])
			json_object_array_add(a, row(&c->rows[i]));
	json_object_object_add(o, "rows", a);
	json_object_object_add(o, "only", onlys(c));
	json_object_object_add(o, "top_kernel_functions", funcs(c));
	return o;
}
