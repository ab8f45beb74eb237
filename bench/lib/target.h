/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_TARGET_H
#define DB_TARGET_H

#include <limits.h>
#include <stdbool.h>

/*
 * The file a benchmark works on.  Either a new file in a directory the
 * user named (--dir), removed at exit, or a path the user named (--file):
 * created and removed at exit if it did not exist, and an existing file
 * used only with --keep, so that the harness never deletes or overwrites
 * anything the user did not ask it to.  A character device named with
 * --file (device-dax) is opened as it is, never created or removed.  Removal also happens at exit and
 * on SIGINT, SIGTERM, SIGHUP and SIGPIPE (cleanup.h).
 */
struct db_target {
	char path[PATH_MAX];
	int fd;
	bool created;	/* we made it, so we remove it unless keep */
	bool keep;
	bool chardev;	/* --file named a character device (device-dax) */
	int slot;	/* in the cleanup table, -1 when none */
};

/*
 * Open @t from @dir or @file (exactly one non-NULL) with @oflags added to
 * O_RDWR (for example O_DIRECT).  Prints a message naming the option and
 * returns -1 on failure.
 */
int db_target_open(struct db_target *t, const char *dir, const char *file,
		   bool keep, int oflags);
/* Close and remove (unless kept); safe to call twice. */
void db_target_close(struct db_target *t);

#endif
