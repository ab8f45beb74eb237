// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-noise: how steady is this machine, before, during and after a
 * run?  Timings taken on a shared machine swing with other tenants; this
 * probe measures the swing itself, so that `daxbench run` can say when
 * the machine was too unstable for its timings to mean anything.
 *
 * This file: options, main and the result; probe.c: the bursts.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "noise.h"
#include "parse.h"
#include "version.h"

enum {
	OPT_DURATION = 256, OPT_SAMPLE, OPT_INTERVAL, OPT_BUFFER, OPT_SYSCALLS,
	OPT_OUTPUT, OPT_JSON, OPT_HELP, OPT_VERSION,
};

static const struct option long_opts[] = {
	{ "duration", required_argument, NULL, OPT_DURATION },
	{ "sample", no_argument, NULL, OPT_SAMPLE },
	{ "interval", required_argument, NULL, OPT_INTERVAL },
	{ "buffer", required_argument, NULL, OPT_BUFFER },
	{ "syscalls", required_argument, NULL, OPT_SYSCALLS },
	{ "output", required_argument, NULL, OPT_OUTPUT },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *f)
{
	fprintf(f,
"usage: daxbench-noise [--duration D | --sample [--interval D]] [OPTIONS]\n"
"\n"
"Measure how steady this machine is: bursts of one read pass over a\n"
"buffer (memory bandwidth) and a loop of getppid() calls (system-call\n"
"cost), with the share of each burst the probe was on a CPU.\n"
"\n"
"  --duration D     a spot probe: bursts back to back for D (default 1s)\n"
"  --sample         a background sampler: one burst per --interval until\n"
"                   SIGTERM or SIGINT, then the result\n"
"  --interval D     the sampler's interval (default 1s)\n"
"  --buffer SIZE    bytes read per burst, a multiple of 4 KiB (default 16M)\n"
"  --syscalls N     getppid() calls per burst (default 2000)\n"
"  --output FILE    the JSON result to FILE (written atomically)\n"
"  --json           the JSON result on stdout instead of the table\n"
"  -h, --help       this help\n"
"  --version        daxbench's version\n"
"\n"
"Each burst is one value of mem_bandwidth, syscall_ns and on_cpu.\n"
"Exit: 0 measured, 1 failure, 2 usage error.  See docs/running.md.\n");
}

static int parse_one(int c, const char *arg, struct nz_opts *o)
{
	switch (c) {
	case OPT_DURATION:
		return db_parse_duration("--duration", arg, &o->duration_ns);
	case OPT_SAMPLE:
		o->sample = true;
		return 0;
	case OPT_INTERVAL:
		return db_parse_duration("--interval", arg, &o->interval_ns);
	case OPT_BUFFER:
		if (db_parse_size("--buffer", arg, &o->buffer))
			return -1;
		if (!o->buffer || o->buffer % 4096 || o->buffer > (1ull << 34)) {
			fprintf(stderr, "%s: --buffer '%s': expected a multiple of 4 KiB up to 16G\n",
				program_invocation_short_name, arg);
			return -1;
		}
		return 0;
	case OPT_SYSCALLS:
		return db_parse_u64("--syscalls", arg, 1, 100000000, &o->syscalls);
	case OPT_OUTPUT:
		o->output = arg;
		return 0;
	case OPT_JSON:
		o->json = true;
		return 0;
	}
	return -1;
}

/* 0 to go on, 1 to exit 0 (--help, --version), -1 for a usage error. */
int nz_parse_args(int argc, char **argv, struct nz_opts *o)
{
	bool duration = false;
	int c;

	*o = (struct nz_opts){
		.duration_ns = 1000000000ull, .interval_ns = 1000000000ull,
		.buffer = 16ull << 20, .syscalls = 2000,
	};
	while ((c = getopt_long(argc, argv, "h", long_opts, NULL)) != -1) {
		if (c == 'h' || c == OPT_HELP) {
			usage(stdout);
			return 1;
		}
		if (c == OPT_VERSION) {
			printf("daxbench-noise %s\n", DB_VERSION);
			return 1;
		}
		if (c == '?' || parse_one(c, optarg, o)) {
			usage(stderr);
			return -1;
		}
		duration |= c == OPT_DURATION;
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n",
			program_invocation_short_name, argv[optind]);
		return -1;
	}
	if (duration && o->sample) {
		fprintf(stderr, "%s: --duration is for a spot probe; --sample runs until a signal\n",
			program_invocation_short_name);
		return -1;
	}
	if (!o->duration_ns || !o->interval_ns) {
		fprintf(stderr, "%s: --duration and --interval must be above zero\n",
			program_invocation_short_name);
		return -1;
	}
	return 0;
}

static double median(double *x, size_t n)
{
	gsl_sort(x, 1, n);
	return gsl_stats_median_from_sorted_data(x, 1, n);
}

/* A line a reader sees first: the medians of the bursts. */
static void note_medians(const struct nz_probe *p, struct db_result *r)
{
	double *x = calloc(p->n, sizeof(*x)), bw, sc, cpu;
	size_t i;

	if (!x)
		return;
	for (i = 0; i < p->n; i++)
		x[i] = p->b[i].gbps;
	bw = median(x, p->n);
	for (i = 0; i < p->n; i++)
		x[i] = p->b[i].syscall_ns;
	sc = median(x, p->n);
	for (i = 0; i < p->n; i++)
		x[i] = p->b[i].on_cpu;
	cpu = median(x, p->n);
	free(x);
	db_result_note(r, "%zu bursts: memory bandwidth median %.2f GB/s, getppid median %.0f ns, on a CPU %.0f%% of a burst (median)",
		       p->n, bw, sc, 100 * cpu);
}

void nz_report(const struct nz_probe *p, struct db_result *r)
{
	size_t i;

	db_result_param_str(r, "mode", p->o.sample ? "sample" : "spot");
	if (p->o.sample) {
		db_result_param_int(r, "interval_ns", (int64_t)p->o.interval_ns);
		db_result_param_str(r, "duration_ns", NULL);
	} else {
		db_result_param_int(r, "duration_ns", (int64_t)p->o.duration_ns);
		db_result_param_str(r, "interval_ns", NULL);
	}
	db_result_param_int(r, "buffer", (int64_t)p->o.buffer);
	db_result_param_int(r, "syscalls", (int64_t)p->o.syscalls);
	db_result_param_int(r, "repeats", (int64_t)p->n);
	for (i = 0; i < p->n; i++) {
		db_result_add(r, "mem_bandwidth", "GB/s", DB_HIGHER_IS_BETTER,
			      p->b[i].gbps);
		db_result_add(r, "syscall_ns", "ns", DB_LOWER_IS_BETTER,
			      p->b[i].syscall_ns);
		db_result_add(r, "on_cpu", "ratio", DB_NEITHER, p->b[i].on_cpu);
	}
	if (p->n)
		note_medians(p, r);
	else
		db_result_note(r, "stopped before the first burst: nothing measured");
}

int main(int argc, char **argv)
{
	static struct nz_probe p;
	struct db_result *r;
	struct db_clock c;
	char why[128];
	int ret;

	ret = nz_parse_args(argc, argv, &p.o);
	if (ret)
		return ret > 0 ? 0 : 2;
	if (p.o.sample)
		nz_catch_stop();
	if (db_output_check(p.o.output) || nz_probe_init(&p))
		return 1;
	r = db_result_new("noise", argc, argv);
	db_result_set_env(r, NULL);
	if (!db_clock_init(&c, DB_CLOCK_MONOTONIC, why, sizeof(why)))
		db_result_set_clock(r, &c);
	ret = nz_probe_run(&p);
	if (!ret) {
		nz_report(&p, r);
		ret = db_result_emit(r, p.o.output, p.o.json) ? 1 : 0;
	} else {
		ret = 1;
	}
	db_result_free(r);
	nz_probe_free(&p);
	return ret;
}
