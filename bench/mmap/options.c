// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-mmap: the option table (from which --help is generated), the
 * defaults, the checks that tie options together; --list.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "options.h"
#include "run.h"


#define O(f)	offsetof(struct mm_opts, f)

static const struct db_option options[] = {
	{ .group = "Target", .name = "dir", .type = DB_OPT_STR, .off = O(dir),
	  .arg = "DIR", .help = "a new file in DIR, removed at exit" },
	{ .name = "file", .type = DB_OPT_STR, .off = O(file), .arg = "PATH",
	  .help = "this file (created and removed; an existing one only with --keep, and it is overwritten), or a device-dax character device /dev/daxX.Y (mapped directly)" },
	{ .name = "keep", .type = DB_OPT_SET, .off = O(keep),
	  .help = "do not remove the file at exit" },
	{ .group = "Measurement", .name = "size", .type = DB_OPT_SIZE,
	  .off = O(size), .arg = "SIZE", .def = "256M",
	  .help = "file size, a multiple of 4 KiB" },
	{ .name = "op", .type = DB_OPT_CHOICE, .off = O(op), .arg = "OP",
	  .def = "read", .choices = mm_op_names,
	  .help = "loads, stores, or memcpy into or out of the mapping" },
	{ .name = "pattern", .type = DB_OPT_CHOICE, .off = O(pattern),
	  .arg = "P", .def = "seq", .choices = mm_pattern_names,
	  .help = "the order of the blocks; rand is a seeded permutation, each block once per pass" },
	{ .name = "bs", .alias = "block-size", .type = DB_OPT_SIZE,
	  .off = O(block), .arg = "SIZE", .def = "4k",
	  .help = "the block: 64 .. 2M, a multiple of 64" },
	{ .name = "store", .type = DB_OPT_CHOICE, .off = O(store), .arg = "KIND",
	  .def = "plain", .choices = mm_store_names,
	  .help = "how write and copy-in store" },
	{ .name = "persist", .type = DB_OPT_CHOICE, .off = O(persist),
	  .arg = "MODE", .def = "none", .choices = mm_persist_names,
	  .help = "after each stored block" },
	{ .name = "threads", .type = DB_OPT_U64, .off = O(threads), .arg = "N",
	  .def = "1", .min = 1, .max = MM_MAX_THREADS,
	  .help = "pinned threads, round-robin over the allowed CPUs" },
	{ .name = "share", .type = DB_OPT_SET, .off = O(share),
	  .help = "all threads sweep the whole file (default: each its own region)" },
	{ .name = "cold", .type = DB_OPT_SET, .off = O(cold),
	  .help = "page tables dropped before each pass, faults measured" },
	{ .name = "warm", .type = DB_OPT_CLEAR, .off = O(cold),
	  .help = "pre-faulted (the default)" },
	{ .name = "duration", .type = DB_OPT_DURATION, .off = O(duration_ns),
	  .arg = "D", .def = "1s", .min = 1,
	  .help = "measure passes until D of measured time" },
	{ .name = "passes", .type = DB_OPT_U64, .off = O(passes), .arg = "N",
	  .min = 1, .max = UINT32_MAX, .help = "or exactly N passes" },
	{ .name = "repeats", .type = DB_OPT_U64, .off = O(repeats), .arg = "N",
	  .def = "3", .min = 1, .max = 100000, .help = "repeats" },
	{ .name = "seed", .type = DB_OPT_U64, .off = O(seed), .arg = "N",
	  .def = "1", .max = INT64_MAX, .help = "random order seed" },
	{ .name = "roofline", .type = DB_OPT_SET, .off = O(roofline),
	  .help = "measure the anonymous-memory roofline too (the default)" },
	{ .name = "no-roofline", .type = DB_OPT_CLEAR, .off = O(roofline),
	  .help = "skip the anonymous-memory measurements" },
	{ .name = "verify", .type = DB_OPT_SET, .off = O(verify),
	  .help = "check the data afterwards; exit 1 if it differs" },
	DB_OPT_ENTRY_CLOCK(O(clock)),
	DB_OPT_ENTRY_OUTPUT(O(output), O(json)),
	{ .name = "list", .type = DB_OPT_ACTION, .action = mm_list_support,
	  .help = "which store kinds and persist modes this CPU runs" },
	{ .name = NULL },
};

static const struct db_opt_spec spec = {
	.name = "daxbench-mmap",
	.usage = "(--dir DIR | --file PATH [--keep]) [options]",
	.summary = "Throughput of loads and stores to a mapped file, against the same on anonymous memory (the roofline), measured in the same run.",
	.opts = options,
};

/* What no single option can check: sizes against each other, etc. */
static void check_opts(struct mm_opts *o, const struct db_opt_given *g)
{
	uint64_t blocks = o->size / o->block;

	if (!!o->dir == !!o->file)
		db_usage_error("give the target as exactly one of --dir DIR or --file PATH");
	if (o->keep && !o->file)
		db_usage_error("--keep goes with --file");
	/* --passes and --duration replace each other: the later one counts. */
	if (db_opt_was_given(g, "passes") > db_opt_was_given(g, "duration"))
		o->duration_ns = 0;
	else
		o->passes = 0;
	if (o->size % 4096 || !o->size)
		db_usage_error("--size: %llu bytes: expected a multiple of 4096",
			       (unsigned long long)o->size);
	if (o->block % MM_MIN_BLOCK || !o->block || o->block > MM_MAX_BLOCK)
		db_usage_error("--bs: %llu bytes: expected a multiple of 64 from 64 to 2M",
			       (unsigned long long)o->block);
	if (o->block > o->size)
		db_usage_error("--bs %llu is larger than the file (--size %llu)",
			       (unsigned long long)o->block,
			       (unsigned long long)o->size);
	if (!o->share && o->threads > blocks)
		db_usage_error("--threads %llu: more threads than the file has regions: --size %llu holds %llu blocks of --bs %llu, one region of whole blocks per thread (or use --share)",
			       (unsigned long long)o->threads,
			       (unsigned long long)o->size,
			       (unsigned long long)blocks,
			       (unsigned long long)o->block);
	if (!mm_op_stores(o->op) && o->store != MM_PLAIN)
		db_usage_error("--store %s: %s stores nothing into the mapping; store kinds apply to write and copy-in",
			       mm_store_names[o->store], mm_op_names[o->op]);
	if (!mm_op_stores(o->op) && o->persist != MM_P_NONE)
		db_usage_error("--persist %s: %s stores nothing into the mapping; persistence applies to write and copy-in",
			       mm_persist_names[o->persist], mm_op_names[o->op]);
}

void mm_parse_args(int argc, char **argv, struct mm_opts *o)
{
	struct db_opt_given given;

	*o = (struct mm_opts){
		.size = 256ull << 20, .block = 4096, .threads = 1,
		.duration_ns = 1000000000ull, .repeats = 3,
		.seed = 1, .roofline = true,
	};
	db_opt_parse(&spec, argc, argv, o, &given);
	check_opts(o, &given);
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
