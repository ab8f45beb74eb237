// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-mmap: the loops that touch one block with plain loads and
 * stores, and the choice of loops for a run.
 *
 * Blocks are whole 64-byte lines at 64-byte aligned addresses (the
 * mappings are page-aligned and block sizes are multiples of 64), so the
 * loops work a line at a time and need no edge cases.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu.h"
#include "mmap.h"

const char *const mm_op_names[] = {
	"read", "write", "copy-in", "copy-out", NULL
};
const char *const mm_pattern_names[] = { "seq", "rand", NULL };
const char *const mm_store_names[] = {
	"plain", "nt-sse2", "nt-avx2", "nt-avx512", NULL
};
const char *const mm_persist_names[] = {
	"none", "clwb", "clflushopt", "clflush", "msync", "map-sync", NULL
};

/*
 * Loads summed into eight accumulators: the sum is returned and stored by
 * the caller, so the compiler can drop none of the loads, and eight
 * independent chains keep the loop limited by memory, not by the adds.
 */
uint64_t mm_read_plain(const void *p, size_t len)
{
	const uint64_t *w = p;
	uint64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
	size_t i, n = len / sizeof(*w);

	for (i = 0; i < n; i += 8) {
		s0 += w[i];
		s1 += w[i + 1];
		s2 += w[i + 2];
		s3 += w[i + 3];
		s4 += w[i + 4];
		s5 += w[i + 5];
		s6 += w[i + 6];
		s7 += w[i + 7];
	}
	return s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7;
}

/* Word i of the block gets first + i: see struct mm_tags. */
void mm_write_plain(void *p, size_t len, uint64_t first)
{
	uint64_t *w = p;
	size_t i, n = len / sizeof(*w);

	for (i = 0; i < n; i += 8) {
		w[i] = first + i;
		w[i + 1] = first + i + 1;
		w[i + 2] = first + i + 2;
		w[i + 3] = first + i + 3;
		w[i + 4] = first + i + 4;
		w[i + 5] = first + i + 5;
		w[i + 6] = first + i + 6;
		w[i + 7] = first + i + 7;
	}
}

/* Plain copies are the C library's memcpy: what an application calls. */
void mm_copy_plain(void *dst, const void *src, size_t len)
{
	memcpy(dst, src, len);
}

/*
 * The test hook DB_MMAP_HIDE_CPU_FLAGS ("avx512f,clwb") makes the program
 * act as if the CPU lacked those flags, so that the refusal of a missing
 * store kind can be tested on any CPU.  Results record it (see report.c).
 */
bool mm_cpu_has(const char *flag)
{
	const char *hide = getenv("DB_MMAP_HIDE_CPU_FLAGS");
	size_t n = strlen(flag);
	const char *p = hide;
	size_t len;

	while (p && *p) {
		len = strcspn(p, ",");
		if (len == n && !strncmp(p, flag, n))
			return false;
		p += len;
		if (*p == ',')
			p++;
	}
	return db_cpu_flag(flag);
}

const char *mm_store_flag(enum mm_store s)
{
	static const char *const flag[] = {
		[MM_PLAIN] = NULL, [MM_NT_SSE2] = "sse2",
		[MM_NT_AVX2] = "avx2", [MM_NT_AVX512] = "avx512f",
	};

	return flag[s];
}

const char *mm_persist_flag(enum mm_persist p)
{
	static const char *const flag[] = {
		[MM_P_NONE] = NULL, [MM_P_CLWB] = "clwb",
		[MM_P_CLFLUSHOPT] = "clflushopt", [MM_P_CLFLUSH] = "clflush",
		[MM_P_MSYNC] = NULL, [MM_P_MAP_SYNC] = "clwb",
	};

	return flag[p];
}

static void select_store(struct mm_kernel *k, enum mm_store store)
{
	switch (store) {
	case MM_PLAIN:
		k->write = mm_write_plain;
		k->copy = mm_copy_plain;
		break;
	case MM_NT_SSE2:
		k->write = mm_write_nt_sse2;
		k->copy = mm_copy_nt_sse2;
		break;
	case MM_NT_AVX2:
		k->write = mm_write_nt_avx2;
		k->copy = mm_copy_nt_avx2;
		break;
	case MM_NT_AVX512:
		k->write = mm_write_nt_avx512;
		k->copy = mm_copy_nt_avx512;
		break;
	}
}

static void select_persist(struct mm_kernel *k, enum mm_persist persist)
{
	static int (*const fn[])(void *, size_t) = {
		[MM_P_NONE] = NULL,
		[MM_P_CLWB] = mm_persist_clwb,
		[MM_P_CLFLUSHOPT] = mm_persist_clflushopt,
		[MM_P_CLFLUSH] = mm_persist_clflush,
		[MM_P_MSYNC] = mm_persist_msync,
		/* MAP_SYNC makes the metadata durable at fault time; the data
		 * still needs its cache lines written back. */
		[MM_P_MAP_SYNC] = mm_persist_clwb,
	};

	k->persist = fn[persist];
}

int mm_kernel_select(struct mm_kernel *k, enum mm_op op, size_t block,
		     enum mm_store store, enum mm_persist persist,
		     char *why, size_t whylen)
{
	const char *sflag = mm_store_flag(store);
	const char *pflag = mm_persist_flag(persist);

	if (sflag && !mm_cpu_has(sflag)) {
		snprintf(why, whylen,
			 "--store %s: this CPU lacks %s (cpuid), so %s stores are never executed here",
			 mm_store_names[store], sflag, mm_store_names[store]);
		return -1;
	}
	if (pflag && !mm_cpu_has(pflag)) {
		snprintf(why, whylen,
			 "--persist %s: this CPU lacks %s (cpuid), so it is never executed here",
			 mm_persist_names[persist], pflag);
		return -1;
	}
	memset(k, 0, sizeof(*k));
	k->op = op;
	k->block = block;
	k->read = mm_read_plain;
	select_store(k, store);
	select_persist(k, persist);
	return 0;
}
