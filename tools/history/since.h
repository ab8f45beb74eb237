/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_SINCE_H
#define DB_SINCE_H

#include <stddef.h>

/*
 * --since DATE: "2026-11-24", "2026-11-24T02:15:00Z" or
 * "2026-11-24 02:15[:00]" (UTC), checked (a 31st of November is no date)
 * and written as daxbench writes times, "YYYY-MM-DDTHH:MM:SSZ", which
 * sorts as time (20 characters).  Returns 0, or -1 when @s is not such
 * a date.
 */
#define SINCE_LEN	64
int since_date(const char *s, char out[SINCE_LEN]);

#endif
