/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_LAT_DIRECT_H
#define DB_LAT_DIRECT_H

#include <stdbool.h>
#include <stdint.h>

/* What O_DIRECT requires of a file: see direct.c for the sources. */
struct lat_dio {
	unsigned int mem_align;		/* buffer address */
	unsigned int offset_align;	/* file offset and length */
	bool statx_none;		/* STATX_DIOALIGN said 0: no direct I/O */
	char source[80];
};

void lat_dio_query(int fd, struct lat_dio *d);

/*
 * What the kernel does with requests that break the alignment, measured
 * with one read each on the O_DIRECT descriptor @fd: a buffer one byte
 * off, and a file offset one byte off.  1: accepted, 0: refused (errno in
 * *_err), -1: not tried (file too small, or no alignment to break).
 */
struct lat_dio_probe {
	int buffer_ok, offset_ok;
	int buffer_err, offset_err;
};

void lat_dio_probe(int fd, const struct lat_dio *d, uint64_t file_size,
		   struct lat_dio_probe *p);

#endif
