// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-faults: what kind of faults they were.
 *
 * The fault counters say how many faults the loop took; the fs_dax
 * tracepoints (fs/dax.c, include/trace/events/fs_dax.h) say which: a PMD
 * fault that mapped 2 MiB (dax_pmd_fault_done ... NOPAGE), one that fell
 * back to 4 KiB (... FALLBACK), a PTE fault, a hole mapped with the zero
 * page.  They are recorded in a private tracefs instance
 * (instances/daxbench-faults-PID), so the global trace buffer and anyone
 * else's tracing are left alone, filtered to this process with
 * set_event_pid, and the instance is removed at the end, at exit and on
 * SIGINT/SIGTERM/SIGHUP/SIGPIPE (the cleanup registry, cleanup.h).  Instances left by a process that was killed
 * with SIGKILL are removed by the next run.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cleanup.h"
#include "faults.h"

#define INSTANCE_PREFIX "daxbench-faults-"
#define EVENT_BYTES 96		/* one recorded event in the ring buffer */
#define MIN_BUF_KB 1408		/* the kernel's default per-CPU size */
#define MAX_TOTAL_KB (256 * 1024)

/* The fault-path events; writeback events are not about faults. */
static const char *const events[] = {
	"dax_pmd_fault_done", "dax_pmd_load_hole", "dax_pmd_load_hole_fallback",
	"dax_pmd_insert_mapping", "dax_pte_fault_done", "dax_load_hole",
	"dax_insert_mapping", "dax_insert_pfn_mkwrite",
	"dax_insert_pfn_mkwrite_no_entry", NULL
};
#define NR_EVENTS (sizeof(events) / sizeof(events[0]) - 1)

struct fa_tracer {
	char dir[256];		/* the instance: tracefs paths are short */
	bool enabled[NR_EVENTS];	/* not every kernel has every event */
};

/* For the cleanup registry's callback: fixed storage, no malloc. */
static char active_dir[256];
static char active_on[PATH_MAX];
static int active = -1;		/* the registry's handle */

/* Only async-signal-safe calls: this may run from a signal handler. */
static void remove_instance(void *arg)
{
	int fd;

	(void)arg;
	fd = open(active_on, O_WRONLY);
	if (fd >= 0) {
		if (write(fd, "0", 1) < 0) {
			/* nothing more to do: rmdir removes it anyway */
		}
		close(fd);
	}
	rmdir(active_dir);
}

/*
 * A file of the instance that is open keeps it busy: rmdir() fails with
 * EBUSY.  The cleanup signals wait while one is open (db_cleanup_hold),
 * so that the callback always finds the instance closed and removes it.
 */
static int write_file(const char *dir, const char *name, const char *val)
{
	char path[PATH_MAX];
	sigset_t old;
	int fd, ret = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	db_cleanup_hold(&old);
	fd = open(path, O_WRONLY | O_TRUNC);
	if (fd < 0) {
		ret = -1;
		goto out;
	}
	if (write(fd, val, strlen(val)) != (ssize_t)strlen(val))
		ret = -1;
	if (close(fd))
		ret = -1;
out:
	db_cleanup_release(&old);
	return ret;
}

static const char *tracefs_root(void)
{
	static const char *const roots[] = {
		"/sys/kernel/tracing", "/sys/kernel/debug/tracing", NULL
	};
	char path[PATH_MAX];
	int i;

	for (i = 0; roots[i]; i++) {
		snprintf(path, sizeof(path), "%s/instances", roots[i]);
		if (!access(path, F_OK))
			return roots[i];
	}
	return NULL;
}

/* Instances whose process is gone (killed with SIGKILL) are removed. */
static void remove_stale(const char *root)
{
	char path[PATH_MAX];
	struct dirent *d;
	DIR *dir;
	long pid;

	snprintf(path, sizeof(path), "%s/instances", root);
	dir = opendir(path);
	if (!dir)
		return;
	while ((d = readdir(dir))) {
		if (strncmp(d->d_name, INSTANCE_PREFIX, strlen(INSTANCE_PREFIX)))
			continue;
		pid = strtol(d->d_name + strlen(INSTANCE_PREFIX), NULL, 10);
		if (pid <= 0 || !kill((pid_t)pid, 0) || errno != ESRCH)
			continue;
		snprintf(path, sizeof(path), "%s/instances/%s", root, d->d_name);
		rmdir(path);
	}
	closedir(dir);
}

static void set_buffer_size(struct fa_tracer *t, uint64_t expected)
{
	long cpus = sysconf(_SC_NPROCESSORS_CONF);
	uint64_t kb = expected * EVENT_BYTES / 1024 + MIN_BUF_KB, max;
	char val[32];

	if (cpus < 1)
		cpus = 1;
	max = MAX_TOTAL_KB / (uint64_t)cpus;
	if (kb > max)
		kb = max > MIN_BUF_KB ? max : MIN_BUF_KB;
	snprintf(val, sizeof(val), "%llu", (unsigned long long)kb);
	write_file(t->dir, "buffer_size_kb", val);
}

static int enable_events(struct fa_tracer *t, const char *root, char *why,
			 size_t whylen)
{
	char name[PATH_MAX], pid[32];
	int i, n = 0;

	snprintf(pid, sizeof(pid), "%ld", (long)getpid());
	if (write_file(t->dir, "tracing_on", "0") ||
	    write_file(t->dir, "set_event_pid", pid)) {
		snprintf(why, whylen, "cannot set up %s: %s", t->dir,
			 strerror(errno));
		return -1;
	}
	for (i = 0; events[i]; i++) {
		snprintf(name, sizeof(name), "events/fs_dax/%s/enable", events[i]);
		t->enabled[i] = !write_file(t->dir, name, "1");
		n += t->enabled[i];
	}
	if (!n) {
		snprintf(why, whylen, "no fs_dax fault event could be enabled in %s/events/fs_dax",
			 root);
		return -1;
	}
	return 0;
}

struct fa_tracer *fa_trace_open(uint64_t expected_events, char *why,
				size_t whylen)
{
	const char *root = tracefs_root();
	struct fa_tracer *t;
	char path[PATH_MAX];
	sigset_t old;

	if (!root) {
		snprintf(why, whylen, "tracefs is not mounted (/sys/kernel/tracing or /sys/kernel/debug/tracing)%s",
			 geteuid() ? " or not readable by a non-root user" : "");
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/events/fs_dax", root);
	if (access(path, F_OK)) {
		snprintf(why, whylen, "this kernel has no fs_dax tracepoints (%s: %s)",
			 path, strerror(errno));
		return NULL;
	}
	t = calloc(1, sizeof(*t));
	if (!t) {
		snprintf(why, whylen, "out of memory");
		return NULL;
	}
	remove_stale(root);
	snprintf(t->dir, sizeof(t->dir), "%s/instances/" INSTANCE_PREFIX "%ld",
		 root, (long)getpid());
	snprintf(active_dir, sizeof(active_dir), "%s", t->dir);
	snprintf(active_on, sizeof(active_on), "%s/tracing_on", t->dir);
	db_cleanup_hold(&old);
	if (mkdir(t->dir, 0700)) {
		db_cleanup_release(&old);
		snprintf(why, whylen, "cannot create the tracefs instance %s: %s",
			 t->dir, strerror(errno));
		free(t);
		return NULL;
	}
	db_cleanup_release(&old);
	active = db_cleanup_add(remove_instance, NULL);
	if (active < 0) {
		rmdir(t->dir);
		snprintf(why, whylen, "no room to remove the tracefs instance at exit");
		free(t);
		return NULL;
	}
	set_buffer_size(t, expected_events);
	if (enable_events(t, root, why, whylen)) {
		fa_trace_close(t);
		return NULL;
	}
	return t;
}

bool fa_trace_has(const struct fa_tracer *t, const char *event)
{
	size_t i;

	for (i = 0; i < NR_EVENTS; i++)
		if (!strcmp(events[i], event))
			return t->enabled[i];
	return false;
}

int fa_trace_start(struct fa_tracer *t)
{
	/* Opening "trace" with O_TRUNC empties the buffer. */
	if (write_file(t->dir, "trace", ""))
		return -1;
	return write_file(t->dir, "tracing_on", "1");
}

/* The result flags are the last word of a *_done line: "NOPAGE|MAJOR". */
static bool result_has(const char *line, const char *flag)
{
	const char *last = strrchr(line, ' ');
	size_t n = strlen(flag);
	const char *p;

	last = last ? last + 1 : line;
	for (p = last; (p = strstr(p, flag)); p += n)
		if ((p == last || p[-1] == '|') &&
		    (p[n] == '\0' || p[n] == '|' || p[n] == '\n'))
			return true;
	return false;
}

static void count_line(const char *line, struct fa_trace_counts *c)
{
	const char *ev = strstr(line, ": dax_");
	char name[64];

	if (!ev || sscanf(ev + 2, "%63[a-z_]", name) != 1)
		return;
	if (!strcmp(name, "dax_pmd_fault_done")) {
		c->pmd_fault_done++;
		if (result_has(line, "FALLBACK"))
			c->pmd_fallback++;
		else if (result_has(line, "NOPAGE"))
			c->pmd_nopage++;
		else if (result_has(line, "NEEDDSYNC"))
			c->pmd_needdsync++;
	} else if (!strcmp(name, "dax_pmd_load_hole")) {
		c->pmd_load_hole++;
	} else if (!strcmp(name, "dax_pmd_load_hole_fallback")) {
		c->pmd_load_hole_fallback++;
	} else if (!strcmp(name, "dax_pmd_insert_mapping")) {
		c->pmd_insert_mapping++;
	} else if (!strcmp(name, "dax_pte_fault_done")) {
		c->pte_fault_done++;
		if (result_has(line, "MAJOR"))
			c->pte_major++;
	} else if (!strcmp(name, "dax_load_hole")) {
		c->load_hole++;
	} else if (!strcmp(name, "dax_insert_mapping")) {
		c->insert_mapping++;
	} else if (!strncmp(name, "dax_insert_pfn_mkwrite", 22)) {
		c->pfn_mkwrite++;
	}
}

/* Anything overwritten or dropped means the counts are incomplete. */
static bool events_lost(const struct fa_tracer *t)
{
	char path[PATH_MAX], line[256];
	unsigned long long v;
	long cpu, cpus = sysconf(_SC_NPROCESSORS_CONF);
	bool lost = false;
	FILE *f;

	for (cpu = 0; cpu < cpus; cpu++) {
		snprintf(path, sizeof(path), "%s/per_cpu/cpu%ld/stats", t->dir, cpu);
		f = fopen(path, "r");
		if (!f)
			continue;
		while (fgets(line, sizeof(line), f))
			if ((sscanf(line, "overrun: %llu", &v) == 1 ||
			     sscanf(line, "dropped events: %llu", &v) == 1) && v)
				lost = true;
		fclose(f);
	}
	return lost;
}

int fa_trace_stop(struct fa_tracer *t, struct fa_trace_counts *c)
{
	char path[PATH_MAX], *line = NULL;
	size_t cap = 0;
	sigset_t old;
	FILE *f;

	memset(c, 0, sizeof(*c));
	if (write_file(t->dir, "tracing_on", "0"))
		return -1;
	snprintf(path, sizeof(path), "%s/trace", t->dir);
	db_cleanup_hold(&old);
	f = fopen(path, "r");
	if (!f) {
		db_cleanup_release(&old);
		return -1;
	}
	while (getline(&line, &cap, f) > 0)
		if (line[0] != '#')
			count_line(line, c);
	free(line);
	fclose(f);
	c->lost = events_lost(t);
	db_cleanup_release(&old);
	write_file(t->dir, "trace", "");
	return 0;
}

void fa_trace_close(struct fa_tracer *t)
{
	if (!t)
		return;
	write_file(t->dir, "events/enable", "0");
	db_cleanup_remove(active, true);
	active = -1;
	free(t);
}

static int64_t kb_field(const char *line, const char *name)
{
	size_t n = strlen(name);
	long long kb;

	if (strncmp(line, name, n) || line[n] != ':')
		return -1;
	if (sscanf(line + n + 1, "%lld", &kb) != 1)
		return -1;
	return (int64_t)kb * 1024;
}

int fa_smaps_read(const void *addr, struct fa_smaps *s)
{
	unsigned long start, end;
	char line[512];
	bool in = false, found = false;
	int64_t v;
	FILE *f;

	s->rss = s->file_pmd_mapped = s->shmem_pmd_mapped = -1;
	s->thp_eligible = -1;
	f = fopen("/proc/self/smaps", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &start, &end) == 2) {
			if (in)
				break;
			in = start == (unsigned long)(uintptr_t)addr;
			found |= in;
			continue;
		}
		if (!in)
			continue;
		if ((v = kb_field(line, "Rss")) >= 0)
			s->rss = v;
		else if ((v = kb_field(line, "FilePmdMapped")) >= 0)
			s->file_pmd_mapped = v;
		else if ((v = kb_field(line, "ShmemPmdMapped")) >= 0)
			s->shmem_pmd_mapped = v;
		else if (!strncmp(line, "THPeligible:", 12))
			s->thp_eligible = atoi(line + 12);
	}
	fclose(f);
	return found ? 0 : -1;
}
