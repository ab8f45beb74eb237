// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-faults: the option table (from which --help is generated), the
 * defaults, and the checks that tie options together.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "faults.h"
#include "options.h"

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

#define C(f)	offsetof(struct fa_config, f)
#define O(f)	offsetof(struct fa_config, o.f)

static const struct db_option options[] = {
	{ .group = "Target", .name = "dir", .type = DB_OPT_STR, .off = C(dir),
	  .arg = "DIR", .help = "a new file in DIR, removed at exit" },
	{ .name = "file", .type = DB_OPT_STR, .off = C(file), .arg = "PATH",
	  .help = "this file (an existing one only with --keep; its contents are replaced), or a device-dax character device /dev/daxX.Y (mapped directly: no file, no filesystem)" },
	{ .name = "keep", .type = DB_OPT_SET, .off = C(keep),
	  .help = "do not remove the file at exit" },
	{ .group = "Measurement", .name = "size", .type = DB_OPT_SIZE,
	  .off = O(size), .arg = "SIZE", .def = "64M",
	  .help = "file and mapping size, a page multiple (device-dax: a multiple of its alignment; at most the device)" },
	{ .name = "op", .alias = "access", .type = DB_OPT_CHOICE,
	  .off = O(access), .arg = "OP", .def = "write",
	  .choices = fa_access_names, .help = "what each touch does" },
	{ .name = "pattern", .alias = "order", .type = DB_OPT_CHOICE,
	  .off = O(order), .arg = "P", .def = "seq", .choices = fa_order_names,
	  .help = "order of the touched offsets" },
	{ .name = "seed", .type = DB_OPT_U64, .off = O(seed), .arg = "N",
	  .def = "1", .max = UINT64_MAX, .help = "seed of the rand order" },
	{ .name = "stride", .type = DB_OPT_SIZE, .off = O(stride),
	  .arg = "SIZE", .def = "one page",
	  .help = "distance between touched bytes" },
	{ .name = "map", .type = DB_OPT_CHOICE, .off = O(map), .arg = "MODE",
	  .def = "shared", .choices = fa_map_names,
	  .help = "mapping flags; sync is MAP_SHARED_VALIDATE|MAP_SYNC" },
	{ .name = "align", .type = DB_OPT_CHOICE, .off = O(align), .arg = "MODE",
	  .def = "any", .choices = fa_align_names,
	  .help = "the address: 2 MiB aligned, 2 MiB + one page, or the kernel's choice" },
	{ .name = "prefault", .type = DB_OPT_CHOICE, .off = O(prefault),
	  .arg = "MODE", .def = "none", .choices = fa_prefault_names,
	  .help = "before the loop: MAP_POPULATE or MADV_WILLNEED" },
	{ .name = "hugepage", .type = DB_OPT_CHOICE, .off = O(huge),
	  .arg = "MODE", .def = "none", .choices = fa_huge_names,
	  .help = "madvise of the mapping" },
	{ .name = "prepare", .type = DB_OPT_CHOICE, .off = O(prepare),
	  .arg = "MODE", .def = "sparse", .choices = fa_prepare_names,
	  .help = "the file's blocks before each repeat: ftruncate only, fallocate, or written" },
	{ .name = "repeats", .type = DB_OPT_U64, .off = O(repeats), .arg = "N",
	  .def = "3", .min = 1, .max = 1000000,
	  .help = "repeats, each from a freshly prepared file and a fresh mapping" },
	{ .name = "trace", .type = DB_OPT_CHOICE, .off = O(trace), .arg = "MODE",
	  .def = "auto", .choices = fa_trace_names,
	  .help = "fs_dax tracepoints: when tracefs allows, required, or not" },
	DB_OPT_ENTRY_CLOCK(C(clock)),
	DB_OPT_ENTRY_OUTPUT(C(output), C(json)),
	{ .name = NULL },
};

static const struct db_opt_spec spec = {
	.name = "daxbench-faults",
	.usage = "(--dir DIR | --file PATH [--keep]) [options]",
	.summary = "Count the page faults of a loop over a mapped file, and their cost.",
	.opts = options,
};

/* Checks that need more than one option. */
static void check_config(struct fa_config *c, const struct db_opt_given *g)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	struct stat st;

	if (!c->dir == !c->file)
		db_usage_error("exactly one of --dir DIR or --file PATH is needed");
	if (c->o.size % page)
		db_usage_error("--size: '%llu' bytes is not a multiple of the page size (%llu bytes)",
			       (unsigned long long)c->o.size, (unsigned long long)page);
	if (c->o.align == ALIGN_2M && c->o.size < SZ_2M)
		db_usage_error("--align 2m: needs --size of at least 2M (a PMD maps 2 MiB)");
	if (c->o.stride == 0)
		db_usage_error("--stride: must be at least one byte");
	if (c->o.stride > c->o.size)
		db_usage_error("--stride: must not exceed --size");
	if ((c->o.size + c->o.stride - 1) / c->o.stride > MAX_TOUCHES)
		db_usage_error("%s: too many touches (more than 2^26): a larger --stride or a smaller --size",
			       db_opt_was_given(g, "stride") ? "--stride" : "--size");
	/* A device is never created or removed: --keep is for files. */
	if (c->file && !c->keep && !stat(c->file, &st) && !S_ISCHR(st.st_mode))
		db_usage_error("--file: '%s' exists; add --keep to use it (its contents are replaced)",
			       c->file);
}

void fa_parse_args(int argc, char **argv, struct fa_config *c)
{
	struct db_opt_given given;

	*c = (struct fa_config){
		.o = {
			.size = 64ull << 20, .seed = 1,
			.stride = (uint64_t)sysconf(_SC_PAGESIZE),
			.repeats = 3, .access = ACC_WRITE,
			.order = ORDER_SEQ, .map = MAPM_SHARED, .align = ALIGN_ANY,
			.prefault = PREFAULT_NONE, .huge = HUGE_NONE,
			.prepare = PREP_SPARSE, .trace = TRACE_AUTO,
		},
		.clock = DB_CLOCK_MONOTONIC,
	};
	db_opt_parse(&spec, argc, argv, c, &given);
	check_config(c, &given);
}
