// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-faults: what goes into the result.  Every repeat adds one value
 * to every metric, null when it could not be measured (no perf counter,
 * no tracefs, an event this kernel does not have), so that the values of
 * all metrics line up repeat by repeat.  docs/faults.md says what each
 * number means.
 */
#include <math.h>
#include <stdlib.h>

#include "faults.h"
#include "options.h"
#include "sysfile.h"

static double or_null(bool ok, double v)
{
	return ok ? v : NAN;
}

static void add_count(struct db_result *res, const char *name, bool ok,
		      double v)
{
	db_result_add(res, name, "count", DB_NEITHER, or_null(ok, v));
}

/* One tracepoint metric: null when not traced or the event is missing. */
static void add_event(struct fa_run *r, const struct fa_sample *s,
		      const char *metric, const char *event, uint64_t v)
{
	add_count(r->res, metric, s->traced && !s->trace.lost &&
		  fa_trace_has(r->tracer, event), (double)v);
}

static void add_trace(struct fa_run *r, const struct fa_sample *s)
{
	const struct fa_trace_counts *t = &s->trace;

	if (s->traced && t->lost)
		db_result_note(r->res, "fs_dax trace buffer overflowed: tracepoint counts omitted");
	add_event(r, s, "trace_pmd_faults", "dax_pmd_fault_done", t->pmd_fault_done);
	add_event(r, s, "trace_pmd_nopage", "dax_pmd_fault_done", t->pmd_nopage);
	add_event(r, s, "trace_pmd_fallback", "dax_pmd_fault_done", t->pmd_fallback);
	add_event(r, s, "trace_pmd_needdsync", "dax_pmd_fault_done",
		  t->pmd_needdsync);
	add_event(r, s, "trace_pmd_load_hole", "dax_pmd_load_hole", t->pmd_load_hole);
	add_event(r, s, "trace_pmd_load_hole_fallback",
		  "dax_pmd_load_hole_fallback", t->pmd_load_hole_fallback);
	add_event(r, s, "trace_pmd_insert_mapping", "dax_pmd_insert_mapping",
		  t->pmd_insert_mapping);
	add_event(r, s, "trace_pte_faults", "dax_pte_fault_done", t->pte_fault_done);
	add_event(r, s, "trace_pte_major", "dax_pte_fault_done", t->pte_major);
	add_event(r, s, "trace_load_hole", "dax_load_hole", t->load_hole);
	add_event(r, s, "trace_insert_mapping", "dax_insert_mapping",
		  t->insert_mapping);
	add_event(r, s, "trace_pfn_mkwrite", "dax_insert_pfn_mkwrite",
		  t->pfn_mkwrite);
}

static void add_smaps(struct fa_run *r, const struct fa_sample *s)
{
	const struct fa_smaps *m = &s->smaps;

	db_result_add(r->res, "rss_after", "bytes", DB_NEITHER,
		      or_null(m->rss >= 0, (double)m->rss));
	db_result_add(r->res, "file_pmd_mapped", "bytes", DB_NEITHER,
		      or_null(m->file_pmd_mapped >= 0, (double)m->file_pmd_mapped));
	db_result_add(r->res, "shmem_pmd_mapped", "bytes", DB_NEITHER,
		      or_null(m->shmem_pmd_mapped >= 0, (double)m->shmem_pmd_mapped));
	db_result_add(r->res, "thp_eligible", "flag", DB_NEITHER,
		      or_null(m->thp_eligible >= 0, m->thp_eligible));
}

void fa_record(struct fa_run *r, const struct fa_sample *s)
{
	const struct fa_opts *o = &r->cfg->o;
	bool perf = r->counters.perf_ok && !s->perf_read_failed;
	const struct fa_count *src = perf ? s->perf : s->ru;
	uint64_t minor = 0, major = 0, ru_minor = 0, ru_major = 0, total, diff;
	double pages = (double)o->size / 4096.0;
	int p, np = fa_passes(o->access);

	for (p = 0; p < np; p++) {
		minor += src[p].minor;
		major += src[p].major;
		ru_minor += s->ru[p].minor;
		ru_major += s->ru[p].major;
	}
	total = minor + major;
	db_region_unit(r->regions, "fault", (double)total);
	db_region_unit(r->regions, "4k", pages * np);
	db_result_add(r->res, "faults", "count", DB_NEITHER, (double)total);
	add_count(r->res, "faults_minor", true, (double)minor);
	add_count(r->res, "faults_major", true, (double)major);
	if (np == 2) {
		add_count(r->res, "faults_pass1", true,
			  (double)(src[0].minor + src[0].major));
		add_count(r->res, "faults_pass2", true,
			  (double)(src[1].minor + src[1].major));
	}
	add_count(r->res, "rusage_faults_minor", true, (double)ru_minor);
	add_count(r->res, "rusage_faults_major", true, (double)ru_major);
	diff = total > ru_minor + ru_major ? total - (ru_minor + ru_major) :
					     ru_minor + ru_major - total;
	add_count(r->res, "counter_disagreement", perf, (double)diff);
	if (perf && diff)
		r->disagreements++;
	db_result_add(r->res, "faults_per_page", "faults/page", DB_NEITHER,
		      (double)total / pages);
	db_result_add(r->res, "faults_per_2m", "faults/2MiB", DB_NEITHER,
		      (double)total / (pages / 512.0));
	db_result_add(r->res, "loop_ns", "ns", DB_LOWER_IS_BETTER, (double)s->ns);
	db_result_add(r->res, "ns_per_fault", "ns", DB_LOWER_IS_BETTER,
		      or_null(total > 0, (double)s->ns / (double)total));
	db_result_add(r->res, "ns_per_touch", "ns", DB_LOWER_IS_BETTER,
		      (double)s->ns / (double)(r->touches * (size_t)np));
	db_result_add(r->res, "map_alignment", "bytes", DB_NEITHER,
		      (double)s->alignment);
	add_smaps(r, s);
	if (r->tracer)
		add_trace(r, s);
}

void fa_record_params(struct fa_run *r)
{
	const struct fa_config *c = r->cfg;
	const struct fa_opts *o = &c->o;
	struct db_result *res = r->res;
	char fab[32];

	db_result_param_int(res, "size", (int64_t)o->size);
	db_result_param_int(res, "pages", (int64_t)(o->size / 4096));
	db_result_param_int(res, "stride", (int64_t)o->stride);
	db_result_param_int(res, "touches", (int64_t)r->touches);
	db_result_param_str(res, "access", fa_access_names[o->access]);
	db_result_param_str(res, "order", fa_order_names[o->order]);
	db_result_param_int(res, "seed", (int64_t)o->seed);
	db_result_param_str(res, "map", fa_map_names[o->map]);
	db_result_param_str(res, "align", fa_align_names[o->align]);
	db_result_param_str(res, "prefault", fa_prefault_names[o->prefault]);
	db_result_param_str(res, "hugepage", fa_huge_names[o->huge]);
	db_result_param_str(res, "prepare", o->devdax ? "device" : fa_prepare_names[o->prepare]);
	db_result_param_str(res, "target_kind", o->devdax ? "devdax" : "file");
	if (o->devdax) {
		db_result_param_str(res, "devdax", r->dev.name);
		db_result_param_int(res, "devdax_size", (int64_t)r->dev.size);
		db_result_param_int(res, "devdax_align", (int64_t)r->dev.align);
	}
	db_result_param_int(res, "repeats", (int64_t)o->repeats);
	db_result_param_str(res, "trace", fa_trace_names[o->trace]);
	db_result_param_str(res, "clock", db_clock_names[c->clock]);
	db_result_param_str(res, "dir", c->dir);
	db_result_param_str(res, "file", r->target.path);
	db_result_param_bool(res, "keep", c->keep);
	db_result_param_str(res, "fault_counter", r->counters.perf_ok ?
			    "perf_event_open" : "getrusage");
	db_result_param_bool(res, "traced", r->tracer != NULL);
	if (db_read_line("/sys/kernel/debug/fault_around_bytes", fab, sizeof(fab)))
		db_result_param_str(res, "fault_around_bytes", NULL);
	else
		db_result_param_int(res, "fault_around_bytes", atoll(fab));
}
