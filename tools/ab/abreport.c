// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-abreport: the report of an A/B directory made by daxbench ab.
 * Reads AB_DIR/ab.state and the runs it names, writes AB_DIR/report.txt
 * (72 columns, for a mail) and AB_DIR/ab.json (every row), each
 * atomically, and prints the report.  daxbench ab runs it after every
 * round, so an interrupted A/B still has the report of what it did.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abreport.h"
#include "outfile.h"
#include "version.h"

static void usage(FILE *f)
{
	fprintf(f,
"usage: daxbench-abreport [OPTIONS] AB_DIR\n"
"\n"
"Compare the BASE and TEST runs of the A/B in AB_DIR (made by daxbench ab)\n"
"and write AB_DIR/report.txt and AB_DIR/ab.json.\n"
"\n"
"  --threshold PCT     faults, counts and times: changes within PCT are\n"
"                      the same (default 5)\n"
"  --alpha P           Welch's t-test significance level (default 0.05)\n"
"  --insns-floor PCT   instruction counts: the least threshold (default 1)\n"
"  --insns-spread K    instruction counts: threshold at least K times the\n"
"                      larger side's %%stddev (default 3)\n"
"  --judge-emulated    judge times on an emulated CPU too\n"
"  -q, --quiet         do not print the report\n"
"  -h, --help, -V, --version\n"
"\n"
"Exit status: 0 no significant regression, 1 a significant regression,\n"
"2 usage error or bad input.\n");
}

static int number(const char *opt, const char *arg, double lo, double hi,
		  double *v)
{
	char *end;

	errno = 0;
	*v = strtod(arg, &end);
	if (errno || end == arg || *end || !isfinite(*v) || *v < lo || *v > hi) {
		fprintf(stderr, "%s: %s '%s': expected a number from %g to %g\n",
			program_invocation_short_name, opt, arg, lo, hi);
		return -1;
	}
	return 0;
}

static int parse_args(int argc, char **argv, struct ab_opts *o, bool *quiet)
{
	static const struct option longopts[] = {
		{ "threshold", required_argument, NULL, 't' },
		{ "alpha", required_argument, NULL, 'a' },
		{ "insns-floor", required_argument, NULL, 'f' },
		{ "insns-spread", required_argument, NULL, 's' },
		{ "judge-emulated", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	*o = (struct ab_opts){ .threshold = 5, .alpha = 0.05,
			       .insns_floor = 1, .insns_spread = 3 };
	while ((c = getopt_long(argc, argv, "qhV", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (number("--threshold", optarg, 0, 1e6, &o->threshold))
				return -1;
			break;
		case 'a':
			if (number("--alpha", optarg, 1e-9, 0.5, &o->alpha))
				return -1;
			break;
		case 'f':
			if (number("--insns-floor", optarg, 0, 1e6, &o->insns_floor))
				return -1;
			break;
		case 's':
			if (number("--insns-spread", optarg, 0, 1e3, &o->insns_spread))
				return -1;
			break;
		case 'j':
			o->judge_emulated = true;
			break;
		case 'q':
			*quiet = true;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("daxbench-abreport %s\n", DB_VERSION);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (argc - optind != 1) {
		fprintf(stderr, "%s: need exactly one A/B directory\n",
			program_invocation_short_name);
		return -1;
	}
	return 0;
}

static int write_outputs(const struct ab_cmp *c, const char *dir, bool quiet)
{
	struct json_object *j = ab_json(c);
	struct of_out text, json;
	char *p;
	int rc;

	if (!j)
		return -1;
	of_open(&text);
	text.rstrip = true;
	ab_text(c, text.f);
	if (!quiet)
		ab_text(c, stdout);
	of_open(&json);
	fprintf(json.f, "%s\n", json_object_to_json_string_ext(j,
		JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	/* Both are written even when one fails: each is whole or absent. */
	if (asprintf(&p, "%s/report.txt", dir) < 0)
		abort();
	rc = of_close(&text, p);
	free(p);
	if (asprintf(&p, "%s/ab.json", dir) < 0)
		abort();
	rc |= of_close(&json, p);
	free(p);
	json_object_put(j);
	return rc ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct ab_opts o;
	struct ab_cmp c;
	bool quiet = false;
	int rc;

	if (parse_args(argc, argv, &o, &quiet))
		return 2;
	if (ab_compare(argv[optind], &o, &c)) {
		ab_cmp_free(&c);
		return 2;
	}
	rc = write_outputs(&c, argv[optind], quiet) ? 2 :
	     ab_worst(&c) ? 1 : 0;
	ab_cmp_free(&c);
	return rc;
}
