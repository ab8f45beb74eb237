/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_ABREPORT_H
#define DB_ABREPORT_H

#include <stdio.h>
#include <json-c/json.h>

#include "abcore.h"

#define AB_WIDTH	72	/* the report fits a mail */
#define AB_TOP_FUNCS	12	/* kernel functions listed */
#define AB_MAX_TIMES	16	/* unjudged time rows listed */

/* The plain-text report, the kernel test robot's form (abtext.c). */
void ab_text(const struct ab_cmp *c, FILE *f);
/* The same as JSON, every row (abjson.c); NULL when out of memory. */
struct json_object *ab_json(const struct ab_cmp *c);
/* The row that heads the report: the worst significant regression. */
const struct ab_row *ab_worst(const struct ab_cmp *c);
/* "complete", "incomplete", "running": as ab.state says. */
const char *ab_status(const struct ab_cmp *c);

#endif
