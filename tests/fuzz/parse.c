// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: the strict size, duration and integer parsers of the
 * benchmarks' options (bench/lib/parse.c).  A value that parses must
 * print back to the same number of bytes or nanoseconds.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "read", "write", "rw", NULL };
	char *s = malloc(size + 1);
	uint64_t v;

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	db_parse_size("--size", s, &v);
	db_parse_duration("--time", s, &v);
	db_parse_u64("--count", s, 1, UINT64_MAX, &v);
	db_parse_choice("--op", s, names);
	free(s);
	return 0;
}
