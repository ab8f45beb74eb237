/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_RUNLOAD_H
#define DB_RUNLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <json-c/json.h>

#include "jsonutil.h"
#include "result.h"
#include "stability.h"

/*
 * Loading run directories for compare, report and flatten.  A run is
 * results/<run-id>/run.json plus one daxbench-result per measurement
 * (docs/results-format.md, and docs/running.md for run.json).  Loading
 * only reads; every file is checked against its schema, and anything
 * malformed, truncated or inconsistent is refused with a message that
 * names the file and says what is wrong.
 */
#define RL_RUN_SCHEMA	"daxbench-run"
#define RL_RUN_VERSION	1

struct rl_metric {
	const char *name;
	const char *unit;
	enum db_better better;
	double *v;		/* the non-null values, in repeat order */
	size_t n;		/* how many */
	size_t nnull;		/* repeats that could not be measured */
	/*
	 * Times, rates and ratios only (judged): the result's stability
	 * verdict (docs/metrics.md, "Stability"), unknown in a result
	 * written before verdicts.  why: the reason when noisy, else
	 * empty or the result's reason for unknown.
	 */
	bool judged;
	enum db_verdict verdict;
	char why[192];
};

/* True when @m is a time, rate or ratio judged noisy. */
bool rl_noisy(const struct rl_metric *m);

struct rl_meas {
	const char *id;
	const char *benchmark;
	const char *path;	/* the path name: ext4-dax, ext4-pagecache... */
	const char *status;	/* ok, unsupported, failed... */
	const char *reason;	/* NULL when status is ok */
	char *file;		/* the result file read, or NULL */
	struct json_object *result;	/* the whole result, or NULL */
	struct json_object *params;	/* its parameters, or NULL */
	struct rl_metric *metrics;
	size_t nmetrics;
};

struct rl_run {
	char *arg;		/* as given on the command line */
	char *dir;		/* the run directory */
	const char *run_id;
	struct json_object *root;	/* run.json (synthesised for one result) */
	struct json_object *env;	/* the environment, or NULL */
	struct json_object *notes;	/* every distinct note, run and results */
	struct rl_meas *meas;
	size_t nmeas;
};

/*
 * Load @arg: a run directory, its run.json, or a single result file
 * (a run of one measurement, path "-", id = its benchmark).  Returns 0,
 * or -1 after printing why on stderr.
 */
int rl_load(const char *arg, struct rl_run *run);
void rl_free(struct rl_run *run);

/* The measurement (path, id) of @run, or NULL. */
struct rl_meas *rl_find(const struct rl_run *run, const char *path,
			const char *id);
/* The metric @name of @m, or NULL. */
struct rl_metric *rl_metric(const struct rl_meas *m, const char *name);

/* A string of the environment the measurements ran in ("thp.enabled"). */
const char *rl_env(const struct rl_run *run, const char *key);
/* Run facts with fallbacks: kernel release, accelerator, CPU model. */
const char *rl_kernel(const struct rl_run *run);
const char *rl_accel(const struct rl_run *run);
const char *rl_cpu(const struct rl_run *run);
/* True if any note of the run or its results says the CPU is emulated. */
bool rl_emulated(const struct rl_run *run);

const char *rl_better_name(enum db_better b);

#endif
