// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-mmap: how much of the memory's bandwidth a mapped file
 * delivers, and what durability costs.
 *
 * The program maps a file it has written, sweeps it with loads, stores or
 * copies a block at a time, in sequential or random (permuted) order, from
 * one or more pinned threads, and after each block optionally makes it
 * durable.  In the same run, with the same threads, orders and code, it
 * does the same on anonymous memory (4 KiB pages) and on huge-page-backed
 * anonymous memory: the roofline.  Each result is GB/s, ns per block and
 * the ratio to the roofline, per repeat.  See docs/mmap.md.
 *
 * This file: main; mmap.h lists the pieces.
 */
#include "run.h"

int main(int argc, char **argv)
{
	static struct mm_bench b;
	int ret;

	b.target.fd = -1;
	mm_parse_args(argc, argv, &b.o);
	if (db_output_check(b.o.output))
		return DB_EXIT_FAILED;
	ret = mm_bench_setup(&b, argc, argv);
	if (!ret) {
		/* A failed --verify still writes its result (status failed). */
		ret = mm_bench_run(&b);
		if (ret != -1 && mm_emit(&b))
			ret = -1;
		ret = ret ? DB_EXIT_FAILED : DB_EXIT_OK;
	}
	mm_bench_free(&b);
	return ret;
}
