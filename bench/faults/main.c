// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-faults: how many page faults a loop over a mapped file takes,
 * what kind they were, and what each cost.
 *
 * A DAX file is mapped straight onto persistent memory: a store to an
 * unmapped page should take one fault, and a 2 MiB-aligned mapping of a
 * 2 MiB-aligned extent one PMD fault per 2 MiB, where the page cache takes
 * one fault per 4 KiB page (reads: one per 16 pages with fault-around).
 * This program measures exactly that.  Each repeat prepares the file
 * afresh, maps it afresh, and counts the faults of the measured loop
 * alone with two independent counters (see count.c), plus the
 * fs_dax tracepoints where tracefs allows (trace.c).
 * docs/faults.md explains every number and the counts to expect.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "exitcode.h"
#include "options.h"
#include "faults.h"
#include "result.h"
#include "target.h"
#include "timing.h"
#include "version.h"

/* Tracing is an extra: without it the counts still stand. */
static int open_tracer(struct fa_run *r)
{
	const struct fa_opts *o = &r->cfg->o;
	char why[512];

	if (o->trace == TRACE_OFF)
		return 0;
	if (o->devdax) {
		db_result_note(r->res, "fs_dax tracepoints not used: device-dax faults are not a filesystem's (drivers/dax/device.c has no such events)");
		return 0;
	}
	r->tracer = fa_trace_open(r->touches * (uint64_t)fa_passes(o->access) * 2,
				  why, sizeof(why));
	if (r->tracer)
		return 0;
	if (o->trace == TRACE_ON) {
		fprintf(stderr, "%s: --trace on: %s\n",
			program_invocation_short_name, why);
		return -1;
	}
	db_result_note(r->res, "fs_dax tracepoints not used: %s", why);
	return 0;
}

/*
 * A character device as --file: device-dax, mapped directly (1), or
 * refused (-1, reason in @why); 0 for a file.  A --size the device cannot
 * hold is a usage error: nothing has been measured yet.
 */
static int open_device(struct fa_run *r, char *why, size_t whylen)
{
	struct fa_opts *o = &r->cfg->o;
	int ret = db_devdax_probe(r->target.fd, &r->dev, why, whylen);

	if (ret <= 0)
		return ret;
	o->devdax = true;
	o->devdax_align = r->dev.align;
	if (o->size > r->dev.size)
		db_usage_error("--size: %llu bytes is more than %s holds (%llu bytes)",
			       (unsigned long long)o->size, r->dev.name,
			       (unsigned long long)r->dev.size);
	if (o->size % r->dev.align)
		db_usage_error("--size: %llu bytes is not a multiple of %s's alignment (%llu bytes)",
			       (unsigned long long)o->size, r->dev.name,
			       (unsigned long long)r->dev.align);
	/* Refused, not a usage error: a profile runs it on every path. */
	if (o->prepare != PREP_SPARSE) {
		snprintf(why, whylen, "--prepare %s: a device-dax device has no blocks to allocate or write: its memory is always there",
			 fa_prepare_names[o->prepare]);
		return -1;
	}
	return 1;
}

static int setup(struct fa_run *r, int argc, char **argv)
{
	struct fa_config *c = r->cfg;
	char why[256];
	int dev;

	if (db_target_open(&r->target, c->dir, c->file, c->keep, 0))
		return -1;
	dev = open_device(r, why, sizeof(why));
	if (dev < 0) {
		/* Not something to measure: say so in a result, exit 3. */
		fprintf(stderr, "%s: --file %s: %s\n",
			program_invocation_short_name, c->file, why);
		r->res = db_result_new("faults", argc, argv);
		db_result_set_env(r->res, NULL);
		db_result_status(r->res, "unsupported", "--file %s: %s", c->file, why);
		return 1;
	}
	if (db_clock_init(&r->clock, c->clock, why, sizeof(why))) {
		fprintf(stderr, "%s: --clock tsc: %s\n",
			program_invocation_short_name, why);
		return -1;
	}
	if (fa_build_offsets(r)) {
		fprintf(stderr, "%s: out of memory for %zu offsets\n",
			program_invocation_short_name, r->touches);
		return -1;
	}
	r->res = db_result_new("faults", argc, argv);
	r->regions = db_regions_new();
	fa_counters_open(&r->counters);
	if (!r->counters.perf_ok)
		db_result_note(r->res, "%s", r->counters.perf_why);
	if (open_tracer(r))
		return -1;
	db_result_set_env(r->res, r->target.path);
	db_result_set_clock(r->res, &r->clock);
	fa_record_params(r);
	return 0;
}

static int run_repeats(struct fa_run *r)
{
	struct fa_sample s;
	uint64_t i;
	int ret;

	for (i = 0; i < r->cfg->o.repeats; i++) {
		r->repeat = (int)i;
		ret = fa_one_repeat(r, &s);
		if (ret <= 0)
			return ret;
		fa_record(r, &s);
	}
	if (r->disagreements)
		db_result_note(r->res,
			"fault counters disagree in %u of %llu repeats: perf_event_open and getrusage differ (see counter_disagreement)",
			r->disagreements, (unsigned long long)r->cfg->o.repeats);
	db_regions_report(r->regions, r->res);
	return 1;
}

static void teardown(struct fa_run *r)
{
	fa_trace_close(r->tracer);
	r->tracer = NULL;
	fa_counters_close(&r->counters);
	db_regions_free(r->regions);
	if (r->target.keep && r->target.created)
		fprintf(stderr, "%s: kept %s\n", program_invocation_short_name,
			r->target.path);
	db_target_close(&r->target);
	free(r->offsets);
}

int main(int argc, char **argv)
{
	struct fa_config cfg;
	struct fa_run r = { .cfg = &cfg };
	int ret = DB_EXIT_FAILED, done;

	fa_parse_args(argc, argv, &cfg);
	if (db_output_check(cfg.output))
		return DB_EXIT_FAILED;
	done = setup(&r, argc, argv);
	if (done > 0 && !db_result_emit(r.res, cfg.output, cfg.json))
		ret = DB_EXIT_UNSUPPORTED;
	if (done == 0) {
		done = run_repeats(&r);
		/* A refusal is a result too: status "unsupported", exit 3. */
		if (done >= 0 && !db_result_emit(r.res, cfg.output, cfg.json))
			ret = done ? DB_EXIT_OK : DB_EXIT_UNSUPPORTED;
	}
	teardown(&r);
	db_result_free(r.res);
	return ret;
}
