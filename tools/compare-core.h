/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_COMPARE_CORE_H
#define DB_COMPARE_CORE_H

#include <stdbool.h>
#include <stddef.h>

#include "stats.h"
#include "runload.h"

/*
 * A comparison of runs against the first (the baseline): measurements
 * paired by (path, id), metrics by name, each later run's metric given a
 * %change, a Welch's t-test and a verdict.  Shared by daxbench-compare
 * and daxbench-report, which only differ in how they print it.
 */
enum cc_verdict {
	CC_SAME,		/* within the threshold */
	CC_REGRESSION,		/* beyond it, significant, the worse way */
	CC_IMPROVEMENT,		/* beyond it, significant, the better way */
	CC_CHANGED,		/* beyond it, significant, better is "neither" */
	CC_INSIGNIFICANT,	/* beyond it, but p >= alpha: could be noise */
	CC_UNTESTED,		/* beyond it, but a side has one repeat */
	CC_EMULATED,		/* beyond it, but a time on an emulated CPU */
	CC_NOISY,		/* beyond it, but judged noisy in a run */
	CC_MISSING,		/* no values on one side */
	CC_NVERDICTS
};

struct cc_cell {
	bool present;		/* the metric exists in this run */
	struct st_summary s;
	double change;		/* vs the baseline, percent; NAN if undefined */
	struct st_test test;
	enum cc_verdict verdict;	/* unused for the baseline */
	bool noisy;		/* the result judged this metric noisy */
	const char *why;	/* and why */
};

struct cc_row {
	const char *name, *unit;
	enum db_better better;
	struct cc_cell *cell;	/* one per run */
};

struct cc_item {
	const char *path, *id, *benchmark;
	struct rl_meas **m;	/* one per run; NULL where it is missing */
	struct cc_row *rows;
	size_t nrows;
};

struct cc_strs {
	char **s;
	size_t n;
};

struct cc_opts {
	double threshold;	/* percent */
	double alpha;
	bool allow_param_mismatch;
	bool judge_emulated;	/* judge times from an emulated CPU too */
	/* Instruction counts (insns_*): threshold max(floor, spread x sd%). */
	double insns_floor;	/* percent */
	double insns_spread;
	double insns_abs;	/* instructions a region's total must move */
};

struct cc_cmp {
	struct rl_run *runs;
	size_t nruns;
	struct cc_opts opt;
	bool emulated;		/* a run's CPU is emulated (TCG) */
	struct cc_item *items;
	size_t nitems;
	struct cc_strs warnings;	/* differences between the runs, caveats */
	struct cc_strs notes;		/* the results' notes, each once */
	struct cc_strs note_runs;	/* which runs carry each: "A, B" */
	struct cc_strs info;		/* what could not be paired, and why */
	struct cc_strs noisy;		/* what was not judged as noisy, and why */
	size_t (*count)[CC_NVERDICTS];	/* per run: how many of each */
};

/*
 * Pair and test.  Returns 0; or 1, said on stderr, when measurements'
 * parameters differ and that was not allowed, or when nothing pairs.
 */
int cc_build(struct cc_cmp *c, struct rl_run *runs, size_t nruns,
	     const struct cc_opts *opt);
void cc_free(struct cc_cmp *c);

/* "A", "B", ... for run @i. */
const char *cc_label(size_t i);
const char *cc_verdict_name(enum cc_verdict v);
/* How many metrics were compared: 0 means the runs share nothing. */
size_t cc_compared(const struct cc_cmp *c);
/* True if the comparison found a significant regression. */
bool cc_has_regression(const struct cc_cmp *c);
/* A decimal in [min, max] for option @opt; -1 after a message if not. */
int cc_parse_double(const char *opt, const char *arg, double min, double max,
		    double *out);
/* Repeats of a run: run.json's "repeats", else the most seen. */
size_t cc_repeats(const struct rl_run *run);

/* The threshold (percent) that row @r's change must exceed. */
double cc_row_threshold(const struct cc_cmp *c, const struct cc_row *r,
			const struct cc_cell *a, const struct cc_cell *b);

#endif
