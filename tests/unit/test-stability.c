// SPDX-License-Identifier: GPL-2.0-only
/*
 * The stability verdict on synthetic timings: drift within a repeat and
 * spread across repeats are caught, steady data and a single slow pass
 * are not flagged, counts are never judged, and the median of paired
 * ratios gets an interval that holds it.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "result.h"
#include "stability.h"
#include "tap.h"

#define REPEATS	5
#define SAMPLES	64

/* A fixed generator: the same "noise" on every run of the test. */
static uint64_t rng = 88172645463325252ull;

static double noise(double amplitude)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return amplitude * (2.0 * (double)(rng >> 11) / (double)(1ull << 53) - 1);
}

/* @base ns per pass, rising by @slope of it over the repeat, ±2% noise. */
static void timings(double *x, size_t n, double base, double slope)
{
	size_t i;

	for (i = 0; i < n; i++)
		x[i] = base * (1 + slope * (double)i / (double)n) * (1 + noise(0.02));
}

static double mean(const double *x, size_t n)
{
	double s = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += x[i];
	return s / (double)n;
}

/* Judge REPEATS repeats; repeat @drifting_repeat (or all, -1) drifts by @slope. */
static void judge(struct db_stability *s, int drifting_repeat, double slope)
{
	double x[SAMPLES], values[REPEATS];
	struct db_drift d[REPEATS];
	int i;

	for (i = 0; i < REPEATS; i++) {
		bool drifts = drifting_repeat < 0 || drifting_repeat == i;

		timings(x, SAMPLES, 1000, drifts ? slope : 0);
		db_stab_drift(x, SAMPLES, &d[i]);
		values[i] = mean(x, SAMPLES);
	}
	db_stab_judge(s, values, REPEATS, d, REPEATS);
}

static void test_steady(void)
{
	struct db_stability s;

	judge(&s, -1, 0);
	tap_ok(s.verdict == DB_VERDICT_STABLE, "steady timings (±2%%) are stable (%s)",
	       s.reason);
	tap_ok(s.cv < 0.02, "steady timings: cv %.4f below 2%%", s.cv);
	tap_ok(s.drift_tested == REPEATS && fabs(s.drift.drift) < DB_STAB_DRIFT_MAX,
	       "steady timings: every repeat tested, largest drift %.3f small",
	       s.drift.drift);
}

static void test_drift(void)
{
	struct db_stability s;

	judge(&s, -1, 0.5);
	tap_ok(s.verdict == DB_VERDICT_NOISY, "timings rising 50%% per repeat are noisy");
	tap_ok(s.drift.drift > 0.2 && s.drift.p < DB_STAB_ALPHA,
	       "drift caught: %+.3f, p=%.2g", s.drift.drift, s.drift.p);
	tap_ok(s.reason[0] && strstr(s.reason, "drifted"), "the reason names the drift: %s",
	       s.reason);
	/* The spread across repeats stays small: drift alone decides. */
	tap_ok(s.cv < DB_STAB_CV_MAX, "drift is caught although cv %.3f is small", s.cv);

	judge(&s, 3, 0.5);
	tap_ok(s.verdict == DB_VERDICT_NOISY && s.drift_repeat == 3,
	       "drift in one repeat is caught and located (repeat %d)", s.drift_repeat + 1);

	judge(&s, -1, -0.4);
	tap_ok(s.verdict == DB_VERDICT_NOISY && s.drift.drift < -0.2,
	       "falling timings are caught too (%+.3f)", s.drift.drift);
}

/* One pass slowed tenfold is an outlier, not a drift of the repeat. */
static void test_outlier(void)
{
	double x[SAMPLES];
	struct db_drift d;

	timings(x, SAMPLES, 1000, 0);
	x[SAMPLES - 3] *= 10;
	db_stab_drift(x, SAMPLES, &d);
	tap_ok(d.n == SAMPLES && (fabs(d.drift) <= DB_STAB_DRIFT_MAX || d.p >= DB_STAB_ALPHA),
	       "one slow pass is not drift (drift %+.3f, p=%.2g)", d.drift, d.p);
}

static void test_spread(void)
{
	const double values[] = { 1000, 1300, 700, 1250, 800 };
	const double steady[] = { 1000, 1010, 995, 1003, 998 };
	struct db_stability s;

	db_stab_judge(&s, values, 5, NULL, 0);
	tap_ok(s.verdict == DB_VERDICT_NOISY && s.cv > 0.2,
	       "repeats spread ±30%% are noisy by cv %.3f", s.cv);
	db_stab_judge(&s, steady, 5, NULL, 0);
	tap_ok(s.verdict == DB_VERDICT_STABLE, "repeats within 1%% are stable (cv %.4f)", s.cv);
	db_stab_judge(&s, values, 2, NULL, 0);
	tap_ok(s.verdict == DB_VERDICT_UNKNOWN && isnan(s.cv),
	       "two repeats without samples are not judged: %s", s.reason);
}

static void test_few_samples(void)
{
	double x[2 * DB_STAB_MIN_HALF - 1];
	struct db_drift d;

	timings(x, sizeof(x) / sizeof(x[0]), 1000, 1);
	tap_ok(db_stab_drift(x, sizeof(x) / sizeof(x[0]), &d) < 0 && d.n == 0,
	       "fewer than %d samples a half: no drift test", DB_STAB_MIN_HALF);
}

static void test_units(void)
{
	tap_ok(db_stab_is_timed("ns", "lower") && db_stab_is_timed("GB/s", "higher") &&
	       db_stab_is_timed("ratio", "higher") && db_stab_is_timed("ops/s", "higher"),
	       "times, rates and ratios are judged");
	tap_ok(!db_stab_is_timed("count", "neither") && !db_stab_is_timed("count", "lower") &&
	       !db_stab_is_timed("bytes", "neither") && !db_stab_is_timed("ratio", "neither") &&
	       !db_stab_is_timed("faults/page", "neither"),
	       "counts, sizes and states are never judged");
}

static void test_median_ci(void)
{
	double x[101];
	struct db_median_ci ci;
	size_t i;

	for (i = 0; i < 101; i++)
		x[i] = (double)((i * 37) % 101);	/* 0..100, shuffled */
	db_median_ci(x, 101, 0.95, &ci);
	tap_ok(ci.median == 50 && ci.lo < 50 && ci.hi > 50 && ci.lo >= 39 && ci.hi <= 61,
	       "median 50 of 0..100 with 95%% interval [%g, %g]", ci.lo, ci.hi);
	db_median_ci(x, 5, 0.95, &ci);
	tap_ok(isfinite(ci.median) && isnan(ci.lo) && isnan(ci.hi),
	       "5 pairs: a median but no 95%% interval (1 - 2/32 < 0.95)");
}

static struct json_object *field(struct json_object *o, const char *a, const char *b,
				 const char *c)
{
	if (!json_object_object_get_ex(o, a, &o) || !json_object_object_get_ex(o, b, &o))
		return NULL;
	if (c && !json_object_object_get_ex(o, c, &o))
		return NULL;
	return o;
}

/* Through the result writer: where the verdict lands in the JSON. */
static void test_result(void)
{
	char *argv[] = { "daxbench-test" };
	struct db_result *r = db_result_new("unit", 1, argv);
	struct json_object *root, *v;
	double x[SAMPLES];
	int i;

	for (i = 0; i < REPEATS; i++) {
		timings(x, SAMPLES, 1000, i == 2 ? 0.6 : 0);
		db_result_add(r, "ns_per_pass", "ns", DB_LOWER_IS_BETTER, mean(x, SAMPLES));
		db_result_add_samples(r, "ns_per_pass", x, SAMPLES);
		/* A count wildly different on every repeat: still not judged. */
		db_result_add(r, "faults", "count", DB_NEITHER, 10.0 * (i + 1) * (i + 1));
		timings(x, SAMPLES, 0.9, 0);
		db_result_add_paired(r, "ratio_to_anon", "ratio", DB_HIGHER_IS_BETTER,
				     x, SAMPLES);
	}
	root = db_result_json(r);
	v = field(root, "metrics", "ns_per_pass", "stability");
	tap_ok(v && !strcmp(json_object_get_string(json_object_object_get(v, "verdict")),
			    "noisy") &&
	       json_object_get_int(json_object_object_get(v, "drift_repeat")) == 3,
	       "result: the drifting repeat 3 makes ns_per_pass noisy");
	tap_ok(!field(root, "metrics", "faults", "stability"),
	       "result: a count carries no stability verdict");
	v = field(root, "metrics", "ratio_to_anon", "stability");
	tap_ok(v && !strcmp(json_object_get_string(json_object_object_get(v, "verdict")),
			    "stable"), "result: the steady paired ratio is stable");
	v = field(root, "metrics", "ratio_to_anon", "paired");
	tap_ok(v && json_object_get_int(json_object_object_get(v, "pairs")) == REPEATS * SAMPLES &&
	       json_object_get_double(json_object_object_get(v, "ci_low")) <=
	       json_object_get_double(json_object_object_get(v, "median")) &&
	       json_object_get_double(json_object_object_get(v, "median")) <=
	       json_object_get_double(json_object_object_get(v, "ci_high")) &&
	       fabs(json_object_get_double(json_object_object_get(v, "median")) - 0.9) < 0.01,
	       "result: paired ratio summarised by median 0.9 of %d pairs within its interval",
	       REPEATS * SAMPLES);
	db_result_free(r);
}

int main(void)
{
	tap_plan(22);
	test_steady();
	test_drift();
	test_outlier();
	test_spread();
	test_few_samples();
	test_units();
	test_median_ci();
	test_result();
	return tap_done();
}
