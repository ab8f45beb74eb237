// SPDX-License-Identifier: GPL-2.0-only
/*
 * jget FILE KEY: print the JSON value at KEY (dotted; array elements by
 * index: metrics.read_iops.values.0) of FILE, for the shell tests.
 * "length" after an array or object prints its size.  Exit 1 when FILE
 * is not JSON, 3 when KEY is not there.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

int main(int argc, char **argv)
{
	struct json_object *o, *v;
	char *key, *tok, *save = NULL;
	int ret = 0;

	if (argc != 3) {
		fprintf(stderr, "usage: jget FILE KEY\n");
		return 2;
	}
	o = json_object_from_file(argv[1]);
	if (!o) {
		fprintf(stderr, "jget: %s: %s\n", argv[1], json_util_get_last_err());
		return 1;
	}
	v = o;
	key = strdup(argv[2]);
	for (tok = strtok_r(key, ".", &save); tok && ret == 0;
	     tok = strtok_r(NULL, ".", &save)) {
		if (!strcmp(tok, "length") && json_object_is_type(v, json_type_array)) {
			printf("%zu\n", json_object_array_length(v));
			ret = -1;
		} else if (!strcmp(tok, "length") &&
			   json_object_is_type(v, json_type_object)) {
			printf("%d\n", json_object_object_length(v));
			ret = -1;
		} else if (json_object_is_type(v, json_type_array)) {
			/* An element may be JSON null (NULL here); past the end is not. */
			if ((size_t)atoi(tok) >= json_object_array_length(v))
				ret = 3;
			else
				v = json_object_array_get_idx(v, (size_t)atoi(tok));
		} else if (!json_object_is_type(v, json_type_object) ||
			   !json_object_object_get_ex(v, tok, &v)) {
			ret = 3;
		}
	}
	if (ret == 0)
		printf("%s\n", v ? json_object_get_string(v) : "null");
	free(key);
	json_object_put(o);
	return ret < 0 ? 0 : ret;
}
