// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: daxbench-insns-join with a counts file written by the
 * QEMU plugin (the first part of the input), a guest's kallsyms (the
 * second) and a result to join them into (the third): both come back
 * from a guest run.
 */
#include <limits.h>
#include <stdio.h>

#include "fuzz.h"

int tool_main(int argc, char **argv);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char dir[PATH_MAX], counts[PATH_MAX + 16], ksyms[PATH_MAX + 32];
	char result[PATH_MAX + 32];

	if (!fz_run_dir(data, size, dir, sizeof(dir))) {
		snprintf(counts, sizeof(counts), "%s/run.json", dir);
		snprintf(ksyms, sizeof(ksyms), "%s/measurements/m0.json", dir);
		snprintf(result, sizeof(result), "%s/measurements/m1.json", dir);
		fz_main(tool_main, (const char *[]){ "daxbench-insns-join",
			"--counts", counts, "--kallsyms", ksyms, "--top", "3",
			result, NULL });
	}
	fz_cleanup(dir);
	return 0;
}
