// SPDX-License-Identifier: GPL-2.0-only
/*
 * DAX reads go straight to the media: reading a DAX file must not grow
 * the page cache, while reading the same amount through the page cache
 * does.  Measured as "Cached" in /proc/meminfo around reading a 64 MiB
 * file that was first evicted (fsync + POSIX_FADV_DONTNEED, checked
 * with mincore()).
 *
 * Tolerance: Cached is system wide, so other activity moves it too.
 * The two outcomes differ by the whole file (64 MiB), so the DAX case
 * allows growth below a quarter of the file and the page-cache case
 * wants growth of at least three quarters: 16 MiB of slack either way
 * is far more than a quiet test guest or a busy build host adds or
 * reclaims in the fraction of a second a read takes, and far less than
 * the effect being measured.
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
#define TOLERANCE	(FILE_SIZE / 4)
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

static int read_all(int fd, size_t len)
{
	static char buf[1 << 20];
	size_t off;

	for (off = 0; off < len; off += sizeof(buf))
		if (pread(fd, buf, sizeof(buf), off) != (ssize_t)sizeof(buf))
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

/* Write 64 MiB, evict it, read it back: how much did Cached grow? */
TEST_F_TIMEOUT(cached, read_64m, 600)
{
	long long before, after, growth;
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
	ASSERT_EQ(0, dax_write_pattern(fd, FILE_SIZE, 4));
	ASSERT_EQ(0, fsync(fd)) TH_LOG("fsync: %s", strerror(errno));
	/* clean pages can now be dropped; DONTNEED is a no-op on DAX */
	posix_fadvise(fd, 0, FILE_SIZE, POSIX_FADV_DONTNEED);
	res = resident_pages(fd, FILE_SIZE);
	if (res > 0)
		SKIP(return, "%ld pages stay cached after POSIX_FADV_DONTNEED", res);
	before = meminfo_cached();
	ASSERT_EQ(0, read_all(fd, FILE_SIZE)) TH_LOG("read: %s", strerror(errno));
	after = meminfo_cached();
	close(fd);
	if (before < 0 || after < 0)
		SKIP(return, "no Cached line in /proc/meminfo");
	growth = after - before;
	TH_LOG("reading 64 MiB: Cached %+lld KiB", growth / 1024);
	if (variant->dax) {
		EXPECT_GT((long long)TOLERANCE, growth);
	} else {
		EXPECT_LE((long long)(FILE_SIZE - TOLERANCE), growth);
	}
}

TEST_HARNESS_MAIN
