/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_CPD_H
#define DB_CPD_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Change-point detection on one series: E-Divisive means (Matteson and
 * James, 2014) to place changes, a Student's t-test on the segments on
 * either side to keep only the significant ones, as Apache Otava
 * (Hunter) does.  Pure computation, no database.
 *
 * A series is a sequence of runs in time order, each with its raw
 * repeats.  A change is placed only between runs (a run is one kernel,
 * one boot, one moment), and needs min_runs runs on each side, each of
 * them on its side of the step: nothing is flagged from one run, however
 * far off it is.
 */
struct cpd_series {
	size_t nruns;
	const size_t *start;	/* run r's values are v[start[r] .. start[r + 1]) */
	const double *v;	/* every repeat, run after run */
};

struct cpd_opts {
	double alpha;		/* a change needs p below this */
	double min_change;	/* and |%change| of the means at least this */
	size_t min_runs;	/* runs on each side of a change, >= 1 */
	/*
	 * Test on the runs' means (one sample per run) instead of the raw
	 * repeats: for noisy metrics, whose repeats within one run agree
	 * better than runs do with each other (load, boot, placement).
	 */
	bool per_run;
};

struct cpd_side {
	size_t first, end;	/* runs [first, end) */
	size_t n;		/* values */
	double mean, sd;	/* of the raw values */
};

struct cpd_change {
	size_t run;		/* the first run after the change */
	struct cpd_side before, after;
	double change_pct;	/* of the means, after against before */
	double p;		/* of the test that kept it, corrected for: */
	size_t places;		/* the places the change could have been */
	size_t tested_n[2];	/* samples in that test, each side */
	double energy;		/* the E-Divisive statistic where it was placed */
};

/*
 * Find the changes of @s.  Returns how many, in run order in *@out
 * (free()), or -1 when out of memory.
 */
int cpd_detect(const struct cpd_series *s, const struct cpd_opts *o,
	       struct cpd_change **out);

/*
 * The E-Divisive statistic of splitting values v[0 .. n) at each run
 * boundary start[1 .. nruns - 1] (relative to v): q[k] for the split
 * before run k, k in [1, nruns).  Exposed for the tests.  Returns 0.
 */
int cpd_energy(const double *v, size_t n, const size_t *start, size_t nruns,
	       double *q);

#endif
