// SPDX-License-Identifier: GPL-2.0-only
/*
 * Which thresholds a series gets, and what its changes mean.
 *
 * Deterministic metrics (fault counts, instruction counts) repeat
 * exactly or within a fraction of a percent, run after run: their raw
 * repeats are tested, and a change of 0.5% is worth a look.  Times and
 * rates move with the host's load, and runs disagree with each other
 * more than one run's repeats do (on an emulated CPU, by several times):
 * they are tested one sample per run, and only a change of 5% counts.
 * Both need p < 0.001 (Otava's default), corrected for the places the
 * change could have been, and two runs on each side.
 */
#include <stdlib.h>
#include <string.h>

#include "detect.h"

void de_defaults(struct de_opts *o)
{
	o->exact = (struct cpd_opts){
		.alpha = 0.001, .min_change = 0.5, .min_runs = 2, .per_run = false,
	};
	o->noisy = (struct cpd_opts){
		.alpha = 0.001, .min_change = 5, .min_runs = 2, .per_run = true,
	};
}

const char *de_kind_name(enum de_kind k)
{
	static const char *const n[] = { "regression", "improvement", "change" };

	return n[k];
}

static enum de_kind judge(const char *better, double change)
{
	if (!strcmp(better, "lower"))
		return change > 0 ? DE_REGRESSION : DE_IMPROVEMENT;
	if (!strcmp(better, "higher"))
		return change < 0 ? DE_REGRESSION : DE_IMPROVEMENT;
	return DE_CHANGE;
}

int de_series(const struct se_series *s, const struct de_opts *o,
	      struct de_finding **out)
{
	struct cpd_series cs = { s->nruns, s->start, s->v };
	bool exact = se_deterministic(s->metric, s->unit);
	struct cpd_change *c;
	int n, i;

	*out = NULL;
	n = cpd_detect(&cs, exact ? &o->exact : &o->noisy, &c);
	if (n < 0)
		return -1;
	*out = calloc((size_t)n + 1, sizeof(**out));
	if (!*out) {
		free(c);
		return -1;
	}
	for (i = 0; i < n; i++) {
		(*out)[i].c = c[i];
		(*out)[i].deterministic = exact;
		/* A mean from 0: the sign of the new mean says which way. */
		(*out)[i].kind = judge(s->better, c[i].after.mean - c[i].before.mean);
	}
	free(c);
	return n;
}
