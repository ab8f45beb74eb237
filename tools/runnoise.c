// SPDX-License-Identifier: GPL-2.0-only
/*
 * The noise probe's phases, summarised for run.json, and the verdict on
 * the machine: was it steady enough for timings to mean anything?
 */
#include <libgen.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "jsonutil.h"
#include "runnoise.h"

static const char *const phases[] = { "before", "during", "after", NULL };

/* The finite numbers of a metric's values, sorted; NULL when none. */
static double *sorted_values(struct json_object *res, const char *metric,
			     size_t *n)
{
	char key[96];
	struct json_object *vals, *e;
	double *x;
	size_t i, len;

	snprintf(key, sizeof(key), "metrics.%s.values", metric);
	vals = ju_get(res, key);
	*n = 0;
	if (!json_object_is_type(vals, json_type_array))
		return NULL;
	len = json_object_array_length(vals);
	x = calloc(len + 1, sizeof(*x));
	if (!x)
		return NULL;
	for (i = 0; i < len; i++) {
		e = json_object_array_get_idx(vals, i);
		if ((json_object_is_type(e, json_type_double) ||
		     json_object_is_type(e, json_type_int)) &&
		    isfinite(json_object_get_double(e)))
			x[(*n)++] = json_object_get_double(e);
	}
	if (!*n) {
		free(x);
		return NULL;
	}
	gsl_sort(x, 1, *n);
	return x;
}

/* median, best (max or min) and spread (IQR / median) of a metric. */
static struct json_object *rate_summary(struct json_object *res,
					const char *metric, int higher)
{
	struct json_object *o;
	double *x, med, q1, q3;
	size_t n;

	x = sorted_values(res, metric, &n);
	if (!x)
		return NULL;
	med = gsl_stats_median_from_sorted_data(x, 1, n);
	q1 = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.25);
	q3 = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.75);
	o = json_object_new_object();
	json_object_object_add(o, "median", json_object_new_double(med));
	json_object_object_add(o, "best", json_object_new_double(higher ? x[n - 1] : x[0]));
	json_object_object_add(o, "spread", med > 0 ?
			       json_object_new_double((q3 - q1) / med) : NULL);
	free(x);
	return o;
}

static struct json_object *on_cpu_summary(struct json_object *res)
{
	struct json_object *o;
	double *x;
	size_t n, i, pre = 0;

	x = sorted_values(res, "on_cpu", &n);
	if (!x)
		return NULL;
	for (i = 0; i < n; i++)
		pre += x[i] < RN_PREEMPTED_BURST;
	o = json_object_new_object();
	json_object_object_add(o, "median",
			       json_object_new_double(gsl_stats_median_from_sorted_data(x, 1, n)));
	json_object_object_add(o, "preempted", json_object_new_double((double)pre / (double)n));
	free(x);
	return o;
}

struct json_object *rn_phase(struct json_object *res, const char *file,
			     char *why, size_t whylen)
{
	struct json_object *o, *bw, *sc, *cpu, *vals;
	const char *bench = ju_str(res, "benchmark");

	if (!bench || strcmp(bench, "noise")) {
		snprintf(why, whylen, "not a daxbench-noise result");
		return NULL;
	}
	bw = rate_summary(res, "mem_bandwidth", 1);
	sc = rate_summary(res, "syscall_ns", 0);
	cpu = on_cpu_summary(res);
	if (!bw || !sc || !cpu) {
		snprintf(why, whylen, "no bursts measured");
		json_object_put(bw);
		json_object_put(sc);
		json_object_put(cpu);
		return NULL;
	}
	vals = ju_get(res, "metrics.mem_bandwidth.values");
	o = json_object_new_object();
	json_object_object_add(o, "file", json_object_new_string(file));
	json_object_object_add(o, "bursts",
			       json_object_new_int64((int64_t)json_object_array_length(vals)));
	json_object_object_add(o, "mem_bandwidth", bw);
	json_object_object_add(o, "syscall_ns", sc);
	json_object_object_add(o, "on_cpu", cpu);
	return o;
}

static void reason(struct json_object *reasons, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void reason(struct json_object *reasons, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	json_object_array_add(reasons, json_object_new_string(buf));
}

static double num(struct json_object *o, const char *dotted)
{
	struct json_object *v = ju_get(o, dotted);

	return v ? json_object_get_double(v) : NAN;
}

/* One phase's bursts: spread of each rate, and preemption. */
static void judge_phase(struct json_object *reasons, const char *name,
			struct json_object *p)
{
	double bw = num(p, "mem_bandwidth.spread"), sc = num(p, "syscall_ns.spread");
	double pre = num(p, "on_cpu.preempted");

	if (bw > RN_SPREAD_MAX)
		reason(reasons, "%s: memory bandwidth varied %.0f%% between bursts (interquartile range over median; median %.1f GB/s)",
		       name, 100 * bw, num(p, "mem_bandwidth.median"));
	if (sc > RN_SPREAD_MAX)
		reason(reasons, "%s: getppid cost varied %.0f%% between bursts (median %.0f ns)",
		       name, 100 * sc, num(p, "syscall_ns.median"));
	if (pre > RN_PREEMPTED_MAX)
		reason(reasons, "%s: the probe lost its CPU in %.0f%% of its bursts: other load",
		       name, 100 * pre);
}

void rn_judge(struct json_object *noise)
{
	struct json_object *reasons = json_object_new_array(), *p, *b = NULL, *a = NULL;
	int i, judged = 0, missing = 0;
	const char *verdict;
	double shift;

	for (i = 0; phases[i]; i++) {
		if (!json_object_object_get_ex(noise, phases[i], &p) || !p)
			continue;
		if (ju_get(p, "error")) {
			missing++;
			continue;
		}
		judged++;
		judge_phase(reasons, phases[i], p);
	}
	json_object_object_get_ex(noise, "before", &b);
	json_object_object_get_ex(noise, "after", &a);
	if (b && a && !ju_get(b, "error") && !ju_get(a, "error")) {
		shift = num(a, "mem_bandwidth.median") / num(b, "mem_bandwidth.median") - 1;
		if (fabs(shift) > RN_SHIFT_MAX)
			reason(reasons, "memory bandwidth moved %+.0f%% from before the run to after it (medians %.1f and %.1f GB/s)",
			       100 * shift, num(b, "mem_bandwidth.median"),
			       num(a, "mem_bandwidth.median"));
	}
	if (json_object_array_length(reasons))
		verdict = "noisy";
	else
		verdict = judged && !missing ? "stable" : "unknown";
	json_object_object_add(noise, "verdict", json_object_new_string(verdict));
	json_object_object_add(noise, "reasons", reasons);
}

static bool is_phase(const char *name)
{
	int i;

	for (i = 0; phases[i]; i++)
		if (!strcmp(name, phases[i]))
			return true;
	return false;
}

/* The verdict and its reasons on stdout, for daxbench run to show. */
static void print_verdict(struct json_object *noise)
{
	struct json_object *reasons = ju_get(noise, "reasons");
	size_t i;

	printf("%s\n", ju_str(noise, "verdict"));
	for (i = 0; i < json_object_array_length(reasons); i++)
		printf("%s\n", json_object_get_string(json_object_array_get_idx(reasons, i)));
}

int rn_cmd_noise(struct json_object *run, const char *runfile, int argc,
		 char **argv)
{
	char dir[PATH_MAX], path[PATH_MAX * 2], why[128];
	struct json_object *noise, *res, *phase;

	if (argc != 2 || !is_phase(argv[0])) {
		fprintf(stderr, "daxbench-runjson: noise RUN.JSON before|during|after FILE\n");
		return 2;
	}
	if (!json_object_object_get_ex(run, "noise", &noise) || !noise) {
		noise = json_object_new_object();
		json_object_object_add(run, "noise", noise);
	}
	snprintf(dir, sizeof(dir), "%s", runfile);
	snprintf(path, sizeof(path), "%s/%s", dirname(dir), argv[1]);
	res = json_object_from_file(path);
	phase = res ? rn_phase(res, argv[1], why, sizeof(why)) : NULL;
	if (!res)
		snprintf(why, sizeof(why), "%s is missing or unreadable", argv[1]);
	if (!phase) {
		/* No reading is recorded as such: never a made-up one. */
		phase = json_object_new_object();
		json_object_object_add(phase, "file", json_object_new_string(argv[1]));
		json_object_object_add(phase, "error", json_object_new_string(why));
	}
	json_object_put(res);
	json_object_object_add(noise, argv[0], phase);
	rn_judge(noise);
	print_verdict(noise);
	return 0;
}
