// SPDX-License-Identifier: GPL-2.0-only
/*
 * Benchmark target files, cleaned up at exit and on signals.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "target.h"

#define MAX_TARGETS 16

/* Paths to remove from the signal handler: fixed storage, no malloc. */
static char cleanup_paths[MAX_TARGETS][PATH_MAX];
static volatile sig_atomic_t cleanup_used[MAX_TARGETS];

static void remove_all(void)
{
	int i;

	for (i = 0; i < MAX_TARGETS; i++)
		if (cleanup_used[i]) {
			unlink(cleanup_paths[i]);
			cleanup_used[i] = 0;
		}
}

static void on_signal(int sig)
{
	remove_all();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void install_cleanup(void)
{
	static bool done;
	struct sigaction sa;

	if (done)
		return;
	done = true;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* `daxbench-faults --json | head` must not leave the file behind. */
	sigaction(SIGPIPE, &sa, NULL);
	atexit(remove_all);
}

static void register_path(const char *path)
{
	int i;

	install_cleanup();
	for (i = 0; i < MAX_TARGETS; i++)
		if (!cleanup_used[i]) {
			snprintf(cleanup_paths[i], PATH_MAX, "%s", path);
			cleanup_used[i] = 1;
			return;
		}
}

static void unregister_path(const char *path)
{
	int i;

	for (i = 0; i < MAX_TARGETS; i++)
		if (cleanup_used[i] && !strcmp(cleanup_paths[i], path))
			cleanup_used[i] = 0;
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
	install_cleanup();
	fd = mkostemp(t->path, oflags);
	if (fd < 0) {
		fprintf(stderr, "%s: --dir: cannot create a file in '%s': %s\n",
			program_invocation_short_name, dir, strerror(errno));
		return -1;
	}
	register_path(t->path);
	t->fd = fd;
	t->created = true;
	return 0;
}

static int open_file(struct db_target *t, const char *file, int oflags)
{
	int fd;

	snprintf(t->path, sizeof(t->path), "%s", file);
	fd = open(file, O_RDWR | O_CREAT | O_EXCL | oflags, 0600);
	if (fd >= 0) {
		register_path(t->path);
		t->fd = fd;
		t->created = true;
		return 0;
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
	if (t->created && !t->keep) {
		unlink(t->path);
		unregister_path(t->path);
	} else if (t->created) {
		unregister_path(t->path);
	}
	t->created = false;
}
