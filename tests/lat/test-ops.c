// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of daxbench-lat's operation generator and --verify pattern:
 * the pattern must catch a wrong byte, a block read from the wrong offset
 * and a stale seed, or --verify proves nothing.
 */
#include <math.h>
#include <string.h>

#include "ops.h"
#include "../unit/tap.h"

#define SEED 12345

static char a[8192], b[8192];

static void test_pattern(void)
{
	static const struct { uint64_t off; size_t len; } cases[] = {
		{ 0, 4096 }, { 4096, 512 }, { 1000, 1000 }, { 3, 5 }, { 7, 1 },
		{ 1ull << 40, 4096 }, { 513, 8000 },
	};
	uint64_t gen1, bad;
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint64_t off = cases[i].off;
		size_t len = cases[i].len;

		gen1 = 0;
		lat_pattern_fill(a, off, len, SEED, LAT_GEN_PREFILL);
		bad = lat_pattern_check(a, off, len, SEED, &gen1);
		tap_ok(bad == 0 && gen1 == 0,
		       "prefill pattern at %llu+%zu checks clean (bad %llu, gen1 %llu)",
		       (unsigned long long)off, len, (unsigned long long)bad,
		       (unsigned long long)gen1);
		lat_pattern_fill(a, off, len, SEED, LAT_GEN_WRITE);
		bad = lat_pattern_check(a, off, len, SEED, &gen1);
		tap_ok(bad == 0 && gen1 == len,
		       "write pattern at %llu+%zu: every byte counted as written",
		       (unsigned long long)off, len);
	}

	lat_pattern_fill(a, 4096, 4096, SEED, LAT_GEN_WRITE);
	a[100] ^= 1;
	gen1 = 0;
	bad = lat_pattern_check(a, 4096, 4096, SEED, &gen1);
	tap_ok(bad >= 1 && bad <= 8 && gen1 == 4096 - bad,
	       "one flipped bit is caught (%llu bad bytes: its 8-byte word)",
	       (unsigned long long)bad);

	lat_pattern_fill(a, 8192, 4096, SEED, LAT_GEN_WRITE);
	gen1 = 0;
	bad = lat_pattern_check(a, 0, 4096, SEED, &gen1);
	tap_ok(bad == 4096, "a block read from the wrong offset is all bad");

	lat_pattern_fill(a, 0, 4096, SEED + 1, LAT_GEN_WRITE);
	bad = lat_pattern_check(a, 0, 4096, SEED, &gen1);
	tap_ok(bad == 4096, "a block of another seed is all bad");

	memset(a, 0, 4096);
	bad = lat_pattern_check(a, 0, 4096, SEED, &gen1);
	tap_ok(bad == 4096, "zeros (a hole, a lost write) are all bad");

	/* a fill in two pieces equals a fill in one: offsets are absolute */
	lat_pattern_fill(a, 1000, 3000, SEED, LAT_GEN_WRITE);
	lat_pattern_fill(b, 1000, 1234, SEED, LAT_GEN_WRITE);
	lat_pattern_fill(b + 1234, 2234, 3000 - 1234, SEED, LAT_GEN_WRITE);
	tap_ok(!memcmp(a, b, 3000), "the pattern depends on the offset only");
}

static void gen_init(struct lat_gen *g, uint64_t nblocks, uint64_t bs)
{
	memset(g, 0, sizeof(*g));
	g->rng = SEED;
	g->bs = bs;
	g->nblocks = nblocks;
	g->last_off = (nblocks - 1) * bs;
	g->writes_left = UINT64_MAX;
}

static void test_generator(void)
{
	struct lat_gen g;
	uint64_t off, hits[16] = { 0 }, reads = 0, i, n = 100000;
	bool aligned = true, all = true;
	double sd;

	gen_init(&g, 16, 4096);
	for (i = 0; i < 1600; i++) {
		lat_next(&g, LAT_PAT_RANDREAD, &off);
		if (off % 4096 || off / 4096 >= 16)
			aligned = false;
		else
			hits[off / 4096]++;
	}
	for (i = 0; i < 16; i++)
		all = all && hits[i] > 50;
	tap_ok(aligned, "random offsets are whole blocks inside the file");
	tap_ok(all, "1600 random offsets hit each of 16 blocks more than 50 times");

	gen_init(&g, 3, 512);
	for (i = 0; i < 4; i++)
		lat_next(&g, LAT_PAT_READ, &off);
	tap_ok(off == 0, "a sequential read wraps to 0 after the last block");

	gen_init(&g, 1000, 4096);
	g.mix = 70;
	for (i = 0; i < n; i++)
		reads += lat_next(&g, LAT_PAT_MIX, &off) == LAT_READ;
	sd = sqrt((double)n * 0.7 * 0.3);
	tap_ok(fabs((double)reads - 0.7 * (double)n) < 4 * sd,
	       "mix 70: %llu reads of %llu (4 sd = %.0f)",
	       (unsigned long long)reads, (unsigned long long)n, 4 * sd);
	g.mix = 0;
	for (reads = 0, i = 0; i < 1000; i++)
		reads += lat_next(&g, LAT_PAT_MIX, &off) == LAT_READ;
	tap_ok(reads == 0, "mix 0: only writes");
	g.mix = 100;
	for (reads = 0, i = 0; i < 1000; i++)
		reads += lat_next(&g, LAT_PAT_MIX, &off) == LAT_READ;
	tap_ok(reads == 1000, "mix 100: only reads");

	gen_init(&g, 10, 4096);
	g.sync_every = g.writes_left = 4;
	for (reads = 0, i = 0; i < 100; i++)
		reads += lat_sync_due(&g);
	tap_ok(reads == 25, "a sync every 4 writes: 25 in 100");
}

int main(void)
{
	tap_plan(26);
	test_pattern();
	test_generator();
	return tap_done();
}
