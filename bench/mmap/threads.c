// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-mmap: pinned threads running passes over their regions.
 *
 * A pass is every thread sweeping its region once, all at the same time:
 * the threads meet at a barrier before and after each pass, and thread 0
 * decides between passes whether to stop (a number of passes, or enough
 * measured time).  A pass counts from the first thread's start to the
 * last thread's end, so an imbalance between threads costs throughput as
 * it would in an application.  With --cold, thread 0 drops the mapping's
 * page tables (MADV_DONTNEED keeps a shared file's data) before each pass,
 * outside the measured time, so that every pass takes its page faults;
 * each thread counts its own with getrusage(RUSAGE_THREAD).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>

#include "mmap.h"

struct worker {
	struct ctl *ctl;
	unsigned int id;
	pthread_t thread;
	uint64_t t0, t1;	/* this pass */
	uint64_t busy_ns, cpu_ns, blocks, minflt, majflt;
	uint64_t first_sum;
	volatile uint64_t sink;	/* the loads' sum is stored: never dropped */
	int err;
};

struct ctl {
	struct mm_run *run;
	pthread_barrier_t barrier;
	bool stop;		/* written by thread 0 between barriers */
	struct worker *w;
	/* The gate: no worker starts until all were created. */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int gate;		/* 0 closed, 1 go, -1 give up */
};

/* One sweep of the thread's region; 0 or an errno value. */
static int run_pass(const struct mm_run *run, struct worker *w, uint64_t *sum)
{
	const struct mm_kernel *k = run->k;
	const struct mm_region *r = &run->layout->region[w->id];
	char *base = run->mem->base + r->offset;
	uint64_t bs = k->block, word0 = run->tags->write + r->offset / 8;
	void *buf = run->buf ? run->buf[w->id] : NULL;
	uint64_t i, b, s = 0;
	char *p;
	int err;

	for (i = 0; i < r->nblocks; i++) {
		b = r->order ? r->order[i] : i;
		p = base + b * bs;
		switch (k->op) {
		case MM_READ:
			s += k->read(p, bs);
			continue;
		case MM_COPY_OUT:
			k->copy(buf, p, bs);
			continue;
		case MM_WRITE:
			k->write(p, bs, word0 + b * bs / 8);
			break;
		case MM_COPY_IN:
			k->copy(p, buf, bs);
			break;
		}
		if (k->persist) {
			err = k->persist(p, bs);
			if (err)
				return err;
		}
	}
	*sum = s;
	return 0;
}

/* CPU time of the calling thread: less than the wall time if preempted. */
static uint64_t thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void thread_faults(uint64_t *minflt, uint64_t *majflt)
{
	struct rusage ru;

	getrusage(RUSAGE_THREAD, &ru);
	*minflt = (uint64_t)ru.ru_minflt;
	*majflt = (uint64_t)ru.ru_majflt;
}

/* Thread 0, after a pass: account for it and decide whether to go on. */
static void end_of_pass(struct ctl *c)
{
	struct mm_run *run = c->run;
	uint64_t start = UINT64_MAX, end = 0;
	unsigned int i;
	bool failed = false;

	for (i = 0; i < run->layout->threads; i++) {
		struct worker *w = &c->w[i];

		if (w->t0 < start)
			start = w->t0;
		if (w->t1 > end)
			end = w->t1;
		failed |= w->err != 0;
	}
	run->wall_ns += end - start;
	run->done_passes++;
	c->stop = failed ||
		  (run->passes && run->done_passes >= run->passes) ||
		  (run->duration_ns && run->wall_ns >= run->duration_ns);
}

/* Wait until every worker exists; false if the run was abandoned. */
static bool wait_gate(struct ctl *c)
{
	int gate;

	pthread_mutex_lock(&c->lock);
	while (!c->gate)
		pthread_cond_wait(&c->cond, &c->lock);
	gate = c->gate;
	pthread_mutex_unlock(&c->lock);
	return gate > 0;
}

static void open_gate(struct ctl *c, int how)
{
	pthread_mutex_lock(&c->lock);
	c->gate = how;
	pthread_cond_broadcast(&c->cond);
	pthread_mutex_unlock(&c->lock);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct ctl *c = w->ctl;
	const struct mm_run *run = c->run;
	uint64_t min0, maj0, min1, maj1, cpu0, sum = 0;
	bool first = true;
	int err;

	if (!wait_gate(c))
		return NULL;
	for (;;) {
		pthread_barrier_wait(&c->barrier);
		if (c->stop)
			break;
		if (run->cold) {
			if (w->id == 0 &&
			    madvise(run->mem->base, run->mem->len, MADV_DONTNEED))
				w->err = errno;
			pthread_barrier_wait(&c->barrier);
		}
		thread_faults(&min0, &maj0);
		cpu0 = thread_cpu_ns();
		w->t0 = db_clock_ns(run->clock);
		err = run_pass(run, w, &sum);
		w->t1 = db_clock_ns(run->clock);
		w->cpu_ns += thread_cpu_ns() - cpu0;
		thread_faults(&min1, &maj1);
		if (err && !w->err)
			w->err = err;
		w->busy_ns += w->t1 - w->t0;
		w->blocks += run->layout->region[w->id].nblocks;
		w->minflt += min1 - min0;
		w->majflt += maj1 - maj0;
		w->sink = sum;
		if (first)
			w->first_sum = sum;
		first = false;
		pthread_barrier_wait(&c->barrier);
		if (w->id == 0)
			end_of_pass(c);
	}
	return NULL;
}

/* Create the workers, each pinned from birth; returns how many exist. */
static unsigned int start_workers(struct ctl *c, unsigned int n)
{
	struct mm_run *run = c->run;
	pthread_attr_t attr;
	cpu_set_t set;
	unsigned int i;
	int cpu, err;

	for (i = 0; i < n; i++) {
		c->w[i].ctl = c;
		c->w[i].id = i;
		cpu = run->cpus[i % (unsigned int)run->ncpus];
		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		pthread_attr_init(&attr);
		err = pthread_attr_setaffinity_np(&attr, sizeof(set), &set);
		if (!err)
			err = pthread_create(&c->w[i].thread, &attr, worker_main,
					     &c->w[i]);
		pthread_attr_destroy(&attr);
		if (err) {
			snprintf(run->why, sizeof(run->why),
				 "starting thread %u pinned to CPU %d: %s", i,
				 cpu, strerror(err));
			break;
		}
	}
	return i;
}

static void collect(struct mm_run *run, const struct ctl *c)
{
	unsigned int i;

	for (i = 0; i < run->layout->threads; i++) {
		const struct worker *w = &c->w[i];

		run->busy_ns += w->busy_ns;
		run->cpu_ns += w->cpu_ns;
		run->blocks += w->blocks;
		run->minflt += w->minflt;
		run->majflt += w->majflt;
		if (run->first_sum)
			run->first_sum[i] = w->first_sum;
		if (w->err && !run->err) {
			run->err = w->err;
			snprintf(run->why, sizeof(run->why),
				 "thread %u on the %s memory: %s", i,
				 run->mem->name, strerror(w->err));
		}
	}
	run->bytes = run->blocks * run->layout->block;
}

int mm_run_measure(struct mm_run *run)
{
	unsigned int i, n = run->layout->threads, started;
	struct ctl c = { .run = run };

	run->done_passes = run->wall_ns = run->busy_ns = run->blocks = 0;
	run->cpu_ns = 0;
	run->minflt = run->majflt = 0;
	run->err = 0;
	run->why[0] = '\0';
	c.w = calloc(n, sizeof(*c.w));
	if (!c.w) {
		snprintf(run->why, sizeof(run->why), "out of memory");
		return -1;
	}
	pthread_mutex_init(&c.lock, NULL);
	pthread_cond_init(&c.cond, NULL);
	pthread_barrier_init(&c.barrier, NULL, n);
	started = start_workers(&c, n);
	open_gate(&c, started == n ? 1 : -1);
	for (i = 0; i < started; i++)
		pthread_join(c.w[i].thread, NULL);
	pthread_barrier_destroy(&c.barrier);
	pthread_cond_destroy(&c.cond);
	pthread_mutex_destroy(&c.lock);
	if (started == n)
		collect(run, &c);
	else
		run->err = EAGAIN;
	free(c.w);
	return run->err ? -1 : 0;
}
