// SPDX-License-Identifier: GPL-2.0-only
/*
 * Truncate and hole punch under a live mapping.  With DAX the mapping
 * points at the blocks themselves, so the kernel must unmap them before
 * freeing them: access beyond the new end of file raises SIGBUS (as on
 * the page cache), and a punched range reads zeros through the mapping
 * instead of whatever the freed blocks hold next.  XIP raced here
 * ("mm: Fix XIP fault vs truncate race", patch 1 of the DAX series).
 */
#include "dax_selftest.h"
#include <setjmp.h>
#include <linux/falloc.h>

#define PAGES	4
#define LEN	(PAGES * DAX_PAGE_SIZE)

static sigjmp_buf bus_env;

static void on_sigbus(int sig)
{
	(void)sig;
	siglongjmp(bus_env, 1);
}

/* Load one byte; 1 if it raised SIGBUS, 0 if not. */
static int load_bus(volatile char *p)
{
	struct sigaction sa = { .sa_handler = on_sigbus }, old;
	int bus = 0;

	sigaction(SIGBUS, &sa, &old);
	if (sigsetjmp(bus_env, 1))
		bus = 1;
	else
		(void)*p;
	sigaction(SIGBUS, &old, NULL);
	return bus;
}

/* A mapped file of PAGES pages with pattern @seed, all pages faulted. */
static char *map_pattern(const char *dir, const char *name, int *fdp)
{
	char *p;
	int fd;

	*fdp = -1;
	fd = dax_create_pattern(dir, name, LEN, 10);
	if (fd < 0)
		return MAP_FAILED;
	p = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	*fdp = fd;
	if (p != MAP_FAILED && dax_check(p, LEN, 0, 10) >= 0) {
		munmap(p, LEN);
		errno = EIO;
		return MAP_FAILED;
	}
	return p;
}

/* Shrink to one page: pages 1.. must SIGBUS, page 0 still reads. */
static enum dax_result truncate_sigbus(const char *dir)
{
	int fd, i, bus = 0;
	char *p;

	if (!dir)
		return DAX_SKIP;
	p = map_pattern(dir, "trunc", &fd);
	if (p == MAP_FAILED) {
		if (fd >= 0)
			close(fd);
		return FAIL_ERRNO("create/mmap");
	}
	if (ftruncate(fd, DAX_PAGE_SIZE)) {
		munmap(p, LEN);
		close(fd);
		return FAIL_ERRNO("ftruncate");
	}
	for (i = 1; i < PAGES; i++)
		bus += load_bus(p + i * DAX_PAGE_SIZE);
	if (load_bus(p) || dax_check(p, DAX_PAGE_SIZE, 0, 10) >= 0) {
		munmap(p, LEN);
		close(fd);
		return FAIL("page 0, inside the new EOF, no longer reads its data");
	}
	munmap(p, LEN);
	close(fd);
	if (bus != PAGES - 1)
		return FAIL("%d of %d pages beyond EOF raised SIGBUS", bus, PAGES - 1);
	return DAX_PASS;
}

/* Punch pages 1-2: they read zeros through the mapping, 0 and 3 keep data. */
static enum dax_result punch_zeros(const char *dir)
{
	const size_t off = DAX_PAGE_SIZE, len = 2 * DAX_PAGE_SIZE;
	long bad;
	char *p;
	int fd;

	if (!dir)
		return DAX_SKIP;
	p = map_pattern(dir, "punch", &fd);
	if (p == MAP_FAILED) {
		if (fd >= 0)
			close(fd);
		return FAIL_ERRNO("create/mmap");
	}
	if (fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, off, len)) {
		int e = errno;

		munmap(p, LEN);
		close(fd);
		if (e == EOPNOTSUPP)
			return SKIP("hole punch not supported here");
		return FAIL("fallocate(PUNCH_HOLE): %s", strerror(e));
	}
	bad = dax_check_zero(p + off, len);
	if (bad < 0 && (dax_check(p, off, 0, 10) >= 0 ||
			dax_check(p + off + len, LEN - off - len, off + len, 10) >= 0))
		bad = -2;
	munmap(p, LEN);
	close(fd);
	if (bad == -2)
		return FAIL("data outside the punched range changed");
	if (bad >= 0)
		return FAIL("punched range reads non-zero at byte %ld", bad);
	return DAX_PASS;
}

static enum dax_result truncate_dax_sigbus(void)
{
	return truncate_sigbus(dax_dir());
}

static enum dax_result truncate_pagecache_sigbus(void)
{
	return truncate_sigbus(pc_dir());
}

static enum dax_result truncate_dax_punch_zeros(void)
{
	return punch_zeros(dax_dir());
}

static enum dax_result truncate_pagecache_punch_zeros(void)
{
	return punch_zeros(pc_dir());
}

static const struct dax_case cases[] = {
	{ "truncate_dax_sigbus", truncate_dax_sigbus },
	{ "truncate_pagecache_sigbus", truncate_pagecache_sigbus },
	{ "truncate_dax_punch_zeros", truncate_dax_punch_zeros },
	{ "truncate_pagecache_punch_zeros", truncate_pagecache_punch_zeros },
};

int main(int argc, char **argv)
{
	dax_setup(argc, argv, NULL);
	return dax_run(cases, sizeof(cases) / sizeof(cases[0]));
}
