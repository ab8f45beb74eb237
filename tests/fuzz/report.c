// SPDX-License-Identifier: GPL-2.0-only
/* Fuzz target: daxbench report of a run against itself, every metric. */
#include <limits.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char dir[PATH_MAX];

	if (!fz_run_dir(data, size, dir, sizeof(dir)))
		fz_main(tool_main, (const char *[]){ "daxbench-report", "--all",
			dir, dir, NULL });
	fz_cleanup(dir);
	return 0;
}
