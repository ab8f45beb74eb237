// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-lat: how long one read or write takes, at every percentile,
 * through psync (with or without O_DIRECT), libaio and io_uring.
 *
 * This file: main.  options.c reads the options and checks them, run.c
 * does the run, report.c turns it into the result; psync.c and queue.c
 * hold the measured loops, and one file per engine implements engine.h
 * (libaio.c, uring.c).  See docs/lat.md.
 */
#include <errno.h>
#include <stdio.h>

#include "engine.h"
#include "exitcode.h"
#include "result.h"
#include "run.h"

/* Asking for an engine this build lacks: say so, never skip silently. */
static int engine_missing(struct db_result *r, const struct lat_opts *o,
			  const char *why)
{
	fprintf(stderr, "%s: --engine %s: %s\n", program_invocation_short_name,
		lat_engine_names[o->engine], why);
	db_result_status(r, "unsupported", "%s", why);
	if ((o->output || o->json) && db_result_emit(r, o->output, o->json))
		return DB_EXIT_FAILED;
	return DB_EXIT_UNSUPPORTED;
}

int main(int argc, char **argv)
{
	const struct lat_engine_ops *eng;
	struct lat_opts o;
	struct db_result *r;
	int ret;

	lat_parse_args(argc, argv, &o);
	if (db_output_check(o.output))
		return DB_EXIT_FAILED;
	r = db_result_new("lat", argc, argv);
	lat_record_params(r, &o);
	eng = lat_engine_get(o.engine);
	if (eng->missing)
		ret = engine_missing(r, &o, eng->missing);
	else
		ret = lat_run(&o, r);
	db_result_free(r);
	return ret;
}
