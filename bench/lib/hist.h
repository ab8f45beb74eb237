/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_HIST_H
#define DB_HIST_H

#include <stdint.h>

/*
 * A latency histogram of fixed size with log-linear buckets: values below
 * 128 are exact; above, each power of two is split into 128 equal
 * buckets, so any reported percentile is within 1/256 (0.4%) of a value
 * that was recorded.  It never allocates after db_hist_init(), so a run of
 * 10^9 operations costs the same memory as a run of ten, and histograms
 * of several threads merge by adding their buckets.
 */
#define DB_HIST_SUB_BITS	7
#define DB_HIST_SUB		(1u << DB_HIST_SUB_BITS)
#define DB_HIST_BUCKETS		(DB_HIST_SUB + (64 - DB_HIST_SUB_BITS) * DB_HIST_SUB)

struct db_hist {
	uint64_t count;
	uint64_t min;
	uint64_t max;
	double mean;		/* running mean and sum of squared */
	double m2;		/* deviations (Welford), mergeable */
	uint64_t buckets[DB_HIST_BUCKETS];
};

struct db_hist_summary {
	uint64_t count;
	uint64_t min, max;
	double mean, stddev;
	uint64_t p50, p90, p99, p999, p9999;
};

void db_hist_init(struct db_hist *h);
void db_hist_merge(struct db_hist *dst, const struct db_hist *src);
/* The value at percentile @p (0 < p <= 100), nearest-rank definition. */
uint64_t db_hist_percentile(const struct db_hist *h, double p);
void db_hist_summarize(const struct db_hist *h, struct db_hist_summary *s);

/* Exposed for the tests: the bucket of @v and a bucket's representative. */
unsigned int db_hist_index(uint64_t v);
uint64_t db_hist_value(unsigned int idx);

static inline void db_hist_add(struct db_hist *h, uint64_t v)
{
	double delta;

	h->buckets[db_hist_index(v)]++;
	h->count++;
	if (v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
	delta = (double)v - h->mean;
	h->mean += delta / (double)h->count;
	h->m2 += delta * ((double)v - h->mean);
}

#endif
