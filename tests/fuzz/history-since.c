// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz --since date parsing (tools/history/since.c): never a crash or a
 * read past the text, and what it accepts it writes in the canonical
 * form, which parses to itself.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "since.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), out[SINCE_LEN], again[SINCE_LEN];

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (!since_date(s, out)) {
		if (strlen(out) != 20 || since_date(out, again) || strcmp(out, again))
			abort();
	}
	free(s);
	return 0;
}
