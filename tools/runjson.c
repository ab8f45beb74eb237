// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-runjson: create and update a run directory's run.json for
 * daxbench-run, so that the shell script never builds JSON by hand.
 * Every update reads run.json, changes it and writes it back atomically:
 * a run stopped at any moment leaves the last complete version.
 * The format is described in docs/running.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "devdax.h"
#include "env.h"
#include "jsonfile.h"
#include "jsonutil.h"
#include "probe.h"
#include "result.h"
#include "runnoise.h"
#include "version.h"

#define RUN_SCHEMA	"daxbench-run"
#define RUN_VERSION	1
#define TCG_NOTE	"emulated CPU: timings not representative"

static void usage(FILE *f)
{
	fprintf(f,
"usage: daxbench-runjson COMMAND RUN.JSON ARGS...\n"
"Create and update run.json (daxbench run's record of a run).\n"
"\n"
"  init RUN.JSON RUN_ID PROFILE PROFILE_FILE REPEATS -- COMMAND...\n"
"  path RUN.JSON NAME DIR|- STATUS [REASON|- [PROBE_DIR]]\n"
"               (STATUS ok: a file made in PROBE_DIR, default DIR, says\n"
"               whether the path is DAX)\n"
"  measurement RUN.JSON ID BENCHMARK PATH STATUS FILE|- RAW|- LOG|- [REASON]\n"
"               (STATUS ok, or FILE says unsupported: status and reason\n"
"               are taken from FILE); prints the status recorded\n"
"  note RUN.JSON TEXT\n"
"  set RUN.JSON KEY JSON_FILE     (a top-level key, e.g. vm)\n"
"  get RUN.JSON KEY               (print a dotted key's value)\n"
"  vm RUN.JSON VM.JSON [-- HOST_COMMAND...]\n"
"               (the guest's facts from daxbench vm's vm.json as \"vm\";\n"
"               HOST_COMMAND becomes \"command\", the guest's moves to\n"
"               vm.guest_command)\n"
"  noise RUN.JSON before|during|after FILE\n"
"               (a daxbench-noise result, relative to the run directory,\n"
"               summarised as noise.PHASE; prints the machine's verdict\n"
"               and its reasons, one a line)\n"
"  finish RUN.JSON complete|incomplete [REASON]\n");
}

static struct json_object *str_or_null(const char *s)
{
	return s && strcmp(s, "-") ? json_object_new_string(s) : NULL;
}

/*
 * run.json as this program wrote it: anything else (an edited or broken
 * file) is refused with a message, never half-used.
 */
static struct json_object *load(const char *file)
{
	static const char *const arrays[] = { "notes", "paths", "measurements" };
	struct json_object *o = jf_load(file);
	const char *schema;
	size_t i;

	if (!o)
		return NULL;
	schema = ju_str(o, "schema");
	if (!schema || strcmp(schema, RUN_SCHEMA)) {
		jf_err(file, "not a run.json");
		goto bad;
	}
	for (i = 0; i < sizeof(arrays) / sizeof(arrays[0]); i++) {
		if (!json_object_is_type(ju_get(o, arrays[i]), json_type_array)) {
			jf_err(file, "\"%s\" is missing or not an array", arrays[i]);
			goto bad;
		}
	}
	return o;
bad:
	json_object_put(o);
	return NULL;
}

static int save(struct json_object *o, const char *file)
{
	int ret = db_json_write_atomic(o, file);

	json_object_put(o);
	return ret ? 1 : 0;
}

static void add_tcg_note(struct json_object *run, struct json_object *env)
{
	const char *accel = ju_str(env, "virtualization.accelerator");

	if (accel && !strcmp(accel, "tcg"))
		json_object_array_add(ju_get(run, "notes"),
				      json_object_new_string(TCG_NOTE));
}

static int cmd_init(const char *file, int argc, char **argv)
{
	struct json_object *o, *cmd, *env;
	long repeats;
	char *end;
	int i;

	if (argc < 5 || strcmp(argv[4], "--")) {
		usage(stderr);
		return 2;
	}
	repeats = strtol(argv[3], &end, 10);
	if (*end || repeats < 1) {
		fprintf(stderr, "daxbench-runjson: init: bad repeats '%s'\n", argv[3]);
		return 2;
	}
	o = json_object_new_object();
	cmd = json_object_new_array();
	for (i = 5; i < argc; i++)
		json_object_array_add(cmd, json_object_new_string(argv[i]));
	env = db_env_capture(NULL);
	json_object_object_add(o, "schema", json_object_new_string(RUN_SCHEMA));
	json_object_object_add(o, "schema_version", json_object_new_int(RUN_VERSION));
	json_object_object_add(o, "run_id", json_object_new_string(argv[0]));
	json_object_object_add(o, "daxbench_version",
			       json_object_new_string(DB_VERSION));
	json_object_object_add(o, "command", cmd);
	json_object_object_add(o, "profile", json_object_new_string(argv[1]));
	json_object_object_add(o, "profile_file", json_object_new_string(argv[2]));
	json_object_object_add(o, "repeats", json_object_new_int((int)repeats));
	json_object_object_add(o, "started", db_json_time_now());
	json_object_object_add(o, "finished", NULL);
	json_object_object_add(o, "status", json_object_new_string("running"));
	json_object_object_add(o, "reason", NULL);
	json_object_object_add(o, "environment", env);
	json_object_object_add(o, "vm", NULL);
	json_object_object_add(o, "notes", json_object_new_array());
	json_object_object_add(o, "paths", json_object_new_array());
	json_object_object_add(o, "measurements", json_object_new_array());
	add_tcg_note(o, env);
	return save(o, file);
}

/*
 * A device-dax path has no filesystem to probe: say what the device is
 * (NULL, with errno, when it is not one).
 */
static struct json_object *probe_device(const char *path)
{
	struct json_object *fs;
	struct db_devdax d;
	char why[256];
	int fd = open(path, O_RDWR | O_CLOEXEC), ret;

	if (fd < 0)
		return NULL;
	ret = db_devdax_probe(fd, &d, why, sizeof(why));
	close(fd);
	if (ret <= 0) {
		errno = ENODEV;
		return NULL;
	}
	fs = json_object_new_object();
	json_object_object_add(fs, "path", json_object_new_string(path));
	json_object_object_add(fs, "filesystem", json_object_new_string("devdax"));
	json_object_object_add(fs, "driver", json_object_new_string("device_dax"));
	json_object_object_add(fs, "device", json_object_new_string(d.name));
	json_object_object_add(fs, "size", json_object_new_int64((int64_t)d.size));
	json_object_object_add(fs, "align", json_object_new_int64((int64_t)d.align));
	return fs;
}

static int cmd_path(struct json_object *o, int argc, char **argv)
{
	struct json_object *p, *fs = NULL, *dax = NULL;
	const char *status, *reason;
	char buf[PATH_MAX + 64];
	struct stat st;

	if (argc < 3 || argc > 5) {
		usage(stderr);
		return 2;
	}
	status = argv[2];
	reason = argc > 3 ? argv[3] : NULL;
	if (!strcmp(status, "ok") && !stat(argv[1], &st) && S_ISCHR(st.st_mode)) {
		fs = probe_device(argv[1]);
		if (!fs) {
			snprintf(buf, sizeof(buf), "%s: not a device-dax device", argv[1]);
			status = "unavailable";
			reason = buf;
		} else {
			dax = json_object_new_boolean(1);
		}
	} else if (!strcmp(status, "ok")) {
		fs = db_probe_dir(argc > 4 ? argv[4] : argv[1]);
		if (!fs) {
			snprintf(buf, sizeof(buf), "cannot create a file in %s: %s",
				 argv[1], strerror(errno));
			status = "unavailable";
			reason = buf;
		} else {
			dax = json_object_get(ju_get(fs, "statx_dax"));
			json_object_object_add(fs, "path", json_object_new_string(argv[1]));
		}
	}
	p = json_object_new_object();
	json_object_object_add(p, "name", json_object_new_string(argv[0]));
	json_object_object_add(p, "dir", str_or_null(argv[1]));
	json_object_object_add(p, "dax", fs ? dax : json_object_new_boolean(0));
	json_object_object_add(p, "status", json_object_new_string(status));
	json_object_object_add(p, "reason", str_or_null(reason));
	json_object_object_add(p, "filesystem", fs);
	json_object_array_add(ju_get(o, "paths"), p);
	return 0;
}

/* Status and reason of a measurement, from its result file when ok. */
static void result_status(const char *runfile, const char *rel,
			  const char **status, const char **reason,
			  struct json_object **keep)
{
	char dir[PATH_MAX], path[PATH_MAX * 2];
	struct json_object *r;

	snprintf(dir, sizeof(dir), "%s", runfile);
	snprintf(path, sizeof(path), "%s/%s", dirname(dir), rel);
	/* A benchmark that failed early wrote nothing: no message for that. */
	r = access(path, F_OK) && errno == ENOENT ? NULL : jf_load(path);
	*keep = r;
	if (!r || !ju_str(r, "status")) {
		*status = "failed";
		*reason = "the result file is missing or unreadable";
		return;
	}
	*status = ju_str(r, "status");
	if (strcmp(*status, "ok"))
		*reason = ju_str(r, "reason");
}

static int cmd_measurement(struct json_object *o, const char *runfile,
			   int argc, char **argv)
{
	struct json_object *m, *result = NULL;
	const char *status, *reason, *file;

	if (argc < 7 || argc > 8) {
		usage(stderr);
		return 2;
	}
	status = argv[3];
	file = argv[4];
	reason = argc > 7 ? argv[7] : NULL;
	if (strcmp(file, "-")) {
		const char *fst, *freason = NULL;

		result_status(runfile, file, &fst, &freason, &result);
		if (!result)
			file = "-";
		/*
		 * ok: the result says how it went.  A program that exits
		 * non-zero after writing "unsupported" refused properly.
		 */
		if (!strcmp(status, "ok") ||
		    (result && !strcmp(fst, "unsupported"))) {
			status = fst;
			reason = freason;
		}
	}
	m = json_object_new_object();
	json_object_object_add(m, "id", json_object_new_string(argv[0]));
	json_object_object_add(m, "benchmark", json_object_new_string(argv[1]));
	json_object_object_add(m, "path", json_object_new_string(argv[2]));
	json_object_object_add(m, "file", str_or_null(file));
	json_object_object_add(m, "status", json_object_new_string(status));
	json_object_object_add(m, "reason", str_or_null(reason));
	json_object_object_add(m, "raw", str_or_null(argv[5]));
	json_object_object_add(m, "log", str_or_null(argv[6]));
	json_object_array_add(ju_get(o, "measurements"), m);
	printf("%s%s%s\n", status, reason ? ": " : "", reason ? reason : "");
	json_object_put(result);
	return 0;
}

static int cmd_set(struct json_object *o, int argc, char **argv)
{
	struct json_object *v;

	if (argc != 2) {
		usage(stderr);
		return 2;
	}
	v = jf_load(argv[1]);
	if (!v)
		return 1;
	json_object_object_add(o, argv[0], v);
	return 0;
}

static void copy_key(struct json_object *to, const char *key,
		     struct json_object *from, const char *dotted)
{
	json_object_object_add(to, key, json_object_get(ju_get(from, dotted)));
}

/*
 * run.json's "vm" (docs/running.md): the facts a reader of the run
 * needs, flat, from the vm.json daxbench vm writes; the whole vm.json is
 * kept beside run.json.
 */
static int cmd_vm(struct json_object *o, int argc, char **argv)
{
	struct json_object *vm, *v, *cmd;
	int i;

	if (argc < 1 || (argc > 1 && strcmp(argv[1], "--"))) {
		usage(stderr);
		return 2;
	}
	v = jf_load(argv[0]);
	if (!v)
		return 1;
	vm = json_object_new_object();
	copy_key(vm, "kernel", v, "kernel.release");
	copy_key(vm, "kernel_source", v, "kernel.source");
	copy_key(vm, "cmdline", v, "kernel.cmdline");
	copy_key(vm, "pmem", v, "pmem.kind");
	copy_key(vm, "pmem_size", v, "pmem.device_size_bytes");
	copy_key(vm, "pmem_devices", v, "pmem.devices");
	copy_key(vm, "mem_bytes", v, "mem_bytes");
	copy_key(vm, "cpus", v, "cpus");
	copy_key(vm, "accelerator", v, "accel");
	copy_key(vm, "qemu", v, "qemu.version");
	copy_key(vm, "build_s", v, "wall_seconds.build");
	copy_key(vm, "boot_s", v, "wall_seconds.boot");
	copy_key(vm, "run_s", v, "wall_seconds.run");
	copy_key(vm, "collect_s", v, "wall_seconds.collect");
	copy_key(vm, "total_s", v, "wall_seconds.total");
	copy_key(vm, "status", v, "status");
	copy_key(vm, "error", v, "error");
	copy_key(vm, "guest_command", o, "command");
	json_object_object_add(vm, "file", json_object_new_string("vm.json"));
	json_object_object_add(o, "vm", vm);
	if (argc > 1) {
		cmd = json_object_new_array();
		for (i = 2; i < argc; i++)
			json_object_array_add(cmd, json_object_new_string(argv[i]));
		json_object_object_add(o, "command", cmd);
	}
	json_object_put(v);
	return 0;
}

static int cmd_finish(struct json_object *o, int argc, char **argv)
{
	if (argc < 1 || argc > 2 ||
	    (strcmp(argv[0], "complete") && strcmp(argv[0], "incomplete"))) {
		usage(stderr);
		return 2;
	}
	json_object_object_add(o, "status", json_object_new_string(argv[0]));
	json_object_object_add(o, "reason", str_or_null(argc > 1 ? argv[1] : NULL));
	json_object_object_add(o, "finished", db_json_time_now());
	return 0;
}

static int cmd_note(struct json_object *o, int argc, char **argv)
{
	struct json_object *notes = ju_get(o, "notes");
	size_t i;

	if (argc != 1) {
		usage(stderr);
		return 2;
	}
	for (i = 0; i < json_object_array_length(notes); i++)
		if (!strcmp(ju_str(json_object_array_get_idx(notes, i), "") ?: "",
			    argv[0]))
			return 0;
	json_object_array_add(notes, json_object_new_string(argv[0]));
	return 0;
}

static int cmd_get(struct json_object *o, int argc, char **argv)
{
	struct json_object *v;

	if (argc != 1) {
		usage(stderr);
		return 2;
	}
	v = ju_get(o, argv[0]);
	printf("%s\n", v ? json_object_get_string(v) : "null");
	return 0;
}

int main(int argc, char **argv)
{
	struct json_object *o;
	const char *cmd, *file;
	int ret;

	if (argc == 2 && !strcmp(argv[1], "--help")) {
		usage(stdout);
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "--version")) {
		printf("daxbench-runjson %s\n", DB_VERSION);
		return 0;
	}
	if (argc < 3) {
		usage(stderr);
		return 2;
	}
	cmd = argv[1];
	file = argv[2];
	argc -= 3;
	argv += 3;
	if (!strcmp(cmd, "init"))
		return cmd_init(file, argc, argv);
	o = load(file);
	if (!o)
		return 1;
	if (!strcmp(cmd, "get")) {
		ret = cmd_get(o, argc, argv);
		json_object_put(o);
		return ret;
	}
	if (!strcmp(cmd, "path"))
		ret = cmd_path(o, argc, argv);
	else if (!strcmp(cmd, "measurement"))
		ret = cmd_measurement(o, file, argc, argv);
	else if (!strcmp(cmd, "note"))
		ret = cmd_note(o, argc, argv);
	else if (!strcmp(cmd, "set"))
		ret = cmd_set(o, argc, argv);
	else if (!strcmp(cmd, "vm"))
		ret = cmd_vm(o, argc, argv);
	else if (!strcmp(cmd, "finish"))
		ret = cmd_finish(o, argc, argv);
	else if (!strcmp(cmd, "noise"))
		ret = rn_cmd_noise(o, file, argc, argv);
	else {
		fprintf(stderr, "daxbench-runjson: unknown command '%s'\n", cmd);
		ret = 2;
	}
	if (ret) {
		json_object_put(o);
		return ret;
	}
	return save(o, file);
}
