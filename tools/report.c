// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-report: a plain-text block, at most 72 columns of ASCII, to
 * paste under a patch series: the two kernels, the machine, the pmem,
 * the key metrics with %change and stddev, and the commands that
 * reproduce them.  The numbers are daxbench compare's.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare-args.h"
#include "compare-fmt.h"
#include "keymetrics.h"
#include "outfile.h"
#include "version.h"

#define WIDTH	72
#define NAME_W	16	/* longer metric names get a line of their own */

struct opts {
	struct cc_opts cc;
	bool all;
	const char *output;
};

static void usage(FILE *f)
{
	fprintf(f,
"usage: daxbench report [OPTIONS] BASELINE RUN\n"
"\n"
"A plain-text block, at most 72 columns, to paste under a patch series:\n"
"both kernels, the machine, the pmem, the key metrics of RUN against\n"
"BASELINE with %%change and stddev, and the commands to reproduce them.\n"
"\n"
"  --all                    every metric, not only the key ones\n"
"  --threshold PCT          as daxbench compare (default 5)\n"
"  --alpha P                as daxbench compare (default 0.05)\n"
"  --allow-param-mismatch   as daxbench compare\n"
"  --judge-emulated         as daxbench compare\n"
"  --insns-floor PCT, --insns-spread K, --insns-abs N\n"
"                           as daxbench compare (defaults 1, 3, 50000)\n"
"  -o, --output FILE        write to FILE (atomically) instead of stdout\n"
"  -h, --help, -V, --version\n"
"An option given twice takes the value given last.\n"
"\n"
"Exit status: 0 a report was written, 2 usage error or bad input.\n");
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		CA_LONGOPTS,
		{ "all", no_argument, NULL, 'A' },
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
		case 'A':
			o->all = true;
			break;
		default:
			return -1;
		}
	}
	if (argc - optind != 2) {
		fprintf(stderr, "%s: need exactly two runs: BASELINE RUN\n",
			program_invocation_short_name);
		return -1;
	}
	return 0;
}

/* ---- text within 72 columns ---- */

/*
 * Print @text after @lead, breaking at spaces so that no line is wider
 * than WIDTH; continuation lines are indented like the first's text.
 * A word longer than a line is cut, never allowed to overflow.
 */
static void wrap(FILE *f, const char *lead, const char *text)
{
	size_t ind = strlen(lead), room = WIDTH - ind, n, cut;
	const char *p = text;

	fputs(lead, f);
	while (*p) {
		n = strlen(p);
		if (n <= room) {
			fprintf(f, "%s\n", p);
			return;
		}
		for (cut = room; cut > 0 && p[cut] != ' '; cut--)
			;
		if (!cut)
			cut = room;
		fprintf(f, "%.*s\n%*s", (int)cut, p, (int)ind, "");
		p += cut;
		while (*p == ' ')
			p++;
	}
	fputc('\n', f);
}

/* Only printable ASCII: CPU model strings and notes may hold anything. */
static char *ascii(char *dst, size_t len, const char *src)
{
	size_t i = 0;

	for (; src && *src && i + 1 < len; src++)
		dst[i++] = (*src >= 0x20 && *src < 0x7f) ? *src : '?';
	dst[i] = '\0';
	return dst;
}

static void put_kv(FILE *f, const char *lead, const char *s)
{
	char clean[1024];

	wrap(f, lead, ascii(clean, sizeof(clean), s ? s : "unknown"));
}

/* ---- the header: what ran where ---- */

static void put_run(FILE *f, const struct cc_cmp *c, size_t j)
{
	const struct rl_run *r = &c->runs[j];
	char lead[8], text[512];
	const char *st = ju_str(r->root, "status");

	snprintf(lead, sizeof(lead), "%s: ", cc_label(j));
	snprintf(text, sizeof(text), "kernel %s, run %s%s%s%s",
		 rl_kernel(r) ? rl_kernel(r) : "unknown", r->run_id,
		 j ? "" : " (baseline)", st && strcmp(st, "complete") ? ", " : "",
		 st && strcmp(st, "complete") ? st : "");
	put_kv(f, lead, text);
}

/*
 * The machine: in a VM run the host's CPU when run.json records it
 * (vm.host_cpu), the guest's CPUs and the accelerator; on a rig the CPU.
 */
static void put_machine(FILE *f, const struct rl_run *r)
{
	const char *host = ju_str(r->root, "vm.host_cpu"), *cpu = rl_cpu(r);
	const char *qemu = ju_str(r->root, "vm.qemu"), *online = rl_env(r, "cpu.online");
	const char *accel = rl_accel(r) ? rl_accel(r) : "unknown";
	char text[512];

	if (ju_get(r->root, "vm"))
		snprintf(text, sizeof(text), "%s%sQEMU %s guest, accelerator %s, "
			 "%s CPUs (%s)", host ? host : "", host ? ", " : "",
			 qemu ? qemu : "?", accel, online ? online : "?",
			 cpu ? cpu : "unknown");
	else
		snprintf(text, sizeof(text), "%s, %s CPUs, accelerator %s",
			 cpu ? cpu : "unknown CPU", online ? online : "?", accel);
	put_kv(f, "machine: ", text);
}

/* The DAX device: the emulated one of a VM run, or the target's device. */
static void put_pmem(FILE *f, const struct rl_run *r)
{
	struct json_object *sz = ju_get(r->root, "vm.pmem_size");
	struct json_object *nd = ju_get(r->root, "vm.pmem_devices");
	const char *kind = ju_str(r->root, "vm.pmem"), *dev = NULL;
	struct json_object *env;
	char text[256];
	size_t i;

	if (kind) {
		snprintf(text, sizeof(text), "%s", kind);
		if (json_object_is_type(sz, json_type_int))
			snprintf(text + strlen(text), sizeof(text) - strlen(text),
				 ", %lld MiB", (long long)(json_object_get_int64(sz) >> 20));
		if (json_object_is_type(nd, json_type_int) && json_object_get_int(nd) > 1)
			snprintf(text + strlen(text), sizeof(text) - strlen(text),
				 " per device, %d devices", json_object_get_int(nd));
		snprintf(text + strlen(text), sizeof(text) - strlen(text),
			 " (emulated NV-DIMM guest)");
		put_kv(f, "pmem: ", text);
		return;
	}
	for (i = 0; i < r->nmeas && !dev; i++) {
		env = ju_get(r->meas[i].result, "environment");
		if (json_object_get_boolean(ju_get(env, "target.statx_dax")) ||
		    json_object_get_boolean(ju_get(env, "target.block_dax")))
			dev = ju_str(env, "target.device");
	}
	put_kv(f, "pmem: ", dev ? dev : "unknown (no DAX target in the run)");
}

static void put_notes(FILE *f, const struct cc_cmp *c)
{
	char text[1200];
	size_t i;

	for (i = 0; i < c->warnings.n; i++)
		put_kv(f, "warning: ", c->warnings.s[i]);
	for (i = 0; i < c->notes.n; i++) {
		snprintf(text, sizeof(text), "%s (%s)", c->notes.s[i], c->note_runs.s[i]);
		put_kv(f, "note: ", text);
	}
}

/* ---- the metrics ---- */

/*
 * The key metrics (lib/keymetrics.c), counts only when they changed.
 * Significant changes of other metrics are counted below the table,
 * with the command that lists them: a report never hides a regression.
 */
static bool is_key(const char *benchmark, const struct cc_row *r)
{
	/* An unchanged count (faults: 4 and 4) tells a reviewer nothing. */
	if (r->better == DB_NEITHER && r->cell[1].verdict == CC_SAME &&
	    r->cell[1].change == 0)
		return false;
	return km_is_key(benchmark, r->name);
}

static const char *short_unit(const char *u)
{
	return !strcmp(u, "percent") ? "%" : !strcmp(u, "faults/page") ? "f/pg" : u;
}

/* "+-3%" (ASCII on purpose), or "n=1" where there is no spread. */
static char *spread(char *buf, size_t len, const struct cc_cell *c)
{
	if (!c->present || !c->s.n)
		snprintf(buf, len, "%s", "");
	else if (c->s.n < 2)
		snprintf(buf, len, "n=1");
	else if (isnan(c->s.sd_pct))
		snprintf(buf, len, "+-?");
	else if (c->s.sd_pct >= 99.5)
		snprintf(buf, len, ">99%%");
	else
		snprintf(buf, len, "+-%.0f%%", c->s.sd_pct);
	return buf;
}

static const char *mark(enum cc_verdict v)
{
	static const char *const m[CC_NVERDICTS] = {
		"", "worse", "better", "differs", "noise", "1 rep", "tcg", "NOISY",
		"",
	};

	return m[v];
}

/* name, unit, A +-sd, B +-sd, change, mark: 2+16+1+5+9+1+5+9+1+5+9+1+7 = 71 */
static void put_metric(FILE *f, const struct cc_row *r)
{
	char a[32], b[32], sa[16], sb[16], ch[32], line[WIDTH * 2];
	const struct cc_cell *ca = &r->cell[0], *cb = &r->cell[1];
	size_t n;

	if (strlen(r->name) > NAME_W)
		fprintf(f, "  %.*s\n", WIDTH - 2, r->name);
	snprintf(line, sizeof(line), "  %-*s %-5.5s%9s %-5s%9s %-5s%9s %s", NAME_W,
		 strlen(r->name) > NAME_W ? "" : r->name, short_unit(r->unit),
		 fmt_short(a, sizeof(a), ca->s.n ? ca->s.mean : NAN), spread(sa, sizeof(sa), ca),
		 fmt_short(b, sizeof(b), cb->s.n ? cb->s.mean : NAN), spread(sb, sizeof(sb), cb),
		 cf_change(ch, sizeof(ch), cb),
		 /* Noisy within its run: marked even when it did not move. */
		 (ca->noisy || cb->noisy) ? "NOISY" : mark(cb->verdict));
	/* No trailing blanks: checkpatch and mailers dislike them. */
	for (n = strlen(line); n && line[n - 1] == ' '; n--)
		line[n - 1] = '\0';
	fprintf(f, "%.*s\n", WIDTH, line);
}

static bool significant(enum cc_verdict v)
{
	return v == CC_REGRESSION || v == CC_IMPROVEMENT || v == CC_CHANGED;
}

static void put_metrics(FILE *f, const struct opts *o, const struct cc_cmp *c)
{
	const struct cc_item *it;
	char head[WIDTH + 1], text[256];
	size_t i, k, hidden = 0, hidden_worse = 0;
	bool shown;

	fprintf(f, "\n  %-*s %-5s%9s %-5s%9s %-5s%9s\n", NAME_W, "metric", "unit",
		"A", "", "B", "", "change");
	for (i = 0; i < c->nitems; i++) {
		it = &c->items[i];
		shown = false;
		for (k = 0; k < it->nrows; k++) {
			if (!o->all && !is_key(it->benchmark, &it->rows[k])) {
				hidden += significant(it->rows[k].cell[1].verdict);
				hidden_worse += it->rows[k].cell[1].verdict == CC_REGRESSION;
				continue;
			}
			if (!shown) {
				snprintf(head, sizeof(head), "%s/%s", it->path, it->id);
				fprintf(f, "%s\n", head);
			}
			shown = true;
			put_metric(f, &it->rows[k]);
		}
	}
	if (hidden) {
		snprintf(text, sizeof(text), "%zu more metric%s changed significantly "
			 "(%zu worse): 'daxbench compare --changed A B' lists %s.",
			 hidden, hidden == 1 ? "" : "s", hidden_worse,
			 hidden == 1 ? "it" : "them");
		wrap(f, "", text);
	}
	for (i = 0; i < c->info.n; i++)
		put_kv(f, "not compared: ", c->info.s[i]);
	for (i = 0; i < c->noisy.n; i++)
		put_kv(f, "NOISY: ", c->noisy.s[i]);
}

static void put_verdicts(FILE *f, const struct cc_cmp *c)
{
	const size_t *n = c->count[1];
	char text[512];

	snprintf(text, sizeof(text),
		 "B vs A: %zu worse, %zu better, %zu differ (significant: Welch's "
		 "t-test p < %g and beyond %g%%); %zu noise (beyond %g%%, not "
		 "significant); %zu untested (1 repeat); %zu not judged (tcg: "
		 "times on an emulated CPU); %zu not judged (NOISY: unstable "
		 "within a run); %zu same.",
		 n[CC_REGRESSION], n[CC_IMPROVEMENT], n[CC_CHANGED], c->opt.alpha,
		 c->opt.threshold, n[CC_INSIGNIFICANT], c->opt.threshold,
		 n[CC_UNTESTED], n[CC_EMULATED], n[CC_NOISY], n[CC_SAME]);
	wrap(f, "", text);
	snprintf(text, sizeof(text),
		 "Instruction counts (insns_*, deterministic) are judged under "
		 "TCG too, beyond max(%g%%, %g x their %%stddev) and %.0f "
		 "instructions a region.",
		 c->opt.insns_floor, c->opt.insns_spread, c->opt.insns_abs);
	wrap(f, "", text);
	wrap(f, "", "Values: mean of the repeats, +-sample stddev in % of the mean.");
}

/* ---- how to reproduce ---- */

/* @w as one shell word: as it is when safe, else in single quotes. */
static void shell_quote(char *dst, size_t len, const char *w)
{
	size_t i = 0;

	if (*w && !w[strcspn(w, " \t'\"$`\\!*?[]{}();&|<>~#")]) {
		snprintf(dst, len, "%s", w);
		return;
	}
	dst[i++] = '\'';
	for (; *w && i + 6 < len; w++) {
		if (*w == '\'') {
			memcpy(dst + i, "'\\''", 4);
			i += 4;
		} else {
			dst[i++] = *w;
		}
	}
	dst[i++] = '\'';
	dst[i] = '\0';
}

/* Shell words, quoted where needed, wrapped with backslashes. */
static void put_command(FILE *f, struct json_object *cmd, const char *fallback)
{
	char word[1100], clean[512], tail[520];
	size_t i, col = 2, n = json_object_is_type(cmd, json_type_array) ?
		json_object_array_length(cmd) : 0;
	const char *w, *base;

	if (!n) {
		fprintf(f, "  %s\n", fallback);
		return;
	}
	fputs("  ", f);
	for (i = 0; i < n; i++) {
		w = ju_str(json_object_array_get_idx(cmd, i), "") ?: "";
		base = i ? w : (strrchr(w, '/') ? strrchr(w, '/') + 1 : w);
		ascii(clean, sizeof(clean), base);
		shell_quote(word, sizeof(word), clean);
		/* A path too long for a line: its last part says which. */
		if (strlen(word) > WIDTH - 7 && strrchr(clean, '/')) {
			snprintf(tail, sizeof(tail), ".../%s", strrchr(clean, '/') + 1);
			shell_quote(word, sizeof(word), tail);
		}
		if (i && col + 1 + strlen(word) > WIDTH - 2) {
			fputs(" \\\n     ", f);
			col = 5;
		} else if (i) {
			fputc(' ', f);
			col++;
		}
		fprintf(f, "%.*s", WIDTH - 2 - (int)col, word);
		col += strlen(word);
	}
	fputc('\n', f);
}

/* The run directory, or the result file given for a single result. */
static const char *run_name(const struct rl_run *r)
{
	return ju_str(r->root, "schema") ? r->dir : r->arg;
}

static void put_reproduce(FILE *f, const struct cc_cmp *c)
{
	struct json_object *ca = ju_get(c->runs[0].root, "command");
	struct json_object *cb = ju_get(c->runs[1].root, "command");
	struct json_object *cmp = json_object_new_array();

	fprintf(f, "\nTo reproduce, on each kernel:\n");
	if (cb && !json_object_equal(ca, cb)) {
		fprintf(f, " A:\n");
		put_command(f, ca, "(run A recorded no command)");
		fprintf(f, " B:\n");
	}
	put_command(f, cb ? cb : ca, "(no command recorded: a single result file)");
	fprintf(f, "then:\n");
	json_object_array_add(cmp, json_object_new_string("daxbench"));
	json_object_array_add(cmp, json_object_new_string("compare"));
	json_object_array_add(cmp, json_object_new_string(run_name(&c->runs[0])));
	json_object_array_add(cmp, json_object_new_string(run_name(&c->runs[1])));
	put_command(f, cmp, "");
	json_object_put(cmp);
}

static void put_report(FILE *f, const struct opts *o, const struct cc_cmp *c)
{
	const char *v = ju_str(c->runs[1].root, "daxbench_version");
	char title[256];

	snprintf(title, sizeof(title), "daxbench %s: B against baseline A",
		 v ? v : DB_VERSION);
	put_kv(f, "", title);
	put_run(f, c, 0);
	put_run(f, c, 1);
	put_machine(f, &c->runs[1]);
	put_pmem(f, &c->runs[1]);
	put_notes(f, c);
	put_metrics(f, o, c);
	fputc('\n', f);
	put_verdicts(f, c);
	put_reproduce(f, c);
}

int main(int argc, char **argv)
{
	struct rl_run runs[2];
	struct opts o = { 0 };
	struct of_out out;
	struct cc_cmp c;
	size_t n = 0, i;
	int ret = 2;

	if (parse_args(argc, argv, &o)) {
		fprintf(stderr, "Try 'daxbench report --help'.\n");
		return 2;
	}
	if (ca_compare(argv + optind, 2, runs, &n, o.output, &o.cc, &c))
		goto out;
	of_open(&out);
	out.rstrip = true;
	put_report(out.f, &o, &c);
	if (!of_close(&out, o.output))
		ret = 0;
	cc_free(&c);
out:
	for (i = 0; i < n; i++)
		rl_free(&runs[i]);
	return ret;
}
