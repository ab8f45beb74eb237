// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-flatten: write the tables daxbench plot draws, one per plot,
 * and vars.gp with their series titles, the runs and the notes, into a
 * directory.  Prints the kinds that have data, one per line.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flatten-kinds.h"
#include "outfile.h"
#include "version.h"

#define MAX_RUNS 26
#define TCG_NOTE "emulated CPU: timings not representative"

static void usage(FILE *f)
{
	fprintf(f,
"usage: daxbench-flatten [-o DIR] RUN [RUN...]\n"
"Write the tables of daxbench plot into DIR (default .): lat.tsv,\n"
"mmap.tsv, faults.tsv, fio-bw.tsv, fio-iops.tsv and vars.gp; print the\n"
"kinds that have data (lat, mmap, faults, fio), one per line.\n");
}

/* ---- vars.gp ---- */

/*
 * Data as a gnuplot string constant.  Run ids, path names and parameter
 * values come from whoever made the results, so they must never reach
 * gnuplot as code: inside double quotes gnuplot runs `back-quoted`
 * commands, so only single quotes are used, where nothing is special but
 * the quote itself (written twice).  Control characters, a newline
 * among them, become spaces: every string is one line of text.
 */
static void gp_string(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			fputs("''", f);
		else if ((unsigned char)*s < 0x20 || *s == 0x7f)
			fputc(' ', f);
		else
			fputc(*s, f);
	}
	fputc('\'', f);
}

static void gp_array(FILE *f, const char *name, const char *suffix,
		     const size_t *v, size_t n)
{
	size_t i;

	fprintf(f, "array db_%s_%s[%zu] = [", name, suffix, n);
	for (i = 0; i < n; i++)
		fprintf(f, "%s%zu", i ? ", " : "", v[i]);
	fputs("]\n", f);
}

/* db_K_n series; db_K_t titles, db_K_r runs (1...), db_K_c colours (1...). */
static void gp_titles(FILE *f, const char *name, const struct fl_table *t)
{
	size_t i;

	fprintf(f, "db_%s_n = %zu\n", name, t->ntitles);
	if (!t->ntitles)
		return;
	fprintf(f, "array db_%s_t[%zu] = [", name, t->ntitles);
	for (i = 0; i < t->ntitles; i++) {
		if (i)
			fputs(", ", f);
		gp_string(f, t->titles[i]);
	}
	fputs("]\n", f);
	gp_array(f, name, "r", t->run, t->ntitles);
	gp_array(f, name, "c", t->colour, t->ntitles);
}

/*
 * db_noisy: the measurements whose key figures were judged noisy
 * (docs/metrics.md, "Stability"), which every plot names: a point drawn
 * from them is not comparable.  Empty when none.
 */
static void gp_noisy(FILE *f, const struct rl_run *runs, size_t n)
{
	char buf[512] = "", item[160];
	const struct rl_meas *m;
	size_t j, i, k, count = 0;

	for (j = 0; j < n; j++)
		for (i = 0; i < runs[j].nmeas; i++) {
			m = &runs[j].meas[i];
			for (k = 0; k < m->nmetrics && !rl_noisy(&m->metrics[k]); k++)
				;
			if (k == m->nmetrics)
				continue;
			snprintf(item, sizeof(item), "%s%c%s%.40s/%.60s %.40s",
				 count ? ", " : "", n > 1 ? (char)('A' + j) : ' ',
				 n > 1 ? ": " : "", m->path, m->id, m->metrics[k].name);
			if (strlen(buf) + strlen(item) < sizeof(buf) - 8)
				strcat(buf, item);
			else if (!strstr(buf, ", ..."))
				strcat(buf, ", ...");
			count++;
		}
	fputs("db_noisy = ", f);
	gp_string(f, buf[0] == ' ' ? buf + 1 : buf);
	fputc('\n', f);
}

/* db_runs: one line per run, joined by gnuplot's own "\n". */
static void gp_runs(FILE *f, const struct rl_run *runs, size_t n)
{
	char buf[1024];
	size_t j;
	bool emulated = false;

	fprintf(f, "db_nruns = %zu\n", n);
	fputs("db_runs = ", f);
	for (j = 0; j < n; j++) {
		if (n > 1)
			snprintf(buf, sizeof(buf), "%c = ", (char)('A' + j));
		else
			snprintf(buf, sizeof(buf), "run ");
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
			 "%.300s (kernel %.300s, %.100s)", runs[j].run_id,
			 rl_kernel(&runs[j]) ? rl_kernel(&runs[j]) : "unknown",
			 rl_accel(&runs[j]) ? rl_accel(&runs[j]) : "unknown");
		if (j)
			fputs(".\"\\n\".", f);
		gp_string(f, buf);
		emulated |= rl_emulated(&runs[j]);
	}
	fputs("\ndb_note = ", f);
	gp_string(f, emulated ? TCG_NOTE : "");
	fputc('\n', f);
	gp_noisy(f, runs, n);
}

/* ---- main ---- */

struct kind {
	const char *name;	/* file name and vars.gp prefix */
	const char *benchmark;
	const char *plot;	/* printed when it has data */
};

static const struct kind kinds[] = {
	{ "lat", "lat", "lat" },
	{ "mmap", "mmap", "mmap" },
	{ "faults", "faults", "faults" },
	{ "insns", NULL, "insns" },
	{ "fio_bw", "fio", "fio" },
	{ "fio_iops", "fio", NULL },
};

/* The x parameter of the mmap plot: whichever block size key is there. */
static const char *block_key(const struct fl_set *s)
{
	static const char *const keys[] = { "bs", "block_size", "block", NULL };
	const struct rl_meas *m;
	size_t j = 0, i = 0, k;

	while ((m = fl_next(s, &j, &i)))
		for (k = 0; keys[k]; k++)
			if (json_object_object_get_ex(m->params, keys[k], NULL))
				return keys[k];
	return NULL;
}

static int write_kind(const char *dir, const struct kind *k, struct fl_set *s,
		      struct fl_table *t, bool *zero)
{
	struct of_out out;
	char path[4096], file[64];
	size_t i;

	of_open(&out);
	t->f = out.f;
	if (!strcmp(k->name, "lat"))
		fl_lat(s, t);
	else if (!strcmp(k->name, "mmap"))
		fl_mmap(s, t);
	else if (!strcmp(k->name, "faults"))
		fl_faults(s, t, zero);
	else if (!strcmp(k->name, "insns"))
		fl_insns(s, t);
	else
		fl_fio(s, t, strchr(k->name, '_') + 1);
	snprintf(file, sizeof(file), "%s", k->name);
	for (i = 0; file[i]; i++)
		if (file[i] == '_')
			file[i] = '-';
	snprintf(path, sizeof(path), "%s/%s.tsv", dir, file);
	return of_close(&out, path);
}

static int flatten(const char *dir, const struct rl_run *runs, size_t n)
{
	struct fl_table t[sizeof(kinds) / sizeof(kinds[0])];
	struct fl_set s = { .runs = runs, .nruns = n };
	struct of_out vars;
	char path[4096];
	bool zero = false;
	size_t k, i;
	int ret = 0;

	memset(t, 0, sizeof(t));
	of_open(&vars);
	gp_runs(vars.f, runs, n);
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		s.benchmark = kinds[k].benchmark;
		s.xkey = !strcmp(kinds[k].name, "mmap") ? block_key(&s) : NULL;
		s.always = !strcmp(kinds[k].name, "lat") ? "engine" : NULL;
		fl_set_begin(&s);
		if (write_kind(dir, &kinds[k], &s, &t[k], &zero))
			ret = -1;
		fl_set_end(&s);
		gp_titles(vars.f, kinds[k].name, &t[k]);
	}
	fprintf(vars.f, "db_faults_zero = %d\n", zero);
	snprintf(path, sizeof(path), "%s/vars.gp", dir);
	if (of_close(&vars, path))
		ret = -1;
	for (k = 0; !ret && k < sizeof(kinds) / sizeof(kinds[0]); k++)
		if (kinds[k].plot && t[k].nrows)
			printf("%s\n", kinds[k].plot);
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		for (i = 0; i < t[k].ntitles; i++)
			free(t[k].titles[i]);
		free(t[k].titles);
		free(t[k].run);
		free(t[k].colour);
		json_object_put(t[k].colours);
	}
	return ret;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output-dir", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct rl_run runs[MAX_RUNS];
	const char *dir = ".";
	size_t n = 0, i;
	int c, ret = 2;

	while ((c = getopt_long(argc, argv, "o:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			dir = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("daxbench-flatten %s\n", DB_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return 2;
	}
	if (argc - optind > MAX_RUNS) {
		fprintf(stderr, "daxbench-flatten: %d runs: at most %d can be plotted together (one letter each, A to Z)\n",
			argc - optind, MAX_RUNS);
		return 2;
	}
	for (i = (size_t)optind; i < (size_t)argc; i++, n++)
		if (rl_load(argv[i], &runs[n])) {
			n++;
			goto out;
		}
	ret = flatten(dir, runs, n) ? 1 : 0;
out:
	for (i = 0; i < n; i++)
		rl_free(&runs[i]);
	return ret;
}
