/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_TIMING_H
#define DB_TIMING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/*
 * A clock for measured loops.  CLOCK_MONOTONIC is the default; the TSC is
 * used only when asked for, when the CPU says it is invariant, and after it
 * was calibrated against CLOCK_MONOTONIC.  Every result reports the clock's
 * own overhead, so a reader can tell a 50 ns figure from timer noise.
 */
enum db_clock_source {
	DB_CLOCK_MONOTONIC,
	DB_CLOCK_TSC,
};

struct db_clock {
	enum db_clock_source source;
	double overhead_ns;	/* mean cost of one read, measured */
	double resolution_ns;	/* clock_getres() or one TSC tick */
	double tsc_ns_per_tick;	/* TSC only: calibrated */
	uint64_t tsc_base;
	uint64_t ns_base;
};

static inline uint64_t db_monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

#if defined(__x86_64__) || defined(__i386__)
static inline uint64_t db_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}
#else
static inline uint64_t db_rdtsc(void)
{
	return 0;
}
#endif

/* Nanoseconds from the chosen clock (an arbitrary but fixed origin). */
static inline uint64_t db_clock_ns(const struct db_clock *c)
{
	if (c->source == DB_CLOCK_TSC)
		return c->ns_base +
		       (uint64_t)((double)(db_rdtsc() - c->tsc_base) * c->tsc_ns_per_tick);
	return db_monotonic_ns();
}

/*
 * Set up @c for @source and measure its overhead.  Returns 0, or -1 with
 * the reason in @why when the TSC cannot be trusted.
 */
int db_clock_init(struct db_clock *c, enum db_clock_source source,
		  char *why, size_t whylen);
const char *db_clock_name(const struct db_clock *c);
bool db_cpu_has_invariant_tsc(void);

#endif
