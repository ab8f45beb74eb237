// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: a run directory (run.json and its results, the parts of
 * the input between NUL bytes) loaded and its facts read.
 */
#include <limits.h>

#include "fuzz.h"
#include "runload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char dir[PATH_MAX];
	struct rl_run run = { 0 };
	size_t i, k;

	if (!fz_run_dir(data, size, dir, sizeof(dir)) && !rl_load(dir, &run)) {
		rl_kernel(&run);
		rl_accel(&run);
		rl_cpu(&run);
		rl_emulated(&run);
		rl_env(&run, "thp.enabled");
		for (i = 0; i < run.nmeas; i++)
			for (k = 0; k < run.meas[i].nmetrics; k++)
				rl_metric(&run.meas[i], run.meas[i].metrics[k].name);
	}
	rl_free(&run);
	fz_cleanup(dir);
	return 0;
}
