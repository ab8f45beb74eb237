/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_LAT_H
#define DB_LAT_H

/*
 * daxbench-lat: the state shared by its files.  struct lat_opts is what
 * the user asked for; struct lat_ctx is everything the measured loop
 * touches, gathered in one place so that the loop reads no globals.
 */
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "hist.h"
#include "timing.h"

/* The operation patterns.  The loops are instantiated once per pattern. */
enum lat_pattern {
	LAT_PAT_READ,		/* sequential read, wrapping at the end */
	LAT_PAT_OVERWRITE,	/* sequential overwrite, wrapping */
	LAT_PAT_APPEND,		/* writes past the end: the file grows */
	LAT_PAT_RANDREAD,
	LAT_PAT_RANDWRITE,
	LAT_PAT_MIX,		/* random offsets, reads with probability mix% */
	LAT_NPATTERNS
};

/* What one operation is; each kind has its own histogram. */
enum lat_kind {
	LAT_READ,
	LAT_WRITE,
	LAT_SYNC,		/* fdatasync or fsync */
	LAT_NKINDS
};

enum lat_sync {
	LAT_SYNC_NONE,
	LAT_SYNC_FDATASYNC,
	LAT_SYNC_FSYNC,
	LAT_SYNC_O_DSYNC,
	LAT_SYNC_O_SYNC,
};

enum lat_engine_id {
	LAT_ENGINE_PSYNC,
	LAT_ENGINE_LIBAIO,
	LAT_ENGINE_IO_URING,
};

struct lat_opts {
	enum lat_engine_id engine;
	enum lat_pattern pattern;
	enum lat_sync sync;
	bool direct;
	bool verify;
	bool sqpoll;
	bool keep;
	bool json;
	bool size_given;
	enum db_clock_source clock;
	uint64_t bs;
	uint64_t size;
	uint64_t qd;
	uint64_t mix;		/* percent of reads for LAT_PAT_MIX */
	uint64_t sync_every;
	uint64_t ops;		/* 0: run for duration_ns */
	uint64_t duration_ns;
	uint64_t warmup_ns;
	uint64_t repeats;
	uint64_t seed;
	uint64_t buffer_offset;
	const char *dir;
	const char *file;
	const char *output;
};

/* The offset and kind generator; see ops.h. */
struct lat_gen {
	uint64_t rng;		/* splitmix64 state */
	uint64_t next_off;	/* sequential patterns and append */
	uint64_t last_off;	/* sequential: the last block's offset */
	uint64_t nblocks;	/* random: offsets are block * bs */
	uint64_t bs;
	uint64_t mix;		/* percent of reads */
	uint64_t writes_left;	/* until the next sync; UINT64_MAX: never */
	uint64_t sync_every;
};

/* Why the loop stopped early, for the message. */
struct lat_error {
	enum lat_kind kind;
	uint64_t off;
	ssize_t ret;		/* what the call returned (-errno if async) */
	int err;		/* errno */
};

struct lat_ctx {
	/* the I/O */
	int fd;
	char *buf;		/* qd buffers of stride bytes each */
	size_t stride;
	size_t bs;
	unsigned int qd;
	int (*sync_fn)(int fd);	/* fdatasync or fsync (psync engine) */
	struct lat_gen gen;
	const struct db_clock *clock;

	/* stop when either is reached */
	uint64_t max_ops;	/* data operations (reads + writes) */
	uint64_t deadline_ns;

	/* results of one call of a loop */
	struct db_hist hist[LAT_NKINDS];
	uint64_t start_ns, end_ns;
	uint64_t clock_reads;	/* in the measured loop, for the overhead */
	struct lat_error error;
	bool failed;

	/* --verify only */
	uint64_t seed;
	uint64_t verify_bad;	/* bytes that matched no pattern */
};

/* The measured loops: 0, or -1 with c->error filled in. */
int lat_psync_run(struct lat_ctx *c, enum lat_pattern pat, bool verify);
struct lat_engine;
int lat_queue_run(struct lat_ctx *c, struct lat_engine *e,
		  enum lat_pattern pat, bool verify);

#endif
