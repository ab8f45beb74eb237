/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_SCALE_H
#define DB_SCALE_H

/*
 * daxbench-scale: does the fault path scale with threads?  N threads,
 * pinned one per CPU, fault disjoint regions of one file (one mapping)
 * or of a file each (a mapping each), one byte per page; in the same
 * repeat one thread faults one such region alone, the baseline.  The
 * scaling efficiency is the threads' summed fault rate over N times the
 * baseline's: 1 is perfect scaling, less is contention (the mapping's
 * locks, the filesystem's allocator, the page cache's).
 *
 *   main.c     setup, the repeats, teardown
 *   options.c  the option table (from which --help comes) and the checks
 *   run.c      one measurement: files, mappings, threads, the touch loop
 *   report.c   the result: parameters and one set of metrics a repeat
 */
#include <stdbool.h>
#include <stdint.h>

#include "result.h"
#include "timing.h"

#define SC_MAX_THREADS	1024

enum sc_files { FILES_ONE, FILES_SEPARATE };
enum sc_op { SC_WRITE, SC_READ };

extern const char *const sc_files_names[];
extern const char *const sc_op_names[];

struct sc_config {
	const char *dir, *output;
	bool json;
	uint64_t region;	/* bytes per thread */
	unsigned int threads;
	enum sc_files files;
	enum sc_op op;
	uint64_t repeats;
	enum db_clock_source clock;
};

/* What one thread did in one measurement. */
struct sc_thread {
	uint64_t faults, major;
	uint64_t start_ns, end_ns;
};

/* One measurement: @nthreads threads at once. */
struct sc_measure {
	unsigned int nthreads;
	struct sc_thread *t;
	uint64_t wall_ns;	/* first start to last end */
};

struct sc_run {
	const struct sc_config *cfg;
	struct db_clock clock;
	struct db_result *res;
	int cpus[SC_MAX_THREADS];
	unsigned int ncpus;
	uint64_t page;
	bool oversubscribed;
};

/* options.c: fill @c from the command line; exits 0 (--help), 2 (usage). */
void sc_parse_args(int argc, char **argv, struct sc_config *c);
/* The CPUs this process may run on: the threads' pinning. */
unsigned int sc_allowed_cpus(int *cpus, unsigned int max);

/* run.c: one measurement of @m->nthreads threads; 0, or -1 (said). */
int sc_measure(struct sc_run *r, struct sc_measure *m);

/* report.c */
void sc_record_params(struct sc_run *r);
void sc_record(struct sc_run *r, const struct sc_measure *one,
	       const struct sc_measure *many);

#endif
