/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_COMPARE_ARGS_H
#define DB_COMPARE_ARGS_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

#include "compare-core.h"

/*
 * What daxbench compare and report share on their command lines: the
 * options that tune the comparison, where the output goes, and loading
 * the runs they name into a comparison.
 */

/* getopt_long entries for ca_option(); end the table with your own. */
#define CA_LONGOPTS \
	{ "threshold", required_argument, NULL, 't' }, \
	{ "alpha", required_argument, NULL, 'a' }, \
	{ "allow-param-mismatch", no_argument, NULL, 'f' }, \
	{ "force", no_argument, NULL, 'f' }, \
	{ "judge-emulated", no_argument, NULL, 'e' }, \
	{ "insns-floor", required_argument, NULL, 'F' }, \
	{ "insns-spread", required_argument, NULL, 'S' }, \
	{ "insns-abs", required_argument, NULL, 'N' }, \
	{ "output", required_argument, NULL, 'o' }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, 'V' }
#define CA_SHORTOPTS	"o:hV"

/* The defaults: --threshold 5 (percent), --alpha 0.05, --insns-floor 1
 * (percent), --insns-spread 3 (docs/comparing.md says why). */
void ca_defaults(struct cc_opts *cc);

/*
 * Take option @c (its argument in optarg) if it is one of CA_LONGOPTS:
 * --help prints @usage and --version the version, and both exit 0.
 * Returns 0 when taken, 1 when it is not one of them, -1 after saying
 * what is wrong with its value.
 */
int ca_option(int c, struct cc_opts *cc, const char **output,
	      void (*usage)(FILE *f));

/*
 * Load the @n runs named in @args into @runs, and compare them into @c
 * (cc_free it when done).  Returns 0, or -1 after saying why.  Either
 * way, rl_free the first *@loaded of @runs.
 */
int ca_compare(char **args, size_t n, struct rl_run *runs, size_t *loaded,
	       const char *output, const struct cc_opts *cc, struct cc_cmp *c);

#endif
