// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-mmap: the options, their defaults and --help; --list.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "run.h"
#include "version.h"

#define DEFAULT_SEED	1
#define DEFAULT_SIZE	(256ull << 20)
#define DEFAULT_BLOCK	4096ull
#define DEFAULT_DURATION 1000000000ull	/* 1 s of measured passes */

static const char *const clock_names[] = { "monotonic", "tsc", NULL };

enum {
	OPT_DIR = 256, OPT_FILE, OPT_KEEP, OPT_SIZE, OPT_OP, OPT_PATTERN,
	OPT_BLOCK, OPT_STORE, OPT_PERSIST, OPT_THREADS, OPT_SHARE, OPT_COLD,
	OPT_WARM, OPT_DURATION, OPT_PASSES, OPT_REPEATS, OPT_SEED,
	OPT_ROOFLINE, OPT_NO_ROOFLINE, OPT_VERIFY, OPT_LIST, OPT_OUTPUT, OPT_JSON,
	OPT_CLOCK, OPT_HELP, OPT_VERSION,
};

static const struct option long_opts[] = {
	{ "dir", required_argument, NULL, OPT_DIR },
	{ "file", required_argument, NULL, OPT_FILE },
	{ "keep", no_argument, NULL, OPT_KEEP },
	{ "size", required_argument, NULL, OPT_SIZE },
	{ "op", required_argument, NULL, OPT_OP },
	{ "pattern", required_argument, NULL, OPT_PATTERN },
	{ "block-size", required_argument, NULL, OPT_BLOCK },
	{ "store", required_argument, NULL, OPT_STORE },
	{ "persist", required_argument, NULL, OPT_PERSIST },
	{ "threads", required_argument, NULL, OPT_THREADS },
	{ "share", no_argument, NULL, OPT_SHARE },
	{ "cold", no_argument, NULL, OPT_COLD },
	{ "warm", no_argument, NULL, OPT_WARM },
	{ "duration", required_argument, NULL, OPT_DURATION },
	{ "passes", required_argument, NULL, OPT_PASSES },
	{ "repeats", required_argument, NULL, OPT_REPEATS },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "roofline", no_argument, NULL, OPT_ROOFLINE },
	{ "no-roofline", no_argument, NULL, OPT_NO_ROOFLINE },
	{ "verify", no_argument, NULL, OPT_VERIFY },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "output", required_argument, NULL, OPT_OUTPUT },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "clock", required_argument, NULL, OPT_CLOCK },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *f)
{
	fprintf(f,
"usage: daxbench-mmap (--dir DIR | --file PATH [--keep]) [OPTIONS]\n"
"\n"
"Throughput of loads and stores to a mapped file, against the same on\n"
"anonymous memory (the roofline), measured in the same run.\n"
"\n"
"  --dir DIR            a new file in DIR, removed at exit\n"
"  --file PATH          this file (created and removed; an existing one\n"
"                       only with --keep, and it is overwritten)\n"
"  --size SIZE          file size, a multiple of 4 KiB (default 256M)\n"
"  --op OP              read | write | copy-in | copy-out (default read)\n"
"  --pattern P          seq | rand: a seeded permutation, each block once\n"
"                       per pass (default seq)\n"
"  --block-size SIZE    64 .. 2M, a multiple of 64 (default 4k)\n"
"  --store KIND         plain | nt-sse2 | nt-avx2 | nt-avx512: how write\n"
"                       and copy-in store (default plain)\n"
"  --persist MODE       after each stored block: none | clwb | clflushopt |\n"
"                       clflush | msync | map-sync (default none)\n"
"  --threads N          pinned threads, round-robin over allowed CPUs (1)\n"
"  --share              all threads sweep the whole file (default: each\n"
"                       its own region)\n"
"  --cold | --warm      cold: page tables dropped before each pass, faults\n"
"                       measured; warm: pre-faulted (default)\n"
"  --duration D         measure passes until D of measured time (default 1s)\n"
"  --passes N           or exactly N passes\n"
"  --repeats N          repeats (default 3)\n"
"  --seed N             random order seed (default %d)\n"
"  --no-roofline        skip the anonymous-memory measurements\n"
"                       (--roofline: measure them, the default)\n"
"  --verify             check the data afterwards; exit 1 if it differs\n"
"  --list               which store kinds and persist modes this CPU runs\n"
"  --output FILE        write the JSON result to FILE (atomically)\n"
"  --json               JSON on stdout instead of the table\n"
"  --clock monotonic|tsc\n"
"  --help, --version\n"
"\n"
"Exit: 0 ok, 1 run-time failure (or --verify found the data wrong),\n"
"2 usage error, 3 refused: the CPU lacks the store kind or flush, or the\n"
"kernel refused MAP_SYNC (the result says status \"unsupported\").\n",
		DEFAULT_SEED);
}

static int parse_choice(const char *opt, const char *arg,
			const char *const *names, int *out)
{
	int i = db_parse_choice(opt, arg, names);

	if (i < 0)
		return -1;
	*out = i;
	return 0;
}

/* One option; -1 on a bad value (the parser said why). */
static int parse_one(struct mm_opts *o, int c, const char *arg)
{
	int v = 0, ret = 0;

	switch (c) {
	case OPT_DIR: o->dir = arg; break;
	case OPT_FILE: o->file = arg; break;
	case OPT_KEEP: o->keep = true; break;
	case OPT_SIZE: return db_parse_size("--size", arg, &o->size);
	case OPT_BLOCK: return db_parse_size("--block-size", arg, &o->block);
	case OPT_OP:
		ret = parse_choice("--op", arg, mm_op_names, &v);
		o->op = (enum mm_op)v;
		break;
	case OPT_PATTERN:
		ret = parse_choice("--pattern", arg, mm_pattern_names, &v);
		o->pattern = (enum mm_pattern)v;
		break;
	case OPT_STORE:
		ret = parse_choice("--store", arg, mm_store_names, &v);
		o->store = (enum mm_store)v;
		break;
	case OPT_PERSIST:
		ret = parse_choice("--persist", arg, mm_persist_names, &v);
		o->persist = (enum mm_persist)v;
		break;
	case OPT_THREADS:
		return db_parse_u64("--threads", arg, 1, MM_MAX_THREADS, &o->threads);
	case OPT_SHARE: o->share = true; break;
	case OPT_COLD: o->cold = true; break;
	case OPT_WARM: o->cold = false; break;
	case OPT_DURATION:
		o->passes = 0;
		return db_parse_duration("--duration", arg, &o->duration_ns);
	case OPT_PASSES:
		o->duration_ns = 0;
		return db_parse_u64("--passes", arg, 1, UINT32_MAX, &o->passes);
	case OPT_REPEATS:
		return db_parse_u64("--repeats", arg, 1, 100000, &o->repeats);
	case OPT_SEED:
		return db_parse_u64("--seed", arg, 0, INT64_MAX, &o->seed);
	case OPT_ROOFLINE: o->roofline = true; break;
	case OPT_NO_ROOFLINE: o->roofline = false; break;
	case OPT_VERIFY: o->verify = true; break;
	case OPT_LIST: o->list = true; break;
	case OPT_OUTPUT: o->output = arg; break;
	case OPT_JSON: o->json = true; break;
	case OPT_CLOCK:
		ret = parse_choice("--clock", arg, clock_names, &v);
		o->clock = v ? DB_CLOCK_TSC : DB_CLOCK_MONOTONIC;
		break;
	}
	return ret;
}

static int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", program_invocation_short_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

/* What no single option can check: sizes against each other, etc. */
static int check_opts(const struct mm_opts *o)
{
	uint64_t blocks = o->size / o->block;

	if (!!o->dir == !!o->file)
		return usage_error("give the target as exactly one of --dir DIR or --file PATH");
	if (o->keep && !o->file)
		return usage_error("--keep goes with --file");
	if (o->size % 4096)
		return usage_error("--size: %llu bytes: expected a multiple of 4096",
				   (unsigned long long)o->size);
	if (o->block % MM_MIN_BLOCK || o->block > MM_MAX_BLOCK)
		return usage_error("--block-size: %llu bytes: expected a multiple of 64 from 64 to 2M",
				   (unsigned long long)o->block);
	if (o->block > o->size)
		return usage_error("--block-size %llu is larger than the file (--size %llu)",
				   (unsigned long long)o->block,
				   (unsigned long long)o->size);
	if (!o->share && o->threads > blocks)
		return usage_error("--threads %llu: more threads than the file has regions: --size %llu holds %llu blocks of --block-size %llu, one region of whole blocks per thread (or use --share)",
				   (unsigned long long)o->threads,
				   (unsigned long long)o->size,
				   (unsigned long long)blocks,
				   (unsigned long long)o->block);
	if (!mm_op_stores(o->op) && o->store != MM_PLAIN)
		return usage_error("--store %s: %s stores nothing into the mapping; store kinds apply to write and copy-in",
				   mm_store_names[o->store], mm_op_names[o->op]);
	if (!mm_op_stores(o->op) && o->persist != MM_P_NONE)
		return usage_error("--persist %s: %s stores nothing into the mapping; persistence applies to write and copy-in",
				   mm_persist_names[o->persist], mm_op_names[o->op]);
	return 0;
}

/* 0 to go on, 1 to exit 0 (help, version), -1 for a usage error. */
int mm_parse_args(int argc, char **argv, struct mm_opts *o)
{
	char *argv0 = argv[0];
	int c;

	*o = (struct mm_opts){
		.size = DEFAULT_SIZE, .block = DEFAULT_BLOCK, .threads = 1,
		.duration_ns = DEFAULT_DURATION, .repeats = 3,
		.seed = DEFAULT_SEED, .roofline = true,
	};
	/* getopt's messages name argv[0]: name the program, as ours do. */
	argv[0] = program_invocation_short_name;
	while ((c = getopt_long(argc, argv, "", long_opts, NULL)) != -1) {
		if (c == OPT_HELP) {
			usage(stdout);
			return 1;
		}
		if (c == OPT_VERSION) {
			printf("daxbench-mmap %s\n", DB_VERSION);
			return 1;
		}
		if (c == '?' || parse_one(o, c, optarg)) {
			fprintf(stderr, "Try '%s --help'.\n", program_invocation_short_name);
			return -1;
		}
	}
	argv[0] = argv0;
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	if (o->list)
		return 0;
	return check_opts(o);
}

int mm_list_support(void)
{
	int i;

	for (i = 0; mm_store_names[i]; i++) {
		const char *f = mm_store_flag((enum mm_store)i);

		printf("store %-10s %s%s%s\n", mm_store_names[i],
		       !f || mm_cpu_has(f) ? "yes" : "no", f ? " cpuid " : "",
		       f ? f : "");
	}
	for (i = 0; mm_persist_names[i]; i++) {
		const char *f = mm_persist_flag((enum mm_persist)i);

		printf("persist %-10s %s%s%s%s\n", mm_persist_names[i],
		       !f || mm_cpu_has(f) ? "yes" : "no", f ? " cpuid " : "",
		       f ? f : "",
		       i == MM_P_MAP_SYNC ? " (and a DAX file)" : "");
	}
	return 0;
}

/* Mean of a metric's values, NAN if it has none. */
