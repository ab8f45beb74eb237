// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-faults: the options, their defaults and --help.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "faults.h"
#include "parse.h"
#include "version.h"

#define DEFAULT_SIZE	(64ull << 20)
#define DEFAULT_SEED	1
#define DEFAULT_REPEATS	3
#define MAX_TOUCHES	(1ull << 26)	/* 512 MiB of offsets */

const char *const fa_access_names[] = {
	"read", "write", "read-then-write", "write-then-read", NULL };
const char *const fa_order_names[] = { "seq", "rand", NULL };
const char *const fa_map_names[] = { "shared", "private", "sync", NULL };
const char *const fa_align_names[] = { "2m", "misaligned", "any", NULL };
const char *const fa_prefault_names[] = {
	"none", "populate", "willneed", NULL };
const char *const fa_huge_names[] = {
	"none", "hugepage", "nohugepage", NULL };
const char *const fa_prepare_names[] = {
	"sparse", "fallocate", "written", NULL };
const char *const fa_trace_names[] = { "auto", "on", "off", NULL };
const char *const fa_clock_names[] = { "monotonic", "tsc", NULL };

static void usage(FILE *f)
{
	fprintf(f,
"Usage: daxbench-faults (--dir DIR | --file PATH [--keep]) [options]\n"
"Count the page faults of a loop over a mapped file, and their cost.\n"
"\n"
"Target:\n"
"  --dir DIR            a new file in DIR, removed at exit\n"
"  --file PATH          this file (an existing one only with --keep; its\n"
"                       contents are replaced)\n"
"  --keep               do not remove the file at exit\n"
"Measurement:\n"
"  --size SIZE          file and mapping size, a page multiple [64M]\n"
"  --access MODE        read|write|read-then-write|write-then-read [write]\n"
"  --order ORDER        seq|rand: order of the touched offsets [seq]\n"
"  --seed N             seed of the rand order [%d]\n"
"  --stride SIZE        distance between touched bytes [one page]\n"
"  --map MODE           shared|private|sync (MAP_SHARED_VALIDATE|MAP_SYNC)\n"
"                       [shared]\n"
"  --align MODE         2m (address 2 MiB aligned), misaligned (2 MiB + one\n"
"                       page), any (the kernel's choice) [any]\n"
"  --prefault MODE      none|populate (MAP_POPULATE)|willneed (MADV_WILLNEED)\n"
"                       [none]\n"
"  --hugepage MODE      none|hugepage|nohugepage (madvise) [none]\n"
"  --prepare MODE       sparse (ftruncate)|fallocate|written [sparse]\n"
"  --repeats N          repeats, each from a freshly prepared file and a\n"
"                       fresh mapping [%d]\n"
"  --trace MODE         fs_dax tracepoints: auto (when tracefs allows)|on\n"
"                       (fail without)|off [auto]\n"
"  --clock SOURCE       monotonic|tsc [monotonic]\n"
"Output:\n"
"  --output FILE        write the JSON result to FILE (atomically)\n"
"  --json               JSON on stdout instead of the table\n"
"  --help, --version\n"
"\n"
"Exit status: 0 (also when the kernel refuses the combination: status\n"
"\"unsupported\" in the result), 1 run-time failure, 2 usage error.\n",
		DEFAULT_SEED, DEFAULT_REPEATS);
}

static int choice(const char *opt, const char *arg, const char *const *names)
{
	int i = db_parse_choice(opt, arg, names);

	if (i < 0)
		exit(2);
	return i;
}

static void parse_size_opt(const char *opt, const char *arg, uint64_t *v)
{
	if (db_parse_size(opt, arg, v))
		exit(2);
}

static void __attribute__((format(printf, 1, 2), noreturn))
usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", program_invocation_short_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help'.\n", program_invocation_short_name);
	exit(2);
}

/* Checks that need more than one option. */
static void check_config(struct fa_config *c)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);

	if (!c->dir == !c->file)
		usage_error("exactly one of --dir DIR or --file PATH is needed");
	if (c->o.size % page)
		usage_error("--size: '%llu' bytes is not a multiple of the page size (%llu bytes)",
			    (unsigned long long)c->o.size, (unsigned long long)page);
	if (c->o.align == ALIGN_2M && c->o.size < SZ_2M)
		usage_error("--align 2m: needs --size of at least 2M (a PMD maps 2 MiB)");
	if (c->o.stride > c->o.size)
		usage_error("--stride: must not exceed --size");
	if ((c->o.size + c->o.stride - 1) / c->o.stride > MAX_TOUCHES)
		usage_error("--stride: too small for --size (more than 2^26 touches)");
	if (c->file && c->keep == false && !access(c->file, F_OK))
		usage_error("--file: '%s' exists; add --keep to use it (its contents are replaced)",
			    c->file);
}

void fa_parse_args(int argc, char **argv, struct fa_config *c)
{
	enum { O_SIZE = 256, O_ACCESS, O_ORDER, O_SEED, O_STRIDE, O_MAP,
	       O_ALIGN, O_PREFAULT, O_HUGE, O_PREPARE, O_REPEATS, O_TRACE,
	       O_CLOCK, O_DIR, O_FILE, O_KEEP, O_OUTPUT, O_JSON, O_HELP,
	       O_VERSION };
	static const struct option longopts[] = {
		{ "size", required_argument, NULL, O_SIZE },
		{ "access", required_argument, NULL, O_ACCESS },
		{ "order", required_argument, NULL, O_ORDER },
		{ "seed", required_argument, NULL, O_SEED },
		{ "stride", required_argument, NULL, O_STRIDE },
		{ "map", required_argument, NULL, O_MAP },
		{ "align", required_argument, NULL, O_ALIGN },
		{ "prefault", required_argument, NULL, O_PREFAULT },
		{ "hugepage", required_argument, NULL, O_HUGE },
		{ "prepare", required_argument, NULL, O_PREPARE },
		{ "repeats", required_argument, NULL, O_REPEATS },
		{ "trace", required_argument, NULL, O_TRACE },
		{ "clock", required_argument, NULL, O_CLOCK },
		{ "dir", required_argument, NULL, O_DIR },
		{ "file", required_argument, NULL, O_FILE },
		{ "keep", no_argument, NULL, O_KEEP },
		{ "output", required_argument, NULL, O_OUTPUT },
		{ "json", no_argument, NULL, O_JSON },
		{ "help", no_argument, NULL, O_HELP },
		{ "version", no_argument, NULL, O_VERSION },
		{ NULL, 0, NULL, 0 }
	};
	char *argv0 = argv[0];
	int opt;

	*c = (struct fa_config){
		.o = {
			.size = DEFAULT_SIZE, .seed = DEFAULT_SEED,
			.stride = (uint64_t)sysconf(_SC_PAGESIZE),
			.repeats = DEFAULT_REPEATS, .access = ACC_WRITE,
			.order = ORDER_SEQ, .map = MAPM_SHARED, .align = ALIGN_ANY,
			.prefault = PREFAULT_NONE, .huge = HUGE_NONE,
			.prepare = PREP_SPARSE, .trace = TRACE_AUTO,
		},
		.clock = DB_CLOCK_MONOTONIC,
	};
	/* getopt's messages name argv[0]: name the program, as ours do. */
	argv[0] = program_invocation_short_name;
	while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (opt) {
		case O_SIZE: parse_size_opt("--size", optarg, &c->o.size); break;
		case O_STRIDE: parse_size_opt("--stride", optarg, &c->o.stride); break;
		case O_ACCESS: c->o.access = choice("--access", optarg, fa_access_names); break;
		case O_ORDER: c->o.order = choice("--order", optarg, fa_order_names); break;
		case O_MAP: c->o.map = choice("--map", optarg, fa_map_names); break;
		case O_ALIGN: c->o.align = choice("--align", optarg, fa_align_names); break;
		case O_PREFAULT: c->o.prefault = choice("--prefault", optarg, fa_prefault_names); break;
		case O_HUGE: c->o.huge = choice("--hugepage", optarg, fa_huge_names); break;
		case O_PREPARE: c->o.prepare = choice("--prepare", optarg, fa_prepare_names); break;
		case O_TRACE: c->o.trace = choice("--trace", optarg, fa_trace_names); break;
		case O_CLOCK: c->clock = choice("--clock", optarg, fa_clock_names); break;
		case O_SEED:
			if (db_parse_u64("--seed", optarg, 0, UINT64_MAX, &c->o.seed))
				exit(2);
			break;
		case O_REPEATS:
			if (db_parse_u64("--repeats", optarg, 1, 1000000, &c->o.repeats))
				exit(2);
			break;
		case O_DIR: c->dir = optarg; break;
		case O_FILE: c->file = optarg; break;
		case O_KEEP: c->keep = true; break;
		case O_OUTPUT: c->output = optarg; break;
		case O_JSON: c->json = true; break;
		case O_HELP: usage(stdout); exit(0);
		case O_VERSION: printf("daxbench-faults %s\n", DB_VERSION); exit(0);
		default:
			fprintf(stderr, "Try '%s --help'.\n", program_invocation_short_name);
			exit(2);
		}
	}
	argv[0] = argv0;
	if (optind < argc)
		usage_error("unexpected argument '%s'", argv[optind]);
	check_config(c);
}
