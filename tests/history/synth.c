// SPDX-License-Identifier: GPL-2.0-only
/*
 * history-synth: a synthetic nightly history, as run directories in the
 * layout daxbench run writes, for the history's tests and its scale
 * measurement (scripts/measure-history).  Values are known: a level per
 * metric, noise from GSL's generator with a fixed seed, and steps put at
 * given runs.
 *
 *   history-synth OUT [--runs N] [--machines M] [--tests T] [--repeats R]
 *                 [--seed S] [--step RUN:PCT[:METRIC]]...
 *
 * Each test is measured on ext4-dax and ext4-pagecache.  Metrics:
 *   faults        count, neither   exact: 512 (DAX) or 16384
 *   insns_kernel  count, lower     31.4M (DAX) or 209.8M, 0.2% noise
 *   ns_per_fault  ns, lower        5000 (DAX) or 2500, 3% per repeat and
 *                                  3% per run
 *   bandwidth     B/s, higher      1.2e9 (DAX) or 0.8e9, same noise
 * The kernel is 6.1.0-(50 + s) where s counts the steps passed.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <json-c/json.h>

#define MAXSTEPS 32

struct step {
	long run;
	double pct;
	const char *metric;	/* NULL: all of them */
};

static struct {
	const char *out;
	long runs, machines, tests, repeats, seed;
	struct step step[MAXSTEPS];
	int nsteps;
} o = { NULL, 10, 1, 2, 3, 1, { { 0 } }, 0 };

static const char *const metrics[] = { "faults", "insns_kernel", "ns_per_fault", "bandwidth" };
static const char *const units[] = { "count", "count", "ns", "B/s" };
static const char *const better[] = { "neither", "lower", "lower", "higher" };
static const double level[2][4] = {
	{ 512, 31.4e6, 5000, 1.2e9 },		/* ext4-dax */
	{ 16384, 209.8e6, 2500, 0.8e9 },	/* ext4-pagecache */
};
static const double sd_rep[4] = { 0, 0.002, 0.03, 0.03 };
static const double sd_run[4] = { 0, 0, 0.03, 0.03 };
static const char *const paths[2] = { "ext4-dax", "ext4-pagecache" };

static gsl_rng *rng;

static void die(const char *what)
{
	fprintf(stderr, "history-synth: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void put(json_object *o_, const char *k, json_object *v)
{
	json_object_object_add(o_, k, v);
}

static void save(json_object *j, const char *file)
{
	if (json_object_to_file_ext(file, j, JSON_C_TO_STRING_PRETTY))
		die(file);
	json_object_put(j);
}

static double factor(long run, int metric, int *nsteps)
{
	double f = 1;
	int i;

	*nsteps = 0;
	for (i = 0; i < o.nsteps; i++) {
		if (run < o.step[i].run)
			continue;
		(*nsteps)++;
		if (!o.step[i].metric || !strcmp(o.step[i].metric, metrics[metric]))
			f *= 1 + o.step[i].pct / 100;
	}
	return f;
}

static json_object *environment(long machine, const char *kernel)
{
	json_object *e = json_object_new_object(), *k = json_object_new_object(),
		    *c = json_object_new_object();
	char host[32];

	snprintf(host, sizeof(host), "synth%ld", machine);
	put(e, "hostname", json_object_new_string(host));
	put(k, "release", json_object_new_string(kernel));
	put(k, "version", json_object_new_string("#1 SMP PREEMPT_DYNAMIC Debian (synthetic)"));
	put(k, "cmdline", json_object_new_string("console=ttyS0 memmap=1G!4G"));
	put(e, "kernel", k);
	put(c, "model", json_object_new_string("Synthetic CPU"));
	put(c, "online", json_object_new_int(2));
	put(e, "cpu", c);
	return e;
}

static void result(const char *file, int path, long run, long test)
{
	json_object *r = json_object_new_object(), *p = json_object_new_object(),
		    *ms = json_object_new_object();
	double off, f;
	int m, s;
	long i;

	put(r, "schema", json_object_new_string("daxbench-result"));
	put(r, "schema_version", json_object_new_int(1));
	put(r, "benchmark", json_object_new_string("faults"));
	put(r, "status", json_object_new_string("ok"));
	put(p, "size", json_object_new_int64((test + 1) * 8388608LL));
	put(p, "dir", json_object_new_string("/mnt/somewhere/.daxbench-RUN"));
	put(r, "parameters", p);
	for (m = 0; m < 4; m++) {
		json_object *mo = json_object_new_object(), *vals = json_object_new_array();

		f = factor(run, m, &s);
		off = sd_run[m] > 0 ? gsl_ran_gaussian(rng, sd_run[m]) : 0;
		for (i = 0; i < o.repeats; i++) {
			double v = level[path][m] * f * (1 + off +
				(sd_rep[m] > 0 ? gsl_ran_gaussian(rng, sd_rep[m]) : 0));

			json_object_array_add(vals, m == 0 ? json_object_new_int64((long long)v) :
					      json_object_new_double(v));
		}
		put(mo, "unit", json_object_new_string(units[m]));
		put(mo, "better", json_object_new_string(better[m]));
		put(mo, "values", vals);
		put(ms, metrics[m], mo);
	}
	put(r, "metrics", ms);
	save(r, file);
}

static void one_run(long machine, long run)
{
	json_object *j = json_object_new_object(), *list = json_object_new_array(),
		    *pl = json_object_new_array();
	char id[128], dir[4096], file[4400], kernel[32], when[64];
	long t, day = run / 24, hour = run % 24;
	int p, s;

	factor(run, 0, &s);
	snprintf(kernel, sizeof(kernel), "6.1.0-%d-amd64", 50 + s);
	/* One run an hour from 2026-01-01; day counts past month ends. */
	snprintf(when, sizeof(when), "%04ld-%02ld-%02ldT%02ld:00:00Z", 2026 + day / 336,
		 day / 28 % 12 + 1, day % 28 + 1, hour);
	snprintf(id, sizeof(id), "%04ld%02ld%02ld-%02ld0000-synth%ld-%06lx", 2026 + day / 336,
		 day / 28 % 12 + 1, day % 28 + 1, hour, machine, run);
	snprintf(dir, sizeof(dir), "%s/%s", o.out, id);
	if (mkdir(dir, 0777))
		die(dir);
	for (p = 0; p < 2; p++) {
		json_object *po = json_object_new_object(), *fs = json_object_new_object();

		snprintf(file, sizeof(file), "%s/measurements", dir);
		mkdir(file, 0777);
		snprintf(file, sizeof(file), "%s/measurements/%s", dir, paths[p]);
		if (mkdir(file, 0777))
			die(file);
		put(po, "name", json_object_new_string(paths[p]));
		put(po, "status", json_object_new_string("ok"));
		put(fs, "filesystem", json_object_new_string("ext4"));
		put(fs, "super_options", json_object_new_string(p ? "rw,dax=never" : "rw,dax=always"));
		put(po, "filesystem", fs);
		json_object_array_add(pl, po);
		for (t = 0; t < o.tests; t++) {
			json_object *e = json_object_new_object();
			char rel[128];

			snprintf(rel, sizeof(rel), "measurements/%s/faults-%ld.json", paths[p], t);
			snprintf(file, sizeof(file), "%s/%s", dir, rel);
			result(file, p, run, t);
			snprintf(file, sizeof(file), "faults-%ld", t);
			put(e, "id", json_object_new_string(file));
			put(e, "benchmark", json_object_new_string("faults"));
			put(e, "path", json_object_new_string(paths[p]));
			snprintf(file, sizeof(file), "measurements/%s/faults-%ld.json", paths[p], t);
			put(e, "file", json_object_new_string(file));
			put(e, "status", json_object_new_string("ok"));
			json_object_array_add(list, e);
		}
	}
	put(j, "schema", json_object_new_string("daxbench-run"));
	put(j, "schema_version", json_object_new_int(1));
	put(j, "run_id", json_object_new_string(id));
	put(j, "profile", json_object_new_string("synthetic"));
	put(j, "repeats", json_object_new_int((int)o.repeats));
	put(j, "started", json_object_new_string(when));
	put(j, "finished", json_object_new_string(when));
	put(j, "status", json_object_new_string("complete"));
	put(j, "environment", environment(machine, kernel));
	put(j, "paths", pl);
	put(j, "measurements", list);
	snprintf(file, sizeof(file), "%s/run.json", dir);
	save(j, file);
}

static long num(const char *opt, const char *s, long lo, long hi)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (!*s || *end || errno || v < lo || v > hi) {
		fprintf(stderr, "history-synth: %s '%s': expected %ld to %ld\n", opt, s, lo, hi);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "runs", 1, NULL, 'r' }, { "machines", 1, NULL, 'm' },
		{ "tests", 1, NULL, 't' }, { "repeats", 1, NULL, 'n' },
		{ "seed", 1, NULL, 's' }, { "step", 1, NULL, 'S' }, { NULL, 0, NULL, 0 },
	};
	long m, r;
	int c;

	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'r': o.runs = num("--runs", optarg, 1, 1000000); break;
		case 'm': o.machines = num("--machines", optarg, 1, 1000); break;
		case 't': o.tests = num("--tests", optarg, 1, 100000); break;
		case 'n': o.repeats = num("--repeats", optarg, 1, 1000); break;
		case 's': o.seed = num("--seed", optarg, 0, 1L << 30); break;
		case 'S': {
			struct step *s = &o.step[o.nsteps];
			char *metric = NULL;

			if (o.nsteps == MAXSTEPS ||
			    sscanf(optarg, "%ld:%lf:%ms", &s->run, &s->pct, &metric) < 2) {
				fprintf(stderr, "history-synth: --step '%s': expected RUN:PCT[:METRIC]\n", optarg);
				return 2;
			}
			s->metric = metric;
			o.nsteps++;
			break;
		}
		default: return 2;
		}
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "usage: history-synth OUT [--runs N] [--machines M] [--tests T] [--repeats R] [--seed S] [--step RUN:PCT[:METRIC]]...\n");
		return 2;
	}
	o.out = argv[optind];
	if (mkdir(o.out, 0777) && errno != EEXIST)
		die(o.out);
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(rng, (unsigned long)o.seed);
	for (m = 0; m < o.machines; m++)
		for (r = 0; r < o.runs; r++)
			one_run(m, r);
	gsl_rng_free(rng);
	return 0;
}
