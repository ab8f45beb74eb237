// SPDX-License-Identifier: GPL-2.0-only
/*
 * The analysis library's statistics on extreme but valid numbers:
 * Welch's test gives the same verdict at any scale (1e-300 to 1e100),
 * never an abort inside GSL; and a GSL error is a message and exit 2.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <gsl/gsl_cdf.h>

#include "stats.h"
#include "tap.h"

static void welch_at(double scale, struct st_test *t)
{
	double a[3] = { 1.0, 1.1, 0.9 }, b[3] = { 1.3, 1.2, 1.25 };
	struct st_summary sa, sb;
	int i;

	for (i = 0; i < 3; i++) {
		a[i] *= scale;
		b[i] *= scale;
	}
	st_summarize(a, 3, &sa);
	st_summarize(b, 3, &sb);
	st_welch(&sa, &sb, t);
}

static void scale_invariant(void)
{
	static const double scales[] = { 1e-300, 1e-100, 1e100, 1e200, 1e300 };
	struct st_test ref, t;
	size_t i;

	welch_at(1.0, &ref);
	tap_ok(ref.valid && ref.p > 0.01 && ref.p < 0.05,
	       "welch at scale 1: p = %.4f", ref.p);
	for (i = 0; i < sizeof(scales) / sizeof(scales[0]); i++) {
		welch_at(scales[i], &t);
		tap_ok(t.valid && fabs(t.p - ref.p) < 1e-9 &&
		       fabs(t.df - ref.df) < 1e-9,
		       "welch at scale %g: p %.4f, df %.3f as at scale 1",
		       scales[i], t.p, t.df);
	}
}

/* Values whose squares overflow: no test, and no abort. */
static void overflow(void)
{
	double a[2] = { 1e300, -1e300 }, b[2] = { 1e300, 1.5e300 };
	struct st_summary sa, sb;
	struct st_test t;

	st_summarize(a, 2, &sa);
	st_summarize(b, 2, &sb);
	st_welch(&sa, &sb, &t);
	tap_ok(!t.valid || (t.p >= 0 && t.p <= 1),
	       "welch near DBL_MAX: no test or a p in [0, 1]");
}

/* A spread negligible beside the means: judged as exact. */
static void tiny_spread(void)
{
	double a[2] = { 1e100, 1e100 * (1 + 1e-16) }, b[2] = { 2e100, 2e100 };
	struct st_summary sa, sb;
	struct st_test t;

	st_summarize(a, 2, &sa);
	st_summarize(b, 2, &sb);
	st_welch(&sa, &sb, &t);
	tap_ok(t.valid && t.p >= 0 && t.p < 0.05, "welch, tiny spread: p %.3g", t.p);
}

/* GSL's own error, after the library installed its handler: exit 2. */
static void handler(void)
{
	int fds[2], status;
	char buf[512] = "";
	ssize_t n;
	pid_t pid;

	if (pipe(fds)) {
		tap_ok(0, "pipe");
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct st_summary s;
		double v = 1;

		dup2(fds[1], 2);
		st_summarize(&v, 1, &s);
		gsl_cdf_tdist_Q(1.0, NAN);
		_exit(0);
	}
	close(fds[1]);
	n = read(fds[0], buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	close(fds[0]);
	waitpid(pid, &status, 0);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 2,
	       "a GSL error exits 2 (status %#x)", status);
	tap_ok(strstr(buf, "test-stats: internal error in the statistics") != NULL,
	       "a GSL error is said, naming the program");
}

int main(void)
{
	tap_plan(10);
	scale_invariant();
	overflow();
	tiny_spread();
	handler();
	return tap_done();
}
