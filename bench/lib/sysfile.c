// SPDX-License-Identifier: GPL-2.0-only
/*
 * One-line files of sysfs and procfs: what the environment capture, the
 * filesystem capture and the benchmarks read their kernel settings from.
 */
#include <stdio.h>
#include <string.h>

#include "sysfile.h"

int db_read_line(const char *file, char *buf, size_t len)
{
	FILE *f = fopen(file, "re");
	size_t n;

	if (!f)
		return -1;
	if (!fgets(buf, (int)len, f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	n = strlen(buf);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return 0;
}
