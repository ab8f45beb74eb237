// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-faults: one repeat: the offsets, the measured loops, the
 * counters around them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "faults.h"

/* xorshift64*: small, seeded, the same sequence everywhere. */
static uint64_t next_random(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1Dull;
}

/* The offsets the loop touches; writing them also faults them in. */
int fa_build_offsets(struct fa_run *r)
{
	const struct fa_opts *o = &r->cfg->o;
	uint64_t state = o->seed ? o->seed : 1, tmp;
	size_t i, j;

	r->touches = (size_t)((o->size + o->stride - 1) / o->stride);
	r->offsets = malloc(r->touches * sizeof(*r->offsets));
	if (!r->offsets)
		return -1;
	for (i = 0; i < r->touches; i++)
		r->offsets[i] = i * o->stride;
	if (o->order == ORDER_RAND)
		for (i = r->touches - 1; i > 0; i--) {
			j = (size_t)(next_random(&state) % (i + 1));
			tmp = r->offsets[i];
			r->offsets[i] = r->offsets[j];
			r->offsets[j] = tmp;
		}
	return 0;
}

static volatile uint64_t sink;

/*
 * The measured loops: one byte per touch, nothing else.  AddressSanitizer
 * would add a shadow-memory access per touch, and the shadow pages' own
 * faults would be counted as the file's, so the sanitizer build leaves
 * these two loops uninstrumented.
 */
#define FA_MEASURED __attribute__((noinline, no_sanitize("address")))

static void FA_MEASURED
touch_read(volatile uint8_t *base, const uint64_t *off, size_t n)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += base[off[i]];
	sink += sum;
}

static void FA_MEASURED
touch_write(volatile uint8_t *base, const uint64_t *off, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		base[off[i]] = 0xa5;
}

static bool pass_writes(enum fa_access a, int pass)
{
	return pass == 0 ? (a == ACC_WRITE || a == ACC_WRITE_READ) :
			   a == ACC_READ_WRITE;
}

int fa_passes(enum fa_access a)
{
	return a == ACC_READ || a == ACC_WRITE ? 1 : 2;
}

/*
 * Counters and clock around the passes only.  The same sequence runs
 * once with no touches before, so that every code and data page it uses
 * is already mapped when it counts.
 */
static void measure(struct fa_run *r, uint8_t *base, size_t n,
		    struct fa_sample *s)
{
	enum fa_access a = r->cfg->o.access;
	struct fa_count p0, r0;
	uint64_t t0, t1;
	int pass;

	fa_counters_start(&r->counters);
	if (fa_counters_read(&r->counters, &p0, &r0))
		s->perf_read_failed = true;
	/* The instruction-count region: the passes (none for the warm-up). */
	if (n)
		db_region_begin(r->regions);
	for (pass = 0; pass < fa_passes(a); pass++) {
		t0 = db_clock_ns(&r->clock);
		if (pass_writes(a, pass))
			touch_write(base, r->offsets, n);
		else
			touch_read(base, r->offsets, n);
		t1 = db_clock_ns(&r->clock);
		s->ns += t1 - t0;
		if (fa_counters_read(&r->counters, &s->perf[pass], &s->ru[pass]))
			s->perf_read_failed = true;
	}
	if (n)
		db_region_end(r->regions, r->repeat);
	fa_counters_stop(&r->counters);
	/* Per-pass deltas; perf was reset at start. */
	for (pass = fa_passes(a) - 1; pass >= 0; pass--) {
		const struct fa_count *pp = pass ? &s->perf[pass - 1] : &p0;
		const struct fa_count *rp = pass ? &s->ru[pass - 1] : &r0;

		s->perf[pass].minor -= pp->minor;
		s->perf[pass].major -= pp->major;
		s->ru[pass].minor -= rp->minor;
		s->ru[pass].major -= rp->major;
	}
}

/* 1: done, 0: the kernel refused (status set), -1: failed (message out). */
int fa_one_repeat(struct fa_run *r, struct fa_sample *s)
{
	const struct fa_opts *o = &r->cfg->o;
	struct fa_sample warm;
	bool unsupported;
	char why[512];
	uint8_t *base;

	memset(s, 0, sizeof(*s));
	if (fa_prepare_file(r->target.fd, o, &unsupported, why, sizeof(why)) ||
	    !(base = fa_map_file(r->target.fd, o, &unsupported, why, sizeof(why)))) {
		if (unsupported) {
			db_result_status(r->res, "unsupported", "%s", why);
			return 0;
		}
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, why);
		return -1;
	}
	s->alignment = fa_alignment(base);
	memset(&warm, 0, sizeof(warm));
	measure(r, base, 0, &warm);
	if (r->tracer && fa_trace_start(r->tracer) == 0)
		s->traced = true;
	measure(r, base, r->touches, s);
	if (s->traced && fa_trace_stop(r->tracer, &s->trace))
		s->traced = false;
	fa_smaps_read(base, &s->smaps);
	fa_unmap(base, o);
	return 1;
}
