// SPDX-License-Identifier: GPL-2.0-only
/*
 * The --verify data pattern.  Byte o of the file, in generation g, is
 * byte (o % 8) of word(o / 8, g): a hash of the seed, the generation and
 * the word's index.  Being a function of the absolute offset, it checks
 * any block size and any offset, and a block read from the wrong place
 * or a write that landed elsewhere shows up as a mismatch.
 */
#include <string.h>

#include "ops.h"

static uint64_t pattern_word(uint64_t seed, unsigned int gen, uint64_t idx)
{
	return lat_mix64(seed * 0xd1b54a32d192ed03ull +
			 (gen + 1) * 0x8cb92ba72f3d8dd7ull + idx);
}

void lat_pattern_fill(char *buf, uint64_t off, size_t len, uint64_t seed,
		      unsigned int gen)
{
	size_t i = 0;

	while (i < len) {
		uint64_t o = off + i, w = pattern_word(seed, gen, o >> 3);
		unsigned int b;

		for (b = o & 7; b < 8 && i < len; b++)
			buf[i++] = (char)(w >> (8 * b));
	}
}

/* Bytes [b0, b1) of a word, packed the way pattern_word() lays them out. */
static uint64_t load_bytes(const char *p, unsigned int b0, unsigned int b1,
			   uint64_t *mask)
{
	uint64_t v = 0;
	unsigned int b;

	*mask = 0;
	for (b = b0; b < b1; b++) {
		v |= (uint64_t)(unsigned char)*p++ << (8 * b);
		*mask |= 0xffull << (8 * b);
	}
	return v;
}

uint64_t lat_pattern_check(const char *buf, uint64_t off, size_t len,
			   uint64_t seed, uint64_t *gen1)
{
	uint64_t bad = 0;
	size_t i = 0;

	while (i < len) {
		uint64_t o = off + i, idx = o >> 3, mask, v;
		unsigned int b0 = o & 7, b1 = 8;

		if (len - i < 8 - b0)
			b1 = b0 + (unsigned int)(len - i);
		v = load_bytes(buf + i, b0, b1, &mask);
		if (v == (pattern_word(seed, LAT_GEN_WRITE, idx) & mask))
			*gen1 += b1 - b0;
		else if (v != (pattern_word(seed, LAT_GEN_PREFILL, idx) & mask))
			bad += b1 - b0;
		i += b1 - b0;
	}
	return bad;
}
