// SPDX-License-Identifier: GPL-2.0-only
/*
 * Coherence between the ways of reaching a file's data.  On DAX there
 * is no page cache to keep in step: mappings point at the media and
 * read()/write() copy to and from it, so any stale mapping the kernel
 * forgets to shoot down shows up as old data.  Each case runs on DAX and
 * on the page cache, which must agree.
 *
 * The hole case is fstests generic/428: a read fault on a hole of a
 * 2 MiB-aligned mapping maps the shared zero PMD; a later pwrite()
 * allocates blocks and must unmap it, or the mapping keeps reading
 * zeros (fixed in 4.12).  O_DIRECT against a mapping is generic/413.
 */
#include "dax_selftest.h"

#define LEN	(4 * DAX_PAGE_SIZE)

/* A store through the mapping is seen by read() (no msync). */
static enum dax_result store_then_read(const char *dir)
{
	static char buf[LEN];
	long bad;
	char *p;
	int fd;

	if (!dir)
		return DAX_SKIP;
	fd = dax_create_sized(dir, "store_read", LEN);
	if (fd < 0)
		return FAIL_ERRNO("create");
	p = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		close(fd);
		return FAIL_ERRNO("mmap");
	}
	dax_fill(p, LEN, 0, 1);
	bad = pread(fd, buf, LEN, 0) == LEN ? dax_check(buf, LEN, 0, 1) : -2;
	munmap(p, LEN);
	close(fd);
	if (bad == -2)
		return FAIL("pread failed");
	if (bad >= 0)
		return FAIL("read() does not see the mmap store at byte %ld", bad);
	return DAX_PASS;
}

/* A pwrite() is seen through a mapping that already maps the page. */
static enum dax_result pwrite_then_load(const char *dir)
{
	long bad;
	char *p;
	int fd;

	if (!dir)
		return DAX_SKIP;
	fd = dax_create_pattern(dir, "pwrite_map", LEN, 2);
	if (fd < 0)
		return FAIL_ERRNO("create");
	p = mmap(NULL, LEN, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		close(fd);
		return FAIL_ERRNO("mmap");
	}
	bad = dax_check(p, LEN, 0, 2);	/* faults the pages in */
	if (bad < 0) {
		if (dax_write_pattern(fd, LEN, 3))
			bad = -2;
		else
			bad = dax_check(p, LEN, 0, 3);
	}
	munmap(p, LEN);
	close(fd);
	if (bad == -2)
		return FAIL_ERRNO("pwrite");
	if (bad >= 0)
		return FAIL("mapping shows old data at byte %ld after pwrite", bad);
	return DAX_PASS;
}

/* generic/428: read a hole through a PMD-aligned mapping, then pwrite. */
static enum dax_result pwrite_after_hole_read(const char *dir)
{
	static char page[DAX_PAGE_SIZE];
	const size_t mid = DAX_PMD_SIZE / 2;
	long bad;
	char *p;
	int fd;

	if (!dir)
		return DAX_SKIP;
	fd = dax_create_sized(dir, "hole", DAX_PMD_SIZE);
	if (fd < 0)
		return FAIL_ERRNO("create");
	p = dax_map_at(fd, DAX_PMD_SIZE, PROT_READ, MAP_SHARED, 0);
	if (p == MAP_FAILED) {
		close(fd);
		return FAIL_ERRNO("mmap");
	}
	bad = dax_check_zero(p, DAX_PMD_SIZE);	/* maps the zero page/PMD */
	if (bad >= 0) {
		munmap(p, DAX_PMD_SIZE);
		close(fd);
		return FAIL("a hole reads non-zero at byte %ld", bad);
	}
	dax_fill(page, sizeof(page), mid, 7);
	if (pwrite(fd, page, sizeof(page), mid) != sizeof(page)) {
		munmap(p, DAX_PMD_SIZE);
		close(fd);
		return FAIL_ERRNO("pwrite");
	}
	bad = dax_check(p + mid, DAX_PAGE_SIZE, mid, 7);
	munmap(p, DAX_PMD_SIZE);
	close(fd);
	if (bad >= 0)
		return FAIL("mapping of the hole is stale at byte %ld after pwrite",
			    bad);
	return DAX_PASS;
}

/* An O_DIRECT fd on @path; the reason why not is left for a skip. */
static int open_direct(const char *dir, const char *name)
{
	int fd = open(dax_path(dir, name), O_RDWR | O_DIRECT);

	if (fd < 0)
		dax_why(DAX_SKIP, "O_DIRECT open: %s", strerror(errno));
	return fd;
}

/* An O_DIRECT write is seen through a mapping of the same range. */
static enum dax_result odirect_write_then_load(const char *dir)
{
	void *buf = NULL;
	long bad;
	char *p;
	int fd, dfd;

	if (!dir)
		return DAX_SKIP;
	fd = dax_create_pattern(dir, "dio_write", LEN, 4);
	if (fd < 0)
		return FAIL_ERRNO("create");
	dfd = open_direct(dir, "dio_write");
	if (dfd < 0) {
		close(fd);
		return DAX_SKIP;
	}
	p = mmap(NULL, LEN, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED || posix_memalign(&buf, DAX_PAGE_SIZE, LEN)) {
		close(dfd);
		close(fd);
		return FAIL_ERRNO("mmap");
	}
	bad = dax_check(p, LEN, 0, 4);
	dax_fill(buf, LEN, 0, 5);
	if (bad < 0 && pwrite(dfd, buf, LEN, 0) != LEN)
		bad = -2;
	else if (bad < 0)
		bad = dax_check(p, LEN, 0, 5);
	free(buf);
	munmap(p, LEN);
	close(dfd);
	close(fd);
	if (bad == -2)
		return FAIL("O_DIRECT pwrite failed");
	if (bad >= 0)
		return FAIL("mapping shows old data at byte %ld after O_DIRECT write",
			    bad);
	return DAX_PASS;
}

/* A store through a mapping is seen by an O_DIRECT read. */
static enum dax_result store_then_odirect_read(const char *dir)
{
	void *buf = NULL;
	long bad;
	char *p;
	int fd, dfd;

	if (!dir)
		return DAX_SKIP;
	fd = dax_create_sized(dir, "dio_read", LEN);
	if (fd < 0)
		return FAIL_ERRNO("create");
	dfd = open_direct(dir, "dio_read");
	if (dfd < 0) {
		close(fd);
		return DAX_SKIP;
	}
	p = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED || posix_memalign(&buf, DAX_PAGE_SIZE, LEN)) {
		close(dfd);
		close(fd);
		return FAIL_ERRNO("mmap");
	}
	dax_fill(p, LEN, 0, 6);
	bad = pread(dfd, buf, LEN, 0) == LEN ? dax_check(buf, LEN, 0, 6) : -2;
	free(buf);
	munmap(p, LEN);
	close(dfd);
	close(fd);
	if (bad == -2)
		return FAIL("O_DIRECT pread failed");
	if (bad >= 0)
		return FAIL("O_DIRECT read misses the mmap store at byte %ld", bad);
	return DAX_PASS;
}

#define BOTH(name, fn)						\
static enum dax_result coherence_dax_##name(void)		\
{								\
	return fn(dax_dir());					\
}								\
static enum dax_result coherence_pagecache_##name(void)	\
{								\
	return fn(pc_dir());					\
}

BOTH(mmap_store_read, store_then_read)
BOTH(pwrite_seen_by_mapping, pwrite_then_load)
BOTH(pwrite_after_hole_read, pwrite_after_hole_read)
BOTH(odirect_write_seen_by_mapping, odirect_write_then_load)
BOTH(mmap_store_odirect_read, store_then_odirect_read)

#define CASE(name) \
	{ "coherence_dax_" #name, coherence_dax_##name }, \
	{ "coherence_pagecache_" #name, coherence_pagecache_##name }

static const struct dax_case cases[] = {
	CASE(mmap_store_read),
	CASE(pwrite_seen_by_mapping),
	CASE(pwrite_after_hole_read),
	CASE(odirect_write_seen_by_mapping),
	CASE(mmap_store_odirect_read),
};

int main(int argc, char **argv)
{
	dax_setup(argc, argv, NULL);
	return dax_run(cases, sizeof(cases) / sizeof(cases[0]));
}
