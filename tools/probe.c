// SPDX-License-Identifier: GPL-2.0-only
/*
 * Probe a directory with a fresh empty file: the only way to learn
 * whether files made there will be DAX.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fsinfo.h"
#include "probe.h"

struct json_object *db_probe_dir(const char *dir)
{
	char tmp[PATH_MAX], real[PATH_MAX];
	struct json_object *o;
	int fd, saved;

	if (snprintf(tmp, sizeof(tmp), "%s/.daxbench-probe.XXXXXX", dir) >=
	    (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	fd = mkstemp(tmp);
	if (fd < 0)
		return NULL;
	o = db_fs_capture(tmp);
	saved = errno;
	close(fd);
	unlink(tmp);
	errno = saved;
	json_object_object_add(o, "path", json_object_new_string(dir));
	if (realpath(dir, real))
		json_object_object_add(o, "realpath", json_object_new_string(real));
	return o;
}
