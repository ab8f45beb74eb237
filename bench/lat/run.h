/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_LAT_RUN_H
#define DB_LAT_RUN_H

#include "lat.h"
#include "result.h"

/* options.c: fill @o from the command line; exits 0 (--help), 2 (usage). */
void lat_parse_args(int argc, char **argv, struct lat_opts *o);
extern const char *const lat_pattern_names[];
extern const char *const lat_sync_names[];

/* run.c: set up, run the repeats, fill @r and emit it: returns the exit status. */
int lat_run(const struct lat_opts *o, struct db_result *r);

/* report.c: the parameters, and the metrics of one repeat. */
void lat_record_params(struct db_result *r, const struct lat_opts *o);

struct lat_repeat {
	const struct lat_ctx *c;
	double usr_ns, sys_ns;		/* CPU time over the measured loop */
	double timer_read_ns;		/* one clock read, measured */
	double peak_rss_bytes;
	double growth_bytes;		/* append: file size after - before */
};

void lat_report_repeat(struct db_result *r, const struct lat_opts *o,
		       const struct lat_repeat *rep);

#endif
