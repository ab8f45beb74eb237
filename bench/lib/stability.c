// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stability verdicts: spread across repeats, drift within a repeat, and
 * the median of paired ratios with its confidence interval.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "stability.h"

const char *const db_verdict_names[] = { "unknown", "stable", "noisy" };

/* Units of a time, a rate or a ratio: these move with the machine. */
static const char *const timed_units[] = {
	"ns", "us", "ms", "s", "B/s", "KiB/s", "MB/s", "GB/s", "ops/s",
	"ratio", NULL
};

bool db_stab_is_timed(const char *unit, const char *better)
{
	int i;

	/* A share such as on_cpu is a state of the machine, not a result. */
	if (!unit || !better || !strcmp(better, "neither"))
		return false;
	for (i = 0; timed_units[i]; i++)
		if (!strcmp(unit, timed_units[i]))
			return true;
	return false;
}

/* The finite values of @x, copied: *out must be freed. */
static size_t finite_copy(const double *x, size_t n, double **out)
{
	size_t i, m = 0;

	*out = malloc((n ? n : 1) * sizeof(**out));
	if (!*out)
		return 0;
	for (i = 0; i < n; i++)
		if (isfinite(x[i]))
			(*out)[m++] = x[i];
	return m;
}

double db_stab_cv(const double *x, size_t n)
{
	double *v, mean, cv = NAN;
	size_t m = finite_copy(x, n, &v);

	if (m >= 2) {
		mean = gsl_stats_mean(v, 1, m);
		if (mean != 0)
			cv = gsl_stats_sd_m(v, 1, m, mean) / fabs(mean);
	}
	free(v);
	return cv;
}

struct ranked {
	double v;
	int half;	/* 0 first, 1 second */
};

static int cmp_ranked(const void *a, const void *b)
{
	double x = ((const struct ranked *)a)->v, y = ((const struct ranked *)b)->v;

	return (x > y) - (x < y);
}

/*
 * Two-sided p of the Mann-Whitney U test of halves of @n1 and @n2
 * samples, normal approximation with the tie correction and a
 * continuity correction (good from about 8 samples a side).
 */
static double mann_whitney_p(struct ranked *r, size_t n1, size_t n2)
{
	size_t n = n1 + n2, i, j, k;
	double r1 = 0, ties = 0, u, mu, var, z;

	qsort(r, n, sizeof(*r), cmp_ranked);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && r[j].v == r[i].v; j++)
			;
		/* Ranks i+1 .. j share their average. */
		for (k = i; k < j; k++)
			if (!r[k].half)
				r1 += (double)(i + 1 + j) / 2;
		ties += pow((double)(j - i), 3) - (double)(j - i);
	}
	u = r1 - (double)n1 * (n1 + 1) / 2;
	mu = (double)n1 * n2 / 2;
	var = (double)n1 * n2 / 12 * ((n + 1) - ties / ((double)n * (n - 1)));
	if (var <= 0)
		return 1;	/* every sample equal: no shift */
	z = (fabs(u - mu) - 0.5) / sqrt(var);
	if (z < 0)
		z = 0;
	return 2 * gsl_cdf_ugaussian_Q(z);
}

static double median_of(double *v, size_t n)
{
	gsl_sort(v, 1, n);
	return gsl_stats_median_from_sorted_data(v, 1, n);
}

int db_stab_drift(const double *x, size_t n, struct db_drift *d)
{
	double *v, *h, m1, m2;
	struct ranked *r;
	size_t m = finite_copy(x, n, &v), half = m / 2, i;
	int ret = -1;

	d->n = 0;
	d->drift = d->p = NAN;
	if (half < DB_STAB_MIN_HALF)
		goto out;
	/* An odd middle sample belongs to neither half. */
	r = malloc(2 * half * sizeof(*r));
	h = malloc(half * sizeof(*h));
	if (!r || !h)
		goto out_free;
	for (i = 0; i < half; i++) {
		r[i] = (struct ranked){ v[i], 0 };
		r[half + i] = (struct ranked){ v[m - half + i], 1 };
	}
	memcpy(h, v, half * sizeof(*h));
	m1 = median_of(h, half);
	memcpy(h, v + m - half, half * sizeof(*h));
	m2 = median_of(h, half);
	d->drift = m1 != 0 ? (m2 - m1) / fabs(m1) : NAN;
	d->p = mann_whitney_p(r, half, half);
	d->n = 2 * half;
	ret = 0;
out_free:
	free(r);
	free(h);
out:
	free(v);
	return ret;
}

static bool drifting(const struct db_drift *d)
{
	return d->n && fabs(d->drift) > DB_STAB_DRIFT_MAX && d->p < DB_STAB_ALPHA;
}

/* The repeat to report: the worst drifting one, else the largest shift. */
static void pick_drift(struct db_stability *s, const struct db_drift *drifts,
		       size_t ndrifts)
{
	size_t i;

	s->drift_repeat = -1;
	s->drift_tested = 0;
	s->drift = (struct db_drift){ NAN, NAN, 0 };
	for (i = 0; i < ndrifts; i++) {
		const struct db_drift *d = &drifts[i], *w = &s->drift;

		if (!d->n || !isfinite(d->drift))
			continue;
		s->drift_tested++;
		if (s->drift_repeat < 0 || drifting(d) > drifting(w) ||
		    (drifting(d) == drifting(w) && fabs(d->drift) > fabs(w->drift))) {
			s->drift = *d;
			s->drift_repeat = (int)i;
		}
	}
}

void db_stab_judge(struct db_stability *s, const double *values, size_t nvalues,
		   const struct db_drift *drifts, size_t ndrifts)
{
	double *v;
	bool spread;

	memset(s, 0, sizeof(*s));
	s->repeats = finite_copy(values, nvalues, &v);
	free(v);
	s->cv = s->repeats >= DB_STAB_MIN_REPEATS ? db_stab_cv(values, nvalues) : NAN;
	pick_drift(s, drifts, ndrifts);
	spread = isfinite(s->cv) && s->cv > DB_STAB_CV_MAX;
	if (spread && drifting(&s->drift))
		snprintf(s->reason, sizeof(s->reason),
			 "repeats vary by %.0f%% (cv) and repeat %d drifted %+.0f%% (p=%.2g)",
			 100 * s->cv, s->drift_repeat + 1, 100 * s->drift.drift,
			 s->drift.p);
	else if (spread)
		snprintf(s->reason, sizeof(s->reason),
			 "repeats vary by %.0f%% (cv > %.0f%%)", 100 * s->cv,
			 100 * DB_STAB_CV_MAX);
	else if (drifting(&s->drift))
		snprintf(s->reason, sizeof(s->reason),
			 "repeat %d drifted %+.0f%% from its first half to its second (p=%.2g)",
			 s->drift_repeat + 1, 100 * s->drift.drift, s->drift.p);
	if (s->reason[0])
		s->verdict = DB_VERDICT_NOISY;
	else if (!isfinite(s->cv) && !s->drift_tested) {
		s->verdict = DB_VERDICT_UNKNOWN;
		snprintf(s->reason, sizeof(s->reason),
			 "%zu repeat(s) and no samples within a repeat: too few to judge",
			 s->repeats);
	} else {
		s->verdict = DB_VERDICT_STABLE;
	}
}

int db_median_ci(const double *x, size_t n, double level, struct db_median_ci *ci)
{
	double *v, tail;
	size_t m = finite_copy(x, n, &v), k;

	ci->n = m;
	ci->level = level;
	ci->median = ci->lo = ci->hi = NAN;
	if (!m) {
		free(v);
		return -1;
	}
	ci->median = median_of(v, m);
	/*
	 * [x(k), x(m-k+1)] (1-based) holds the median with probability
	 * 1 - 2 P(B <= k-1), B ~ binomial(m, 1/2): the largest k that
	 * still reaches @level.
	 */
	for (k = m / 2; k >= 1; k--) {
		tail = gsl_cdf_binomial_P((unsigned int)(k - 1), 0.5, (unsigned int)m);
		if (1 - 2 * tail >= level) {
			ci->lo = v[k - 1];
			ci->hi = v[m - k];
			break;
		}
	}
	free(v);
	return 0;
}
