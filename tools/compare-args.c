// SPDX-License-Identifier: GPL-2.0-only
/*
 * The command line daxbench compare and report share: see
 * compare-args.h.
 */
#include <errno.h>
#include <stdlib.h>

#include "compare-args.h"
#include "outfile.h"
#include "version.h"

void ca_defaults(struct cc_opts *cc)
{
	cc->threshold = 5;
	cc->alpha = 0.05;
	cc->insns_floor = 1;
	cc->insns_spread = 3;
	cc->insns_abs = 50000;
}

int ca_option(int c, struct cc_opts *cc, const char **output,
	      void (*usage)(FILE *f))
{
	switch (c) {
	case 't':
		return cc_parse_double("--threshold", optarg, 0, 1e6,
				       &cc->threshold);
	case 'a':
		return cc_parse_double("--alpha", optarg, 0, 1, &cc->alpha);
	case 'F':
		return cc_parse_double("--insns-floor", optarg, 0, 1e6, &cc->insns_floor);
	case 'S':
		return cc_parse_double("--insns-spread", optarg, 0, 1e3, &cc->insns_spread);
	case 'N':
		return cc_parse_double("--insns-abs", optarg, 0, 1e12, &cc->insns_abs);
	case 'f':
		cc->allow_param_mismatch = true;
		return 0;
	case 'e':
		cc->judge_emulated = true;
		return 0;
	case 'o':
		*output = optarg;
		return 0;
	case 'h':
		usage(stdout);
		exit(0);
	case 'V':
		printf("%s %s\n", program_invocation_short_name, DB_VERSION);
		exit(0);
	default:
		return 1;
	}
}

int ca_compare(char **args, size_t n, struct rl_run *runs, size_t *loaded,
	       const char *output, const struct cc_opts *cc, struct cc_cmp *c)
{
	size_t i;

	/* A run that failed to load is counted: rl_free undoes it too. */
	for (*loaded = 0; *loaded < n; ) {
		i = (*loaded)++;
		if (rl_load(args[i], &runs[i]))
			return -1;
	}
	if (of_check_not_input(output, runs, n))
		return -1;
	if (cc_build(c, runs, n, cc)) {
		cc_free(c);
		return -1;
	}
	return 0;
}
