// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-mmap: which blocks each thread visits, and in which order.
 *
 * Sequential order is block 0, 1, 2, ... of the thread's region.  Random
 * order is a permutation of the region's blocks, so one pass touches every
 * block exactly once: the bytes moved are the same as in a sequential
 * pass and only the order differs.  Each thread draws its own permutation
 * from the seed and its number, once per run; the file and the roofline
 * memories are visited in the very same orders.
 */
#include <stdio.h>
#include <stdlib.h>

#include "mmap.h"

uint64_t mm_splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* A uniform integer in [0, n): Lemire's multiply-shift. */
static uint64_t below(uint64_t *state, uint64_t n)
{
	return (uint64_t)(((unsigned __int128)mm_splitmix64(state) * n) >> 64);
}

uint32_t *mm_order_new(uint64_t n, uint64_t seed)
{
	uint32_t *o = malloc((n ? n : 1) * sizeof(*o));
	uint64_t i, j, state = seed;
	uint32_t tmp;

	if (!o)
		return NULL;
	for (i = 0; i < n; i++)
		o[i] = (uint32_t)i;
	for (i = n; i > 1; i--) {
		j = below(&state, i);
		tmp = o[i - 1];
		o[i - 1] = o[j];
		o[j] = tmp;
	}
	return o;
}

void mm_tags_init(struct mm_tags *t, uint64_t seed)
{
	uint64_t s = seed ^ 0x6461786d6d6170ull;	/* "daxmmap" */

	t->prep = mm_splitmix64(&s);
	t->write = mm_splitmix64(&s);
	t->copy = mm_splitmix64(&s);
}

int mm_layout_init(struct mm_layout *l, uint64_t size, uint64_t block,
		   unsigned int threads, bool share, bool random, uint64_t seed,
		   char *why, size_t whylen)
{
	uint64_t total = size / block, per;
	unsigned int i;

	l->block = block;
	l->threads = threads;
	l->share = share;
	per = share ? total : total / threads;
	if (per == 0) {
		snprintf(why, whylen,
			 "more threads than the file has regions: %llu blocks for %u threads",
			 (unsigned long long)total, threads);
		return -1;
	}
	if (per > UINT32_MAX) {
		snprintf(why, whylen, "%llu blocks per region: at most %u",
			 (unsigned long long)per, UINT32_MAX);
		return -1;
	}
	l->region = calloc(threads, sizeof(*l->region));
	if (!l->region)
		goto oom;
	for (i = 0; i < threads; i++) {
		struct mm_region *r = &l->region[i];

		r->offset = share ? 0 : (uint64_t)i * per * block;
		r->nblocks = per;
		if (!random)
			continue;
		r->order = mm_order_new(per, seed * 0x100000001b3ull + i);
		if (!r->order)
			goto oom;
	}
	return 0;
oom:
	mm_layout_free(l);
	snprintf(why, whylen, "out of memory for %u regions", threads);
	return -1;
}

void mm_layout_free(struct mm_layout *l)
{
	unsigned int i;

	if (!l->region)
		return;
	for (i = 0; i < l->threads; i++)
		free(l->region[i].order);
	free(l->region);
	l->region = NULL;
}

uint64_t mm_layout_pass_bytes(const struct mm_layout *l)
{
	uint64_t sum = 0;
	unsigned int i;

	for (i = 0; i < l->threads; i++)
		sum += l->region[i].nblocks * l->block;
	return sum;
}
