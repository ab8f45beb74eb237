// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-env: the environment object of a daxbench result (kernel, CPU,
 * THP, virtualisation and optionally the filesystem under a directory)
 * as JSON, or single values of it for shell scripts.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "env.h"
#include "jsonutil.h"
#include "probe.h"
#include "version.h"

#define MAX_GET 32

static void usage(FILE *f)
{
	fprintf(f,
"usage: daxbench-env [--target DIR [--probe]] [--get KEY ...]\n"
"Print the environment daxbench records with every result, as JSON.\n"
"\n"
"  --target DIR  add the filesystem under DIR as \"target\"\n"
"  --probe       describe a new empty file in DIR (created and removed)\n"
"                rather than DIR itself: only files carry the DAX attribute\n"
"  --get KEY     print the value at KEY (dotted, e.g. target.statx_dax)\n"
"                as text, one line per --get; null prints \"null\"\n"
"  --help, --version\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "target", required_argument, NULL, 't' },
		{ "probe", no_argument, NULL, 'p' },
		{ "get", required_argument, NULL, 'g' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *target = NULL, *get[MAX_GET];
	struct json_object *env, *fs, *v;
	int c, i, nget = 0, probe = 0;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			target = optarg;
			break;
		case 'p':
			probe = 1;
			break;
		case 'g':
			if (nget == MAX_GET) {
				fprintf(stderr, "daxbench-env: --get: at most %d keys\n",
					MAX_GET);
				return 2;
			}
			get[nget++] = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("daxbench-env %s\n", DB_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc || (probe && !target)) {
		fprintf(stderr, "daxbench-env: %s\n", probe && !target ?
			"--probe needs --target DIR" : "unexpected argument");
		usage(stderr);
		return 2;
	}
	env = db_env_capture(probe ? NULL : target);
	if (probe) {
		fs = db_probe_dir(target);
		if (!fs) {
			fprintf(stderr, "daxbench-env: --target %s: cannot create a file there: %s\n",
				target, strerror(errno));
			return 1;
		}
		json_object_object_add(env, "target", fs);
	}
	if (!nget) {
		printf("%s\n", json_object_to_json_string_ext(env,
			JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	}
	for (i = 0; i < nget; i++) {
		v = ju_get(env, get[i]);
		printf("%s\n", v ? json_object_get_string(v) : "null");
	}
	json_object_put(env);
	return 0;
}
