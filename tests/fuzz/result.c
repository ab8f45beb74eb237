// SPDX-License-Identifier: GPL-2.0-only
/* Fuzz target: one daxbench result file, as compare and plot load it. */
#include <limits.h>

#include "fuzz.h"
#include "runload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char file[PATH_MAX];
	struct rl_run run = { 0 };

	if (!fz_one_file(data, size, "result.json", file, sizeof(file)) &&
	    !rl_load(file, &run)) {
		rl_kernel(&run);
		rl_accel(&run);
		rl_cpu(&run);
		rl_emulated(&run);
	}
	rl_free(&run);
	fz_cleanup(file);
	return 0;
}
