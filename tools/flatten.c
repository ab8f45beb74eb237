// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-flatten: write the tables daxbench plot draws, one per plot,
 * and vars.gp with their series titles, the runs and the notes, into a
 * directory.  Prints the kinds that have data, one per line.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_statistics_double.h>

#include "flatten.h"
#include "outfile.h"
#include "version.h"

#define MAX_RUNS 26
#define TCG_NOTE "emulated CPU: timings not representative"

/* Bookkeeping parameters: they never name a series. */
static const char *const quiet_keys[] = {
	"dir", "file", "output", "command", "directory", "filename", "job_file",
	"filename_format", "repeats", "seed", "clock", "keep", NULL
};

static void usage(FILE *f)
{
	fprintf(f,
"usage: daxbench-flatten [-o DIR] RUN [RUN...]\n"
"Write the tables of daxbench plot into DIR (default .): lat.tsv,\n"
"mmap.tsv, faults.tsv, fio-bw.tsv, fio-iops.tsv and vars.gp; print the\n"
"kinds that have data (lat, mmap, faults, fio), one per line.\n");
}

/* ---- helpers for flatten-kinds.c ---- */

const struct rl_meas *fl_next(const struct fl_set *s, size_t *j, size_t *i)
{
	const struct rl_meas *m;

	for (; *j < s->nruns; (*j)++, *i = 0) {
		while (*i < s->runs[*j].nmeas) {
			m = &s->runs[*j].meas[(*i)++];
			if (!strcmp(m->benchmark, s->benchmark) &&
			    !strcmp(m->status, "ok") && m->params)
				return m;
		}
	}
	return NULL;
}

double fl_mean(const struct rl_metric *mt)
{
	return mt->n ? gsl_stats_mean(mt->v, 1, mt->n) : NAN;
}

double fl_sd(const struct rl_metric *mt)
{
	return mt->n > 1 ? gsl_stats_sd(mt->v, 1, mt->n) : 0;
}

double fl_param_bytes(const struct rl_meas *m, const char *key)
{
	struct json_object *v;
	const char *s;
	char *end;
	double x;

	if (!key || !json_object_object_get_ex(m->params, key, &v) || !v)
		return -1;
	if (json_object_is_type(v, json_type_int) ||
	    json_object_is_type(v, json_type_double))
		return json_object_get_double(v);
	s = json_object_get_string(v);
	x = strtod(s, &end);
	if (end == s)
		return -1;
	switch (*end) {
	case 'k': case 'K': x *= 1024; end++; break;
	case 'm': case 'M': x *= 1048576; end++; break;
	case 'g': case 'G': x *= 1073741824; end++; break;
	}
	if (*end == 'i')
		end++;
	if (*end == 'B' || *end == 'b')
		end++;
	return *end ? -1 : x;
}

static bool quiet(const struct fl_set *s, const char *key)
{
	int i;

	if (s->xkey && !strcmp(key, s->xkey))
		return true;
	for (i = 0; quiet_keys[i]; i++)
		if (!strcmp(key, quiet_keys[i]))
			return true;
	return false;
}

static bool same(struct json_object *a, struct json_object *b)
{
	if ((json_object_is_type(a, json_type_int) || json_object_is_type(a, json_type_double)) &&
	    (json_object_is_type(b, json_type_int) || json_object_is_type(b, json_type_double)))
		return json_object_get_double(a) == json_object_get_double(b);
	return json_object_equal(a, b);
}

/* Does @key take more than one value over the set? */
static bool varies(const struct fl_set *s, const char *key)
{
	struct json_object *first = NULL, *v;
	const struct rl_meas *m;
	size_t j = 0, i = 0;
	bool seen = false, has;

	while ((m = fl_next(s, &j, &i))) {
		has = json_object_object_get_ex(m->params, key, &v);
		if (!has)
			v = NULL;
		if (!seen) {
			first = v;
			seen = true;
		} else if (!same(first, v)) {
			return true;
		}
	}
	return false;
}

/* 4096 -> "4k", 2097152 -> "2M": block sizes read better that way. */
static void value_text(const char *key, struct json_object *v, char *buf,
		       size_t len)
{
	int64_t x;

	if (json_object_is_type(v, json_type_boolean)) {
		snprintf(buf, len, "%s", json_object_get_boolean(v) ? key : "");
		return;
	}
	if (!json_object_is_type(v, json_type_int)) {
		snprintf(buf, len, "%s", v ? json_object_get_string(v) : "");
		return;
	}
	x = json_object_get_int64(v);
	if (x >= 1048576 && x % 1048576 == 0)
		snprintf(buf, len, "%lldM", (long long)(x / 1048576));
	else if (x >= 1024 && x % 1024 == 0)
		snprintf(buf, len, "%lldk", (long long)(x / 1024));
	else
		snprintf(buf, len, "%lld", (long long)x);
}

void fl_label(const struct fl_set *s, size_t run, const struct rl_meas *m,
	      char *buf, size_t len)
{
	char val[128];
	size_t n;

	if (s->nruns > 1)
		n = (size_t)snprintf(buf, len, "%c %s", (char)('A' + run), m->path);
	else
		n = (size_t)snprintf(buf, len, "%s", m->path);
	json_object_object_foreach(m->params, key, v) {
		if (n >= len || quiet(s, key) ||
		    (!varies(s, key) && !(s->always && !strcmp(key, s->always))))
			continue;
		value_text(key, v, val, sizeof(val));
		if (val[0])
			n += (size_t)snprintf(buf + n, len - n, " %s", val);
	}
}

/* The series name without its run letter: "B ext4-dax psync" -> "ext4-dax psync". */
static const char *colour_key(const struct fl_set *s, const char *title)
{
	return s && s->nruns > 1 && title[0] && title[1] == ' ' ? title + 2 : title;
}

void fl_title(struct fl_table *t, const struct fl_set *s, size_t run,
	      const char *title)
{
	size_t i, n = t->ntitles, colour = 0;

	t->titles = realloc(t->titles, (n + 1) * sizeof(*t->titles));
	t->run = realloc(t->run, (n + 1) * sizeof(*t->run));
	t->colour = realloc(t->colour, (n + 1) * sizeof(*t->colour));
	if (!t->titles || !t->run || !t->colour || !(t->titles[n] = strdup(title)))
		abort();
	for (i = 0; i < n; i++) {
		if (!strcmp(colour_key(s, t->titles[i]), colour_key(s, title)))
			break;
		colour = t->colour[i] > colour ? t->colour[i] : colour;
	}
	t->colour[n] = i < n ? t->colour[i] : colour + 1;
	t->run[n] = run + 1;
	t->ntitles++;
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
		if (write_kind(dir, &kinds[k], &s, &t[k], &zero))
			ret = -1;
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
	if (optind >= argc || argc - optind > MAX_RUNS) {
		usage(stderr);
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
