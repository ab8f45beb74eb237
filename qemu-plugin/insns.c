// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-insns: a QEMU TCG plugin that counts the guest instructions
 * retired inside each measured region (bench/lib/region.h), split into
 * user and kernel mode, with the kernel's count per instruction address
 * so that the host can say which kernel functions did the work.
 *
 *   qemu-system-x86_64 -smp 1 ... -plugin daxbench-insns.so,out=FILE
 *
 * Exactness.  Each instruction is counted by an inline add placed before
 * the *next* instruction of its translation block: an instruction that
 * faults never reaches that add, so the restarted instruction is counted
 * once, as hardware counts retired instructions.  The last instruction of
 * a block (a branch, call, return or string iteration) has no successor
 * in the block and is counted as it starts.  Interrupts are taken only
 * between blocks.  A TB-level add would count the rest of a block that
 * faults half-way, twice.
 *
 * String instructions.  QEMU runs a rep-prefixed string instruction
 * (rep stosb, rep movsq...) one iteration at a time: it ends its block,
 * and each further iteration runs a block that starts at it; hardware
 * retires it once.  It is counted once, in the block that leads up to it
 * (mov $4096,%ecx; xor %eax,%eax; rep stosb in clear_page_erms), and
 * never in a block that starts with it: those are its own further
 * iterations, or its resumption after a fault or an interrupt.  A string
 * instruction that is itself the target of a jump, or that starts a
 * block for another reason, is therefore not counted: a deterministic
 * undercount, the price of no callback per iteration.  So clear_page's
 * rep stosb is one instruction here, as on a rig's PMU, not 4096.
 *
 * vCPUs.  QEMU 7.2's inline add goes to one address for every vCPU, and
 * under multi-threaded TCG two vCPUs would race on it: the plugin refuses
 * more than one vCPU (daxbench vm boots one when it counts).
 *
 * Privilege is told by address: the x86-64 kernel runs in the upper
 * canonical half.  Output: docs/insns.md, "The counts file".
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qemu-api.h"
#include "region.h"
#include "pcmap.h"

QEMU_PLUGIN_EXPORT int qemu_plugin_version = DB_QEMU_API_VERSION;

#define KERNEL_HALF	0xffff800000000000ull

struct vcpu {
	uint64_t pending;	/* id bits seen since the last marker */
	int nbits;
	int open;
	uint64_t id;
	uint64_t user0, other0;	/* counters at the start */
	uint64_t *kern0;	/* kernel counters at the start */
	size_t nkern0;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *out;
static struct pcmap kmap;
static uint64_t user_count;
/* Kernel instructions whose counter could not be made (no memory). */
static uint64_t other_count;
static struct vcpu *vcpus;
static unsigned int nvcpus;
static unsigned long nregions, nerrors;

static void __attribute__((format(printf, 1, 2))) fail_msg(const char *fmt, ...)
{
	va_list ap;

	fputs("daxbench-insns: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* An error in the marker stream: it goes into the counts file. */
static void region_error(struct vcpu *v, const char *what)
{
	fprintf(out, "error vcpu %u: %s (region %" PRIu64 ")\n",
		(unsigned int)(v - vcpus), what, v->id);
	fflush(out);
	nerrors++;
}

static void region_start(struct vcpu *v)
{
	if (v->open) {
		region_error(v, "a region started before the last one ended");
		free(v->kern0);
		v->open = 0;
	}
	if (v->nbits != 64) {
		v->id = v->pending;
		region_error(v, "a start marker without a whole 64-bit id");
		v->nbits = 0;
		return;
	}
	v->id = v->pending;
	v->nbits = 0;
	v->pending = 0;
	v->nkern0 = kmap.n;
	v->kern0 = malloc((v->nkern0 ? v->nkern0 : 1) * sizeof(uint64_t));
	if (!v->kern0) {
		region_error(v, "out of memory at the start of a region");
		return;
	}
	pcmap_snapshot(&kmap, v->kern0);
	v->user0 = user_count;
	v->other0 = other_count;
	v->open = 1;
}

static uint64_t kdelta(const struct vcpu *v, size_t slot)
{
	uint64_t now = pcmap_count(&kmap, slot);

	return slot < v->nkern0 ? now - v->kern0[slot] : now;
}

static void region_end(struct vcpu *v)
{
	uint64_t user = user_count - v->user0;
	uint64_t other = other_count - v->other0;
	uint64_t kernel = other, d;
	size_t slot, npcs = other ? 1 : 0;

	if (!v->open) {
		region_error(v, "an end marker outside any region");
		return;
	}
	for (slot = 0; slot < kmap.n; slot++) {
		d = kdelta(v, slot);
		kernel += d;
		npcs += d != 0;
	}
	fprintf(out, "region %" PRIu64 " user %" PRIu64 " kernel %" PRIu64
		" pcs %zu\n", v->id, user, kernel, npcs);
	if (other)
		fprintf(out, "0 %" PRIu64 "\n", other);
	for (slot = 0; slot < kmap.n; slot++) {
		d = kdelta(v, slot);
		if (d)
			fprintf(out, "%" PRIx64 " %" PRIu64 "\n", kmap.pcs[slot], d);
	}
	fflush(out);
	free(v->kern0);
	v->kern0 = NULL;
	v->open = 0;
	nregions++;
}

static void on_marker(unsigned int vcpu_index, void *udata)
{
	unsigned int op = (unsigned int)(uintptr_t)udata;
	struct vcpu *v;

	if (vcpu_index >= nvcpus)
		return;
	v = &vcpus[vcpu_index];
	pthread_mutex_lock(&lock);
	switch (op) {
	case DB_REGION_OP_BIT0:
	case DB_REGION_OP_BIT1:
		v->pending = v->pending << 1 | op;
		if (v->nbits < 64)
			v->nbits++;
		break;
	case DB_REGION_OP_START:
		region_start(v);
		break;
	case DB_REGION_OP_END:
		region_end(v);
		break;
	}
	pthread_mutex_unlock(&lock);
}

/* Is this a rep/repne-prefixed string instruction (ins, outs, movs,
 * cmps, stos, lods, scas)? */
static int is_rep_string(const struct qemu_plugin_insn *insn)
{
	const uint8_t *b = qemu_plugin_insn_data(insn);
	size_t n = qemu_plugin_insn_size(insn), i;
	int rep = 0;

	for (i = 0; i < n; i++) {
		switch (b[i]) {
		case 0xf2: case 0xf3:
			rep = 1;
			continue;
		case 0xf0: case 0x2e: case 0x36: case 0x3e: case 0x26:
		case 0x64: case 0x65: case 0x66: case 0x67:
			continue;
		}
		if (b[i] >= 0x40 && b[i] <= 0x4f && i + 1 < n) {
			i++;	/* REX comes last, just before the opcode */
		}
		break;
	}
	if (!rep || i >= n)
		return 0;
	return (b[i] >= 0x6c && b[i] <= 0x6f) || (b[i] >= 0xa4 && b[i] <= 0xa7) ||
	       (b[i] >= 0xaa && b[i] <= 0xaf);
}

/* The marker op of a user instruction, or -1 if it is none. */
static int marker_op(const struct qemu_plugin_insn *insn)
{
	const uint8_t *b = qemu_plugin_insn_data(insn);
	uint32_t disp;

	if (qemu_plugin_insn_size(insn) != DB_REGION_LEN ||
	    b[0] != DB_REGION_B0 || b[1] != DB_REGION_B1 || b[2] != DB_REGION_B2)
		return -1;
	disp = (uint32_t)b[3] | (uint32_t)b[4] << 8 | (uint32_t)b[5] << 16 |
	       (uint32_t)b[6] << 24;
	if (disp - DB_REGION_DISP_BASE >= DB_REGION_NOPS)
		return -1;
	return (int)(disp - DB_REGION_DISP_BASE);
}

static uint64_t *counter_of(uint64_t pc)
{
	uint64_t *c;

	if (pc < KERNEL_HALF)
		return &user_count;
	c = pcmap_slot(&kmap, pc);
	return c ? c : &other_count;
}

static void on_tb(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	size_t n = qemu_plugin_tb_n_insns(tb), i;
	uint64_t *prev = NULL, *cur;
	int op;

	pthread_mutex_lock(&lock);
	for (i = 0; i < n; i++) {
		struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
		uint64_t pc = qemu_plugin_insn_vaddr(insn);

		cur = counter_of(pc);
		/* Reaching this instruction retires the previous one. */
		if (prev)
			qemu_plugin_register_vcpu_insn_exec_inline(insn,
				QEMU_PLUGIN_INLINE_ADD_U64, prev, 1);
		if (is_rep_string(insn)) {
			/* Its first iteration only; QEMU ends the block after it. */
			if (i)
				qemu_plugin_register_vcpu_insn_exec_inline(insn,
					QEMU_PLUGIN_INLINE_ADD_U64, cur, 1);
			cur = NULL;
		} else if (i == n - 1) {
			qemu_plugin_register_vcpu_insn_exec_inline(insn,
				QEMU_PLUGIN_INLINE_ADD_U64, cur, 1);
		}
		if (pc < KERNEL_HALF && (op = marker_op(insn)) >= 0)
			qemu_plugin_register_vcpu_insn_exec_cb(insn, on_marker,
				QEMU_PLUGIN_CB_NO_REGS, (void *)(uintptr_t)op);
		prev = cur;
	}
	pthread_mutex_unlock(&lock);
}

static void on_exit_cb(qemu_plugin_id_t id, void *udata)
{
	unsigned int i;

	pthread_mutex_lock(&lock);
	for (i = 0; i < nvcpus; i++)
		if (vcpus[i].open)
			region_error(&vcpus[i], "the guest stopped inside a region");
	fprintf(out, "end regions %lu errors %lu kernel-addresses %zu\n",
		nregions, nerrors, kmap.n);
	fclose(out);
	out = NULL;
	pthread_mutex_unlock(&lock);
}

/* Is the QEMU that loads us one this plugin was written for? */
static const char *unsupported(const qemu_info_t *info)
{
	static char why[256];

	if (info->version.cur != DB_QEMU_API_VERSION) {
		snprintf(why, sizeof(why),
			 "QEMU's plugin API is version %d (oldest accepted %d); this plugin speaks version %d only (QEMU 4.2 to 8.1)",
			 info->version.cur, info->version.min, DB_QEMU_API_VERSION);
		return why;
	}
	if (!info->system_emulation)
		return "not system emulation: daxbench counts a whole guest";
	if (!info->target_name || strcmp(info->target_name, "x86_64")) {
		snprintf(why, sizeof(why), "target %s: only x86_64 guests are understood",
			 info->target_name ? info->target_name : "(none)");
		return why;
	}
	if (info->system.smp_vcpus != 1) {
		snprintf(why, sizeof(why),
			 "%d vCPUs: the inline counters of plugin API 1 are shared by all vCPUs, so counting needs -smp 1",
			 info->system.smp_vcpus);
		return why;
	}
	return NULL;
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
					   const qemu_info_t *info,
					   int argc, char **argv)
{
	const char *path = NULL, *why;
	int probe = 0, i;

	for (i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "out=", 4))
			path = argv[i] + 4;
		else if (!strcmp(argv[i], "probe=on"))
			probe = 1;
		else {
			fail_msg("unknown argument '%s' (out=FILE, probe=on)", argv[i]);
			return -1;
		}
	}
	if (!path || !*path) {
		fail_msg("no out=FILE argument: where should the counts go?");
		return -1;
	}
	out = fopen(path, "w");
	if (!out) {
		fail_msg("cannot write the counts file: %s", strerror(errno));
		return -1;
	}
	why = unsupported(info);
	if (why) {
		fprintf(out, "unsupported %s\n", why);
		fclose(out);
		fail_msg("unsupported: %s", why);
		return -1;
	}
	if (probe) {
		/* Loaded, and the API is ours: say so, and stop QEMU. */
		fprintf(out, "probe ok api %d\n", info->version.cur);
		fclose(out);
		return -1;
	}
	nvcpus = (unsigned int)info->system.max_vcpus;
	vcpus = calloc(nvcpus ? nvcpus : 1, sizeof(*vcpus));
	if (!vcpus || pcmap_init(&kmap)) {
		fclose(out);
		fail_msg("out of memory");
		return -1;
	}
	fprintf(out, "daxbench-insns 1 api %d vcpus %d\n", info->version.cur,
		info->system.smp_vcpus);
	fflush(out);
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_tb);
	qemu_plugin_register_atexit_cb(id, on_exit_cb, NULL);
	return 0;
}
