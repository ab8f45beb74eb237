/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_FINGERPRINT_H
#define DB_FINGERPRINT_H

#include "runload.h"

/*
 * A rig's stable identity, "the DAX fingerprint": what must be equal
 * for two runs' numbers to belong on one trend line.  Host name, CPU
 * model and count, memory, accelerator, the pmem (kind, size, namespace
 * mode and alignment) and each DAX path's filesystem and mount options.
 * A fact the run does not record is NULL and says so in the text.
 */
struct fp_machine {
	char *fingerprint;	/* "key=value;..." of all the fields below */
	char *name;		/* short: host-accel-pmem-HASH */
	const char *hostname, *cpu_model, *accelerator, *pmem_kind;
	const char *namespace_mode, *namespace_align;
	long long cpus, mem_bytes, pmem_bytes;	/* -1: not recorded */
	char *dax_mounts;	/* "ext4-dax=ext4:rw,stripe=512,dax=always ..." */
};

void fp_machine(const struct rl_run *run, struct fp_machine *m);
void fp_free(struct fp_machine *m);

#endif
