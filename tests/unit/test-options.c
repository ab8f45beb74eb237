// SPDX-License-Identifier: GPL-2.0-only
/*
 * The option-table parser, the cleanup registry and the atomic writer of
 * bench/lib: values land where the table says, aliases and the last of
 * two values count, --help comes from the table; cleanups run once, and
 * a result file gets the umask's mode.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "atomic.h"
#include "cleanup.h"
#include "options.h"
#include "tap.h"

struct opts {
	uint64_t size, n, ns;
	const char *name;
	int color;
	bool flag, on;
};

static const char *const colors[] = { "red", "green", NULL };

static const struct db_option table[] = {
	{ .group = "Things", .name = "size", .type = DB_OPT_SIZE,
	  .off = offsetof(struct opts, size), .arg = "SIZE", .def = "4k",
	  .help = "a size" },
	{ .name = "count", .alias = "n", .type = DB_OPT_U64,
	  .off = offsetof(struct opts, n), .arg = "N", .min = 1, .max = 9,
	  .help = "a count" },
	{ .name = "wait", .type = DB_OPT_DURATION, .off = offsetof(struct opts, ns),
	  .arg = "D", .help = "a duration, 0 allowed" },
	{ .name = "name", .type = DB_OPT_STR, .off = offsetof(struct opts, name),
	  .arg = "S", .help = "a name" },
	{ .name = "color", .type = DB_OPT_CHOICE, .off = offsetof(struct opts, color),
	  .arg = "C", .choices = colors, .help = "a color" },
	{ .name = "flag", .type = DB_OPT_SET, .off = offsetof(struct opts, flag),
	  .help = "set it" },
	{ .name = "no-on", .type = DB_OPT_CLEAR, .off = offsetof(struct opts, on),
	  .help = "clear it" },
	{ .name = NULL },
};

static const struct db_opt_spec spec = {
	.name = "test-options", .usage = "[options]",
	.summary = "A table for the tests.", .opts = table,
};

/* Parse in a child: a usage error exits, which is what is tested. */
static int parse(struct opts *o, struct db_opt_given *g, char **argv)
{
	int argc = 0;

	while (argv[argc])
		argc++;
	optind = 1;
	*o = (struct opts){ .size = 4096, .on = true };
	db_opt_parse(&spec, argc, argv, o, g);
	return 0;
}

static int exit_status(char **argv)
{
	struct db_opt_given g;
	struct opts o;
	pid_t pid;
	int st;

	/* The child exits through exit(): nothing buffered may go twice. */
	fflush(stdout);
	pid = fork();
	if (!pid) {
		freopen("/dev/null", "w", stderr);
		freopen("/dev/null", "w", stdout);
		parse(&o, &g, argv);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_values(void)
{
	char *argv[] = { "t", "--size", "2M", "--n", "3", "--wait", "0",
			 "--name", "x", "--color", "green", "--flag", "--no-on",
			 "--count", "4", NULL };
	struct db_opt_given g;
	struct opts o;

	parse(&o, &g, argv);
	tap_ok(o.size == 2u << 20 && o.ns == 0 && !strcmp(o.name, "x") &&
	       o.color == 1 && o.flag && !o.on,
	       "every type lands where the table says");
	tap_ok(o.n == 4, "the alias and the name are one option; the last value counts (%llu)",
	       (unsigned long long)o.n);
	tap_ok(db_opt_was_given(&g, "count") > db_opt_was_given(&g, "size") &&
	       !db_opt_was_given(&g, "nosuch"),
	       "db_opt_was_given says where an option was last given");
}

static void test_refusals(void)
{
	char *bad_u64[] = { "t", "--count", "10", NULL };
	char *bad_choice[] = { "t", "--color", "blue", NULL };
	char *unknown[] = { "t", "--frob", NULL };
	char *stray[] = { "t", "stray", NULL };
	char *help[] = { "t", "--help", NULL };

	tap_ok(exit_status(bad_u64) == 2, "a value out of range: exit 2");
	tap_ok(exit_status(bad_choice) == 2, "an unknown choice: exit 2");
	tap_ok(exit_status(unknown) == 2, "an unknown option: exit 2");
	tap_ok(exit_status(stray) == 2, "a stray argument: exit 2");
	tap_ok(exit_status(help) == 0, "--help: exit 0");
}

static void test_help(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	db_opt_help(&spec, f);
	fclose(f);
	tap_ok(strstr(buf, "Usage: test-options [options]") &&
	       strstr(buf, "Things:") && strstr(buf, "--size SIZE") &&
	       strstr(buf, "[4k]") && strstr(buf, "red|green") &&
	       strstr(buf, "(also --n)") && strstr(buf, "Exit status"),
	       "--help lists groups, arguments, defaults, choices, aliases, exit codes");
	free(buf);
}

static int runs;

static void count_run(void *arg)
{
	(void)arg;
	runs++;
}

static void test_cleanup(void)
{
	int a = db_cleanup_add(count_run, NULL), b = db_cleanup_add(count_run, NULL);

	db_cleanup_remove(a, true);
	db_cleanup_remove(a, true);
	db_cleanup_remove(b, false);
	tap_ok(runs == 1, "a cleanup runs once when removed with run, never when dropped (%d)",
	       runs);
}

static void test_atomic(void)
{
	char dir[] = "/tmp/test-options.XXXXXX", path[64];
	struct stat st;
	mode_t old;

	if (!mkdtemp(dir)) {
		tap_ok(0, "mkdtemp");
		return;
	}
	snprintf(path, sizeof(path), "%s/r.json", dir);
	old = umask(022);
	tap_ok(!db_write_atomic(path, "{}\n", 3) && !stat(path, &st) &&
	       (st.st_mode & 0777) == 0644 && st.st_size == 3,
	       "the atomic writer honours umask 022: mode 0644");
	umask(077);
	tap_ok(!db_write_atomic(path, "{ }\n", 4) && !stat(path, &st) &&
	       (st.st_mode & 0777) == 0600 && st.st_size == 4,
	       "and umask 077: mode 0600, the file replaced");
	umask(old);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	tap_plan(12);
	test_values();
	test_refusals();
	test_help();
	test_cleanup();
	test_atomic();
	return tap_done();
}
