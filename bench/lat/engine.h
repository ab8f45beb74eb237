/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_LAT_ENGINE_H
#define DB_LAT_ENGINE_H

/*
 * The I/O engines of daxbench-lat, in the spirit of fio's engines/.
 *
 * psync is synchronous: its loop (psync.c) calls pread/pwrite itself,
 * so no function pointer sits between two clock reads.  The queued
 * engines (libaio, io_uring) share one loop (queue.c) and implement
 * three calls: prep() fills slot @slot with an operation, wait() submits
 * everything prepared and waits for at least one completion, and the
 * init()/exit() pair around them.  An engine that was not built in has
 * no calls, only the reason it is missing.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lat.h"

struct lat_engine_cfg {
	int fd;
	unsigned int qd;
	size_t bs;
	char *buf;		/* qd buffers, slot i at buf + i * stride */
	size_t stride;
	char *area;		/* the page-aligned area holding them */
	bool sqpoll;		/* io_uring only */
	enum lat_sync sync;	/* which sync a LAT_SYNC slot does */
};

/* One completion: the slot and what the operation returned (or -errno). */
struct lat_done {
	unsigned int slot;
	int64_t res;
};

struct lat_engine_ops {
	const char *name;
	const char *missing;	/* why it is not built in, or NULL */
	bool queued;
	/*
	 * Returns 0; or -1 with the reason in @why, and *refused set when
	 * the kernel refused (a result with status "unsupported").
	 */
	int (*init)(struct lat_engine *e, const struct lat_engine_cfg *cfg,
		    bool *refused, char *why, size_t whylen);
	void (*prep)(struct lat_engine *e, unsigned int slot,
		     enum lat_kind kind, uint64_t off);
	/* Submit what was prepared; wait for >= 1 completion: count or -errno. */
	int (*wait)(struct lat_engine *e, struct lat_done *done);
	void (*exit)(struct lat_engine *e);
};

struct lat_engine {
	const struct lat_engine_ops *ops;
	void *priv;
	unsigned int prepped;	/* prepared and not yet submitted */
};

extern const struct lat_engine_ops lat_psync_ops;
extern const struct lat_engine_ops lat_libaio_ops;
extern const struct lat_engine_ops lat_uring_ops;

/* The engine called @name (NULL-terminated list for --engine). */
extern const char *const lat_engine_names[];
const struct lat_engine_ops *lat_engine_get(enum lat_engine_id id);

#endif
