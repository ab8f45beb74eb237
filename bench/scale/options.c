// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-scale: the option table (from which --help is generated), the
 * defaults, and the checks that tie options together.
 */
#include <sched.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "parse.h"
#include "scale.h"

const char *const sc_files_names[] = { "one", "separate", NULL };
const char *const sc_op_names[] = { "write", "read", NULL };

struct sc_args {
	struct sc_config c;
	const char *threads;
};

#define C(f)	offsetof(struct sc_args, c.f)

static const struct db_option options[] = {
	{ .group = "Target", .name = "dir", .type = DB_OPT_STR, .off = C(dir),
	  .arg = "DIR", .help = "new files in DIR, removed at exit" },
	{ .group = "Measurement", .name = "threads", .type = DB_OPT_STR,
	  .off = offsetof(struct sc_args, threads), .arg = "N", .def = "2",
	  .help = "threads faulting at once, pinned one per allowed CPU; max: one per allowed CPU" },
	{ .name = "files", .type = DB_OPT_CHOICE, .off = C(files), .arg = "HOW",
	  .def = "one", .choices = sc_files_names,
	  .help = "disjoint regions of one file through one mapping, or a file and a mapping per thread" },
	{ .name = "size", .type = DB_OPT_SIZE, .off = C(region), .arg = "SIZE",
	  .def = "16M", .help = "the region each thread faults, a multiple of 2 MiB" },
	{ .name = "op", .type = DB_OPT_CHOICE, .off = C(op), .arg = "OP",
	  .def = "write", .choices = sc_op_names,
	  .help = "write: a store per page of a sparse file (the faults allocate); read: a load per page of a written file" },
	{ .name = "repeats", .type = DB_OPT_U64, .off = C(repeats), .arg = "N",
	  .def = "3", .min = 1, .max = 100000,
	  .help = "repeats, each measuring one thread alone and the N threads" },
	DB_OPT_ENTRY_CLOCK(C(clock)),
	DB_OPT_ENTRY_OUTPUT(C(output), C(json)),
	{ .name = NULL },
};

static const struct db_opt_spec spec = {
	.name = "daxbench-scale",
	.usage = "--dir DIR [options]",
	.summary = "Fault scalability: N threads faulting disjoint regions of one file or of separate files, against one thread alone in the same repeat.",
	.opts = options,
};

unsigned int sc_allowed_cpus(int *cpus, unsigned int max)
{
	cpu_set_t set;
	unsigned int n = 0;
	int i;

	if (sched_getaffinity(0, sizeof(set), &set))
		return 0;
	for (i = 0; i < CPU_SETSIZE && n < max; i++)
		if (CPU_ISSET(i, &set))
			cpus[n++] = i;
	return n;
}

static void check_threads(struct sc_args *a)
{
	int cpus[SC_MAX_THREADS];
	uint64_t v;

	if (!strcmp(a->threads, "max")) {
		a->c.threads = sc_allowed_cpus(cpus, SC_MAX_THREADS);
		if (!a->c.threads)
			db_usage_error("--threads max: cannot read this process's CPU affinity");
		return;
	}
	if (db_parse_u64("--threads", a->threads, 1, SC_MAX_THREADS, &v))
		db_usage_try();
	a->c.threads = (unsigned int)v;
}

void sc_parse_args(int argc, char **argv, struct sc_config *c)
{
	struct db_opt_given given;
	struct sc_args a = {
		.c = {
			.region = 16ull << 20, .files = FILES_ONE, .op = SC_WRITE,
			.repeats = 3, .clock = DB_CLOCK_MONOTONIC,
		},
		.threads = "2",
	};

	db_opt_parse(&spec, argc, argv, &a, &given);
	if (!a.c.dir)
		db_usage_error("--dir DIR is needed: where the files are made");
	if (!a.c.region || a.c.region % (2u << 20))
		db_usage_error("--size: %llu bytes: expected a multiple of 2 MiB (2M, 16M)",
			       (unsigned long long)a.c.region);
	check_threads(&a);
	*c = a.c;
}
