// SPDX-License-Identifier: GPL-2.0-only
/*
 * Strict parsing of sizes, durations, counts and choices.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse.h"

struct unit {
	const char *suffix;
	uint64_t mult;
};

static const struct unit size_units[] = {
	{ "", 1 }, { "b", 1 },
	{ "k", 1ull << 10 }, { "kib", 1ull << 10 },
	{ "m", 1ull << 20 }, { "mib", 1ull << 20 },
	{ "g", 1ull << 30 }, { "gib", 1ull << 30 },
	{ "t", 1ull << 40 }, { "tib", 1ull << 40 },
	{ NULL, 0 }
};

static const struct unit time_units[] = {
	{ "", 1000000000ull }, { "s", 1000000000ull },
	{ "ns", 1 }, { "us", 1000 }, { "ms", 1000000 },
	{ "m", 60000000000ull }, { "min", 60000000000ull },
	{ "h", 3600000000000ull },
	{ NULL, 0 }
};

static void bad(const char *opt, const char *arg, const char *what)
{
	fprintf(stderr, "%s: %s: '%s': %s\n", program_invocation_short_name,
		opt, arg, what);
}

/* A plain unsigned decimal: digits only, no sign, no spaces. */
static int parse_digits(const char *opt, const char *arg, const char **end,
			uint64_t *out)
{
	const char *p = arg;
	uint64_t v = 0;

	if (*p == '-') {
		bad(opt, arg, "must not be negative");
		return -1;
	}
	if (*p < '0' || *p > '9') {
		bad(opt, arg, "expected a number");
		return -1;
	}
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - (uint64_t)(*p - '0')) / 10) {
			bad(opt, arg, "number too large");
			return -1;
		}
		v = v * 10 + (uint64_t)(*p - '0');
	}
	*end = p;
	*out = v;
	return 0;
}

static int parse_with_units(const char *opt, const char *arg,
			    const struct unit *units, const char *expect,
			    uint64_t *out)
{
	const struct unit *u;
	const char *end;
	uint64_t v;

	if (!arg || !*arg) {
		bad(opt, arg ? arg : "", expect);
		return -1;
	}
	if (parse_digits(opt, arg, &end, &v))
		return -1;
	for (u = units; u->suffix; u++)
		if (!strcasecmp(end, u->suffix))
			break;
	if (!u->suffix) {
		char msg[160];

		snprintf(msg, sizeof(msg), "unknown unit '%s': %s", end, expect);
		bad(opt, arg, msg);
		return -1;
	}
	if (v == 0) {
		bad(opt, arg, "must be greater than zero");
		return -1;
	}
	if (v > UINT64_MAX / u->mult) {
		bad(opt, arg, "value too large");
		return -1;
	}
	*out = v * u->mult;
	return 0;
}

int db_parse_size(const char *opt, const char *arg, uint64_t *bytes)
{
	return parse_with_units(opt, arg, size_units,
		"expected a size such as 4096, 4k, 2M or 1G", bytes);
}

int db_parse_duration(const char *opt, const char *arg, uint64_t *ns)
{
	return parse_with_units(opt, arg, time_units,
		"expected a duration such as 10s, 500ms, 250us or 2m", ns);
}

int db_parse_u64(const char *opt, const char *arg, uint64_t min, uint64_t max,
		 uint64_t *out)
{
	const char *end;
	uint64_t v;
	char msg[96];

	if (!arg || !*arg) {
		bad(opt, "", "expected a number");
		return -1;
	}
	if (parse_digits(opt, arg, &end, &v))
		return -1;
	if (*end) {
		bad(opt, arg, "expected a whole number");
		return -1;
	}
	if (v < min || v > max) {
		snprintf(msg, sizeof(msg), "must be between %llu and %llu",
			 (unsigned long long)min, (unsigned long long)max);
		bad(opt, arg, msg);
		return -1;
	}
	*out = v;
	return 0;
}

int db_parse_choice(const char *opt, const char *arg, const char *const *names)
{
	char msg[512];
	size_t len;
	int i;

	for (i = 0; names[i]; i++)
		if (arg && !strcmp(arg, names[i]))
			return i;
	len = (size_t)snprintf(msg, sizeof(msg), "expected one of:");
	for (i = 0; names[i] && len < sizeof(msg); i++)
		len += (size_t)snprintf(msg + len, sizeof(msg) - len, " %s",
					names[i]);
	bad(opt, arg ? arg : "", msg);
	return -1;
}
