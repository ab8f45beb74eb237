// SPDX-License-Identifier: GPL-2.0-only
/*
 * Files from fuzzer bytes, and calling a tool's main(): see fuzz.h.
 */
#include <fcntl.h>
#include <ftw.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

static int put(const char *path, const void *buf, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	ssize_t w = 0;

	if (fd < 0)
		return -1;
	if (n)
		w = write(fd, buf, n);
	close(fd);
	return w == (ssize_t)n ? 0 : -1;
}

static int new_dir(char *dir, size_t len)
{
	const char *t = getenv("TMPDIR");

	snprintf(dir, len, "%s/daxbench-fuzz.XXXXXX", t && *t ? t : "/tmp");
	return mkdtemp(dir) ? 0 : -1;
}

int fz_run_dir(const uint8_t *data, size_t size, char *dir, size_t len)
{
	char path[PATH_MAX];
	const uint8_t *end = data + size, *nul;
	int part = 0;

	if (new_dir(dir, len))
		return -1;
	snprintf(path, sizeof(path), "%s/measurements", dir);
	if (mkdir(path, 0700))
		return -1;
	for (;;) {
		nul = memchr(data, 0, (size_t)(end - data));
		if (part == 0)
			snprintf(path, sizeof(path), "%s/run.json", dir);
		else
			snprintf(path, sizeof(path), "%s/measurements/m%d.json",
				 dir, part - 1);
		if (put(path, data, (size_t)((nul ? nul : end) - data)))
			return -1;
		if (!nul || ++part > 8)
			return 0;
		data = nul + 1;
	}
}

int fz_one_file(const uint8_t *data, size_t size, const char *name,
		char *file, size_t len)
{
	char dir[PATH_MAX];

	if (new_dir(dir, sizeof(dir)))
		return -1;
	snprintf(file, len, "%s/%s", dir, name);
	return put(file, data, size);
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void fz_cleanup(const char *dir_or_file)
{
	char dir[PATH_MAX];
	const char *base = strstr(dir_or_file, "/daxbench-fuzz.");
	const char *slash;

	if (!base)
		return;
	slash = strchr(base + 1, '/');
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - dir_or_file) :
		 (int)strlen(dir_or_file), dir_or_file);
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int fz_main(int (*fn)(int, char **), const char **argv)
{
	char *args[32];
	int argc = 0;

	while (argv[argc] && argc < 31) {
		args[argc] = (char *)argv[argc];
		argc++;
	}
	args[argc] = NULL;
	optind = 0;	/* glibc: start over, forgetting any state */
	opterr = 1;
	return fn(argc, args);
}
