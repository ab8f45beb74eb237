/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_KALLSYMS_H
#define DB_KALLSYMS_H

#include <stddef.h>
#include <stdint.h>

/* The guest kernel's text symbols, from its own /proc/kallsyms. */
struct ksym {
	uint64_t addr;
	char *name;		/* "name" or "name [module]" */
};

struct kallsyms {
	struct ksym *syms;	/* sorted by address */
	size_t n;
};

/* -1 with why in @err when the file cannot be read or holds no text
 * symbols with addresses (kptr_restrict hides them as zeros). */
int kallsyms_load(const char *path, struct kallsyms *k, char *err, size_t errlen);
void kallsyms_free(struct kallsyms *k);
/* Index of the symbol @pc is in, or -1 below the first one. */
long kallsyms_find(const struct kallsyms *k, uint64_t pc);

#endif
