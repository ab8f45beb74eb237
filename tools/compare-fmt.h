/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_COMPARE_FMT_H
#define DB_COMPARE_FMT_H

#include <stddef.h>

#include "compare-core.h"
#include "format.h"

/* "+12.3%", "-0.4%", "n/a" (from zero), "-" (not compared). */
char *cf_change(char *buf, size_t len, const struct cc_cell *c);
/* What a person reads for a verdict: "REGRESSION", "improvement"... */
const char *cf_tag(enum cc_verdict v);

#endif
