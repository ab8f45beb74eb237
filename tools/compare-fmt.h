/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_COMPARE_FMT_H
#define DB_COMPARE_FMT_H

#include <stddef.h>

#include "compare-core.h"

/*
 * Numbers for people, in at most 10 characters: 32, 5210, 1.235e+09,
 * 0.0421.  "-" for a value that was not measured.
 */
char *cf_num(char *buf, size_t len, double v);
/* At most 7 characters: 412.1M, 1.437G, 164798, 3647.2 (SI prefixes). */
char *cf_short(char *buf, size_t len, double v);
/* "+12.3%", "-0.4%", "n/a" (from zero), "-" (not compared). */
char *cf_change(char *buf, size_t len, const struct cc_cell *c);
/* "0.002", "<0.001", "exact", "-" (no test). */
char *cf_p(char *buf, size_t len, const struct cs_test *t);
/* What a person reads for a verdict: "REGRESSION", "improvement"... */
const char *cf_tag(enum cc_verdict v);

#endif
