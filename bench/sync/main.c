// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-sync: the cost of durability.  An application that has
 * changed N pages of a file makes them durable with msync(MS_SYNC) (it
 * stored through a mapping) or fsync/fdatasync (it called write()).  On
 * DAX there is no page cache to write back, yet the kernel still walks
 * the dirty entries and flushes their cache lines
 * (dax_writeback_mapping_range), a cost the page cache pays differently:
 * by writing the pages to the device.  This program measures both, per
 * call and per dirtied page.  sync.h lists the pieces; docs/sync.md says
 * what each number means.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "exitcode.h"
#include "sync.h"

static int setup(struct sy_run *r, int argc, char **argv, char *why,
		 size_t whylen)
{
	const struct sy_config *c = r->cfg;
	char err[256];

	r->page = (uint64_t)sysconf(_SC_PAGESIZE);
	if (db_clock_init(&r->clock, c->clock, err, sizeof(err))) {
		fprintf(stderr, "%s: --clock tsc: %s\n",
			program_invocation_short_name, err);
		return -1;
	}
	if (db_target_open(&r->target, c->dir, c->file, c->keep, 0))
		return -1;
	r->res = db_result_new("sync", argc, argv);
	r->regions = db_regions_new();
	db_result_set_env(r->res, r->target.path);
	db_result_set_clock(r->res, &r->clock);
	sy_record_params(r);
	return sy_prepare(r, why, whylen);
}

static int run_repeats(struct sy_run *r)
{
	struct sy_sample s;
	uint64_t i;

	for (i = 0; i < r->cfg->repeats; i++) {
		r->repeat = (int)i;
		if (sy_repeat(r, &s))
			return -1;
		sy_record(r, &s);
	}
	db_regions_report(r->regions, r->res);
	return 0;
}

int main(int argc, char **argv)
{
	struct sy_config cfg;
	struct sy_run r = { .cfg = &cfg };
	int ret = DB_EXIT_FAILED, done;
	char why[256] = "";

	sy_parse_args(argc, argv, &cfg);
	if (db_output_check(cfg.output))
		return DB_EXIT_FAILED;
	r.target.fd = -1;
	r.target.slot = -1;
	done = setup(&r, argc, argv, why, sizeof(why));
	if (done > 0) {
		/* Refused: a result all the same, status "unsupported". */
		fprintf(stderr, "%s: --map sync: %s\n",
			program_invocation_short_name, why);
		db_result_status(r.res, "unsupported", "%s", why);
		if (!db_result_emit(r.res, cfg.output, cfg.json))
			ret = DB_EXIT_UNSUPPORTED;
	} else if (done == 0 && run_repeats(&r) == 0) {
		if (!db_result_emit(r.res, cfg.output, cfg.json))
			ret = DB_EXIT_OK;
	}
	sy_release(&r);
	db_regions_free(r.regions);
	db_target_close(&r.target);
	db_result_free(r.res);
	return ret;
}
