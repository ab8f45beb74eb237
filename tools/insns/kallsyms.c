// SPDX-License-Identifier: GPL-2.0-only
/*
 * Symbolising guest kernel addresses with the guest's /proc/kallsyms,
 * read in the guest at the end of the run: the kernel is relocated
 * (KASLR) and its modules are loaded at run time, so no file on the host
 * knows these addresses.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kallsyms.h"

static int by_addr(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* One line: "ADDR TYPE NAME[\t[MODULE]]"; text symbols only. */
static int parse(char *line, struct ksym *s)
{
	char type, name[256], mod[128];
	int n;

	mod[0] = '\0';
	n = sscanf(line, "%" SCNx64 " %c %255s [%127[^]]]", &s->addr, &type,
		   name, mod);
	if (n < 3 || (type != 't' && type != 'T') || !s->addr)
		return 0;
	if (mod[0]) {
		size_t len = strlen(name) + strlen(mod) + 4;

		s->name = malloc(len);
		if (s->name)
			snprintf(s->name, len, "%s [%s]", name, mod);
	} else {
		s->name = strdup(name);
	}
	return s->name ? 1 : -1;
}

int kallsyms_load(const char *path, struct kallsyms *k, char *err, size_t errlen)
{
	char line[512];
	size_t cap = 0;
	struct ksym s, *v;
	FILE *f;
	int r;

	memset(k, 0, sizeof(*k));
	f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f)) {
		r = parse(line, &s);
		if (r < 0)
			goto oom;
		if (!r)
			continue;
		if (k->n == cap) {
			cap = cap ? cap * 2 : 65536;
			v = realloc(k->syms, cap * sizeof(*v));
			if (!v) {
				free(s.name);
				goto oom;
			}
			k->syms = v;
		}
		k->syms[k->n++] = s;
	}
	fclose(f);
	if (!k->n) {
		snprintf(err, errlen, "%s: no kernel text symbols with addresses (kptr_restrict?)", path);
		return -1;
	}
	qsort(k->syms, k->n, sizeof(*k->syms), by_addr);
	return 0;
oom:
	fclose(f);
	kallsyms_free(k);
	snprintf(err, errlen, "%s: out of memory", path);
	return -1;
}

void kallsyms_free(struct kallsyms *k)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		free(k->syms[i].name);
	free(k->syms);
	memset(k, 0, sizeof(*k));
}

long kallsyms_find(const struct kallsyms *k, uint64_t pc)
{
	size_t lo = 0, hi = k->n;

	/* The last symbol at or below pc. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (k->syms[mid].addr <= pc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (long)lo - 1;
}
