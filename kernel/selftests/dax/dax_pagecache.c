// SPDX-License-Identifier: GPL-2.0-only
/*
 * DAX reads go straight to the media: reading a DAX file must not put
 * its pages in the page cache, while reading it through the page cache
 * does.  A 64 MiB file is written, evicted (fsync +
 * POSIX_FADV_DONTNEED, checked with mincore()), read with pread(), and
 * then mincore() counts how many of its pages are in the page cache.
 *
 * mincore() of the file itself, not "Cached" in /proc/meminfo, is the
 * oracle: Cached is system wide, and on a busy shared host other
 * processes reclaiming or dropping files moved it by tens of MiB while
 * the read ran.  The growth of Cached is still logged.  The thresholds
 * (DAX: under a quarter of the pages, page cache: at least three
 * quarters) leave room for readahead and reclaim, and are far from the
 * difference being measured, which is the whole file.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/vfs.h>

#include "../kselftest_harness.h"
#include "dax_util.h"

#define FILE_SIZE	(64UL << 20)
#define TMPFS_MAGIC	0x01021994

/* "Cached:" from /proc/meminfo in bytes, or -1. */
static long long meminfo_cached(void)
{
	char line[256];
	long long kb = -1;
	FILE *f;

	f = fopen("/proc/meminfo", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Cached: %lld kB", &kb) == 1)
			break;
	fclose(f);
	return kb < 0 ? -1 : kb * 1024;
}

/* How many pages of @fd are in the page cache (mincore), or -1. */
static long resident_pages(int fd, size_t len)
{
	static unsigned char vec[FILE_SIZE / DAX_PAGE_SIZE];
	long n = 0;
	size_t i;
	void *p;

	p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return -1;
	if (mincore(p, len, vec)) {
		munmap(p, len);
		return -1;
	}
	munmap(p, len);
	for (i = 0; i < len / DAX_PAGE_SIZE; i++)
		n += vec[i] & 1;
	return n;
}

static char buf[1 << 20];

static int read_all(int fd, size_t len)
{
	size_t off;

	for (off = 0; off < len; off += sizeof(buf))
		if (pread(fd, buf, sizeof(buf), off) != (ssize_t)sizeof(buf))
			return -1;
	return 0;
}

/*
 * Nothing reads the content back, so it is one byte value: generating
 * a pattern for 64 MiB costs seconds under an emulated CPU.
 */
static int write_all(int fd, size_t len)
{
	size_t off;

	memset(buf, 0x5a, sizeof(buf));
	for (off = 0; off < len; off += sizeof(buf))
		if (pwrite(fd, buf, sizeof(buf), off) != (ssize_t)sizeof(buf))
			return -1;
	return 0;
}

FIXTURE(cached) {
	struct dax_scratch s;
};

FIXTURE_VARIANT(cached) {
	bool dax;
};

/* DAX: reading does not grow Cached by more than the tolerance. */
FIXTURE_VARIANT_ADD(cached, dax) {
	.dax = true,
};

/* Page cache: reading grows Cached by the file, less the tolerance. */
FIXTURE_VARIANT_ADD(cached, pagecache) {
	.dax = false,
};

FIXTURE_SETUP(cached)
{
	dax_scratch_open(&self->s, variant->dax);
}

FIXTURE_TEARDOWN(cached)
{
	dax_scratch_close(&self->s);
}

/* Write 64 MiB, evict it, read it back: how much of it is cached now? */
TEST_F_TIMEOUT(cached, read_64m, 600)
{
	const long pages = FILE_SIZE / DAX_PAGE_SIZE;
	long long before, after;
	struct statfs sf;
	long res;
	int fd;

	DAX_NEED_SCRATCH(&self->s);
	/* tmpfs pages are cache from the moment they are written */
	if (!variant->dax && !statfs(self->s.dir, &sf) &&
	    sf.f_type == TMPFS_MAGIC)
		SKIP(return, "the page-cache dir is tmpfs: its pages are always cached");
	fd = dax_create(self->s.dir, "cached");
	ASSERT_LE(0, fd) TH_LOG("create: %s", strerror(errno));
	ASSERT_EQ(0, write_all(fd, FILE_SIZE)) TH_LOG("write: %s", strerror(errno));
	ASSERT_EQ(0, fsync(fd)) TH_LOG("fsync: %s", strerror(errno));
	/* clean pages can now be dropped; DONTNEED is a no-op on DAX */
	posix_fadvise(fd, 0, FILE_SIZE, POSIX_FADV_DONTNEED);
	res = resident_pages(fd, FILE_SIZE);
	ASSERT_LE(0, res) TH_LOG("mincore: %s", strerror(errno));
	if (res > 0)
		SKIP(return, "%ld pages stay cached after POSIX_FADV_DONTNEED", res);
	before = meminfo_cached();
	ASSERT_EQ(0, read_all(fd, FILE_SIZE)) TH_LOG("read: %s", strerror(errno));
	after = meminfo_cached();
	res = resident_pages(fd, FILE_SIZE);
	close(fd);
	ASSERT_LE(0, res) TH_LOG("mincore: %s", strerror(errno));
	TH_LOG("reading 64 MiB: %ld of %ld pages in the page cache; Cached %+lld KiB (system wide)",
	       res, pages, (after - before) / 1024);
	if (variant->dax) {
		EXPECT_GT(pages / 4, res);
	} else {
		EXPECT_LE(pages - pages / 4, res);
	}
}

TEST_HARNESS_MAIN
