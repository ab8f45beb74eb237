// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-mmap: what makes a block durable after it was stored.
 *
 * On DAX the CPU cache is the only volatile layer between a store and
 * persistent memory: writing the block's cache lines back (clwb, or
 * clflushopt, which also evicts them) and fencing is enough; clflush is
 * the old, serialising way.  On the page cache the data sits in DRAM
 * pages that the kernel writes back: msync(MS_SYNC) of the block's pages
 * is the durable path there.  MAP_SYNC (set up in mem.c) adds the
 * filesystem's promise that the block's metadata is durable once the
 * fault returns, so that clwb + sfence is the whole story.
 *
 * Each function takes a whole block of 64-byte aligned lines and returns
 * 0 or an errno value.
 */
#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

#include "mmap.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

__attribute__((target("clwb")))
int mm_persist_clwb(void *p, size_t len)
{
	char *c = p, *end = c + len;

	for (; c < end; c += MM_LINE)
		_mm_clwb(c);
	_mm_sfence();
	return 0;
}

__attribute__((target("clflushopt")))
int mm_persist_clflushopt(void *p, size_t len)
{
	char *c = p, *end = c + len;

	for (; c < end; c += MM_LINE)
		_mm_clflushopt(c);
	_mm_sfence();
	return 0;
}

/* clflush is ordered with stores and with other clflushes: no fence. */
int mm_persist_clflush(void *p, size_t len)
{
	char *c = p, *end = c + len;

	for (; c < end; c += MM_LINE)
		_mm_clflush(c);
	return 0;
}
#else
int mm_persist_clwb(void *p, size_t len)
{
	(void)p;
	(void)len;
	return ENOTSUP;
}

int mm_persist_clflushopt(void *p, size_t len)
{
	(void)p;
	(void)len;
	return ENOTSUP;
}

int mm_persist_clflush(void *p, size_t len)
{
	(void)p;
	(void)len;
	return ENOTSUP;
}
#endif

/* msync wants page-aligned ranges: the pages that hold the block. */
int mm_persist_msync(void *p, size_t len)
{
	uintptr_t page = (uintptr_t)getpagesize(), start, end;

	start = (uintptr_t)p & ~(page - 1);
	end = ((uintptr_t)p + len + page - 1) & ~(page - 1);
	return msync((void *)start, end - start, MS_SYNC) ? errno : 0;
}
