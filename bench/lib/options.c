// SPDX-License-Identifier: GPL-2.0-only
/*
 * The option-table parser: getopt_long driven by a benchmark's table,
 * values parsed strictly (parse.c), --help written from the same table.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exitcode.h"
#include "options.h"
#include "parse.h"
#include "version.h"

#define HELP_COL	23	/* where the explanations start */
#define HELP_WIDTH	79

enum { OPT_HELP = 1, OPT_VERSION, OPT_TABLE = 256 };

const char *const db_clock_names[] = { "monotonic", "tsc", NULL };

void db_usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", program_invocation_short_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help'.\n", program_invocation_short_name);
	exit(DB_EXIT_USAGE);
}

void db_usage_try(void)
{
	fprintf(stderr, "Try '%s --help'.\n", program_invocation_short_name);
	exit(DB_EXIT_USAGE);
}

static size_t count(const struct db_option *o)
{
	size_t n = 0;

	while (o[n].name)
		n++;
	return n;
}

/* Print @text from column @col, wrapped at spaces before HELP_WIDTH. */
static void wrap(FILE *f, const char *text, int col)
{
	int at = col;

	while (*text) {
		size_t word = strcspn(text, " ");

		if (at > col && at + 1 + (int)word > HELP_WIDTH) {
			fprintf(f, "\n%*s", col, "");
			at = col;
		} else if (at > col) {
			fputc(' ', f);
			at++;
		}
		fprintf(f, "%.*s", (int)word, text);
		at += (int)word;
		text += word;
		text += strspn(text, " ");
	}
	fputc('\n', f);
}

static void help_one(FILE *f, const struct db_option *o)
{
	char label[64], text[1024];
	size_t len;
	int i;

	snprintf(label, sizeof(label), "  --%s%s%s", o->name,
		 o->arg ? " " : "", o->arg ? o->arg : "");
	len = 0;
	for (i = 0; o->choices && o->choices[i] && len < sizeof(text); i++)
		len += (size_t)snprintf(text + len, sizeof(text) - len, "%s%s",
					i ? "|" : "", o->choices[i]);
	if (len < sizeof(text))
		len += (size_t)snprintf(text + len, sizeof(text) - len, "%s%s",
					len ? ": " : "", o->help);
	if (o->def && len < sizeof(text))
		len += (size_t)snprintf(text + len, sizeof(text) - len,
					" [%s]", o->def);
	if (o->alias && len < sizeof(text))
		snprintf(text + len, sizeof(text) - len, " (also --%s)", o->alias);
	if ((int)strlen(label) >= HELP_COL - 1)
		fprintf(f, "%s\n%*s", label, HELP_COL, "");
	else
		fprintf(f, "%-*s", HELP_COL, label);
	wrap(f, text, HELP_COL);
}

void db_opt_help(const struct db_opt_spec *s, FILE *f)
{
	const struct db_option *o;

	fprintf(f, "Usage: %s %s\n", s->name, s->usage);
	wrap(f, s->summary, 0);
	for (o = s->opts; o->name; o++) {
		if (o->group)
			fprintf(f, "\n%s:\n", o->group);
		help_one(f, o);
	}
	fprintf(f, "  --help, --version\n\nAn option given twice takes its last value.\n");
	if (s->notes) {
		fputc('\n', f);
		fputs(s->notes, f);
	}
	fputc('\n', f);
	fputs(DB_EXIT_HELP, f);
}

static void put_bool(void *out, const struct db_option *o, bool v)
{
	memcpy((char *)out + o->off, &v, sizeof(v));
}

static int parse_value(const struct db_option *o, const char *spelt,
		       const char *arg, void *out)
{
	char opt[80];
	uint64_t v = 0;
	int c, ret = 0;

	/* The message names the option as the user spelt it (an alias too). */
	snprintf(opt, sizeof(opt), "--%s", spelt);
	switch (o->type) {
	case DB_OPT_SET:
	case DB_OPT_CLEAR:
		put_bool(out, o, o->type == DB_OPT_SET);
		return 0;
	case DB_OPT_STR:
		memcpy((char *)out + o->off, &arg, sizeof(arg));
		return 0;
	case DB_OPT_SIZE:
		ret = db_parse_size(opt, arg, &v);
		break;
	case DB_OPT_DURATION:
		if (o->min == 0 && !strcmp(arg, "0"))
			break;
		ret = db_parse_duration(opt, arg, &v);
		break;
	case DB_OPT_U64:
		ret = db_parse_u64(opt, arg, o->min, o->max ? o->max : UINT64_MAX,
				   &v);
		break;
	case DB_OPT_CHOICE:
		c = db_parse_choice(opt, arg, o->choices);
		if (c < 0)
			return -1;
		memcpy((char *)out + o->off, &c, sizeof(c));
		return 0;
	case DB_OPT_ACTION:
		exit(o->action() ? DB_EXIT_FAILED : DB_EXIT_OK);
	}
	if (!ret)
		memcpy((char *)out + o->off, &v, sizeof(v));
	return ret;
}

/* getopt's table: every name and alias, then --help and --version. */
static struct option *long_options(const struct db_option *opts, size_t n)
{
	struct option *lo = calloc(2 * n + 3, sizeof(*lo));
	size_t i, k = 0;

	if (!lo) {
		fprintf(stderr, "%s: out of memory\n", program_invocation_short_name);
		exit(DB_EXIT_FAILED);
	}
	for (i = 0; i < n; i++) {
		int has = opts[i].type == DB_OPT_SET || opts[i].type == DB_OPT_CLEAR ||
			  opts[i].type == DB_OPT_ACTION ? no_argument : required_argument;

		lo[k++] = (struct option){ opts[i].name, has, NULL, OPT_TABLE + (int)i };
		if (opts[i].alias)
			lo[k++] = (struct option){ opts[i].alias, has, NULL,
						   OPT_TABLE + (int)i };
	}
	lo[k++] = (struct option){ "help", no_argument, NULL, OPT_HELP };
	lo[k++] = (struct option){ "version", no_argument, NULL, OPT_VERSION };
	return lo;
}

void db_opt_parse(const struct db_opt_spec *s, int argc, char **argv,
		  void *out, struct db_opt_given *given)
{
	size_t n = count(s->opts);
	struct option *lo = long_options(s->opts, n);
	char *argv0 = argv[0];
	const struct db_option *o;
	unsigned int seen = 0;
	int c, at = 0;

	memset(given, 0, sizeof(*given));
	given->opts = s->opts;
	if (n > DB_OPT_MAX)
		abort();	/* a programming error: raise DB_OPT_MAX */
	/* getopt's messages name argv[0]: name the program, as ours do. */
	argv[0] = program_invocation_short_name;
	while ((c = getopt_long(argc, argv, "", lo, &at)) != -1) {
		if (c == OPT_HELP) {
			db_opt_help(s, stdout);
			exit(DB_EXIT_OK);
		}
		if (c == OPT_VERSION) {
			printf("%s %s\n", s->name, DB_VERSION);
			exit(DB_EXIT_OK);
		}
		if (c < OPT_TABLE)
			db_usage_try();
		o = &s->opts[c - OPT_TABLE];
		given->at[c - OPT_TABLE] = ++seen;
		if (parse_value(o, lo[at].name, optarg, out))
			db_usage_try();
	}
	argv[0] = argv0;
	free(lo);
	if (optind < argc)
		db_usage_error("unexpected argument '%s'", argv[optind]);
}

unsigned int db_opt_was_given(const struct db_opt_given *g, const char *name)
{
	size_t i;

	for (i = 0; g->opts[i].name; i++)
		if (!strcmp(g->opts[i].name, name))
			return g->at[i];
	return 0;
}
