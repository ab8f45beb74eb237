// SPDX-License-Identifier: GPL-2.0-only
/*
 * The A/B comparison (abcore.h): both sides' runs loaded, one row per
 * (path, measurement, metric) with a sample per round, each row judged
 * by its class; what exists on one side only is listed, not dropped.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abcore.h"
#include "keymetrics.h"

const char *ab_verdict_name(enum ab_verdict v)
{
	static const char *const names[] = {
		"same", "regression", "improvement", "changed",
		"insignificant", "untested", "not judged",
	};

	return names[v];
}

const char *ab_class_name(enum ab_class c)
{
	static const char *const names[] = { "faults", "insns", "time", "other" };

	return names[c];
}

/*
 * Page-fault totals: "faults", "faults_per_page", "faults_per_2m"; not
 * the fs_dax trace events (trace_pmd_faults: more PMD faults is not
 * worse), which are counts of another kind.
 */
static bool is_fault_count(const char *metric, const char *unit)
{
	const char *p = strstr(metric, "faults");

	size_t n = strlen(metric);

	if (!strncmp(metric, "trace_", 6))
		return false;
	/*
	 * The minor/major split is not better or worse: a DAX fault that
	 * allocates a block counts as major, so a change can move faults
	 * from one to the other.  The totals are judged.
	 */
	if ((n > 6 && !strcmp(metric + n - 6, "_minor")) ||
	    (n > 6 && !strcmp(metric + n - 6, "_major")))
		return false;

	if (!p || (p != metric && p[-1] != '_') || (p[6] && p[6] != '_'))
		return false;
	return !strcmp(unit, "count") || !strncmp(unit, "faults/", 7);
}

/* Units of time and of rates over time: what an emulated CPU distorts. */
static bool is_timed_unit(const char *unit)
{
	static const char *const units[] = {
		"ns", "us", "ms", "s", "B/s", "KiB/s", "MiB/s", "GB/s", "ops/s",
	};
	size_t i;

	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(unit, units[i]))
			return true;
	return false;
}

static enum ab_class classify(const char *metric, const char *unit,
			      enum db_better better)
{
	if (!strncmp(metric, "insns_", 6))
		return AB_INSNS;
	if (is_fault_count(metric, unit))
		return AB_FAULTS;
	if (better == DB_NEITHER && !is_timed_unit(unit))
		return AB_OTHER;
	return AB_TIME;
}

static struct ab_row *find_row(struct ab_cmp *c, const struct rl_meas *m,
			       const struct rl_metric *mt)
{
	struct ab_row *r;
	size_t i;

	for (i = c->nrows; i > 0; i--) {
		r = &c->rows[i - 1];
		if (!strcmp(r->metric, mt->name) && !strcmp(r->id, m->id) &&
		    !strcmp(r->path, m->path))
			return r;
	}
	r = realloc(c->rows, (c->nrows + 1) * sizeof(*r));
	if (!r)
		return NULL;
	c->rows = r;
	r = &c->rows[c->nrows++];
	memset(r, 0, sizeof(*r));
	r->path = m->path;
	r->id = m->id;
	r->benchmark = m->benchmark;
	r->metric = mt->name;
	r->unit = mt->unit;
	r->cls = classify(mt->name, mt->unit, mt->better);
	r->better = r->cls == AB_FAULTS ? DB_LOWER_IS_BETTER : mt->better;
	r->key = km_is_key(m->benchmark, mt->name);
	return r;
}

static int add_sample(struct ab_row *r, enum ab_side s, double v)
{
	double *n = realloc(r->s[s], (r->n[s] + 1) * sizeof(*n));

	if (!n)
		return -1;
	r->s[s] = n;
	n[r->n[s]++] = v;
	return 0;
}

/* Every metric of every measurement that ran ok: one sample per run. */
static int gather(struct ab_cmp *c, enum ab_side s)
{
	size_t i, j, k;

	for (i = 0; i < c->nruns[s]; i++) {
		const struct rl_run *run = &c->runs[s][i];

		if (rl_emulated(run))
			c->emulated = true;
		for (j = 0; j < run->nmeas; j++) {
			const struct rl_meas *m = &run->meas[j];

			if (strcmp(m->status, "ok"))
				continue;
			for (k = 0; k < m->nmetrics; k++) {
				const struct rl_metric *mt = &m->metrics[k];
				struct ab_row *r;

				if (!mt->n)
					continue;
				r = find_row(c, m, mt);
				if (!r || add_sample(r, s, st_of(mt->v, mt->n).mean))
					return -1;
			}
		}
	}
	return 0;
}

static void judge(const struct ab_cmp *c, struct ab_row *r)
{
	double worst;
	bool beyond, worse;

	st_summarize(r->s[AB_BASE], r->n[AB_BASE], &r->sum[AB_BASE]);
	st_summarize(r->s[AB_TEST], r->n[AB_TEST], &r->sum[AB_TEST]);
	st_welch(&r->sum[AB_BASE], &r->sum[AB_TEST], &r->t);
	r->change = st_change_pct(r->sum[AB_BASE].mean, r->sum[AB_TEST].mean);
	r->threshold = c->o.threshold;
	if (r->cls == AB_INSNS) {
		/* Deterministic, but not exactly: as far as they spread. */
		worst = fmax(isnan(r->sum[AB_BASE].sd_pct) ? 0 : r->sum[AB_BASE].sd_pct,
			     isnan(r->sum[AB_TEST].sd_pct) ? 0 : r->sum[AB_TEST].sd_pct);
		r->threshold = fmax(c->o.insns_floor, c->o.insns_spread * worst);
	}
	beyond = isnan(r->change) || fabs(r->change) > r->threshold;
	worse = r->better == DB_LOWER_IS_BETTER ?
		r->sum[AB_TEST].mean > r->sum[AB_BASE].mean :
		r->sum[AB_TEST].mean < r->sum[AB_BASE].mean;
	if (!beyond)
		r->v = AB_SAME;
	else if (r->cls == AB_TIME && c->emulated && !c->o.judge_emulated)
		r->v = AB_NOT_JUDGED;
	else if (!r->t.valid)
		r->v = AB_UNTESTED;
	else if (!(r->t.p < c->o.alpha))
		r->v = AB_INSIGNIFICANT;
	else if (r->better == DB_NEITHER)
		r->v = AB_CHANGED;
	else
		r->v = worse ? AB_REGRESSION : AB_IMPROVEMENT;
}

static int add_only(struct ab_cmp *c, const char *path, const char *id,
		    const char *metric, enum ab_side side, const char *why)
{
	struct ab_only *o;
	size_t i;

	for (i = 0; i < c->nonly; i++) {
		o = &c->only[i];
		if (!strcmp(o->path, path) && !!o->id == !!id &&
		    (!id || !strcmp(o->id, id)) && !!o->metric == !!metric &&
		    (!metric || !strcmp(o->metric, metric)))
			return 0;
	}
	o = realloc(c->only, (c->nonly + 1) * sizeof(*o));
	if (!o)
		return -1;
	c->only = o;
	c->only[c->nonly++] = (struct ab_only){ path, id, metric, side, why };
	return 0;
}

/* How @path fared in the runs of side @s: "ok", its reason, or NULL. */
static const char *path_state(const struct ab_cmp *c, enum ab_side s,
			      const char *path, const char **why)
{
	size_t i, j;
	const char *state = NULL;

	*why = NULL;
	for (i = 0; i < c->nruns[s]; i++) {
		struct json_object *paths = ju_get(c->runs[s][i].root, "paths");
		size_t n = json_object_is_type(paths, json_type_array) ?
			   json_object_array_length(paths) : 0;

		for (j = 0; j < n; j++) {
			struct json_object *p = json_object_array_get_idx(paths, j);
			const char *name = ju_str(p, "name");
			const char *st = ju_str(p, "status");

			if (!name || !st || strcmp(name, path))
				continue;
			if (!strcmp(st, "ok"))
				return "ok";
			state = st;
			*why = ju_str(p, "reason");
		}
	}
	return state;
}

/* A measurement's status and reason on side @s, when it did not run ok. */
static const char *meas_reason(const struct ab_cmp *c, enum ab_side s,
			       const char *path, const char *id)
{
	size_t i;

	for (i = 0; i < c->nruns[s]; i++) {
		const struct rl_meas *m = rl_find(&c->runs[s][i], path, id);

		if (m && strcmp(m->status, "ok"))
			return m->reason ? m->reason : m->status;
	}
	return NULL;
}

/* Rows with samples on one side only become "only" entries. */
static int one_sided(struct ab_cmp *c)
{
	size_t i, j;

	for (i = 0; i < c->nrows; i++) {
		struct ab_row *r = &c->rows[i];
		enum ab_side has, lacks;
		const char *why = NULL, *pst;
		bool meas_other = false;

		if (r->n[AB_BASE] && r->n[AB_TEST])
			continue;
		has = r->n[AB_BASE] ? AB_BASE : AB_TEST;
		lacks = has == AB_BASE ? AB_TEST : AB_BASE;
		pst = path_state(c, lacks, r->path, &why);
		if (pst && strcmp(pst, "ok")) {
			if (add_only(c, r->path, NULL, NULL, has, why))
				return -1;
			continue;
		}
		for (j = 0; j < c->nrows; j++)
			if (c->rows[j].n[lacks] && !strcmp(c->rows[j].path, r->path) &&
			    !strcmp(c->rows[j].id, r->id))
				meas_other = true;
		if (!meas_other) {
			why = meas_reason(c, lacks, r->path, r->id);
			if (add_only(c, r->path, r->id, NULL, has, why))
				return -1;
		} else if (add_only(c, r->path, r->id, r->metric, has, NULL)) {
			return -1;
		}
	}
	return 0;
}

static int load_runs(struct ab_cmp *c)
{
	size_t i;
	char *p;

	for (i = 0; i < c->st.nrounds; i++) {
		const struct ab_round *r = &c->st.rounds[i];
		struct rl_run *runs;

		if (strcmp(r->status, "ok"))
			continue;
		if (asprintf(&p, "%s/%s", c->dir, r->run_dir) < 0)
			return -1;
		runs = realloc(c->runs[r->side], (c->nruns[r->side] + 1) * sizeof(*runs));
		if (!runs) {
			free(p);
			return -1;
		}
		c->runs[r->side] = runs;
		memset(&runs[c->nruns[r->side]], 0, sizeof(*runs));
		if (rl_load(p, &runs[c->nruns[r->side]])) {
			rl_free(&runs[c->nruns[r->side]]);
			free(p);
			return -1;
		}
		c->nruns[r->side]++;
		free(p);
	}
	return 0;
}

int ab_compare(const char *dir, const struct ab_opts *o, struct ab_cmp *c)
{
	char *p;
	size_t i;
	int rc;

	memset(c, 0, sizeof(*c));
	c->o = *o;
	c->dir = strdup(dir);
	if (!c->dir || asprintf(&p, "%s/ab.state", dir) < 0)
		return -1;
	rc = ab_state_read(p, &c->st);
	free(p);
	if (rc || load_runs(c))
		return -1;
	if (gather(c, AB_BASE) || gather(c, AB_TEST))
		goto oom;
	for (i = 0; i < c->nrows; i++) {
		if (!c->rows[i].n[AB_BASE] || !c->rows[i].n[AB_TEST])
			continue;
		judge(c, &c->rows[i]);
		c->count[c->rows[i].v]++;
	}
	if (one_sided(c) || ab_funcs_collect(c))
		goto oom;
	return 0;
oom:
	fprintf(stderr, "%s: out of memory\n", program_invocation_short_name);
	return -1;
}

void ab_cmp_free(struct ab_cmp *c)
{
	size_t i;
	int s;

	for (i = 0; i < c->nrows; i++) {
		free(c->rows[i].s[AB_BASE]);
		free(c->rows[i].s[AB_TEST]);
	}
	free(c->rows);
	free(c->only);
	free(c->funcs);
	for (s = 0; s < AB_NSIDES; s++) {
		for (i = 0; i < c->nruns[s]; i++)
			rl_free(&c->runs[s][i]);
		free(c->runs[s]);
	}
	ab_state_free(&c->st);
	free(c->dir);
	memset(c, 0, sizeof(*c));
}
