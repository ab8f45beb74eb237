// SPDX-License-Identifier: GPL-2.0-only
/*
 * Numbers for people, as every analysis tool prints them: never more
 * digits than were measured, "-" for what was not.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "format.h"

char *fmt_num(char *buf, size_t len, double v)
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

char *fmt_short(char *buf, size_t len, double v)
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
	return fmt_num(buf, len, v);
}

char *fmt_p(char *buf, size_t len, const struct st_test *t)
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

/* The unit people read: B/s as MiB/s, large byte counts as MiB. */
static double human_scale(double v, const char *unit, const char **shown)
{
	*shown = unit;
	if (!strcmp(unit, "B/s")) {
		*shown = "MiB/s";
		return v / 1048576.0;
	}
	if (!strcmp(unit, "bytes") && fabs(v) >= 1048576.0) {
		*shown = "MiB";
		return v / 1048576.0;
	}
	return v;
}

char *fmt_human(char *buf, size_t len, double v, const char *unit,
		const char **shown)
{
	v = human_scale(v, unit, shown);
	if (fabs(v) >= 1e7 || (v != 0 && fabs(v) < 0.01))
		snprintf(buf, len, "%.3e", v);
	else if (v == floor(v))
		snprintf(buf, len, "%.0f", v);
	else
		snprintf(buf, len, "%.*f", fabs(v) < 10 ? 3 : fabs(v) < 1000 ? 1 : 0, v);
	return buf;
}
