/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_MMAP_RUN_H
#define DB_MMAP_RUN_H

/*
 * daxbench-mmap: one run of the benchmark, from the options (options.c)
 * through the measurement (run.c) to the result (report.c).
 */
#include <sched.h>

#include "regions.h"
#include "devdax.h"
#include "exitcode.h"
#include "mmap.h"
#include "result.h"
#include "target.h"

/*
 * The exit status when the CPU lacks a store kind or flush, or the kernel
 * refuses MAP_SYNC: not a success (the issue wants a non-zero exit) and
 * not a failure of the program; the result says "unsupported".
 */
#define MM_EXIT_REFUSED	DB_EXIT_UNSUPPORTED

#define TCG_RATIO_NOTE \
	"emulated CPU (TCG): only the ratios within one run (ratio_to_anon, ratio_to_huge) are meaningful; GB/s and ns are the emulator's"

struct mm_opts {
	const char *dir, *file;
	bool keep;
	uint64_t size, block;
	enum mm_op op;
	enum mm_pattern pattern;
	enum mm_store store;
	enum mm_persist persist;
	uint64_t threads;
	bool share, cold;
	uint64_t duration_ns, passes;	/* one is 0 */
	uint64_t repeats, seed;
	bool roofline, verify;
	const char *output;
	bool json;
	enum db_clock_source clock;
};

/* What a slice of one memory measured, or its slices add up to. */
struct mm_tally {
	uint64_t wall_ns, busy_ns, cpu_ns, blocks, bytes, passes, minflt, majflt;
};

/* The slices of one memory in one repeat, in time order. */
struct mm_series {
	struct mm_tally *slice;
	size_t n, cap;
};

/* slices.c: rates of a tally (@threads matters to on-CPU rates only). */
typedef double (*mm_rate_fn)(const struct mm_tally *t, unsigned int threads);
double mm_gbps(const struct mm_tally *t, unsigned int threads);
double mm_ns_per_block(const struct mm_tally *t, unsigned int threads);
double mm_gbps_on_cpu(const struct mm_tally *t, unsigned int threads);
/* The share of the measured time the threads were on a CPU. */
double mm_on_cpu(const struct mm_tally *t);
void mm_tally_add(struct mm_tally *t, const struct mm_tally *s);
int mm_series_push(struct mm_series *s, const struct mm_tally *t);
void mm_series_free(struct mm_series *s);
double mm_series_best(const struct mm_series *s, mm_rate_fn rate,
		      unsigned int threads);
void mm_series_rates(const struct mm_series *s, mm_rate_fn rate,
		     unsigned int threads, double *out);
size_t mm_series_ratios(const struct mm_series *a, const struct mm_series *b,
			mm_rate_fn rate, unsigned int threads, double *out);

/* Everything a run holds. */
struct mm_bench {
	struct mm_opts o;
	struct db_result *r;
	struct db_clock clock;
	struct mm_kernel k;
	struct mm_layout layout;
	struct mm_tags tags;
	struct db_target target;
	struct db_devdax dev;	/* when devdax */
	bool devdax;		/* --file is a device-dax character device */
	struct mm_mem file, anon, huge;
	bool have_huge;
	void **buf;
	int cpus[CPU_SETSIZE];
	int ncpus;
	uint64_t *sums;
	double min_on_cpu;	/* lowest share of time on a CPU, any memory */
	struct mm_series sfile, sanon, shuge;	/* this repeat's slices */
	struct db_regions *regions;	/* instruction counts: file slices */
	int repeat;
};

/*
 * Everything before the first measurement: clock, kernel choice, layout,
 * target file, result, the file's first mapping, buffers, rooflines.
 * Returns 0, or the exit status: 1 on a failure, MM_EXIT_REFUSED when
 * refused (both reported).
 */
int mm_bench_setup(struct mm_bench *b, int argc, char **argv);
/*
 * The repeats, then --verify: 0; -1 on a failure (reported); -2 when
 * --verify found the data wrong (reported, and the result's status is
 * "failed": emit it).
 */
int mm_bench_run(struct mm_bench *b);
void mm_bench_free(struct mm_bench *b);

/* options.c: fill @o from the command line; exits 0 (--help), 2 (usage). */
void mm_parse_args(int argc, char **argv, struct mm_opts *o);
/* --list: which store kinds and persist modes this CPU runs. */
int mm_list_support(void);

/* report.c */
bool mm_is_tcg(void);
void mm_record_params(struct mm_bench *b);
/*
 * A combination this CPU or this file cannot do: a message, and a result
 * with status "unsupported"; the caller exits MM_EXIT_REFUSED.
 */
void mm_refuse(struct mm_bench *b, const char *why);
/* The result to --output, and as JSON or the table on stdout: 0 or -1. */
int mm_emit(struct mm_bench *b);

#endif
