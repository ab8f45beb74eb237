// SPDX-License-Identifier: GPL-2.0-only
/*
 * MAP_PRIVATE on a DAX file: reads come from the media, but the first
 * store must copy the page to anonymous memory and leave the file
 * alone.  DAX implements that copy itself (dax_fault_cow), so it is
 * checked on DAX and, for comparison, on the page cache: both for a
 * page that was read through the mapping first and for a hole.
 */
#include "dax_selftest.h"

#define LEN	(4 * DAX_PAGE_SIZE)

/* After private stores, is the file unchanged through pread and a shared map? */
static long file_unchanged(int fd, unsigned int seed, bool hole)
{
	static char buf[LEN];
	char *s;
	long bad;

	if (pread(fd, buf, LEN, 0) != LEN)
		return -2;
	bad = hole ? dax_check_zero(buf, LEN) : dax_check(buf, LEN, 0, seed);
	if (bad >= 0)
		return bad;
	s = mmap(NULL, LEN, PROT_READ, MAP_SHARED, fd, 0);
	if (s == MAP_FAILED)
		return -2;
	bad = hole ? dax_check_zero(s, LEN) : dax_check(s, LEN, 0, seed);
	munmap(s, LEN);
	return bad;
}

/* Store @seed through a private map of @fd; return the file's check. */
static enum dax_result private_cow(const char *dir, bool hole)
{
	long bad;
	char *p;
	int fd;

	if (!dir)
		return DAX_SKIP;
	if (hole)
		fd = dax_create_sized(dir, "cow_hole", LEN);
	else
		fd = dax_create_pattern(dir, "cow", LEN, 8);
	if (fd < 0)
		return FAIL_ERRNO("create");
	p = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED) {
		close(fd);
		return FAIL_ERRNO("mmap");
	}
	/* read first so that the store has to replace a mapped file page */
	bad = hole ? dax_check_zero(p, LEN) : dax_check(p, LEN, 0, 8);
	if (bad >= 0) {
		munmap(p, LEN);
		close(fd);
		return FAIL("private mapping reads wrong data at byte %ld", bad);
	}
	dax_fill(p, LEN, 0, 9);
	bad = dax_check(p, LEN, 0, 9);
	munmap(p, LEN);
	if (bad >= 0) {
		close(fd);
		return FAIL("private store not visible in its own mapping at %ld", bad);
	}
	bad = file_unchanged(fd, 8, hole);
	close(fd);
	if (bad == -2)
		return FAIL_ERRNO("read back");
	if (bad >= 0)
		return FAIL("MAP_PRIVATE store reached the file at byte %ld", bad);
	return DAX_PASS;
}

static enum dax_result private_dax_cow(void)
{
	return private_cow(dax_dir(), false);
}

static enum dax_result private_pagecache_cow(void)
{
	return private_cow(pc_dir(), false);
}

static enum dax_result private_dax_cow_hole(void)
{
	return private_cow(dax_dir(), true);
}

static enum dax_result private_pagecache_cow_hole(void)
{
	return private_cow(pc_dir(), true);
}

static const struct dax_case cases[] = {
	{ "private_dax_cow", private_dax_cow },
	{ "private_pagecache_cow", private_pagecache_cow },
	{ "private_dax_cow_hole", private_dax_cow_hole },
	{ "private_pagecache_cow_hole", private_pagecache_cow_hole },
};

int main(int argc, char **argv)
{
	dax_setup(argc, argv, NULL);
	return dax_run(cases, sizeof(cases) / sizeof(cases[0]));
}
