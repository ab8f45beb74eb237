/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_FSINFO_H
#define DB_FSINFO_H

#include <json-c/json.h>

/*
 * The filesystem holding @path: fills a JSON object with filesystem type,
 * mount point, mount options, device and the file's STATX_ATTR_DAX.
 */
struct json_object *db_fs_capture(const char *path);

/* 1 if @path has STATX_ATTR_DAX, 0 if not, -1 if the kernel cannot say. */
int db_file_is_dax(const char *path);

#endif
