// SPDX-License-Identifier: GPL-2.0-only
/*
 * The machine a run ran on, from run.json: the environment its results
 * recorded, the guest's facts ("vm") when it ran in daxbench vm, and the
 * paths' filesystems.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fingerprint.h"

static long long num(struct json_object *o)
{
	if (json_object_is_type(o, json_type_int) ||
	    json_object_is_type(o, json_type_double))
		return json_object_get_int64(o);
	return -1;
}

/* The first of two places that holds a string. */
static const char *either(struct json_object *a, const char *ka,
			  struct json_object *b, const char *kb)
{
	const char *s = ju_str(a, ka);

	return s ? s : ju_str(b, kb);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * "name=fs:super_options" of each DAX path measured, sorted by name:
 * the page-cache and tmpfs paths a run adds or drops do not make the
 * rig another one; a DAX mount with other options does.
 */
static char *dax_mounts(const struct rl_run *run)
{
	struct json_object *paths = ju_get(run->root, "paths"), *p;
	size_t n = 0, i, len = 0, total;
	char **item, *out;
	const char *opts, *fs;

	total = json_object_is_type(paths, json_type_array) ? json_object_array_length(paths) : 0;
	item = calloc(total + 1, sizeof(*item));
	if (!item)
		abort();
	for (i = 0; i < total; i++) {
		p = json_object_array_get_idx(paths, i);
		if (!ju_str(p, "name") || !json_object_get_boolean(ju_get(p, "dax")) ||
		    strcmp(ju_str(p, "status") ? ju_str(p, "status") : "", "ok"))
			continue;
		opts = ju_str(p, "filesystem.super_options");
		fs = ju_str(p, "filesystem.filesystem");
		if (asprintf(&item[n], "%s=%s:%s", ju_str(p, "name"), fs ? fs : "?",
			     opts ? opts : "?") < 0)
			abort();
		len += strlen(item[n++]) + 1;
	}
	qsort(item, n, sizeof(*item), by_name);
	out = calloc(len + 1, 1);
	if (!out)
		abort();
	for (i = 0; i < n; i++) {
		if (i)
			strcat(out, " ");
		strcat(out, item[i]);
		free(item[i]);
	}
	free(item);
	return out;
}

/* FNV-1a: a short, stable tag that tells two fingerprints apart. */
static unsigned int tag(const char *s)
{
	unsigned int h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h & 0xffffff;
}

static const char *or_unknown(const char *s)
{
	return s ? s : "unknown";
}

void fp_machine(const struct rl_run *run, struct fp_machine *m)
{
	struct json_object *vm = ju_get(run->root, "vm");
	long long size, n;
	const char *host;

	memset(m, 0, sizeof(*m));
	host = rl_env(run, "hostname");
	/* A guest has no name of its own; the host's, when recorded. */
	if (ju_str(vm, "host"))
		host = ju_str(vm, "host");
	else if (vm && (!host || !strcmp(host, "(none)")))
		host = "guest";
	m->hostname = host;
	m->cpu_model = rl_cpu(run);
	m->accelerator = rl_accel(run);
	m->cpus = num(ju_get(vm, "cpus"));
	if (m->cpus < 0 && rl_env(run, "cpu.online"))
		m->cpus = atoll(rl_env(run, "cpu.online"));
	m->mem_bytes = num(ju_get(vm, "mem_bytes"));
	if (m->mem_bytes < 0 && rl_env(run, "memory.total_bytes"))
		m->mem_bytes = atoll(rl_env(run, "memory.total_bytes"));
	m->pmem_kind = either(vm, "pmem", run->env, "pmem.kind");
	size = num(ju_get(vm, "pmem_size"));
	n = num(ju_get(vm, "pmem_devices"));
	m->pmem_bytes = size >= 0 && n >= 0 ? size * n : -1;
	m->namespace_mode = either(vm, "namespace_mode", run->env, "pmem.namespace_mode");
	m->namespace_align = either(vm, "namespace_align", run->env, "pmem.namespace_align");
	m->dax_mounts = dax_mounts(run);
	if (asprintf(&m->fingerprint,
		     "host=%s;cpu=%s;cpus=%lld;mem=%lld;accel=%s;pmem=%s;pmem_bytes=%lld;"
		     "ns_mode=%s;ns_align=%s;mounts=%s",
		     or_unknown(m->hostname), or_unknown(m->cpu_model), m->cpus,
		     m->mem_bytes, or_unknown(m->accelerator), or_unknown(m->pmem_kind),
		     m->pmem_bytes, or_unknown(m->namespace_mode),
		     or_unknown(m->namespace_align), m->dax_mounts) < 0 ||
	    asprintf(&m->name, "%s-%s%s%s-%06x", or_unknown(m->hostname),
		     or_unknown(m->accelerator), m->pmem_kind ? "-" : "",
		     m->pmem_kind ? m->pmem_kind : "", tag(m->fingerprint)) < 0)
		abort();
}

void fp_free(struct fp_machine *m)
{
	free(m->fingerprint);
	free(m->name);
	free(m->dax_mounts);
	memset(m, 0, sizeof(*m));
}
