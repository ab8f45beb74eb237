// SPDX-License-Identifier: GPL-2.0-only
/*
 * The psync engine: pread(2) and pwrite(2), one operation at a time, with
 * or without O_DIRECT (the file descriptor carries it).
 *
 * The loop reads the clock once per operation boundary: the end of one
 * operation is the start of the next, so an operation's latency is the
 * system call plus the loop's own bookkeeping (one histogram update, one
 * offset), and nothing is left out of the elapsed time.  A sync, or the
 * --verify work, gets a clock read of its own so that it is not charged
 * to the data operation next to it.
 */
#include <errno.h>
#include <unistd.h>

#include "engine.h"
#include "ops.h"

static void fail(struct lat_ctx *c, enum lat_kind k, uint64_t off, ssize_t ret)
{
	c->error.kind = k;
	c->error.off = off;
	c->error.ret = ret;
	c->error.err = ret < 0 ? errno : 0;
	c->failed = true;
}

static LAT_ALWAYS_INLINE int psync_loop(struct lat_ctx *c,
					const enum lat_pattern pat,
					const bool tsc, const bool verify)
{
	const struct db_clock *clk = c->clock;
	const uint64_t max_ops = c->max_ops, deadline = c->deadline_ns;
	const size_t bs = c->bs;
	const int fd = c->fd;
	char *const buf = c->buf;
	struct lat_gen g = c->gen;
	uint64_t t, t1, off, n = 0, extra_reads = 0, gen1 = 0;
	enum lat_kind k;
	ssize_t ret;
	int rc = 0;

	t = c->start_ns = lat_now(clk, tsc);
	while (n < max_ops && t < deadline) {
		k = lat_next(&g, pat, &off);
		if (verify && k == LAT_WRITE) {
			lat_pattern_fill(buf, off, bs, c->seed, LAT_GEN_WRITE);
			t = lat_now(clk, tsc);
			extra_reads++;
		}
		if (k == LAT_READ)
			ret = pread(fd, buf, bs, (off_t)off);
		else
			ret = pwrite(fd, buf, bs, (off_t)off);
		t1 = lat_now(clk, tsc);
		if (__builtin_expect(ret != (ssize_t)bs, 0)) {
			fail(c, k, off, ret);
			rc = -1;
			break;
		}
		db_hist_add(&c->hist[k], t1 - t);
		t = t1;
		n++;
		if (verify && k == LAT_READ) {
			c->verify_bad += lat_pattern_check(buf, off, bs, c->seed,
							   &gen1);
			t = lat_now(clk, tsc);
			extra_reads++;
		}
		if (lat_pattern_writes(pat) && k == LAT_WRITE &&
		    lat_sync_due(&g)) {
			if (c->sync_fn(fd)) {
				fail(c, LAT_SYNC, 0, -1);
				rc = -1;
				break;
			}
			t1 = lat_now(clk, tsc);
			db_hist_add(&c->hist[LAT_SYNC], t1 - t);
			t = t1;
		}
	}
	c->gen = g;
	c->end_ns = t;
	c->clock_reads += 1 + n + c->hist[LAT_SYNC].count + extra_reads;
	return rc;
}

/*
 * One specialised copy of the loop per (pattern, clock, verify): the
 * compiler folds every test of those three away.
 */
typedef int (*psync_fn)(struct lat_ctx *c);

#define PSYNC_ONE(p, t, v)						\
	static int psync_##p##_##t##_##v(struct lat_ctx *c)		\
	{								\
		return psync_loop(c, (enum lat_pattern)p, t, v);	\
	}
#define PSYNC_PAT(p)							\
	PSYNC_ONE(p, 0, 0) PSYNC_ONE(p, 0, 1)				\
	PSYNC_ONE(p, 1, 0) PSYNC_ONE(p, 1, 1)
#define PSYNC_ROW(p)							\
	{ { psync_##p##_0_0, psync_##p##_0_1 },				\
	  { psync_##p##_1_0, psync_##p##_1_1 } }

PSYNC_PAT(0) PSYNC_PAT(1) PSYNC_PAT(2) PSYNC_PAT(3) PSYNC_PAT(4) PSYNC_PAT(5)

_Static_assert(LAT_NPATTERNS == 6, "one PSYNC_ROW per pattern");
static const psync_fn psync_loops[LAT_NPATTERNS][2][2] = {
	PSYNC_ROW(0), PSYNC_ROW(1), PSYNC_ROW(2),
	PSYNC_ROW(3), PSYNC_ROW(4), PSYNC_ROW(5),
};

int lat_psync_run(struct lat_ctx *c, enum lat_pattern pat, bool verify)
{
	bool tsc = c->clock->source == DB_CLOCK_TSC;

	return psync_loops[pat][tsc][verify](c);
}

const struct lat_engine_ops lat_psync_ops = {
	.name = "psync",
	.queued = false,
};
