/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_SYSFILE_H
#define DB_SYSFILE_H

#include <stddef.h>

/*
 * Read a one-line file such as a sysfs or procfs attribute, trailing
 * newline and spaces cut.  0, or -1 when it cannot be opened or is empty.
 */
int db_read_line(const char *file, char *buf, size_t len);

#endif
