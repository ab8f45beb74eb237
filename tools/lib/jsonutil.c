// SPDX-License-Identifier: GPL-2.0-only
/*
 * Small readers of the JSON daxbench writes: see jsonutil.h.
 */
#include <string.h>

#include "jsonutil.h"

struct json_object *ju_get(struct json_object *o, const char *dotted)
{
	char key[128];
	size_t n;

	while (o && *dotted) {
		n = strcspn(dotted, ".");
		if (n >= sizeof(key) || !json_object_is_type(o, json_type_object))
			return NULL;
		memcpy(key, dotted, n);
		key[n] = '\0';
		if (!json_object_object_get_ex(o, key, &o))
			return NULL;
		dotted += n + (dotted[n] == '.');
	}
	return o;
}

const char *ju_str(struct json_object *o, const char *dotted)
{
	o = ju_get(o, dotted);
	return json_object_is_type(o, json_type_string) ?
		json_object_get_string(o) : NULL;
}

static void add_string(struct json_object *set, const char *s)
{
	size_t i;

	for (i = 0; i < json_object_array_length(set); i++)
		if (!strcmp(json_object_get_string(json_object_array_get_idx(set, i)), s))
			return;
	json_object_array_add(set, json_object_new_string(s));
}

void ju_add_strings(struct json_object *set, struct json_object *from)
{
	struct json_object *s;
	size_t i;

	if (!json_object_is_type(from, json_type_array))
		return;
	for (i = 0; i < json_object_array_length(from); i++) {
		s = json_object_array_get_idx(from, i);
		if (json_object_is_type(s, json_type_string))
			add_string(set, json_object_get_string(s));
	}
}
