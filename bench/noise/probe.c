// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-noise: the bursts, back to back or one per interval.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "noise.h"
#include "timing.h"

static volatile sig_atomic_t stop;

static void on_stop(int sig)
{
	(void)sig;
	stop = 1;
}

static uint64_t thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int nz_probe_init(struct nz_probe *p)
{
	uint64_t i, words = p->o.buffer / sizeof(*p->buf);

	p->buf = mmap(NULL, p->o.buffer, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p->buf == MAP_FAILED) {
		p->buf = NULL;
		fprintf(stderr, "%s: --buffer: cannot map %llu bytes: %s\n",
			program_invocation_short_name,
			(unsigned long long)p->o.buffer, strerror(errno));
		return -1;
	}
	/* Written once, so that every pass reads real pages. */
	for (i = 0; i < words; i++)
		p->buf[i] = i;
	return 0;
}

void nz_probe_free(struct nz_probe *p)
{
	if (p->buf)
		munmap(p->buf, p->o.buffer);
	free(p->b);
}

/* One read pass; the sum goes to p->sink so the loads are not elided. */
static double read_pass(struct nz_probe *p)
{
	uint64_t i, words = p->o.buffer / sizeof(*p->buf), sum = 0, t0, t1;

	t0 = db_monotonic_ns();
	for (i = 0; i < words; i++)
		sum += ((volatile uint64_t *)p->buf)[i];
	t1 = db_monotonic_ns();
	p->sink += sum;
	return t1 > t0 ? (double)p->o.buffer / (double)(t1 - t0) : 0;
}

static double syscall_loop(const struct nz_probe *p)
{
	uint64_t i, t0, t1;

	t0 = db_monotonic_ns();
	for (i = 0; i < p->o.syscalls; i++)
		syscall(SYS_getppid);
	t1 = db_monotonic_ns();
	return (double)(t1 - t0) / (double)p->o.syscalls;
}

int nz_burst(struct nz_probe *p)
{
	uint64_t c0, w0, c1, w1;
	struct nz_burst b, *nb;

	c0 = thread_cpu_ns();
	w0 = db_monotonic_ns();
	b.gbps = read_pass(p);
	b.syscall_ns = syscall_loop(p);
	c1 = thread_cpu_ns();
	w1 = db_monotonic_ns();
	b.on_cpu = w1 > w0 ? (double)(c1 - c0) / (double)(w1 - w0) : 1;
	if (b.on_cpu > 1)
		b.on_cpu = 1;	/* the two clocks' granularity */
	if (p->n == p->cap) {
		nb = realloc(p->b, (p->cap ? 2 * p->cap : 256) * sizeof(*nb));
		if (!nb)
			return -1;
		p->b = nb;
		p->cap = p->cap ? 2 * p->cap : 256;
	}
	p->b[p->n++] = b;
	return 0;
}

static void sleep_ns(uint64_t ns)
{
	struct timespec ts = {
		.tv_sec = (time_t)(ns / 1000000000ull),
		.tv_nsec = (long)(ns % 1000000000ull),
	};

	/* A signal ends the sleep early: the loop then sees stop. */
	nanosleep(&ts, NULL);
}

/*
 * The sampler stops at SIGTERM, SIGINT or SIGHUP and still writes what it
 * measured: caught from the start, so that a run that stops the sampler
 * at once gets a result too (with no bursts, and a note saying so).
 */
void nz_catch_stop(void)
{
	struct sigaction sa = { .sa_handler = on_stop };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* One burst per interval, at a cost of a burst's milliseconds each. */
static int sample(struct nz_probe *p)
{
	uint64_t next = db_monotonic_ns(), now;

	/* One burst even when stopped at once: a sampler always says something. */
	for (;;) {
		if (nz_burst(p))
			return -1;
		if (stop)
			return 0;
		next += p->o.interval_ns;
		now = db_monotonic_ns();
		if (next > now)
			sleep_ns(next - now);
		else
			next = now;	/* a burst longer than the interval */
		if (stop)
			return 0;
	}
}

int nz_probe_run(struct nz_probe *p)
{
	uint64_t end;
	int ret = 0;

	/* The first pass faults nothing in (init wrote it) but warms the TLB. */
	read_pass(p);
	if (p->o.sample)
		ret = sample(p);
	else
		for (end = db_monotonic_ns() + p->o.duration_ns;
		     !ret && (p->n < 3 || db_monotonic_ns() < end);)
			ret = nz_burst(p);
	if (ret)
		fprintf(stderr, "%s: out of memory for bursts\n",
			program_invocation_short_name);
	return ret;
}
