// SPDX-License-Identifier: GPL-2.0-only
/*
 * The io_uring engine (liburing).  The file and the buffers are
 * registered, so that the kernel takes no file reference and pins no
 * page per operation (IOSQE_FIXED_FILE, IORING_OP_READ_FIXED and
 * WRITE_FIXED); --sqpoll adds a kernel thread that polls the submission
 * queue, so that a submission needs no system call.  A sync is
 * IORING_OP_FSYNC with IOSQE_IO_DRAIN: it starts after everything
 * submitted before it has completed.
 */
#include <errno.h>
#include <liburing.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#include "engine.h"

#define SQPOLL_IDLE_MS	1000

struct uring_priv {
	struct io_uring ring;
	bool ring_up;
	size_t bs;
	char *buf;
	size_t stride;
	unsigned int fsync_flags;
	unsigned int qd;
	struct io_uring_cqe **cqes;
};

static int refuse(bool *refused, char *why, size_t whylen, const char *what,
		  int err)
{
	*refused = true;
	snprintf(why, whylen, "%s: %s%s", what, strerror(err),
		 err == ENOMEM ? " (registered buffers count against "
				 "RLIMIT_MEMLOCK: raise ulimit -l)" :
		 err == EPERM ? " (io_uring disabled by kernel.io_uring_disabled, "
				"or --sqpoll needs privileges on this kernel)" : "");
	return -1;
}

static int register_all(struct uring_priv *p, const struct lat_engine_cfg *cfg,
			bool *refused, char *why, size_t whylen)
{
	struct iovec *iov = calloc(cfg->qd, sizeof(*iov));
	unsigned int i;
	int ret;

	if (!iov) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	for (i = 0; i < cfg->qd; i++) {
		iov[i].iov_base = cfg->area + i * cfg->stride;
		iov[i].iov_len = cfg->stride;
	}
	ret = io_uring_register_buffers(&p->ring, iov, cfg->qd);
	free(iov);
	if (ret < 0)
		return refuse(refused, why, whylen, "io_uring_register_buffers", -ret);
	ret = io_uring_register_files(&p->ring, &cfg->fd, 1);
	if (ret < 0)
		return refuse(refused, why, whylen, "io_uring_register_files", -ret);
	return 0;
}

static int uring_init(struct lat_engine *e, const struct lat_engine_cfg *cfg,
		      bool *refused, char *why, size_t whylen)
{
	struct uring_priv *p = calloc(1, sizeof(*p));
	struct io_uring_params params;
	int ret;

	if (!p) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	e->priv = p;
	p->bs = cfg->bs;
	p->buf = cfg->buf;
	p->stride = cfg->stride;
	p->qd = cfg->qd;
	p->fsync_flags = cfg->sync == LAT_SYNC_FSYNC ? 0 : IORING_FSYNC_DATASYNC;
	p->cqes = calloc(cfg->qd, sizeof(*p->cqes));
	if (!p->cqes) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	memset(&params, 0, sizeof(params));
	if (cfg->sqpoll) {
		params.flags |= IORING_SETUP_SQPOLL;
		params.sq_thread_idle = SQPOLL_IDLE_MS;
	}
	ret = io_uring_queue_init_params(2 * cfg->qd, &p->ring, &params);
	if (ret < 0)
		return refuse(refused, why, whylen, cfg->sqpoll ?
			      "io_uring_queue_init (IORING_SETUP_SQPOLL)" :
			      "io_uring_queue_init", -ret);
	p->ring_up = true;
	return register_all(p, cfg, refused, why, whylen);
}

/*
 * At most qd operations are in flight and the ring has 2 * qd entries, so
 * without SQPOLL there is always room.  With SQPOLL the kernel thread
 * frees entries when it commits a batch, which can be after the
 * completions of that batch were posted: wait for it then.
 */
static struct io_uring_sqe *get_sqe(struct uring_priv *p)
{
	struct io_uring_sqe *sqe;

	while (!(sqe = io_uring_get_sqe(&p->ring)))
		if (io_uring_sqring_wait(&p->ring) < 0)
			abort();	/* only for a ring that is not SQPOLL */
	return sqe;
}

static void uring_prep(struct lat_engine *e, unsigned int slot,
		       enum lat_kind kind, uint64_t off)
{
	struct uring_priv *p = e->priv;
	struct io_uring_sqe *sqe = get_sqe(p);
	char *buf = p->buf + slot * p->stride;

	if (kind == LAT_READ)
		io_uring_prep_read_fixed(sqe, 0, buf, (unsigned int)p->bs, off,
					 (int)slot);
	else if (kind == LAT_WRITE)
		io_uring_prep_write_fixed(sqe, 0, buf, (unsigned int)p->bs, off,
					  (int)slot);
	else
		io_uring_prep_fsync(sqe, 0, p->fsync_flags);
	sqe->flags |= IOSQE_FIXED_FILE;
	if (kind == LAT_SYNC)
		sqe->flags |= IOSQE_IO_DRAIN;
	io_uring_sqe_set_data64(sqe, slot);
	e->prepped++;
}

static int uring_wait(struct lat_engine *e, struct lat_done *done)
{
	struct uring_priv *p = e->priv;
	unsigned int i, n;
	int ret;

	/* one io_uring_enter: submit what was prepared and wait for one */
	do {
		ret = io_uring_submit_and_wait(&p->ring, 1);
	} while (ret == -EINTR);
	if (ret < 0)
		return ret;
	e->prepped = 0;
	n = io_uring_peek_batch_cqe(&p->ring, p->cqes, p->qd);
	for (i = 0; i < n; i++) {
		done[i].slot = (unsigned int)io_uring_cqe_get_data64(p->cqes[i]);
		done[i].res = p->cqes[i]->res;
	}
	io_uring_cq_advance(&p->ring, n);
	return (int)n;
}

static void uring_exit(struct lat_engine *e)
{
	struct uring_priv *p = e->priv;

	if (!p)
		return;
	if (p->ring_up)
		io_uring_queue_exit(&p->ring);
	free(p->cqes);
	free(p);
	e->priv = NULL;
}

const struct lat_engine_ops lat_uring_ops = {
	.name = "io_uring",
	.queued = true,
	.init = uring_init,
	.prep = uring_prep,
	.wait = uring_wait,
	.exit = uring_exit,
};
