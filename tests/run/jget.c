// SPDX-License-Identifier: GPL-2.0-only
/*
 * jget: read values out of a JSON file for the shell tests, on the host
 * and in the guest (where there is no jq), instead of awk over json-c's
 * pretty printing.
 *
 *   jget [-i] FILE PATH
 *
 * PATH is dotted: object keys, array indices, and three words:
 *   *       every element of an array (or value of an object), each
 *           followed through the rest of PATH, one result a line
 *   length  the number of elements of an array or object
 *   keys    the keys of an object, one a line
 * e.g. metrics.faults.values.*, metrics.faults.values.0, parameters.dir.
 * A key with dots in it is written in brackets:
 * jobs.0.read.clat_ns.percentile.[50.000000].
 * An empty PATH or "." is the whole document.
 *
 * Strings print raw, null as "null", numbers and booleans as JSON,
 * arrays and objects as compact JSON.  -i prints numbers rounded to
 * integers, for the shell's [ -eq ].
 *
 * Exit 0 found, 1 FILE unreadable or not JSON, 2 usage, 3 PATH not there.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#define JGET_MISSING	3

static bool as_int;

static void print_value(struct json_object *v)
{
	double d;

	if (!v) {
		puts("null");
		return;
	}
	switch (json_object_get_type(v)) {
	case json_type_string:
		puts(json_object_get_string(v));
		break;
	case json_type_double:
		d = json_object_get_double(v);
		if (as_int && isfinite(d))
			printf("%.0f\n", d);
		else
			puts(json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
		break;
	default:
		puts(json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN));
	}
}

/* A whole non-negative decimal number, as array indices are written. */
static bool parse_index(const char *s, size_t *idx)
{
	if (!*s || strspn(s, "0123456789") != strlen(s))
		return false;
	*idx = strtoul(s, NULL, 10);
	return true;
}

static int walk(struct json_object *v, char *path);

/* "*": follow the rest of the path from every child. */
static int walk_each(struct json_object *v, char *rest)
{
	size_t i, n;
	int ret = 0;

	if (json_object_is_type(v, json_type_array)) {
		n = json_object_array_length(v);
		for (i = 0; i < n; i++) {
			char *copy = rest ? strdup(rest) : NULL;

			if (rest && !copy)
				return 1;
			ret |= walk(json_object_array_get_idx(v, i), copy);
			free(copy);
		}
		return ret;
	}
	if (json_object_is_type(v, json_type_object)) {
		json_object_object_foreach(v, key, child) {
			char *copy = rest ? strdup(rest) : NULL;

			(void)key;
			if (rest && !copy)
				return 1;
			ret |= walk(child, copy);
			free(copy);
		}
		return ret;
	}
	return JGET_MISSING;
}

/* Is @tok a word here: "length" of an array or object, "keys" of an
 * object, unless the object has a member of that name? */
static bool is_word(struct json_object *v, const char *tok)
{
	bool obj = json_object_is_type(v, json_type_object);

	if (obj && json_object_object_get_ex(v, tok, NULL))
		return false;
	if (!strcmp(tok, "length"))
		return obj || json_object_is_type(v, json_type_array);
	return obj && !strcmp(tok, "keys");
}

/* The words that end a path: length and keys. */
static int walk_word(struct json_object *v, const char *tok)
{
	if (!strcmp(tok, "length")) {
		if (json_object_is_type(v, json_type_array))
			printf("%zu\n", json_object_array_length(v));
		else
			printf("%d\n", json_object_object_length(v));
		return 0;
	}
	json_object_object_foreach(v, key, child) {
		(void)child;
		puts(key);
	}
	return 0;
}

/* Member @key of object @v, then the rest of the path. */
static int walk_key(struct json_object *v, const char *key, char *rest)
{
	if (!json_object_is_type(v, json_type_object) ||
	    !json_object_object_get_ex(v, key, &v))
		return JGET_MISSING;
	return walk(v, rest);
}

/* Follow @path (modified in place) from @v and print what it names. */
static int walk(struct json_object *v, char *path)
{
	char *tok, *rest = NULL;
	size_t idx;

	if (!path || !*path || !strcmp(path, ".")) {
		print_value(v);
		return 0;
	}
	tok = path;
	if (*path == '[' && (rest = strchr(path, ']'))) {
		/* [key]: a key with dots in it, such as fio's "50.000000" */
		tok = path + 1;
		*rest++ = '\0';
		if (*rest == '.')
			rest++;
		else if (*rest)
			return JGET_MISSING;
		return walk_key(v, tok, rest);
	}
	rest = strchr(path, '.');
	if (rest)
		*rest++ = '\0';
	if (!strcmp(tok, "*"))
		return walk_each(v, rest);
	if (!rest && is_word(v, tok))
		return walk_word(v, tok);
	if (json_object_is_type(v, json_type_array)) {
		/* an element may be JSON null (NULL here); past the end is not */
		if (!parse_index(tok, &idx) || idx >= json_object_array_length(v))
			return JGET_MISSING;
		return walk(json_object_array_get_idx(v, idx), rest);
	}
	return walk_key(v, tok, rest);
}

static void usage(FILE *f)
{
	fprintf(f, "usage: jget [-i] FILE PATH\n"
		"  PATH: dotted keys and indices, * for every element, length, keys;\n"
		"        [a.b] for a key with dots in it\n"
		"  -i    print numbers rounded to integers\n"
		"exit 0 found, 1 bad FILE, 2 usage, 3 PATH not in FILE\n");
}

int main(int argc, char **argv)
{
	struct json_object *o;
	char *path;
	int ret;

	as_int = false;		/* main may be called again (the fuzzer) */
	if (argc == 2 && !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "-i")) {
		as_int = true;
		argv++;
		argc--;
	}
	if (argc != 3 || argv[1][0] == '-') {
		usage(stderr);
		return 2;
	}
	o = json_object_from_file(argv[1]);
	if (!o) {
		fprintf(stderr, "jget: %s: not readable JSON: %s\n", argv[1],
			json_util_get_last_err());
		return 1;
	}
	path = strdup(argv[2]);
	if (!path) {
		json_object_put(o);
		return 1;
	}
	ret = walk(o, path);
	if (ret == JGET_MISSING)
		fprintf(stderr, "jget: %s: no %s\n", argv[1], argv[2]);
	free(path);
	json_object_put(o);
	return ret;
}
