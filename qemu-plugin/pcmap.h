/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_PCMAP_H
#define DB_PCMAP_H

#include <stddef.h>
#include <stdint.h>

/*
 * One execution counter per guest kernel instruction address.  The
 * translated code adds to a counter through its address, so counters
 * never move: they live in fixed-size chunks, and only the hash index
 * that finds them grows.
 */
struct pcmap {
	uint64_t *keys;		/* open addressing; 0 is "empty" */
	uint32_t *index;	/* slot number of keys[i] */
	size_t cap;		/* of keys and index, a power of two */
	uint64_t *pcs;		/* address of each slot */
	uint64_t **chunks;	/* counters, PCMAP_CHUNK per chunk */
	size_t nchunks;
	size_t n;		/* slots in use */
};

#define PCMAP_CHUNK	65536

int pcmap_init(struct pcmap *m);
void pcmap_free(struct pcmap *m);
/* The counter of @pc, made if new; NULL when out of memory. */
uint64_t *pcmap_slot(struct pcmap *m, uint64_t pc);

static inline uint64_t pcmap_count(const struct pcmap *m, size_t slot)
{
	return m->chunks[slot / PCMAP_CHUNK][slot % PCMAP_CHUNK];
}

/* Copy every counter into @dst (m->n of them). */
void pcmap_snapshot(const struct pcmap *m, uint64_t *dst);

#endif
