// SPDX-License-Identifier: GPL-2.0-only
/*
 * Benchmark target files, cleaned up at exit and on signals.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "target.h"

/*
 * The registry's callbacks run from a signal handler: the paths they
 * remove live here, in fixed storage, one slot per open target.
 */
#define MAX_TARGETS 256

static char cleanup_paths[MAX_TARGETS][PATH_MAX];
static int cleanup_handle[MAX_TARGETS];
static bool slot_used[MAX_TARGETS];

static void unlink_path(void *arg)
{
	unlink(arg);
}

/* Remove @path at exit or on a signal; -1 when it cannot be promised. */
static int register_path(struct db_target *t)
{
	int i;

	for (i = 0; i < MAX_TARGETS; i++) {
		if (slot_used[i])
			continue;
		snprintf(cleanup_paths[i], PATH_MAX, "%s", t->path);
		cleanup_handle[i] = db_cleanup_add(unlink_path, cleanup_paths[i]);
		if (cleanup_handle[i] < 0)
			break;
		slot_used[i] = true;
		t->slot = i;
		return 0;
	}
	if (i == MAX_TARGETS)
		fprintf(stderr, "%s: more than %d target files\n",
			program_invocation_short_name, MAX_TARGETS);
	/* What cannot be removed on Ctrl-C is not created at all. */
	unlink(t->path);
	close(t->fd);
	t->fd = -1;
	t->created = false;
	return -1;
}

/* Close the target: remove the file now (@run) or leave it (--keep). */
static void unregister_path(struct db_target *t, bool run)
{
	if (t->slot < 0)
		return;
	db_cleanup_remove(cleanup_handle[t->slot], run);
	slot_used[t->slot] = false;
	t->slot = -1;
}

static int open_in_dir(struct db_target *t, const char *dir, int oflags)
{
	struct stat st;
	int fd;

	if (stat(dir, &st)) {
		fprintf(stderr, "%s: --dir: '%s': %s\n",
			program_invocation_short_name, dir,
			errno == ENOENT ? "no such directory" : strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		fprintf(stderr, "%s: --dir: '%s': not a directory\n",
			program_invocation_short_name, dir);
		return -1;
	}
	snprintf(t->path, sizeof(t->path), "%s/daxbench-%ld.XXXXXX", dir,
		 (long)getpid());
	fd = mkostemp(t->path, oflags);
	if (fd < 0) {
		fprintf(stderr, "%s: --dir: cannot create a file in '%s': %s\n",
			program_invocation_short_name, dir, strerror(errno));
		return -1;
	}
	t->fd = fd;
	t->created = true;
	return register_path(t);
}

/* A character device (device-dax): opened, never created or removed. */
static int open_chardev(struct db_target *t, const char *file, int oflags)
{
	t->fd = open(file, O_RDWR | oflags);
	if (t->fd >= 0) {
		t->chardev = true;
		return 0;
	}
	fprintf(stderr, "%s: --file: cannot open '%s': %s\n",
		program_invocation_short_name, file, strerror(errno));
	return -1;
}

static int open_file(struct db_target *t, const char *file, int oflags)
{
	struct stat st;
	int fd;

	snprintf(t->path, sizeof(t->path), "%s", file);
	if (!stat(file, &st) && S_ISCHR(st.st_mode))
		return open_chardev(t, file, oflags);
	fd = open(file, O_RDWR | O_CREAT | O_EXCL | oflags, 0600);
	if (fd >= 0) {
		t->fd = fd;
		t->created = true;
		return register_path(t);
	}
	if (errno == EEXIST && t->keep) {
		fd = open(file, O_RDWR | oflags);
		if (fd >= 0) {
			t->fd = fd;
			return 0;
		}
	}
	if (errno == EEXIST)
		fprintf(stderr, "%s: --file: '%s' exists; add --keep to use an existing file (it is never removed then)\n",
			program_invocation_short_name, file);
	else
		fprintf(stderr, "%s: --file: cannot open '%s': %s\n",
			program_invocation_short_name, file, strerror(errno));
	return -1;
}

int db_target_open(struct db_target *t, const char *dir, const char *file,
		   bool keep, int oflags)
{
	memset(t, 0, sizeof(*t));
	t->fd = -1;
	t->slot = -1;
	t->keep = keep;
	oflags |= O_CLOEXEC;
	if (file)
		return open_file(t, file, oflags);
	return open_in_dir(t, dir ? dir : ".", oflags | O_RDWR);
}

void db_target_close(struct db_target *t)
{
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
	if (t->created)
		unregister_path(t, !t->keep);
	t->created = false;
}
