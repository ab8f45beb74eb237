/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_DETECT_H
#define DB_DETECT_H

#include <stdbool.h>

#include "cpd.h"
#include "series.h"

/*
 * Change points of a series, judged: the thresholds that apply to its
 * kind of metric (deterministic counts or noisy times), and whether the
 * change is a regression, an improvement, or a change of something that
 * is neither better nor worse (a fault count).
 */
struct de_opts {
	struct cpd_opts exact;	/* counts, insns_*: raw repeats, small changes */
	struct cpd_opts noisy;	/* times, rates: run means, larger changes */
};

enum de_kind { DE_REGRESSION, DE_IMPROVEMENT, DE_CHANGE };

struct de_finding {
	struct cpd_change c;
	enum de_kind kind;
	bool deterministic;
};

void de_defaults(struct de_opts *o);
/* The findings of @s: how many, in *@out (free()); -1 out of memory. */
int de_series(const struct se_series *s, const struct de_opts *o,
	      struct de_finding **out);
const char *de_kind_name(enum de_kind k);

#endif
