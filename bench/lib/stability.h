/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_STABILITY_H
#define DB_STABILITY_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Is a timed metric stable enough to mean something?  Two questions,
 * both answered from numbers the benchmark measured (docs/metrics.md,
 * "Stability"):
 *
 *  - across repeats: the coefficient of variation (sample stddev over
 *    |mean|) of the per-repeat values;
 *  - within a repeat: did the samples (passes, slices, pairs) of its
 *    second half differ from those of its first half?  Relative drift of
 *    the medians, tested with the Mann-Whitney U test, so that one slow
 *    pass does not count as drift and a real shift is not hidden by an
 *    average.
 *
 * Counts are exact and never judged (db_stab_is_timed()).
 */

/* Repeats that differ by more than this (stddev / |mean|) are noisy. */
#define DB_STAB_CV_MAX		0.10
/* A repeat whose second half moved by more than this is drifting... */
#define DB_STAB_DRIFT_MAX	0.10
/* ...when the shift is also significant at this level (two-sided). */
#define DB_STAB_ALPHA		0.01
/* Fewer repeats than this give no spread worth judging. */
#define DB_STAB_MIN_REPEATS	3
/* Fewer samples per half than this give no drift test worth judging. */
#define DB_STAB_MIN_HALF	8

enum db_verdict {
	DB_VERDICT_UNKNOWN,	/* too few repeats and samples to say */
	DB_VERDICT_STABLE,
	DB_VERDICT_NOISY,
};

extern const char *const db_verdict_names[];

/* The drift test of one repeat's samples; n = 0 when not tested. */
struct db_drift {
	double drift;	/* (median of 2nd half - median of 1st) / |median of 1st| */
	double p;	/* Mann-Whitney U, two-sided, normal approximation */
	size_t n;	/* samples in the test */
};

struct db_stability {
	enum db_verdict verdict;
	double cv;		/* NAN with fewer than DB_STAB_MIN_REPEATS values */
	size_t repeats;		/* finite per-repeat values */
	struct db_drift drift;	/* the worst repeat's (n = 0: none tested) */
	int drift_repeat;	/* its index, -1 when none was tested */
	size_t drift_tested;	/* repeats with a drift test */
	char reason[160];	/* why noisy or unknown; empty when stable */
};

/* Times, rates and ratios are judged; counts, sizes and states are not. */
bool db_stab_is_timed(const char *unit, const char *better);

/* Coefficient of variation of the finite values; NAN below 2 of them. */
double db_stab_cv(const double *x, size_t n);

/*
 * First half of @x (time order) against its second half; NAN values are
 * skipped.  Returns -1 (and d->n = 0) with fewer than DB_STAB_MIN_HALF
 * finite samples per half.
 */
int db_stab_drift(const double *x, size_t n, struct db_drift *d);

/*
 * The verdict from the per-repeat @values and the drift tests of the
 * repeats (@drifts, one per repeat; entries with n = 0 were not tested).
 */
void db_stab_judge(struct db_stability *s, const double *values, size_t nvalues,
		   const struct db_drift *drifts, size_t ndrifts);

/*
 * Median of @x with a distribution-free confidence interval from order
 * statistics (the binomial(n, 1/2) law of how many samples fall below the
 * median).  lo/hi are NAN when n is too small for @level.
 */
struct db_median_ci {
	double median, lo, hi, level;
	size_t n;
};

int db_median_ci(const double *x, size_t n, double level, struct db_median_ci *ci);

#endif
