/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_REGIONS_H
#define DB_REGIONS_H

#include <stdint.h>

#include "region.h"
#include "result.h"

/*
 * The measured regions of one benchmark run, for instruction counts
 * (docs/results-format.md): each region is bracketed by the markers of
 * region.h, which daxbench's QEMU plugin counts, and, on a machine with
 * a PMU, by reads of two hardware instruction counters (user, kernel).
 *
 *	struct db_regions *rg = db_regions_new();
 *	for (rep = 0; rep < repeats; rep++) {
 *		db_region_begin(rg);
 *		... the measured loop, nothing else ...
 *		db_region_end(rg, rep);
 *		db_region_unit(rg, "fault", faults);
 *	}
 *	db_regions_report(rg, result);
 *
 * Opening the counters and reading them are system calls: they happen
 * outside the markers' region, never inside the loop.
 */
struct db_regions;

struct db_regions *db_regions_new(void);
/* In a counting guest, run SCHED_FIFO (regions.c says why); 1 if so. */
int db_regions_exclusive(void);
void db_regions_free(struct db_regions *rg);
void db_region_begin(struct db_regions *rg);
void db_region_end(struct db_regions *rg, int repeat);
/* How many @unit ("fault", "4k", "io", "block") the last region did. */
void db_region_unit(struct db_regions *rg, const char *unit, double count);
/* The insns object, and the insns_* metrics where the PMU counted. */
void db_regions_report(struct db_regions *rg, struct db_result *res);

#endif
