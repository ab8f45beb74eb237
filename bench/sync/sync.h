/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_SYNC_H
#define DB_SYNC_H

/*
 * daxbench-sync: what making N dirtied pages durable costs.
 *
 * Each round dirties N pages of a written file, through a shared
 * mapping (a store per page) or through write(), then makes them durable
 * with msync(MS_SYNC), fsync or fdatasync, and times the two apart.  On
 * DAX the sync writes back CPU cache lines (dax_writeback_mapping_range)
 * and write-protects the entries it cleaned; through the page cache it
 * writes the pages to the device.  docs/sync.md says what each number
 * means.
 *
 *   main.c     setup, the repeats, teardown
 *   options.c  the option table (from which --help comes) and the checks
 *   run.c      one repeat: the rounds, the measured sync call
 *   report.c   the result: parameters and one set of metrics a repeat
 */
#include <stdbool.h>
#include <stdint.h>

#include "regions.h"
#include "result.h"
#include "target.h"
#include "timing.h"

enum sy_via { VIA_MMAP, VIA_WRITE };
enum sy_call { CALL_MSYNC, CALL_FSYNC, CALL_FDATASYNC };
enum sy_map { MAP_PLAIN_SHARED, MAP_SYNC_SHARED };

extern const char *const sy_via_names[];
extern const char *const sy_call_names[];
extern const char *const sy_map_names[];

struct sy_config {
	const char *dir, *file, *output;
	bool keep, json;
	uint64_t size;
	uint64_t pages;		/* dirtied per round; 0 until "all" is resolved */
	bool all_pages;
	enum sy_via via;
	enum sy_call call;
	enum sy_map map;
	uint64_t rounds, repeats;
	enum db_clock_source clock;
};

/* Everything a run holds. */
struct sy_run {
	const struct sy_config *cfg;
	struct db_target target;
	struct db_clock clock;
	struct db_result *res;
	uint64_t page;		/* the page size */
	char *map;		/* --via mmap: the mapping, 2 MiB aligned */
	char *buf;		/* --via write: the pages written */
	struct db_regions *regions;	/* instruction counts of each call */
	int repeat;
};

/* One repeat's numbers, summed over its rounds. */
struct sy_sample {
	uint64_t rounds;
	uint64_t dirty_ns, sync_ns;
	uint64_t dirty_faults, sync_faults;	/* minor + major */
	uint64_t dirty_major;
	uint64_t max_sync_ns;
};

/* options.c: fill @c from the command line; exits 0 (--help), 2 (usage). */
void sy_parse_args(int argc, char **argv, struct sy_config *c);

/* run.c */
/*
 * Write the file so that every block is allocated (the rounds measure
 * overwrites, not allocation), and map it for --via mmap.  0, -1 on a
 * failure (said), 1 when the kernel refused MAP_SYNC (reason in @why).
 */
int sy_prepare(struct sy_run *r, char *why, size_t whylen);
/* One repeat: a warm-up round, then --rounds measured rounds. */
int sy_repeat(struct sy_run *r, struct sy_sample *s);
void sy_release(struct sy_run *r);

/* report.c */
void sy_record_params(struct sy_run *r);
void sy_record(struct sy_run *r, const struct sy_sample *s);

#endif
