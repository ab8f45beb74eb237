// SPDX-License-Identifier: GPL-2.0-only
/*
 * A result written by the library must read back, field for field, with
 * json-c: what ran, where, what was measured, and the notes.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "result.h"
#include "tap.h"

static struct json_object *get(struct json_object *o, const char *path)
{
	char buf[256], *tok, *save;

	snprintf(buf, sizeof(buf), "%s", path);
	for (tok = strtok_r(buf, ".", &save); tok && o;
	     tok = strtok_r(NULL, ".", &save))
		if (!json_object_object_get_ex(o, tok, &o))
			return NULL;
	return o;
}

static struct db_result *make_result(const char *dir)
{
	char *argv[] = { "daxbench-test", "--size", "4k" };
	struct db_result *r = db_result_new("unit", 3, argv);
	struct db_clock c;
	char why[128];

	db_clock_init(&c, DB_CLOCK_MONOTONIC, why, sizeof(why));
	db_result_set_env(r, dir);
	db_result_set_clock(r, &c);
	db_result_param_int(r, "size", 4096);
	db_result_param_str(r, "access", "write");
	db_result_param_bool(r, "keep", false);
	db_result_add(r, "faults_total", "count", DB_NEITHER, 16);
	db_result_add(r, "faults_total", "count", DB_NEITHER, 17);
	db_result_add(r, "ns_per_fault", "ns", DB_LOWER_IS_BETTER, 812.5);
	db_result_add(r, "ns_per_fault", "ns", DB_LOWER_IS_BETTER, NAN);
	db_result_note(r, "a note with \"quotes\" and a / slash");
	db_result_note(r, "a note with \"quotes\" and a / slash");
	return r;
}

int main(void)
{
	const char *tmp = getenv("TMPDIR");
	char dir[512], path[600];
	struct json_object *o, *v;
	struct db_result *r;

	tap_plan(13);
	snprintf(dir, sizeof(dir), "%s/daxbench-unit.XXXXXX", tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return 99;
	snprintf(path, sizeof(path), "%s/result.json", dir);
	r = make_result(dir);
	tap_ok(db_result_write(r, path) == 0, "result written");
	db_result_free(r);

	o = json_object_from_file(path);
	tap_ok(o != NULL, "result parses back");
	tap_ok(o && !strcmp(json_object_get_string(get(o, "schema")), DB_RESULT_SCHEMA) &&
	       json_object_get_int(get(o, "schema_version")) == DB_RESULT_VERSION,
	       "schema and version");
	tap_ok(o && json_object_array_length(get(o, "command")) == 3 &&
	       !strcmp(json_object_get_string(json_object_array_get_idx(get(o, "command"), 2)), "4k"),
	       "command line kept");
	tap_ok(o && json_object_get_int64(get(o, "parameters.size")) == 4096 &&
	       !strcmp(json_object_get_string(get(o, "parameters.access")), "write") &&
	       json_object_get_boolean(get(o, "parameters.keep")) == 0,
	       "parameters round-trip");
	v = o ? get(o, "metrics.faults_total.values") : NULL;
	tap_ok(v && json_object_array_length(v) == 2 &&
	       json_object_get_double(json_object_array_get_idx(v, 1)) == 17,
	       "metric values, one per repeat");
	tap_ok(o && !strcmp(json_object_get_string(get(o, "metrics.ns_per_fault.unit")), "ns") &&
	       !strcmp(json_object_get_string(get(o, "metrics.ns_per_fault.better")), "lower"),
	       "metric unit and direction");
	v = o ? get(o, "metrics.ns_per_fault.values") : NULL;
	tap_ok(v && json_object_array_get_idx(v, 1) == NULL,
	       "an unmeasurable value is null, not a number");
	tap_ok(o && get(o, "environment.kernel.release") &&
	       get(o, "environment.cpu.flags") && get(o, "environment.thp") &&
	       get(o, "environment.virtualization.accelerator"),
	       "environment captured");
	tap_ok(o && get(o, "environment.target.filesystem") &&
	       get(o, "environment.target.mount_options"),
	       "target filesystem captured");
	tap_ok(o && get(o, "timer.overhead_ns") &&
	       json_object_get_double(get(o, "timer.overhead_ns")) > 0,
	       "timer overhead measured and recorded");
	v = o ? get(o, "notes") : NULL;
	tap_ok(v && !strcmp(json_object_get_string(json_object_array_get_idx(v,
			json_object_array_length(v) - 1)),
			"a note with \"quotes\" and a / slash"),
	       "notes round-trip, duplicates dropped");
	json_object_put(o);
	unlink(path);
	tap_ok(rmdir(dir) == 0, "no temporary file left behind");
	return tap_done();
}
