// SPDX-License-Identifier: GPL-2.0-only
/*
 * The loop of the queued engines (libaio, io_uring): keep --qd operations
 * in flight; an operation's latency runs from the clock read at which it
 * was prepared to the clock read after the wait that returned it.  The
 * loop reads the clock once per wait, and a refilled slot starts at that
 * same reading: the end of one operation is the start of the next.
 *
 * With a sync mode, the sync that follows every N-th write takes the
 * next free slot.  io_uring orders it after everything submitted before
 * it (IOSQE_IO_DRAIN); libaio has no such flag, so with --qd > 1 a libaio
 * sync covers the writes that completed before it, not those in flight.
 */
#include <errno.h>
#include <stdlib.h>

#include "engine.h"
#include "ops.h"

struct lat_slot {
	uint64_t start;
	uint64_t off;
	enum lat_kind kind;
};

struct queue_state {
	struct lat_slot *slots;
	struct lat_done *done;
	uint64_t issued;	/* data operations */
	unsigned int inflight;
	bool sync_pending;
};

static void fail(struct lat_ctx *c, enum lat_kind k, uint64_t off, int64_t res)
{
	c->error.kind = k;
	c->error.off = off;
	c->error.ret = (ssize_t)res;
	c->error.err = res < 0 ? (int)-res : 0;
	c->failed = true;
}

/* Put the next operation in @slot, which starts at @t. */
static LAT_ALWAYS_INLINE void issue(struct lat_ctx *c, struct lat_engine *e,
				    struct queue_state *q, unsigned int slot,
				    uint64_t t, const enum lat_pattern pat,
				    const bool verify)
{
	struct lat_slot *s = &q->slots[slot];

	if (lat_pattern_writes(pat) && q->sync_pending) {
		s->kind = LAT_SYNC;
		s->off = 0;
		q->sync_pending = false;
	} else {
		s->kind = lat_next(&c->gen, pat, &s->off);
		q->issued++;
		if (verify && s->kind == LAT_WRITE)
			lat_pattern_fill(c->buf + slot * c->stride, s->off,
					 c->bs, c->seed, LAT_GEN_WRITE);
		if (lat_pattern_writes(pat) && s->kind == LAT_WRITE &&
		    lat_sync_due(&c->gen))
			q->sync_pending = true;
	}
	e->ops->prep(e, slot, s->kind, s->off);
	s->start = t;
	q->inflight++;
}

static LAT_ALWAYS_INLINE bool more(struct lat_ctx *c, struct queue_state *q,
				   uint64_t t, const enum lat_pattern pat)
{
	if (lat_pattern_writes(pat) && q->sync_pending)
		return true;
	return q->issued < c->max_ops && t < c->deadline_ns;
}

/* Account for one completion; false if it failed. */
static LAT_ALWAYS_INLINE bool complete(struct lat_ctx *c, struct queue_state *q,
				       const struct lat_done *d, uint64_t t,
				       const bool verify)
{
	struct lat_slot *s = &q->slots[d->slot];
	int64_t want = s->kind == LAT_SYNC ? 0 : (int64_t)c->bs;
	uint64_t gen1 = 0;

	q->inflight--;
	if (__builtin_expect(d->res != want, 0)) {
		fail(c, s->kind, s->off, d->res);
		return false;
	}
	db_hist_add(&c->hist[s->kind], t - s->start);
	if (verify && s->kind == LAT_READ)
		c->verify_bad += lat_pattern_check(c->buf + d->slot * c->stride,
						   s->off, c->bs, c->seed, &gen1);
	return true;
}

static LAT_ALWAYS_INLINE int queue_loop(struct lat_ctx *c, struct lat_engine *e,
					struct queue_state *q,
					const enum lat_pattern pat,
					const bool tsc, const bool verify)
{
	const struct db_clock *clk = c->clock;
	uint64_t t, waits = 0;
	unsigned int i;
	int n;

	t = c->start_ns = lat_now(clk, tsc);
	for (i = 0; i < c->qd && more(c, q, t, pat); i++)
		issue(c, e, q, i, t, pat, verify);
	while (q->inflight) {
		n = e->ops->wait(e, q->done);
		t = lat_now(clk, tsc);
		waits++;
		if (n < 0) {
			fail(c, LAT_READ, 0, n);
			c->error.kind = LAT_NKINDS;	/* the wait itself */
			break;
		}
		for (i = 0; i < (unsigned int)n; i++) {
			if (!complete(c, q, &q->done[i], t, verify))
				goto out;
			if (more(c, q, t, pat))
				issue(c, e, q, q->done[i].slot, t, pat, verify);
		}
	}
out:
	c->end_ns = t;
	c->clock_reads += 1 + waits;
	return c->failed ? -1 : 0;
}

typedef int (*queue_fn)(struct lat_ctx *c, struct lat_engine *e,
			struct queue_state *q);

#define QUEUE_ONE(p, t, v)						\
	static int queue_##p##_##t##_##v(struct lat_ctx *c,		\
					 struct lat_engine *e,		\
					 struct queue_state *q)		\
	{								\
		return queue_loop(c, e, q, (enum lat_pattern)p, t, v);	\
	}
#define QUEUE_PAT(p)							\
	QUEUE_ONE(p, 0, 0) QUEUE_ONE(p, 0, 1)				\
	QUEUE_ONE(p, 1, 0) QUEUE_ONE(p, 1, 1)
#define QUEUE_ROW(p)							\
	{ { queue_##p##_0_0, queue_##p##_0_1 },				\
	  { queue_##p##_1_0, queue_##p##_1_1 } }

QUEUE_PAT(0) QUEUE_PAT(1) QUEUE_PAT(2) QUEUE_PAT(3) QUEUE_PAT(4) QUEUE_PAT(5)

_Static_assert(LAT_NPATTERNS == 6, "one QUEUE_ROW per pattern");
static const queue_fn queue_loops[LAT_NPATTERNS][2][2] = {
	QUEUE_ROW(0), QUEUE_ROW(1), QUEUE_ROW(2),
	QUEUE_ROW(3), QUEUE_ROW(4), QUEUE_ROW(5),
};

int lat_queue_run(struct lat_ctx *c, struct lat_engine *e,
		  enum lat_pattern pat, bool verify)
{
	bool tsc = c->clock->source == DB_CLOCK_TSC;
	struct queue_state q = { 0 };
	int ret;

	q.slots = calloc(c->qd, sizeof(*q.slots));
	q.done = calloc(c->qd, sizeof(*q.done));
	if (!q.slots || !q.done) {
		free(q.slots);
		free(q.done);
		fail(c, LAT_NKINDS, 0, -ENOMEM);
		return -1;
	}
	ret = queue_loops[pat][tsc][verify](c, e, &q);
	free(q.slots);
	free(q.done);
	return ret;
}
