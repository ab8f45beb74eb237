/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_DEVDAX_H
#define DB_DEVDAX_H

#include <stddef.h>
#include <stdint.h>

/*
 * device-dax: a /dev/daxX.Y character device that maps persistent memory
 * directly, with no filesystem and no file.  It has no read() or write(),
 * refuses private mappings and mappings not aligned to its alignment
 * (2 MiB by default), and faults one PMD (or PUD) at a time.
 */
struct db_devdax {
	char name[64];		/* dax0.0 */
	uint64_t size;		/* bytes */
	uint64_t align;		/* bytes: the mapping granule */
};

/*
 * Is @fd a device-dax character device?  1 (and @d filled from sysfs),
 * 0 when @fd is not a character device at all, -1 when it is another
 * character device or its attributes cannot be read (@why says which).
 */
int db_devdax_probe(int fd, struct db_devdax *d, char *why, size_t whylen);

#endif
