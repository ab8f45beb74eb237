// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: daxbench compare of a run with itself and with its
 * first result alone, as text and as JSON.
 */
#include <limits.h>
#include <stdio.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char dir[PATH_MAX], m0[PATH_MAX + 32];

	if (!fz_run_dir(data, size, dir, sizeof(dir))) {
		snprintf(m0, sizeof(m0), "%s/measurements/m0.json", dir);
		fz_main(tool_main, (const char *[]){ "daxbench-compare",
			"--judge-emulated", dir, dir, NULL });
		fz_main(tool_main, (const char *[]){ "daxbench-compare",
			"--json", "--allow-param-mismatch", dir, m0, NULL });
	}
	fz_cleanup(dir);
	return 0;
}
