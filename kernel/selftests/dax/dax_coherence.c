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
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "dax_util.h"

#define LEN	(4 * DAX_PAGE_SIZE)

FIXTURE(coherence) {
	struct dax_scratch s;
	char *map;
	size_t map_len;
	int fd, dfd;
	void *buf;
};

FIXTURE_VARIANT(coherence) {
	bool dax;
};

FIXTURE_VARIANT_ADD(coherence, dax) {
	.dax = true,
};

FIXTURE_VARIANT_ADD(coherence, pagecache) {
	.dax = false,
};

FIXTURE_SETUP(coherence)
{
	self->fd = -1;
	self->dfd = -1;
	dax_scratch_open(&self->s, variant->dax);
}

FIXTURE_TEARDOWN(coherence)
{
	if (self->map && self->map != MAP_FAILED)
		munmap(self->map, self->map_len);
	if (self->dfd >= 0)
		close(self->dfd);
	if (self->fd >= 0)
		close(self->fd);
	free(self->buf);
	dax_scratch_close(&self->s);
}

/* Map the fixture's file (self->fd), @len bytes at 2 MiB alignment. */
static char *map_file(struct __test_metadata *_metadata,
		      FIXTURE_DATA(coherence) *self, size_t len, int prot)
{
	self->map = dax_map_at(self->fd, len, prot, MAP_SHARED, 0);
	ASSERT_NE(MAP_FAILED, self->map) TH_LOG("mmap: %s", strerror(errno));
	self->map_len = len;
	return self->map;
}

/* An O_DIRECT fd on the fixture's file and an aligned buffer, or skip. */
static bool open_direct(struct __test_metadata *_metadata,
			FIXTURE_DATA(coherence) *self, const char *name)
{
	self->dfd = open(dax_path(self->s.dir, name), O_RDWR | O_DIRECT);
	if (self->dfd < 0)
		SKIP(return false, "O_DIRECT open: %s", strerror(errno));
	ASSERT_EQ(0, posix_memalign(&self->buf, DAX_PAGE_SIZE, LEN));
	return true;
}

/* A store through the mapping is seen by read() (no msync). */
TEST_F(coherence, mmap_store_read)
{
	static char buf[LEN];
	char *p;

	DAX_NEED_SCRATCH(&self->s);
	self->fd = dax_create_sized(self->s.dir, "store_read", LEN);
	ASSERT_LE(0, self->fd) TH_LOG("create: %s", strerror(errno));
	p = map_file(_metadata, self, LEN, PROT_READ | PROT_WRITE);
	dax_fill(p, LEN, 0, 1);
	ASSERT_EQ((ssize_t)LEN, pread(self->fd, buf, LEN, 0));
	EXPECT_EQ(-1, dax_check(buf, LEN, 0, 1))
		TH_LOG("read() does not see the mmap store");
}

/* A pwrite() is seen through a mapping that already maps the page. */
TEST_F(coherence, pwrite_seen_by_mapping)
{
	char *p;

	DAX_NEED_SCRATCH(&self->s);
	self->fd = dax_create_pattern(self->s.dir, "pwrite_map", LEN, 2);
	ASSERT_LE(0, self->fd) TH_LOG("create: %s", strerror(errno));
	p = map_file(_metadata, self, LEN, PROT_READ);
	ASSERT_EQ(-1, dax_check(p, LEN, 0, 2));	/* faults the pages in */
	ASSERT_EQ(0, dax_write_pattern(self->fd, LEN, 3))
		TH_LOG("pwrite: %s", strerror(errno));
	EXPECT_EQ(-1, dax_check(p, LEN, 0, 3))
		TH_LOG("the mapping shows old data after pwrite");
}

/* generic/428: read a hole through a PMD-aligned mapping, then pwrite. */
TEST_F(coherence, pwrite_after_hole_read)
{
	static char page[DAX_PAGE_SIZE];
	const size_t mid = DAX_PMD_SIZE / 2;
	char *p;

	DAX_NEED_SCRATCH(&self->s);
	self->fd = dax_create_sized(self->s.dir, "hole", DAX_PMD_SIZE);
	ASSERT_LE(0, self->fd) TH_LOG("create: %s", strerror(errno));
	p = map_file(_metadata, self, DAX_PMD_SIZE, PROT_READ);
	/* maps the zero page, or the zero PMD */
	ASSERT_EQ(-1, dax_check_zero(p, DAX_PMD_SIZE)) TH_LOG("a hole reads non-zero");
	dax_fill(page, sizeof(page), mid, 7);
	ASSERT_EQ((ssize_t)sizeof(page), pwrite(self->fd, page, sizeof(page), mid));
	EXPECT_EQ(-1, dax_check(p + mid, DAX_PAGE_SIZE, mid, 7))
		TH_LOG("the mapping of the hole is stale after pwrite");
}

/* An O_DIRECT write is seen through a mapping of the same range. */
TEST_F(coherence, odirect_write_seen_by_mapping)
{
	char *p;

	DAX_NEED_SCRATCH(&self->s);
	self->fd = dax_create_pattern(self->s.dir, "dio_write", LEN, 4);
	ASSERT_LE(0, self->fd) TH_LOG("create: %s", strerror(errno));
	if (!open_direct(_metadata, self, "dio_write"))
		return;
	p = map_file(_metadata, self, LEN, PROT_READ);
	ASSERT_EQ(-1, dax_check(p, LEN, 0, 4));
	dax_fill(self->buf, LEN, 0, 5);
	ASSERT_EQ((ssize_t)LEN, pwrite(self->dfd, self->buf, LEN, 0))
		TH_LOG("O_DIRECT pwrite: %s", strerror(errno));
	EXPECT_EQ(-1, dax_check(p, LEN, 0, 5))
		TH_LOG("the mapping shows old data after an O_DIRECT write");
}

/* A store through a mapping is seen by an O_DIRECT read. */
TEST_F(coherence, mmap_store_odirect_read)
{
	char *p;

	DAX_NEED_SCRATCH(&self->s);
	self->fd = dax_create_sized(self->s.dir, "dio_read", LEN);
	ASSERT_LE(0, self->fd) TH_LOG("create: %s", strerror(errno));
	if (!open_direct(_metadata, self, "dio_read"))
		return;
	p = map_file(_metadata, self, LEN, PROT_READ | PROT_WRITE);
	dax_fill(p, LEN, 0, 6);
	ASSERT_EQ((ssize_t)LEN, pread(self->dfd, self->buf, LEN, 0))
		TH_LOG("O_DIRECT pread: %s", strerror(errno));
	EXPECT_EQ(-1, dax_check(self->buf, LEN, 0, 6))
		TH_LOG("an O_DIRECT read misses the mmap store");
}

TEST_HARNESS_MAIN
