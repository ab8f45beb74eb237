// SPDX-License-Identifier: GPL-2.0-only
/*
 * Mappings at a chosen alignment.
 */
#include <errno.h>
#include <stdint.h>

#include "mapping.h"

void *db_map_aligned(int fd, size_t len, int prot, int flags, size_t align,
		     size_t skew)
{
	size_t reslen = len + align + skew;
	char *res, *want, *addr, *end;
	int err;

	res = mmap(NULL, reslen, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS |
		   MAP_NORESERVE, -1, 0);
	if (res == MAP_FAILED)
		return MAP_FAILED;
	want = (char *)(((uintptr_t)res + align - 1) & ~(uintptr_t)(align - 1)) + skew;
	addr = mmap(want, len, prot, flags | MAP_FIXED, fd, 0);
	if (addr == MAP_FAILED) {
		err = errno;
		munmap(res, reslen);
		errno = err;
		return MAP_FAILED;
	}
	end = res + reslen;
	if (addr > res)
		munmap(res, (size_t)(addr - res));
	if (addr + len < end)
		munmap(addr + len, (size_t)(end - (addr + len)));
	return addr;
}
