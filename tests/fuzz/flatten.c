// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: daxbench-flatten, the C half of daxbench plot: the
 * tables and vars.gp (the gnuplot strings) of a run, and of two.
 */
#include <limits.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char dir[PATH_MAX];

	if (!fz_run_dir(data, size, dir, sizeof(dir))) {
		fz_main(tool_main, (const char *[]){ "daxbench-flatten", "-o",
			dir, dir, NULL });
		fz_main(tool_main, (const char *[]){ "daxbench-flatten", "-o",
			dir, dir, dir, NULL });
	}
	fz_cleanup(dir);
	return 0;
}
