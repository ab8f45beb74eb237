// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-mmap: what the slices of a repeat measured, memory by memory,
 * and the paired ratios taken from them.
 *
 * The file and the roofline memories take turns, a short slice each
 * (A B A B ...).  A slow moment of a shared machine then falls on both
 * sides of one pair, so the ratio of each pair holds even when the
 * absolute rates swing tenfold; the median of the pairs ignores the few
 * pairs a switch of tenant split in two (docs/mmap.md).
 */
#include <math.h>
#include <stdlib.h>

#include "run.h"

double mm_gbps(const struct mm_tally *t, unsigned int threads)
{
	(void)threads;
	return t->wall_ns ? (double)t->bytes / (double)t->wall_ns : NAN;
}

double mm_ns_per_block(const struct mm_tally *t, unsigned int threads)
{
	(void)threads;
	return t->blocks ? (double)t->busy_ns / (double)t->blocks : NAN;
}

double mm_on_cpu(const struct mm_tally *t)
{
	return t->busy_ns ? (double)t->cpu_ns / (double)t->busy_ns : NAN;
}

/*
 * The rate while on a CPU: the bytes over the threads' CPU time (per
 * thread, as the threads run side by side).  A thread that is not
 * running moves no bytes, so this is what the memory path delivers when
 * it gets the CPU, whatever else the machine (or its host) runs.
 */
double mm_gbps_on_cpu(const struct mm_tally *t, unsigned int threads)
{
	return t->cpu_ns ? (double)t->bytes * threads / (double)t->cpu_ns : NAN;
}

void mm_tally_add(struct mm_tally *t, const struct mm_tally *s)
{
	t->wall_ns += s->wall_ns;
	t->busy_ns += s->busy_ns;
	t->cpu_ns += s->cpu_ns;
	t->blocks += s->blocks;
	t->bytes += s->bytes;
	t->passes += s->passes;
	t->minflt += s->minflt;
	t->majflt += s->majflt;
}

int mm_series_push(struct mm_series *s, const struct mm_tally *t)
{
	struct mm_tally *p;

	if (s->n == s->cap) {
		p = realloc(s->slice, (s->cap ? 2 * s->cap : 64) * sizeof(*p));
		if (!p)
			return -1;
		s->slice = p;
		s->cap = s->cap ? 2 * s->cap : 64;
	}
	s->slice[s->n++] = *t;
	return 0;
}

void mm_series_free(struct mm_series *s)
{
	free(s->slice);
	*s = (struct mm_series){ 0 };
}

/* The fastest slice's rate: the least disturbed, as throughput tools take. */
double mm_series_best(const struct mm_series *s, mm_rate_fn rate,
		      unsigned int threads)
{
	double best = NAN, v;
	size_t i;

	for (i = 0; i < s->n; i++) {
		v = rate(&s->slice[i], threads);
		if (isfinite(v) && !(v <= best))
			best = v;
	}
	return best;
}

/* Every slice's @rate into @out (s->n entries). */
void mm_series_rates(const struct mm_series *s, mm_rate_fn rate,
		     unsigned int threads, double *out)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		out[i] = rate(&s->slice[i], threads);
}

/* rate(a[i]) / rate(b[i]) for each pair into @out; returns the pairs. */
size_t mm_series_ratios(const struct mm_series *a, const struct mm_series *b,
			mm_rate_fn rate, unsigned int threads, double *out)
{
	size_t i, n = a->n < b->n ? a->n : b->n;

	for (i = 0; i < n; i++)
		out[i] = rate(&a->slice[i], threads) / rate(&b->slice[i], threads);
	return n;
}
