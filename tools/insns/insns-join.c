// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-insns-join: put the instruction counts of the daxbench-insns
 * QEMU plugin into the result files of the guest run they came from.
 *
 *   daxbench-insns-join --counts FILE [--kallsyms FILE] [--top N] [--note TEXT] RESULT...
 *   daxbench-insns-join --absent REASON RESULT...
 *
 * Each result lists the regions it measured (insns.regions: id, repeat,
 * units); each gets its user and kernel counts, the per-unit forms and
 * its top kernel functions (docs/results-format.md).  A region without
 * counts gets no number and a note; the other results are written all
 * the same.  --absent records why nothing was counted; --note adds a
 * note to every result joined with counts.
 *
 * Exit: 0 all joined, 1 some result or region left without counts,
 * 2 bad usage.
 */
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

#include "result.h"
#include "insns-counts.h"
#include "insns-join.h"
#include "kallsyms.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: daxbench-insns-join --counts FILE [--kallsyms FILE] [--top N] [--note TEXT] RESULT...\n"
		"       daxbench-insns-join --absent REASON RESULT...\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "counts", required_argument, NULL, 'c' },
		{ "kallsyms", required_argument, NULL, 'k' },
		{ "absent", required_argument, NULL, 'a' },
		{ "top", required_argument, NULL, 't' },
		{ "note", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *counts_path = NULL, *ksyms_path = NULL, *absent = NULL;
	struct insns_counts counts;
	struct kallsyms ksyms = { 0 };
	struct join_ctx ctx = { .top = 12 };
	char err[512], why[600];
	int c, i, rc = 0;
	char *end;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'c': counts_path = optarg; break;
		case 'k': ksyms_path = optarg; break;
		case 'a': absent = optarg; break;
		case 'n': ctx.note = optarg; break;
		case 't':
			ctx.top = strtol(optarg, &end, 10);
			if (*end || ctx.top < 1 || ctx.top > 1000) {
				fprintf(stderr, "daxbench-insns-join: --top '%s': expected 1 to 1000\n", optarg);
				return 2;
			}
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (!!counts_path == !!absent || optind >= argc) {
		usage(stderr);
		return 2;
	}
	if (counts_path) {
		if (insns_counts_load(counts_path, &counts, err, sizeof(err))) {
			snprintf(why, sizeof(why), "the plugin's counts could not be read: %s", err);
			fprintf(stderr, "daxbench-insns-join: %s\n", why);
			absent = why;
			rc = 1;
		} else {
			ctx.counts = &counts;
			for (i = 0; i < (int)counts.nerrors; i++)
				fprintf(stderr, "daxbench-insns-join: the plugin saw a marker error: %s\n",
					counts.errors[i]);
		}
	}
	if (ctx.counts && ksyms_path) {
		if (kallsyms_load(ksyms_path, &ksyms, err, sizeof(err)))
			snprintf(ctx.ksyms_why, sizeof(ctx.ksyms_why), "%s", err);
		else
			ctx.ksyms = &ksyms;
	} else if (ctx.counts) {
		snprintf(ctx.ksyms_why, sizeof(ctx.ksyms_why), "no kallsyms from the guest");
	}
	ctx.absent = absent;
	for (i = optind; i < argc; i++)
		if (join_file(&ctx, argv[i]))
			rc = 1;
	if (ctx.counts) {
		printf("insns: %d result(s) joined, %d region(s) counted, %d without counts\n",
		       ctx.joined, ctx.matched, ctx.missing);
		insns_counts_free(&counts);
	}
	kallsyms_free(&ksyms);
	return rc;
}
