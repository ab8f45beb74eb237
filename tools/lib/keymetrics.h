/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_KEYMETRICS_H
#define DB_KEYMETRICS_H

#include <stdbool.h>

/*
 * The metrics a reader looks at first, per benchmark: the lines of
 * daxbench run's summary and of daxbench report.  One list, so that both
 * show the same numbers.  A new metric worth a first look gets one line
 * in keymetrics.c.
 */

/* True if @benchmark has a list at all. */
bool km_listed(const char *benchmark);
/* True if @metric is one of @benchmark's key metrics. */
bool km_is_key(const char *benchmark, const char *metric);

#endif
