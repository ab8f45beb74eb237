// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-sync: what goes into the result.  One value per metric per
 * repeat: the means over its rounds.
 */
#include "sync.h"

void sy_record_params(struct sy_run *r)
{
	const struct sy_config *c = r->cfg;
	struct db_result *res = r->res;

	db_result_param_str(res, c->dir ? "dir" : "file", c->dir ? c->dir : c->file);
	db_result_param_int(res, "size", (int64_t)c->size);
	db_result_param_str(res, "via", sy_via_names[c->via]);
	db_result_param_str(res, "sync", sy_call_names[c->call]);
	db_result_param_str(res, "map", c->via == VIA_MMAP ? sy_map_names[c->map] : NULL);
	db_result_param_int(res, "pages", (int64_t)c->pages);
	db_result_param_bool(res, "all_pages", c->all_pages);
	db_result_param_int(res, "page_size", (int64_t)r->page);
	db_result_param_int(res, "rounds", (int64_t)c->rounds);
	db_result_param_int(res, "repeats", (int64_t)c->repeats);
	db_result_param_str(res, "dirtied", "contiguous from offset 0, the same pages every round");
}

void sy_record(struct sy_run *r, const struct sy_sample *s)
{
	struct db_result *res = r->res;
	double n = (double)s->rounds, pages = (double)r->cfg->pages;

	db_result_add(res, "sync_ns", "ns", DB_LOWER_IS_BETTER,
		      (double)s->sync_ns / n);
	db_result_add(res, "sync_ns_per_page", "ns", DB_LOWER_IS_BETTER,
		      (double)s->sync_ns / n / pages);
	db_result_add(res, "sync_max_ns", "ns", DB_LOWER_IS_BETTER,
		      (double)s->max_sync_ns);
	db_result_add(res, "dirty_ns", "ns", DB_LOWER_IS_BETTER,
		      (double)s->dirty_ns / n);
	db_result_add(res, "dirty_ns_per_page", "ns", DB_LOWER_IS_BETTER,
		      (double)s->dirty_ns / n / pages);
	db_result_add(res, "total_ns_per_page", "ns", DB_LOWER_IS_BETTER,
		      (double)(s->dirty_ns + s->sync_ns) / n / pages);
	db_result_add(res, "dirty_faults_per_round", "count", DB_NEITHER,
		      (double)s->dirty_faults / n);
	db_result_add(res, "dirty_major_faults_per_round", "count", DB_NEITHER,
		      (double)s->dirty_major / n);
	db_result_add(res, "sync_faults_per_round", "count", DB_NEITHER,
		      (double)s->sync_faults / n);
	db_result_add(res, "sync_calls", "count", DB_NEITHER, n);
	db_result_add(res, "pages_dirtied", "count", DB_NEITHER, n * pages);
}
