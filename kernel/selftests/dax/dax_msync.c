// SPDX-License-Identifier: GPL-2.0-only
/*
 * msync() after stores through a MAP_SYNC mapping of a DAX file has
 * little to do: the stores went to the media, no page-cache page was
 * dirtied, and the metadata was made durable by the faults themselves,
 * so there is nothing to write back (fs/dax.c only writes back CPU
 * cache lines).  The page cache, for comparison, dirties every page
 * stored to and msync(MS_SYNC) must write each one back.
 *
 * Work is counted, not timed: pages dirtied by this process
 * (write_bytes in /proc/self/io, which counts pages as they are
 * dirtied: exact) and pages written back (nr_written in /proc/vmstat,
 * system wide, read after /proc/sys/vm/stat_refresh has folded the
 * per-CPU counts in; without it, root only, the per-CPU lag is up to
 * hundreds of pages, so nr_written is then logged, not asserted).
 * 512 pages (2 MiB) of an existing, fsync()ed file are stored to, one
 * byte each, so that no fault allocates a block.
 *
 * DAX: fewer than a quarter of the pages dirtied, and fewer than a
 * quarter written back during msync (system-wide, so room is left for
 * other activity).  Page cache: every page dirtied and at least that
 * many written back between the first store and msync's return.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/vfs.h>

#include "../kselftest_harness.h"
#include "dax_util.h"

#define PAGES		512
#define LEN		(PAGES * DAX_PAGE_SIZE)
#define TMPFS_MAGIC	0x01021994

FIXTURE(msync) {
	struct dax_scratch s;
	char *map;
	int fd;
};

FIXTURE_VARIANT(msync) {
	bool dax;
};

/* MAP_SHARED_VALIDATE | MAP_SYNC on DAX */
FIXTURE_VARIANT_ADD(msync, dax) {
	.dax = true,
};

/* MAP_SHARED on the page cache, which refuses MAP_SYNC */
FIXTURE_VARIANT_ADD(msync, pagecache) {
	.dax = false,
};

FIXTURE_SETUP(msync)
{
	self->fd = -1;
	self->map = MAP_FAILED;
	dax_scratch_open(&self->s, variant->dax);
}

FIXTURE_TEARDOWN(msync)
{
	if (self->map != MAP_FAILED)
		munmap(self->map, LEN);
	if (self->fd >= 0)
		close(self->fd);
	dax_scratch_close(&self->s);
}

/* The counter @key of a "key value" file such as /proc/vmstat, or -1. */
static long long proc_counter(const char *file, const char *key)
{
	char line[256], k[64];
	long long v, found = -1;
	FILE *f;

	f = fopen(file, "r");
	if (!f)
		return -1;
	while (found < 0 && fgets(line, sizeof(line), f))
		if (sscanf(line, "%63[^: ]%*[: ]%lld", k, &v) == 2 &&
		    !strcmp(k, key))
			found = v;
	fclose(f);
	return found;
}

struct work {
	long long dirtied_bytes;	/* /proc/self/io write_bytes */
	long long written_pages;	/* /proc/vmstat nr_written */
	bool exact;			/* per-CPU counts folded in */
};

/* Fold the per-CPU vm counters into /proc/vmstat (root, Linux 4.4). */
static bool vmstat_refresh(void)
{
	FILE *f = fopen("/proc/sys/vm/stat_refresh", "w");
	bool ok;

	if (!f)
		return false;
	ok = fputs("1", f) >= 0;
	return !fclose(f) && ok;
}

static void work_now(struct work *w)
{
	w->exact = vmstat_refresh();
	w->dirtied_bytes = proc_counter("/proc/self/io", "write_bytes");
	w->written_pages = proc_counter("/proc/vmstat", "nr_written");
}

TEST_F(msync, after_512_stores)
{
	struct work before, stored, synced;
	long long dirtied, written;
	int flags = MAP_SHARED;
	struct statfs sf;
	size_t off;

	DAX_NEED_SCRATCH(&self->s);
	if (!variant->dax && !statfs(self->s.dir, &sf) && sf.f_type == TMPFS_MAGIC)
		SKIP(return, "the page-cache dir is tmpfs: it has nothing to write back to");
	work_now(&before);
	if (before.dirtied_bytes < 0)
		SKIP(return, "no write_bytes in /proc/self/io (CONFIG_TASK_IO_ACCOUNTING)");
	if (before.written_pages < 0)
		SKIP(return, "no nr_written in /proc/vmstat");
	self->fd = dax_create_pattern(self->s.dir, "msync", LEN, 41);
	ASSERT_LE(0, self->fd) TH_LOG("create: %s", strerror(errno));
	ASSERT_EQ(0, fsync(self->fd)) TH_LOG("fsync: %s", strerror(errno));
	if (variant->dax)
		flags = MAP_SHARED_VALIDATE | MAP_SYNC;
	self->map = mmap(NULL, LEN, PROT_READ | PROT_WRITE, flags, self->fd, 0);
	if (self->map == MAP_FAILED && variant->dax && errno == EOPNOTSUPP)
		SKIP(return, "MAP_SYNC refused (virtio-pmem has no MAP_SYNC)");
	ASSERT_NE(MAP_FAILED, self->map) TH_LOG("mmap: %s", strerror(errno));

	work_now(&before);
	for (off = 0; off < LEN; off += DAX_PAGE_SIZE)
		self->map[off] ^= 0xff;
	work_now(&stored);
	ASSERT_EQ(0, msync(self->map, LEN, MS_SYNC)) TH_LOG("msync: %s", strerror(errno));
	work_now(&synced);

	dirtied = (synced.dirtied_bytes - before.dirtied_bytes) / (long long)DAX_PAGE_SIZE;
	written = variant->dax ? synced.written_pages - stored.written_pages :
				 synced.written_pages - before.written_pages;
	TH_LOG("%d pages stored to: %lld dirtied by this process, %lld written back (system wide%s) %s",
	       PAGES, dirtied, written,
	       synced.exact ? "" : ", per-CPU lag: not asserted",
	       variant->dax ? "during msync" : "from the first store to msync's return");
	if (variant->dax) {
		EXPECT_GT(PAGES / 4, dirtied);
	} else {
		EXPECT_LE(PAGES, dirtied);
	}
	if (synced.exact && variant->dax) {
		EXPECT_GT(PAGES / 4, written);
	} else if (synced.exact) {
		EXPECT_LE(PAGES, written);
	}
}

TEST_HARNESS_MAIN
