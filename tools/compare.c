// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-compare: compare runs metric by metric, the way the kernel
 * test robot and mmtests do: mean and %stddev of each run, %change
 * against the first run, Welch's t-test over the repeats, and a verdict.
 * Exit status 1 when it finds a significant regression (nightly jobs
 * stop on it), 2 when it cannot compare, 0 otherwise.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare-args.h"
#include "compare-fmt.h"
#include "outfile.h"
#include "version.h"

#define MAX_RUNS 26

struct opts {
	struct cc_opts cc;
	bool json;
	bool changed_only;
	const char *output;
};

static void usage(FILE *f)
{
	fprintf(f,
"usage: daxbench compare [OPTIONS] BASELINE RUN [RUN...]\n"
"\n"
"Compare runs (run directories, their run.json, or single result files)\n"
"with the first: per measurement (path, id) and metric, the mean and\n"
"%%stddev of each run, the %%change, and Welch's t-test over the repeats.\n"
"\n"
"  --threshold PCT          a change smaller than this is 'same' (default 5)\n"
"  --alpha P                significance level of the t-test (default 0.05)\n"
"  --allow-param-mismatch   compare measurements whose parameters differ\n"
"  --force                  the same as --allow-param-mismatch\n"
"  --judge-emulated         judge times measured on an emulated CPU (TCG)\n"
"                           too; by default they are shown, not judged\n"
"  --insns-floor PCT        instruction counts (insns_*, judged under TCG\n"
"                           too): the least threshold (default 1)\n"
"  --insns-spread K         ... and at least K times their larger %%stddev\n"
"                           (default 3)\n"
"  --insns-abs N            ... and a region's total must move by more\n"
"                           than N instructions (default 50000)\n"
"  --changed                show only metrics beyond the threshold\n"
"  --json                   machine-readable output\n"
"  -o, --output FILE        write to FILE (atomically) instead of stdout\n"
"  -h, --help               this help\n"
"  -V, --version            print the version\n"
"An option given twice takes the value given last.\n"
"\n"
"Exit status: 0 no significant regression, 1 a significant regression,\n"
"2 usage error, unreadable or mismatched input.  See docs/comparing.md.\n");
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		CA_LONGOPTS,
		{ "changed", no_argument, NULL, 'c' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	int c, taken;

	ca_defaults(&o->cc);
	while ((c = getopt_long(argc, argv, CA_SHORTOPTS, longopts, NULL)) != -1) {
		taken = ca_option(c, &o->cc, &o->output, usage);
		if (taken < 0)
			return -1;
		if (taken == 0)
			continue;
		switch (c) {
		case 'c':
			o->changed_only = true;
			break;
		case 'j':
			o->json = true;
			break;
		default:
			return -1;
		}
	}
	if (argc - optind < 2) {
		fprintf(stderr, "%s: need a baseline and at least one run to compare with it\n",
			program_invocation_short_name);
		return -1;
	}
	if (argc - optind > MAX_RUNS) {
		fprintf(stderr, "%s: at most %d runs at once\n",
			program_invocation_short_name, MAX_RUNS);
		return -1;
	}
	return 0;
}

/* ---- text, in the kernel test robot's columns ---- */

/* "    129413 ±  2%": the stddev only when above 2%, as LKP does. */
static void put_value(FILE *f, const struct cc_cell *c)
{
	char num[32];

	fprintf(f, "%10s", fmt_num(num, sizeof(num), c->present && c->s.n ? c->s.mean : NAN));
	if (c->s.n > 1 && c->s.sd_pct > 2)
		fprintf(f, " ±%3.0f%%", c->s.sd_pct);
	else
		fprintf(f, "      ");
}

static void put_header(FILE *f, const struct cc_cmp *c)
{
	size_t j;

	fprintf(f, "\n%16s", cc_label(0));
	for (j = 1; j < c->nruns; j++)
		fprintf(f, "%29s%24s", cc_label(j), "");
	fprintf(f, "\n----------------");
	for (j = 1; j < c->nruns; j++)
		fprintf(f, " ----------------------------------------------------");
	fprintf(f, "\n%16s", "%stddev");
	for (j = 1; j < c->nruns; j++)
		fprintf(f, "%12s%17s%9s  %-13s", "%change", "%stddev", "p", "verdict");
	fprintf(f, "\n%14s  ", "\\");
	for (j = 1; j < c->nruns; j++)
		fprintf(f, "%9s%14s%15s%15s", "|", "\\", "|", "");
	fputc('\n', f);
}

static bool row_shown(const struct opts *o, const struct cc_cmp *c,
		      const struct cc_row *r)
{
	size_t j;

	if (!o->changed_only)
		return true;
	/* Unmeasured everywhere (trace counts without tracefs): no change. */
	for (j = 0; j < c->nruns && !r->cell[j].s.n; j++)
		;
	if (j == c->nruns)
		return false;
	for (j = 1; j < c->nruns; j++)
		if (r->cell[j].verdict != CC_SAME)
			return true;
	return false;
}

static void put_row(FILE *f, const struct cc_cmp *c, const struct cc_row *r)
{
	char buf[32];
	size_t j;

	put_value(f, &r->cell[0]);
	for (j = 1; j < c->nruns; j++) {
		fprintf(f, "%12s ", cf_change(buf, sizeof(buf), &r->cell[j]));
		put_value(f, &r->cell[j]);
		fprintf(f, "%9s  %-13s", fmt_p(buf, sizeof(buf), &r->cell[j].test),
			cf_tag(r->cell[j].verdict));
	}
	fprintf(f, "  %s (%s)\n", r->name, r->unit);
}

static void put_runs(FILE *f, const struct cc_cmp *c)
{
	const struct rl_run *r;
	const char *accel;
	size_t j;

	fprintf(f, "daxbench compare: threshold %g%%, alpha %g, Welch's t-test over repeats\n",
		c->opt.threshold, c->opt.alpha);
	fprintf(f, "  instruction counts (insns_*): threshold max(%g%%, %g x %%stddev) and %.0f per region, judged under TCG too\n",
		c->opt.insns_floor, c->opt.insns_spread, c->opt.insns_abs);
	for (j = 0; j < c->nruns; j++) {
		r = &c->runs[j];
		accel = rl_accel(r);
		fprintf(f, "  %s  %s  kernel %s, %s, %zu repeat%s%s\n", cc_label(j), r->run_id,
			rl_kernel(r) ? rl_kernel(r) : "unknown",
			accel ? accel : "accelerator unknown", cc_repeats(r),
			cc_repeats(r) == 1 ? "" : "s", j ? "" : "  (baseline)");
	}
}

static void put_strs(FILE *f, const char *prefix, const struct cc_strs *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		fprintf(f, "%s%s\n", prefix, l->s[i]);
}

static void put_summary(FILE *f, const struct cc_cmp *c)
{
	size_t j, v;

	if (c->info.n) {
		fprintf(f, "\nnot compared:\n");
		put_strs(f, "  ", &c->info);
	}
	if (c->noisy.n) {
		fprintf(f, "\nnot judged, noisy (docs/metrics.md, \"Stability\"):\n");
		put_strs(f, "  ", &c->noisy);
	}
	fputc('\n', f);
	for (j = 1; j < c->nruns; j++) {
		fprintf(f, "%s vs %s:", cc_label(j), cc_label(0));
		/* The verdicts that matter first; "same" last. */
		for (v = 1; v <= CC_NVERDICTS; v++)
			fprintf(f, "%s %s %zu", v > 1 ? "," : "",
				cc_verdict_name(v % CC_NVERDICTS),
				c->count[j][v % CC_NVERDICTS]);
		fputc('\n', f);
	}
	if (cc_has_regression(c))
		fprintf(f, "significant regression found (exit status 1)\n");
}

static void put_text(FILE *f, const struct opts *o, const struct cc_cmp *c)
{
	const struct cc_item *it;
	size_t i, k, shown = 0;
	bool head;

	put_runs(f, c);
	put_strs(f, "warning: ", &c->warnings);
	for (i = 0; i < c->notes.n; i++)
		fprintf(f, "note: %s (%s)\n", c->notes.s[i], c->note_runs.s[i]);
	put_header(f, c);
	for (i = 0; i < c->nitems; i++) {
		it = &c->items[i];
		head = false;
		for (k = 0; k < it->nrows; k++) {
			if (!row_shown(o, c, &it->rows[k]))
				continue;
			if (!head)
				fprintf(f, "%s/%s  (%s)\n", it->path, it->id, it->benchmark);
			head = true;
			put_row(f, c, &it->rows[k]);
			shown++;
		}
	}
	if (!shown)
		fprintf(f, "(no metric %s)\n", o->changed_only ?
			"beyond the threshold" : "to compare");
	put_summary(f, c);
}

/* ---- JSON ---- */

static struct json_object *num(double v)
{
	return isfinite(v) ? json_object_new_double(v) : NULL;
}

static struct json_object *notes(const struct cc_cmp *c)
{
	struct json_object *a = json_object_new_array(), *o, *who;
	char *s, *tok, *save;
	size_t i;

	for (i = 0; i < c->notes.n; i++) {
		o = json_object_new_object();
		who = json_object_new_array();
		s = strdup(c->note_runs.s[i]);
		if (!s)
			abort();
		for (tok = strtok_r(s, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save))
			json_object_array_add(who, json_object_new_string(tok));
		free(s);
		json_object_object_add(o, "note", json_object_new_string(c->notes.s[i]));
		json_object_object_add(o, "runs", who);
		json_object_array_add(a, o);
	}
	return a;
}

/* 0.05, not 0.050000000000000003. */
static struct json_object *short_double(double v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%g", v);
	return json_object_new_double_s(v, buf);
}

static struct json_object *strs(const struct cc_strs *l)
{
	struct json_object *a = json_object_new_array();
	size_t i;

	for (i = 0; i < l->n; i++)
		json_object_array_add(a, json_object_new_string(l->s[i]));
	return a;
}

static struct json_object *str_or_null(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static struct json_object *json_runs(const struct cc_cmp *c)
{
	struct json_object *a = json_object_new_array(), *o;
	const struct rl_run *r;
	size_t j;

	for (j = 0; j < c->nruns; j++) {
		r = &c->runs[j];
		o = json_object_new_object();
		json_object_object_add(o, "label", json_object_new_string(cc_label(j)));
		json_object_object_add(o, "input", json_object_new_string(r->arg));
		json_object_object_add(o, "run_id", json_object_new_string(r->run_id));
		json_object_object_add(o, "status", str_or_null(ju_str(r->root, "status")));
		json_object_object_add(o, "kernel", str_or_null(rl_kernel(r)));
		json_object_object_add(o, "accelerator", str_or_null(rl_accel(r)));
		json_object_object_add(o, "cpu_model", str_or_null(rl_cpu(r)));
		json_object_object_add(o, "repeats", json_object_new_int64((int64_t)cc_repeats(r)));
		json_object_array_add(a, o);
	}
	return a;
}

static struct json_object *json_cell(const struct cc_cmp *c, size_t j,
				     const struct cc_cell *cell)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "label", json_object_new_string(cc_label(j)));
	json_object_object_add(o, "n", json_object_new_int64((int64_t)cell->s.n));
	json_object_object_add(o, "mean", num(cell->s.mean));
	json_object_object_add(o, "stddev", cell->s.n > 1 ? num(cell->s.sd) : NULL);
	json_object_object_add(o, "stddev_pct", cell->s.n > 1 ? num(cell->s.sd_pct) : NULL);
	if (!j)
		return o;
	json_object_object_add(o, "change_pct", num(cell->change));
	json_object_object_add(o, "t", num(cell->test.t));
	json_object_object_add(o, "df", num(cell->test.df));
	json_object_object_add(o, "p", num(cell->test.p));
	json_object_object_add(o, "verdict",
			       json_object_new_string(cc_verdict_name(cell->verdict)));
	return o;
}

static struct json_object *json_item(const struct opts *opt,
				     const struct cc_cmp *c,
				     const struct cc_item *it)
{
	struct json_object *o = json_object_new_object(), *ms, *m, *cells;
	const struct cc_row *r;
	size_t k, j;

	json_object_object_add(o, "path", json_object_new_string(it->path));
	json_object_object_add(o, "id", json_object_new_string(it->id));
	json_object_object_add(o, "benchmark", json_object_new_string(it->benchmark));
	ms = json_object_new_array();
	for (k = 0; k < it->nrows; k++) {
		r = &it->rows[k];
		if (!row_shown(opt, c, r))
			continue;
		m = json_object_new_object();
		json_object_object_add(m, "name", json_object_new_string(r->name));
		json_object_object_add(m, "unit", json_object_new_string(r->unit));
		json_object_object_add(m, "better",
				       json_object_new_string(rl_better_name(r->better)));
		cells = json_object_new_array();
		for (j = 0; j < c->nruns; j++)
			json_object_array_add(cells, json_cell(c, j, &r->cell[j]));
		json_object_object_add(m, "runs", cells);
		json_object_array_add(ms, m);
	}
	json_object_object_add(o, "metrics", ms);
	return o;
}

static struct json_object *json_summary(const struct cc_cmp *c)
{
	struct json_object *a = json_object_new_array(), *o;
	size_t j, v;

	for (j = 1; j < c->nruns; j++) {
		o = json_object_new_object();
		json_object_object_add(o, "label", json_object_new_string(cc_label(j)));
		for (v = 0; v < CC_NVERDICTS; v++)
			json_object_object_add(o, cc_verdict_name(v),
					       json_object_new_int64((int64_t)c->count[j][v]));
		json_object_array_add(a, o);
	}
	return a;
}

static void put_json(FILE *f, const struct opts *opt, const struct cc_cmp *c)
{
	struct json_object *o = json_object_new_object(), *items;
	size_t i;

	json_object_object_add(o, "schema", json_object_new_string("daxbench-compare"));
	json_object_object_add(o, "schema_version", json_object_new_int(1));
	json_object_object_add(o, "tool_version", json_object_new_string(DB_VERSION));
	json_object_object_add(o, "threshold_pct", short_double(c->opt.threshold));
	json_object_object_add(o, "insns_floor_pct", short_double(c->opt.insns_floor));
	json_object_object_add(o, "insns_spread_factor", short_double(c->opt.insns_spread));
	json_object_object_add(o, "insns_abs", short_double(c->opt.insns_abs));
	json_object_object_add(o, "alpha", short_double(c->opt.alpha));
	json_object_object_add(o, "test", json_object_new_string("welch"));
	json_object_object_add(o, "runs", json_runs(c));
	json_object_object_add(o, "warnings", strs(&c->warnings));
	json_object_object_add(o, "notes", notes(c));
	json_object_object_add(o, "not_compared", strs(&c->info));
	items = json_object_new_array();
	for (i = 0; i < c->nitems; i++)
		if (c->items[i].nrows)
			json_object_array_add(items, json_item(opt, c, &c->items[i]));
	json_object_object_add(o, "measurements", items);
	json_object_object_add(o, "summary", json_summary(c));
	json_object_object_add(o, "regression",
			       json_object_new_boolean(cc_has_regression(c)));
	fprintf(f, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
							  JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

int main(int argc, char **argv)
{
	struct rl_run runs[MAX_RUNS];
	struct opts o = { 0 };
	struct of_out out;
	struct cc_cmp c;
	size_t n = 0, i;
	int ret = 2;

	if (parse_args(argc, argv, &o)) {
		fprintf(stderr, "Try 'daxbench compare --help'.\n");
		return 2;
	}
	if (ca_compare(argv + optind, (size_t)(argc - optind), runs, &n,
		       o.output, &o.cc, &c))
		goto out;
	of_open(&out);
	out.rstrip = !o.json;
	if (o.json)
		put_json(out.f, &o, &c);
	else
		put_text(out.f, &o, &c);
	if (!of_close(&out, o.output))
		ret = cc_has_regression(&c) ? 1 : 0;
	cc_free(&c);
out:
	for (i = 0; i < n; i++)
		rl_free(&runs[i]);
	return ret;
}
