/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_JSONFILE_H
#define DB_JSONFILE_H

#include <stddef.h>
#include <json-c/json.h>

/*
 * Reading a JSON file someone else made (a result, run.json, fio's
 * output).  Only a regular file is read (a FIFO or a device would block
 * or never end), at most JF_MAX_SIZE bytes; what is wrong is said on
 * stderr, prefixed by the program's name and the file's.
 */
#define JF_MAX_SIZE	(256u << 20)

/* The whole file, NUL-terminated, its length in *@len; NULL if refused. */
char *jf_read(const char *file, size_t *len);
/*
 * @buf (@len bytes, of @file) as exactly one JSON object: NULL after a
 * message giving the line and column of malformed JSON, or saying that
 * the file is truncated, empty or holds more than one value.
 */
struct json_object *jf_parse(const char *file, const char *buf, size_t len);
/* jf_read and jf_parse. */
struct json_object *jf_load(const char *file);
/* A message "PROGRAM: FILE: ..." on stderr. */
void jf_err(const char *file, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
