/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_MAPPING_H
#define DB_MAPPING_H

#include <stddef.h>
#include <sys/mman.h>

#ifndef MAP_SHARED_VALIDATE
#define MAP_SHARED_VALIDATE 0x03
#endif
#ifndef MAP_SYNC
#define MAP_SYNC 0x80000
#endif

#define DB_SZ_2M	(2ul << 20)

/*
 * Map @len bytes of @fd from offset 0 at an address that is @align
 * aligned plus @skew.  fs/dax.c (and device-dax, shmem, THP) map 2 MiB
 * with one PMD only when the address and the file offset are both 2 MiB
 * aligned, and mmap() promises no alignment: so reserve @len + @align of
 * inaccessible address space, map the file with MAP_FIXED at the first
 * boundary in it, and give the rest back.  Returns MAP_FAILED with errno
 * set (EOPNOTSUPP: MAP_SYNC refused).
 */
void *db_map_aligned(int fd, size_t len, int prot, int flags, size_t align,
		     size_t skew);

#endif
