// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: daxbench-runjson updating a run.json (the first part of
 * the input) with a note and with a guest's vm.json (the second part),
 * and reading a key back.
 */
#include <limits.h>
#include <stdio.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char dir[PATH_MAX], rj[PATH_MAX + 16], vm[PATH_MAX + 32];

	if (!fz_run_dir(data, size, dir, sizeof(dir))) {
		snprintf(rj, sizeof(rj), "%s/run.json", dir);
		snprintf(vm, sizeof(vm), "%s/measurements/m0.json", dir);
		fz_main(tool_main, (const char *[]){ "daxbench-runjson", "get",
			rj, "vm.kernel", NULL });
		fz_main(tool_main, (const char *[]){ "daxbench-runjson", "note",
			rj, "a note", NULL });
		fz_main(tool_main, (const char *[]){ "daxbench-runjson", "vm",
			rj, vm, "--", "daxbench", "run", NULL });
	}
	fz_cleanup(dir);
	return 0;
}
