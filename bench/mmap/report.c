// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-mmap: the result: its parameters, a refusal, the table and
 * the roofline summary under it.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "env.h"
#include "run.h"

void mm_record_params(struct mm_bench *b)
{
	const struct mm_opts *o = &b->o;
	struct db_result *r = b->r;
	char cpus[1024] = "";
	size_t len = 0;
	int i;

	db_result_param_str(r, o->dir ? "dir" : "file", o->dir ? o->dir : o->file);
	db_result_param_str(r, "target_kind", b->devdax ? "devdax" : "file");
	if (b->devdax) {
		db_result_param_str(r, "devdax", b->dev.name);
		db_result_param_int(r, "devdax_align", (int64_t)b->dev.align);
	}
	db_result_param_int(r, "size", (int64_t)o->size);
	db_result_param_str(r, "op", mm_op_names[o->op]);
	db_result_param_str(r, "pattern", mm_pattern_names[o->pattern]);
	db_result_param_int(r, "block_size", (int64_t)o->block);
	db_result_param_str(r, "store", mm_store_names[o->store]);
	db_result_param_str(r, "store_cpu_flag", mm_store_flag(o->store));
	db_result_param_str(r, "persist", mm_persist_names[o->persist]);
	db_result_param_int(r, "threads", (int64_t)o->threads);
	db_result_param_bool(r, "share", o->share);
	db_result_param_str(r, "faults", o->cold ? "cold" : "warm");
	if (o->passes)
		db_result_param_int(r, "passes", (int64_t)o->passes);
	else
		db_result_param_str(r, "passes", NULL);
	if (o->duration_ns)
		db_result_param_int(r, "duration_ns", (int64_t)o->duration_ns);
	else
		db_result_param_str(r, "duration_ns", NULL);
	db_result_param_int(r, "repeats", (int64_t)o->repeats);
	db_result_param_int(r, "seed", (int64_t)o->seed);
	db_result_param_int(r, "bytes_per_pass",
			    (int64_t)mm_layout_pass_bytes(&b->layout));
	db_result_param_bool(r, "roofline", o->roofline);
	db_result_param_bool(r, "verify", o->verify);
	for (i = 0; i < b->ncpus && len < sizeof(cpus) - 16; i++)
		len += (size_t)snprintf(cpus + len, sizeof(cpus) - len, "%s%d",
					i ? "," : "", b->cpus[i]);
	db_result_param_str(r, "cpus", cpus);
	db_result_param_str(r, "pinning", "round-robin");
	if (getenv("DB_MMAP_HIDE_CPU_FLAGS"))
		db_result_note(r, "test hook DB_MMAP_HIDE_CPU_FLAGS=%s: these CPU flags were treated as absent",
			       getenv("DB_MMAP_HIDE_CPU_FLAGS"));
}

/*
 * A combination this CPU or this file cannot do: a message, and a result
 * with status "unsupported" (to --output, and on stdout as JSON with
 * --json, else as the table with its status and reason); the caller
 * exits MM_EXIT_REFUSED.
 */
void mm_refuse(struct mm_bench *b, const char *why)
{
	fprintf(stderr, "%s: %s\n", program_invocation_short_name, why);
	db_result_status(b->r, "unsupported", "%s", why);
	if (b->o.output)
		db_result_write(b->r, b->o.output);
	if (b->o.json)
		db_result_write(b->r, "-");
	else
		db_result_print(b->r, stdout);
}

bool mm_is_tcg(void)
{
	char accel[64];

	return !strcmp(db_env_accelerator(accel, sizeof(accel)), "tcg");
}

static double metric_mean(struct db_result *r, const char *name)
{
	struct json_object *m, *v, *e;
	double sum = 0;
	size_t i, n = 0;

	if (!json_object_object_get_ex(json_object_object_get(db_result_json(r),
							      "metrics"), name, &m) ||
	    !json_object_object_get_ex(m, "values", &v))
		return NAN;
	for (i = 0; i < json_object_array_length(v); i++) {
		e = json_object_array_get_idx(v, i);
		if (e) {
			sum += json_object_get_double(e);
			n++;
		}
	}
	return n ? sum / (double)n : NAN;
}

/* One memory's row: @name is NULL for the file, "anon" or "huge". */
static void summary_row(struct mm_bench *b, const char *label, const char *name)
{
	const char *p = name ? name : "", *sep = name ? "_" : "";
	char m[64];

	printf("  %-30s", label);
	snprintf(m, sizeof(m), "%s%sbandwidth", p, sep);
	printf(" %9.3f", metric_mean(b->r, m));
	snprintf(m, sizeof(m), "%s%sns_per_block", p, sep);
	printf(" %10.1f", metric_mean(b->r, m));
	snprintf(m, sizeof(m), "ratio_to_%s", p);
	if (name)
		printf(" %9.3f", metric_mean(b->r, m));
	else
		printf(" %9s", "");
	snprintf(m, sizeof(m), "%s%sbandwidth_on_cpu", p, sep);
	printf(" %10.3f", metric_mean(b->r, m));
	snprintf(m, sizeof(m), "ratio_to_%s_on_cpu", p);
	if (name)
		printf(" %9.3f", metric_mean(b->r, m));
	printf("\n");
}

/*
 * The roofline in one block under the library's table: per memory, GB/s
 * and ns per block, the file's ratio to it, and the same while on a CPU.
 */
static void print_summary(struct mm_bench *b)
{
	char label[64];

	printf("\n  %-30s %9s %10s %9s %10s %9s   (means of %llu repeats)\n",
	       "memory", "GB/s", "ns/block", "file/this", "on-CPU", "file/this",
	       (unsigned long long)b->o.repeats);
	summary_row(b, b->o.persist == MM_P_MAP_SYNC ? "file (MAP_SYNC)" : "file",
		    NULL);
	if (b->o.roofline)
		summary_row(b, "anonymous, 4 KiB pages", "anon");
	if (b->have_huge) {
		snprintf(label, sizeof(label), "anonymous, 2 MiB pages (%s)",
			 b->huge.backing);
		summary_row(b, label, "huge");
	}
	if (mm_is_tcg())
		printf("  %s\n", TCG_RATIO_NOTE);
}

int mm_emit(struct mm_bench *b)
{
	int ret = 0;

	if (b->o.output && db_result_write(b->r, b->o.output))
		ret = -1;
	if (b->o.json)
		return db_result_write(b->r, "-") ? -1 : ret;
	db_result_print(b->r, stdout);
	print_summary(b);
	return ret;
}
