// SPDX-License-Identifier: GPL-2.0-only
/*
 * MAP_SYNC (Linux 4.15) promises that once a write fault on a shared
 * mapping returns, the file metadata needed to reach the written block
 * is durable, so user space may flush CPU caches instead of calling
 * fsync.  Only DAX can keep that promise.  The flag is only honoured
 * with MAP_SHARED_VALIDATE, which in turn must refuse flags the kernel
 * does not know, or old kernels would silently ignore MAP_SYNC.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "dax_util.h"

/* Not an mmap flag in any kernel so far (bits 21-25 are unused). */
#define MAP_UNKNOWN_FLAG	0x800000

FIXTURE(mmap_sync) {
	struct dax_scratch s;
	int fd;
};

FIXTURE_VARIANT(mmap_sync) {
	bool dax;
};

FIXTURE_VARIANT_ADD(mmap_sync, dax) {
	.dax = true,
};

FIXTURE_VARIANT_ADD(mmap_sync, pagecache) {
	.dax = false,
};

FIXTURE_SETUP(mmap_sync)
{
	self->fd = -1;
	dax_scratch_open(&self->s, variant->dax);
}

FIXTURE_TEARDOWN(mmap_sync)
{
	if (self->fd >= 0)
		close(self->fd);
	dax_scratch_close(&self->s);
}

static void *map_page(int fd, int flags)
{
	return mmap(NULL, DAX_PAGE_SIZE, PROT_READ | PROT_WRITE, flags, fd, 0);
}

/* A one-page file in the scratch dir. */
static void create_page(struct __test_metadata *_metadata,
			FIXTURE_DATA(mmap_sync) *self)
{
	self->fd = dax_create_sized(self->s.dir, "map", DAX_PAGE_SIZE);
	ASSERT_LE(0, self->fd) TH_LOG("create: %s", strerror(errno));
}

/*
 * Before 4.15 MAP_SHARED_VALIDATE (3) is not a mapping type at all and
 * mmap fails with EINVAL: then there is nothing to test.
 */
static bool have_validate(int fd)
{
	void *p = map_page(fd, MAP_SHARED_VALIDATE);

	if (p == MAP_FAILED)
		return errno != EINVAL;
	munmap(p, DAX_PAGE_SIZE);
	return true;
}

/* DAX accepts MAP_SYNC and the mapping works; the page cache refuses it. */
TEST_F(mmap_sync, map_sync)
{
	char buf[8] = "";
	char *p;

	DAX_NEED_SCRATCH(&self->s);
	create_page(_metadata, self);
	if (!have_validate(self->fd))
		SKIP(return, "no MAP_SHARED_VALIDATE in this kernel (4.15)");
	p = map_page(self->fd, MAP_SHARED_VALIDATE | MAP_SYNC);
	if (!variant->dax) {
		ASSERT_EQ(MAP_FAILED, p) TH_LOG("MAP_SYNC accepted on the page cache");
		ASSERT_EQ(EOPNOTSUPP, errno) TH_LOG("%s", strerror(errno));
		return;
	}
	ASSERT_NE(MAP_FAILED, p) TH_LOG("MAP_SYNC on DAX: %s", strerror(errno));
	memcpy(p, "MAPSYNC", 8);
	munmap(p, DAX_PAGE_SIZE);
	ASSERT_EQ(8, pread(self->fd, buf, 8, 0));
	EXPECT_EQ(0, memcmp(buf, "MAPSYNC", 8))
		TH_LOG("store through the MAP_SYNC mapping not read back");
}

/* MAP_SHARED_VALIDATE with a flag no kernel knows: EOPNOTSUPP. */
TEST_F(mmap_sync, validate_unknown_flag)
{
	void *p;

	DAX_NEED_SCRATCH(&self->s);
	create_page(_metadata, self);
	if (!have_validate(self->fd))
		SKIP(return, "no MAP_SHARED_VALIDATE in this kernel (4.15)");
	p = map_page(self->fd, MAP_SHARED_VALIDATE | MAP_UNKNOWN_FLAG);
	ASSERT_EQ(MAP_FAILED, p)
		TH_LOG("unknown flag %#x accepted with MAP_SHARED_VALIDATE",
		       MAP_UNKNOWN_FLAG);
	ASSERT_EQ(EOPNOTSUPP, errno) TH_LOG("%s", strerror(errno));
	/* the same flag without validation is ignored, as it always was */
	p = map_page(self->fd, MAP_SHARED | MAP_UNKNOWN_FLAG);
	ASSERT_NE(MAP_FAILED, p) TH_LOG("MAP_SHARED with an unknown flag: %s",
					strerror(errno));
	munmap(p, DAX_PAGE_SIZE);
}

TEST_HARNESS_MAIN
