// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading the counts file that the daxbench-insns QEMU plugin wrote.
 * The file comes from a guest run: every line is checked, nothing in it
 * is trusted beyond the numbers it carries.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "insns-counts.h"

#define MAX_PCS	(1u << 24)

struct reader {
	FILE *f;
	const char *path;
	unsigned long line;
	char buf[1024];
	char *err;
	size_t errlen;
};

static int bad(struct reader *r, const char *what)
{
	snprintf(r->err, r->errlen, "%s:%lu: %s", r->path, r->line, what);
	return -1;
}

/* The next line without its newline, or NULL at the end. */
static char *next(struct reader *r)
{
	size_t n;

	if (!fgets(r->buf, sizeof(r->buf), r->f))
		return NULL;
	r->line++;
	n = strlen(r->buf);
	if (n && r->buf[n - 1] == '\n')
		r->buf[--n] = '\0';
	return r->buf;
}

static int read_pcs(struct reader *r, struct insns_region *g)
{
	size_t i;
	char *s, tail;

	if (g->npcs > MAX_PCS)
		return bad(r, "implausible number of kernel addresses");
	g->pcs = calloc(g->npcs ? g->npcs : 1, sizeof(*g->pcs));
	if (!g->pcs)
		return bad(r, "out of memory");
	for (i = 0; i < g->npcs; i++) {
		s = next(r);
		if (!s)
			return bad(r, "the file ends inside a region (the guest or QEMU died?)");
		if (sscanf(s, "%" SCNx64 " %" SCNu64 "%c", &g->pcs[i].pc,
			   &g->pcs[i].count, &tail) != 2)
			return bad(r, "expected \"ADDRESS COUNT\"");
	}
	return 0;
}

static int add_error(struct insns_counts *c, const char *line)
{
	char **e = realloc(c->errors, (c->nerrors + 1) * sizeof(*e));

	if (!e)
		return -1;
	c->errors = e;
	c->errors[c->nerrors] = strdup(line);
	if (!c->errors[c->nerrors])
		return -1;
	c->nerrors++;
	return 0;
}

static int by_id(const void *a, const void *b)
{
	const struct insns_region *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static int read_region(struct reader *r, struct insns_counts *c, const char *s)
{
	struct insns_region g = { 0 }, *v;
	char tail;

	if (sscanf(s, "region %" SCNu64 " user %" SCNu64 " kernel %" SCNu64
		   " pcs %zu%c", &g.id, &g.user, &g.kernel, &g.npcs, &tail) != 4)
		return bad(r, "expected \"region ID user N kernel N pcs N\"");
	if (read_pcs(r, &g)) {
		free(g.pcs);
		return -1;
	}
	v = realloc(c->regions, (c->nregions + 1) * sizeof(*v));
	if (!v) {
		free(g.pcs);
		return bad(r, "out of memory");
	}
	c->regions = v;
	c->regions[c->nregions++] = g;
	return 0;
}

static int read_all(struct reader *r, struct insns_counts *c)
{
	char *s = next(r);

	if (!s)
		return bad(r, "empty: the plugin wrote nothing (did QEMU load it?)");
	if (!strncmp(s, "unsupported ", 12))
		return bad(r, s);
	if (strncmp(s, "daxbench-insns 1 ", 17))
		return bad(r, "not a daxbench-insns counts file (version 1)");
	while ((s = next(r))) {
		if (c->complete)
			return bad(r, "text after the \"end\" line");
		if (!strncmp(s, "region ", 7)) {
			if (read_region(r, c, s))
				return -1;
		} else if (!strncmp(s, "error ", 6)) {
			if (add_error(c, s + 6))
				return bad(r, "out of memory");
		} else if (!strncmp(s, "end ", 4)) {
			c->complete = 1;
		} else {
			return bad(r, "unexpected line");
		}
	}
	if (ferror(r->f))
		return bad(r, strerror(errno));
	return 0;
}

int insns_counts_load(const char *path, struct insns_counts *c,
		      char *err, size_t errlen)
{
	struct reader r = { .path = path, .err = err, .errlen = errlen };
	size_t i;
	int ret;

	memset(c, 0, sizeof(*c));
	r.f = fopen(path, "r");
	if (!r.f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	ret = read_all(&r, c);
	fclose(r.f);
	if (ret) {
		insns_counts_free(c);
		return -1;
	}
	if (c->nregions)
		qsort(c->regions, c->nregions, sizeof(*c->regions), by_id);
	for (i = 1; i < c->nregions; i++)
		if (c->regions[i].id == c->regions[i - 1].id)
			c->regions[i].dup = c->regions[i - 1].dup = 1;
	return 0;
}

void insns_counts_free(struct insns_counts *c)
{
	size_t i;

	for (i = 0; i < c->nregions; i++)
		free(c->regions[i].pcs);
	for (i = 0; i < c->nerrors; i++)
		free(c->errors[i]);
	free(c->regions);
	free(c->errors);
	memset(c, 0, sizeof(*c));
}

struct insns_region *insns_counts_find(const struct insns_counts *c,
				       uint64_t id)
{
	struct insns_region key = { .id = id };

	if (!c->nregions)
		return NULL;
	return bsearch(&key, c->regions, c->nregions, sizeof(key), by_id);
}
