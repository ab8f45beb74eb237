/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_INSNS_JOIN_H
#define DB_INSNS_JOIN_H

#include "insns-counts.h"
#include "kallsyms.h"

struct join_ctx {
	const struct insns_counts *counts;	/* NULL: nothing counted */
	const char *absent;			/* then why */
	const struct kallsyms *ksyms;		/* NULL: no top functions */
	char ksyms_why[600];
	long top;
	const char *note;			/* for every counted result */
	int joined, matched, missing;
};

/* Join one result file, rewritten atomically; -1 if something is left
 * without counts or the file cannot be read or written. */
int join_file(struct join_ctx *ctx, const char *path);

#endif
