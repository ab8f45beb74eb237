/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef DB_NOISE_H
#define DB_NOISE_H

/*
 * daxbench-noise: how steady is this machine?  A burst is one pass of
 * loads over a buffer (memory bandwidth) and a loop of getppid() calls
 * (the cheapest system call: scheduler and kernel-entry cost); bursts
 * back to back for a spot probe, or one per interval as a background
 * sampler beside a run (docs/running.md, "The noise probe").
 */
#include <stdbool.h>
#include <stdint.h>

#include "result.h"

struct nz_opts {
	uint64_t duration_ns;	/* spot probe: bursts back to back for this long */
	uint64_t interval_ns;	/* sampler: one burst per interval, until a signal */
	bool sample;
	uint64_t buffer;	/* bytes read per burst */
	uint64_t syscalls;	/* getppid() calls per burst */
	const char *output;
	bool json;
};

/* What one burst measured. */
struct nz_burst {
	double gbps;		/* one read pass over the buffer */
	double syscall_ns;	/* per getppid() */
	double on_cpu;		/* the burst's CPU time over its wall time */
};

struct nz_probe {
	struct nz_opts o;
	uint64_t *buf;
	uint64_t sink;
	struct nz_burst *b;
	size_t n, cap;
};

int nz_parse_args(int argc, char **argv, struct nz_opts *o);
/* The sampler's stopping signals, caught (call before anything else). */
void nz_catch_stop(void);
int nz_probe_init(struct nz_probe *p);
void nz_probe_free(struct nz_probe *p);
/* One burst, appended to p->b: 0, or -1 out of memory. */
int nz_burst(struct nz_probe *p);
/* The spot probe or the sampler, as the options say: 0 or -1. */
int nz_probe_run(struct nz_probe *p);
/* The bursts as a result: one value per burst, in time order. */
void nz_report(const struct nz_probe *p, struct db_result *r);

#endif
