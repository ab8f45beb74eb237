// SPDX-License-Identifier: GPL-2.0-only
/*
 * O_DIRECT: the alignment a file requires, and what the kernel does with
 * a request that breaks it.
 *
 * The alignment comes from, in order:
 *  1. statx(STATX_DIOALIGN) (Linux 6.1): the filesystem's own answer for
 *     this file, memory and offset alignment separately;
 *  2. BLKSSZGET on the block device under the file (or the same number
 *     from sysfs queue/logical_block_size when /dev/block is absent, as
 *     in a busybox guest): what the block layer requires for both, which
 *     is what every kernel before 6.1 enforced for iomap direct I/O;
 *  3. 512 bytes when the file is on no block device (tmpfs, for
 *     instance): the smallest logical block size Linux supports, so no
 *     block device can ask for less; a filesystem that wants more still
 *     refuses with EINVAL, and the run then fails with that message.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <linux/fs.h>

#include "direct.h"
#include "sysfile.h"

#define DEFAULT_ALIGN	512

static bool from_statx(int fd, struct lat_dio *d)
{
#ifdef STATX_DIOALIGN
	struct statx stx;

	if (statx(fd, "", AT_EMPTY_PATH, STATX_DIOALIGN, &stx) ||
	    !(stx.stx_mask & STATX_DIOALIGN))
		return false;
	if (!stx.stx_dio_offset_align) {
		/* the filesystem answered: no direct I/O on this file */
		d->statx_none = true;
		return false;
	}
	d->mem_align = stx.stx_dio_mem_align;
	d->offset_align = stx.stx_dio_offset_align;
	snprintf(d->source, sizeof(d->source), "statx STATX_DIOALIGN");
	return true;
#else
	return false;
#endif
}

static bool from_blkszget(dev_t dev, struct lat_dio *d)
{
	char path[64];
	int fd, size;

	snprintf(path, sizeof(path), "/dev/block/%u:%u", major(dev), minor(dev));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (ioctl(fd, BLKSSZGET, &size) || size <= 0) {
		close(fd);
		return false;
	}
	close(fd);
	d->mem_align = d->offset_align = (unsigned int)size;
	snprintf(d->source, sizeof(d->source), "BLKSSZGET on %s", path);
	return true;
}

/* A partition has no queue/ of its own: its disk's is one level up. */
static bool from_sysfs(dev_t dev, struct lat_dio *d)
{
	static const char *const up[] = { "", "/.." };
	char path[96], line[32];
	unsigned int i;
	long size;

	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path),
			 "/sys/dev/block/%u:%u%s/queue/logical_block_size",
			 major(dev), minor(dev), up[i]);
		if (db_read_line(path, line, sizeof(line)))
			continue;
		size = strtol(line, NULL, 10);
		if (size <= 0)
			continue;
		d->mem_align = d->offset_align = (unsigned int)size;
		snprintf(d->source, sizeof(d->source),
			 "logical block size of block device %u:%u (sysfs)",
			 major(dev), minor(dev));
		return true;
	}
	return false;
}

void lat_dio_query(int fd, struct lat_dio *d)
{
	struct stat st;

	memset(d, 0, sizeof(*d));
	if (from_statx(fd, d))
		return;
	if (!fstat(fd, &st) && major(st.st_dev) != 0 &&
	    (from_blkszget(st.st_dev, d) || from_sysfs(st.st_dev, d)))
		return;
	d->mem_align = d->offset_align = DEFAULT_ALIGN;
	snprintf(d->source, sizeof(d->source),
		 "no block device: 512, the smallest logical block size");
}

/* 1: accepted, 0: refused (errno in *err), -1: could not be tried. */
static int try_read(int fd, char *buf, size_t len, off_t off, int *err)
{
	ssize_t ret = pread(fd, buf, len, off);

	*err = ret < 0 ? errno : 0;
	return ret > 0 ? 1 : 0;
}

void lat_dio_probe(int fd, const struct lat_dio *d, uint64_t file_size,
		   struct lat_dio_probe *p)
{
	size_t align = d->offset_align > d->mem_align ?
		       d->offset_align : d->mem_align;
	char *area;

	p->buffer_ok = p->offset_ok = -1;
	p->buffer_err = p->offset_err = 0;
	if (file_size < 2 * (uint64_t)align)
		return;
	if (posix_memalign((void **)&area, 4096, 2 * align + 4096))
		return;
	if (d->mem_align > 1)
		p->buffer_ok = try_read(fd, area + 1, align, 0, &p->buffer_err);
	if (d->offset_align > 1)
		p->offset_ok = try_read(fd, area, align, 1, &p->offset_err);
	free(area);
}
