// SPDX-License-Identifier: GPL-2.0-only
/* Fuzz target: daxbench-fio2json on one repeat of fio's json+ output. */
#include <limits.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char file[PATH_MAX];

	if (!fz_one_file(data, size, "fio.json", file, sizeof(file)))
		fz_main(tool_main, (const char *[]){ "daxbench-fio2json", "--json",
			file, file, NULL });
	fz_cleanup(file);
	return 0;
}
