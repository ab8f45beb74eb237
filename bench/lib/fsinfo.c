// SPDX-License-Identifier: GPL-2.0-only
/*
 * The filesystem under a benchmark's target: type, mount options, device
 * and the DAX state the kernel reports for the file itself.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "fsinfo.h"
#include "sysfile.h"

#ifndef STATX_ATTR_DAX
#define STATX_ATTR_DAX 0x00200000
#endif

int db_file_is_dax(const char *path)
{
	struct statx stx;

	if (statx(AT_FDCWD, path, 0, STATX_BASIC_STATS, &stx))
		return -1;
	/* Kernels before 5.8 do not know the attribute: cannot say. */
	if (!(stx.stx_attributes_mask & STATX_ATTR_DAX))
		return -1;
	return !!(stx.stx_attributes & STATX_ATTR_DAX);
}

/*
 * The driver that serves a mount, which is not always the type that
 * mountinfo names: a kernel built with CONFIG_EXT4_USE_FOR_EXT2 (Debian's)
 * mounts ext2 and ext3 with the ext4 driver, and only that driver makes
 * /sys/fs/ext4/<device>.  Results must not credit ext2's own driver with
 * what ext4's did.
 */
static const char *fs_driver(const char *fstype, const char *source)
{
	const char *dev = strrchr(source, '/');
	char path[128];
	struct stat st;
	int len;

	if (strcmp(fstype, "ext2") && strcmp(fstype, "ext3"))
		return fstype;
	dev = dev ? dev + 1 : source;
	len = snprintf(path, sizeof(path), "/sys/fs/ext4/%s", dev);
	if (len < 0 || (size_t)len >= sizeof(path))
		return fstype;	/* no block device has such a name */
	return stat(path, &st) == 0 ? "ext4" : fstype;
}

/*
 * /proc/self/mountinfo names the mount by device number, which is exact
 * even when the same device is mounted twice or paths contain spaces.
 */
static int find_mount(dev_t dev, struct json_object *o)
{
	char line[4096], root[PATH_MAX], mnt[PATH_MAX], opts[1024];
	char fstype[64], source[PATH_MAX], sopts[1024];
	unsigned int maj, min;
	FILE *f;
	int found = 0;

	f = fopen("/proc/self/mountinfo", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *sep;

		if (sscanf(line, "%*d %*d %u:%u %4095s %4095s %1023s",
			   &maj, &min, root, mnt, opts) != 5)
			continue;
		if (makedev(maj, min) != dev)
			continue;
		sep = strstr(line, " - ");
		if (!sep || sscanf(sep, " - %63s %4095s %1023s", fstype,
				   source, sopts) != 3)
			continue;
		/* The last match is the mount on top: keep overwriting. */
		json_object_object_add(o, "mount_point", json_object_new_string(mnt));
		json_object_object_add(o, "filesystem", json_object_new_string(fstype));
		json_object_object_add(o, "driver",
				       json_object_new_string(fs_driver(fstype, source)));
		json_object_object_add(o, "device", json_object_new_string(source));
		json_object_object_add(o, "mount_options",
				       json_object_new_string(opts));
		json_object_object_add(o, "super_options",
				       json_object_new_string(sopts));
		found = 1;
	}
	fclose(f);
	return found ? 0 : -1;
}

/* /sys/block/<dev>/queue/dax says whether the block device can do DAX. */
static void add_block_dax(dev_t dev, struct json_object *o)
{
	char path[128], val[16];

	snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/queue/dax",
		 major(dev), minor(dev));
	if (db_read_line(path, val, sizeof(val))) {
		/* A partition: the queue belongs to the whole disk. */
		snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/../queue/dax",
			 major(dev), minor(dev));
		if (db_read_line(path, val, sizeof(val)))
			return;
	}
	json_object_object_add(o, "block_dax", json_object_new_boolean(atoi(val)));
}

struct json_object *db_fs_capture(const char *path)
{
	struct json_object *o = json_object_new_object();
	char real[PATH_MAX];
	struct stat st;
	int dax;

	json_object_object_add(o, "path", json_object_new_string(path));
	if (realpath(path, real))
		json_object_object_add(o, "realpath", json_object_new_string(real));
	if (stat(path, &st)) {
		json_object_object_add(o, "error",
				       json_object_new_string("cannot stat target"));
		return o;
	}
	if (find_mount(st.st_dev, o))
		json_object_object_add(o, "filesystem", NULL);
	add_block_dax(st.st_dev, o);
	dax = db_file_is_dax(path);
	json_object_object_add(o, "statx_dax",
			       dax < 0 ? NULL : json_object_new_boolean(dax));
	json_object_object_add(o, "block_size",
			       json_object_new_int64((int64_t)st.st_blksize));
	return o;
}
