/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_FAULTS_H
#define DB_FAULTS_H

/*
 * daxbench-faults: the pieces shared by its source files.
 *
 *   main.c     setup, the repeats, teardown
 *   options.c  the options, their defaults and --help
 *   run.c      one repeat: the offsets, the measured loops, the counters
 *   report.c   the result: parameters and one set of metrics a repeat
 *   map.c      file preparation and the (aligned) mapping
 *   count.c    fault counters: perf_event_open and getrusage
 *   trace.c    fs_dax tracepoints and /proc/self/smaps
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "devdax.h"
#include "regions.h"
#include "result.h"
#include "target.h"
#include "timing.h"

#define SZ_2M (2ul << 20)

enum fa_access { ACC_READ, ACC_WRITE, ACC_READ_WRITE, ACC_WRITE_READ };
enum fa_order { ORDER_SEQ, ORDER_RAND };
enum fa_map { MAPM_SHARED, MAPM_PRIVATE, MAPM_SYNC };
enum fa_align { ALIGN_2M, ALIGN_MISALIGNED, ALIGN_ANY };
enum fa_prefault { PREFAULT_NONE, PREFAULT_POPULATE, PREFAULT_WILLNEED };
enum fa_huge { HUGE_NONE, HUGE_HUGEPAGE, HUGE_NOHUGEPAGE };
enum fa_prepare { PREP_SPARSE, PREP_FALLOCATE, PREP_WRITTEN };
enum fa_trace { TRACE_AUTO, TRACE_ON, TRACE_OFF };

extern const char *const fa_access_names[];
extern const char *const fa_order_names[];
extern const char *const fa_map_names[];
extern const char *const fa_align_names[];
extern const char *const fa_prefault_names[];
extern const char *const fa_huge_names[];
extern const char *const fa_prepare_names[];
extern const char *const fa_trace_names[];

struct fa_opts {
	uint64_t size;
	uint64_t stride;
	uint64_t seed;
	uint64_t repeats;
	enum fa_access access;
	enum fa_order order;
	enum fa_map map;
	enum fa_align align;
	enum fa_prefault prefault;
	enum fa_huge huge;
	enum fa_prepare prepare;
	enum fa_trace trace;
	bool devdax;		/* --file is a device-dax character device */
	uint64_t devdax_align;
};

/* --- map.c ------------------------------------------------------------- */

/*
 * Give @fd the size and backing that --prepare asks for, from an empty
 * file.  Returns 0, or -1 with the reason in @why; *@unsupported is set
 * when the filesystem refuses the operation (fallocate on ext2...).
 */
int fa_prepare_file(int fd, const struct fa_opts *o, bool *unsupported,
		    char *why, size_t whylen);

/*
 * Map @fd as --map, --align, --prefault and --hugepage ask.  Returns the
 * address, or NULL with the reason in @why; *@unsupported is set when the
 * kernel refuses the combination (MAP_SYNC without DAX).
 */
void *fa_map_file(int fd, const struct fa_opts *o, bool *unsupported,
		  char *why, size_t whylen);
void fa_unmap(void *addr, const struct fa_opts *o);

/* The largest power of two dividing @addr, capped at 1 GiB. */
uint64_t fa_alignment(const void *addr);

/* --- count.c ----------------------------------------------------------- */

struct fa_count {
	uint64_t minor;
	uint64_t major;
};

struct fa_counters {
	int perf_fd[2];		/* PAGE_FAULTS_MIN (group leader), _MAJ */
	bool perf_ok;
	char perf_why[256];	/* why perf_event_open is not used */
};

/* Open the perf counters; falls back to getrusage alone, saying why. */
void fa_counters_open(struct fa_counters *c);
void fa_counters_close(struct fa_counters *c);
/* Zero and enable / disable the perf counters (no-ops without perf). */
void fa_counters_start(struct fa_counters *c);
void fa_counters_stop(struct fa_counters *c);
/*
 * Faults counted so far: perf since start (zero without perf) and the
 * thread's getrusage(RUSAGE_THREAD) totals.  -1 if perf could not be read.
 */
int fa_counters_read(struct fa_counters *c, struct fa_count *perf,
		     struct fa_count *ru);

/* --- trace.c ----------------------------------------------------------- */

/* What the fs_dax tracepoints saw during one measured loop. */
struct fa_trace_counts {
	uint64_t pmd_fault_done;	/* dax_pmd_fault_done, any result */
	uint64_t pmd_nopage;		/* ... mapped a PMD (NOPAGE) */
	uint64_t pmd_fallback;		/* ... fell back to PTEs (FALLBACK) */
	uint64_t pmd_needdsync;		/* ... MAP_SYNC: metadata synced first */
	uint64_t pmd_load_hole;		/* huge zero page mapped for a read */
	uint64_t pmd_load_hole_fallback;
	uint64_t pmd_insert_mapping;	/* dax_pmd_insert_mapping */
	uint64_t pte_fault_done;	/* dax_pte_fault_done, any result */
	uint64_t pte_major;		/* ... with MAJOR (block allocated) */
	uint64_t load_hole;		/* 4 KiB zero page mapped for a read */
	uint64_t insert_mapping;	/* dax_insert_mapping */
	uint64_t pfn_mkwrite;		/* dax_insert_pfn_mkwrite(_no_entry) */
	bool lost;			/* the buffer overflowed: incomplete */
};

struct fa_tracer;

/*
 * Set up a private tracefs instance recording the fs_dax events of this
 * process.  Returns NULL with the reason in @why when tracing is not
 * possible (not root, no tracefs, no fs_dax events).  The instance is
 * removed by fa_trace_close(), at exit and on SIGINT/SIGTERM/SIGHUP.
 */
struct fa_tracer *fa_trace_open(uint64_t expected_events, char *why,
				size_t whylen);
/* Whether this kernel has @event (its counts are meaningless if not). */
bool fa_trace_has(const struct fa_tracer *t, const char *event);
int fa_trace_start(struct fa_tracer *t);
int fa_trace_stop(struct fa_tracer *t, struct fa_trace_counts *c);
void fa_trace_close(struct fa_tracer *t);

/* The smaps fields of the mapping starting at @addr, in bytes. */
struct fa_smaps {
	int64_t rss;
	int64_t file_pmd_mapped;
	int64_t shmem_pmd_mapped;
	int thp_eligible;	/* -1 when the kernel does not say */
};
int fa_smaps_read(const void *addr, struct fa_smaps *s);

/* --- main.c, options.c, run.c, report.c -------------------------------- */

struct fa_config {
	struct fa_opts o;
	const char *dir, *file, *output;
	bool keep, json;
	enum db_clock_source clock;
};

/* Everything one run needs. */
struct fa_run {
	struct fa_config *cfg;
	struct db_target target;
	struct db_clock clock;
	struct fa_counters counters;
	struct fa_tracer *tracer;
	struct db_devdax dev;	/* when o.devdax */
	struct db_result *res;
	struct db_regions *regions;	/* instruction-count regions */
	int repeat;
	uint64_t *offsets;	/* the byte offsets touched, in order */
	size_t touches;
	unsigned int disagreements;
};

/* One repeat's numbers. */
struct fa_sample {
	struct fa_count perf[2], ru[2];	/* per pass */
	uint64_t ns;
	uint64_t alignment;
	struct fa_smaps smaps;
	struct fa_trace_counts trace;
	bool traced, perf_read_failed;
};

/* options.c: fill @c from the command line; exits 0 (--help), 2 (usage). */
void fa_parse_args(int argc, char **argv, struct fa_config *c);

/* run.c */
/* 1 pass for read or write, 2 for read-then-write and write-then-read. */
int fa_passes(enum fa_access a);
/* The offsets the loop touches, in order: 0, or -1 out of memory. */
int fa_build_offsets(struct fa_run *r);
/* 1: done, 0: the kernel refused (status set), -1: failed (message out). */
int fa_one_repeat(struct fa_run *r, struct fa_sample *s);

/* report.c */
void fa_record_params(struct fa_run *r);
/* Add one repeat's metrics to the result. */
void fa_record(struct fa_run *r, const struct fa_sample *s);

#endif
