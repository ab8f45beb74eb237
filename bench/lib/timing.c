// SPDX-License-Identifier: GPL-2.0-only
/*
 * Clock set-up: overhead measurement and TSC calibration.
 */
#include <stdio.h>
#include <string.h>

#include "timing.h"
#include "cpu.h"

#define OVERHEAD_READS 200000
#define OVERHEAD_BATCH 1000
#define OVERHEAD_NS 20000000ull	/* at most 20 ms */
#define CALIBRATE_NS 50000000ull	/* 50 ms against CLOCK_MONOTONIC */

bool db_cpu_has_invariant_tsc(void)
{
	return db_cpu_flag("invariant_tsc");
}

/*
 * Mean cost of one clock read, from long runs of back-to-back reads.
 * Bounded in time as well as in count: in an emulated guest a read can
 * be a system call of several microseconds, and a fixed count would
 * cost every program a second at start-up.
 */
static double measure_overhead(const struct db_clock *c)
{
	volatile uint64_t sink = 0;
	uint64_t start, now;
	int i, reads = 0;

	for (i = 0; i < 1000; i++)
		sink += db_clock_ns(c);
	start = db_monotonic_ns();
	do {
		for (i = 0; i < OVERHEAD_BATCH; i++)
			sink += db_clock_ns(c);
		reads += OVERHEAD_BATCH;
		now = db_monotonic_ns();
	} while (reads < OVERHEAD_READS && now - start < OVERHEAD_NS);
	(void)sink;
	return (double)(now - start) / reads;
}

static void calibrate_tsc(struct db_clock *c)
{
	uint64_t t0, n0, t1, n1;

	n0 = db_monotonic_ns();
	t0 = db_rdtsc();
	do {
		n1 = db_monotonic_ns();
	} while (n1 - n0 < CALIBRATE_NS);
	t1 = db_rdtsc();
	c->tsc_ns_per_tick = (double)(n1 - n0) / (double)(t1 - t0);
	c->tsc_base = t1;
	c->ns_base = n1;
}

int db_clock_init(struct db_clock *c, enum db_clock_source source,
		  char *why, size_t whylen)
{
	struct timespec res;

	memset(c, 0, sizeof(*c));
	c->source = DB_CLOCK_MONOTONIC;
	clock_getres(CLOCK_MONOTONIC, &res);
	c->resolution_ns = (double)res.tv_sec * 1e9 + (double)res.tv_nsec;

	if (source == DB_CLOCK_TSC) {
		if (!db_cpu_has_invariant_tsc()) {
			snprintf(why, whylen,
				 "the CPU does not report an invariant TSC (cpuid 0x80000007 EDX bit 8)");
			c->overhead_ns = measure_overhead(c);
			return -1;
		}
		calibrate_tsc(c);
		c->source = DB_CLOCK_TSC;
		c->resolution_ns = c->tsc_ns_per_tick;
	}
	c->overhead_ns = measure_overhead(c);
	return 0;
}

const char *db_clock_name(const struct db_clock *c)
{
	return c->source == DB_CLOCK_TSC ? "tsc" : "clock_monotonic";
}
