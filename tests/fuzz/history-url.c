// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz how a --db name is shown (hs_display_name, tools/history/store.c):
 * never a crash or an overflow, and a password given as user:PASSWORD@
 * or password=PASSWORD is shown as ***.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * In what is shown of a PostgreSQL URL, every query "password=" has the
 * value ***, and so has the user information's password (user:PW@).
 */
static void check(const char *url, const char *shown)
{
	const char *p, *auth, *end, *at = NULL, *colon = NULL;

	/* Anything else is an SQLite file name, shown as it is. */
	if (strncmp(url, "postgresql://", 13) && strncmp(url, "postgres://", 11)) {
		if (strcmp(url, shown))
			abort();
		return;
	}
	auth = strstr(shown, "://") + 3;
	end = auth + strcspn(auth, "/?");
	for (p = auth; p < end; p++)
		if (*p == '@')
			at = p;
	for (p = auth; at && p < at && !colon; p++)
		if (*p == ':')
			colon = p;
	if (colon && strncmp(colon, ":***@", 5))
		abort();
	for (p = strchr(end, '?'); p && (p = strstr(p, "password=")); p += 9)
		if ((p[-1] == '?' || p[-1] == '&') && strncmp(p + 9, "***", 3) != 0)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *url = malloc(size + 1), *shown;

	if (!url)
		return 0;
	memcpy(url, data, size);
	url[size] = '\0';
	shown = hs_display_name(url);
	if (!shown)
		abort();
	check(url, shown);
	free(shown);
	free(url);
	return 0;
}
