// SPDX-License-Identifier: GPL-2.0-only
/*
 * Device-dax: a /dev/daxX.Y character device maps persistent memory
 * directly, with no filesystem.  What it promises (drivers/dax/device.c):
 *
 *  - no read() or write(): the device is only mapped, and the missing
 *    file operations make both fail with EINVAL;
 *  - no private mappings, and no mapping whose start or end is not a
 *    multiple of the device's alignment (sysfs "align", 2 MiB as ndctl
 *    makes it): a misaligned offset or length fails with EINVAL;
 *  - the kernel picks a mapping address aligned to it, and a fault maps
 *    a whole aligned unit: one fault per 2 MiB at 2 MiB alignment;
 *  - MAP_SYNC is accepted: the mapping is the media.
 *
 * DAX_DEVICE names the device.  The tests only read and write the
 * first 16 MiB of it, which the caller gives up to them.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "../kselftest_harness.h"
#include "dax_util.h"

#define MAP_LEN		(16UL << 20)

FIXTURE(devdax) {
	int fd;
	unsigned long align, size;
	char why[512];
	struct dax_faults f;
};

/* The device's sysfs attribute @name (a number), or 0. */
static unsigned long sysfs_value(dev_t rdev, const char *name)
{
	unsigned long v = 0;
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "/sys/dev/char/%u:%u/%s",
		 major(rdev), minor(rdev), name);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (fscanf(f, "%lu", &v) != 1)
		v = 0;
	fclose(f);
	return v;
}

FIXTURE_SETUP(devdax)
{
	const char *dev = dax_getenv("DAX_DEVICE");
	struct stat st;

	self->fd = -1;
	dax_faults_open(&self->f);
	if (!dev) {
		snprintf(self->why, sizeof(self->why), "DAX_DEVICE is not set");
		return;
	}
	if (stat(dev, &st) || !S_ISCHR(st.st_mode)) {
		snprintf(self->why, sizeof(self->why),
			 "DAX_DEVICE=%.300s is not a character device", dev);
		return;
	}
	self->align = sysfs_value(st.st_rdev, "align");
	self->size = sysfs_value(st.st_rdev, "size");
	self->fd = open(dev, O_RDWR);
	if (self->fd < 0)
		snprintf(self->why, sizeof(self->why), "open %.300s: %s", dev,
			 strerror(errno));
	else if (!self->align)
		snprintf(self->why, sizeof(self->why),
			 "no sysfs align for %.300s (device-dax before 5.10?)", dev);
}

FIXTURE_TEARDOWN(devdax)
{
	if (self->fd >= 0)
		close(self->fd);
	dax_faults_close(&self->f);
}

#define NEED_DEVICE() do {						\
	if (self->fd < 0 || !self->align)				\
		SKIP(return, "%s", self->why);				\
} while (0)

static void *map_dev(int fd, size_t len, int flags, off_t off)
{
	return mmap(NULL, len, PROT_READ | PROT_WRITE, flags, fd, off);
}

TEST_F(devdax, read_write_refused)
{
	char buf[64] = "";

	NEED_DEVICE();
	EXPECT_EQ(-1, read(self->fd, buf, sizeof(buf)));
	EXPECT_EQ(EINVAL, errno) TH_LOG("read: %s", strerror(errno));
	EXPECT_EQ(-1, write(self->fd, buf, sizeof(buf)));
	EXPECT_EQ(EINVAL, errno) TH_LOG("write: %s", strerror(errno));
}

TEST_F(devdax, private_mapping_refused)
{
	NEED_DEVICE();
	ASSERT_EQ(MAP_FAILED, map_dev(self->fd, self->align, MAP_PRIVATE, 0));
	EXPECT_EQ(EINVAL, errno) TH_LOG("%s", strerror(errno));
}

/* An offset of one page: the mapping cannot start on an aligned unit. */
TEST_F(devdax, misaligned_offset_refused)
{
	NEED_DEVICE();
	if (self->align <= DAX_PAGE_SIZE)
		SKIP(return, "the device's alignment is %lu: every page offset is aligned",
		     self->align);
	ASSERT_EQ(MAP_FAILED, map_dev(self->fd, 2 * self->align, MAP_SHARED,
				      DAX_PAGE_SIZE))
		TH_LOG("a mapping at offset %lu was accepted (align %lu)",
		       DAX_PAGE_SIZE, self->align);
	EXPECT_EQ(EINVAL, errno) TH_LOG("%s", strerror(errno));
}

/* A length of one unit and a page: the mapping cannot end aligned. */
TEST_F(devdax, misaligned_length_refused)
{
	NEED_DEVICE();
	if (self->align <= DAX_PAGE_SIZE)
		SKIP(return, "the device's alignment is %lu: every length is aligned",
		     self->align);
	ASSERT_EQ(MAP_FAILED, map_dev(self->fd, self->align + DAX_PAGE_SIZE,
				      MAP_SHARED, 0))
		TH_LOG("a mapping of %lu bytes was accepted (align %lu)",
		       self->align + DAX_PAGE_SIZE, self->align);
	EXPECT_EQ(EINVAL, errno) TH_LOG("%s", strerror(errno));
}

/*
 * The kernel places the mapping at the device's alignment, and each
 * first store maps a whole unit: MAP_LEN / align faults, then none.
 */
TEST_F(devdax, aligned_faults)
{
	size_t len;
	long wr, again;
	char *p;

	NEED_DEVICE();
	len = MAP_LEN / self->align * self->align;
	if (!len)
		len = self->align;
	if (self->size && len > self->size)
		SKIP(return, "the device (%lu bytes) is smaller than %zu", self->size, len);
	p = map_dev(self->fd, len, MAP_SHARED, 0);
	ASSERT_NE(MAP_FAILED, p) TH_LOG("mmap %zu bytes: %s", len, strerror(errno));
	EXPECT_EQ(0UL, (uintptr_t)p % self->align)
		TH_LOG("mapped at %p, not at the alignment %lu", (void *)p, self->align);
	wr = dax_faults_touch(&self->f, p, len, true);
	again = dax_faults_touch(&self->f, p, len, false);
	munmap(p, len);
	TH_LOG("%zu MiB, align %lu KiB: %ld faults, again %ld (%s)", len >> 20,
	       self->align >> 10, wr, again, dax_faults_counter(&self->f));
	EXPECT_EQ((long)(len / self->align), wr);
	EXPECT_EQ(0, again);
}

/* Stores through MAP_SYNC read back through a second mapping. */
TEST_F(devdax, map_sync_accepted)
{
	char *p, *q;

	NEED_DEVICE();
	p = map_dev(self->fd, self->align, MAP_SHARED_VALIDATE | MAP_SYNC, 0);
	if (p == MAP_FAILED && errno == EINVAL)
		SKIP(return, "no MAP_SHARED_VALIDATE|MAP_SYNC in this kernel (4.15)");
	ASSERT_NE(MAP_FAILED, p) TH_LOG("MAP_SYNC: %s", strerror(errno));
	dax_fill(p, DAX_PAGE_SIZE, 0, 31);
	q = map_dev(self->fd, self->align, MAP_SHARED, 0);
	ASSERT_NE(MAP_FAILED, q) TH_LOG("mmap: %s", strerror(errno));
	EXPECT_EQ(-1, dax_check(q, DAX_PAGE_SIZE, 0, 31));
	munmap(q, self->align);
	munmap(p, self->align);
}

TEST_HARNESS_MAIN
