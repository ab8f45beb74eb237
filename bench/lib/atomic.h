/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_ATOMIC_H
#define DB_ATOMIC_H

#include <stddef.h>

/*
 * Replace @path with @len bytes of @buf, atomically: a temporary file in
 * the same directory, written and fsync'ed, then renamed over @path, and
 * the directory synced.  A crash or Ctrl-C at any point leaves either the
 * old file or the new one, never a torn one, and no temporary file (it is
 * in the cleanup registry until the rename).  The file gets mode 0666
 * less the umask, as any file the user creates.  0, or -1 with a message
 * naming @path.
 */
int db_write_atomic(const char *path, const void *buf, size_t len);

#endif
