/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_IMPORT_H
#define DB_IMPORT_H

#include "store.h"

/*
 * Import one run directory into the history: the run, its machine and
 * kernel, every measurement and every repeat of every metric, in one
 * transaction.  Returns 0 when imported, 1 when the run was already
 * there, 2 when it has no measurement at all (a run that failed before
 * measuring), -1 after saying why; nothing is written but in the first
 * case.
 */
int im_run(struct hs_db *db, const char *dir);

#endif
