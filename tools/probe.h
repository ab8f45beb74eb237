/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_PROBE_H
#define DB_PROBE_H

#include <json-c/json.h>

/*
 * The filesystem under directory @dir as a file created there sees it.
 * A directory never carries STATX_ATTR_DAX (ext4 sets S_DAX on regular
 * files only), so this creates an empty file in @dir, describes it with
 * db_fs_capture() and removes it.  "path" and "realpath" name @dir.
 * Returns NULL, with errno set, when no file can be created in @dir.
 */
struct json_object *db_probe_dir(const char *dir);

#endif
