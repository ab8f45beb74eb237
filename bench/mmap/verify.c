// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-mmap --verify: the data, not the speed.
 *
 * Every word of the file has a value we can compute (struct mm_tags):
 * the prepared pattern, or what "write" and "copy-in" store over the
 * blocks the threads' regions cover.  After a run the file is checked
 * word by word through a fresh mapping (the run's mapping is gone, so
 * only what reached the page cache or the media counts) and through
 * pread(), which goes through the filesystem instead of page tables.
 * "read" is checked by the sums its loads produced, "copy-out" by
 * copying every block once more and comparing the buffer.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "mmap.h"

#define CHUNK (1u << 20)

struct expect {
	enum mm_op op;
	const struct mm_tags *t;
	uint64_t covered;	/* bytes [0, covered) were stored into */
	uint64_t block_words;
};

static void expect_init(struct expect *e, enum mm_op op,
			const struct mm_layout *l, const struct mm_tags *t)
{
	uint64_t per = l->region[0].nblocks * l->block;

	e->op = op;
	e->t = t;
	e->covered = l->share ? per : per * l->threads;
	e->block_words = l->block / 8;
}

/* The value word @w of the file must hold. */
static uint64_t expected(const struct expect *e, uint64_t w)
{
	if (w * 8 < e->covered) {
		if (e->op == MM_WRITE)
			return e->t->write + w;
		if (e->op == MM_COPY_IN)
			return e->t->copy + w % e->block_words;
	}
	return e->t->prep + w;
}

static int compare(const struct expect *e, const uint64_t *words,
		   uint64_t first, uint64_t n, const char *how,
		   char *why, size_t whylen)
{
	uint64_t i;

	for (i = 0; i < n; i++)
		if (words[i] != expected(e, first + i)) {
			snprintf(why, whylen,
				 "data differs at byte %llu (%s): found %#llx, expected %#llx",
				 (unsigned long long)(first + i) * 8, how,
				 (unsigned long long)words[i],
				 (unsigned long long)expected(e, first + i));
			return -1;
		}
	return 0;
}

static int verify_mapping(int fd, uint64_t size, const struct expect *e,
			  char *why, size_t whylen)
{
	void *p = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
	int ret;

	if (p == MAP_FAILED) {
		snprintf(why, whylen, "--verify: mmap: %s", strerror(errno));
		return -1;
	}
	ret = compare(e, p, 0, size / 8, "through a fresh mapping", why, whylen);
	munmap(p, size);
	return ret;
}

static int verify_pread(int fd, uint64_t size, const struct expect *e,
			char *why, size_t whylen)
{
	uint64_t *buf = malloc(CHUNK), off;
	size_t len;
	ssize_t n;
	int ret = 0;

	if (!buf) {
		snprintf(why, whylen, "--verify: out of memory");
		return -1;
	}
	for (off = 0; off < size && !ret; off += len) {
		len = size - off < CHUNK ? size - off : CHUNK;
		n = pread(fd, buf, len, (off_t)off);
		if (n != (ssize_t)len) {
			snprintf(why, whylen, "--verify: pread at %llu: %s",
				 (unsigned long long)off,
				 n < 0 ? strerror(errno) : "short read");
			ret = -1;
			break;
		}
		ret = compare(e, buf, off / 8, len / 8, "through pread", why,
			      whylen);
	}
	free(buf);
	return ret;
}

int mm_verify_file(int fd, uint64_t size, enum mm_op op,
		   const struct mm_layout *l, const struct mm_tags *t,
		   bool device, char *why, size_t whylen)
{
	struct expect e;

	expect_init(&e, op, l, t);
	if (verify_mapping(fd, size, &e, why, whylen))
		return -1;
	return device ? 0 : verify_pread(fd, size, &e, why, whylen);
}

/* Sum of tag + w for w in [w0, w0 + n), modulo 2^64 like the loads'. */
static uint64_t pattern_sum(uint64_t tag, uint64_t w0, uint64_t n)
{
	uint64_t tri = n % 2 ? n * ((n - 1) / 2) : (n / 2) * (n - 1);

	return n * tag + n * w0 + tri;
}

int mm_verify_sums(const struct mm_layout *l, const struct mm_tags *t,
		   const uint64_t *sums, char *why, size_t whylen)
{
	const struct mm_region *r;
	uint64_t want;
	unsigned int i;

	for (i = 0; i < l->threads; i++) {
		r = &l->region[i];
		want = pattern_sum(t->prep, r->offset / 8, r->nblocks * l->block / 8);
		if (sums[i] != want) {
			snprintf(why, whylen,
				 "thread %u's loads summed to %#llx, expected %#llx",
				 i, (unsigned long long)sums[i],
				 (unsigned long long)want);
			return -1;
		}
	}
	return 0;
}

int mm_verify_copy_out(const struct mm_kernel *k, const struct mm_mem *m,
		       const struct mm_layout *l, const struct mm_tags *t,
		       void *buf, char *why, size_t whylen)
{
	uint64_t i, b, first;
	struct expect e;
	unsigned int th;

	expect_init(&e, MM_READ, l, t);
	for (th = 0; th < l->threads; th++) {
		const struct mm_region *r = &l->region[th];

		for (i = 0; i < r->nblocks; i++) {
			b = r->order ? r->order[i] : i;
			first = (r->offset + b * l->block) / 8;
			k->copy(buf, m->base + first * 8, l->block);
			if (compare(&e, buf, first, l->block / 8,
				    "copied out of the mapping", why, whylen))
				return -1;
		}
	}
	return 0;
}
