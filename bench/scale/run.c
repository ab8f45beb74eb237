// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-scale: one measurement.  Fresh files every time (made, then
 * removed), so that every measurement faults the same way: a write
 * allocates each block of a sparse file, a read maps the data of a file
 * written beforehand.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "mapping.h"
#include "scale.h"
#include "target.h"

#define WRITE_CHUNK	(2u << 20)

/* The start line: every thread waits until all exist, then all go. */
struct gate {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int state;		/* 0 wait, 1 go, -1 give up */
};

struct worker {
	struct sc_run *r;
	struct sc_thread *out;
	struct gate *gate;
	char *base;		/* its region */
	int cpu;
};

/* One measurement's files and mappings: one of each, or one per thread. */
struct layout {
	unsigned int n;		/* files and mappings */
	struct db_target *t;
	char **map;
	uint64_t len;		/* bytes per file */
};

static volatile uint64_t sink;

/*
 * The measured region: one byte per page of the thread's region, nothing
 * else.  Instruction counts are taken around exactly this loop.
 */
static void __attribute__((noinline, no_sanitize("address")))
fault_region(volatile char *base, uint64_t len, uint64_t page, bool write)
{
	uint64_t off, sum = 0;

	if (write) {
		for (off = 0; off < len; off += page)
			base[off] = 0x5a;
		return;
	}
	for (off = 0; off < len; off += page)
		sum += (uint64_t)base[off];
	sink += sum;
}

static uint64_t thread_faults(uint64_t *major)
{
	struct rusage ru;

	getrusage(RUSAGE_THREAD, &ru);
	*major = (uint64_t)ru.ru_majflt;
	return (uint64_t)ru.ru_minflt + (uint64_t)ru.ru_majflt;
}

static int wait_gate(struct gate *g)
{
	int state;

	pthread_mutex_lock(&g->lock);
	while (!g->state)
		pthread_cond_wait(&g->cond, &g->lock);
	state = g->state;
	pthread_mutex_unlock(&g->lock);
	return state;
}

static void open_gate(struct gate *g, int state)
{
	pthread_mutex_lock(&g->lock);
	g->state = state;
	pthread_cond_broadcast(&g->cond);
	pthread_mutex_unlock(&g->lock);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	const struct sc_config *c = w->r->cfg;
	uint64_t f0, m0, f1, m1;
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(w->cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	if (wait_gate(w->gate) < 0)
		return NULL;
	f0 = thread_faults(&m0);
	w->out->start_ns = db_clock_ns(&w->r->clock);
	fault_region(w->base, c->region, w->r->page, c->op == SC_WRITE);
	w->out->end_ns = db_clock_ns(&w->r->clock);
	f1 = thread_faults(&m1);
	w->out->faults = f1 - f0;
	w->out->major = m1 - m0;
	return NULL;
}

static int fill(int fd, uint64_t len)
{
	static char buf[WRITE_CHUNK];
	uint64_t off;

	memset(buf, 0x5a, sizeof(buf));
	for (off = 0; off < len; off += WRITE_CHUNK)
		if (pwrite(fd, buf, WRITE_CHUNK, (off_t)off) != WRITE_CHUNK)
			return -1;
	return fsync(fd);
}

static int make_file(struct sc_run *r, struct db_target *t, uint64_t len)
{
	const struct sc_config *c = r->cfg;

	if (db_target_open(t, c->dir, NULL, false, 0))
		return -1;
	if (c->op == SC_WRITE ? ftruncate(t->fd, (off_t)len) : fill(t->fd, len)) {
		fprintf(stderr, "%s: preparing %s: %s\n",
			program_invocation_short_name, t->path, strerror(errno));
		return -1;
	}
	return 0;
}

static void layout_free(struct layout *l)
{
	unsigned int i;

	for (i = 0; i < l->n; i++) {
		if (l->map && l->map[i])
			munmap(l->map[i], l->len);
		if (l->t)
			db_target_close(&l->t[i]);
	}
	free(l->t);
	free(l->map);
}

static int layout_init(struct sc_run *r, struct layout *l, unsigned int nthreads)
{
	bool one = r->cfg->files == FILES_ONE;
	unsigned int i;
	void *p;

	l->n = one ? 1 : nthreads;
	l->len = r->cfg->region * (one ? nthreads : 1);
	l->t = calloc(l->n, sizeof(*l->t));
	l->map = calloc(l->n, sizeof(*l->map));
	if (!l->t || !l->map)
		return -1;
	for (i = 0; i < l->n; i++) {
		l->t[i].fd = -1;
		l->t[i].slot = -1;
	}
	for (i = 0; i < l->n; i++) {
		if (make_file(r, &l->t[i], l->len))
			return -1;
		p = db_map_aligned(l->t[i].fd, l->len, PROT_READ | PROT_WRITE,
				   MAP_SHARED, DB_SZ_2M, 0);
		if (p == MAP_FAILED) {
			fprintf(stderr, "%s: mmap %s: %s\n",
				program_invocation_short_name, l->t[i].path,
				strerror(errno));
			return -1;
		}
		l->map[i] = p;
	}
	return 0;
}

static char *region_of(const struct sc_run *r, const struct layout *l,
		       unsigned int i)
{
	if (r->cfg->files == FILES_ONE)
		return l->map[0] + (uint64_t)i * r->cfg->region;
	return l->map[i];
}

static int run_threads(struct sc_run *r, struct layout *l, struct sc_measure *m)
{
	struct worker *w = calloc(m->nthreads, sizeof(*w));
	pthread_t *tid = calloc(m->nthreads, sizeof(*tid));
	struct gate gate = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0 };
	unsigned int i, started = 0;
	int err = ENOMEM;

	for (i = 0; w && tid && i < m->nthreads; i++) {
		w[i] = (struct worker){ .r = r, .out = &m->t[i], .gate = &gate,
			.base = region_of(r, l, i), .cpu = r->cpus[i % r->ncpus] };
		err = pthread_create(&tid[i], NULL, worker_main, &w[i]);
		if (err)
			break;
		started++;
	}
	/* All or none: a missing thread would make the others' numbers lie. */
	open_gate(&gate, started == m->nthreads ? 1 : -1);
	for (i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	free(w);
	free(tid);
	if (started == m->nthreads)
		return 0;
	fprintf(stderr, "%s: starting %u threads: %s\n",
		program_invocation_short_name, m->nthreads, strerror(err));
	return -1;
}

int sc_measure(struct sc_run *r, struct sc_measure *m)
{
	struct layout l = { 0 };
	uint64_t first = UINT64_MAX, last = 0;
	unsigned int i;
	int ret = -1;

	memset(m->t, 0, m->nthreads * sizeof(*m->t));
	if (layout_init(r, &l, m->nthreads) == 0 && run_threads(r, &l, m) == 0)
		ret = 0;
	layout_free(&l);
	for (i = 0; i < m->nthreads; i++) {
		if (m->t[i].start_ns < first)
			first = m->t[i].start_ns;
		if (m->t[i].end_ns > last)
			last = m->t[i].end_ns;
	}
	m->wall_ns = last - first;
	return ret;
}
