// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading AB_DIR/ab.state (abstate.h): tab-separated lines, checked
 * field by field; a malformed line is refused with its number, never
 * guessed at.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abstate.h"

#define MAX_FIELDS	8
#define MAX_ROUNDS	10000

const char *ab_side_name(enum ab_side s)
{
	return s == AB_BASE ? "base" : "test";
}

const char *ab_side_label(enum ab_side s)
{
	return s == AB_BASE ? "BASE" : "TEST";
}

const char *ab_kv_get(const struct ab_kvs *kvs, const char *key)
{
	size_t i;

	/* The last one wins: the shell appends a newer value. */
	for (i = kvs->n; i > 0; i--)
		if (!strcmp(kvs->kv[i - 1].key, key))
			return kvs->kv[i - 1].value;
	return NULL;
}

static int kv_add(struct ab_kvs *kvs, const char *key, const char *value)
{
	struct ab_kv *kv = realloc(kvs->kv, (kvs->n + 1) * sizeof(*kv));

	if (!kv)
		return -1;
	kvs->kv = kv;
	kv[kvs->n].key = strdup(key);
	kv[kvs->n].value = strdup(value);
	if (!kv[kvs->n].key || !kv[kvs->n].value) {
		free(kv[kvs->n].key);
		free(kv[kvs->n].value);
		return -1;
	}
	kvs->n++;
	return 0;
}

static void kvs_free(struct ab_kvs *kvs)
{
	size_t i;

	for (i = 0; i < kvs->n; i++) {
		free(kvs->kv[i].key);
		free(kvs->kv[i].value);
	}
	free(kvs->kv);
	kvs->kv = NULL;
	kvs->n = 0;
}

/* Split @line in place at tabs; returns the number of fields. */
static int split(char *line, char **f)
{
	int n = 0;
	char *p = line;

	for (;;) {
		if (n == MAX_FIELDS)
			return -1;
		f[n++] = p;
		p = strchr(p, '\t');
		if (!p)
			return n;
		*p++ = '\0';
	}
}

static int parse_side(const char *s, enum ab_side *side)
{
	if (!strcmp(s, "base"))
		*side = AB_BASE;
	else if (!strcmp(s, "test"))
		*side = AB_TEST;
	else
		return -1;
	return 0;
}

static int add_round(struct ab_state *st, char **f, const char **why)
{
	struct ab_round r = { 0 }, *rs;
	char *end;
	long n;

	errno = 0;
	n = strtol(f[1], &end, 10);
	if (errno || *end || end == f[1] || n < 1 || n > MAX_ROUNDS) {
		*why = "round number is not a whole number from 1 to 10000";
		return -1;
	}
	if (parse_side(f[2], &r.side)) {
		*why = "side is neither base nor test";
		return -1;
	}
	if (!*f[4] || f[4][0] == '/' || strstr(f[4], "..")) {
		*why = "run directory must be a path inside the A/B directory";
		return -1;
	}
	r.seconds = strtod(f[5], &end);
	if (*end || end == f[5] || !isfinite(r.seconds) || r.seconds < 0)
		r.seconds = NAN;
	r.n = (int)n;
	rs = realloc(st->rounds, (st->nrounds + 1) * sizeof(*rs));
	if (!rs)
		return -1;
	st->rounds = rs;
	r.status = strdup(f[3]);
	r.run_dir = strdup(f[4]);
	if (!r.status || !r.run_dir) {
		free(r.status);
		free(r.run_dir);
		return -1;
	}
	st->rounds[st->nrounds++] = r;
	return 0;
}

/* One line; 0, or -1 with *why set. */
static int parse_line(struct ab_state *st, char *line, int lineno,
		      const char **why)
{
	char *f[MAX_FIELDS];
	enum ab_side side;
	int n = split(line, f);

	*why = "malformed line";
	if (n < 0)
		return -1;
	if (lineno == 1) {
		if (n != 2 || strcmp(f[0], AB_STATE_MAGIC) ||
		    strcmp(f[1], "1")) {
			*why = "not a daxbench-ab state file of version 1";
			return -1;
		}
		return 0;
	}
	if (!strcmp(f[0], "side")) {
		if (n != 4 || parse_side(f[1], &side) || !*f[2])
			return -1;
		return kv_add(&st->side[side], f[2], f[3]);
	}
	if (!strcmp(f[0], "round")) {
		if (n != 6)
			return -1;
		return add_round(st, f, why);
	}
	if (n != 2 || !*f[0])
		return -1;
	return kv_add(&st->top, f[0], f[1]);
}

int ab_state_read(const char *path, struct ab_state *st)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int lineno = 0, rc = 0;
	const char *why = NULL;

	memset(st, 0, sizeof(*st));
	if (!f) {
		fprintf(stderr, "%s: %s: %s\n", program_invocation_short_name,
			path, strerror(errno));
		return -1;
	}
	while ((len = getline(&line, &cap, f)) > 0) {
		lineno++;
		if (line[len - 1] != '\n') {
			why = "truncated (no newline at the end)";
			rc = -1;
			break;
		}
		line[len - 1] = '\0';
		if (memchr(line, '\0', len - 1)) {
			why = "holds a NUL byte";
			rc = -1;
			break;
		}
		if (parse_line(st, line, lineno, &why)) {
			rc = -1;
			break;
		}
	}
	if (!rc && lineno == 0) {
		why = "empty";
		rc = -1;
	}
	if (!rc && !ab_kv_get(&st->top, "status")) {
		why = "no status line";
		rc = -1;
	}
	if (rc)
		fprintf(stderr, "%s: %s:%d: %s\n", program_invocation_short_name,
			path, lineno, why ? why : "out of memory");
	free(line);
	fclose(f);
	if (rc)
		ab_state_free(st);
	return rc;
}

void ab_state_free(struct ab_state *st)
{
	size_t i;

	kvs_free(&st->top);
	kvs_free(&st->side[AB_BASE]);
	kvs_free(&st->side[AB_TEST]);
	for (i = 0; i < st->nrounds; i++) {
		free(st->rounds[i].status);
		free(st->rounds[i].run_dir);
	}
	free(st->rounds);
	memset(st, 0, sizeof(*st));
}
