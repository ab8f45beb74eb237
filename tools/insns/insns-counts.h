/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_INSNS_COUNTS_H
#define DB_INSNS_COUNTS_H

#include <stddef.h>
#include <stdint.h>

/* One region of the plugin's counts file (docs/insns.md). */
struct insns_pc {
	uint64_t pc;		/* 0: kernel code the plugin could not place */
	uint64_t count;
};

struct insns_region {
	uint64_t id;
	uint64_t user, kernel;
	struct insns_pc *pcs;
	size_t npcs;
	int dup;		/* the id came more than once: unusable */
};

struct insns_counts {
	struct insns_region *regions;	/* sorted by id */
	size_t nregions;
	char **errors;		/* the plugin's "error" lines */
	size_t nerrors;
	int complete;		/* the "end" line was there */
};

/*
 * Read the counts file @path.  On failure returns -1 with why in @err
 * (naming the file and line).
 */
int insns_counts_load(const char *path, struct insns_counts *c,
		      char *err, size_t errlen);
void insns_counts_free(struct insns_counts *c);
struct insns_region *insns_counts_find(const struct insns_counts *c,
				       uint64_t id);

#endif
