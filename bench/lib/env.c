// SPDX-License-Identifier: GPL-2.0-only
/*
 * Environment capture: kernel, CPU, THP, virtualisation, tool version.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "config.h"
#include "cpu.h"
#include "env.h"
#include "fsinfo.h"
#include "sysfile.h"
#include "version.h"

static struct json_object *string_or_null(const char *file)
{
	char buf[4096];

	if (db_read_line(file, buf, sizeof(buf)))
		return NULL;
	return json_object_new_string(buf);
}

static void add_kernel(struct json_object *env)
{
	struct json_object *k = json_object_new_object();
	struct utsname u;

	if (!uname(&u)) {
		json_object_object_add(k, "release", json_object_new_string(u.release));
		json_object_object_add(k, "version", json_object_new_string(u.version));
		json_object_object_add(k, "machine", json_object_new_string(u.machine));
		json_object_object_add(env, "hostname",
				       json_object_new_string(u.nodename));
	}
	json_object_object_add(k, "cmdline", string_or_null("/proc/cmdline"));
	json_object_object_add(env, "kernel", k);
}

static struct json_object *cpu_model(void)
{
	char line[512], *colon;
	FILE *f = fopen("/proc/cpuinfo", "r");

	if (!f)
		return NULL;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "model name", 10))
			continue;
		colon = strchr(line, ':');
		if (!colon)
			break;
		fclose(f);
		colon[strcspn(colon, "\n")] = '\0';
		return json_object_new_string(colon + 2);
	}
	fclose(f);
	return NULL;
}

static void add_cpu(struct json_object *env)
{
	struct json_object *c = json_object_new_object();
	struct json_object *flags = json_object_new_object();
	int i;

	json_object_object_add(c, "model", cpu_model());
	json_object_object_add(c, "online",
			       json_object_new_int64(sysconf(_SC_NPROCESSORS_ONLN)));
	for (i = 0; db_cpu_flag_names[i]; i++)
		json_object_object_add(flags, db_cpu_flag_names[i],
			json_object_new_boolean(db_cpu_flag(db_cpu_flag_names[i])));
	json_object_object_add(c, "flags", flags);
	json_object_object_add(env, "cpu", c);
}

/* "always [madvise] never" -> "madvise": the bracketed word is in force. */
static struct json_object *thp_setting(const char *file)
{
	char buf[256], *l, *r;

	if (db_read_line(file, buf, sizeof(buf)))
		return NULL;
	l = strchr(buf, '[');
	r = l ? strchr(l, ']') : NULL;
	if (!l || !r)
		return json_object_new_string(buf);
	*r = '\0';
	return json_object_new_string(l + 1);
}

static void add_thp(struct json_object *env)
{
	struct json_object *t = json_object_new_object();
	const char *dir = "/sys/kernel/mm/transparent_hugepage";
	char path[128];

	snprintf(path, sizeof(path), "%s/enabled", dir);
	json_object_object_add(t, "enabled", thp_setting(path));
	snprintf(path, sizeof(path), "%s/defrag", dir);
	json_object_object_add(t, "defrag", thp_setting(path));
	snprintf(path, sizeof(path), "%s/shmem_enabled", dir);
	json_object_object_add(t, "shmem_enabled", thp_setting(path));
	json_object_object_add(env, "thp", t);
}

/*
 * The daxbench guest names its accelerator on the kernel command line
 * (daxbench.accel=tcg|kvm), because a TCG guest cannot tell from cpuid
 * that its CPU is emulated.  Elsewhere, cpuid's hypervisor leaf decides.
 */
const char *db_env_accelerator(char *buf, size_t len)
{
	char cmdline[4096], sig[16], *p;

	if (!db_read_line("/proc/cmdline", cmdline, sizeof(cmdline))) {
		p = strstr(cmdline, "daxbench.accel=");
		if (p) {
			p += strlen("daxbench.accel=");
			snprintf(buf, len, "%.*s", (int)strcspn(p, " "), p);
			return buf;
		}
	}
	db_cpu_hypervisor(sig, sizeof(sig));
	if (!db_cpu_flag("hypervisor"))
		snprintf(buf, len, "bare-metal");
	else if (!strcmp(sig, "KVMKVMKVM"))
		snprintf(buf, len, "kvm");
	else if (!strcmp(sig, "TCGTCGTCGTCG"))
		snprintf(buf, len, "tcg");
	else
		snprintf(buf, len, "%s", sig[0] ? sig : "unknown");
	return buf;
}

static void add_virt(struct json_object *env)
{
	struct json_object *v = json_object_new_object();
	char sig[16], accel[32];

	db_cpu_hypervisor(sig, sizeof(sig));
	json_object_object_add(v, "hypervisor",
			       sig[0] ? json_object_new_string(sig) : NULL);
	json_object_object_add(v, "accelerator",
		json_object_new_string(db_env_accelerator(accel, sizeof(accel))));
	json_object_object_add(env, "virtualization", v);
}

struct json_object *db_env_capture(const char *target)
{
	struct json_object *env = json_object_new_object();

	json_object_object_add(env, "daxbench_version",
			       json_object_new_string(DB_VERSION));
	add_kernel(env);
	add_cpu(env);
	add_thp(env);
	add_virt(env);
	json_object_object_add(env, "page_size",
			       json_object_new_int64(sysconf(_SC_PAGESIZE)));
	if (target)
		json_object_object_add(env, "target", db_fs_capture(target));
	return env;
}
