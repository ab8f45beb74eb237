/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_RESULT_H
#define DB_RESULT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <json-c/json.h>

#include "timing.h"

/*
 * One benchmark result in the project's schema (docs/results-format.md):
 * what ran (parameters and command line), where (environment), what was
 * measured (metrics with units, one value per repeat) and notes.
 */
#define DB_RESULT_SCHEMA	"daxbench-result"
/* The note of a result whose repeats daxbench run took in turn with other paths. */
#define DB_ALTERNATE_NOTE \
	"repeats measured one at a time, in turn with the same measurement on the run's other paths (daxbench run); command is one repeat's"

#define DB_RESULT_VERSION	2
/* Version 2 added instruction counts; version 1 results are still read. */
#define DB_RESULT_VERSION_MIN	1

enum db_better {
	DB_LOWER_IS_BETTER,
	DB_HIGHER_IS_BETTER,
	DB_NEITHER,	/* a count or state to compare, not to rank */
};

struct db_result;

struct db_result *db_result_new(const char *benchmark, int argc, char **argv);
void db_result_free(struct db_result *r);

/* Capture the environment, with the filesystem under @target if given. */
void db_result_set_env(struct db_result *r, const char *target);
void db_result_set_clock(struct db_result *r, const struct db_clock *c);

void db_result_param_str(struct db_result *r, const char *key, const char *v);
void db_result_param_int(struct db_result *r, const char *key, int64_t v);
void db_result_param_double(struct db_result *r, const char *key, double v);
void db_result_param_bool(struct db_result *r, const char *key, bool v);

/* Append one repeat's value of @metric; the first call fixes its unit. */
void db_result_add(struct db_result *r, const char *metric, const char *unit,
		   enum db_better better, double value);
/*
 * The samples behind the value just added for @metric (passes, slices or
 * pairs of this repeat, in time order): tested for drift within the
 * repeat when the result is written (bench/lib/stability.h).
 */
void db_result_add_samples(struct db_result *r, const char *metric,
			   const double *samples, size_t n);
/*
 * One repeat of a paired ratio: @ratios holds one ratio per pair (A and B
 * measured back to back).  Adds their median as the repeat's value and
 * the pairs as its samples; the result's "paired" object gives the
 * median of all pairs with its 95% confidence interval.
 */
void db_result_add_paired(struct db_result *r, const char *metric,
			  const char *unit, enum db_better better,
			  const double *ratios, size_t n);
/* The "stability" and "paired" objects of a metric (docs/results-format.md). */
struct db_stability;
struct json_object *db_stability_json(const struct db_stability *s);
struct json_object *db_paired_json(const double *pairs, size_t n);

void db_result_note(struct db_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "ok" (default), "unsupported" or "failed", with the reason. */
void db_result_status(struct db_result *r, const char *status,
		      const char *fmt, ...) __attribute__((format(printf, 3, 4)));

struct json_object *db_result_json(struct db_result *r);

/* Write to @path atomically (temp file + rename); "-" is stdout. */
int db_result_write(struct db_result *r, const char *path);
/* A table for people. */
void db_result_print(struct db_result *r, FILE *f);

/*
 * What every benchmark does at the end: the JSON to @output if given,
 * the JSON on stdout with @json, else (and also with @output) the table.
 */
int db_result_emit(struct db_result *r, const char *output, bool json);

/* The current UTC time as an ISO 8601 JSON string. */
struct json_object *db_json_time_now(void);

/* Write any JSON object to @path atomically. */
int db_json_write_atomic(struct json_object *o, const char *path);

/*
 * Before the run: can a result be written to @path?  Says why not,
 * naming --output, and returns -1; NULL and "-" always pass.
 */
int db_output_check(const char *path);

#endif
