/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_CLEANUP_H
#define DB_CLEANUP_H

#include <signal.h>
#include <stdbool.h>

/*
 * One registry of what a benchmark must undo however it ends: target
 * files, temporary files, tracefs instances.  Each callback runs at most
 * once: at exit, or on SIGINT, SIGTERM, SIGHUP or SIGPIPE (after which
 * the signal's default action ends the process), or when it is removed
 * with @run set.  Callbacks must not depend on each other's order, must be
 * async-signal-safe (unlink, rmdir, open, write, close), and @arg must
 * outlive the registration: use static storage.
 */
typedef void (*db_cleanup_fn)(void *arg);

/* A handle (>= 0), or -1 when the registry is full (said on stderr). */
int db_cleanup_add(db_cleanup_fn fn, void *arg);
/* Forget @handle; with @run, run its callback first.  -1 is ignored. */
void db_cleanup_remove(int handle, bool run);

/*
 * Hold the cleanup signals over a section a callback must not interrupt
 * (a tracefs file held open keeps its instance busy), and let them in
 * again.
 */
void db_cleanup_hold(sigset_t *old);
void db_cleanup_release(const sigset_t *old);

#endif
