// SPDX-License-Identifier: GPL-2.0-only
/*
 * How compare and report print changes and verdicts; numbers and
 * p-values are printed by lib/format.c.
 */
#include <math.h>
#include <stdio.h>

#include "compare-fmt.h"

char *cf_change(char *buf, size_t len, const struct cc_cell *c)
{
	if (!c->present || !c->s.n)
		snprintf(buf, len, "-");
	else if (isnan(c->change))
		snprintf(buf, len, "n/a");
	else if (fabs(c->change) >= 99999.5)
		snprintf(buf, len, "%+.1e%%", c->change);
	else if (fabs(c->change) >= 999.95)
		snprintf(buf, len, "%+.0f%%", c->change);
	else
		snprintf(buf, len, "%+.1f%%", c->change);
	return buf;
}

const char *cf_tag(enum cc_verdict v)
{
	static const char *const tags[CC_NVERDICTS] = {
		"", "REGRESSION", "improvement", "changed", "insignificant",
		"untested", "emulated", "noisy", "missing",
	};

	return tags[v];
}
