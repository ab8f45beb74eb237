// SPDX-License-Identifier: GPL-2.0-only
/*
 * The one atomic writer of the benchmarks' results.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "cleanup.h"

/* The temporary file being written, for the cleanup callback. */
static char tmp_path[PATH_MAX];

static void unlink_tmp(void *arg)
{
	unlink(arg);
}

/* mkstemp makes 0600; results are for everyone the umask lets read. */
static int apply_umask(int fd)
{
	mode_t mask = umask(0);

	umask(mask);
	return fchmod(fd, 0666 & ~mask);
}

static int write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The rename is durable only once the directory is. */
static void sync_dir(const char *path)
{
	char copy[PATH_MAX];
	int fd;

	snprintf(copy, sizeof(copy), "%s", path);
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	fsync(fd);
	close(fd);
}

int db_write_atomic(const char *path, const void *buf, size_t len)
{
	int fd, handle, err = 0;

	if (snprintf(tmp_path, sizeof(tmp_path), "%s.tmp.XXXXXX", path) >=
	    (int)sizeof(tmp_path)) {
		errno = ENAMETOOLONG;
		goto fail;
	}
	fd = mkostemp(tmp_path, O_CLOEXEC);
	if (fd < 0)
		goto fail;
	handle = db_cleanup_add(unlink_tmp, tmp_path);
	if (handle < 0 || apply_umask(fd) || write_all(fd, buf, len) || fsync(fd))
		err = errno ? errno : EIO;
	if (close(fd) && !err)
		err = errno;
	if (!err && rename(tmp_path, path))
		err = errno;
	if (err) {
		if (handle < 0)
			unlink(tmp_path);
		db_cleanup_remove(handle, true);
		errno = err;
		goto fail;
	}
	db_cleanup_remove(handle, false);
	sync_dir(path);
	return 0;
fail:
	fprintf(stderr, "%s: cannot write %s: %s\n",
		program_invocation_short_name, path, strerror(errno));
	return -1;
}
