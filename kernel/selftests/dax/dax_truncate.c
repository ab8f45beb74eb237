// SPDX-License-Identifier: GPL-2.0-only
/*
 * Truncate and hole punch under a live mapping.  With DAX the mapping
 * points at the blocks themselves, so the kernel must unmap them before
 * freeing them: access beyond the new end of file raises SIGBUS (as on
 * the page cache), and a punched range reads zeros through the mapping
 * instead of whatever the freed blocks hold next.  XIP raced here
 * ("mm: Fix XIP fault vs truncate race", patch 1 of the DAX series).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <linux/falloc.h>

#include "../kselftest_harness.h"
#include "dax_util.h"

#define PAGES	4
#define LEN	(PAGES * DAX_PAGE_SIZE)
#define SEED	10

FIXTURE(truncate) {
	struct dax_scratch s;
	char *map;
	int fd;
};

FIXTURE_VARIANT(truncate) {
	bool dax;
};

FIXTURE_VARIANT_ADD(truncate, dax) {
	.dax = true,
};

FIXTURE_VARIANT_ADD(truncate, pagecache) {
	.dax = false,
};

FIXTURE_SETUP(truncate)
{
	self->fd = -1;
	self->map = MAP_FAILED;
	dax_scratch_open(&self->s, variant->dax);
}

FIXTURE_TEARDOWN(truncate)
{
	if (self->map != MAP_FAILED)
		munmap(self->map, LEN);
	if (self->fd >= 0)
		close(self->fd);
	dax_scratch_close(&self->s);
}

/* A mapped file of PAGES pages of the pattern, every page faulted in. */
static void map_pattern(struct __test_metadata *_metadata,
			FIXTURE_DATA(truncate) *self)
{
	self->fd = dax_create_pattern(self->s.dir, "file", LEN, SEED);
	ASSERT_LE(0, self->fd) TH_LOG("create: %s", strerror(errno));
	self->map = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_SHARED,
			 self->fd, 0);
	ASSERT_NE(MAP_FAILED, self->map) TH_LOG("mmap: %s", strerror(errno));
	ASSERT_EQ(-1, dax_check(self->map, LEN, 0, SEED));
}

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

/* Shrink to one page: pages 1.. must SIGBUS, page 0 still reads. */
TEST_F(truncate, sigbus)
{
	int i, bus = 0;

	DAX_NEED_SCRATCH(&self->s);
	map_pattern(_metadata, self);
	ASSERT_EQ(0, ftruncate(self->fd, DAX_PAGE_SIZE))
		TH_LOG("ftruncate: %s", strerror(errno));
	for (i = 1; i < PAGES; i++)
		bus += load_bus(self->map + i * DAX_PAGE_SIZE);
	EXPECT_EQ(0, load_bus(self->map))
		TH_LOG("page 0, inside the new EOF, raised SIGBUS");
	EXPECT_EQ(-1, dax_check(self->map, DAX_PAGE_SIZE, 0, SEED))
		TH_LOG("page 0 no longer reads its data");
	EXPECT_EQ(PAGES - 1, bus) TH_LOG("pages beyond EOF that raised SIGBUS");
}

/* Punch pages 1-2: they read zeros through the mapping, 0 and 3 keep data. */
TEST_F(truncate, punch_zeros)
{
	const size_t off = DAX_PAGE_SIZE, len = 2 * DAX_PAGE_SIZE;
	char *p;
	int r;

	DAX_NEED_SCRATCH(&self->s);
	map_pattern(_metadata, self);
	r = fallocate(self->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
		      off, len);
	if (r && errno == EOPNOTSUPP)
		SKIP(return, "hole punch not supported here");
	ASSERT_EQ(0, r) TH_LOG("fallocate(PUNCH_HOLE): %s", strerror(errno));
	p = self->map;
	EXPECT_EQ(-1, dax_check_zero(p + off, len))
		TH_LOG("the punched range reads non-zero");
	EXPECT_EQ(-1, dax_check(p, off, 0, SEED))
		TH_LOG("data before the punched range changed");
	EXPECT_EQ(-1, dax_check(p + off + len, LEN - off - len, off + len, SEED))
		TH_LOG("data after the punched range changed");
}

TEST_HARNESS_MAIN
