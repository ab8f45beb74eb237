/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_EXITCODE_H
#define DB_EXITCODE_H

/*
 * The one exit-status contract of every daxbench benchmark
 * (docs/exit-codes.md); `daxbench run` records a measurement by it.
 *
 *   0  ok: measured, result written
 *   1  failed: a run-time failure (or --verify found wrong data)
 *   2  usage: bad options; nothing was measured
 *   3  unsupported: this kernel, filesystem, device or CPU refuses the
 *      combination asked for (MAP_SYNC on the page cache, a missing
 *      engine, a store kind the CPU lacks); the result, if asked for,
 *      says status "unsupported" with the reason
 */
enum db_exit {
	DB_EXIT_OK = 0,
	DB_EXIT_FAILED = 1,
	DB_EXIT_USAGE = 2,
	DB_EXIT_UNSUPPORTED = 3,
};

/* The paragraph every --help ends with. */
#define DB_EXIT_HELP \
	"Exit status: 0 ok, 1 failed, 2 usage error, 3 unsupported (the\n" \
	"kernel, filesystem, device or CPU refuses the combination; the\n" \
	"result says status \"unsupported\" and why).\n"

#endif
