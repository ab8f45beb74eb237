// SPDX-License-Identifier: GPL-2.0-only
/*
 * Mean, standard deviation and Welch's t-test.  The distribution
 * function comes from GSL: no hand-written numerical code here.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>

#include "stats.h"

/*
 * GSL's default handler aborts, which a nightly job testing for exit 1
 * would read as "no regression".  Every GSL call of the analysis tools
 * is made here, after this handler is in place: an error is a clear
 * message and exit 2 (the tools' "cannot judge"), never an abort.
 */
static void on_gsl_error(const char *reason, const char *file, int line,
			 int gsl_errno)
{
	fprintf(stderr, "%s: internal error in the statistics (GSL %s:%d: %s, %s)\n",
		program_invocation_short_name, file, line, reason,
		gsl_strerror(gsl_errno));
	exit(2);
}

static void gsl_guard(void)
{
	static bool installed;

	if (!installed) {
		gsl_set_error_handler(on_gsl_error);
		installed = true;
	}
}

/*
 * The sample stddev of values divided by the largest magnitude first:
 * the squares of differences would overflow near 1e155 and vanish near
 * 1e-155, and a stddev is in the unit of the values.
 */
static double scaled_sd(const double *v, size_t n)
{
	double scale = 0, *w, sd;
	size_t i;

	for (i = 0; i < n; i++)
		scale = fmax(scale, fabs(v[i]));
	if (scale == 0 || !isfinite(scale))
		return gsl_stats_sd(v, 1, n);
	w = malloc(n * sizeof(*w));
	if (!w)
		abort();
	for (i = 0; i < n; i++)
		w[i] = v[i] / scale;
	sd = gsl_stats_sd(w, 1, n) * scale;
	free(w);
	return sd;
}

void st_summarize(const double *v, size_t n, struct st_summary *s)
{
	gsl_guard();
	s->n = n;
	s->mean = n ? gsl_stats_mean(v, 1, n) : NAN;
	s->sd = n > 1 ? scaled_sd(v, n) : 0;
	s->sd_pct = n && s->mean != 0 ? 100.0 * s->sd / fabs(s->mean) : NAN;
}

struct st_summary st_of(const double *v, size_t n)
{
	struct st_summary s;

	st_summarize(v, n, &s);
	return s;
}

static double max4(double a, double b, double c, double d)
{
	return fmax(fmax(a, b), fmax(c, d));
}

/*
 * Welch's t-test: t = (mb - ma) / sqrt(va/na + vb/nb), with the
 * Welch-Satterthwaite degrees of freedom.  When neither side varies at
 * all (counts are often exact) the test degenerates: equal means are
 * the same (p = 1), different means are certainly different (p = 0).
 *
 * Both are free of units, so they are computed on the values divided by
 * the largest mean or stddev: squares of values near 1e200 would
 * overflow.  df is written with qa, qb as shares of their sum, so that
 * it stays within [min(na, nb) - 1, na + nb - 2].
 */
void st_welch(const struct st_summary *a, const struct st_summary *b,
	      struct st_test *t)
{
	double scale, ma, mb, qa, qb, se2, ra, rb;

	gsl_guard();
	t->valid = a->n >= 2 && b->n >= 2 && isfinite(a->mean) &&
		   isfinite(b->mean) && isfinite(a->sd) && isfinite(b->sd);
	t->exact = false;
	t->t = t->df = t->p = NAN;
	if (!t->valid)
		return;
	if (a->sd == 0 && b->sd == 0) {
		t->exact = true;
		t->p = a->mean == b->mean ? 1.0 : 0.0;
		t->t = a->mean == b->mean ? 0.0 : NAN;
		return;
	}
	scale = max4(fabs(a->mean), fabs(b->mean), a->sd, b->sd);
	ma = a->mean / scale;
	mb = b->mean / scale;
	qa = (a->sd / scale) * (a->sd / scale) / (double)a->n;
	qb = (b->sd / scale) * (b->sd / scale) / (double)b->n;
	se2 = qa + qb;
	if (se2 == 0) {
		/* The spread vanishes beside the means: as exact. */
		t->exact = true;
		t->p = ma == mb ? 1.0 : 0.0;
		t->t = ma == mb ? 0.0 : NAN;
		return;
	}
	ra = qa / se2;
	rb = qb / se2;
	t->t = (mb - ma) / sqrt(se2);
	t->df = 1.0 / (ra * ra / (double)(a->n - 1) + rb * rb / (double)(b->n - 1));
	t->p = 2.0 * gsl_cdf_tdist_Q(fabs(t->t), t->df);
	if (t->p > 1.0)
		t->p = 1.0;
}

double st_change_pct(double a, double b)
{
	if (a == 0)
		return b == 0 ? 0.0 : NAN;
	return 100.0 * (b - a) / fabs(a);
}
