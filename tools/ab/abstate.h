/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_ABSTATE_H
#define DB_ABSTATE_H

#include <stddef.h>

/*
 * The state of an A/B, as daxbench ab (the shell) records it in
 * AB_DIR/ab.state while it runs: one fact a line, fields separated by
 * tabs.  Read strictly, never executed.
 *
 *   daxbench-ab	1
 *   status	running | complete | incomplete
 *   reason	TEXT			(why incomplete)
 *   KEY	VALUE			(profile, rounds, command, started,
 *					 finished, machine.*)
 *   side	base|test	KEY	VALUE	(spec, kind, release, ...)
 *   round	N	base|test	STATUS	RUN_DIR	SECONDS
 */
#define AB_STATE_MAGIC	"daxbench-ab"
#define AB_STATE_VERSION	1

struct ab_kv {
	char *key;
	char *value;
};

struct ab_kvs {
	struct ab_kv *kv;
	size_t n;
};

enum ab_side { AB_BASE, AB_TEST, AB_NSIDES };

struct ab_round {
	int n;			/* 1-based round number */
	enum ab_side side;
	char *status;		/* ok, failed, interrupted */
	char *run_dir;		/* relative to the A/B directory */
	double seconds;		/* wall time of the round, NAN if unknown */
};

struct ab_state {
	struct ab_kvs top;	/* status, reason, profile, machine.*, ... */
	struct ab_kvs side[AB_NSIDES];
	struct ab_round *rounds;
	size_t nrounds;
};

/* Read @path.  Returns 0, or -1 after saying why (file and line). */
int ab_state_read(const char *path, struct ab_state *st);
void ab_state_free(struct ab_state *st);
/* The value of @key, or NULL. */
const char *ab_kv_get(const struct ab_kvs *kvs, const char *key);
const char *ab_side_name(enum ab_side s);	/* "base", "test" */
const char *ab_side_label(enum ab_side s);	/* "BASE", "TEST" */

#endif
