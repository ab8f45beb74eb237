// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench history: import runs into the results database, and report
 * the changes its series show.  docs/history.md tells how to use it.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "import.h"
#include "schema.h"
#include "store.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: daxbench history import [--db DB] RUN...\n"
		"       daxbench history regressions [--db DB] [--since RUN|DATE] [--machine M]\n"

		"\n"
		"import       put run directories (results/RUN_ID) into the history database;\n"
		"             a run already there is skipped\n"
		"regressions  find the change points of every series (machine, path,\n"
		"             measurement, metric) and print them as the kernel test robot\n"
		"             would; exit 1 when one is a regression ('regressions --help')\n"
		"\n"
		"  --db DB    an SQLite file (default: $DAXBENCH_RESULTS/history.db, else\n"
		"             " HI_DEFAULT_DB ") or a postgresql://USER@HOST/DBNAME URL\n"
		"  -h, --help this help\n");
}

static const struct option import_opts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int hi_import(int argc, char **argv)
{
	const char *url = hi_default_db();
	struct hs_db *db;
	int c, i, r, added = 0, skipped = 0, failed = 0;

	while ((c = getopt_long(argc, argv, "h", import_opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			url = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind == argc) {
		fprintf(stderr, "%s: import: name at least one run directory\n",
			program_invocation_short_name);
		return 2;
	}
	db = hs_open(url, HS_WRITE);
	if (!db)
		return 1;
	if (sc_prepare(db, HS_WRITE)) {
		hs_close(db);
		return 1;
	}
	for (i = optind; i < argc; i++) {
		r = im_run(db, argv[i]);
		if (r == 0) {
			printf("imported %s\n", argv[i]);
			added++;
		} else if (r == 1) {
			printf("already in the history: %s (skipped)\n", argv[i]);
			skipped++;
		} else if (r == 2) {
			printf("no measurements in %s: nothing to import (skipped; see its logs)\n",
			       argv[i]);
			skipped++;
		} else {
			failed++;
		}
	}
	printf("%d imported, %d skipped, %d failed: %s\n", added, skipped,
	       failed, hs_name(db));
	hs_close(db);
	return failed ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "import"))
		return hi_import(argc - 1, argv + 1);
	if (!strcmp(argv[1], "regressions"))
		return hi_regressions(argc - 1, argv + 1);
	fprintf(stderr, "%s: unknown subcommand '%s'\n",
		program_invocation_short_name, argv[1]);
	usage(stderr);
	return 2;
}
