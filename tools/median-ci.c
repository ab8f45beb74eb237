// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-median-ci: the median of the numbers on stdin (one a line,
 * e.g. the per-pair ratios of a paired measurement) with its
 * distribution-free 95% confidence interval, as "MEDIAN LOW HIGH N";
 * LOW and HIGH are "-" when there are too few numbers for 95%.  The
 * measurement scripts under scripts/ summarise their pairs with it, with
 * the same code as the results' "paired" object (bench/lib/stability.c).
 * Exit 1 on a line that is not a number, or on no numbers at all.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stability.h"

static int read_numbers(double **x, size_t *n)
{
	char line[128], *end;
	size_t cap = 0, ln = 0;
	double v, *p;

	*x = NULL;
	*n = 0;
	while (fgets(line, sizeof(line), stdin)) {
		ln++;
		line[strcspn(line, "\n")] = 0;
		errno = 0;
		v = strtod(line, &end);
		if (end == line || *end || errno || !isfinite(v)) {
			fprintf(stderr, "daxbench-median-ci: line %zu: '%s' is not a number\n",
				ln, line);
			return -1;
		}
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			p = realloc(*x, cap * sizeof(*p));
			if (!p)
				return -1;
			*x = p;
		}
		(*x)[(*n)++] = v;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct db_median_ci ci;
	double *x;
	size_t n;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: daxbench-median-ci < NUMBERS\n");
		return 2;
	}
	if (read_numbers(&x, &n) || !n) {
		if (!n)
			fprintf(stderr, "daxbench-median-ci: no numbers on stdin\n");
		free(x);
		return 1;
	}
	db_median_ci(x, n, 0.95, &ci);
	if (isfinite(ci.lo))
		printf("%.6g %.6g %.6g %zu\n", ci.median, ci.lo, ci.hi, ci.n);
	else
		printf("%.6g - - %zu\n", ci.median, ci.n);
	free(x);
	return 0;
}
