// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-lat: the options, their defaults and --help; --list-engines.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "parse.h"
#include "run.h"
#include "version.h"

#define DEFAULT_SEED	1
#define MIN_BS		512
#define MAX_BS		(1u << 20)
#define MAX_QD		1024

const char *const lat_pattern_names[] = {
	"read", "overwrite", "append", "randread", "randwrite", "mix", NULL
};
const char *const lat_sync_names[] = {
	"none", "fdatasync", "fsync", "o_dsync", "o_sync", NULL
};
const char *const lat_clock_names[] = { "monotonic", "tsc", NULL };

static void usage(FILE *f)
{
	fprintf(f,
"usage: daxbench-lat [options] (--dir DIR | --file PATH)\n"
"Latency of each read or write, with percentiles, through one I/O engine.\n"
"\n"
"  --engine E         psync (default), libaio or io_uring\n"
"  --direct           open the file with O_DIRECT\n"
"  --op OP            read, overwrite, append, randread (default), randwrite, mix\n"
"  --mix PCT          with --op mix: percent of reads (default 50)\n"
"  --bs SIZE          block size, 512 to 1M (default 4k)\n"
"  --size SIZE        file size (default 64M); for append, the most a repeat\n"
"                     appends; for an existing file read: default its size\n"
"  --qd N             queue depth of libaio and io_uring (default 1)\n"
"  --sqpoll           io_uring: a kernel thread polls the submission queue\n"
"  --sync MODE        none (default), fdatasync, fsync (after every N writes),\n"
"                     o_dsync, o_sync (open flags)\n"
"  --sync-every N     with fdatasync or fsync: every N writes (default 1)\n"
"  --duration D       measure for D per repeat (default 5s)\n"
"  --ops N            or measure N operations per repeat\n"
"  --warmup D         unmeasured run before each repeat (default 1s; 0: none)\n"
"  --repeats N        (default 3)\n"
"  --seed N           random offsets and mix (default %d)\n"
"  --verify           write a pattern, check every read, read the file back\n"
"  --buffer-offset N  place I/O buffers N bytes past a page boundary (default 0)\n"
"  --dir DIR          a new file in DIR, removed at exit\n"
"  --file PATH        this file (an existing one only with --keep)\n"
"  --keep             keep the file\n"
"  --clock C          monotonic (default) or tsc\n"
"  --output FILE      write the JSON result to FILE (atomically)\n"
"  --json             print the JSON result instead of the table\n"
"  --list-engines     say which engines this build has, and why not\n"
"  --help, --version\n", DEFAULT_SEED);
}

enum {
	OPT_ENGINE = 256, OPT_DIRECT, OPT_OP, OPT_MIX, OPT_BS, OPT_SIZE, OPT_QD,
	OPT_SQPOLL, OPT_SYNC, OPT_SYNC_EVERY, OPT_DURATION, OPT_OPS, OPT_WARMUP,
	OPT_REPEATS, OPT_SEED, OPT_VERIFY, OPT_BUFFER_OFFSET, OPT_DIR, OPT_FILE,
	OPT_KEEP, OPT_CLOCK, OPT_OUTPUT, OPT_JSON, OPT_LIST, OPT_HELP, OPT_VERSION,
};

static const struct option long_opts[] = {
	{ "engine", required_argument, NULL, OPT_ENGINE },
	{ "direct", no_argument, NULL, OPT_DIRECT },
	{ "op", required_argument, NULL, OPT_OP },
	{ "mix", required_argument, NULL, OPT_MIX },
	{ "bs", required_argument, NULL, OPT_BS },
	{ "size", required_argument, NULL, OPT_SIZE },
	{ "qd", required_argument, NULL, OPT_QD },
	{ "sqpoll", no_argument, NULL, OPT_SQPOLL },
	{ "sync", required_argument, NULL, OPT_SYNC },
	{ "sync-every", required_argument, NULL, OPT_SYNC_EVERY },
	{ "duration", required_argument, NULL, OPT_DURATION },
	{ "ops", required_argument, NULL, OPT_OPS },
	{ "warmup", required_argument, NULL, OPT_WARMUP },
	{ "repeats", required_argument, NULL, OPT_REPEATS },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "verify", no_argument, NULL, OPT_VERIFY },
	{ "buffer-offset", required_argument, NULL, OPT_BUFFER_OFFSET },
	{ "dir", required_argument, NULL, OPT_DIR },
	{ "file", required_argument, NULL, OPT_FILE },
	{ "keep", no_argument, NULL, OPT_KEEP },
	{ "clock", required_argument, NULL, OPT_CLOCK },
	{ "output", required_argument, NULL, OPT_OUTPUT },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "list-engines", no_argument, NULL, OPT_LIST },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

/* Which options were given, for the checks that combine them. */
struct given {
	bool mix, sync_every, duration, ops;
};

static int bad(const char *opt, const char *what)
{
	fprintf(stderr, "%s: %s: %s\n", program_invocation_short_name, opt, what);
	return -1;
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

static int parse_warmup(const char *arg, uint64_t *ns)
{
	if (arg && !strcmp(arg, "0")) {
		*ns = 0;
		return 0;
	}
	return db_parse_duration("--warmup", arg, ns);
}

static int choice(const char *opt, const char *arg, const char *const *names,
		  int *out)
{
	*out = db_parse_choice(opt, arg, names);
	return *out < 0 ? -1 : 0;
}

/* One option: 0, -1 on bad input, 1 when the program is done (--help). */
static int parse_one(int c, const char *arg, struct lat_opts *o, struct given *g)
{
	int v = 0, ret = 0;

	switch (c) {
	case OPT_ENGINE: ret = choice("--engine", arg, lat_engine_names, &v);
		o->engine = v; break;
	case OPT_OP: ret = choice("--op", arg, lat_pattern_names, &v);
		o->pattern = v; break;
	case OPT_SYNC: ret = choice("--sync", arg, lat_sync_names, &v);
		o->sync = v; break;
	case OPT_CLOCK: ret = choice("--clock", arg, lat_clock_names, &v);
		o->clock = v ? DB_CLOCK_TSC : DB_CLOCK_MONOTONIC; break;
	case OPT_MIX: g->mix = true;
		return db_parse_u64("--mix", arg, 0, 100, &o->mix);
	case OPT_BS: return db_parse_size("--bs", arg, &o->bs);
	case OPT_SIZE: o->size_given = true;
		return db_parse_size("--size", arg, &o->size);
	case OPT_QD: return db_parse_u64("--qd", arg, 1, MAX_QD, &o->qd);
	case OPT_SYNC_EVERY: g->sync_every = true;
		return db_parse_u64("--sync-every", arg, 1, 1000000000, &o->sync_every);
	case OPT_DURATION: g->duration = true;
		return db_parse_duration("--duration", arg, &o->duration_ns);
	case OPT_OPS: g->ops = true;
		return db_parse_u64("--ops", arg, 1, UINT64_MAX / 2, &o->ops);
	case OPT_WARMUP: return parse_warmup(arg, &o->warmup_ns);
	case OPT_REPEATS: return db_parse_u64("--repeats", arg, 1, 10000, &o->repeats);
	case OPT_SEED: return db_parse_u64("--seed", arg, 0, INT64_MAX, &o->seed);
	case OPT_BUFFER_OFFSET:
		return db_parse_u64("--buffer-offset", arg, 0, 4095, &o->buffer_offset);
	case OPT_DIRECT: o->direct = true; break;
	case OPT_SQPOLL: o->sqpoll = true; break;
	case OPT_VERIFY: o->verify = true; break;
	case OPT_KEEP: o->keep = true; break;
	case OPT_JSON: o->json = true; break;
	case OPT_DIR: o->dir = arg; break;
	case OPT_FILE: o->file = arg; break;
	case OPT_OUTPUT: o->output = arg; break;
	case OPT_LIST: list_engines(); return 1;
	case OPT_HELP: usage(stdout); return 1;
	case OPT_VERSION: printf("daxbench-lat %s\n", DB_VERSION); return 1;
	default: return -1;
	}
	return ret;
}

static bool reads_only(enum lat_pattern p)
{
	return p == LAT_PAT_READ || p == LAT_PAT_RANDREAD;
}

/* The rules that tie options together. */
static int check(struct lat_opts *o, const struct given *g)
{
	char msg[160];

	if (o->engine == LAT_ENGINE_PSYNC && o->qd > 1)
		return bad("--qd", "psync does one operation at a time: the queue depth must be 1 (use --engine libaio or io_uring for more)");
	if (o->sqpoll && o->engine != LAT_ENGINE_IO_URING)
		return bad("--sqpoll", "only with --engine io_uring");
	if (o->bs < MIN_BS || o->bs > MAX_BS)
		return bad("--bs", "must be between 512 and 1048576 bytes (512 to 1M)");
	if (o->bs > o->size && !(o->file && reads_only(o->pattern) && !o->size_given)) {
		snprintf(msg, sizeof(msg), "%llu bytes is larger than the file (--size %llu)",
			 (unsigned long long)o->bs, (unsigned long long)o->size);
		return bad("--bs", msg);
	}
	if (g->mix && o->pattern != LAT_PAT_MIX)
		return bad("--mix", "only with --op mix");
	if (o->sync != LAT_SYNC_NONE && reads_only(o->pattern))
		return bad("--sync", "a sync mode needs writes: --op overwrite, append, randwrite or mix");
	if (g->sync_every && o->sync != LAT_SYNC_FDATASYNC && o->sync != LAT_SYNC_FSYNC)
		return bad("--sync-every", "only with --sync fdatasync or fsync");
	if (g->ops && g->duration)
		return bad("--ops", "give --ops or --duration, not both");
	if (o->dir && o->file)
		return bad("--file", "give --dir or --file, not both");
	if (!o->dir && !o->file)
		return bad("--dir", "name a directory (--dir) or a file (--file) to work on");
	if (g->ops)
		o->duration_ns = 0;
	return 0;
}

/* 0 to go on, 1 to exit 0 (--help...), 2 for a usage error (reported). */
int lat_parse_args(int argc, char **argv, struct lat_opts *o)
{
	struct given g = { 0 };
	char *argv0;
	int c, ret;

	*o = (struct lat_opts){
		.engine = LAT_ENGINE_PSYNC, .pattern = LAT_PAT_RANDREAD,
		.sync = LAT_SYNC_NONE, .clock = DB_CLOCK_MONOTONIC,
		.bs = 4096, .size = 64ull << 20, .qd = 1, .mix = 50,
		.sync_every = 1, .duration_ns = 5000000000ull,
		.warmup_ns = 1000000000ull, .repeats = 3, .seed = DEFAULT_SEED,
	};
	/* getopt's messages name argv[0]: name the program, as ours do. */
	argv0 = argv[0];
	argv[0] = program_invocation_short_name;
	while ((c = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
		ret = parse_one(c, optarg, o, &g);
		if (ret > 0)
			return 1;
		if (ret < 0) {
			if (c == '?')
				fprintf(stderr, "Try '%s --help'.\n",
					program_invocation_short_name);
			return 2;
		}
	}
	argv[0] = argv0;
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n",
			program_invocation_short_name, argv[optind]);
		return 2;
	}
	return check(o, &g) ? 2 : 0;
}
