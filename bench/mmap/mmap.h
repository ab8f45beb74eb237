/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_MMAP_H
#define DB_MMAP_H

/*
 * daxbench-mmap: load/store throughput of a mapped file, measured in the
 * same run as the same operation on anonymous memory (the roofline).
 *
 * The pieces, one file each:
 *   main.c      main
 *   options.c   the options, their defaults and --help; --list
 *   run.c       the run: setup, repeats, roofline slices, --verify
 *   report.c    the result's parameters, a refusal, the table
 *   order.c     which blocks each thread visits, in which order
 *   kernels.c   read/write/copy loops with plain stores, kernel choice
 *   nt.c        the same loops with non-temporal stores, per ISA
 *   persist.c   what happens after each block: clwb, msync, ...
 *   mem.c       the mappings: file, anonymous, huge pages
 *   threads.c   pinned threads running passes over their regions
 *   verify.c    --verify: what was written reads back
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "timing.h"

#define MM_MIN_BLOCK	64ull
#define MM_MAX_BLOCK	(2ull << 20)
#define MM_LINE		64
#define MM_MAX_THREADS	1024

enum mm_op { MM_READ, MM_WRITE, MM_COPY_IN, MM_COPY_OUT };
enum mm_pattern { MM_SEQ, MM_RAND };
enum mm_store { MM_PLAIN, MM_NT_SSE2, MM_NT_AVX2, MM_NT_AVX512 };
enum mm_persist {
	MM_P_NONE, MM_P_CLWB, MM_P_CLFLUSHOPT, MM_P_CLFLUSH, MM_P_MSYNC,
	MM_P_MAP_SYNC,
};

extern const char *const mm_op_names[];
extern const char *const mm_pattern_names[];
extern const char *const mm_store_names[];
extern const char *const mm_persist_names[];

/* Does the operation store into the mapping? */
static inline bool mm_op_stores(enum mm_op op)
{
	return op == MM_WRITE || op == MM_COPY_IN;
}

/*
 * The words every memory holds or receives, so that --verify can compute
 * what any byte must be: word w (counted from the start of the memory) is
 * tag + w, with one tag for the prepared file and one for what "write"
 * stores; "copy-in" copies a buffer whose word k is the copy tag + k.
 */
struct mm_tags {
	uint64_t prep, write, copy;
};
void mm_tags_init(struct mm_tags *t, uint64_t seed);

/* ---- order.c ---- */

/* splitmix64: a small, well-mixed, seedable generator. */
uint64_t mm_splitmix64(uint64_t *state);

/* A permutation of 0..n-1 (Fisher-Yates), or NULL if out of memory. */
uint32_t *mm_order_new(uint64_t n, uint64_t seed);

/* Where one thread works: @nblocks blocks from byte @offset. */
struct mm_region {
	uint64_t offset;
	uint64_t nblocks;
	uint32_t *order;	/* NULL: sequential */
};

struct mm_layout {
	uint64_t block;
	unsigned int threads;
	bool share;
	struct mm_region *region;	/* one per thread */
};

/*
 * Split @size bytes into @threads regions of whole blocks (or give every
 * thread the whole file with @share), each with its own permutation for
 * random order (seeded from @seed and the thread's number).  Returns 0,
 * or -1 with the reason in @why.
 */
int mm_layout_init(struct mm_layout *l, uint64_t size, uint64_t block,
		   unsigned int threads, bool share, bool random, uint64_t seed,
		   char *why, size_t whylen);
void mm_layout_free(struct mm_layout *l);
/* Bytes one pass of every thread covers. */
uint64_t mm_layout_pass_bytes(const struct mm_layout *l);

/* ---- kernels.c, nt.c, persist.c ---- */

struct mm_kernel {
	enum mm_op op;
	size_t block;
	uint64_t (*read)(const void *p, size_t len);
	void (*write)(void *p, size_t len, uint64_t first);
	void (*copy)(void *dst, const void *src, size_t len);
	/* After each block that stores; 0 or an errno value. */
	int (*persist)(void *p, size_t len);
};

/*
 * Fill @k for @op with @store and @persist.  A store kind or flush the
 * CPU lacks is refused here (returns -1 with the reason), never executed.
 */
int mm_kernel_select(struct mm_kernel *k, enum mm_op op, size_t block,
		     enum mm_store store, enum mm_persist persist,
		     char *why, size_t whylen);

/* cpuid, minus flags hidden by the test hook DB_MMAP_HIDE_CPU_FLAGS. */
bool mm_cpu_has(const char *flag);
/* The CPU flag a store kind or persistence mode needs, or NULL. */
const char *mm_store_flag(enum mm_store s);
const char *mm_persist_flag(enum mm_persist p);

uint64_t mm_read_plain(const void *p, size_t len);
void mm_write_plain(void *p, size_t len, uint64_t first);
void mm_copy_plain(void *dst, const void *src, size_t len);

void mm_write_nt_sse2(void *p, size_t len, uint64_t first);
void mm_write_nt_avx2(void *p, size_t len, uint64_t first);
void mm_write_nt_avx512(void *p, size_t len, uint64_t first);
void mm_copy_nt_sse2(void *dst, const void *src, size_t len);
void mm_copy_nt_avx2(void *dst, const void *src, size_t len);
void mm_copy_nt_avx512(void *dst, const void *src, size_t len);

int mm_persist_clwb(void *p, size_t len);
int mm_persist_clflushopt(void *p, size_t len);
int mm_persist_clflush(void *p, size_t len);
int mm_persist_msync(void *p, size_t len);

/* ---- mem.c ---- */

/* One memory a measurement runs on. */
struct mm_mem {
	const char *name;	/* "file", "anon", "huge" */
	char *base;
	uint64_t len;		/* bytes in use */
	uint64_t map_len;	/* bytes mapped (hugetlb rounds up) */
	const char *backing;	/* "4k", "hugetlb", "thp", ... */
};

/*
 * Write the prepared pattern into the file and make it durable.  With
 * @alongside, fill that memory (the anonymous roofline) with the same
 * pattern chunk by chunk, turn about with the file's writes: see
 * mm_anon_map().
 */
int mm_file_prepare(int fd, uint64_t size, const struct mm_tags *t,
		    char *alongside, char *why, size_t whylen);
/*
 * device-dax has no write(): fill it through a mapping with the prepared
 * pattern (and @alongside as mm_file_prepare() does).
 */
int mm_device_prepare(int fd, uint64_t size, const struct mm_tags *t,
		      char *alongside, char *why, size_t whylen);
/*
 * Map the file shared at a 2 MiB-aligned address; with @map_sync as
 * MAP_SHARED_VALIDATE | MAP_SYNC.  Returns 0, -1 on failure, or 1 when
 * the kernel refused MAP_SYNC for this file (EOPNOTSUPP).
 */
int mm_file_map(struct mm_mem *m, int fd, uint64_t size, bool map_sync,
		char *why, size_t whylen);
/*
 * Anonymous memory on 4 KiB pages (THP refused with MADV_NOHUGEPAGE),
 * not yet touched.  Which physical pages 4 KiB-page memory gets moves
 * its speed by 10-15% on CPUs that coalesce TLB entries of contiguous
 * pages (docs/mmap.md), and the first memory allocated gets the most
 * fragmented pages: mm_file_prepare() therefore fills it alongside the
 * file, so that both draw from the free memory turn about.
 */
int mm_anon_map(struct mm_mem *m, uint64_t size, char *why, size_t whylen);
/*
 * Anonymous memory on 2 MiB pages: hugetlb if enough pages are free,
 * else THP via MADV_HUGEPAGE; filled like the anonymous roofline.  Returns
 * 1 (and maps nothing) when neither gives huge pages; the reason is in @why.
 */
int mm_huge_map(struct mm_mem *m, uint64_t size, const struct mm_tags *t,
		char *why, size_t whylen);
void mm_unmap(struct mm_mem *m);
/* Fill with the prepared pattern (anonymous memory stands in for a file). */
void mm_fill(char *base, uint64_t len, uint64_t tag);
/* Touch every page, with a write if @write, so that no fault is left. */
void mm_prefault(char *base, uint64_t len, bool write);
/* A field of /proc/self/smaps for the mapping at @addr, in bytes, or -1. */
long long mm_smaps_bytes(const void *addr, const char *field);
/* A buffer for copies: page-aligned, pre-faulted; NULL if out of memory. */
void *mm_buffer_new(size_t len, const struct mm_tags *t);
void mm_buffer_free(void *buf, size_t len);

/* ---- threads.c ---- */

/* One measurement of one memory: every thread, pass after pass. */
struct mm_run {
	/* in */
	const struct mm_kernel *k;
	const struct mm_layout *layout;
	const struct mm_mem *mem;
	const struct db_clock *clock;
	const struct mm_tags *tags;
	void **buf;		/* one per thread, for copies */
	const int *cpus;	/* pin thread i to cpus[i % ncpus] */
	int ncpus;
	bool cold;		/* drop the page tables before each pass */
	uint64_t passes;	/* stop after this many passes, or */
	uint64_t duration_ns;	/* after this much measured time */
	/* out */
	uint64_t done_passes;
	uint64_t wall_ns;	/* sum over passes of first start..last end */
	uint64_t busy_ns;	/* sum over threads of their time in passes */
	uint64_t cpu_ns;	/* of which they were on a CPU */
	uint64_t blocks;	/* blocks done by all threads */
	uint64_t bytes;
	uint64_t minflt, majflt;
	uint64_t *first_sum;	/* per thread: read's sum over its first pass */
	int err;
	char why[256];
};

int mm_run_measure(struct mm_run *run);

/* ---- verify.c ---- */

/*
 * Check the file after a run of @op: through a fresh mapping and
 * through pread (not on a @device: device-dax has no read()), every word
 * must be what the layout and op imply.  Returns 0, or -1 with the first
 * mismatch in @why.
 */
int mm_verify_file(int fd, uint64_t size, enum mm_op op,
		   const struct mm_layout *l, const struct mm_tags *t,
		   bool device, char *why, size_t whylen);
/* read: each thread's first-pass sum against what its region holds. */
int mm_verify_sums(const struct mm_layout *l, const struct mm_tags *t,
		   const uint64_t *sums, char *why, size_t whylen);
/* copy-out: copy every block through @k and compare the buffer. */
int mm_verify_copy_out(const struct mm_kernel *k, const struct mm_mem *m,
		       const struct mm_layout *l, const struct mm_tags *t,
		       void *buf, char *why, size_t whylen);

#endif
