// SPDX-License-Identifier: GPL-2.0-only
/*
 * The change-point detector on synthetic series: steps are found where
 * they were put, none on noise, none from one far-off run or value, and
 * the energy statistic agrees with its O(n^2) definition.  Noise comes
 * from GSL's generator with fixed seeds: the series are the same on
 * every machine.
 */
#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "cpd.h"
#include "tap.h"

#define MAXV	4096

static gsl_rng *rng;
static double v[MAXV];
static size_t start[MAXV];

static const struct cpd_opts noisy = { .alpha = 0.001, .min_change = 5, .min_runs = 2, .per_run = true };
static const struct cpd_opts counts = { .alpha = 0.001, .min_change = 0.5, .min_runs = 2 };

/* A series of @nruns runs of @reps repeats: level(run) + noise. */
static struct cpd_series make(size_t nruns, size_t reps, double (*level)(size_t),
			      double sd_rep, double sd_run)
{
	size_t r, i, n = 0;
	double off;

	for (r = 0; r < nruns; r++) {
		start[r] = n;
		off = sd_run > 0 ? gsl_ran_gaussian(rng, sd_run) : 0;
		for (i = 0; i < reps; i++)
			v[n++] = level(r) + off + (sd_rep > 0 ? gsl_ran_gaussian(rng, sd_rep) : 0);
	}
	start[nruns] = n;
	return (struct cpd_series){ nruns, start, v };
}

static double flat(size_t r) { return 100; }
static double step10(size_t r) { return r < 10 ? 100 : 110; }
static double up_down(size_t r) { return r >= 12 && r < 24 ? 115 : 100; }
static double last_only(size_t r) { return r < 19 ? 100 : 150; }
static double count_step(size_t r) { return r < 10 ? 31380000 : 31380000 * 1.01; }
static double count_flat(size_t r) { return 16384; }

static int detect(const struct cpd_series *s, const struct cpd_opts *o,
		  struct cpd_change **c)
{
	int n = cpd_detect(s, o, c);

	if (n < 0)
		abort();
	return n;
}

static void test_energy(void)
{
	struct cpd_series s = make(12, 3, step10, 2, 1);
	double q[16], brute, x, y, cross, wl, wr, nl, nr;
	size_t k, i, j, b, n = s.start[12], bad = 0;

	cpd_energy(v, n, start, 12, q);
	for (k = 1; k < 12; k++) {
		b = start[k];
		cross = wl = wr = 0;
		for (i = 0; i < n; i++)
			for (j = i + 1; j < n; j++) {
				x = v[i];
				y = v[j];
				if (i < b && j >= b)
					cross += fabs(x - y);
				else if (j < b)
					wl += fabs(x - y);
				else
					wr += fabs(x - y);
			}
		nl = (double)b;
		nr = (double)(n - b);
		brute = nl * nr / (nl + nr) * (2 * cross / (nl * nr) -
			(b > 1 ? wl / (nl * (nl - 1) / 2) : 0) -
			(n - b > 1 ? wr / (nr * (nr - 1) / 2) : 0));
		if (fabs(brute - q[k]) > 1e-9 * (fabs(brute) + 1))
			bad++;
	}
	tap_ok(!bad, "energy statistic equals its O(n^2) definition at all 11 boundaries");
	for (k = 1, j = 1; k < 12; k++)
		if (q[k] > q[j])
			j = k;
	tap_ok(j == 10, "energy is largest at the step (run %zu)", j);
}

static void test_steps(void)
{
	struct cpd_series s;
	struct cpd_change *c;
	int n;

	s = make(20, 3, step10, 1, 0.5);
	n = detect(&s, &noisy, &c);
	tap_ok(n == 1 && c[0].run == 10, "a +10%% step at run 10 is found there (%d changes, first at %zu)",
	       n, n ? c[0].run : 0);
	tap_ok(n == 1 && c[0].change_pct > 8 && c[0].change_pct < 12 && c[0].p < 0.001,
	       "... as a change of %+.1f%%, p %.2g", n ? c[0].change_pct : 0, n ? c[0].p : 1);
	tap_ok(n == 1 && c[0].before.first == 0 && c[0].before.end == 10 &&
	       c[0].after.end == 20 && c[0].before.n == 30,
	       "... with the segments on either side as its inputs");
	free(c);

	s = make(36, 3, up_down, 1, 0.5);
	n = detect(&s, &noisy, &c);
	tap_ok(n == 2 && c[0].run == 12 && c[1].run == 24,
	       "up at run 12 and back down at 24: both found (%d: %zu, %zu)",
	       n, n > 0 ? c[0].run : 0, n > 1 ? c[1].run : 0);
	free(c);

	s = make(14, 5, count_step, 0, 0);
	n = detect(&s, &counts, &c);
	tap_ok(n == 1 && c[0].run == 10 && c[0].p == 0,
	       "an exact count up 1%% at run 10: found, p = 0 (%d)", n);
	free(c);
}

static void test_quiet(void)
{
	struct cpd_series s;
	struct cpd_change *c;
	int n, seed, fp = 0, fp_raw = 0;

	for (seed = 0; seed < 50; seed++) {
		s = make(40, 3, flat, 5, 0);
		fp += detect(&s, &noisy, &c);
		free(c);
	}
	tap_ok(!fp, "no change on 50 series of pure noise (sd 5%%): %d", fp);

	/* Runs that disagree with each other more than repeats do. */
	for (seed = 0, fp = 0; seed < 50; seed++) {
		s = make(30, 3, flat, 0.5, 4);
		fp += detect(&s, &noisy, &c);
		free(c);
		fp_raw += detect(&s, &(struct cpd_opts){ .alpha = 0.001, .min_change = 5, .min_runs = 2 }, &c);
		free(c);
	}
	tap_ok(!fp, "no change when runs scatter more than repeats, testing run means: %d", fp);
	tap_diag("the same 50 series tested on raw repeats: %d false changes", fp_raw);

	s = make(30, 3, flat, 1, 0.5);
	v[start[15] + 1] = 180;
	n = detect(&s, &noisy, &c);
	tap_ok(n == 0, "one far-off value (+80%%) makes no change: %d", n);
	free(c);
	n = detect(&s, &(struct cpd_opts){ .alpha = 0.001, .min_change = 5, .min_runs = 2 }, &c);
	tap_ok(n == 0, "... nor on raw repeats: %d", n);
	free(c);

	s = make(30, 3, flat, 1, 0.5);
	v[start[15]] = v[start[15] + 1] = v[start[15] + 2] = 150;
	n = detect(&s, &noisy, &c);
	tap_ok(n == 0, "one far-off run (+50%%, all its repeats) makes no change: %d", n);
	free(c);

	s = make(20, 3, last_only, 1, 0.5);
	n = detect(&s, &noisy, &c);
	tap_ok(n == 0, "a step in the last run only waits for a second run: %d", n);
	free(c);

	s = make(20, 3, count_flat, 0, 0);
	v[start[10]] = v[start[10] + 1] = v[start[10] + 2] = 16384 * 1.5;
	n = detect(&s, &counts, &c);
	tap_ok(n == 0, "an exact count one run far off (+50%%): no change: %d", n);
	free(c);

	s = make(12, 4, count_flat, 0, 0);
	n = detect(&s, &counts, &c);
	tap_ok(n == 0, "an exact count that never moves: no change: %d", n);
	free(c);

	s = make(3, 3, step10, 1, 0);
	n = detect(&s, &noisy, &c);
	tap_ok(n == 0, "three runs cannot have two on each side of a change: %d", n);
	free(c);
}

int main(void)
{
	tap_plan(16);
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, 14);
	test_energy();
	test_steps();
	test_quiet();
	gsl_rng_free(rng);
	return tap_done();
}
