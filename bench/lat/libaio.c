// SPDX-License-Identifier: GPL-2.0-only
/*
 * The libaio engine: io_submit(2) and io_getevents(2).  Linux AIO is
 * asynchronous only for O_DIRECT; on a buffered (or DAX) file io_submit
 * does the copy before it returns, as fio's documentation says too.
 */
#include <errno.h>
#include <libaio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

struct aio_priv {
	io_context_t ctx;
	int fd;
	size_t bs;
	char *buf;
	size_t stride;
	enum lat_sync sync;
	struct iocb *iocbs;		/* one per slot */
	struct iocb **pending;		/* prepared, not yet submitted */
	struct io_event *events;
	unsigned int qd;
};

static int aio_init(struct lat_engine *e, const struct lat_engine_cfg *cfg,
		    bool *refused, char *why, size_t whylen)
{
	struct aio_priv *p = calloc(1, sizeof(*p));
	int ret;

	if (!p) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	p->fd = cfg->fd;
	p->bs = cfg->bs;
	p->buf = cfg->buf;
	p->stride = cfg->stride;
	p->sync = cfg->sync;
	p->qd = cfg->qd;
	p->iocbs = calloc(cfg->qd, sizeof(*p->iocbs));
	p->pending = calloc(cfg->qd, sizeof(*p->pending));
	p->events = calloc(cfg->qd, sizeof(*p->events));
	e->priv = p;
	if (!p->iocbs || !p->pending || !p->events) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	ret = io_setup((int)cfg->qd, &p->ctx);
	if (ret < 0) {
		/* ENOSYS: no AIO in the kernel; EAGAIN: over fs.aio-max-nr */
		*refused = true;
		snprintf(why, whylen, "io_setup(%u): %s%s", cfg->qd,
			 strerror(-ret), ret == -EAGAIN ?
			 " (queue depth above /proc/sys/fs/aio-max-nr?)" : "");
		return -1;
	}
	return 0;
}

static void aio_prep(struct lat_engine *e, unsigned int slot,
		     enum lat_kind kind, uint64_t off)
{
	struct aio_priv *p = e->priv;
	struct iocb *cb = &p->iocbs[slot];
	char *buf = p->buf + slot * p->stride;

	if (kind == LAT_READ)
		io_prep_pread(cb, p->fd, buf, p->bs, (long long)off);
	else if (kind == LAT_WRITE)
		io_prep_pwrite(cb, p->fd, buf, p->bs, (long long)off);
	else if (p->sync == LAT_SYNC_FSYNC)
		io_prep_fsync(cb, p->fd);
	else
		io_prep_fdsync(cb, p->fd);
	cb->data = (void *)(uintptr_t)slot;
	p->pending[e->prepped++] = cb;
}

static int aio_wait(struct lat_engine *e, struct lat_done *done)
{
	struct aio_priv *p = e->priv;
	unsigned int sent = 0;
	int i, n;

	while (sent < e->prepped) {
		n = io_submit(p->ctx, e->prepped - sent, p->pending + sent);
		if (n <= 0)
			return n < 0 ? n : -EAGAIN;
		sent += (unsigned int)n;
	}
	e->prepped = 0;
	do {
		n = io_getevents(p->ctx, 1, p->qd, p->events, NULL);
	} while (n == -EINTR);
	for (i = 0; i < n; i++) {
		done[i].slot = (unsigned int)(uintptr_t)p->events[i].data;
		/* res is unsigned long; a negative errno comes back wrapped */
		done[i].res = (int64_t)(long)p->events[i].res;
	}
	return n;
}

static void aio_exit(struct lat_engine *e)
{
	struct aio_priv *p = e->priv;

	if (!p)
		return;
	if (p->ctx)
		io_destroy(p->ctx);
	free(p->iocbs);
	free(p->pending);
	free(p->events);
	free(p);
	e->priv = NULL;
}

const struct lat_engine_ops lat_libaio_ops = {
	.name = "libaio",
	.queued = true,
	.init = aio_init,
	.prep = aio_prep,
	.wait = aio_wait,
	.exit = aio_exit,
};
