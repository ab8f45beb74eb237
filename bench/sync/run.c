// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-sync: the rounds.  Each dirties the same N pages again (with a
 * new value, so that every round really changes them) and then makes
 * them durable; the two are timed apart, and the faults of each are
 * counted, so that the cost of write-protecting what a sync cleaned
 * shows where it lands: in the next round's stores.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "mapping.h"
#include "sync.h"

#define WRITE_CHUNK	(2u << 20)

static uint64_t thread_faults(uint64_t *major)
{
	struct rusage ru;

	getrusage(RUSAGE_THREAD, &ru);
	*major = (uint64_t)ru.ru_majflt;
	return (uint64_t)ru.ru_minflt + (uint64_t)ru.ru_majflt;
}

/* Every block allocated and on the media before the first round. */
static int write_file(struct sy_run *r)
{
	const struct sy_config *c = r->cfg;
	char *buf = malloc(WRITE_CHUNK);
	uint64_t off;
	ssize_t n = 0;

	if (!buf)
		return -1;
	memset(buf, 0x5a, WRITE_CHUNK);
	for (off = 0; off < c->size; off += WRITE_CHUNK) {
		n = pwrite(r->target.fd, buf, WRITE_CHUNK, (off_t)off);
		if (n != WRITE_CHUNK)
			break;
	}
	free(buf);
	if (n != WRITE_CHUNK || fsync(r->target.fd)) {
		fprintf(stderr, "%s: writing %s: %s\n", program_invocation_short_name,
			r->target.path, n < 0 || n == WRITE_CHUNK ? strerror(errno) :
			"short write");
		return -1;
	}
	return 0;
}

static int map_file(struct sy_run *r, char *why, size_t whylen)
{
	const struct sy_config *c = r->cfg;
	int flags = c->map == MAP_SYNC_SHARED ? MAP_SHARED_VALIDATE | MAP_SYNC :
						 MAP_SHARED;
	void *p;

	p = db_map_aligned(r->target.fd, c->size, PROT_READ | PROT_WRITE, flags,
			   DB_SZ_2M, 0);
	if (p != MAP_FAILED) {
		r->map = p;
		return 0;
	}
	if (c->map == MAP_SYNC_SHARED && errno == EOPNOTSUPP) {
		snprintf(why, whylen, "EOPNOTSUPP: the kernel refused MAP_SYNC for this file (it needs DAX, on a device that guarantees synchronous faults)");
		return 1;
	}
	fprintf(stderr, "%s: mmap %s: %s\n", program_invocation_short_name,
		r->target.path, strerror(errno));
	return -1;
}

int sy_prepare(struct sy_run *r, char *why, size_t whylen)
{
	const struct sy_config *c = r->cfg;
	size_t len = c->pages * r->page;

	if (write_file(r))
		return -1;
	if (c->via == VIA_MMAP)
		return map_file(r, why, whylen);
	/* The buffer's own faults must not be counted as the file's. */
	if (posix_memalign((void **)&r->buf, (size_t)r->page, len)) {
		fprintf(stderr, "%s: out of memory\n", program_invocation_short_name);
		return -1;
	}
	memset(r->buf, 0, len);
	return 0;
}

void sy_release(struct sy_run *r)
{
	if (r->map)
		munmap(r->map, r->cfg->size);
	r->map = NULL;
	free(r->buf);
	r->buf = NULL;
}

/*
 * Dirtying: one 8-byte store at the start of each page (a page is dirty
 * as a whole whatever is stored in it), or one write() of the pages.
 */
static int dirty(struct sy_run *r, uint64_t value)
{
	const struct sy_config *c = r->cfg;
	size_t len = c->pages * r->page;
	uint64_t i;

	if (c->via == VIA_MMAP) {
		for (i = 0; i < c->pages; i++)
			*(volatile uint64_t *)(r->map + i * r->page) = value;
		return 0;
	}
	for (i = 0; i < c->pages; i++)
		memcpy(r->buf + i * r->page, &value, sizeof(value));
	return pwrite(r->target.fd, r->buf, len, 0) == (ssize_t)len ? 0 : -1;
}

/*
 * The measured region: the one call that makes the dirtied pages durable,
 * nothing else (instruction counts are taken around exactly this).
 */
static int __attribute__((noinline)) make_durable(struct sy_run *r)
{
	const struct sy_config *c = r->cfg;

	switch (c->call) {
	case CALL_MSYNC:
		return msync(r->map, c->pages * r->page, MS_SYNC);
	case CALL_FSYNC:
		return fsync(r->target.fd);
	case CALL_FDATASYNC:
	default:
		return fdatasync(r->target.fd);
	}
}

/* One round; its numbers are added to @s when @s is not NULL. */
static int round_once(struct sy_run *r, uint64_t value, struct sy_sample *s)
{
	uint64_t f0, f1, f2, m0, m1, m2, t0, t1, t2;
	int ret;

	f0 = thread_faults(&m0);
	t0 = db_clock_ns(&r->clock);
	if (dirty(r, value)) {
		fprintf(stderr, "%s: write %s: %s\n", program_invocation_short_name,
			r->target.path, strerror(errno));
		return -1;
	}
	t1 = db_clock_ns(&r->clock);
	f1 = thread_faults(&m1);
	/* The instruction-count region: the call alone, measured rounds only. */
	if (s)
		db_region_begin(r->regions);
	ret = make_durable(r);
	if (s) {
		db_region_end(r->regions, r->repeat);
		db_region_unit(r->regions, "io", 1);
		db_region_unit(r->regions, "4k", (double)r->cfg->pages);
	}
	if (ret) {
		fprintf(stderr, "%s: %s: %s\n", program_invocation_short_name,
			sy_call_names[r->cfg->call], strerror(errno));
		return -1;
	}
	t2 = db_clock_ns(&r->clock);
	f2 = thread_faults(&m2);
	if (!s)
		return 0;
	s->rounds++;
	s->dirty_ns += t1 - t0;
	s->sync_ns += t2 - t1;
	if (t2 - t1 > s->max_sync_ns)
		s->max_sync_ns = t2 - t1;
	s->dirty_faults += f1 - f0;
	s->dirty_major += m1 - m0;
	s->sync_faults += f2 - f1;
	return 0;
}

int sy_repeat(struct sy_run *r, struct sy_sample *s)
{
	static uint64_t value = 1;
	uint64_t i;

	memset(s, 0, sizeof(*s));
	/* Unmeasured: code, buffers and the first faults of the mapping. */
	if (round_once(r, value++, NULL))
		return -1;
	for (i = 0; i < r->cfg->rounds; i++)
		if (round_once(r, value++, s))
			return -1;
	return 0;
}
