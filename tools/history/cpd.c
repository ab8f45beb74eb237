// SPDX-License-Identifier: GPL-2.0-only
/*
 * E-Divisive means with a t-test on the segments, as Apache Otava
 * (Hunter) does it, on the raw repeats of a series of runs.
 *
 * 1. Candidates: recursive bisection of the series at the run boundary
 *    where the energy statistic (the divergence between the values on
 *    either side; Matteson and James 2014, alpha = 1) is largest, down
 *    to segments of 2 * min_runs runs.  The statistic is computed for
 *    every boundary of a segment in O(n log n), with Fenwick trees over
 *    the values' ranks, so that long histories stay cheap.
 * 2. Pruning: each candidate is tested against its neighbours' segments
 *    (Student's t-test, the t distribution from GSL, and the minimum
 *    change);
 *    the weakest that fails is dropped and its neighbours re-tested,
 *    until every change left passes.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>

#include "cpd.h"
#include "stats.h"

/* A Fenwick tree of counts and sums over ranks 1..n. */
struct fenwick {
	size_t n;
	double *cnt, *sum;
};

static void fw_add(struct fenwick *f, size_t rank, double x)
{
	for (; rank <= f->n; rank += rank & -rank) {
		f->cnt[rank] += 1;
		f->sum[rank] += x;
	}
}

/* Count and sum of the values of rank < @rank. */
static void fw_below(const struct fenwick *f, size_t rank, double *c, double *s)
{
	*c = *s = 0;
	for (rank--; rank; rank -= rank & -rank) {
		*c += f->cnt[rank];
		*s += f->sum[rank];
	}
}

static const double *sort_base;

static int by_value(const void *a, const void *b)
{
	double x = sort_base[*(const size_t *)a], y = sort_base[*(const size_t *)b];

	return (x > y) - (x < y);
}

/*
 * w[i]: the sum of |x_j - x_k| over pairs within the first i values in
 * the order @idx visits them (forward or backward).
 */
static void pair_sums(const double *v, size_t n, const size_t *rank, bool backward,
		      struct fenwick *f, double *w)
{
	double c, s, total = 0, x;
	size_t i, j;

	memset(f->cnt, 0, (n + 1) * sizeof(double));
	memset(f->sum, 0, (n + 1) * sizeof(double));
	w[0] = 0;
	for (i = 0; i < n; i++) {
		j = backward ? n - 1 - i : i;
		x = v[j];
		fw_below(f, rank[j], &c, &s);
		/* below: x*c - s; above: (total - s) - x*(i - c) */
		w[i + 1] = w[i] + (x * c - s) + (total - s) - x * ((double)i - c);
		fw_add(f, rank[j], x);
		total += x;
	}
}

int cpd_energy(const double *v, size_t n, const size_t *start, size_t nruns,
	       double *q)
{
	size_t *idx = malloc((n + 1) * sizeof(*idx)), *rank = malloc((n + 1) * sizeof(*rank));
	double *wl = malloc((n + 1) * sizeof(*wl)), *wr = malloc((n + 1) * sizeof(*wr));
	struct fenwick f = { n, calloc(n + 1, sizeof(double)), calloc(n + 1, sizeof(double)) };
	double nl, nr, within_l, within_r, cross, t;
	size_t i, k, b;
	int ret = -1;

	if (!idx || !rank || !wl || !wr || !f.cnt || !f.sum)
		goto out;
	for (i = 0; i < n; i++)
		idx[i] = i;
	sort_base = v;
	qsort(idx, n, sizeof(*idx), by_value);
	for (i = 0; i < n; i++)
		rank[idx[i]] = i + 1;
	pair_sums(v, n, rank, false, &f, wl);
	pair_sums(v, n, rank, true, &f, wr);	/* wr[i]: the last i values */
	t = wl[n];
	for (k = 1; k < nruns; k++) {
		b = start[k] - start[0];
		nl = (double)b;
		nr = (double)(n - b);
		if (!b || b == n) {
			q[k] = 0;
			continue;
		}
		cross = t - wl[b] - wr[n - b];
		within_l = b > 1 ? wl[b] / (nl * (nl - 1) / 2) : 0;
		within_r = n - b > 1 ? wr[n - b] / (nr * (nr - 1) / 2) : 0;
		q[k] = nl * nr / (nl + nr) * (2 * cross / (nl * nr) - within_l - within_r);
	}
	ret = 0;
out:
	free(idx);
	free(rank);
	free(wl);
	free(wr);
	free(f.cnt);
	free(f.sum);
	return ret;
}

/*
 * Prefix sums over runs, of the values less the series' first (so that
 * a series without spread has sums of exactly zero), and of the runs'
 * means: a segment's mean and variance in O(1).
 */
struct prefix {
	double ref;
	double *s1, *s2;	/* raw values */
	double *m1, *m2;	/* run means */
	const size_t *start;
};

static int prefix_init(struct prefix *p, const struct cpd_series *s)
{
	size_t r, i, k;
	double x, rs;

	p->ref = s->start[s->nruns] > s->start[0] ? s->v[s->start[0]] : 0;
	p->s1 = calloc(s->nruns + 1, sizeof(double));
	p->s2 = calloc(s->nruns + 1, sizeof(double));
	p->m1 = calloc(s->nruns + 1, sizeof(double));
	p->m2 = calloc(s->nruns + 1, sizeof(double));
	p->start = s->start;
	if (!p->s1 || !p->s2 || !p->m1 || !p->m2)
		return -1;
	for (r = 0; r < s->nruns; r++) {
		rs = 0;
		k = s->start[r + 1] - s->start[r];
		p->s1[r + 1] = p->s1[r];
		p->s2[r + 1] = p->s2[r];
		for (i = s->start[r]; i < s->start[r + 1]; i++) {
			x = s->v[i] - p->ref;
			p->s1[r + 1] += x;
			p->s2[r + 1] += x * x;
			rs += x;
		}
		x = k ? rs / (double)k : 0;
		p->m1[r + 1] = p->m1[r] + x;
		p->m2[r + 1] = p->m2[r] + x * x;
	}
	return 0;
}

static void prefix_free(struct prefix *p)
{
	free(p->s1);
	free(p->s2);
	free(p->m1);
	free(p->m2);
}

/* Mean and sample sd from sums of x and x^2 over n samples. */
static struct st_summary from_sums(double s1, double s2, size_t n, double ref)
{
	struct st_summary s = { .n = n, .mean = NAN, .sd = 0, .sd_pct = NAN };
	double var, mag;

	if (!n)
		return s;
	s.mean = s1 / (double)n;
	var = n > 1 ? (s2 - s1 * s.mean) / (double)(n - 1) : 0;
	/*
	 * Rounding leaves crumbs where there is no spread at all (counts
	 * are often exact): a relative spread below 1e-5 % is none.
	 */
	mag = fmax(fabs(s.mean + ref), fabs(s.mean));
	s.sd = var > 1e-14 * mag * mag ? sqrt(var) : 0;
	s.mean += ref;
	s.sd_pct = s.mean != 0 ? 100 * s.sd / fabs(s.mean) : NAN;
	return s;
}

static struct st_summary raw(const struct prefix *p, size_t a, size_t b)
{
	return from_sums(p->s1[b] - p->s1[a], p->s2[b] - p->s2[a],
			 p->start[b] - p->start[a], p->ref);
}

static struct st_summary means(const struct prefix *p, size_t a, size_t b)
{
	return from_sums(p->m1[b] - p->m1[a], p->m2[b] - p->m2[a], b - a, p->ref);
}

/*
 * Student's t-test with the variance pooled over both sides, as Otava
 * does: a short side (two runs) borrows the other's estimate of the
 * spread instead of trusting its own from two samples, which on noise
 * is small often enough to flag changes that are not there (Welch's
 * test did, on 3 of 50 series of pure noise in tests/unit/test-cpd).
 */
static void student(const struct st_summary *a, const struct st_summary *b,
		    struct st_test *t)
{
	double df = (double)(a->n + b->n) - 2, pooled, se;

	t->valid = a->n >= 1 && b->n >= 1 && df >= 1;
	t->exact = false;
	t->t = t->df = t->p = NAN;
	if (!t->valid)
		return;
	pooled = ((double)(a->n - 1) * a->sd * a->sd + (double)(b->n - 1) * b->sd * b->sd) / df;
	se = sqrt(pooled * (1.0 / (double)a->n + 1.0 / (double)b->n));
	t->df = df;
	if (se == 0) {
		t->exact = true;
		t->p = a->mean == b->mean ? 1.0 : 0.0;
		return;
	}
	t->t = (b->mean - a->mean) / se;
	t->p = fmin(1.0, 2.0 * gsl_cdf_tdist_Q(fabs(t->t), df));
}

/*
 * Runs of [a, b) whose own mean lies on the @after side of @mid (the
 * midpoint between the two segments' means).
 */
static size_t runs_beyond(const struct prefix *p, size_t a, size_t b, double mid,
			  bool up, bool after)
{
	size_t r, n = 0, k;
	double mean;

	for (r = a; r < b; r++) {
		k = p->start[r + 1] - p->start[r];
		if (!k)
			continue;
		mean = (p->s1[r + 1] - p->s1[r]) / (double)k + p->ref;
		if (after ? (up ? mean > mid : mean < mid) : (up ? mean < mid : mean > mid))
			n++;
	}
	return n;
}

/* Test the change at run @k between segments [a, k) and [k, b). */
static bool test(const struct prefix *p, const struct cpd_opts *o, size_t a,
		 size_t k, size_t b, struct cpd_change *c)
{
	struct st_summary l = raw(p, a, k), r = raw(p, k, b), tl, tr;
	struct st_test t;

	tl = o->per_run ? means(p, a, k) : l;
	tr = o->per_run ? means(p, k, b) : r;
	student(&tl, &tr, &t);
	c->run = k;
	c->before = (struct cpd_side){ a, k, l.n, l.mean, l.sd };
	c->after = (struct cpd_side){ k, b, r.n, r.mean, r.sd };
	c->change_pct = st_change_pct(l.mean, r.mean);
	/*
	 * The change was placed where the two sides differ most among the
	 * b - a - 2 * min_runs + 1 places it could be: a test of the best of
	 * many is corrected for them (Bonferroni), or noise alone would
	 * pass alpha somewhere in a long enough series.
	 */
	c->places = b - a + 1 > 2 * o->min_runs ? b - a + 1 - 2 * o->min_runs : 1;
	c->p = t.valid ? fmin(1.0, t.p * (double)c->places) : 1.0;
	c->tested_n[0] = tl.n;
	c->tested_n[1] = tr.n;
	if (!t.valid || !(c->p < o->alpha) || k - a < o->min_runs || b - k < o->min_runs)
		return false;
	/*
	 * A step, not one run far off: min_runs runs on each side must each
	 * lie on their side of the midpoint.  A single odd run next to the
	 * change moves a short segment's mean, and a t-test on raw repeats
	 * that agree within the run would take it for a step.
	 */
	if (runs_beyond(p, a, k, (l.mean + r.mean) / 2, r.mean > l.mean, false) < o->min_runs ||
	    runs_beyond(p, k, b, (l.mean + r.mean) / 2, r.mean > l.mean, true) < o->min_runs)
		return false;
	/* A mean of 0 becoming anything else is a change of any size. */
	return isnan(c->change_pct) || fabs(c->change_pct) >= o->min_change;
}

struct ctx {
	const struct cpd_series *s;
	const struct cpd_opts *o;
	bool *cand;		/* per run: a candidate change before it */
	double *energy, *q;
};

/* Step 1: bisect [a, b) where the energy is largest, and recurse. */
static int bisect(struct ctx *c, size_t a, size_t b)
{
	const struct cpd_series *s = c->s;
	size_t k, best = 0, lo = a + c->o->min_runs, hi = b - c->o->min_runs;

	if (b - a < 2 * c->o->min_runs)
		return 0;
	if (cpd_energy(s->v + s->start[a], s->start[b] - s->start[a], s->start + a,
		       b - a, c->q))
		return -1;
	for (k = lo; k <= hi; k++)
		if (!best || c->q[k - a] > c->q[best - a])
			best = k;
	if (!best || !(c->q[best - a] > 0))
		return 0;
	c->cand[best] = true;
	c->energy[best] = c->q[best - a];
	return bisect(c, a, best) || bisect(c, best, b) ? -1 : 0;
}

/* Step 2: drop the weakest failing candidate until none fails. */
static size_t prune(struct ctx *c, const struct prefix *p, struct cpd_change *out)
{
	size_t nr = c->s->nruns, i, n = 0, worst, *at = malloc((nr + 2) * sizeof(*at));
	struct cpd_change *t = calloc(nr + 1, sizeof(*t));
	bool *ok = calloc(nr + 1, sizeof(*ok));

	if (!at || !t || !ok) {
		n = (size_t)-1;
		goto out;
	}
	at[n++] = 0;
	for (i = 1; i < nr; i++)
		if (c->cand[i])
			at[n++] = i;
	at[n] = nr;
	for (;;) {
		worst = 0;
		for (i = 1; i < n; i++) {
			ok[i] = test(p, c->o, at[i - 1], at[i], at[i + 1], &t[i]);
			if (!ok[i] && (!worst || t[i].p > t[worst].p ||
				       (t[i].p == t[worst].p && c->energy[at[i]] < c->energy[at[worst]])))
				worst = i;
		}
		if (!worst)
			break;
		memmove(at + worst, at + worst + 1, (n - worst) * sizeof(*at));
		n--;
	}
	for (i = 1; i < n; i++) {
		out[i - 1] = t[i];
		out[i - 1].energy = c->energy[at[i]];
	}
	n--;
out:
	free(at);
	free(t);
	free(ok);
	return n;
}

int cpd_detect(const struct cpd_series *s, const struct cpd_opts *o,
	       struct cpd_change **out)
{
	struct ctx c = { s, o, NULL, NULL, NULL };
	struct prefix p = { 0 };
	size_t n = 0;
	int ret = -1;

	*out = NULL;
	if (!o->min_runs)
		return -1;
	c.cand = calloc(s->nruns + 1, sizeof(*c.cand));
	c.energy = calloc(s->nruns + 1, sizeof(*c.energy));
	c.q = calloc(s->nruns + 1, sizeof(*c.q));
	*out = calloc(s->nruns + 1, sizeof(**out));
	if (!c.cand || !c.energy || !c.q || !*out || prefix_init(&p, s))
		goto out;
	if (bisect(&c, 0, s->nruns))
		goto out;
	n = prune(&c, &p, *out);
	if (n != (size_t)-1)
		ret = (int)n;
out:
	if (ret < 0) {
		free(*out);
		*out = NULL;
	}
	prefix_free(&p);
	free(c.cand);
	free(c.energy);
	free(c.q);
	return ret;
}
