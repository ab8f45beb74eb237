/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_LAT_OPS_H
#define DB_LAT_OPS_H

/*
 * What the measured loops do between two operations: read the clock,
 * pick the next operation and its offset.  All inline, all specialised by
 * the loops on constant arguments (pattern, clock source), so that a
 * sequential read loop contains no test for "is this a mix?" and a
 * CLOCK_MONOTONIC loop no test for "is this the TSC?".
 */
#include <stdbool.h>
#include <stdint.h>

#include "lat.h"
#include "timing.h"

#define LAT_ALWAYS_INLINE	inline __attribute__((always_inline))

static LAT_ALWAYS_INLINE uint64_t lat_now(const struct db_clock *c,
					  const bool tsc)
{
	if (tsc)
		return c->ns_base +
		       (uint64_t)((double)(db_rdtsc() - c->tsc_base) * c->tsc_ns_per_tick);
	return db_monotonic_ns();
}

/* splitmix64 (Steele, Lea, Flood 2014): one add, two multiplies. */
static inline uint64_t lat_mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static inline uint64_t lat_rand(struct lat_gen *g)
{
	g->rng += 0x9e3779b97f4a7c15ull;
	return lat_mix64(g->rng);
}

/* Uniform in [0, n) without a division (Lemire's multiply-shift). */
static inline uint64_t lat_rand_below(struct lat_gen *g, uint64_t n)
{
	return (uint64_t)(((unsigned __int128)lat_rand(g) * n) >> 64);
}

/* The next data operation of pattern @pat: its kind, and *off. */
static LAT_ALWAYS_INLINE enum lat_kind lat_next(struct lat_gen *g,
						const enum lat_pattern pat,
						uint64_t *off)
{
	switch (pat) {
	case LAT_PAT_READ:
	case LAT_PAT_OVERWRITE:
		*off = g->next_off;
		g->next_off = *off == g->last_off ? 0 : *off + g->bs;
		return pat == LAT_PAT_READ ? LAT_READ : LAT_WRITE;
	case LAT_PAT_APPEND:
		*off = g->next_off;
		g->next_off += g->bs;
		return LAT_WRITE;
	case LAT_PAT_RANDREAD:
		*off = lat_rand_below(g, g->nblocks) * g->bs;
		return LAT_READ;
	case LAT_PAT_RANDWRITE:
		*off = lat_rand_below(g, g->nblocks) * g->bs;
		return LAT_WRITE;
	case LAT_PAT_MIX:
	default: {
		enum lat_kind k = lat_rand_below(g, 100) < g->mix ?
				  LAT_READ : LAT_WRITE;

		*off = lat_rand_below(g, g->nblocks) * g->bs;
		return k;
	}
	}
}

/*
 * After a write: is a sync due?  Without a sync mode writes_left starts
 * at UINT64_MAX and never reaches zero, so the loop needs no test of the
 * option itself.
 */
static inline bool lat_sync_due(struct lat_gen *g)
{
	if (--g->writes_left)
		return false;
	g->writes_left = g->sync_every;
	return true;
}

/* True for the patterns that write (where a sync can be due). */
static inline bool lat_pattern_writes(enum lat_pattern pat)
{
	return pat != LAT_PAT_READ && pat != LAT_PAT_RANDREAD;
}

/*
 * --verify: every byte of the file has a value derived from its offset,
 * the seed and a generation: 0 for the prefill, 1 for what the measured
 * writes wrote.  A read checks that each byte holds one of the two; the
 * final pass over the file also counts the bytes of generation 1.
 */
#define LAT_GEN_PREFILL	0
#define LAT_GEN_WRITE	1

void lat_pattern_fill(char *buf, uint64_t off, size_t len, uint64_t seed,
		      unsigned int gen);
/* Bytes matching neither generation; *gen1 += bytes of generation 1. */
uint64_t lat_pattern_check(const char *buf, uint64_t off, size_t len,
			   uint64_t seed, uint64_t *gen1);

#endif
