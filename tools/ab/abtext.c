// SPDX-License-Identifier: GPL-2.0-only
/*
 * The A/B as plain text in at most 72 columns, in the form of the kernel
 * test robot's mails: per path and measurement, BASE mean ±%stddev,
 * %change, TEST mean ±%stddev and the metric, a star on significant
 * changes (as mmtests marks them), then the kernel functions that moved,
 * what one kernel lacks, both kernels, the machine and the command that
 * reproduces it all.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abreport.h"
#include "format.h"

#define NAME_COL	45	/* where the metric name starts */
#define FUNC_W		28

const char *ab_status(const struct ab_cmp *c)
{
	return ab_kv_get(&c->st.top, "status");
}

/* Which of two regressions heads the report: a key metric before any
 * other, then the larger change; "from 0" only when nothing else. */
static bool worse_than(const struct ab_row *r, const struct ab_row *w)
{
	if (r->key != w->key)
		return r->key;
	if (isnan(r->change) != isnan(w->change))
		return isnan(w->change);
	return fabs(r->change) > fabs(w->change);
}

const struct ab_row *ab_worst(const struct ab_cmp *c)
{
	const struct ab_row *w = NULL;
	size_t i;

	for (i = 0; i < c->nrows; i++) {
		const struct ab_row *r = &c->rows[i];

		if (r->v == AB_REGRESSION && (!w || worse_than(r, w)))
			w = r;
	}
	return w;
}

static const char *top(const struct ab_cmp *c, const char *key)
{
	const char *v = ab_kv_get(&c->st.top, key);

	return v && *v ? v : NULL;
}

static const char *side(const struct ab_cmp *c, enum ab_side s, const char *key)
{
	const char *v = ab_kv_get(&c->st.side[s], key);

	return v && *v ? v : NULL;
}

static char *fmt_change(char *buf, size_t len, const struct ab_row *r)
{
	const char *star = (r->v == AB_REGRESSION || r->v == AB_IMPROVEMENT ||
			    r->v == AB_CHANGED) ? "*" : " ";

	if (isnan(r->change))
		snprintf(buf, len, "from 0%s", star);
	else if (fabs(r->change) >= 1000)
		snprintf(buf, len, "%+.0f%%%s", r->change, star);
	else
		snprintf(buf, len, "%+.1f%%%s", r->change, star);
	return buf;
}

/* "  123.4K ±  3%": the mean and, above 2% as LKP does, the stddev. */
static char *fmt_side(char *buf, size_t len, const struct st_summary *s)
{
	char num[32];

	fmt_short(num, sizeof(num), s->mean);
	if (s->n > 1 && !isnan(s->sd_pct) && s->sd_pct > 2)
		snprintf(buf, len, "%9s ±%3.0f%%", num, fmin(s->sd_pct, 999));
	else
		snprintf(buf, len, "%9s      ", num);
	return buf;
}

static void row(FILE *f, const struct ab_row *r)
{
	char a[40], b[40], ch[32];

	fmt_side(a, sizeof(a), &r->sum[AB_BASE]);
	fmt_side(b, sizeof(b), &r->sum[AB_TEST]);
	fmt_change(ch, sizeof(ch), r);
	if (strlen(r->metric) > AB_WIDTH - NAME_COL)
		fprintf(f, "%*s%s\n", AB_WIDTH - (int)strlen(r->metric), "",
			r->metric);
	fprintf(f, "%s %10s  %s  %s\n", a, ch, b,
		strlen(r->metric) > AB_WIDTH - NAME_COL ? "" : r->metric);
}

typedef bool (*row_pick)(const struct ab_cmp *c, const struct ab_row *r);

/* The rows @pick chooses, under "path measurement" headings; returns how
 * many, printing at most @max. */
static size_t section(FILE *f, const struct ab_cmp *c, const char *title,
		      row_pick pick, size_t max)
{
	const char *path = NULL, *id = NULL;
	size_t i, n = 0;

	for (i = 0; i < c->nrows; i++) {
		const struct ab_row *r = &c->rows[i];

		if (!r->n[AB_BASE] || !r->n[AB_TEST] || !pick(c, r))
			continue;
		if (n++ >= max)
			continue;
		if (n == 1)
			fprintf(f, "\n%s\n", title);
		if (!path || strcmp(path, r->path) || strcmp(id, r->id))
			fprintf(f, "%s %s\n", r->path, r->id);
		path = r->path;
		id = r->id;
		row(f, r);
	}
	if (n > max)
		fprintf(f, "  ... and %zu more in ab.json\n", n - max);
	return n;
}

static bool significant(const struct ab_row *r)
{
	return r->v == AB_REGRESSION || r->v == AB_IMPROVEMENT ||
	       r->v == AB_CHANGED;
}

static bool pick_faults(const struct ab_cmp *c, const struct ab_row *r)
{
	(void)c;
	return r->cls == AB_FAULTS && (r->key || significant(r));
}

static bool pick_insns(const struct ab_cmp *c, const struct ab_row *r)
{
	(void)c;
	return r->cls == AB_INSNS &&
	       (!strcmp(r->metric, "insns_kernel") ||
		!strcmp(r->metric, "insns_user") || significant(r));
}

static bool pick_times(const struct ab_cmp *c, const struct ab_row *r)
{
	if (r->cls != AB_TIME)
		return false;
	if (r->v == AB_NOT_JUDGED)
		return r->key;
	return !(c->emulated && !c->o.judge_emulated) &&
	       (r->key || significant(r));
}

static bool pick_other(const struct ab_cmp *c, const struct ab_row *r)
{
	(void)c;
	return r->cls == AB_OTHER && significant(r);
}

static void kernel(FILE *f, const struct ab_cmp *c, enum ab_side s)
{
	const char *v;

	fprintf(f, "%s  %s\n", ab_side_label(s), side(c, s, "spec") ?: "?");
	fprintf(f, "      release %s\n", side(c, s, "release") ?: "unknown");
	if ((v = side(c, s, "source")))
		fprintf(f, "      %s\n", v);
	/* Long paths and keys get lines of their own, to fit 72 columns. */
	if ((v = side(c, s, "series")))
		fprintf(f, "      series of %s patches:\n        %s\n",
			side(c, s, "patches") ?: "?", v);
	if ((v = side(c, s, "build_seconds")))
		fprintf(f, "      built in %s s by daxbench kbuild\n", v);
	v = side(c, s, "build");
	if (v && !strncmp(v, "daxbench kbuild, key ", 21))
		fprintf(f, "      cache key %s\n", v + 21);
	if ((v = side(c, s, "sha256")))
		fprintf(f, "      image sha256 %s\n", v);
}

static void header(FILE *f, const struct ab_cmp *c)
{
	const struct ab_row *w = ab_worst(c);
	const char *st = ab_status(c);
	char ch[32];
	size_t i, compared = 0, ok[AB_NSIDES] = { 0 };

	if (strcmp(st, "complete"))
		fprintf(f, "daxbench ab: INCOMPLETE A/B (%s)%s%s\n", st,
			top(c, "reason") ? ": " : "", top(c, "reason") ?: "");
	if (w) {
		fmt_change(ch, sizeof(ch), w);
		ch[strcspn(ch, "*")] = '\0';
		fprintf(f, "daxbench ab noticed a %s regression of\n  %s %s %s\n",
			ch[0] == '+' || ch[0] == '-' ? ch + 1 : ch, w->path, w->id,
			w->metric);
	} else {
		fprintf(f, "daxbench ab: no significant regression\n");
	}
	for (i = 0; i < c->nrows; i++)
		if (c->rows[i].n[AB_BASE] && c->rows[i].n[AB_TEST])
			compared++;
	fprintf(f, "%zu metrics compared: %zu regressions, %zu improvements,\n"
		"%zu other significant changes\n\n", compared,
		c->count[AB_REGRESSION], c->count[AB_IMPROVEMENT],
		c->count[AB_CHANGED]);
	kernel(f, c, AB_BASE);
	kernel(f, c, AB_TEST);
	for (i = 0; i < c->st.nrounds; i++)
		if (!strcmp(c->st.rounds[i].status, "ok"))
			ok[c->st.rounds[i].side]++;
	fprintf(f, "\nprofile  %s, rounds BASE, TEST, BASE, ... each a fresh guest\n",
		top(c, "profile") ?: "?");
	fprintf(f, "rounds   %zu BASE + %zu TEST ok of %s a side planned\n",
		ok[AB_BASE], ok[AB_TEST], top(c, "rounds") ?: "?");
	if (top(c, "wall_seconds")) {
		long secs = strtol(top(c, "wall_seconds"), NULL, 10);

		fprintf(f, "wall     %ldm%02lds for the whole A/B\n", secs / 60,
			secs % 60);
	}
	fprintf(f, "machine  %s\n", top(c, "machine.guest") ?: "?");
	fprintf(f, "host     %s\n", top(c, "machine.host") ?: "?");
}

static void judging(FILE *f, const struct ab_cmp *c)
{
	fprintf(f, "\nEach value: the mean over rounds of each round's mean;"
		" ±%%stddev\nabove 2%%; * significant: Welch's t-test p < %g"
		" and beyond\n%g%% (faults, counts), max(%g%%, %gx %%stddev)"
		" (instructions).\n", c->o.alpha, c->o.threshold,
		c->o.insns_floor, c->o.insns_spread);
	if (c->emulated && !c->o.judge_emulated)
		fprintf(f, "Times are not judged: emulated CPU (TCG).\n");
	fprintf(f, "\n%9s %16s %10s\n", "BASE", "%change", "TEST");
}

static void funcs(FILE *f, const struct ab_cmp *c)
{
	char a[32], b[32], d[32];
	size_t i;

	if (!c->nfuncs)
		return;
	fprintf(f, "\nKernel functions whose instructions moved most\n"
		"(per repeat; - : not in that kernel's top list)\n");
	for (i = 0; i < c->nfuncs && i < AB_TOP_FUNCS; i++) {
		const struct ab_func *fn = &c->funcs[i];

		if (fn->delta == 0)
			break;
		if (!i || strcmp(fn->path, c->funcs[i - 1].path) ||
		    strcmp(fn->id, c->funcs[i - 1].id))
			fprintf(f, "%s %s\n", fn->path, fn->id);
		if (fn->have[AB_BASE])
			fmt_short(a, sizeof(a), fn->mean[AB_BASE]);
		else
			strcpy(a, "-");
		if (fn->have[AB_TEST])
			fmt_short(b, sizeof(b), fn->mean[AB_TEST]);
		else
			strcpy(b, "-");
		fmt_short(d, sizeof(d), fabs(fn->delta));
		fprintf(f, "  %-*.*s %8s %8s %c%s\n", FUNC_W, FUNC_W, fn->name,
			a, b, fn->delta < 0 ? '-' : '+', d);
	}
}

/* Metrics one side lacks, one line per side and metric: how many
 * measurements lack it, and one of them. */
static void only_metrics(FILE *f, const struct ab_cmp *c)
{
	size_t i, j, n;

	for (i = 0; i < c->nonly; i++) {
		const struct ab_only *o = &c->only[i];
		bool seen = false;

		if (!o->metric)
			continue;
		for (j = 0; j < i && !seen; j++)
			seen = c->only[j].metric && c->only[j].side == o->side &&
			       !strcmp(c->only[j].metric, o->metric);
		if (seen)
			continue;
		for (n = 0, j = i; j < c->nonly; j++)
			n += c->only[j].metric && c->only[j].side == o->side &&
			     !strcmp(c->only[j].metric, o->metric);
		fprintf(f, "  %s only: metric %s", ab_side_label(o->side), o->metric);
		if (n > 1)
			fprintf(f, " (%zu measurements,\n    e.g. %s %s)\n", n,
				o->path, o->id);
		else
			fprintf(f, " (%s %s)\n", o->path, o->id);
	}
}

static void only(FILE *f, const struct ab_cmp *c)
{
	size_t i;

	if (!c->nonly)
		return;
	fprintf(f, "\nOn one kernel only\n");
	for (i = 0; i < c->nonly; i++) {
		const struct ab_only *o = &c->only[i];
		enum ab_side other = o->side == AB_BASE ? AB_TEST : AB_BASE;

		if (o->metric)
			continue;
		fprintf(f, "  %s only: %s%s%s\n", ab_side_label(o->side),
			o->path, o->id ? " " : "", o->id ?: "");
		if (o->why)
			fprintf(f, "    %s: %.*s\n", ab_side_label(other),
				AB_WIDTH - 10, o->why);
	}
	only_metrics(f, c);
}

/*
 * The next word of a shell command at @p: up to a space outside single
 * quotes (the command is quoted that way by daxbench ab).  Its length.
 */
static size_t word_len(const char *p)
{
	size_t n = 0;
	bool quoted = false;

	for (; p[n] && (quoted || p[n] != ' '); n++)
		if (p[n] == '\'')
			quoted = !quoted;
	return n;
}

/*
 * A shell command, folded between words to fit, continued with
 * backslashes; an option stays on one line with its value.
 */
static void command(FILE *f, const char *cmd)
{
	size_t col = 2, len, next;
	const char *p = cmd;

	fprintf(f, "\nReproduce:\n  ");
	while (*p) {
		len = word_len(p);
		if (p[0] == '-' && p[len] == ' ' && p[len + 1] != '-' && p[len + 1]) {
			next = word_len(p + len + 1);
			len += 1 + next;
		}
		if (col > 4 && col + 1 + len > AB_WIDTH - 2) {
			fprintf(f, " \\\n    ");
			col = 4;
		} else if (col > 2) {
			fputc(' ', f);
			col++;
		}
		fprintf(f, "%.*s", (int)len, p);
		col += len;
		p += len;
		while (*p == ' ')
			p++;
	}
	fputc('\n', f);
}

void ab_text(const struct ab_cmp *c, FILE *f)
{
	char title[128];

	header(f, c);
	judging(f, c);
	section(f, c, "Page faults", pick_faults, SIZE_MAX);
	section(f, c, "Instructions (user, kernel)", pick_insns, SIZE_MAX);
	if (c->emulated && !c->o.judge_emulated)
		snprintf(title, sizeof(title),
			 "Times, key metrics (not judged: emulated CPU)");
	else
		snprintf(title, sizeof(title), "Times, key metrics");
	section(f, c, title, pick_times, c->emulated ? AB_MAX_TIMES : SIZE_MAX);
	section(f, c, "Other counts that changed", pick_other, SIZE_MAX);
	funcs(f, c);
	only(f, c);
	if (top(c, "command"))
		command(f, top(c, "command"));
	fprintf(f, "\nEvery row and round: ab.json; the runs: runs/.\n");
}
