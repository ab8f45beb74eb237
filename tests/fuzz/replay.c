// SPDX-License-Identifier: GPL-2.0-only
/*
 * Replay a fuzz harness's corpus without libFuzzer: each argument is a
 * file (or a directory of them) passed to LLVMFuzzerTestOneInput once,
 * in TAP.  make check replays the history harnesses' seeds this way;
 * make fuzz (scripts/fuzz) builds them with libFuzzer.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A harness built with -Dmain=tool_main renames the tool's main, not this. */
#undef main

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int n;

static void one(const char *file)
{
	FILE *f = fopen(file, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, got;

	if (!f) {
		printf("not ok %d %s: cannot open\n", ++n, file);
		exit(1);
	}
	do {
		if (len + 4096 > cap) {
			cap = cap * 2 + 8192;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		got = fread(buf + len, 1, cap - len, f);
		len += got;
	} while (got);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	printf("ok %d %s\n", ++n, file);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct dirent **ents;
	struct stat st;
	char path[4096];
	int i, k, m;

	printf("TAP version 13\n");
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) || !S_ISDIR(st.st_mode)) {
			one(argv[i]);
			continue;
		}
		m = scandir(argv[i], &ents, NULL, alphasort);
		for (k = 0; k < m; k++) {
			snprintf(path, sizeof(path), "%s/%s", argv[i], ents[k]->d_name);
			if (ents[k]->d_name[0] != '.')
				one(path);
			free(ents[k]);
		}
		if (m >= 0)
			free(ents);
	}
	printf("1..%d\n", n);
	return 0;
}
