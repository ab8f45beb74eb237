/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_OPTIONS_H
#define DB_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * One table per benchmark describes its options: the parser, --help and
 * the checks all read it, so an option is added in one place (fio's
 * struct fio_option is the model).  Each entry says where its value goes
 * (an offset into the benchmark's options struct), how to parse it, and
 * how to explain it.
 */
enum db_opt_type {
	DB_OPT_SET,		/* no argument: the bool becomes true */
	DB_OPT_CLEAR,		/* no argument: the bool becomes false */
	DB_OPT_STR,		/* const char *, as given */
	DB_OPT_SIZE,		/* uint64_t bytes: 4k, 2M, 1G */
	DB_OPT_DURATION,	/* uint64_t ns: 500ms, 5s ("0" if min is 0) */
	DB_OPT_U64,		/* uint64_t in [min, max] */
	DB_OPT_CHOICE,		/* an enum (int-sized): index into choices */
	DB_OPT_ACTION,		/* no argument: run action, exit 0 */
};

struct db_option {
	const char *name;	/* the long option, without "--" */
	enum db_opt_type type;
	size_t off;		/* where the value goes in the options struct */
	const char *arg;	/* the argument's name in --help: SIZE, N */
	const char *help;	/* what it does; --help wraps it */
	const char *def;	/* the default shown in --help, or NULL */
	const char *const *choices;	/* DB_OPT_CHOICE: NULL-terminated */
	uint64_t min, max;	/* DB_OPT_U64 (and DURATION: min 0 allows 0) */
	const char *alias;	/* an older spelling, still accepted */
	const char *group;	/* starts a --help section with this title */
	int (*action)(void);	/* DB_OPT_ACTION */
};

/* A benchmark's command line: its options and the words around them. */
struct db_opt_spec {
	const char *name;	/* the program, for --version */
	const char *usage;	/* what follows the name on the usage line */
	const char *summary;	/* what the program measures, one paragraph */
	const struct db_option *opts;	/* ends with an entry without name */
	const char *notes;	/* printed after the options, or NULL */
};

#define DB_OPT_MAX	64

/* monotonic, tsc: enum db_clock_source's names (timing.h), for --clock. */
extern const char *const db_clock_names[];

/*
 * The entries every benchmark has, at the offsets of its own struct:
 * where the result goes, and the timer.
 */
#define DB_OPT_ENTRY_OUTPUT(at_output, at_json)					\
	{ .group = "Output", .name = "output", .type = DB_OPT_STR,		\
	  .off = (at_output), .arg = "FILE",					\
	  .help = "write the JSON result to FILE (atomically)" },		\
	{ .name = "json", .type = DB_OPT_SET, .off = (at_json),		\
	  .help = "JSON on stdout instead of the table" }
#define DB_OPT_ENTRY_CLOCK(at)								\
	{ .name = "clock", .type = DB_OPT_CHOICE, .off = (at), .arg = "C",	\
	  .def = "monotonic", .choices = db_clock_names,			\
	  .help = "the timer of the measured loop" }

/*
 * Which options the command line gave, for checks that combine them:
 * 0 if not, else the position of its last appearance (1, 2, ...), so that
 * of two options that undo each other the later one can win.
 */
struct db_opt_given {
	const struct db_option *opts;
	unsigned int at[DB_OPT_MAX];
};

/*
 * Parse argv into @out.  --help (generated from the table) and --version
 * are always there and exit 0.  An option given twice takes the last
 * value (--help says so), as scripts that append an override rely on.
 * A bad value, an unknown option or a stray argument is a usage error:
 * the message names the option, and the program exits DB_EXIT_USAGE.
 */
void db_opt_parse(const struct db_opt_spec *s, int argc, char **argv,
		  void *out, struct db_opt_given *given);
/* 0 if @name was not given, else where it was last (see above). */
unsigned int db_opt_was_given(const struct db_opt_given *g, const char *name);

/* --help, generated from the table. */
void db_opt_help(const struct db_opt_spec *s, FILE *f);

/*
 * The one way a benchmark reports a usage error: "NAME: message",
 * "Try 'NAME --help'.", exit DB_EXIT_USAGE.
 */
void db_usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));
/* After a parser (parse.h) has said what was wrong: "Try", exit 2. */
void db_usage_try(void) __attribute__((noreturn));

#endif
