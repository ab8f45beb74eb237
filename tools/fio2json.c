// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-fio2json: fio's --output-format=json+ output, one file per
 * repeat, converted into one daxbench result (docs/results-format.md)
 * with one value per repeat for every metric.
 *
 * fio reports bandwidth in KiB/s ("bw") and in B/s ("bw_bytes"); we use
 * the latter.  Latency percentiles come from fio's own "clat_ns"
 * percentile table; a percentile fio did not print is null, never
 * interpolated.  Every repeat must have run the same job options.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonfile.h"
#include "result.h"
#include "version.h"

#define MAX_CMD 256

static const char *const directions[] = { "read", "write", "trim" };

/* Percentiles kept, with the key fio prints and the metric suffix. */
static const struct {
	const char *key;
	const char *suffix;
} percentiles[] = {
	{ "50.000000", "p50" },
	{ "90.000000", "p90" },
	{ "99.000000", "p99" },
	{ "99.900000", "p99_9" },
};

struct opts {
	const char *output;
	const char *dir;
	const char *job_file;
	const char *started;
	const char *raw_out;
	bool json;
	int ncmd;
	char *cmd[MAX_CMD];
};

static void usage(FILE *f)
{
	fprintf(f,
"usage: daxbench-fio2json [OPTIONS] RAW.json [RAW.json ...]\n"
"Convert fio --output-format=json+ output (one file per repeat, in repeat\n"
"order) into one daxbench result.\n"
"\n"
"  --output FILE    write the result JSON to FILE (atomically)\n"
"  --json           print the result JSON on stdout instead of a table\n"
"  --dir DIR        the directory fio ran in (environment.target)\n"
"  --job-file NAME  the job file that ran (recorded as a parameter)\n"
"  --started TIME   when the first repeat started (ISO 8601 UTC)\n"
"  --raw-out FILE   also write the raw inputs, as a JSON array with one\n"
"                   element per repeat, to FILE (atomically)\n"
"  --cmd ARG        one word of the command that ran fio (repeatable):\n"
"                   recorded as the result's command\n"
"  --help, --version\n");
}

static struct json_object *get(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (!o || !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

/* A number fio printed; NAN (no value) for anything else. */
static double get_num(struct json_object *o, const char *key)
{
	struct json_object *v = get(o, key);

	if (!json_object_is_type(v, json_type_int) &&
	    !json_object_is_type(v, json_type_double))
		return NAN;
	return json_object_get_double(v);
}

/* The single job of one raw file, or NULL with a message. */
static struct json_object *the_job(struct json_object *raw, const char *file)
{
	struct json_object *jobs = get(raw, "jobs");

	if (!get(raw, "fio version") || !jobs ||
	    !json_object_is_type(jobs, json_type_array)) {
		fprintf(stderr, "daxbench-fio2json: %s: not fio JSON output "
			"(no \"fio version\" or \"jobs\")\n", file);
		return NULL;
	}
	if (json_object_array_length(jobs) != 1) {
		fprintf(stderr, "daxbench-fio2json: %s: %zu jobs; expected one "
			"(use group_reporting)\n", file,
			json_object_array_length(jobs));
		return NULL;
	}
	if (!json_object_is_type(json_object_array_get_idx(jobs, 0),
				 json_type_object)) {
		fprintf(stderr, "daxbench-fio2json: %s: the job is not a JSON object\n",
			file);
		return NULL;
	}
	return json_object_array_get_idx(jobs, 0);
}

/* An options object, absent or not: anything else is not fio's output. */
static bool options_ok(struct json_object *o, const char *key, const char *file)
{
	struct json_object *v = get(o, key);

	if (!v || json_object_is_type(v, json_type_object))
		return true;
	fprintf(stderr, "daxbench-fio2json: %s: \"%s\" is not a JSON object\n",
		file, key);
	return false;
}

/*
 * Global options overlaid with the job's options: what fio ran with.
 * NULL, said, if either is not an object.
 */
static struct json_object *job_options(struct json_object *raw,
				       struct json_object *job, const char *file)
{
	struct json_object *o, *g, *j;

	if (!options_ok(raw, "global options", file) ||
	    !options_ok(job, "job options", file))
		return NULL;
	o = json_object_new_object();
	g = get(raw, "global options");
	j = get(job, "job options");
	if (g) {
		json_object_object_foreach(g, gk, gv)
			json_object_object_add(o, gk, json_object_get(gv));
	}
	if (j) {
		json_object_object_foreach(j, jk, jv)
			json_object_object_add(o, jk, json_object_get(jv));
	}
	return o;
}

/*
 * fio's per-job "error" is an errno: 0 or a small positive integer.
 * Anything else (missing, a string, 1e300) means the file is not what
 * fio wrote.
 */
static bool error_ok(struct json_object *job, const char *file)
{
	struct json_object *v = get(job, "error");
	int64_t e;

	if (json_object_is_type(v, json_type_int)) {
		e = json_object_get_int64(v);
		if (e >= 0 && e < 4096)
			return true;
	}
	fprintf(stderr, "daxbench-fio2json: %s: the job's \"error\" is missing "
		"or not an errno (an integer from 0 to 4095)\n", file);
	return false;
}

static bool direction_used(struct json_object *job, const char *dir)
{
	double n = get_num(get(job, dir), "total_ios");

	return isfinite(n) && n > 0;
}

static void add_direction(struct db_result *r, struct json_object *job,
			  const char *dir)
{
	struct json_object *d = get(job, dir), *clat = get(d, "clat_ns");
	struct json_object *pct = get(clat, "percentile");
	char name[64];
	size_t i;

	snprintf(name, sizeof(name), "%s_bw", dir);
	db_result_add(r, name, "B/s", DB_HIGHER_IS_BETTER, get_num(d, "bw_bytes"));
	snprintf(name, sizeof(name), "%s_iops", dir);
	db_result_add(r, name, "ops/s", DB_HIGHER_IS_BETTER, get_num(d, "iops"));
	snprintf(name, sizeof(name), "%s_io_bytes", dir);
	db_result_add(r, name, "bytes", DB_NEITHER, get_num(d, "io_bytes"));
	snprintf(name, sizeof(name), "%s_clat_mean_ns", dir);
	db_result_add(r, name, "ns", DB_LOWER_IS_BETTER, get_num(clat, "mean"));
	for (i = 0; i < sizeof(percentiles) / sizeof(percentiles[0]); i++) {
		snprintf(name, sizeof(name), "%s_clat_%s_ns", dir,
			 percentiles[i].suffix);
		db_result_add(r, name, "ns", DB_LOWER_IS_BETTER,
			      get_num(pct, percentiles[i].key));
	}
}

static void add_job(struct db_result *r, struct json_object *job,
		    const bool *used)
{
	size_t i;

	for (i = 0; i < sizeof(directions) / sizeof(directions[0]); i++)
		if (used[i])
			add_direction(r, job, directions[i]);
	db_result_add(r, "majf", "count", DB_NEITHER, get_num(job, "majf"));
	db_result_add(r, "minf", "count", DB_NEITHER, get_num(job, "minf"));
	db_result_add(r, "ctx", "count", DB_NEITHER, get_num(job, "ctx"));
	db_result_add(r, "usr_cpu", "percent", DB_LOWER_IS_BETTER,
		      get_num(job, "usr_cpu"));
	db_result_add(r, "sys_cpu", "percent", DB_LOWER_IS_BETTER,
		      get_num(job, "sys_cpu"));
}

/* fio's options become parameters; its "directory" is our "dir". */
static void add_params(struct db_result *r, struct json_object *opts,
		       const struct opts *o, int repeats)
{
	json_object_object_foreach(opts, k, v) {
		if (!strcmp(k, "directory"))
			db_result_param_str(r, "dir", json_object_get_string(v));
		else
			db_result_param_str(r, k, json_object_get_string(v));
	}
	if (o->job_file)
		db_result_param_str(r, "job_file", o->job_file);
	db_result_param_int(r, "repeats", repeats);
}

static void set_started(struct db_result *r, const char *started)
{
	struct json_object *root = db_result_json(r);

	json_object_object_add(root, "started", json_object_new_string(started));
}

static void set_fio_version(struct db_result *r, struct json_object *raw)
{
	struct json_object *root = db_result_json(r), *env = get(root, "environment");

	if (env)
		json_object_object_add(env, "fio_version",
			json_object_get(get(raw, "fio version")));
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' },
		{ "dir", required_argument, NULL, 'd' },
		{ "job-file", required_argument, NULL, 'f' },
		{ "started", required_argument, NULL, 's' },
		{ "cmd", required_argument, NULL, 'c' },
		{ "raw-out", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o->output = optarg;
			break;
		case 'j':
			o->json = true;
			break;
		case 'd':
			o->dir = optarg;
			break;
		case 'f':
			o->job_file = optarg;
			break;
		case 's':
			o->started = optarg;
			break;
		case 'r':
			o->raw_out = optarg;
			break;
		case 'c':
			if (o->ncmd == MAX_CMD) {
				fprintf(stderr, "daxbench-fio2json: --cmd: more than %d words\n",
					MAX_CMD);
				return -1;
			}
			o->cmd[o->ncmd++] = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("daxbench-fio2json %s\n", DB_VERSION);
			exit(0);
		default:
			return -1;
		}
	}
	if (optind == argc) {
		fprintf(stderr, "daxbench-fio2json: expected at least one RAW.json file\n");
		return -1;
	}
	return 0;
}

/*
 * fio may print notes ("note: both iodepth >= 1 and synchronous I/O
 * engine are selected") into its output file before the JSON: the JSON
 * starts at the first line that begins with '{'.
 */
static struct json_object *read_fio_json(const char *file)
{
	struct json_tokener *tok;
	struct json_object *o = NULL;
	char *buf, *start;
	size_t len;

	buf = jf_read(file, &len);
	if (!buf)
		return NULL;
	for (start = buf; *start && *start != '{'; start++) {
		start = strchr(start, '\n');
		if (!start)
			break;
	}
	if (start && *start == '{') {
		tok = json_tokener_new();
		o = json_tokener_parse_ex(tok, start, (int)(len - (start - buf)));
		if (json_tokener_get_error(tok) != json_tokener_success) {
			fprintf(stderr, "daxbench-fio2json: %s: malformed or truncated JSON: %s\n",
				file, json_tokener_error_desc(json_tokener_get_error(tok)));
			json_object_put(o);
			o = NULL;
		}
		json_tokener_free(tok);
	} else {
		fprintf(stderr, "daxbench-fio2json: %s: no JSON object in the file\n", file);
	}
	free(buf);
	return o;
}

/* Load every raw file and check they ran the same job. */
static int load(char **files, int n, struct json_object **raw,
		struct json_object **job, struct json_object **opts)
{
	int i;

	for (i = 0; i < n; i++) {
		raw[i] = read_fio_json(files[i]);
		if (!raw[i])
			return -1;
		job[i] = the_job(raw[i], files[i]);
		if (!job[i] || !error_ok(job[i], files[i]))
			return -1;
		opts[i] = job_options(raw[i], job[i], files[i]);
		if (!opts[i])
			return -1;
		if (i && !json_object_equal(opts[0], opts[i])) {
			fprintf(stderr, "daxbench-fio2json: %s: job options differ "
				"from %s: not repeats of one measurement\n",
				files[i], files[0]);
			return -1;
		}
	}
	return 0;
}

/* fio's per-job "error" is an errno; the first failing repeat decides. */
static void check_errors(struct db_result *r, struct json_object **job, int n)
{
	int i, err;

	for (i = 0; i < n; i++) {
		/* Checked by error_ok(): an integer from 0 to 4095. */
		err = json_object_get_int(get(job[i], "error"));
		if (err) {
			db_result_status(r, "failed", "fio job error %d (%s) in repeat %d",
					 err, strerror(err), i + 1);
			return;
		}
	}
}

/* fio's own output, every repeat, in one JSON array. */
static int write_raw(const char *file, struct json_object **raw, int n)
{
	struct json_object *a = json_object_new_array();
	int i, ret;

	for (i = 0; i < n; i++)
		json_object_array_add(a, json_object_get(raw[i]));
	ret = db_json_write_atomic(a, file);
	json_object_put(a);
	return ret;
}

int main(int argc, char **argv)
{
	struct opts o = { 0 };
	struct json_object **raw, **job, **opts;
	struct db_result *r;
	bool used[3] = { false, false, false };
	int i, n, ret;
	size_t d;

	if (parse_args(argc, argv, &o)) {
		usage(stderr);
		return 2;
	}
	n = argc - optind;
	raw = calloc(n, sizeof(*raw));
	job = calloc(n, sizeof(*job));
	opts = calloc(n, sizeof(*opts));
	if (!raw || !job || !opts)
		abort();
	if (load(argv + optind, n, raw, job, opts)) {
		ret = 1;
		goto out;
	}

	r = o.ncmd ? db_result_new("fio", o.ncmd, o.cmd)
		   : db_result_new("fio", argc, argv);
	db_result_set_env(r, o.dir);
	set_fio_version(r, raw[0]);
	if (o.started)
		set_started(r, o.started);
	add_params(r, opts[0], &o, n);
	/* A direction is reported when any repeat did I/O in it. */
	for (i = 0; i < n; i++)
		for (d = 0; d < 3; d++)
			used[d] |= direction_used(job[i], directions[d]);
	for (i = 0; i < n; i++)
		add_job(r, job[i], used);
	check_errors(r, job, n);

	ret = db_result_emit(r, o.output, o.json) ? 1 : 0;
	if (o.raw_out && write_raw(o.raw_out, raw, n))
		ret = 1;
	db_result_free(r);
out:
	for (i = 0; i < n; i++) {
		json_object_put(raw[i]);
		json_object_put(opts[i]);
	}
	free(raw);
	free(job);
	free(opts);
	return ret;
}
