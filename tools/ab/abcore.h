/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_ABCORE_H
#define DB_ABCORE_H

#include <stdbool.h>
#include <stddef.h>

#include "abstate.h"
#include "runload.h"
#include "stats.h"

/*
 * The comparison behind daxbench ab.  Each side has one run per round,
 * each from a fresh guest boot; a round's sample of a metric is the
 * mean of that run's repeats, so Welch's test works on the spread
 * between boots, which is what drifts, not on repeats within one boot.
 *
 * Metrics are judged by class:
 *   faults  page-fault counts (names with "faults"): exact; more is worse
 *   insns   instruction counts (insns_*): deterministic under TCG; the
 *           threshold is taken from their measured spread
 *   time    times and rates: judged only where the CPU is not emulated
 *   other   counts and states (better "neither"): changed, never worse
 */
enum ab_class { AB_FAULTS, AB_INSNS, AB_TIME, AB_OTHER };

enum ab_verdict {
	AB_SAME,		/* within the threshold */
	AB_REGRESSION,		/* beyond it, significant, the worse way */
	AB_IMPROVEMENT,		/* beyond it, significant, the better way */
	AB_CHANGED,		/* beyond it, significant, no better way */
	AB_INSIGNIFICANT,	/* beyond it, but p >= alpha */
	AB_UNTESTED,		/* beyond it, fewer than 2 rounds on a side */
	AB_NOT_JUDGED,		/* a time on an emulated CPU */
};

struct ab_row {
	const char *path, *id, *benchmark, *metric, *unit;
	enum db_better better;	/* as judged (faults: lower) */
	enum ab_class cls;
	bool key;		/* one of the benchmark's key metrics */
	double *s[AB_NSIDES];	/* one sample per round */
	size_t n[AB_NSIDES];
	struct st_summary sum[AB_NSIDES];
	struct st_test t;
	double change;		/* %change TEST against BASE */
	double threshold;	/* percent */
	enum ab_verdict v;
};

/* A path, measurement or metric that exists on one side only. */
struct ab_only {
	const char *path, *id, *metric;	/* id, metric NULL: whole path */
	enum ab_side side;		/* where it exists */
	const char *why;		/* the other side's reason, or NULL */
};

/* A kernel function's instructions in one measurement, both sides. */
struct ab_func {
	const char *path, *id, *name;
	double mean[AB_NSIDES];		/* per repeat where it was listed */
	bool have[AB_NSIDES];
	double delta;			/* TEST - BASE (absent: 0) */
};

struct ab_opts {
	double threshold;	/* percent, for faults, times, other */
	double alpha;
	double insns_floor;	/* percent: the least insns threshold */
	double insns_spread;	/* insns threshold: this x the larger %stddev */
	bool judge_emulated;
};

struct ab_cmp {
	struct ab_opts o;
	struct ab_state st;
	char *dir;
	struct rl_run *runs[AB_NSIDES];
	size_t nruns[AB_NSIDES];
	bool emulated;		/* some run's CPU was emulated */
	struct ab_row *rows;
	size_t nrows;
	struct ab_only *only;
	size_t nonly;
	struct ab_func *funcs;	/* sorted by |delta|, largest first */
	size_t nfuncs;
	size_t count[AB_NOT_JUDGED + 1];
};

/*
 * Load the A/B in @dir (its ab.state and every round's run that
 * finished) and compare.  Returns 0, or -1 after saying why.
 */
int ab_compare(const char *dir, const struct ab_opts *o, struct ab_cmp *c);
void ab_cmp_free(struct ab_cmp *c);

const char *ab_verdict_name(enum ab_verdict v);
const char *ab_class_name(enum ab_class c);
/* True if @v counts toward the exit status. */
static inline bool ab_is_regression(enum ab_verdict v)
{
	return v == AB_REGRESSION;
}

/* Top kernel functions (abfuncs.c). */
int ab_funcs_collect(struct ab_cmp *c);

#endif
