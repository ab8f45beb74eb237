// SPDX-License-Identifier: GPL-2.0-only
/*
 * MAP_PRIVATE on a DAX file: reads come from the media, but the first
 * store must copy the page to anonymous memory and leave the file
 * alone.  DAX implements that copy itself (dax_fault_cow), so it is
 * checked on DAX and, for comparison, on the page cache: both for a
 * page that was read through the mapping first and for a hole.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "dax_util.h"

#define LEN	(4 * DAX_PAGE_SIZE)
#define SEED_FILE	8
#define SEED_STORE	9

FIXTURE(private) {
	struct dax_scratch s;
	int fd;
};

FIXTURE_VARIANT(private) {
	bool dax;
};

FIXTURE_VARIANT_ADD(private, dax) {
	.dax = true,
};

FIXTURE_VARIANT_ADD(private, pagecache) {
	.dax = false,
};

FIXTURE_SETUP(private)
{
	self->fd = -1;
	dax_scratch_open(&self->s, variant->dax);
}

FIXTURE_TEARDOWN(private)
{
	if (self->fd >= 0)
		close(self->fd);
	dax_scratch_close(&self->s);
}

/* Where @buf differs from the file's original content, or -1. */
static long changed_at(const void *buf, bool hole)
{
	return hole ? dax_check_zero(buf, LEN) : dax_check(buf, LEN, 0, SEED_FILE);
}

/*
 * Map @fd privately, read it (so that the store has to replace a mapped
 * file page), store a new pattern, and check that the file, through
 * pread and through a shared mapping, is unchanged.
 */
static void map_private_and_store(struct __test_metadata *_metadata, int fd, bool hole)
{
	static char buf[LEN];
	char *p, *s;

	p = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	ASSERT_NE(MAP_FAILED, p) TH_LOG("mmap: %s", strerror(errno));
	ASSERT_EQ(-1, changed_at(p, hole))
		TH_LOG("the private mapping reads wrong data");
	dax_fill(p, LEN, 0, SEED_STORE);
	ASSERT_EQ(-1, dax_check(p, LEN, 0, SEED_STORE))
		TH_LOG("the private store is not visible in its own mapping");
	munmap(p, LEN);
	ASSERT_EQ((ssize_t)LEN, pread(fd, buf, LEN, 0));
	EXPECT_EQ(-1, changed_at(buf, hole))
		TH_LOG("a MAP_PRIVATE store reached the file (pread)");
	s = mmap(NULL, LEN, PROT_READ, MAP_SHARED, fd, 0);
	ASSERT_NE(MAP_FAILED, s) TH_LOG("mmap: %s", strerror(errno));
	EXPECT_EQ(-1, changed_at(s, hole))
		TH_LOG("a MAP_PRIVATE store reached the file (shared map)");
	munmap(s, LEN);
}

/* A page that holds data. */
TEST_F(private, cow)
{
	DAX_NEED_SCRATCH(&self->s);
	self->fd = dax_create_pattern(self->s.dir, "cow", LEN, SEED_FILE);
	ASSERT_LE(0, self->fd) TH_LOG("create: %s", strerror(errno));
	map_private_and_store(_metadata, self->fd, false);
}

/* A hole: DAX maps the zero page first, then must copy it. */
TEST_F(private, cow_hole)
{
	DAX_NEED_SCRATCH(&self->s);
	self->fd = dax_create_sized(self->s.dir, "cow_hole", LEN);
	ASSERT_LE(0, self->fd) TH_LOG("create: %s", strerror(errno));
	map_private_and_store(_metadata, self->fd, true);
}

TEST_HARNESS_MAIN
