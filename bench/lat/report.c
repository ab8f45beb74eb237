// SPDX-License-Identifier: GPL-2.0-only
/*
 * The metrics of one repeat of daxbench-lat, from its histograms and
 * counters.  A histogram with no sample gives null values, never zeros.
 */
#include <math.h>
#include <stdio.h>

#include "engine.h"
#include "options.h"
#include "run.h"

static void add_hist(struct db_result *r, const char *prefix,
		     const struct db_hist *h)
{
	static const struct {
		const char *name;
		enum db_better better;
	} m[] = {
		{ "min", DB_LOWER_IS_BETTER }, { "p50", DB_LOWER_IS_BETTER },
		{ "p90", DB_LOWER_IS_BETTER }, { "p99", DB_LOWER_IS_BETTER },
		{ "p99_9", DB_LOWER_IS_BETTER }, { "p99_99", DB_LOWER_IS_BETTER },
		{ "max", DB_LOWER_IS_BETTER }, { "mean", DB_LOWER_IS_BETTER },
		{ "stddev", DB_NEITHER },
	};
	struct db_hist_summary s;
	double v[9];
	char name[64];
	unsigned int i;

	db_hist_summarize(h, &s);
	v[0] = (double)s.min;
	v[1] = (double)s.p50;
	v[2] = (double)s.p90;
	v[3] = (double)s.p99;
	v[4] = (double)s.p999;
	v[5] = (double)s.p9999;
	v[6] = (double)s.max;
	v[7] = s.mean;
	v[8] = s.stddev;
	for (i = 0; i < 9; i++) {
		snprintf(name, sizeof(name), "%s_%s_ns", prefix, m[i].name);
		db_result_add(r, name, "ns", m[i].better, h->count ? v[i] : NAN);
	}
}

static double per_op(double total, uint64_t ops)
{
	return ops ? total / (double)ops : NAN;
}

void lat_report_repeat(struct db_result *r, const struct lat_opts *o,
		       const struct lat_repeat *rep)
{
	const struct lat_ctx *c = rep->c;
	uint64_t reads = c->hist[LAT_READ].count, writes = c->hist[LAT_WRITE].count;
	uint64_t ops = reads + writes;
	double elapsed = (double)(c->end_ns - c->start_ns) / 1e9;
	struct db_hist all = c->hist[LAT_READ];

	db_hist_merge(&all, &c->hist[LAT_WRITE]);
	db_result_add(r, "iops", "ops/s", DB_HIGHER_IS_BETTER,
		      elapsed > 0 ? (double)ops / elapsed : NAN);
	db_result_add(r, "bandwidth", "B/s", DB_HIGHER_IS_BETTER,
		      elapsed > 0 ? (double)(ops * o->bs) / elapsed : NAN);
	add_hist(r, "lat", &all);
	if (o->pattern == LAT_PAT_MIX) {
		add_hist(r, "read_lat", &c->hist[LAT_READ]);
		add_hist(r, "write_lat", &c->hist[LAT_WRITE]);
	}
	if (o->sync == LAT_SYNC_FDATASYNC || o->sync == LAT_SYNC_FSYNC)
		add_hist(r, "sync_lat", &c->hist[LAT_SYNC]);
	db_result_add(r, "ops", "count", DB_NEITHER, (double)ops);
	db_result_add(r, "reads", "count", DB_NEITHER, (double)reads);
	db_result_add(r, "writes", "count", DB_NEITHER, (double)writes);
	db_result_add(r, "syncs", "count", DB_NEITHER,
		      (double)c->hist[LAT_SYNC].count);
	db_result_add(r, "elapsed", "s", DB_NEITHER, elapsed);
	db_result_add(r, "usr_ns_per_op", "ns", DB_LOWER_IS_BETTER,
		      per_op(rep->usr_ns, ops));
	db_result_add(r, "sys_ns_per_op", "ns", DB_LOWER_IS_BETTER,
		      per_op(rep->sys_ns, ops));
	db_result_add(r, "timer_overhead_ns_per_op", "ns", DB_LOWER_IS_BETTER,
		      per_op(rep->timer_read_ns * (double)c->clock_reads, ops));
	db_result_add(r, "peak_rss", "bytes", DB_LOWER_IS_BETTER,
		      rep->peak_rss_bytes);
	if (o->pattern == LAT_PAT_APPEND) {
		db_result_add(r, "bytes_written", "bytes", DB_NEITHER,
			      (double)(writes * o->bs));
		db_result_add(r, "file_growth", "bytes", DB_NEITHER,
			      rep->growth_bytes);
	}
}

void lat_record_params(struct db_result *r, const struct lat_opts *o)
{
	db_result_param_str(r, "engine", lat_engine_names[o->engine]);
	db_result_param_bool(r, "direct", o->direct);
	db_result_param_str(r, "op", lat_pattern_names[o->pattern]);
	db_result_param_int(r, "mix_read_percent", (int64_t)o->mix);
	db_result_param_int(r, "bs", (int64_t)o->bs);
	db_result_param_int(r, "size", (int64_t)o->size);
	db_result_param_int(r, "qd", (int64_t)o->qd);
	db_result_param_bool(r, "sqpoll", o->sqpoll);
	db_result_param_bool(r, "uring_registered_files_and_buffers",
			     o->engine == LAT_ENGINE_IO_URING);
	db_result_param_str(r, "sync", lat_sync_names[o->sync]);
	db_result_param_int(r, "sync_every", (int64_t)o->sync_every);
	if (o->ops) {
		db_result_param_int(r, "ops", (int64_t)o->ops);
		db_result_param_str(r, "duration_ns", NULL);
	} else {
		db_result_param_str(r, "ops", NULL);
		db_result_param_int(r, "duration_ns", (int64_t)o->duration_ns);
	}
	db_result_param_int(r, "warmup_ns", (int64_t)o->warmup_ns);
	db_result_param_int(r, "repeats", (int64_t)o->repeats);
	db_result_param_int(r, "seed", (int64_t)o->seed);
	db_result_param_bool(r, "verify", o->verify);
	db_result_param_int(r, "buffer_offset", (int64_t)o->buffer_offset);
	db_result_param_str(r, "clock", db_clock_names[o->clock]);
	db_result_param_bool(r, "keep", o->keep);
}
