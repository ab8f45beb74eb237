/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_FLATTEN_SET_H
#define DB_FLATTEN_SET_H

#include <stdbool.h>
#include <stdio.h>

#include "runload.h"

/*
 * daxbench-flatten: runs turned into tab-separated tables for gnuplot.
 * C does the arithmetic (means, stddevs, unit conversions, labels);
 * scripts/daxbench-plot and the gnuplot scripts in tools/plot only draw.
 *
 *   flatten.c         options, vars.gp, one table file per kind
 *   flatten-kinds.c   the table of each kind: lat, mmap, faults, fio
 *   flatten-set.c     the measurements of a set, the label of a series
 */

/* The measurements of one benchmark across all runs, in run order. */
struct fl_set {
	const struct rl_run *runs;
	size_t nruns;
	const char *benchmark;
	const char *xkey;	/* the parameter on the x axis, not a label */
	const char *always;	/* a parameter every label shows (lat: engine) */
	struct json_object *varying;	/* key -> does it vary? (a cache) */
};

/*
 * Before labelling a set whose benchmark, xkey and always are set, and
 * after: fl_label remembers which parameters vary over the set.
 */
void fl_set_begin(struct fl_set *s);
void fl_set_end(struct fl_set *s);

/* Iterate: fl_next(s, &j, &i) returns the next ok measurement or NULL. */
const struct rl_meas *fl_next(const struct fl_set *s, size_t *j, size_t *i);

/*
 * A series' name: "B ext4-dax psync direct" — the run's letter when
 * there are several runs, the path, and the parameters that differ
 * between the set's measurements.
 */
void fl_label(const struct fl_set *s, size_t run, const struct rl_meas *m,
	      char *buf, size_t len);

/* A parameter in bytes: 4096, "4k", "2M"; -1 if absent or not a size. */
double fl_param_bytes(const struct rl_meas *m, const char *key);

/*
 * A table being written: its rows, and for vars.gp each series' title,
 * its run (drawn as the dash pattern) and its colour (one per series
 * name without the run letter, so that A and B of a path match).
 */
struct fl_table {
	FILE *f;
	char **titles;
	size_t *run;
	size_t *colour;
	struct json_object *colours;	/* series name -> its colour */
	size_t ncolours;
	size_t ntitles;
	size_t nrows;
};

void fl_title(struct fl_table *t, const struct fl_set *s, size_t run,
	      const char *title);

#endif
