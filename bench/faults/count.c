// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-faults: the two fault counters.
 *
 * The kernel accounts a completed fault once, in mm_account_fault()
 * (mm/memory.c): it bumps current->min_flt or ->maj_flt, which
 * getrusage(RUSAGE_THREAD) reports, and raises the software perf events
 * PERF_COUNT_SW_PAGE_FAULTS_MIN or _MAJ.  A fault that is retried
 * (VM_FAULT_RETRY) is counted once, as major; faults taken by the kernel
 * on the process's behalf (get_user_pages, MAP_POPULATE) bump the thread
 * counters but raise no perf event.  So the two sources must agree for a
 * loop of plain loads and stores, and a disagreement is worth a note.
 *
 * The perf counters count user-mode faults only (exclude_kernel), which
 * is what perf_event_paranoid=2 lets an unprivileged user measure, and are
 * enabled only around the measured loop.
 */
#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "faults.h"
#include "sysfile.h"

static int perf_open(uint64_t config, int group)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = config;
	attr.disabled = group < 0;	/* the leader starts them all */
	attr.exclude_kernel = 1;
	attr.exclude_hv = 1;
	attr.read_format = PERF_FORMAT_GROUP;
	return (int)syscall(SYS_perf_event_open, &attr, 0, -1, group,
			    PERF_FLAG_FD_CLOEXEC);
}

void fa_counters_open(struct fa_counters *c)
{
	char paranoid[32];
	int err;

	memset(c, 0, sizeof(*c));
	c->perf_fd[1] = -1;
	c->perf_fd[0] = perf_open(PERF_COUNT_SW_PAGE_FAULTS_MIN, -1);
	if (c->perf_fd[0] >= 0)
		c->perf_fd[1] = perf_open(PERF_COUNT_SW_PAGE_FAULTS_MAJ,
					  c->perf_fd[0]);
	if (c->perf_fd[0] >= 0 && c->perf_fd[1] >= 0) {
		c->perf_ok = true;
		return;
	}
	err = errno;
	fa_counters_close(c);
	if (db_read_line("/proc/sys/kernel/perf_event_paranoid", paranoid,
			 sizeof(paranoid)))
		snprintf(paranoid, sizeof(paranoid), "unknown");
	snprintf(c->perf_why, sizeof(c->perf_why),
		 "perf_event_open not permitted (%s, perf_event_paranoid=%s): faults counted with getrusage(RUSAGE_THREAD) alone",
		 strerror(err), paranoid);
}

void fa_counters_close(struct fa_counters *c)
{
	int i;

	for (i = 0; i < 2; i++) {
		if (c->perf_fd[i] >= 0)
			close(c->perf_fd[i]);
		c->perf_fd[i] = -1;
	}
	c->perf_ok = false;
}

void fa_counters_start(struct fa_counters *c)
{
	if (!c->perf_ok)
		return;
	ioctl(c->perf_fd[0], PERF_EVENT_IOC_RESET, PERF_IOC_FLAG_GROUP);
	ioctl(c->perf_fd[0], PERF_EVENT_IOC_ENABLE, PERF_IOC_FLAG_GROUP);
}

void fa_counters_stop(struct fa_counters *c)
{
	if (c->perf_ok)
		ioctl(c->perf_fd[0], PERF_EVENT_IOC_DISABLE, PERF_IOC_FLAG_GROUP);
}

int fa_counters_read(struct fa_counters *c, struct fa_count *perf,
		     struct fa_count *ru)
{
	/* PERF_FORMAT_GROUP: nr, then one value per member, leader first. */
	uint64_t buf[3] = { 0, 0, 0 };
	struct rusage u;

	int ret = 0;

	memset(&u, 0, sizeof(u));
	getrusage(RUSAGE_THREAD, &u);
	ru->minor = (uint64_t)u.ru_minflt;
	ru->major = (uint64_t)u.ru_majflt;
	memset(perf, 0, sizeof(*perf));
	if (!c->perf_ok)
		return 0;
	if (read(c->perf_fd[0], buf, sizeof(buf)) != (ssize_t)sizeof(buf) ||
	    buf[0] != 2)
		ret = -1;
	perf->minor = buf[1];
	perf->major = buf[2];
	return ret;
}
