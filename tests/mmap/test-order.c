// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-mmap's block orders: a random pass visits every block of the
 * thread's region exactly once, regions never overlap, and a seed always
 * gives the same order.
 */
#include <stdlib.h>
#include <string.h>

#include "mmap.h"
#include "../unit/tap.h"

/* Does @o hold every number below @n exactly once? */
static int is_permutation(const uint32_t *o, uint64_t n)
{
	unsigned char *seen = calloc(n ? n : 1, 1);
	uint64_t i;
	int ok = 1;

	for (i = 0; i < n && ok; i++) {
		ok = o[i] < n && !seen[o[i]];
		if (ok)
			seen[o[i]] = 1;
	}
	free(seen);
	return ok;
}

static void test_permutations(void)
{
	static const uint64_t sizes[] = { 1, 2, 3, 7, 64, 1000, 65537 };
	uint64_t seed, i;
	int ok = 1;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		for (seed = 0; seed < 4; seed++) {
			uint32_t *o = mm_order_new(sizes[i], seed);

			ok &= o && is_permutation(o, sizes[i]);
			free(o);
		}
	tap_ok(ok, "random order is a permutation (n = 1 .. 65537, 4 seeds)");
}

static void test_seeds(void)
{
	uint32_t *a = mm_order_new(1000, 42), *b = mm_order_new(1000, 42);
	uint32_t *c = mm_order_new(1000, 43);
	uint64_t i, fixed = 0;

	tap_ok(!memcmp(a, b, 1000 * sizeof(*a)), "the same seed gives the same order");
	tap_ok(memcmp(a, c, 1000 * sizeof(*a)) != 0, "another seed gives another order");
	for (i = 0; i < 1000; i++)
		fixed += a[i] == i;
	tap_ok(fixed < 20, "the order is shuffled (%llu of 1000 blocks in place)",
	       (unsigned long long)fixed);
	free(a);
	free(b);
	free(c);
}

static void test_splitmix(void)
{
	uint64_t s = 0;

	/* The reference value of splitmix64's first output from state 0. */
	tap_ok(mm_splitmix64(&s) == 0xe220a8397b1dcdafull,
	       "splitmix64 matches its reference output");
}

/*
 * Count the visits one pass of every thread makes to each block of a
 * file of @size bytes; every covered block must be visited @want times,
 * and the uncovered tail fewer than one region's worth of blocks.
 */
static int check_layout(uint64_t size, uint64_t block, unsigned int threads,
			bool share, bool random)
{
	uint64_t total = size / block, i, b, covered = 0;
	unsigned int *visits = calloc(total, sizeof(*visits)), t, want;
	struct mm_layout l;
	char why[256];
	int ok = 1;

	if (mm_layout_init(&l, size, block, threads, share, random, 7, why,
			   sizeof(why))) {
		free(visits);
		return 0;
	}
	for (t = 0; t < threads; t++) {
		const struct mm_region *r = &l.region[t];

		ok &= r->offset % block == 0 &&
		      r->offset + r->nblocks * block <= size;
		ok &= !random || (r->order && is_permutation(r->order, r->nblocks));
		for (i = 0; i < r->nblocks && ok; i++) {
			b = r->offset / block + (r->order ? r->order[i] : i);
			visits[b]++;
		}
	}
	want = share ? threads : 1;
	for (b = 0; b < total; b++) {
		ok &= visits[b] == 0 || visits[b] == want;
		covered += visits[b] != 0;
	}
	ok &= total - covered < (share ? 1 : threads);
	ok &= mm_layout_pass_bytes(&l) == covered * block * (share ? threads : 1);
	mm_layout_free(&l);
	free(visits);
	return ok;
}

static void test_layouts(void)
{
	static const unsigned int threads[] = { 1, 2, 3, 4, 7, 8 };
	size_t i;
	int ok_seq = 1, ok_rand = 1, ok_share = 1;

	for (i = 0; i < sizeof(threads) / sizeof(threads[0]); i++) {
		ok_seq &= check_layout(1 << 20, 4096, threads[i], false, false);
		ok_rand &= check_layout(1 << 20, 4096, threads[i], false, true);
		ok_rand &= check_layout(1000 * 64, 64, threads[i], false, true);
		ok_share &= check_layout(1 << 20, 64 << 10, threads[i], true, true);
	}
	tap_ok(ok_seq, "sequential regions are disjoint and cover the file");
	tap_ok(ok_rand, "random passes visit each block of each region exactly once");
	tap_ok(ok_share, "with --share every thread visits every block once per pass");
}

static void test_too_many_threads(void)
{
	struct mm_layout l;
	char why[256] = "";
	int ret = mm_layout_init(&l, 8 * 4096, 4096, 9, false, false, 1, why,
				 sizeof(why));

	tap_ok(ret == -1 && strstr(why, "more threads than the file has regions"),
	       "9 threads for 8 blocks are refused (%s)", why);
	if (!ret)
		mm_layout_free(&l);
}

int main(void)
{
	tap_plan(9);
	test_permutations();
	test_seeds();
	test_splitmix();
	test_layouts();
	test_too_many_threads();
	return tap_done();
}
