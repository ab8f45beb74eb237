/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_REGION_H
#define DB_REGION_H

/*
 * Measured-region markers (docs/results-format.md, "Instruction counts").
 *
 * A region is bracketed by architectural no-ops with a reserved encoding,
 * "nopl DISP32(%rax)" (0f 1f 80 + a 32-bit displacement), which daxbench's
 * QEMU plugin (qemu-plugin/) recognises when it translates them.  They
 * cost a few cycles on real hardware, make no system call and touch no
 * memory, so they change nothing that is measured.
 *
 * The region's 64-bit id travels as 64 marker no-ops, one per bit (most
 * significant first), executed just before the start marker: QEMU 7.2's
 * plugins cannot read registers, but they see which instruction runs.
 * The end marker carries no id: a region is closed on the vCPU that
 * opened it.
 *
 * This header is also compiled into the plugin: keep it free of anything
 * but the constants and the inline markers.
 */

#include <stdint.h>

#define DB_REGION_DISP_BASE	0x0dab1000u
#define DB_REGION_OP_BIT0	0	/* an id bit: 0 */
#define DB_REGION_OP_BIT1	1	/* an id bit: 1 */
#define DB_REGION_OP_START	2	/* the region begins after this */
#define DB_REGION_OP_END	3	/* the region ends here */
#define DB_REGION_NOPS		4

/* The first three bytes of a marker: opcode 0f 1f, ModRM disp32(%rax). */
#define DB_REGION_B0		0x0f
#define DB_REGION_B1		0x1f
#define DB_REGION_B2		0x80
#define DB_REGION_LEN		7

#if defined(__x86_64__)
/* The bytes spelled out, so that no assembler picks another encoding. */
#define DB_REGION_INSN(op) \
	".byte 0x0f, 0x1f, 0x80\n\t.long 0x0dab1000 + " #op "\n\t"
#define DB_REGION_ASM(op) \
	__asm__ __volatile__(DB_REGION_INSN(op) ::: "memory")
#else
/* No plugin counts other architectures; the markers vanish. */
#define DB_REGION_ASM(op) __asm__ __volatile__("" ::: "memory")
#endif

/* The id, before the start marker. */
static inline void db_region_mark_id(uint64_t id)
{
	int i;

	for (i = 63; i >= 0; i--) {
		if ((id >> i) & 1)
			DB_REGION_ASM(1);
		else
			DB_REGION_ASM(0);
	}
}

static inline void db_region_mark_start(uint64_t id)
{
	db_region_mark_id(id);
	DB_REGION_ASM(2);
}

static inline void db_region_mark_end(void)
{
	DB_REGION_ASM(3);
}

#endif
