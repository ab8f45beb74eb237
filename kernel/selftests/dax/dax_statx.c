// SPDX-License-Identifier: GPL-2.0-only
/*
 * STATX_ATTR_DAX tells user space whether a file is accessed directly
 * (Linux 5.8).  Check it against what the mount says, and check that
 * FS_XFLAG_DAX on a directory of a dax=inode mount makes new files DAX.
 *
 * The other tests gate on statx itself, which would make a statx test
 * circular; here the oracle is the mount options in /proc/self/mountinfo
 * ("dax", "dax=always", "dax=never", "dax=inode").
 */
#include "dax_selftest.h"
#include <sys/ioctl.h>
#include <linux/fs.h>

#ifndef FS_XFLAG_DAX
#define FS_XFLAG_DAX	0x00008000
#endif

/* 1 if the mount holding @dir is dax=always, 0 if not, -1 if unknown. */
static int mount_is_dax_always(const char *dir, char *opts, size_t olen)
{
	char type[64];

	if (!dax_mount_opts(dir, type, sizeof(type), opts, olen))
		return -1;
	return dax_has_opt(opts, "dax") || dax_has_opt(opts, "dax=always");
}

static int new_file_dax(const char *dir, const char *name)
{
	int fd = dax_create(dir, name);
	int r;

	if (fd < 0)
		return -2;
	r = dax_fd_is_dax(fd);
	close(fd);
	return r;
}

/* A new file on a dax=always mount must carry STATX_ATTR_DAX. */
static enum dax_result statx_dax_attr_set(void)
{
	char opts[2048];
	int r;

	if (!env.dax_dir)
		return SKIP("no DAX directory given (-d DIR or DAX_DIR)");
	if (!env.dax_tmp[0] && !dax_mkscratch(env.dax_dir, env.dax_tmp,
					      sizeof(env.dax_tmp), tap.why,
					      sizeof(tap.why)))
		return DAX_SKIP;
	r = mount_is_dax_always(env.dax_tmp, opts, sizeof(opts));
	if (r < 0)
		return SKIP("mount of %s not found in /proc/self/mountinfo",
			    env.dax_dir);
	if (!r)
		return SKIP("%s is not mounted with dax/dax=always (%s)",
			    env.dax_dir, opts);
	r = new_file_dax(env.dax_tmp, "attr_set");
	if (r == -1)
		return SKIP("kernel does not report STATX_ATTR_DAX (needs 5.8)");
	if (r < 0)
		return FAIL_ERRNO("create/statx");
	if (!r)
		return FAIL("mount says %s but STATX_ATTR_DAX is clear", opts);
	return DAX_PASS;
}

/* A file on a page-cache mount must not claim DAX. */
static enum dax_result statx_pagecache_attr_clear(void)
{
	char opts[2048], type[64];
	int r;

	if (!env.pc_tmp[0] && !dax_mkscratch(env.pc_dir, env.pc_tmp,
					     sizeof(env.pc_tmp), tap.why,
					     sizeof(tap.why)))
		return DAX_SKIP;
	if (!dax_mount_opts(env.pc_tmp, type, sizeof(type), opts, sizeof(opts)))
		return SKIP("mount of %s not found in /proc/self/mountinfo",
			    env.pc_dir);
	if (dax_has_opt(opts, "dax") || dax_has_opt(opts, "dax=always") ||
	    dax_has_opt(opts, "dax=inode"))
		return SKIP("%s is mounted with DAX (%s)", env.pc_dir, opts);
	r = new_file_dax(env.pc_tmp, "attr_clear");
	if (r == -1)
		return SKIP("kernel does not report STATX_ATTR_DAX (needs 5.8)");
	if (r < 0)
		return FAIL_ERRNO("create/statx");
	if (r)
		return FAIL("%s (%s %s) reports STATX_ATTR_DAX", env.pc_dir,
			    type, opts);
	return DAX_PASS;
}

/* Does the block device under @dir support DAX (sysfs queue/dax)? */
static bool device_supports_dax(const char *dir)
{
	char path[128], c = '0';
	struct stat st;
	FILE *f;

	if (stat(dir, &st))
		return false;
	snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/queue/dax",
		 major(st.st_dev), minor(st.st_dev));
	f = fopen(path, "r");
	if (!f)
		return false;
	if (fread(&c, 1, 1, f) != 1)
		c = '0';
	fclose(f);
	return c == '1';
}

static int set_xflag_dax(const char *dir)
{
	struct fsxattr fa;
	int fd, r;

	fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return -1;
	r = ioctl(fd, FS_IOC_FSGETXATTR, &fa);
	if (!r) {
		fa.fsx_xflags |= FS_XFLAG_DAX;
		r = ioctl(fd, FS_IOC_FSSETXATTR, &fa);
	}
	close(fd);
	return r;
}

/* Why the -i directory cannot run the dax=inode case, or NULL. */
static const char *inode_dir_unusable(char *why, size_t len)
{
	char opts[2048], type[64];

	if (!env.inode_dir || !env.inode_dir[0])
		return "no dax=inode directory given (-i DIR or DAX_INODE_DIR)";
	if (!dax_mount_opts(env.inode_dir, type, sizeof(type), opts, sizeof(opts)))
		snprintf(why, len, "mount of %s not found", env.inode_dir);
	else if (dax_has_opt(opts, "dax") || dax_has_opt(opts, "dax=always") ||
		 dax_has_opt(opts, "dax=never"))
		snprintf(why, len, "%s is not mounted dax=inode (%.200s)",
			 env.inode_dir, opts);
	else if (!device_supports_dax(env.inode_dir))
		snprintf(why, len, "device under %s does not support DAX",
			 env.inode_dir);
	else
		return NULL;
	return why;
}

/*
 * Under dax=inode a file is DAX when FS_XFLAG_DAX is set on it; a new
 * file inherits the flag from its directory.  A file in an unflagged
 * directory of the same mount stays on the page cache.
 */
static enum dax_result statx_inode_dir_flag(void)
{
	char top[4096], sub[4200], why[512];
	const char *no;
	int on, off;

	no = inode_dir_unusable(why, sizeof(why));
	if (no)
		return SKIP("%s", no);
	if (!dax_mkscratch(env.inode_dir, top, sizeof(top), why, sizeof(why)))
		return SKIP("%s", why);
	snprintf(sub, sizeof(sub), "%s/flagged", top);
	if (mkdir(sub, 0700)) {
		dax_rmtree(top);
		return FAIL_ERRNO("mkdir");
	}
	if (set_xflag_dax(sub)) {
		int e = errno;

		rmdir(sub);
		dax_rmtree(top);
		if (e == EOPNOTSUPP || e == ENOTTY)
			return SKIP("FS_IOC_FSSETXATTR FS_XFLAG_DAX: %s", strerror(e));
		return FAIL("FS_IOC_FSSETXATTR FS_XFLAG_DAX: %s", strerror(e));
	}
	on = new_file_dax(sub, "inherits");
	off = new_file_dax(top, "plain");
	unlink(dax_path(sub, "inherits"));
	rmdir(sub);
	dax_rmtree(top);
	if (on == -1)
		return SKIP("kernel does not report STATX_ATTR_DAX (needs 5.8)");
	if (on < 0 || off < 0)
		return FAIL("create/statx failed");
	if (on != 1)
		return FAIL("file in a FS_XFLAG_DAX directory is not DAX");
	if (off != 0)
		return FAIL("file in an unflagged directory is DAX under dax=inode");
	return DAX_PASS;
}

static const struct dax_case cases[] = {
	{ "statx_dax_attr_set", statx_dax_attr_set },
	{ "statx_pagecache_attr_clear", statx_pagecache_attr_clear },
	{ "statx_inode_dir_flag", statx_inode_dir_flag },
};

int main(int argc, char **argv)
{
	dax_setup(argc, argv, NULL);
	return dax_run(cases, sizeof(cases) / sizeof(cases[0]));
}
