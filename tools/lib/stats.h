/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_STATS_H
#define DB_STATS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The statistics of the analysis tools (summary, compare, report,
 * flatten): a metric's mean and sample standard deviation over its
 * repeats, and Welch's unequal-variances t-test between two runs, with
 * the t distribution from GSL.
 */
struct st_summary {
	size_t n;		/* repeats with a value */
	double mean;		/* NAN when n is 0 */
	double sd;		/* sample stddev (n - 1); 0 when n < 2 */
	double sd_pct;		/* sd as a percentage of |mean|; NAN if mean is 0 */
};

struct st_test {
	bool valid;		/* false: fewer than 2 repeats on a side */
	double t, df, p;	/* two-sided p-value */
	bool exact;		/* both sides without any spread: p is 0 or 1 */
};

void st_summarize(const double *v, size_t n, struct st_summary *s);
/* The same, returned: st_of(v, n).mean. */
struct st_summary st_of(const double *v, size_t n);
void st_welch(const struct st_summary *a, const struct st_summary *b,
	      struct st_test *t);
/* (b - a) / |a| in percent; NAN when a is 0 and b is not, 0 if both. */
double st_change_pct(double a, double b);

#endif
