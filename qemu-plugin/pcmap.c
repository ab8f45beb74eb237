// SPDX-License-Identifier: GPL-2.0-only
/*
 * The kernel-address counter table of the instruction-count plugin.
 * Only the translation callback adds slots (under the plugin's lock);
 * the generated code only adds to counters.
 */
#include <stdlib.h>
#include <string.h>

#include "pcmap.h"

static size_t hash(uint64_t pc, size_t cap)
{
	/* Fibonacci hashing: instruction addresses are dense. */
	return (size_t)((pc * 0x9e3779b97f4a7c15ull) >> 20) & (cap - 1);
}

int pcmap_init(struct pcmap *m)
{
	memset(m, 0, sizeof(*m));
	m->cap = 1u << 16;
	m->keys = calloc(m->cap, sizeof(*m->keys));
	m->index = calloc(m->cap, sizeof(*m->index));
	if (!m->keys || !m->index) {
		pcmap_free(m);
		return -1;
	}
	return 0;
}

void pcmap_free(struct pcmap *m)
{
	size_t i;

	for (i = 0; i < m->nchunks; i++)
		free(m->chunks[i]);
	free(m->chunks);
	free(m->keys);
	free(m->index);
	free(m->pcs);
	memset(m, 0, sizeof(*m));
}

static void insert(uint64_t *keys, uint32_t *index, size_t cap,
		   uint64_t pc, uint32_t slot)
{
	size_t i = hash(pc, cap);

	while (keys[i])
		i = (i + 1) & (cap - 1);
	keys[i] = pc;
	index[i] = slot;
}

static int grow_index(struct pcmap *m)
{
	size_t cap = m->cap * 2, i;
	uint64_t *keys = calloc(cap, sizeof(*keys));
	uint32_t *index = calloc(cap, sizeof(*index));

	if (!keys || !index) {
		free(keys);
		free(index);
		return -1;
	}
	for (i = 0; i < m->cap; i++)
		if (m->keys[i])
			insert(keys, index, cap, m->keys[i], m->index[i]);
	free(m->keys);
	free(m->index);
	m->keys = keys;
	m->index = index;
	m->cap = cap;
	return 0;
}

/* Room for slot number m->n: a new chunk of counters, a longer pcs. */
static int grow_slots(struct pcmap *m)
{
	uint64_t **chunks;
	uint64_t *pcs;

	if (m->n % PCMAP_CHUNK)
		return 0;
	chunks = realloc(m->chunks, (m->nchunks + 1) * sizeof(*chunks));
	if (!chunks)
		return -1;
	m->chunks = chunks;
	m->chunks[m->nchunks] = calloc(PCMAP_CHUNK, sizeof(uint64_t));
	if (!m->chunks[m->nchunks])
		return -1;
	pcs = realloc(m->pcs, (m->n + PCMAP_CHUNK) * sizeof(*pcs));
	if (!pcs) {
		free(m->chunks[m->nchunks]);
		return -1;
	}
	m->pcs = pcs;
	m->nchunks++;
	return 0;
}

uint64_t *pcmap_slot(struct pcmap *m, uint64_t pc)
{
	size_t i = hash(pc, m->cap);
	size_t slot;

	while (m->keys[i]) {
		if (m->keys[i] == pc) {
			slot = m->index[i];
			return &m->chunks[slot / PCMAP_CHUNK][slot % PCMAP_CHUNK];
		}
		i = (i + 1) & (m->cap - 1);
	}
	if (m->n >= UINT32_MAX || grow_slots(m))
		return NULL;
	if ((m->n + 1) * 2 > m->cap) {
		if (grow_index(m))
			return NULL;
		/* The probe position moved with the capacity. */
		i = hash(pc, m->cap);
		while (m->keys[i])
			i = (i + 1) & (m->cap - 1);
	}
	slot = m->n++;
	m->keys[i] = pc;
	m->index[i] = (uint32_t)slot;
	m->pcs[slot] = pc;
	return &m->chunks[slot / PCMAP_CHUNK][slot % PCMAP_CHUNK];
}

void pcmap_snapshot(const struct pcmap *m, uint64_t *dst)
{
	size_t done = 0, k;

	for (k = 0; done < m->n; k++) {
		size_t len = m->n - done;

		if (len > PCMAP_CHUNK)
			len = PCMAP_CHUNK;
		memcpy(dst + done, m->chunks[k], len * sizeof(*dst));
		done += len;
	}
}
