// SPDX-License-Identifier: GPL-2.0-only
/*
 * How compare and report print numbers, changes and p-values.
 */
#include <math.h>
#include <stdio.h>

#include "compare-fmt.h"

char *cf_num(char *buf, size_t len, double v)
{
	double a = fabs(v);

	if (isnan(v))
		snprintf(buf, len, "-");
	else if (a >= 1e9)
		snprintf(buf, len, "%.3e", v);
	else if (a >= 1e4 || v == floor(v))
		snprintf(buf, len, "%.0f", v);
	else if (a >= 100)
		snprintf(buf, len, "%.1f", v);
	else if (a >= 1)
		snprintf(buf, len, "%.2f", v);
	else if (a >= 0.001)
		snprintf(buf, len, "%.4f", v);
	else
		snprintf(buf, len, "%.3e", v);
	return buf;
}

char *cf_short(char *buf, size_t len, double v)
{
	static const char *const si[] = { "T", "G", "M" };
	static const double scale[] = { 1e12, 1e9, 1e6 };
	size_t i;

	for (i = 0; i < 3 && !isnan(v); i++) {
		if (fabs(v) >= scale[i] * 0.99995) {
			snprintf(buf, len, "%.4g%s", v / scale[i], si[i]);
			return buf;
		}
	}
	return cf_num(buf, len, v);
}

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

char *cf_p(char *buf, size_t len, const struct cs_test *t)
{
	if (!t->valid || isnan(t->p))
		snprintf(buf, len, "-");
	else if (t->exact)
		snprintf(buf, len, "exact");
	else if (t->p < 0.001)
		snprintf(buf, len, "<0.001");
	else
		snprintf(buf, len, "%.3f", t->p);
	return buf;
}

const char *cf_tag(enum cc_verdict v)
{
	static const char *const tags[CC_NVERDICTS] = {
		"", "REGRESSION", "improvement", "changed", "insignificant",
		"untested", "emulated", "missing",
	};

	return tags[v];
}
