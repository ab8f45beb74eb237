// SPDX-License-Identifier: GPL-2.0-only
/*
 * Log-linear latency histogram: bucket arithmetic, merge, percentiles.
 */
#include <math.h>
#include <string.h>

#include "hist.h"

void db_hist_init(struct db_hist *h)
{
	memset(h, 0, sizeof(*h));
	h->min = UINT64_MAX;
}

unsigned int db_hist_index(uint64_t v)
{
	unsigned int msb;

	if (v < DB_HIST_SUB)
		return (unsigned int)v;
	msb = 63 - (unsigned int)__builtin_clzll(v);
	/* 128 linear buckets between 2^msb and 2^(msb+1) */
	return DB_HIST_SUB + (msb - DB_HIST_SUB_BITS) * DB_HIST_SUB +
	       (unsigned int)((v >> (msb - DB_HIST_SUB_BITS)) - DB_HIST_SUB);
}

/* The middle of bucket @idx: halves the worst-case error. */
uint64_t db_hist_value(unsigned int idx)
{
	unsigned int group, sub, shift;
	uint64_t low, width;

	if (idx < DB_HIST_SUB)
		return idx;
	group = (idx - DB_HIST_SUB) / DB_HIST_SUB;
	sub = (idx - DB_HIST_SUB) % DB_HIST_SUB;
	shift = group;
	low = (uint64_t)(DB_HIST_SUB + sub) << shift;
	width = 1ull << shift;
	return low + (width - 1) / 2;
}

void db_hist_merge(struct db_hist *dst, const struct db_hist *src)
{
	double n1 = (double)dst->count, n2 = (double)src->count, delta;
	unsigned int i;

	if (!src->count)
		return;
	for (i = 0; i < DB_HIST_BUCKETS; i++)
		dst->buckets[i] += src->buckets[i];
	/* Chan et al.: combine two (count, mean, M2) triples. */
	delta = src->mean - dst->mean;
	dst->mean += delta * n2 / (n1 + n2);
	dst->m2 += src->m2 + delta * delta * n1 * n2 / (n1 + n2);
	dst->count += src->count;
	if (src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
}

uint64_t db_hist_percentile(const struct db_hist *h, double p)
{
	uint64_t rank, seen = 0, v;
	unsigned int i;

	if (!h->count)
		return 0;
	rank = (uint64_t)ceil(p / 100.0 * (double)h->count);
	if (rank < 1)
		rank = 1;
	if (rank >= h->count)
		return h->max;
	for (i = 0; i < DB_HIST_BUCKETS; i++) {
		seen += h->buckets[i];
		if (seen >= rank)
			break;
	}
	v = db_hist_value(i);
	/* The exact extremes are known: never report beyond them. */
	if (v < h->min)
		v = h->min;
	if (v > h->max)
		v = h->max;
	return v;
}

void db_hist_summarize(const struct db_hist *h, struct db_hist_summary *s)
{
	memset(s, 0, sizeof(*s));
	s->count = h->count;
	if (!h->count)
		return;
	s->min = h->min;
	s->max = h->max;
	s->mean = h->mean;
	s->stddev = h->count > 1 ? sqrt(h->m2 / (double)(h->count - 1)) : 0.0;
	s->p50 = db_hist_percentile(h, 50);
	s->p90 = db_hist_percentile(h, 90);
	s->p99 = db_hist_percentile(h, 99);
	s->p999 = db_hist_percentile(h, 99.9);
	s->p9999 = db_hist_percentile(h, 99.99);
}
