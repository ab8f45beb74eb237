// SPDX-License-Identifier: GPL-2.0-only
/*
 * insns-calib N: a measured region whose user instruction count is known
 * exactly, for tests/insns-check.sh.  The region is one asm statement:
 *
 *	start marker		1
 *	mov  N, %rcx		1
 *	1: dec %rcx		N
 *	   jnz 1b		N
 *	end marker		(the region ends as it starts)
 *
 * 2N + 2 user instructions, whatever the compiler does around it.
 * Prints the region id.  Like the benchmarks (bench/lib/regions.c), it
 * runs SCHED_FIFO in a counting guest, so that the shell that started it
 * does not run inside its region.
 */
#include <inttypes.h>
#include <sched.h>
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "region.h"

int main(int argc, char **argv)
{
	uint64_t n, id, tmp;
	char *end;

	if (argc != 2 || (n = strtoull(argv[1], &end, 10)) == 0 || *end) {
		fprintf(stderr, "usage: insns-calib N (N > 0 loop iterations)\n");
		return 2;
	}
	if (getenv("DAXBENCH_INSNS") && !strcmp(getenv("DAXBENCH_INSNS"), "tcg-plugin")) {
		struct sched_param sp = { .sched_priority = 1 };

		if (sched_setscheduler(0, SCHED_FIFO, &sp))
			perror("insns-calib: sched_setscheduler");
	}
	id = (uint64_t)getpid() << 32 | 1;
	db_region_mark_id(id);
	__asm__ __volatile__(DB_REGION_INSN(2)
			     "mov %1, %0\n"
			     "1:\tdec %0\n\t"
			     "jnz 1b\n\t"
			     DB_REGION_INSN(3)
			     : "=&r"(tmp) : "r"(n) : "cc", "memory");
	printf("%" PRIu64 "\n", id);
	return 0;
}
