// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-lat: the option table (from which --help is generated), the
 * defaults, the checks that tie options together; --list-engines.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "options.h"
#include "run.h"

#define MIN_BS		512
#define MAX_BS		(1u << 20)
#define MAX_QD		1024

const char *const lat_pattern_names[] = {
	"read", "overwrite", "append", "randread", "randwrite", "mix", NULL
};
const char *const lat_sync_names[] = {
	"none", "fdatasync", "fsync", "o_dsync", "o_sync", NULL
};

static void __attribute__((noreturn)) bad(const char *opt, const char *what)
{
	db_usage_error("%s: %s", opt, what);
}

static int list_engines(void)
{
	const char *const *n;
	int id = 0;

	for (n = lat_engine_names; *n; n++, id++) {
		const struct lat_engine_ops *e = lat_engine_get(id);

		printf("%-9s %s\n", *n, e->missing ? e->missing : "available");
	}
	return 0;
}

#define O(f)	offsetof(struct lat_opts, f)

static const struct db_option options[] = {
	{ .group = "Target", .name = "dir", .type = DB_OPT_STR, .off = O(dir),
	  .arg = "DIR", .help = "a new file in DIR, removed at exit" },
	{ .name = "file", .type = DB_OPT_STR, .off = O(file), .arg = "PATH",
	  .help = "this file (an existing one only with --keep)" },
	{ .name = "keep", .type = DB_OPT_SET, .off = O(keep),
	  .help = "keep the file" },
	{ .group = "Measurement", .name = "engine", .type = DB_OPT_CHOICE,
	  .off = O(engine), .arg = "E", .def = "psync",
	  .choices = lat_engine_names, .help = "the I/O engine" },
	{ .name = "direct", .type = DB_OPT_SET, .off = O(direct),
	  .help = "open the file with O_DIRECT" },
	{ .name = "op", .type = DB_OPT_CHOICE, .off = O(pattern), .arg = "OP",
	  .def = "randread", .choices = lat_pattern_names,
	  .help = "the operations and their order" },
	{ .name = "mix", .type = DB_OPT_U64, .off = O(mix), .arg = "PCT",
	  .def = "50", .max = 100, .help = "with --op mix: percent of reads" },
	{ .name = "bs", .type = DB_OPT_SIZE, .off = O(bs), .arg = "SIZE",
	  .def = "4k", .help = "block size, 512 to 1M" },
	{ .name = "size", .type = DB_OPT_SIZE, .off = O(size), .arg = "SIZE",
	  .def = "64M",
	  .help = "file size; for append, the most a repeat appends; for an existing file read: default its size" },
	{ .name = "qd", .type = DB_OPT_U64, .off = O(qd), .arg = "N", .def = "1",
	  .min = 1, .max = MAX_QD, .help = "queue depth of libaio and io_uring" },
	{ .name = "sqpoll", .type = DB_OPT_SET, .off = O(sqpoll),
	  .help = "io_uring: a kernel thread polls the submission queue" },
	{ .name = "sync", .type = DB_OPT_CHOICE, .off = O(sync), .arg = "MODE",
	  .def = "none", .choices = lat_sync_names,
	  .help = "fdatasync or fsync after every N writes, or an open flag" },
	{ .name = "sync-every", .type = DB_OPT_U64, .off = O(sync_every),
	  .arg = "N", .def = "1", .min = 1, .max = 1000000000,
	  .help = "with fdatasync or fsync: every N writes" },
	{ .name = "duration", .type = DB_OPT_DURATION, .off = O(duration_ns),
	  .arg = "D", .def = "5s", .min = 1, .help = "measure for D per repeat" },
	{ .name = "ops", .type = DB_OPT_U64, .off = O(ops), .arg = "N", .min = 1,
	  .max = UINT64_MAX / 2, .help = "or measure N operations per repeat" },
	{ .name = "warmup", .type = DB_OPT_DURATION, .off = O(warmup_ns),
	  .arg = "D", .def = "1s", .help = "unmeasured run before each repeat (0: none)" },
	{ .name = "repeats", .type = DB_OPT_U64, .off = O(repeats), .arg = "N",
	  .def = "3", .min = 1, .max = 10000, .help = "repeats" },
	{ .name = "seed", .type = DB_OPT_U64, .off = O(seed), .arg = "N",
	  .def = "1", .max = INT64_MAX, .help = "random offsets and mix" },
	{ .name = "verify", .type = DB_OPT_SET, .off = O(verify),
	  .help = "write a pattern, check every read, read the file back" },
	{ .name = "buffer-offset", .type = DB_OPT_U64, .off = O(buffer_offset),
	  .arg = "N", .def = "0", .max = 4095,
	  .help = "place I/O buffers N bytes past a page boundary" },
	DB_OPT_ENTRY_CLOCK(O(clock)),
	DB_OPT_ENTRY_OUTPUT(O(output), O(json)),
	{ .name = "list-engines", .type = DB_OPT_ACTION, .action = list_engines,
	  .help = "say which engines this build has, and why not" },
	{ .name = NULL },
};

static const struct db_opt_spec spec = {
	.name = "daxbench-lat",
	.usage = "(--dir DIR | --file PATH [--keep]) [options]",
	.summary = "Latency of each read or write, with percentiles, through one I/O engine.",
	.opts = options,
};

static bool reads_only(enum lat_pattern p)
{
	return p == LAT_PAT_READ || p == LAT_PAT_RANDREAD;
}

/* The rules that tie options together. */
static void check(struct lat_opts *o, const struct db_opt_given *g)
{
	bool ops = db_opt_was_given(g, "ops");

	if (o->engine == LAT_ENGINE_PSYNC && o->qd > 1)
		bad("--qd", "psync does one operation at a time: the queue depth must be 1 (use --engine libaio or io_uring for more)");
	if (o->sqpoll && o->engine != LAT_ENGINE_IO_URING)
		bad("--sqpoll", "only with --engine io_uring");
	if (o->bs < MIN_BS || o->bs > MAX_BS)
		bad("--bs", "must be between 512 and 1048576 bytes (512 to 1M)");
	if (o->bs > o->size && !(o->file && reads_only(o->pattern) && !o->size_given))
		db_usage_error("--bs: %llu bytes is larger than the file (--size %llu)",
			       (unsigned long long)o->bs, (unsigned long long)o->size);
	if (db_opt_was_given(g, "mix") && o->pattern != LAT_PAT_MIX)
		bad("--mix", "only with --op mix");
	if (o->sync != LAT_SYNC_NONE && reads_only(o->pattern))
		bad("--sync", "a sync mode needs writes: --op overwrite, append, randwrite or mix");
	if (db_opt_was_given(g, "sync-every") &&
	    o->sync != LAT_SYNC_FDATASYNC && o->sync != LAT_SYNC_FSYNC)
		bad("--sync-every", "only with --sync fdatasync or fsync");
	if (ops && db_opt_was_given(g, "duration"))
		bad("--ops", "give --ops or --duration, not both");
	if (o->dir && o->file)
		bad("--file", "give --dir or --file, not both");
	if (!o->dir && !o->file)
		bad("--dir", "name a directory (--dir) or a file (--file) to work on");
	if (ops)
		o->duration_ns = 0;
}

void lat_parse_args(int argc, char **argv, struct lat_opts *o)
{
	struct db_opt_given given;

	*o = (struct lat_opts){
		.engine = LAT_ENGINE_PSYNC, .pattern = LAT_PAT_RANDREAD,
		.sync = LAT_SYNC_NONE, .clock = DB_CLOCK_MONOTONIC,
		.bs = 4096, .size = 64ull << 20, .qd = 1, .mix = 50,
		.sync_every = 1, .duration_ns = 5000000000ull,
		.warmup_ns = 1000000000ull, .repeats = 3, .seed = 1,
	};
	db_opt_parse(&spec, argc, argv, o, &given);
	o->size_given = db_opt_was_given(&given, "size");
	check(o, &given);
}
