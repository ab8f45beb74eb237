// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-lat from an option set to a result: open and prefill the
 * file, check O_DIRECT alignment, set the engine up, then per repeat a
 * warm-up (measured into histograms that are thrown away) and the
 * measured loop, and with --verify a read-back of the whole file.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "direct.h"
#include "engine.h"
#include "exitcode.h"
#include "fsinfo.h"
#include "ops.h"
#include "regions.h"
#include "run.h"
#include "target.h"

#define PREFILL_CHUNK	(1u << 20)
#define PAGE		4096u
#define TIMER_BATCH	100
#define TIMER_NS	10000000ull	/* 10 ms */

struct lat_state {
	const struct lat_opts *o;
	struct db_result *r;
	struct db_target target;
	struct db_clock clock;
	struct lat_engine eng;
	bool eng_up;
	struct lat_dio dio;
	struct lat_ctx *c;
	int fd;			/* the measured descriptor */
	uint64_t size;		/* the file region the operations cover */
	uint64_t base;		/* append: the file's length before the run */
	bool existed;
	char *area;
	size_t area_len;
	bool emitted;		/* a result without measurement went out */
	struct db_regions *regions;	/* instruction counts: one per repeat */
	int repeat;
};

static const char *const kind_names[] = { "read", "write", "sync", "wait" };

static bool pattern_reads_only(enum lat_pattern p)
{
	return !lat_pattern_writes(p);
}

/* Emit @r with @status, for the outcomes that are not a measurement. */
static int finish(struct lat_state *s, const char *status, int rc,
		  const char *why)
{
	db_result_status(s->r, status, "%s", why);
	s->emitted = true;
	if (db_result_emit(s->r, s->o->output, s->o->json))
		return 1;
	return rc;
}

static int open_target(struct lat_state *s)
{
	const struct lat_opts *o = s->o;
	struct stat st;

	if (o->file && pattern_reads_only(o->pattern) && stat(o->file, &st) &&
	    errno == ENOENT) {
		fprintf(stderr, "%s: --file: '%s': no such file (--op %s reads an existing file: name one with --file and --keep, or use --dir for a new one)\n",
			program_invocation_short_name, o->file,
			o->pattern == LAT_PAT_READ ? "read" : "randread");
		return 1;
	}
	if (db_target_open(&s->target, o->dir, o->file, o->keep, 0))
		return 1;
	s->existed = !s->target.created;
	if (fstat(s->target.fd, &st)) {
		fprintf(stderr, "%s: fstat %s: %s\n", program_invocation_short_name,
			s->target.path, strerror(errno));
		return 1;
	}
	s->size = o->size;
	if (!s->existed)
		return 0;
	if (pattern_reads_only(o->pattern)) {
		if (o->verify) {
			fprintf(stderr, "%s: --verify: needs a file daxbench-lat writes; an existing file is read as it is\n",
				program_invocation_short_name);
			return 2;
		}
		if (!o->size_given)
			s->size = (uint64_t)st.st_size;
		if (s->size > (uint64_t)st.st_size || o->bs > s->size) {
			fprintf(stderr, "%s: %s: %llu bytes do not fit in '%s' (%lld bytes); a read does not extend the file\n",
				program_invocation_short_name,
				o->bs > s->size ? "--bs" : "--size",
				(unsigned long long)(o->bs > s->size ? o->bs : s->size),
				o->file, (long long)st.st_size);
			return 2;
		}
	}
	if (o->pattern == LAT_PAT_APPEND)
		s->base = (uint64_t)st.st_size;
	return 0;
}

static int open_measured(struct lat_state *s)
{
	const struct lat_opts *o = s->o;
	int flags = O_RDWR | O_CLOEXEC;

	if (o->direct)
		flags |= O_DIRECT;
	if (o->sync == LAT_SYNC_O_DSYNC)
		flags |= O_DSYNC;
	if (o->sync == LAT_SYNC_O_SYNC)
		flags |= O_SYNC;
	s->fd = open(s->target.path, flags);
	if (s->fd >= 0)
		return 0;
	if (o->direct && errno == EINVAL)
		return finish(s, "unsupported", DB_EXIT_UNSUPPORTED,
			      "the kernel refused open(O_DIRECT) on this file (EINVAL): the filesystem has no direct I/O");
	fprintf(stderr, "%s: cannot open '%s': %s\n",
		program_invocation_short_name, s->target.path, strerror(errno));
	return 1;
}

/* O_DIRECT alignment, checked before any I/O: a usage error otherwise. */
static int check_direct(struct lat_state *s)
{
	const struct lat_opts *o = s->o;
	struct lat_dio *d = &s->dio;
	const char *prog = program_invocation_short_name;

	lat_dio_query(s->fd, d);
	db_result_param_int(s->r, "direct_mem_align", d->mem_align);
	db_result_param_int(s->r, "direct_offset_align", d->offset_align);
	db_result_param_str(s->r, "direct_align_source", d->source);
	if (d->statx_none)
		db_result_note(s->r, "statx STATX_DIOALIGN reports no direct I/O for this file (alignment 0), yet open(O_DIRECT) succeeded; alignment taken from: %s",
			       d->source);
	if (o->buffer_offset % d->mem_align) {
		fprintf(stderr, "%s: --buffer-offset: %llu: with --direct the I/O buffer must be aligned to %u bytes (direct-I/O memory alignment of %s, from %s)\n",
			prog, (unsigned long long)o->buffer_offset, d->mem_align,
			s->target.path, d->source);
		return 2;
	}
	if (o->bs % d->offset_align) {
		fprintf(stderr, "%s: --bs: %llu: with --direct the block size must be a multiple of %u bytes (direct-I/O offset alignment of %s, from %s)\n",
			prog, (unsigned long long)o->bs, d->offset_align,
			s->target.path, d->source);
		return 2;
	}
	if (s->base % d->offset_align) {
		fprintf(stderr, "%s: --file: '%s' is %llu bytes long: --op append with --direct starts at the end, which must be a multiple of %u bytes (from %s)\n",
			prog, s->target.path, (unsigned long long)s->base,
			d->offset_align, d->source);
		return 2;
	}
	return 0;
}

static int alloc_buffers(struct lat_state *s)
{
	const struct lat_opts *o = s->o;
	size_t stride = (o->buffer_offset + o->bs + PAGE - 1) / PAGE * PAGE;

	s->area_len = stride * o->qd;
	s->area = mmap(NULL, s->area_len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (s->area == MAP_FAILED) {
		s->area = NULL;
		fprintf(stderr, "%s: cannot allocate %zu bytes of buffers: %s\n",
			program_invocation_short_name, s->area_len, strerror(errno));
		return 1;
	}
	/* what a write writes when not verifying: anything but zeros */
	memset(s->area, 0x5a, s->area_len);
	s->c->buf = s->area + o->buffer_offset;
	s->c->stride = stride;
	return 0;
}

/*
 * Write the file once through the plain descriptor, and fsync it, so that
 * reads read data, overwrites do not allocate, and the page-cache case
 * starts with a clean cache.  An existing file is left as it is when it is
 * long enough and nothing needs the pattern.
 */
static int prefill(struct lat_state *s)
{
	const struct lat_opts *o = s->o;
	struct stat st;
	uint64_t off;
	char *chunk;
	int ret = 0;

	db_result_param_bool(s->r, "prefilled", false);
	if (o->pattern == LAT_PAT_APPEND)
		return 0;
	if (fstat(s->target.fd, &st))
		return -1;
	if (s->existed && !o->verify && (uint64_t)st.st_size >= s->size)
		return 0;
	chunk = malloc(PREFILL_CHUNK);
	if (!chunk)
		return -1;
	memset(chunk, 0xa5, PREFILL_CHUNK);
	for (off = 0; off < s->size && !ret; off += PREFILL_CHUNK) {
		size_t len = s->size - off < PREFILL_CHUNK ?
			     (size_t)(s->size - off) : PREFILL_CHUNK;

		if (o->verify)
			lat_pattern_fill(chunk, off, len, o->seed, LAT_GEN_PREFILL);
		if (pwrite(s->target.fd, chunk, len, (off_t)off) != (ssize_t)len)
			ret = -1;
	}
	free(chunk);
	if (!ret && fsync(s->target.fd))
		ret = -1;
	if (ret)
		fprintf(stderr, "%s: cannot prefill '%s': %s\n",
			program_invocation_short_name, s->target.path,
			errno ? strerror(errno) : "short write");
	db_result_param_bool(s->r, "prefilled", !ret);
	return ret;
}

static int engine_up(struct lat_state *s)
{
	const struct lat_opts *o = s->o;
	struct lat_engine_cfg cfg = {
		.fd = s->fd, .qd = (unsigned int)o->qd, .bs = o->bs,
		.buf = s->c->buf, .stride = s->c->stride, .area = s->area,
		.sqpoll = o->sqpoll, .sync = o->sync,
	};
	bool refused = false;
	char why[256] = "";

	s->eng.ops = lat_engine_get(o->engine);
	if (!s->eng.ops->queued)
		return 0;
	if (s->eng.ops->init(&s->eng, &cfg, &refused, why, sizeof(why))) {
		s->eng_up = true;	/* exit() frees what init() allocated */
		if (refused)
			return finish(s, "unsupported", DB_EXIT_UNSUPPORTED, why);
		fprintf(stderr, "%s: %s: %s\n", program_invocation_short_name,
			s->eng.ops->name, why);
		return 1;
	}
	s->eng_up = true;
	return 0;
}

static void init_ctx(struct lat_state *s)
{
	const struct lat_opts *o = s->o;
	struct lat_ctx *c = s->c;
	struct lat_gen *g = &c->gen;

	c->fd = s->fd;
	c->bs = o->bs;
	c->qd = (unsigned int)o->qd;
	c->sync_fn = o->sync == LAT_SYNC_FSYNC ? fsync : fdatasync;
	c->clock = &s->clock;
	c->seed = o->seed;
	g->rng = o->seed;
	g->bs = o->bs;
	g->nblocks = s->size / o->bs;
	g->last_off = (g->nblocks - 1) * o->bs;
	g->next_off = o->pattern == LAT_PAT_APPEND ? s->base : 0;
	g->mix = o->mix;
	g->sync_every = o->sync_every;
	g->writes_left = o->sync == LAT_SYNC_FDATASYNC ||
			 o->sync == LAT_SYNC_FSYNC ? o->sync_every : UINT64_MAX;
}

static int run_loop(struct lat_state *s)
{
	struct lat_ctx *c = s->c;
	unsigned int k;

	for (k = 0; k < LAT_NKINDS; k++)
		db_hist_init(&c->hist[k]);
	c->clock_reads = 0;
	if (!s->eng.ops->queued)
		return lat_psync_run(c, s->o->pattern, s->o->verify);
	return lat_queue_run(c, &s->eng, s->o->pattern, s->o->verify);
}

static int report_failure(struct lat_state *s)
{
	const struct lat_error *e = &s->c->error;
	char why[256];

	if (e->kind == LAT_NKINDS)
		snprintf(why, sizeof(why), "%s: waiting for completions: %s",
			 s->eng.ops->name, strerror(e->err));
	else if (e->ret < 0)
		snprintf(why, sizeof(why), "%s %s at offset %llu: %s",
			 s->eng.ops->name, kind_names[e->kind],
			 (unsigned long long)e->off, strerror(e->err));
	else
		snprintf(why, sizeof(why), "%s %s at offset %llu: %lld bytes instead of %zu",
			 s->eng.ops->name, kind_names[e->kind],
			 (unsigned long long)e->off, (long long)e->ret,
			 e->kind == LAT_SYNC ? 0 : s->c->bs);
	fprintf(stderr, "%s: %s\n", program_invocation_short_name, why);
	return finish(s, "failed", 1, why);
}

/*
 * One clock read, measured now: the overhead charged to the loop.  Timed
 * rather than counted, because a read costs 20 ns on one machine and a
 * system call of several microseconds on another (an emulated guest).
 */
static double timer_read_ns(const struct db_clock *clk)
{
	volatile uint64_t sink = 0;
	uint64_t t0, t1, n = 0;
	int i;

	t0 = db_monotonic_ns();
	do {
		for (i = 0; i < TIMER_BATCH; i++)
			sink += db_clock_ns(clk);
		n += TIMER_BATCH;
		t1 = db_monotonic_ns();
	} while (t1 - t0 < TIMER_NS);
	(void)sink;
	/* each batch also read CLOCK_MONOTONIC once: count it */
	return (double)(t1 - t0) / (double)(n + n / TIMER_BATCH);
}

static double tv_ns(const struct timeval *a, const struct timeval *b)
{
	return ((double)(b->tv_sec - a->tv_sec) * 1e6 +
		(double)(b->tv_usec - a->tv_usec)) * 1e3;
}

static uint64_t file_size(int fd)
{
	struct stat st;

	return fstat(fd, &st) ? 0 : (uint64_t)st.st_size;
}

/* Read one block through the engine: bytes read or -errno. */
static int64_t read_block(struct lat_state *s, uint64_t off)
{
	struct lat_done d;
	int n;

	if (!s->eng.ops->queued) {
		ssize_t ret = pread(s->fd, s->c->buf, s->c->bs, (off_t)off);

		return ret < 0 ? -errno : ret;
	}
	s->eng.ops->prep(&s->eng, 0, LAT_READ, off);
	do {
		n = s->eng.ops->wait(&s->eng, &d);
	} while (n == 0);
	return n < 0 ? n : d.res;
}

/* --verify: read the whole file back through the engine and check it. */
static int verify_file(struct lat_state *s, uint64_t *bad, uint64_t *gen1,
		       uint64_t *checked)
{
	uint64_t size = file_size(s->fd), off;
	int64_t got;

	*checked = 0;
	for (off = 0; off < size; off += s->c->bs) {
		uint64_t want = size - off < s->c->bs ? size - off : s->c->bs;

		got = read_block(s, off);
		if (got != (int64_t)want) {
			fprintf(stderr, "%s: --verify: reading back offset %llu: %s\n",
				program_invocation_short_name,
				(unsigned long long)off,
				got < 0 ? strerror((int)-got) : "short read");
			return -1;
		}
		*bad += lat_pattern_check(s->c->buf, off, want, s->o->seed, gen1);
		*checked += want;
	}
	return 0;
}

static void note_probe(struct lat_state *s, const struct lat_dio_probe *p)
{
	static const char *const what[] = { "refused", "accepted" };
	int dax = db_file_is_dax(s->target.path);
	char b[64], o[64];

	if (p->buffer_ok < 0 && p->offset_ok < 0)
		return;
	snprintf(b, sizeof(b), "%s%s%s", p->buffer_ok < 0 ? "not tried" :
		 what[p->buffer_ok], p->buffer_err ? ": " : "",
		 p->buffer_err ? strerror(p->buffer_err) : "");
	snprintf(o, sizeof(o), "%s%s%s", p->offset_ok < 0 ? "not tried" :
		 what[p->offset_ok], p->offset_err ? ": " : "",
		 p->offset_err ? strerror(p->offset_err) : "");
	db_result_note(s->r, "O_DIRECT on this %s file, measured: open accepted; a read into a buffer 1 byte off alignment: %s; a read at file offset 1: %s",
		       dax == 1 ? "DAX" : dax == 0 ? "non-DAX" : "(DAX unknown)",
		       b, o);
	if (dax == 1 && p->buffer_ok == 1 && p->offset_ok == 1)
		db_result_note(s->r, "the kernel applied no direct-I/O alignment to this DAX file: O_DIRECT did not go through block-layer direct I/O (ext4 and XFS send I/O on DAX inodes to dax_iomap_rw, with or without O_DIRECT)");
}

static void probe_direct(struct lat_state *s)
{
	struct lat_dio_probe p;

	lat_dio_probe(s->fd, &s->dio, file_size(s->fd), &p);
	db_result_add(s->r, "direct_unaligned_buffer_accepted", "count",
		      DB_NEITHER, p.buffer_ok < 0 ? NAN : p.buffer_ok);
	db_result_add(s->r, "direct_unaligned_offset_accepted", "count",
		      DB_NEITHER, p.offset_ok < 0 ? NAN : p.offset_ok);
	note_probe(s, &p);
}

/* The ops an append may still do: it writes at most --size bytes. */
static uint64_t append_room(struct lat_state *s)
{
	uint64_t grown = s->c->gen.next_off - s->base;

	return (s->size - grown) / s->o->bs;
}

static void set_limits(struct lat_state *s, uint64_t max_ops, uint64_t ns)
{
	struct lat_ctx *c = s->c;

	c->max_ops = max_ops;
	if (s->o->pattern == LAT_PAT_APPEND && append_room(s) < max_ops)
		c->max_ops = append_room(s);
	c->deadline_ns = ns ? db_clock_ns(&s->clock) + ns : UINT64_MAX;
}

static int warm_up(struct lat_state *s)
{
	if (!s->o->warmup_ns)
		return 0;
	set_limits(s, UINT64_MAX, s->o->warmup_ns);
	return run_loop(s);
}

static int one_repeat(struct lat_state *s)
{
	const struct lat_opts *o = s->o;
	struct rusage ru0, ru1;
	struct lat_repeat rep = { .c = s->c };
	uint64_t before, ops;
	int rc;

	if (o->pattern == LAT_PAT_APPEND) {
		if (ftruncate(s->target.fd, (off_t)s->base))
			return -1;
		s->c->gen.next_off = s->base;
	}
	if (o->direct)
		probe_direct(s);
	if (warm_up(s))
		return -1;
	set_limits(s, o->ops ? o->ops : UINT64_MAX, o->ops ? 0 : o->duration_ns);
	before = file_size(s->fd);
	getrusage(RUSAGE_SELF, &ru0);
	/* The repeat's loop is its instruction-count region. */
	db_region_begin(s->regions);
	rc = run_loop(s);
	db_region_end(s->regions, s->repeat);
	if (rc)
		return -1;
	getrusage(RUSAGE_SELF, &ru1);
	ops = s->c->hist[LAT_READ].count + s->c->hist[LAT_WRITE].count;
	db_region_unit(s->regions, "io", (double)ops);
	db_region_unit(s->regions, "4k", (double)(ops * s->o->bs) / 4096);
	rep.growth_bytes = (double)(file_size(s->fd) - before);
	rep.usr_ns = tv_ns(&ru0.ru_utime, &ru1.ru_utime);
	rep.sys_ns = tv_ns(&ru0.ru_stime, &ru1.ru_stime);
	rep.peak_rss_bytes = (double)ru1.ru_maxrss * 1024;
	rep.timer_read_ns = timer_read_ns(&s->clock);
	lat_report_repeat(s->r, o, &rep);
	if (o->pattern == LAT_PAT_APPEND && !append_room(s))
		db_result_note(s->r, "append stopped when it had written --size (%llu bytes) in a repeat: raise --size for longer runs",
			       (unsigned long long)s->size);
	return 0;
}

static int verify_repeat(struct lat_state *s)
{
	uint64_t bad = s->c->verify_bad, gen1 = 0, checked = 0;

	if (verify_file(s, &bad, &gen1, &checked))
		return -1;
	db_result_add(s->r, "verify_bad_bytes", "bytes", DB_LOWER_IS_BETTER,
		      (double)bad);
	db_result_add(s->r, "verify_written_bytes", "bytes", DB_NEITHER,
		      (double)gen1);
	db_result_add(s->r, "verify_checked_bytes", "bytes", DB_NEITHER,
		      (double)checked);
	s->c->verify_bad = 0;
	return 0;
}

static int measure(struct lat_state *s)
{
	uint64_t i;

	for (i = 0; i < s->o->repeats; i++) {
		s->repeat = (int)i;
		if (one_repeat(s))
			return s->c->failed ? report_failure(s) : 1;
		if (s->o->verify && verify_repeat(s))
			return finish(s, "failed", 1,
				      "--verify could not read the file back");
	}
	db_regions_report(s->regions, s->r);
	return db_result_emit(s->r, s->o->output, s->o->json) ? 1 : 0;
}

static void add_notes(struct lat_state *s)
{
	const struct lat_opts *o = s->o;

	if (o->verify)
		db_result_note(s->r, "--verify: latencies include generating and checking the data pattern; do not compare them");
	if (o->engine == LAT_ENGINE_LIBAIO && !o->direct)
		db_result_note(s->r, "libaio without --direct: Linux AIO is asynchronous only for O_DIRECT, io_submit copies the data before it returns");
	if (o->engine == LAT_ENGINE_LIBAIO && o->qd > 1 &&
	    (o->sync == LAT_SYNC_FDATASYNC || o->sync == LAT_SYNC_FSYNC))
		db_result_note(s->r, "libaio sync with --qd > 1: aio has no drain flag, a sync covers the writes completed before it, not those in flight");
	if (o->sqpoll)
		db_result_note(s->r, "--sqpoll: the kernel's submission thread runs on another CPU; its CPU time is in sys_ns_per_op");
}

static int setup(struct lat_state *s)
{
	char why[256], reason[300];
	int rc;

	if (db_clock_init(&s->clock, s->o->clock, why, sizeof(why))) {
		snprintf(reason, sizeof(reason), "--clock tsc: %s", why);
		return finish(s, "unsupported", DB_EXIT_UNSUPPORTED, reason);
	}
	db_result_set_clock(s->r, &s->clock);
	rc = open_target(s);
	if (rc)
		return rc;
	db_result_set_env(s->r, s->target.path);
	db_result_param_int(s->r, "size", (int64_t)s->size);
	if (s->o->pattern == LAT_PAT_APPEND)
		db_result_param_int(s->r, "append_start", (int64_t)s->base);
	rc = open_measured(s);
	if (rc || s->emitted)
		return rc;
	if (s->o->direct && (rc = check_direct(s)))
		return rc;
	if (alloc_buffers(s) || prefill(s))
		return 1;
	add_notes(s);
	init_ctx(s);
	return engine_up(s);
}

static void teardown(struct lat_state *s)
{
	if (s->eng_up && s->eng.ops->exit)
		s->eng.ops->exit(&s->eng);
	if (s->fd >= 0)
		close(s->fd);
	/* an append to a file the user named: give it its length back */
	if (s->existed && s->o->pattern == LAT_PAT_APPEND && s->target.fd >= 0 &&
	    ftruncate(s->target.fd, (off_t)s->base))
		fprintf(stderr, "%s: ftruncate %s: %s\n",
			program_invocation_short_name, s->target.path, strerror(errno));
	if (s->area)
		munmap(s->area, s->area_len);
	db_target_close(&s->target);
	db_regions_free(s->regions);
	free(s->c);
}

int lat_run(const struct lat_opts *o, struct db_result *r)
{
	struct lat_state s = { .o = o, .r = r, .fd = -1 };
	int rc;

	s.target.fd = -1;
	s.c = calloc(1, sizeof(*s.c));
	if (!s.c) {
		fprintf(stderr, "%s: out of memory\n", program_invocation_short_name);
		return 1;
	}
	s.regions = db_regions_new();
	rc = setup(&s);
	/* an "unsupported" result was emitted: done, nothing measured */
	if (!rc && !s.emitted)
		rc = measure(&s);
	teardown(&s);
	return rc;
}
