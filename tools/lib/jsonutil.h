/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_JSONUTIL_H
#define DB_JSONUTIL_H

#include <json-c/json.h>

/*
 * Reading results and run.json: members of nested objects by dotted
 * path ("kernel.release"; arrays are not indexed), and notes gathered
 * from several files, each once.
 */

/* The value at @dotted under @o, or NULL (also for a NULL @o). */
struct json_object *ju_get(struct json_object *o, const char *dotted);
/* The string at @dotted under @o, or NULL if missing or not a string. */
const char *ju_str(struct json_object *o, const char *dotted);
/*
 * Append to the array @set each string of the array @from that @set
 * does not hold yet, in order.  Anything else in @from, or a @from that
 * is not an array, is passed over.
 */
void ju_add_strings(struct json_object *set, struct json_object *from);

#endif
