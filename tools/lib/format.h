/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_FORMAT_H
#define DB_FORMAT_H

#include <stddef.h>

#include "stats.h"

/*
 * Numbers for people, in at most 10 characters: 32, 5210, 1.235e+09,
 * 0.0421.  "-" for a value that was not measured.
 */
char *fmt_num(char *buf, size_t len, double v);
/* At most 7 characters: 412.1M, 1.437G, 164798, 3647.2 (SI prefixes). */
char *fmt_short(char *buf, size_t len, double v);
/* A p-value: "0.002", "<0.001", "exact", "-" (no test). */
char *fmt_p(char *buf, size_t len, const struct st_test *t);
/*
 * A mean in the unit people read (B/s as MiB/s, bytes >= 1 MiB as MiB;
 * *@shown is that unit), with 3 significant decimals at most.
 */
char *fmt_human(char *buf, size_t len, double v, const char *unit,
		const char **shown);

#endif
