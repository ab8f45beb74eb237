// SPDX-License-Identifier: GPL-2.0-only
/*
 * Recognising a device-dax character device, from sysfs: its subsystem
 * is "dax", and its size and alignment are attributes beside it.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "devdax.h"
#include "sysfile.h"

static int read_u64(const char *dir, const char *attr, uint64_t *v)
{
	char path[PATH_MAX], line[64], *end;

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	if (db_read_line(path, line, sizeof(line)))
		return -1;
	errno = 0;
	*v = strtoull(line, &end, 0);
	return errno || end == line ? -1 : 0;
}

int db_devdax_probe(int fd, struct db_devdax *d, char *why, size_t whylen)
{
	char dir[64], link[96], target[PATH_MAX];
	const char *subsys;
	struct stat st;
	ssize_t n;

	memset(d, 0, sizeof(*d));
	if (fstat(fd, &st) || !S_ISCHR(st.st_mode))
		return 0;
	snprintf(dir, sizeof(dir), "/sys/dev/char/%u:%u", major(st.st_rdev),
		 minor(st.st_rdev));
	snprintf(link, sizeof(link), "%s/subsystem", dir);
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0) {
		snprintf(why, whylen, "character device %u:%u has no subsystem in sysfs (%s): not a device-dax device",
			 major(st.st_rdev), minor(st.st_rdev), strerror(errno));
		return -1;
	}
	target[n] = '\0';
	subsys = strrchr(target, '/') ? strrchr(target, '/') + 1 : target;
	if (strcmp(subsys, "dax")) {
		snprintf(why, whylen, "a character device of the '%s' subsystem, not a device-dax device (/dev/daxX.Y)",
			 subsys);
		return -1;
	}
	if (read_u64(dir, "size", &d->size)) {
		snprintf(why, whylen, "cannot read the device-dax size from %s/size",
			 dir);
		return -1;
	}
	/* "align" came in Linux 5.10; before, device-dax mapped 2 MiB. */
	if (read_u64(dir, "align", &d->align) || !d->align)
		d->align = 2ull << 20;
	n = readlink(dir, target, sizeof(target) - 1);
	target[n > 0 ? n : 0] = '\0';
	snprintf(d->name, sizeof(d->name), "%s",
		 strrchr(target, '/') ? strrchr(target, '/') + 1 : "dax");
	return 1;
}
