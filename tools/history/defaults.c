// SPDX-License-Identifier: GPL-2.0-only
/*
 * The history database when --db is not given.
 */
#include <stdio.h>
#include <stdlib.h>

#include "history.h"

const char *hi_default_db(void)
{
	static char buf[4096];
	const char *r = getenv("DAXBENCH_RESULTS");

	if (!r || !*r)
		return HI_DEFAULT_DB;
	snprintf(buf, sizeof(buf), "%s/history.db", r);
	return buf;
}
