/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_PARSE_H
#define DB_PARSE_H

#include <stdint.h>

/*
 * Strict parsers for command-line values.  Each takes the option's name
 * so that its message says which option was wrong and what was expected;
 * each prints that message on stderr and returns -1 on bad input, 0 on
 * success.  Nothing is ever silently defaulted.
 */

/* Bytes: "4096", "4k", "2M", "1G", "1T" (binary units; "KiB" etc. too). */
int db_parse_size(const char *opt, const char *arg, uint64_t *bytes);
/* Duration: "10s", "500ms", "250us", "100ns", "2m", "1h"; no unit = s. */
int db_parse_duration(const char *opt, const char *arg, uint64_t *ns);
/* An integer in [min, max]. */
int db_parse_u64(const char *opt, const char *arg, uint64_t min, uint64_t max,
		 uint64_t *out);
/* One of @names (NULL-terminated): returns its index, or -1. */
int db_parse_choice(const char *opt, const char *arg, const char *const *names);

#endif
