// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz target: jget, the JSON reader of the shell tests and of
 * scripts/measure-*, which read results that others made.  The input is
 * a query path, a NUL byte, and the JSON file; the path is asked with
 * and without -i.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

int tool_main(int argc, char **argv);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	char file[PATH_MAX], *path;
	size_t plen;

	if (!nul)
		return 0;
	plen = (size_t)(nul - data);
	path = strndup((const char *)data, plen);
	if (!path)
		return 0;
	if (!fz_one_file(nul + 1, size - plen - 1, "result.json", file,
			 sizeof(file))) {
		fz_main(tool_main, (const char *[]){ "jget", file, path, NULL });
		fz_main(tool_main, (const char *[]){ "jget", "-i", file, path,
			NULL });
		fz_cleanup(file);
	}
	free(path);
	return 0;
}
