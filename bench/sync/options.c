// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-sync: the option table (from which --help is generated), the
 * defaults, and the checks that tie options together.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "options.h"
#include "parse.h"
#include "sync.h"

const char *const sy_via_names[] = { "mmap", "write", NULL };
const char *const sy_call_names[] = { "msync", "fsync", "fdatasync", NULL };
const char *const sy_map_names[] = { "shared", "sync", NULL };

/* Where --pages is kept until it can be checked against --size. */
struct sy_args {
	struct sy_config c;
	const char *pages;
};

#define C(f)	offsetof(struct sy_args, c.f)

static const struct db_option options[] = {
	{ .group = "Target", .name = "dir", .type = DB_OPT_STR, .off = C(dir),
	  .arg = "DIR", .help = "a new file in DIR, removed at exit" },
	{ .name = "file", .type = DB_OPT_STR, .off = C(file), .arg = "PATH",
	  .help = "this file (an existing one only with --keep; its contents are replaced)" },
	{ .name = "keep", .type = DB_OPT_SET, .off = C(keep),
	  .help = "do not remove the file at exit" },
	{ .group = "Measurement", .name = "size", .type = DB_OPT_SIZE,
	  .off = C(size), .arg = "SIZE", .def = "64M",
	  .help = "file size, a multiple of 2 MiB; written in full first" },
	{ .name = "via", .type = DB_OPT_CHOICE, .off = C(via), .arg = "HOW",
	  .def = "mmap", .choices = sy_via_names,
	  .help = "how the pages are dirtied: a store per page in a shared mapping, or one write() of the pages" },
	{ .name = "sync", .type = DB_OPT_CHOICE, .off = C(call), .arg = "CALL",
	  .def = "msync", .choices = sy_call_names,
	  .help = "what makes them durable: msync(MS_SYNC) of the dirtied range (--via mmap only), fsync, fdatasync" },
	{ .name = "pages", .type = DB_OPT_STR, .off = offsetof(struct sy_args, pages),
	  .arg = "N", .def = "16",
	  .help = "pages dirtied per round, contiguous from the start of the file, or all" },
	{ .name = "map", .type = DB_OPT_CHOICE, .off = C(map), .arg = "MODE",
	  .def = "shared", .choices = sy_map_names,
	  .help = "--via mmap: MAP_SHARED, or MAP_SHARED_VALIDATE|MAP_SYNC (DAX only)" },
	{ .name = "rounds", .type = DB_OPT_U64, .off = C(rounds), .arg = "N",
	  .def = "32", .min = 1, .max = 1000000,
	  .help = "dirty-then-sync rounds per repeat, after one unmeasured round" },
	{ .name = "repeats", .type = DB_OPT_U64, .off = C(repeats), .arg = "N",
	  .def = "3", .min = 1, .max = 100000, .help = "repeats" },
	DB_OPT_ENTRY_CLOCK(C(clock)),
	DB_OPT_ENTRY_OUTPUT(C(output), C(json)),
	{ .name = NULL },
};

static const struct db_opt_spec spec = {
	.name = "daxbench-sync",
	.usage = "(--dir DIR | --file PATH [--keep]) [options]",
	.summary = "The cost of making dirtied pages durable: msync, fsync or fdatasync after N pages dirtied through a shared mapping or write(), per call and per page.",
	.opts = options,
};

static void check_pages(struct sy_args *a)
{
	uint64_t npages = a->c.size / (uint64_t)sysconf(_SC_PAGESIZE);

	if (!strcmp(a->pages, "all")) {
		a->c.all_pages = true;
		a->c.pages = npages;
		return;
	}
	/* The parser says "must be between 1 and <the file's pages>". */
	if (db_parse_u64("--pages", a->pages, 1, npages, &a->c.pages))
		db_usage_try();
}

static void check_config(struct sy_args *a)
{
	struct sy_config *c = &a->c;
	struct stat st;

	if (!c->dir == !c->file)
		db_usage_error("exactly one of --dir DIR or --file PATH is needed");
	if (!c->size || c->size % (2u << 20))
		db_usage_error("--size: %llu bytes: expected a multiple of 2 MiB (2M, 64M)",
			       (unsigned long long)c->size);
	if (c->call == CALL_MSYNC && c->via != VIA_MMAP)
		db_usage_error("--sync msync: needs --via mmap (msync syncs a mapping)");
	if (c->map == MAP_SYNC_SHARED && c->via != VIA_MMAP)
		db_usage_error("--map sync: needs --via mmap");
	if (c->file && !c->keep && !stat(c->file, &st))
		db_usage_error("--file: '%s' exists; add --keep to use it (its contents are replaced)",
			       c->file);
	check_pages(a);
}

void sy_parse_args(int argc, char **argv, struct sy_config *c)
{
	struct db_opt_given given;
	struct sy_args a = {
		.c = {
			.size = 64ull << 20, .via = VIA_MMAP, .call = CALL_MSYNC,
			.map = MAP_PLAIN_SHARED, .rounds = 32, .repeats = 3,
			.clock = DB_CLOCK_MONOTONIC,
		},
		.pages = "16",
	};

	db_opt_parse(&spec, argc, argv, &a, &given);
	check_config(&a);
	*c = a.c;
}
