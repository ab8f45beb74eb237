// SPDX-License-Identifier: GPL-2.0-only
/*
 * Accept/reject tables for the option parsers: every bad value must be
 * refused (with a message naming the option), every good one exact.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "parse.h"
#include "tap.h"

struct good {
	const char *arg;
	uint64_t want;
};

static const struct good good_sizes[] = {
	{ "1", 1 }, { "4096", 4096 }, { "4k", 4096 }, { "4K", 4096 },
	{ "4KiB", 4096 }, { "2M", 2 << 20 }, { "2m", 2 << 20 },
	{ "1G", 1ull << 30 }, { "1GiB", 1ull << 30 }, { "3T", 3ull << 40 },
	{ "512b", 512 },
};

static const char *const bad_sizes[] = {
	"", "0", "0k", "-1", "-4k", "4x", "4kk", "k", " 4k", "4k ", "4.5k",
	"0x10", "1e3", "18446744073709551616", "16777216T", "4 k", "+4k",
};

static const struct good good_durations[] = {
	{ "10s", 10000000000ull }, { "500ms", 500000000ull },
	{ "250us", 250000ull }, { "100ns", 100 }, { "2m", 120000000000ull },
	{ "1h", 3600000000000ull }, { "3", 3000000000ull },
	{ "1min", 60000000000ull },
};

static const char *const bad_durations[] = {
	"", "0", "0s", "-1s", "10x", "1.5s", "s", "10 s", "5d",
	"99999999999999999999s", "18446744073709551615h",
};

/* Run @fn with stderr captured, to check the message names the option. */
static int capture_stderr(int (*fn)(const char *, const char *, uint64_t *),
			  const char *opt, const char *arg, uint64_t *out,
			  char *msg, size_t len)
{
	FILE *tmp = tmpfile();
	int saved = dup(2), ret;
	size_t n;

	fflush(stderr);
	dup2(fileno(tmp), 2);
	ret = fn(opt, arg, out);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	n = fread(msg, 1, len - 1, tmp);
	msg[n] = '\0';
	fclose(tmp);
	return ret;
}

static void check_good(const char *kind,
		       int (*fn)(const char *, const char *, uint64_t *),
		       const struct good *g, size_t n)
{
	uint64_t v;
	size_t i;

	for (i = 0; i < n; i++) {
		v = 0;
		tap_ok(fn("--opt", g[i].arg, &v) == 0 && v == g[i].want,
		       "%s '%s' = %llu", kind, g[i].arg, (unsigned long long)g[i].want);
	}
}

static void check_bad(const char *kind,
		      int (*fn)(const char *, const char *, uint64_t *),
		      const char *const *bad, size_t n)
{
	char msg[512];
	uint64_t v;
	size_t i;

	for (i = 0; i < n; i++) {
		int ret = capture_stderr(fn, "--my-option", bad[i], &v, msg, sizeof(msg));

		tap_ok(ret == -1 && strstr(msg, "--my-option"),
		       "%s '%s' rejected, naming the option", kind, bad[i]);
	}
}

static void check_u64_and_choice(void)
{
	static const char *const names[] = { "read", "write", NULL };
	uint64_t v;

	tap_ok(!db_parse_u64("--threads", "8", 1, 64, &v) && v == 8, "u64 in range");
	tap_ok(db_parse_u64("--threads", "0", 1, 64, &v) == -1, "u64 below range rejected");
	tap_ok(db_parse_u64("--threads", "65", 1, 64, &v) == -1, "u64 above range rejected");
	tap_ok(db_parse_u64("--threads", "8x", 1, 64, &v) == -1, "u64 with junk rejected");
	tap_ok(db_parse_choice("--access", "write", names) == 1, "choice found");
	tap_ok(db_parse_choice("--access", "Write", names) == -1, "choice is exact");
}

int main(void)
{
	size_t ng = sizeof(good_sizes) / sizeof(good_sizes[0]);
	size_t nb = sizeof(bad_sizes) / sizeof(bad_sizes[0]);
	size_t ngd = sizeof(good_durations) / sizeof(good_durations[0]);
	size_t nbd = sizeof(bad_durations) / sizeof(bad_durations[0]);

	tap_plan((int)(ng + nb + ngd + nbd) + 6);
	check_good("size", db_parse_size, good_sizes, ng);
	check_bad("size", db_parse_size, bad_sizes, nb);
	check_good("duration", db_parse_duration, good_durations, ngd);
	check_bad("duration", db_parse_duration, bad_durations, nbd);
	check_u64_and_choice();
	return tap_done();
}
