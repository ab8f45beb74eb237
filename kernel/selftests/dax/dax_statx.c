// SPDX-License-Identifier: GPL-2.0-only
/*
 * STATX_ATTR_DAX tells user space whether a file is accessed directly
 * (Linux 5.8).  Check it against what the mount says, and check that
 * FS_XFLAG_DAX on a directory of a dax=inode mount makes new files DAX.
 *
 * The other tests gate on statx itself, which would make a statx test
 * circular; here the oracle is the mount options in /proc/self/mountinfo
 * ("dax", "dax=always", "dax=never", "dax=inode").  The same cases run
 * on ext4 and on XFS: whichever filesystem DAX_DIR and DAX_INODE_DIR
 * are on.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <linux/fs.h>

#include "../kselftest_harness.h"
#include "dax_util.h"

#ifndef FS_XFLAG_DAX
#define FS_XFLAG_DAX	0x00008000
#endif

FIXTURE(statx) {
	struct dax_scratch s;
	char type[64], opts[2048];
	bool mounted;
};

FIXTURE_VARIANT(statx) {
	bool dax;
};

FIXTURE_VARIANT_ADD(statx, dax) {
	.dax = true,
};

FIXTURE_VARIANT_ADD(statx, pagecache) {
	.dax = false,
};

/* No DAX probe here: statx is what is under test. */
FIXTURE_SETUP(statx)
{
	if (variant->dax)
		dax_scratch_in(&self->s, dax_getenv("DAX_DIR"), "DAX_DIR");
	else
		dax_scratch_in(&self->s, dax_pagecache_dir(), "PAGECACHE_DIR");
	if (self->s.dir[0])
		self->mounted = dax_mount_opts(self->s.dir, self->type,
					       sizeof(self->type), self->opts,
					       sizeof(self->opts));
}

FIXTURE_TEARDOWN(statx)
{
	dax_scratch_close(&self->s);
}

/* A new file has STATX_ATTR_DAX exactly when the mount says dax=always. */
TEST_F(statx, new_file_attr)
{
	bool mount_dax;
	int r;

	DAX_NEED_SCRATCH(&self->s);
	if (!self->mounted)
		SKIP(return, "mount of %s not found in /proc/self/mountinfo",
		     self->s.dir);
	mount_dax = dax_has_opt(self->opts, "dax") ||
		    dax_has_opt(self->opts, "dax=always");
	if (variant->dax && !mount_dax)
		SKIP(return, "not mounted with dax/dax=always (%.400s)", self->opts);
	if (!variant->dax && (mount_dax || dax_has_opt(self->opts, "dax=inode")))
		SKIP(return, "page-cache dir is mounted with DAX (%.400s)", self->opts);
	r = dax_new_file_is_dax(self->s.dir, "attr");
	if (r == -1)
		SKIP(return, "kernel does not report STATX_ATTR_DAX (needs 5.8)");
	ASSERT_LE(0, r) TH_LOG("create/statx: %s", strerror(errno));
	EXPECT_EQ(variant->dax, r) TH_LOG("%s %s", self->type, self->opts);
}

/* Set or clear FS_XFLAG_DAX on @path; 0 or -1 with errno. */
static int set_xflag_dax(const char *path, bool on)
{
	struct fsxattr fa;
	int fd, r, e;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	r = ioctl(fd, FS_IOC_FSGETXATTR, &fa);
	if (!r) {
		if (on)
			fa.fsx_xflags |= FS_XFLAG_DAX;
		else
			fa.fsx_xflags &= ~FS_XFLAG_DAX;
		r = ioctl(fd, FS_IOC_FSSETXATTR, &fa);
	}
	e = errno;
	close(fd);
	errno = e;
	return r;
}

/* FS_XFLAG_DAX of @path as FS_IOC_FSGETXATTR reports it: 1, 0, -1. */
static int xflag_dax(const char *path)
{
	struct fsxattr fa;
	int fd, r;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	r = ioctl(fd, FS_IOC_FSGETXATTR, &fa);
	close(fd);
	return r ? -1 : !!(fa.fsx_xflags & FS_XFLAG_DAX);
}

/* Make @dir/@name a directory with FS_XFLAG_DAX @on, or skip/fail. */
static void make_flagged_dir(struct __test_metadata *_metadata,
			     const char *dir, const char *name, bool on)
{
	const char *sub = dax_path(dir, name);

	ASSERT_EQ(0, mkdir(sub, 0700)) TH_LOG("mkdir: %s", strerror(errno));
	if (set_xflag_dax(sub, on) && (errno == EOPNOTSUPP || errno == ENOTTY))
		SKIP(return, "FS_IOC_FSSETXATTR FS_XFLAG_DAX: %s", strerror(errno));
	ASSERT_EQ(0, set_xflag_dax(sub, on))
		TH_LOG("FS_IOC_FSSETXATTR FS_XFLAG_DAX: %s", strerror(errno));
	ASSERT_EQ(on, xflag_dax(sub)) TH_LOG("FS_IOC_FSGETXATTR after setting it");
}

/*
 * The mount option overrides the per-file flag (dax.rst, 4):
 * dax=always makes a new file DAX in a directory whose FS_XFLAG_DAX is
 * clear, and dax=never keeps a new file on the page cache in a
 * directory whose flag is set.
 */
TEST_F(statx, xflag_overridden_by_mount)
{
	char sub[600];
	int r;

	DAX_NEED_SCRATCH(&self->s);
	if (!self->mounted)
		SKIP(return, "mount of %s not found in /proc/self/mountinfo",
		     self->s.dir);
	if (variant->dax && !dax_opts_say_dax(self->opts))
		SKIP(return, "not mounted with dax/dax=always (%.400s)", self->opts);
	if (!variant->dax && !dax_has_opt(self->opts, "dax=never"))
		SKIP(return, "the page-cache dir is not mounted dax=never (%.400s)",
		     self->opts);
	make_flagged_dir(_metadata, self->s.dir, "sub", !variant->dax);
	if (_metadata->skip)
		return;
	snprintf(sub, sizeof(sub), "%s/sub", self->s.dir);
	r = dax_new_file_is_dax(sub, "file");
	if (r == -1)
		SKIP(return, "kernel does not report STATX_ATTR_DAX (needs 5.8)");
	ASSERT_LE(0, r);
	EXPECT_EQ(variant->dax, r)
		TH_LOG("FS_XFLAG_DAX %s on the directory decided over %s",
		       variant->dax ? "clear" : "set", self->opts);
	EXPECT_EQ(!variant->dax, xflag_dax(sub))
		TH_LOG("the directory's flag changed");
}

/* ---- dax=inode: the per-file flag --------------------------------------- */

FIXTURE(statx_inode) {
	struct dax_scratch s;
};

/* Why the dax=inode cases cannot run on DAX_INODE_DIR, or NULL. */
static const char *inode_dir_unusable(const char *dir, char *why, size_t len)
{
	char opts[2048], type[64];

	if (!dax_mount_opts(dir, type, sizeof(type), opts, sizeof(opts)))
		snprintf(why, len, "mount of %.300s not found", dir);
	else if (dax_has_opt(opts, "dax") || dax_has_opt(opts, "dax=always") ||
		 dax_has_opt(opts, "dax=never"))
		snprintf(why, len, "%.300s is not mounted dax=inode (%.150s)",
			 dir, opts);
	else if (!dax_device_supports_dax(dir))
		snprintf(why, len, "device under %.300s does not support DAX", dir);
	else
		return NULL;
	return why;
}

FIXTURE_SETUP(statx_inode)
{
	const char *no;

	if (dax_scratch_in(&self->s, dax_getenv("DAX_INODE_DIR"),
			   "DAX_INODE_DIR"))
		return;
	no = inode_dir_unusable(self->s.dir, self->s.why, sizeof(self->s.why));
	if (no)
		dax_scratch_close(&self->s);
}

FIXTURE_TEARDOWN(statx_inode)
{
	dax_scratch_close(&self->s);
}

/*
 * Under dax=inode a file is DAX when FS_XFLAG_DAX is set on it; a new
 * file inherits the flag from its directory.  A file in an unflagged
 * directory of the same mount stays on the page cache.
 */
TEST_F(statx_inode, dir_flag_inherited)
{
	char sub[4200];
	int on, off;

	DAX_NEED_SCRATCH(&self->s);
	make_flagged_dir(_metadata, self->s.dir, "flagged", true);
	if (_metadata->skip)
		return;
	snprintf(sub, sizeof(sub), "%s/flagged", self->s.dir);
	on = dax_new_file_is_dax(sub, "inherits");
	off = dax_new_file_is_dax(self->s.dir, "plain");
	if (on == -1)
		SKIP(return, "kernel does not report STATX_ATTR_DAX (needs 5.8)");
	ASSERT_LE(0, on);
	ASSERT_LE(0, off);
	EXPECT_EQ(1, on) TH_LOG("a new file in a FS_XFLAG_DAX directory is not DAX");
	EXPECT_EQ(0, off) TH_LOG("a new file in an unflagged directory is DAX");
}

/*
 * Setting or clearing FS_XFLAG_DAX on an existing file changes whether
 * it is DAX once every process has closed it (dax.rst, 6): the inode is
 * then evicted and comes back with the new state.
 */
TEST_F(statx_inode, file_flag_after_close)
{
	char path[600];
	int fd, before, after, cleared;

	DAX_NEED_SCRATCH(&self->s);
	snprintf(path, sizeof(path), "%s/file", self->s.dir);
	fd = dax_create(self->s.dir, "file");
	ASSERT_LE(0, fd) TH_LOG("create: %s", strerror(errno));
	before = dax_fd_is_dax(fd);
	close(fd);
	if (before == -1)
		SKIP(return, "kernel does not report STATX_ATTR_DAX (needs 5.8)");
	ASSERT_EQ(0, before) TH_LOG("a new file in an unflagged directory is DAX");
	if (set_xflag_dax(path, true) && (errno == EOPNOTSUPP || errno == ENOTTY))
		SKIP(return, "FS_IOC_FSSETXATTR FS_XFLAG_DAX: %s", strerror(errno));
	ASSERT_EQ(1, xflag_dax(path)) TH_LOG("FS_XFLAG_DAX not set: %s", strerror(errno));
	after = dax_path_is_dax(path);
	ASSERT_EQ(0, set_xflag_dax(path, false)) TH_LOG("clear: %s", strerror(errno));
	cleared = dax_path_is_dax(path);
	TH_LOG("STATX_ATTR_DAX: new file %d, flag set and closed %d, flag cleared and closed %d",
	       before, after, cleared);
	EXPECT_EQ(1, after);
	EXPECT_EQ(0, cleared);
}

TEST_HARNESS_MAIN
