// SPDX-License-Identifier: GPL-2.0-only
/*
 * Mean, standard deviation and Welch's t-test.  The distribution
 * function comes from GSL: no hand-written numerical code here.
 */
#include <math.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>

#include "stats.h"

void st_summarize(const double *v, size_t n, struct st_summary *s)
{
	s->n = n;
	s->mean = n ? gsl_stats_mean(v, 1, n) : NAN;
	s->sd = n > 1 ? gsl_stats_sd_m(v, 1, n, s->mean) : 0;
	s->sd_pct = n && s->mean != 0 ? 100.0 * s->sd / fabs(s->mean) : NAN;
}

struct st_summary st_of(const double *v, size_t n)
{
	struct st_summary s;

	st_summarize(v, n, &s);
	return s;
}

/*
 * Welch's t-test: t = (mb - ma) / sqrt(va/na + vb/nb), with the
 * Welch-Satterthwaite degrees of freedom.  When neither side varies at
 * all (counts are often exact) the test degenerates: equal means are
 * the same (p = 1), different means are certainly different (p = 0).
 */
void st_welch(const struct st_summary *a, const struct st_summary *b,
	      struct st_test *t)
{
	double qa, qb, se2;

	t->valid = a->n >= 2 && b->n >= 2;
	t->exact = false;
	t->t = t->df = t->p = NAN;
	if (!t->valid)
		return;
	qa = a->sd * a->sd / (double)a->n;
	qb = b->sd * b->sd / (double)b->n;
	se2 = qa + qb;
	if (se2 == 0) {
		t->exact = true;
		t->p = a->mean == b->mean ? 1.0 : 0.0;
		t->t = a->mean == b->mean ? 0.0 : NAN;
		return;
	}
	t->t = (b->mean - a->mean) / sqrt(se2);
	t->df = se2 * se2 / (qa * qa / (double)(a->n - 1) +
			     qb * qb / (double)(b->n - 1));
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
