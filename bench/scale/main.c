// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-scale: fault scalability.  A DAX fault maps persistent memory
 * under the filesystem's and the mapping's locks; whether N threads
 * faulting disjoint regions go N times as fast as one, and how that
 * compares with the page cache, is what this program measures.  Each
 * repeat measures one thread alone and N threads together, in an order
 * that alternates between repeats so that drift favours neither.
 * scale.h lists the pieces; docs/scale.md says what each number means.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exitcode.h"
#include "scale.h"

static int setup(struct sc_run *r, int argc, char **argv)
{
	const struct sc_config *c = r->cfg;
	char why[256];

	r->page = (uint64_t)sysconf(_SC_PAGESIZE);
	r->ncpus = sc_allowed_cpus(r->cpus, SC_MAX_THREADS);
	if (!r->ncpus) {
		fprintf(stderr, "%s: sched_getaffinity: %s\n",
			program_invocation_short_name, strerror(errno));
		return -1;
	}
	r->oversubscribed = c->threads > r->ncpus;
	if (db_clock_init(&r->clock, c->clock, why, sizeof(why))) {
		fprintf(stderr, "%s: --clock tsc: %s\n",
			program_invocation_short_name, why);
		return -1;
	}
	r->res = db_result_new("scale", argc, argv);
	db_result_set_env(r->res, c->dir);
	db_result_set_clock(r->res, &r->clock);
	sc_record_params(r);
	return 0;
}

static int run_repeats(struct sc_run *r)
{
	struct sc_measure one = { .nthreads = 1 }, many = { .nthreads = r->cfg->threads };
	uint64_t i;
	int ret = 0;

	one.t = calloc(1, sizeof(*one.t));
	many.t = calloc(many.nthreads, sizeof(*many.t));
	if (!one.t || !many.t) {
		fprintf(stderr, "%s: out of memory\n", program_invocation_short_name);
		ret = -1;
	}
	for (i = 0; !ret && i < r->cfg->repeats; i++) {
		if (i % 2)
			ret = sc_measure(r, &many) || sc_measure(r, &one) ? -1 : 0;
		else
			ret = sc_measure(r, &one) || sc_measure(r, &many) ? -1 : 0;
		if (!ret)
			sc_record(r, &one, &many);
	}
	free(one.t);
	free(many.t);
	return ret;
}

int main(int argc, char **argv)
{
	struct sc_config cfg;
	struct sc_run r = { .cfg = &cfg };
	int ret = DB_EXIT_FAILED;

	sc_parse_args(argc, argv, &cfg);
	if (db_output_check(cfg.output))
		return DB_EXIT_FAILED;
	if (!setup(&r, argc, argv) && !run_repeats(&r) &&
	    !db_result_emit(r.res, cfg.output, cfg.json))
		ret = DB_EXIT_OK;
	db_result_free(r.res);
	return ret;
}
