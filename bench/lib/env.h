/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_ENV_H
#define DB_ENV_H

#include <stdbool.h>
#include <json-c/json.h>

/*
 * Where a measurement ran.  db_env_capture() returns a JSON object with
 * the kernel, CPU, THP settings, virtualisation and, when @target is not
 * NULL, the filesystem under @target.  Unknown values are JSON null, never
 * guessed.
 */
struct json_object *db_env_capture(const char *target);

/* "bare-metal", "kvm", "tcg", another hypervisor's name, or "unknown". */
const char *db_env_accelerator(char *buf, size_t len);

/*
 * The filesystem holding @path: fills a JSON object with filesystem type,
 * mount point, mount options, device and the file's STATX_ATTR_DAX.
 */
struct json_object *db_fs_capture(const char *path);

/* 1 if @path has STATX_ATTR_DAX, 0 if not, -1 if the kernel cannot say. */
int db_file_is_dax(const char *path);

/* Read a one-line file such as a sysfs attribute, trailing newline cut. */
int db_read_line(const char *file, char *buf, size_t len);

#endif
