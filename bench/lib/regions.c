// SPDX-License-Identifier: GPL-2.0-only
/*
 * Measured regions: ids, markers, units, and the hardware instruction
 * counters of a machine with a PMU.  See regions.h.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <linux/perf_event.h>

#include "regions.h"

static const char *const unit_names[] = { "fault", "4k", "io", "block" };
#define NUNITS	(sizeof(unit_names) / sizeof(unit_names[0]))

struct region {
	uint64_t id;
	int repeat;
	double units[NUNITS];		/* < 0: not said */
	uint64_t pmu[2];		/* user, kernel instructions */
	int pmu_ok;
};

struct db_regions {
	struct region *v;
	size_t n, cap;
	uint32_t seq;
	int fd[2];			/* user, kernel counters; -1: none */
	char pmu_why[160];
	uint64_t start[2];
	int started;
	int fifo;			/* made SCHED_FIFO for the plugin */
};

static int open_counter(int exclude_kernel)
{
	struct perf_event_attr a;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.type = PERF_TYPE_HARDWARE;
	a.config = PERF_COUNT_HW_INSTRUCTIONS;
	a.exclude_kernel = exclude_kernel;
	a.exclude_user = !exclude_kernel;
	a.exclude_hv = 1;
	/* Threads a region starts and joins (daxbench-mmap's) count too:
	 * an exited child's count is added to ours. */
	a.inherit = 1;
	return (int)syscall(SYS_perf_event_open, &a, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
}

static void open_pmu(struct db_regions *rg)
{
	int i;

	rg->fd[0] = open_counter(1);
	if (rg->fd[0] < 0) {
		snprintf(rg->pmu_why, sizeof(rg->pmu_why),
			 "no PMU here: perf_event_open(PERF_COUNT_HW_INSTRUCTIONS) for user mode: %s",
			 strerror(errno));
		return;
	}
	rg->fd[1] = open_counter(0);
	if (rg->fd[1] < 0) {
		snprintf(rg->pmu_why, sizeof(rg->pmu_why),
			 "perf_event_open(PERF_COUNT_HW_INSTRUCTIONS) for kernel mode: %s (perf_event_paranoid?)",
			 strerror(errno));
		for (i = 0; i < 2; i++)
			if (rg->fd[i] >= 0)
				close(rg->fd[i]);
		rg->fd[0] = rg->fd[1] = -1;
	}
}

/* Room for the next region, made outside any measured window. */
static void grow(struct db_regions *rg)
{
	size_t cap = rg->cap ? rg->cap * 2 : 16;
	struct region *v;

	if (rg->n < rg->cap)
		return;
	v = realloc(rg->v, cap * sizeof(*v));
	if (!v)
		return;
	memset(v + rg->cap, 0, (cap - rg->cap) * sizeof(*v));
	rg->v = v;
	rg->cap = cap;
}

/*
 * The QEMU plugin counts what its one vCPU runs, whichever task that is.
 * In a counting guest (DAXBENCH_INSNS=tcg-plugin, set by daxbench vm)
 * the benchmark runs SCHED_FIFO, so that no ordinary task (the shell
 * that started it, finishing its own work after fork) runs inside its
 * regions; interrupts and kernel threads at real-time priority still do.
 * 1 when done.
 */
int db_regions_exclusive(void)
{
	const char *s = getenv("DAXBENCH_INSNS");
	struct sched_param sp = { .sched_priority = 1 };

	if (!s || strcmp(s, "tcg-plugin"))
		return 0;
	return sched_setscheduler(0, SCHED_FIFO, &sp) == 0;
}

struct db_regions *db_regions_new(void)
{
	struct db_regions *rg = calloc(1, sizeof(*rg));

	if (!rg)
		return NULL;
	grow(rg);
	rg->fd[0] = rg->fd[1] = -1;
	open_pmu(rg);
	rg->fifo = db_regions_exclusive();
	return rg;
}

void db_regions_free(struct db_regions *rg)
{
	int i;

	if (!rg)
		return;
	for (i = 0; i < 2; i++)
		if (rg->fd[i] >= 0)
			close(rg->fd[i]);
	free(rg->v);
	free(rg);
}

static int read_pmu(struct db_regions *rg, uint64_t v[2])
{
	int i;

	for (i = 0; i < 2; i++)
		if (read(rg->fd[i], &v[i], sizeof(v[i])) != sizeof(v[i]))
			return -1;
	return 0;
}

void db_region_begin(struct db_regions *rg)
{
	struct region *r;

	/* Room was made before: no allocation, no page fault, here. */
	if (!rg || rg->n == rg->cap)
		return;
	r = &rg->v[rg->n];
	memset(r, 0, sizeof(*r));
	/* Unique within a boot: no two live processes share a pid. */
	r->id = (uint64_t)getpid() << 32 | ++rg->seq;
	rg->started = rg->fd[0] < 0 || !read_pmu(rg, rg->start) ? 1 : 2;
	db_region_mark_start(r->id);
}

void db_region_end(struct db_regions *rg, int repeat)
{
	struct region *r;
	uint64_t now[2];
	size_t u;

	db_region_mark_end();
	if (!rg || !rg->started)
		return;
	r = &rg->v[rg->n++];
	r->repeat = repeat;
	for (u = 0; u < NUNITS; u++)
		r->units[u] = -1;
	if (rg->fd[0] >= 0 && rg->started == 1 && !read_pmu(rg, now)) {
		r->pmu[0] = now[0] - rg->start[0];
		r->pmu[1] = now[1] - rg->start[1];
		r->pmu_ok = 1;
	}
	rg->started = 0;
	grow(rg);
}

void db_region_unit(struct db_regions *rg, const char *unit, double count)
{
	size_t u;

	if (!rg || !rg->n)
		return;
	for (u = 0; u < NUNITS; u++)
		if (!strcmp(unit, unit_names[u]))
			rg->v[rg->n - 1].units[u] = count;
}

static void pmu_metrics(struct db_regions *rg, struct db_result *res)
{
	static const char *const side[2] = { "user", "kernel" };
	char name[64], unit[32];
	size_t i, u;
	int s;

	for (s = 0; s < 2; s++) {
		snprintf(name, sizeof(name), "insns_%s", side[s]);
		for (i = 0; i < rg->n; i++)
			db_result_add(res, name, "instructions", DB_LOWER_IS_BETTER,
				      rg->v[i].pmu_ok ? (double)rg->v[i].pmu[s] : NAN);
		for (u = 0; u < NUNITS; u++) {
			if (rg->v[0].units[u] <= 0)
				continue;
			snprintf(name, sizeof(name), "insns_%s_per_%s", side[s], unit_names[u]);
			snprintf(unit, sizeof(unit), "instructions/%s",
				 u == 1 ? "4KiB" : unit_names[u]);
			for (i = 0; i < rg->n; i++)
				db_result_add(res, name, unit, DB_LOWER_IS_BETTER,
					      rg->v[i].pmu_ok && rg->v[i].units[u] > 0 ?
					      round(rg->v[i].pmu[s] / rg->v[i].units[u] * 100) / 100 : NAN);
		}
	}
}

/* Counts as integers, as people and diff read them. */
static struct json_object *num(double v)
{
	if (v == floor(v) && v < 9e15)
		return json_object_new_int64((int64_t)v);
	return json_object_new_double(v);
}

void db_regions_report(struct db_regions *rg, struct db_result *res)
{
	struct json_object *insns, *arr, *o, *un;
	size_t i, u;
	int pmu = rg && rg->n && rg->fd[0] >= 0;

	if (!rg || !rg->n)
		return;
	insns = json_object_new_object();
	arr = json_object_new_array();
	for (i = 0; i < rg->n; i++) {
		o = json_object_new_object();
		un = json_object_new_object();
		json_object_object_add(o, "id", json_object_new_int64((int64_t)rg->v[i].id));
		json_object_object_add(o, "repeat", json_object_new_int(rg->v[i].repeat));
		for (u = 0; u < NUNITS; u++)
			if (rg->v[i].units[u] >= 0)
				json_object_object_add(un, unit_names[u], num(rg->v[i].units[u]));
		json_object_object_add(o, "units", un);
		json_object_array_add(arr, o);
	}
	json_object_object_add(insns, "source", json_object_new_string(pmu ? "pmu" : "none"));
	json_object_object_add(insns, "regions", arr);
	if (rg->fifo)
		db_result_note(res, "ran SCHED_FIFO for the instruction counts: no other task inside its regions");
	if (pmu) {
		pmu_metrics(rg, res);
	} else {
		json_object_object_add(insns, "note", json_object_new_string(rg->pmu_why));
		db_result_note(res, "instruction counts absent: %s", rg->pmu_why);
	}
	json_object_object_add(db_result_json(res), "insns", insns);
}
