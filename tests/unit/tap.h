/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_TAP_H
#define DB_TAP_H

/*
 * Minimal TAP 13 for the unit tests, in the shape of kselftest's output:
 * a plan, one "ok"/"not ok" line per check, and a totals line.
 */
#include <stdarg.h>
#include <stdio.h>

static int tap_n, tap_fail;

static inline void tap_plan(int n)
{
	printf("TAP version 13\n1..%d\n", n);
}

static inline int tap_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d ", cond ? "" : "not ", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond)
		tap_fail++;
	return cond;
}

static inline void tap_diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static inline int tap_done(void)
{
	printf("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:0 error:0\n",
	       tap_n - tap_fail, tap_fail);
	return tap_fail ? 1 : 0;
}

#endif
