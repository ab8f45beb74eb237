// SPDX-License-Identifier: GPL-2.0-only
/*
 * The histogram must report every percentile within 1% of the exact
 * value taken from the sorted samples, for shapes that latency data
 * really has: flat, long-tailed and bimodal.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hist.h"
#include "tap.h"

#define NSAMPLES 200000

static const double percentiles[] = { 1, 10, 25, 50, 75, 90, 99, 99.9, 99.99, 100 };
#define NPCT (sizeof(percentiles) / sizeof(percentiles[0]))

/* A fixed-seed generator: the test must be the same on every run. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static double uniform01(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (double)(rng_state >> 11) / 9007199254740992.0;
}

static uint64_t gen_uniform(void)
{
	return 100 + (uint64_t)(uniform01() * 1000000);
}

static uint64_t gen_exponential(void)
{
	return 50 + (uint64_t)(-log(1.0 - uniform01()) * 3000);
}

/* Fast DAX hits around 300 ns and slow page-cache misses around 80 us. */
static uint64_t gen_bimodal(void)
{
	if (uniform01() < 0.7)
		return 250 + (uint64_t)(uniform01() * 100);
	return 70000 + (uint64_t)(uniform01() * 20000);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Nearest rank, as db_hist_percentile() defines it. */
static uint64_t exact_percentile(const uint64_t *sorted, size_t n, double p)
{
	size_t rank = (size_t)ceil(p / 100.0 * (double)n);

	if (rank < 1)
		rank = 1;
	return sorted[rank - 1];
}

static void check_shape(const char *name, uint64_t (*gen)(void),
			uint64_t *samples, struct db_hist *h)
{
	double sum = 0, worst = 0, err, sq = 0, mean;
	size_t i;

	db_hist_init(h);
	for (i = 0; i < NSAMPLES; i++) {
		samples[i] = gen();
		db_hist_add(h, samples[i]);
		sum += (double)samples[i];
	}
	qsort(samples, NSAMPLES, sizeof(*samples), cmp_u64);
	for (i = 0; i < NPCT; i++) {
		uint64_t want = exact_percentile(samples, NSAMPLES, percentiles[i]);
		uint64_t got = db_hist_percentile(h, percentiles[i]);

		err = fabs((double)got - (double)want) / (double)want;
		if (err > worst)
			worst = err;
		tap_ok(err <= 0.01, "%s p%g: histogram %llu, exact %llu (error %.3f%%)",
		       name, percentiles[i], (unsigned long long)got,
		       (unsigned long long)want, 100 * err);
	}
	mean = sum / NSAMPLES;
	for (i = 0; i < NSAMPLES; i++)
		sq += ((double)samples[i] - mean) * ((double)samples[i] - mean);
	tap_ok(fabs(h->mean - mean) / mean < 1e-9, "%s mean is exact", name);
	tap_ok(h->min == samples[0] && h->max == samples[NSAMPLES - 1],
	       "%s min and max are exact", name);
	tap_diag("%s: worst percentile error %.3f%%, stddev %.1f", name,
		 100 * worst, sqrt(sq / (NSAMPLES - 1)));
}

/* Two threads' histograms merged must equal one histogram of both. */
static void check_merge(struct db_hist *a, struct db_hist *b, struct db_hist *all)
{
	struct db_hist_summary sa, sall;
	uint64_t v;
	int i;

	db_hist_init(a);
	db_hist_init(b);
	db_hist_init(all);
	for (i = 0; i < 50000; i++) {
		v = gen_exponential();
		db_hist_add(i % 3 ? a : b, v);
		db_hist_add(all, v);
	}
	db_hist_merge(a, b);
	db_hist_summarize(a, &sa);
	db_hist_summarize(all, &sall);
	tap_ok(!memcmp(a->buckets, all->buckets, sizeof(a->buckets)) &&
	       sa.count == sall.count && sa.p99 == sall.p99 &&
	       sa.min == sall.min && sa.max == sall.max,
	       "merged histograms equal one histogram of all samples");
	tap_ok(fabs(sa.mean - sall.mean) < 1e-6 * sall.mean &&
	       fabs(sa.stddev - sall.stddev) < 1e-6 * sall.stddev,
	       "merged mean and stddev match (%.3f/%.3f)", sa.stddev, sall.stddev);
}

/* Every bucket's representative value must map back to that bucket. */
static void check_buckets(void)
{
	unsigned int i, bad = 0;

	for (i = 0; i < DB_HIST_BUCKETS; i++)
		if (db_hist_index(db_hist_value(i)) != i)
			bad++;
	tap_ok(bad == 0, "all %u bucket values map back to their bucket", DB_HIST_BUCKETS);
	tap_ok(db_hist_index(UINT64_MAX) == DB_HIST_BUCKETS - 1,
	       "the largest value fits in the last bucket");
}

static void check_empty(struct db_hist *h)
{
	struct db_hist_summary s;

	db_hist_init(h);
	db_hist_summarize(h, &s);
	tap_ok(s.count == 0 && s.p50 == 0 && s.max == 0,
	       "an empty histogram summarizes to zeros");
}

int main(void)
{
	uint64_t *samples = malloc(NSAMPLES * sizeof(*samples));
	struct db_hist *h = malloc(3 * sizeof(*h));

	if (!samples || !h)
		return 99;
	tap_plan(3 * ((int)NPCT + 2) + 5);
	check_shape("uniform", gen_uniform, samples, h);
	check_shape("exponential", gen_exponential, samples, h);
	check_shape("bimodal", gen_bimodal, samples, h);
	check_merge(&h[0], &h[1], &h[2]);
	check_buckets();
	check_empty(h);
	free(samples);
	free(h);
	return tap_done();
}
