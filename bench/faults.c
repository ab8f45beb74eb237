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
 * alone with two independent counters (see faults-count.c), plus the
 * fs_dax tracepoints where tracefs allows (faults-trace.c).
 * docs/faults.md explains every number and the counts to expect.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "faults.h"
#include "parse.h"
#include "result.h"
#include "target.h"
#include "timing.h"
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

static void parse_args(int argc, char **argv, struct fa_config *c)
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

/* xorshift64*: small, seeded, the same sequence everywhere. */
static uint64_t next_random(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1Dull;
}

/* The offsets the loop touches; writing them also faults them in. */
static int build_offsets(struct fa_run *r)
{
	const struct fa_opts *o = &r->cfg->o;
	uint64_t state = o->seed ? o->seed : 1, tmp;
	size_t i, j;

	r->touches = (size_t)((o->size + o->stride - 1) / o->stride);
	r->offsets = malloc(r->touches * sizeof(*r->offsets));
	if (!r->offsets)
		return -1;
	for (i = 0; i < r->touches; i++)
		r->offsets[i] = i * o->stride;
	if (o->order == ORDER_RAND)
		for (i = r->touches - 1; i > 0; i--) {
			j = (size_t)(next_random(&state) % (i + 1));
			tmp = r->offsets[i];
			r->offsets[i] = r->offsets[j];
			r->offsets[j] = tmp;
		}
	return 0;
}

static volatile uint64_t sink;

/*
 * The measured loops: one byte per touch, nothing else.  AddressSanitizer
 * would add a shadow-memory access per touch, and the shadow pages' own
 * faults would be counted as the file's, so the sanitizer build leaves
 * these two loops uninstrumented.
 */
#define FA_MEASURED __attribute__((noinline, no_sanitize("address")))

static void FA_MEASURED
touch_read(volatile uint8_t *base, const uint64_t *off, size_t n)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += base[off[i]];
	sink += sum;
}

static void FA_MEASURED
touch_write(volatile uint8_t *base, const uint64_t *off, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		base[off[i]] = 0xa5;
}

static bool pass_writes(enum fa_access a, int pass)
{
	return pass == 0 ? (a == ACC_WRITE || a == ACC_WRITE_READ) :
			   a == ACC_READ_WRITE;
}

int fa_passes(enum fa_access a)
{
	return a == ACC_READ || a == ACC_WRITE ? 1 : 2;
}

/*
 * Counters and clock around the passes only.  The same sequence runs
 * once with no touches before, so that every code and data page it uses
 * is already mapped when it counts.
 */
static void measure(struct fa_run *r, uint8_t *base, size_t n,
		    struct fa_sample *s)
{
	enum fa_access a = r->cfg->o.access;
	struct fa_count p0, r0;
	uint64_t t0, t1;
	int pass;

	fa_counters_start(&r->counters);
	if (fa_counters_read(&r->counters, &p0, &r0))
		s->perf_read_failed = true;
	for (pass = 0; pass < fa_passes(a); pass++) {
		t0 = db_clock_ns(&r->clock);
		if (pass_writes(a, pass))
			touch_write(base, r->offsets, n);
		else
			touch_read(base, r->offsets, n);
		t1 = db_clock_ns(&r->clock);
		s->ns += t1 - t0;
		if (fa_counters_read(&r->counters, &s->perf[pass], &s->ru[pass]))
			s->perf_read_failed = true;
	}
	fa_counters_stop(&r->counters);
	/* Per-pass deltas; perf was reset at start. */
	for (pass = fa_passes(a) - 1; pass >= 0; pass--) {
		const struct fa_count *pp = pass ? &s->perf[pass - 1] : &p0;
		const struct fa_count *rp = pass ? &s->ru[pass - 1] : &r0;

		s->perf[pass].minor -= pp->minor;
		s->perf[pass].major -= pp->major;
		s->ru[pass].minor -= rp->minor;
		s->ru[pass].major -= rp->major;
	}
}

/* 1: done, 0: the kernel refused (status set), -1: failed (message out). */
static int one_repeat(struct fa_run *r, struct fa_sample *s)
{
	const struct fa_opts *o = &r->cfg->o;
	struct fa_sample warm;
	bool unsupported;
	char why[512];
	uint8_t *base;

	memset(s, 0, sizeof(*s));
	if (fa_prepare_file(r->target.fd, o, &unsupported, why, sizeof(why)) ||
	    !(base = fa_map_file(r->target.fd, o, &unsupported, why, sizeof(why)))) {
		if (unsupported) {
			db_result_status(r->res, "unsupported", "%s", why);
			return 0;
		}
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, why);
		return -1;
	}
	s->alignment = fa_alignment(base);
	memset(&warm, 0, sizeof(warm));
	measure(r, base, 0, &warm);
	if (r->tracer && fa_trace_start(r->tracer) == 0)
		s->traced = true;
	measure(r, base, r->touches, s);
	if (s->traced && fa_trace_stop(r->tracer, &s->trace))
		s->traced = false;
	fa_smaps_read(base, &s->smaps);
	fa_unmap(base, o);
	return 1;
}

/* Tracing is an extra: without it the counts still stand. */
static int open_tracer(struct fa_run *r)
{
	const struct fa_opts *o = &r->cfg->o;
	char why[512];

	if (o->trace == TRACE_OFF)
		return 0;
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

static int setup(struct fa_run *r, int argc, char **argv)
{
	struct fa_config *c = r->cfg;
	char why[256];

	if (db_target_open(&r->target, c->dir, c->file, c->keep, 0))
		return -1;
	if (db_clock_init(&r->clock, c->clock, why, sizeof(why))) {
		fprintf(stderr, "%s: --clock tsc: %s\n",
			program_invocation_short_name, why);
		return -1;
	}
	if (build_offsets(r)) {
		fprintf(stderr, "%s: out of memory for %zu offsets\n",
			program_invocation_short_name, r->touches);
		return -1;
	}
	r->res = db_result_new("faults", argc, argv);
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
		ret = one_repeat(r, &s);
		if (ret <= 0)
			return ret;
		fa_record(r, &s);
	}
	if (r->disagreements)
		db_result_note(r->res,
			"fault counters disagree in %u of %llu repeats: perf_event_open and getrusage differ (see counter_disagreement)",
			r->disagreements, (unsigned long long)r->cfg->o.repeats);
	return 1;
}

static void teardown(struct fa_run *r)
{
	fa_trace_close(r->tracer);
	r->tracer = NULL;
	fa_counters_close(&r->counters);
	if (r->target.keep && r->target.created)
		fprintf(stderr, "%s: kept %s\n", program_invocation_short_name,
			r->target.path);
	db_target_close(&r->target);
	free(r->offsets);
}

int main(int argc, char **argv)
{
	struct fa_config cfg = {
		.o = {
			.size = DEFAULT_SIZE, .stride = 0, .seed = DEFAULT_SEED,
			.repeats = DEFAULT_REPEATS, .access = ACC_WRITE,
			.order = ORDER_SEQ, .map = MAPM_SHARED, .align = ALIGN_ANY,
			.prefault = PREFAULT_NONE, .huge = HUGE_NONE,
			.prepare = PREP_SPARSE, .trace = TRACE_AUTO,
		},
		.clock = DB_CLOCK_MONOTONIC,
	};
	struct fa_run r = { .cfg = &cfg };
	int ret = 1;

	cfg.o.stride = (uint64_t)sysconf(_SC_PAGESIZE);
	parse_args(argc, argv, &cfg);
	if (db_output_check(cfg.output))
		return 1;
	if (setup(&r, argc, argv) == 0 && run_repeats(&r) >= 0)
		ret = db_result_emit(r.res, cfg.output, cfg.json) ? 1 : 0;
	teardown(&r);
	db_result_free(r.res);
	return ret;
}
