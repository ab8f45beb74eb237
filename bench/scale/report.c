// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-scale: what goes into the result.  One value per metric per
 * repeat; a rate over no fault is null, never zero or infinite.
 */
#include <math.h>
#include <stdio.h>

#include "scale.h"

void sc_record_params(struct sc_run *r)
{
	const struct sc_config *c = r->cfg;
	struct db_result *res = r->res;
	char cpus[1024] = "";
	size_t len = 0;
	unsigned int i;

	db_result_param_str(res, "dir", c->dir);
	db_result_param_int(res, "threads", c->threads);
	db_result_param_str(res, "files", sc_files_names[c->files]);
	db_result_param_int(res, "size", (int64_t)c->region);
	db_result_param_str(res, "op", sc_op_names[c->op]);
	db_result_param_int(res, "repeats", (int64_t)c->repeats);
	for (i = 0; i < r->ncpus && i < c->threads && len < sizeof(cpus) - 16; i++)
		len += (size_t)snprintf(cpus + len, sizeof(cpus) - len, "%s%d",
					i ? "," : "", r->cpus[i]);
	db_result_param_str(res, "cpus", cpus);
	db_result_param_str(res, "pinning", "one thread per allowed CPU, round-robin");
	db_result_param_bool(res, "oversubscribed", r->oversubscribed);
	if (r->oversubscribed)
		db_result_note(res, "--threads %u is more than the %u CPUs this process may use: threads share CPUs, and the efficiency measures that too",
			       c->threads, r->ncpus);
}

static double rate(const struct sc_thread *t)
{
	uint64_t ns = t->end_ns - t->start_ns;

	return t->faults && ns ? (double)t->faults * 1e9 / (double)ns : NAN;
}

static double ns_per_fault(const struct sc_thread *t)
{
	return t->faults ? (double)(t->end_ns - t->start_ns) / (double)t->faults :
			   NAN;
}

void sc_record(struct sc_run *r, const struct sc_measure *one,
	       const struct sc_measure *many)
{
	struct db_result *res = r->res;
	double n = many->nthreads, faults = 0, major = 0, rates = 0, nspf = 0;
	double single = rate(&one->t[0]);
	unsigned int i;

	for (i = 0; i < many->nthreads; i++) {
		faults += (double)many->t[i].faults;
		major += (double)many->t[i].major;
		rates += rate(&many->t[i]);
		nspf += ns_per_fault(&many->t[i]);
	}
	db_result_add(res, "single_faults", "count", DB_NEITHER,
		      (double)one->t[0].faults);
	db_result_add(res, "single_fault_rate", "faults/s", DB_HIGHER_IS_BETTER,
		      single);
	db_result_add(res, "single_ns_per_fault", "ns", DB_LOWER_IS_BETTER,
		      ns_per_fault(&one->t[0]));
	db_result_add(res, "faults_per_thread", "count", DB_NEITHER, faults / n);
	db_result_add(res, "major_faults_per_thread", "count", DB_NEITHER,
		      major / n);
	db_result_add(res, "fault_rate_per_thread", "faults/s",
		      DB_HIGHER_IS_BETTER, rates / n);
	db_result_add(res, "ns_per_fault", "ns", DB_LOWER_IS_BETTER, nspf / n);
	db_result_add(res, "aggregate_fault_rate", "faults/s", DB_HIGHER_IS_BETTER,
		      many->wall_ns ? faults * 1e9 / (double)many->wall_ns : NAN);
	db_result_add(res, "scaling_efficiency", "ratio", DB_HIGHER_IS_BETTER,
		      rates / (n * single));
}
