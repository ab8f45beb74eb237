/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_SERIES_H
#define DB_SERIES_H

#include <stdbool.h>
#include <stddef.h>

#include "store.h"

/*
 * The history read back as series: one per machine, test (path,
 * measurement, benchmark, parameters) and metric, its runs in time
 * order with every repeat.  The runs and machines are read once; the
 * values are streamed one series at a time, so that a history of
 * millions of values is never all in memory.
 */
struct se_machine {
	long long id;
	char *name, *fingerprint;
	bool emulated;		/* accelerator tcg: times are the emulator's */
};

struct se_run {
	long long id, machine;
	char *run_id, *started, *status, *dir;
	char *kernel;		/* release */
	char *kernel_version;	/* uname -v */
	char *tool;		/* the daxbench version that measured it */
	size_t index;		/* position in se_meta.runs */
};

struct se_meta {
	struct se_machine *machines;
	size_t nmachines;
	struct se_run *runs;	/* by machine, then time */
	size_t nruns;
	size_t *by_id;		/* indices of runs, by database id */
};

struct se_series {
	long long machine;
	const char *path, *name, *benchmark, *params;
	const char *metric, *unit, *better;
	size_t nruns;
	const struct se_run **runs;	/* [nruns] */
	size_t *start;		/* [nruns + 1], into v */
	double *v;
};

int se_meta_load(struct hs_db *db, struct se_meta *m);
void se_meta_free(struct se_meta *m);
const struct se_machine *se_machine_by_id(const struct se_meta *m, long long id);

/*
 * Call @fn for every series of @machine (all machines when < 0) with
 * at least one value; stops with @fn's non-zero return.
 */
typedef int (*se_fn)(void *arg, const struct se_series *s);
int se_scan(struct hs_db *db, const struct se_meta *m, long long machine,
	    se_fn fn, void *arg);

/*
 * Deterministic metrics (counts, instruction counts, states): exact or
 * nearly, so small changes are real.  The rest (times, rates, ratios)
 * are noisy.
 */
bool se_deterministic(const char *metric, const char *unit);

#endif
