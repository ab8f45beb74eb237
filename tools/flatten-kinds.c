// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tables behind each plot.  Every number written is a mean (and
 * stddev) over the repeats the benchmark measured; nothing is estimated.
 * A value that is missing is written as NaN, which gnuplot skips.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "flatten-kinds.h"
#include "stats.h"

#define MIB	1048576.0

/* Labels go into tab-separated cells: no tabs or newlines in them. */
static void cell(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc(*s == '\t' || *s == '\n' ? ' ' : *s, f);
}

static void num(FILE *f, double v)
{
	if (isfinite(v))
		fprintf(f, "\t%.6g", v);
	else
		fprintf(f, "\tNaN");
}

/* ---- lat: percentiles per path and engine ---- */

/*
 * "read_p99_9_ns" -> prefix "read", percentile 99.9.  A token "pNN"
 * followed by a token of digits gives the decimals (fio's p99_9 too).
 */
static bool parse_pct(const char *name, char *prefix, size_t len, double *p)
{
	const char *s = name, *t;
	char *end;
	double whole, frac;
	size_t n;

	for (; s; s = strchr(s, '_') ? strchr(s, '_') + 1 : NULL) {
		if (s[0] != 'p' || s[1] < '0' || s[1] > '9')
			continue;
		whole = strtod(s + 1, &end);
		if (*end && *end != '_')
			continue;
		t = *end == '_' ? end + 1 : end;
		n = strspn(t, "0123456789");
		frac = 0;
		if (n && (t[n] == '_' || !t[n])) {
			char digits[16];

			snprintf(digits, sizeof(digits), "0.%.*s", (int)n, t);
			frac = strtod(digits, NULL);
		}
		if (whole + frac <= 0 || whole + frac >= 100)
			continue;
		*p = whole + frac;
		n = s > name ? (size_t)(s - name - 1) : 0;
		snprintf(prefix, len, "%.*s", (int)n, name);
		return true;
	}
	return false;
}

static bool has_prefix(char (*list)[64], size_t n, const char *p)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(list[i], p))
			return true;
	return false;
}

/* The distinct metric prefixes of percentile metrics: read, write, sync. */
static size_t lat_prefixes(const struct fl_set *s, char (*list)[64], size_t max)
{
	const struct rl_meas *m;
	char prefix[64];
	size_t j = 0, i = 0, k, n = 0;
	double p;

	while ((m = fl_next(s, &j, &i)))
		for (k = 0; k < m->nmetrics; k++)
			if (!strcmp(m->metrics[k].unit, "ns") &&
			    parse_pct(m->metrics[k].name, prefix, sizeof(prefix), &p) &&
			    !has_prefix(list, n, prefix) && n < max)
				snprintf(list[n++], 64, "%s", prefix);
	return n;
}

static int cmp_x(const void *a, const void *b)
{
	const double *x = a, *y = b;

	return (x[0] > y[0]) - (x[0] < y[0]);
}

/* One block: x = -log10(1 - p/100) ("nines"), p, mean, sd. */
static void lat_block(struct fl_table *t, const struct fl_set *s, size_t run,
		      const struct rl_meas *m, const char *prefix, const char *title)
{
	double rows[64][4], p;
	char pre[64];
	size_t k, n = 0;

	for (k = 0; k < m->nmetrics && n < 64; k++) {
		if (strcmp(m->metrics[k].unit, "ns") ||
		    !parse_pct(m->metrics[k].name, pre, sizeof(pre), &p) ||
		    strcmp(pre, prefix) || !m->metrics[k].n)
			continue;
		rows[n][0] = -log10(1 - p / 100);
		rows[n][1] = p;
		rows[n][2] = st_of(m->metrics[k].v, m->metrics[k].n).mean;
		rows[n][3] = st_of(m->metrics[k].v, m->metrics[k].n).sd;
		n++;
	}
	if (!n)
		return;
	qsort(rows, n, sizeof(rows[0]), cmp_x);
	if (t->ntitles)
		fprintf(t->f, "\n\n");
	fl_title(t, s, run, title);
	for (k = 0; k < n; k++) {
		fprintf(t->f, "%.6g\tp%g", rows[k][0], rows[k][1]);
		num(t->f, rows[k][2]);
		num(t->f, rows[k][3]);
		fputc('\n', t->f);
		t->nrows++;
	}
}

void fl_lat(const struct fl_set *s, struct fl_table *t)
{
	char prefixes[8][64], label[256], title[400];
	const struct rl_meas *m;
	size_t j = 0, i = 0, np, k;

	np = lat_prefixes(s, prefixes, 8);
	fprintf(t->f, "# x = -log10(1 - p/100)\tpercentile\tmean ns\tstddev ns\n");
	while ((m = fl_next(s, &j, &i))) {
		fl_label(s, j, m, label, sizeof(label));
		for (k = 0; k < np; k++) {
			snprintf(title, sizeof(title), "%.255s%s%.63s", label,
				 np > 1 && prefixes[k][0] ? " " : "",
				 np > 1 ? prefixes[k] : "");
			lat_block(t, s, j, m, prefixes[k], title);
		}
	}
}

/* ---- mmap: throughput against block size ---- */

/*
 * The file's throughput: daxbench-mmap's "bandwidth", else the first GB/s
 * metric that is not one of the roofline's own (anon_, huge_).
 */
static const struct rl_metric *mmap_metric(const struct rl_meas *m)
{
	const struct rl_metric *mt = rl_metric(m, "bandwidth");
	size_t k;

	if (mt && !strcmp(mt->unit, "GB/s"))
		return mt;
	for (k = 0; k < m->nmetrics; k++)
		if (!strcmp(m->metrics[k].unit, "GB/s") &&
		    !strstr(m->metrics[k].name, "roofline") &&
		    !strstr(m->metrics[k].name, "anon") &&
		    !strstr(m->metrics[k].name, "huge"))
			return &m->metrics[k];
	return NULL;
}

/* A measurement of the set with its series label, for grouping. */
struct mm_item {
	const struct rl_meas *m;
	size_t run;
	size_t pos;		/* its place in the set */
	char label[256];
};

static int by_label(const void *a, const void *b)
{
	const struct mm_item *x = a, *y = b;
	int c = strcmp(x->label, y->label);

	return c ? c : (x->pos > y->pos) - (x->pos < y->pos);
}

static int by_pos(const void *a, const void *b)
{
	const struct mm_item *const *x = a, *const *y = b;

	return ((*x)->pos > (*y)->pos) - ((*x)->pos < (*y)->pos);
}

/* One series: the points of the measurements @it[0..n), by block size. */
static void mmap_series(const struct fl_set *s, struct fl_table *t,
			const struct mm_item *it, size_t n)
{
	const struct rl_metric *mt;
	double (*pts)[3] = calloc(n, sizeof(*pts));
	size_t i, np = 0;

	if (!pts)
		abort();
	for (i = 0; i < n; i++) {
		mt = mmap_metric(it[i].m);
		if (!mt || !mt->n || fl_param_bytes(it[i].m, s->xkey) <= 0)
			continue;
		pts[np][0] = fl_param_bytes(it[i].m, s->xkey);
		pts[np][1] = st_of(mt->v, mt->n).mean;
		pts[np][2] = st_of(mt->v, mt->n).sd;
		np++;
	}
	if (np) {
		qsort(pts, np, sizeof(pts[0]), cmp_x);
		if (t->ntitles)
			fprintf(t->f, "\n\n");
		fl_title(t, s, it[0].run, it[0].label);
		for (i = 0; i < np; i++) {
			fprintf(t->f, "%.0f", pts[i][0]);
			num(t->f, pts[i][1]);
			num(t->f, pts[i][2]);
			fputc('\n', t->f);
			t->nrows++;
		}
	}
	free(pts);
}

/*
 * One series per label, in the order of their first measurement: the
 * measurements sorted by label (then place) make each series a run of
 * the array, and those runs are drawn in the order of their heads.
 * O(n log n) in the number of measurements.
 */
void fl_mmap(const struct fl_set *s, struct fl_table *t)
{
	const struct rl_meas *m;
	struct mm_item *it = NULL, **heads;
	size_t j = 0, i = 0, n = 0, cap = 0, k, g, nheads = 0;

	fprintf(t->f, "# block size (bytes)\tmean GB/s\tstddev GB/s\n");
	while ((m = fl_next(s, &j, &i))) {
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			it = realloc(it, cap * sizeof(*it));
			if (!it)
				abort();
		}
		it[n].m = m;
		it[n].run = j;
		it[n].pos = n;
		fl_label(s, j, m, it[n].label, sizeof(it[n].label));
		n++;
	}
	if (!n)
		return;
	qsort(it, n, sizeof(*it), by_label);
	heads = calloc(n + 1, sizeof(*heads));
	if (!heads)
		abort();
	for (k = 0; k < n; k++)
		if (!k || strcmp(it[k].label, it[k - 1].label))
			heads[nheads++] = &it[k];
	qsort(heads, nheads, sizeof(*heads), by_pos);
	for (g = 0; g < nheads; g++) {
		for (k = 1; heads[g] + k < it + n &&
		     !strcmp(heads[g][k].label, heads[g][0].label); k++)
			;
		mmap_series(s, t, heads[g], k);
	}
	free(heads);
	free(it);
}

/* ---- shared by the clustered bar charts ---- */

struct grid {
	char rows[128][160];
	size_t nrows;
	char cols[64][160];
	size_t ncols;
};

static size_t index_of(char (*list)[160], size_t *n, size_t max, const char *s)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (!strcmp(list[i], s))
			return i;
	if (*n >= max)
		return max;
	snprintf(list[*n], 160, "%s", s);
	return (*n)++;
}

static void put_grid(struct fl_table *t, const struct grid *g,
		     double (*v)[64][2], bool with_sd)
{
	size_t r, c;

	for (c = 0; c < g->ncols; c++)
		fl_title(t, NULL, 0, g->cols[c]);
	for (r = 0; r < g->nrows; r++) {
		cell(t->f, g->rows[r]);
		for (c = 0; c < g->ncols; c++) {
			num(t->f, v[r][c][0]);
			if (with_sd)
				num(t->f, v[r][c][1]);
		}
		fputc('\n', t->f);
		t->nrows++;
	}
}

static void fill_nan(double (*v)[64][2])
{
	size_t r, c;

	for (r = 0; r < 128; r++)
		for (c = 0; c < 64; c++)
			v[r][c][0] = v[r][c][1] = NAN;
}

/* ---- faults: faults per MiB, per path ---- */

/* "ext4-dax", or "B ext4-dax" when several runs are drawn together. */
static void run_path(const struct fl_set *s, size_t j, const struct rl_meas *m,
		     char *buf, size_t len)
{
	if (s->nruns > 1)
		snprintf(buf, len, "%c %s", (char)('A' + j), m->path);
	else
		snprintf(buf, len, "%s", m->path);
}

void fl_faults(const struct fl_set *s, struct fl_table *t, bool *zero)
{
	static double v[128][64][2];
	static struct grid g;
	const struct rl_meas *m;
	const struct rl_metric *mt;
	char rp[160];
	size_t j = 0, i = 0, r, c;
	double size, per;

	memset(&g, 0, sizeof(g));
	fill_nan(v);
	*zero = false;
	while ((m = fl_next(s, &j, &i))) {
		mt = rl_metric(m, "faults");
		size = fl_param_bytes(m, "size");
		if (!mt || !mt->n || size <= 0)
			continue;
		run_path(s, j, m, rp, sizeof(rp));
		r = index_of(g.rows, &g.nrows, 128, rp);
		c = index_of(g.cols, &g.ncols, 64, m->id);
		if (r >= 128 || c >= 64)
			continue;
		per = st_of(mt->v, mt->n).mean / (size / MIB);
		/* A log axis has no zero: say so instead of drawing it. */
		if (per <= 0) {
			*zero = true;
			continue;
		}
		v[r][c][0] = per;
	}
	fprintf(t->f, "# faults per MiB (mean over repeats); rows: path, columns: measurement\n");
	put_grid(t, &g, v, false);
}

/* ---- insns: kernel instructions per operation, per path ---- */

/*
 * The operation of each benchmark, as its result's regions counted it
 * (docs/insns.md): an I/O (lat), else 4 KiB touched (faults, mmap).
 */
static const char *const insns_per[] = {
	"insns_kernel_per_io", "insns_kernel_per_4k", "insns_kernel_per_block",
	"insns_kernel_per_fault", NULL
};

void fl_insns(const struct fl_set *s, struct fl_table *t)
{
	static double v[128][64][2];
	static struct grid g;
	const struct rl_meas *m;
	const struct rl_metric *mt = NULL;
	char rp[160];
	size_t j = 0, i = 0, r, c, k;

	memset(&g, 0, sizeof(g));
	fill_nan(v);
	while ((m = fl_next(s, &j, &i))) {
		for (k = 0; insns_per[k]; k++)
			if ((mt = rl_metric(m, insns_per[k])) && mt->n)
				break;
		if (!insns_per[k])
			continue;
		run_path(s, j, m, rp, sizeof(rp));
		r = index_of(g.rows, &g.nrows, 128, rp);
		c = index_of(g.cols, &g.ncols, 64, m->id);
		if (r >= 128 || c >= 64)
			continue;
		v[r][c][0] = st_of(mt->v, mt->n).mean;
	}
	fprintf(t->f, "# kernel instructions per operation (mean over repeats): per I/O for lat, per 4 KiB touched for faults and mmap; rows: path, columns: measurement\n");
	put_grid(t, &g, v, false);
}

/* ---- fio: bandwidth (MiB/s) or IOPS, per job and path ---- */

void fl_fio(const struct fl_set *s, struct fl_table *t, const char *what)
{
	static const char *const dirs[] = { "read", "write", "trim" };
	static double v[128][64][2];
	static struct grid g;
	const struct rl_meas *m;
	const struct rl_metric *mt;
	char name[64], row[160], rp[160];
	bool bw = !strcmp(what, "bw");
	size_t j = 0, i = 0, d, r, c;
	double scale = bw ? MIB : 1;

	memset(&g, 0, sizeof(g));
	fill_nan(v);
	while ((m = fl_next(s, &j, &i))) {
		run_path(s, j, m, rp, sizeof(rp));
		for (d = 0; d < 3; d++) {
			snprintf(name, sizeof(name), "%s_%s", dirs[d], what);
			mt = rl_metric(m, name);
			if (!mt || !mt->n)
				continue;
			/* "fio-randread-4k-psync": the plot says fio already. */
			snprintf(row, sizeof(row), "%s%s%s",
				 strncmp(m->id, "fio-", 4) ? m->id : m->id + 4,
				 strstr(m->id, dirs[d]) ? "" : " ",
				 strstr(m->id, dirs[d]) ? "" : dirs[d]);
			r = index_of(g.rows, &g.nrows, 128, row);
			c = index_of(g.cols, &g.ncols, 64, rp);
			if (r >= 128 || c >= 64)
				continue;
			v[r][c][0] = st_of(mt->v, mt->n).mean / scale;
			v[r][c][1] = st_of(mt->v, mt->n).sd / scale;
		}
	}
	fprintf(t->f, "# fio %s (%s): rows: job, columns: path (mean, stddev)\n",
		bw ? "bandwidth" : "IOPS", bw ? "MiB/s" : "ops/s");
	put_grid(t, &g, v, true);
}
