// SPDX-License-Identifier: GPL-2.0-only
/*
 * Pair the runs' measurements and metrics, check that paired
 * measurements measured the same thing, and give every metric of every
 * later run a %change, a p-value and a verdict against the baseline.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare-core.h"

static const char *const verdict_names[CC_NVERDICTS] = {
	"same", "regression", "improvement", "changed", "insignificant",
	"untested", "emulated", "noisy", "missing",
};

/* Parameters that name where a measurement ran, not what it measured. */
static const char *const location_keys[] = {
	"dir", "file", "output", "command", "directory", "filename",
	"job_file",	/* fio's job file: build tree or installed copy */
	"repeats",	/* Welch's test takes unequal repeat counts */
	NULL
};

const char *cc_verdict_name(enum cc_verdict v)
{
	return verdict_names[v];
}

const char *cc_label(size_t i)
{
	static const char *const l[] = {
		"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M",
		"N", "O", "P", "Q", "R", "S", "T", "U", "V", "W", "X", "Y", "Z",
	};

	return i < 26 ? l[i] : "?";
}

static void __attribute__((format(printf, 2, 3)))
add(struct cc_strs *l, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	va_end(ap);
	l->s = realloc(l->s, (l->n + 1) * sizeof(*l->s));
	if (!l->s)
		abort();
	l->s[l->n++] = s;
}

static void free_strs(struct cc_strs *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->s[i]);
	free(l->s);
}

int cc_parse_double(const char *opt, const char *arg, double min, double max,
		    double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (!*arg || *end || errno || !isfinite(v) || v < min || v > max) {
		fprintf(stderr, "%s: %s: '%s': expected a number from %g to %g\n",
			program_invocation_short_name, opt, arg, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

size_t cc_repeats(const struct rl_run *run)
{
	struct json_object *r = ju_get(run->root, "repeats");
	size_t i, j, most = 0;

	if (json_object_is_type(r, json_type_int))
		return (size_t)json_object_get_int64(r);
	for (i = 0; i < run->nmeas; i++)
		for (j = 0; j < run->meas[i].nmetrics; j++)
			if (run->meas[i].metrics[j].n > most)
				most = run->meas[i].metrics[j].n;
	return most;
}

/* ---- what the runs have in common, and what they do not ---- */

static const char *or_unknown(const char *s)
{
	return s ? s : "unknown";
}

static const char *env_fact(const struct rl_run *r, const char *key)
{
	if (!strcmp(key, "kernel"))
		return rl_kernel(r);
	if (!strcmp(key, "accel"))
		return rl_accel(r);
	if (!strcmp(key, "cpu.model"))
		return rl_cpu(r);
	if (!strcmp(key, "vm.pmem"))
		return ju_str(r->root, "vm.pmem");
	/* The machine: run.json's own environment first. */
	if (!strcmp(key, "hostname"))
		return ju_str(r->env, "hostname") ? ju_str(r->env, "hostname") :
			rl_env(r, "hostname");
	if (!strcmp(key, "version"))
		return ju_str(r->root, "daxbench_version") ?
			ju_str(r->root, "daxbench_version") :
			ju_str(r->env, "daxbench_version");
	return rl_env(r, key);
}

static void env_differences(struct cc_cmp *c)
{
	static const char *const facts[][2] = {
		{ "kernel", "kernels" },
		{ "hostname", "machines (hostname)" },
		{ "cpu.model", "CPU models" },
		{ "cpu.online", "online CPU counts" },
		{ "accel", "accelerators" },
		{ "vm.pmem", "pmem kinds" },
		{ "thp.enabled", "transparent huge page settings" },
		{ "version", "daxbench versions" },
	};
	char a[128], b[128];
	const char *key;
	size_t i, j;

	for (i = 0; i < sizeof(facts) / sizeof(facts[0]); i++) {
		key = facts[i][0];
		for (j = 1; j < c->nruns; j++) {
			snprintf(a, sizeof(a), "%s", or_unknown(env_fact(&c->runs[0], key)));
			snprintf(b, sizeof(b), "%s", or_unknown(env_fact(&c->runs[j], key)));
			if (strcmp(a, b))
				add(&c->warnings, "%s differ: %s %s, %s %s", facts[i][1],
				    cc_label(0), a, cc_label(j), b);
		}
	}
}

static void run_caveats(struct cc_cmp *c)
{
	const char *st, *why;
	size_t j;

	for (j = 0; j < c->nruns; j++) {
		if (j && !strcmp(c->runs[j].run_id, c->runs[0].run_id))
			add(&c->warnings, "%s and %s are the same run (%s)", cc_label(0),
			    cc_label(j), c->runs[0].run_id);
		st = ju_str(c->runs[j].root, "status");
		why = ju_str(c->runs[j].root, "reason");
		if (st && strcmp(st, "complete"))
			add(&c->warnings, "run %s (%s) is %s%s%s: comparing what it completed",
			    cc_label(j), c->runs[j].run_id, st, why ? ": " : "",
			    why ? why : "");
		if (cc_repeats(&c->runs[j]) == 1)
			add(&c->warnings, "run %s has 1 repeat: no significance can be claimed; "
			    "changes beyond the threshold are marked untested", cc_label(j));
	}
}

static bool has_note(const struct rl_run *r, const char *s)
{
	size_t i;

	for (i = 0; i < json_object_array_length(r->notes); i++)
		if (!strcmp(s, json_object_get_string(json_object_array_get_idx(r->notes, i))))
			return true;
	return false;
}

/* Each distinct note once, with the runs that carry it: "A, B". */
static void gather_notes(struct cc_cmp *c)
{
	char who[128];
	size_t i, j, k;
	const char *s;
	bool seen;

	for (j = 0; j < c->nruns; j++) {
		for (i = 0; i < json_object_array_length(c->runs[j].notes); i++) {
			s = json_object_get_string(json_object_array_get_idx(c->runs[j].notes, i));
			for (k = 0, seen = false; k < j && !seen; k++)
				seen = has_note(&c->runs[k], s);
			if (seen)
				continue;
			who[0] = '\0';
			for (k = j; k < c->nruns; k++)
				if (has_note(&c->runs[k], s))
					snprintf(who + strlen(who), sizeof(who) - strlen(who),
						 "%s%s", who[0] ? ", " : "", cc_label(k));
			add(&c->notes, "%s", s);
			add(&c->note_runs, "%s", who);
		}
	}
}

/* ---- parameters ---- */

static bool is_location(const char *key)
{
	int i;

	for (i = 0; location_keys[i]; i++)
		if (!strcmp(key, location_keys[i]))
			return true;
	return false;
}

static bool is_number(struct json_object *o)
{
	return json_object_is_type(o, json_type_int) ||
	       json_object_is_type(o, json_type_double);
}

/* Equal as measured: 4096 and 4096.0 are the same parameter. */
static bool same_value(struct json_object *a, struct json_object *b)
{
	if (is_number(a) && is_number(b))
		return json_object_get_double(a) == json_object_get_double(b);
	return json_object_equal(a, b);
}

static const char *show(struct json_object *o, bool present)
{
	if (!present)
		return "(absent)";
	return o ? json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN) : "null";
}

static int param_mismatch_one(struct cc_cmp *c, struct cc_item *it,
			      size_t j, struct json_object *key_src, bool check_missing)
{
	struct json_object *pa = it->m[0]->params, *pb = it->m[j]->params;
	struct json_object *va, *vb;
	bool ha, hb;
	int bad = 0;

	json_object_object_foreach(key_src, key, unused) {
		(void)unused;
		if (is_location(key))
			continue;
		ha = json_object_object_get_ex(pa, key, &va);
		hb = json_object_object_get_ex(pb, key, &vb);
		if (ha && hb && same_value(va, vb))
			continue;
		if (!check_missing && ha && hb)
			continue;	/* reported in the first pass */
		bad++;
		if (c->opt.allow_param_mismatch) {
			add(&c->warnings, "%s/%s: parameter %s differs: %s in %s, %s in %s (compared anyway)",
			    it->path, it->id, key, show(va, ha), cc_label(0),
			    show(vb, hb), cc_label(j));
		} else {
			fprintf(stderr, "%s: %s/%s: parameter %s differs: %s in %s (%s), %s in %s (%s)\n",
				program_invocation_short_name, it->path, it->id, key,
				show(va, ha), cc_label(0), c->runs[0].run_id,
				show(vb, hb), cc_label(j), c->runs[j].run_id);
		}
	}
	return bad;
}

/* Returns the number of differing parameters over all paired runs. */
static int check_params(struct cc_cmp *c, struct cc_item *it)
{
	size_t j;
	int bad = 0;

	if (!it->m[0] || !it->m[0]->params)
		return 0;
	for (j = 1; j < c->nruns; j++) {
		if (!it->m[j] || !it->m[j]->params)
			continue;
		bad += param_mismatch_one(c, it, j, it->m[0]->params, true);
		bad += param_mismatch_one(c, it, j, it->m[j]->params, false);
	}
	return bad;
}

/* ---- metrics ---- */

/* Instruction counts: deterministic, judged under TCG too. */
static bool insns_metric(const char *name)
{
	return !strncmp(name, "insns_", 6);
}

static double sd_pct(const struct cc_cell *x)
{
	return isnan(x->s.sd_pct) ? 0 : x->s.sd_pct;
}

/*
 * The threshold of a row: --threshold, or for an instruction count its
 * own, from its measured spread: a change must exceed --insns-spread
 * times the larger %stddev of the two sides, and --insns-floor.
 */
double cc_row_threshold(const struct cc_cmp *c, const struct cc_row *r,
			const struct cc_cell *a, const struct cc_cell *b)
{
	if (!insns_metric(r->name))
		return c->opt.threshold;
	return fmax(c->opt.insns_floor,
		    c->opt.insns_spread * fmax(sd_pct(a), sd_pct(b)));
}

static bool beyond(double threshold, double change)
{
	return isnan(change) || fabs(change) > threshold;
}

/*
 * Units that measure time or speed.  On an emulated CPU they measure the
 * emulator and the host's load as much as the kernel: two runs of one
 * kernel under TCG differ by far more than their repeats spread.
 */
static bool timing_unit(const char *unit)
{
	static const char *const units[] = {
		"ns", "us", "ms", "s", "B/s", "MiB/s", "GB/s", "ops/s", "percent", NULL
	};
	int i;

	for (i = 0; units[i]; i++)
		if (!strcmp(unit, units[i]))
			return true;
	return false;
}

static enum cc_verdict verdict(const struct cc_cmp *c, const struct cc_row *r,
			       const struct cc_cell *a, const struct cc_cell *b)
{
	double up;

	if (!a->present || !b->present || !a->s.n || !b->s.n)
		return CC_MISSING;
	if (!beyond(cc_row_threshold(c, r, a, b), b->change))
		return CC_SAME;
	if (c->emulated && !c->opt.judge_emulated && timing_unit(r->unit))
		return CC_EMULATED;
	/* A metric that swung within its own run cannot show a change. */
	if (a->noisy || b->noisy)
		return CC_NOISY;
	/*
	 * Counts that did not move between repeats on either side (a user
	 * count, a single repeat) leave Welch's test nothing to weigh: a
	 * change beyond the floor is the change.
	 */
	if (insns_metric(r->name) && !(a->s.sd > 0) && !(b->s.sd > 0))
		goto judged;
	if (!b->test.valid)
		return CC_UNTESTED;
	if (b->test.p >= c->opt.alpha)
		return CC_INSIGNIFICANT;
judged:
	if (r->better == DB_NEITHER)
		return CC_CHANGED;
	up = b->s.mean - a->s.mean;
	if ((r->better == DB_LOWER_IS_BETTER) == (up > 0))
		return CC_REGRESSION;
	return CC_IMPROVEMENT;
}

static void fill_cell(struct cc_cell *cell, const struct rl_meas *m,
		      const char *name)
{
	struct rl_metric *mt = m ? rl_metric(m, name) : NULL;

	cell->present = mt != NULL;
	st_summarize(mt ? mt->v : NULL, mt ? mt->n : 0, &cell->s);
	cell->noisy = rl_noisy(mt);
	cell->why = mt ? mt->why : NULL;
}

static struct cc_row *new_row(struct cc_item *it, const struct rl_metric *mt,
			      size_t nruns)
{
	struct cc_row *r;

	it->rows = realloc(it->rows, (it->nrows + 1) * sizeof(*it->rows));
	if (!it->rows)
		abort();
	r = &it->rows[it->nrows++];
	r->name = mt->name;
	r->unit = mt->unit;
	r->better = mt->better;
	r->cell = calloc(nruns, sizeof(*r->cell));
	if (!r->cell)
		abort();
	return r;
}

static bool has_row(const struct cc_item *it, const char *name)
{
	size_t i;

	for (i = 0; i < it->nrows; i++)
		if (!strcmp(it->rows[i].name, name))
			return true;
	return false;
}

/* Why a change of @r in run @j was not judged: the noisy side's reason. */
static void note_noisy(struct cc_cmp *c, const struct cc_item *it,
		       const struct cc_row *r, size_t j)
{
	const struct cc_cell *n = r->cell[0].noisy ? &r->cell[0] : &r->cell[j];

	add(&c->noisy, "%s vs %s: %s/%s %s: not judged, noisy in %s: %s",
	    cc_label(j), cc_label(0), it->path, it->id, r->name,
	    cc_label(n == &r->cell[0] ? 0 : j), n->why && *n->why ? n->why : "see its result");
}

/*
 * An instruction count's region total (insns_user or insns_kernel, the
 * side of @name) in measurement @m: its mean over the repeats, or NAN.
 */
static double insns_total(const struct rl_meas *m, const char *name)
{
	const struct rl_metric *mt;

	if (!m)
		return NAN;
	mt = rl_metric(m, strncmp(name, "insns_user", 10) ? "insns_kernel" : "insns_user");
	return mt && mt->n ? st_of(mt->v, mt->n).mean : NAN;
}

/*
 * Timer interrupts and other background kernel work land in a region
 * by the thousand instructions whatever its size (docs/comparing.md):
 * a change of fewer than --insns-abs instructions in the region's total
 * is that, not the kernel's work, however large a share of a small
 * region it is.
 */
static bool insns_within_abs(const struct cc_cmp *c, const struct cc_item *it,
			     const struct cc_row *r, size_t j)
{
	double d;

	if (!insns_metric(r->name))
		return false;
	d = fabs(insns_total(it->m[j], r->name) - insns_total(it->m[0], r->name));
	return !isnan(d) && d <= c->opt.insns_abs;
}

static void test_row(struct cc_cmp *c, struct cc_item *it, struct cc_row *r)
{
	struct cc_cell *a = &r->cell[0], *b;
	size_t j;

	for (j = 0; j < c->nruns; j++)
		fill_cell(&r->cell[j], it->m[j], r->name);
	for (j = 1; j < c->nruns; j++) {
		b = &r->cell[j];
		b->change = st_change_pct(a->s.mean, b->s.mean);
		st_welch(&a->s, &b->s, &b->test);
		b->verdict = verdict(c, r, a, b);
		if (b->verdict != CC_MISSING && insns_within_abs(c, it, r, j))
			b->verdict = CC_SAME;
		c->count[j][b->verdict]++;
		if (b->verdict == CC_NOISY)
			note_noisy(c, it, r, j);
	}
}

static bool ok(const struct rl_meas *m)
{
	return m && !strcmp(m->status, "ok");
}

/*
 * Rows in the baseline's metric order, then metrics new in later runs;
 * none when there is nothing to pair (the item is in "not compared").
 */
static void build_rows(struct cc_cmp *c, struct cc_item *it)
{
	const struct rl_meas *m;
	size_t i, j;
	bool paired = false;

	for (j = 1; j < c->nruns; j++)
		paired |= ok(it->m[0]) && ok(it->m[j]);
	if (!paired)
		return;

	for (j = 0; j < c->nruns; j++) {
		m = it->m[j];
		for (i = 0; m && i < m->nmetrics; i++)
			if (!has_row(it, m->metrics[i].name))
				new_row(it, &m->metrics[i], c->nruns);
	}
	for (i = 0; i < it->nrows; i++)
		test_row(c, it, &it->rows[i]);
}

/* Every run has it with the same status and reason: say so once. */
static bool same_everywhere(const struct cc_cmp *c, const struct cc_item *it)
{
	const struct rl_meas *a = it->m[0], *b;
	size_t j;

	for (j = 1; j < c->nruns; j++) {
		b = it->m[j];
		if (!a || !b || strcmp(a->status, b->status) ||
		    strcmp(a->reason ? a->reason : "", b->reason ? b->reason : ""))
			return false;
	}
	return true;
}

static void note_unpaired(struct cc_cmp *c, struct cc_item *it)
{
	const struct rl_meas *m = it->m[0];
	size_t j;

	if (same_everywhere(c, it)) {
		if (strcmp(m->status, "ok"))
			add(&c->info, "%s/%s: %s in every run%s%s", it->path, it->id,
			    m->status, m->reason ? ": " : "", m->reason ? m->reason : "");
		return;
	}
	for (j = 0; j < c->nruns; j++) {
		if (!it->m[j])
			add(&c->info, "%s/%s: not in run %s", it->path, it->id, cc_label(j));
		else if (strcmp(it->m[j]->status, "ok"))
			add(&c->info, "%s/%s: %s in run %s%s%s", it->path, it->id,
			    it->m[j]->status, cc_label(j),
			    it->m[j]->reason ? ": " : "",
			    it->m[j]->reason ? it->m[j]->reason : "");
	}
}

static struct cc_item *find_item(struct cc_cmp *c, const struct rl_meas *m)
{
	size_t i;

	for (i = 0; i < c->nitems; i++)
		if (!strcmp(c->items[i].path, m->path) && !strcmp(c->items[i].id, m->id))
			return &c->items[i];
	return NULL;
}

/* Every (path, id) of any run, in the order the runs list them. */
static void pair(struct cc_cmp *c)
{
	struct cc_item *it;
	struct rl_meas *m;
	size_t i, j;

	for (j = 0; j < c->nruns; j++) {
		for (i = 0; i < c->runs[j].nmeas; i++) {
			m = &c->runs[j].meas[i];
			it = find_item(c, m);
			if (!it) {
				c->items = realloc(c->items, (c->nitems + 1) * sizeof(*c->items));
				if (!c->items)
					abort();
				it = &c->items[c->nitems++];
				memset(it, 0, sizeof(*it));
				it->path = m->path;
				it->id = m->id;
				it->benchmark = m->benchmark;
				it->m = calloc(c->nruns, sizeof(*it->m));
				if (!it->m)
					abort();
			}
			it->m[j] = m;
		}
	}
}

int cc_build(struct cc_cmp *c, struct rl_run *runs, size_t nruns,
	     const struct cc_opts *opt)
{
	size_t i;
	int bad = 0;

	memset(c, 0, sizeof(*c));
	c->runs = runs;
	c->nruns = nruns;
	c->opt = *opt;
	c->count = calloc(nruns, sizeof(*c->count));
	if (!c->count)
		abort();
	pair(c);
	for (i = 0; i < c->nitems; i++)
		bad += check_params(c, &c->items[i]);
	if (bad && !opt->allow_param_mismatch) {
		fprintf(stderr, "%s: %d parameter%s differ%s: these runs did not measure the same thing "
			"(--allow-param-mismatch compares them anyway)\n",
			program_invocation_short_name, bad, bad == 1 ? "" : "s",
			bad == 1 ? "s" : "");
		return 1;
	}
	for (i = 0; i < nruns; i++)
		c->emulated |= rl_emulated(&runs[i]);
	if (c->emulated && !opt->judge_emulated)
		add(&c->warnings, "an emulated CPU ran these measurements: times, rates and CPU "
		    "shares are compared but not judged (verdict emulated); counts and "
		    "ratios are; --judge-emulated judges everything");
	env_differences(c);
	run_caveats(c);
	gather_notes(c);
	for (i = 0; i < c->nitems; i++) {
		note_unpaired(c, &c->items[i]);
		build_rows(c, &c->items[i]);
	}
	/* A nightly job must not read "no regression" into "nothing ran". */
	if (!cc_compared(c)) {
		fprintf(stderr, "%s: nothing to compare: no measurement is ok in the baseline "
			"and in another run\n", program_invocation_short_name);
		for (i = 0; i < c->info.n; i++)
			fprintf(stderr, "  %s\n", c->info.s[i]);
		return 1;
	}
	return 0;
}

size_t cc_compared(const struct cc_cmp *c)
{
	size_t i, n = 0;

	for (i = 0; i < c->nitems; i++)
		n += c->items[i].nrows;
	return n;
}

bool cc_has_regression(const struct cc_cmp *c)
{
	size_t j;

	for (j = 1; j < c->nruns; j++)
		if (c->count[j][CC_REGRESSION])
			return true;
	return false;
}

void cc_free(struct cc_cmp *c)
{
	size_t i, k;

	for (i = 0; i < c->nitems; i++) {
		for (k = 0; k < c->items[i].nrows; k++)
			free(c->items[i].rows[k].cell);
		free(c->items[i].rows);
		free(c->items[i].m);
	}
	free(c->items);
	free(c->count);
	free_strs(&c->warnings);
	free_strs(&c->notes);
	free_strs(&c->note_runs);
	free_strs(&c->info);
	free_strs(&c->noisy);
	memset(c, 0, sizeof(*c));
}
