// SPDX-License-Identifier: GPL-2.0-only
/*
 * The key metrics of each benchmark (keymetrics.h), as fnmatch(3)
 * patterns over the metric names of docs/metrics.md.  Few on purpose:
 * a report goes under a patch series and must stay short; a metric
 * that restates another (ns_per_block is bandwidth) is not here.
 */
#include <fnmatch.h>
#include <stddef.h>
#include <string.h>

#include "keymetrics.h"

static const struct {
	const char *benchmark;
	const char *pattern;
} key_metrics[] = {
	{ "faults", "faults" },
	{ "faults", "faults_per_page" },
	{ "faults", "ns_per_fault" },
	/* Instruction counts (docs/insns.md): where a guest counted them. */
	{ "faults", "insns_kernel_per_4k" },
	{ "faults", "insns_user_per_4k" },
	{ "mmap", "insns_kernel_per_4k" },
	{ "lat", "insns_kernel_per_io" },
	{ "mmap", "bandwidth" },
	{ "mmap", "ratio_to_anon" },
	{ "mmap", "faults_minor" },
	{ "lat", "iops" },
	{ "lat", "*_p50_ns" },
	{ "lat", "*_p99_ns" },
	{ "sync", "sync_ns" },
	{ "sync", "sync_ns_per_page" },
	{ "sync", "dirty_faults_per_round" },
	{ "scale", "faults_per_thread" },
	{ "scale", "fault_rate_per_thread" },
	{ "scale", "scaling_efficiency" },
	{ "fio", "*_bw" },
	{ "fio", "*_iops" },
	{ "fio", "*_clat_p99_ns" },
};

#define NKEYS (sizeof(key_metrics) / sizeof(key_metrics[0]))

bool km_listed(const char *benchmark)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (!strcmp(key_metrics[i].benchmark, benchmark))
			return true;
	return false;
}

bool km_is_key(const char *benchmark, const char *metric)
{
	size_t i;

	for (i = 0; i < NKEYS; i++)
		if (!strcmp(key_metrics[i].benchmark, benchmark) &&
		    !fnmatch(key_metrics[i].pattern, metric, 0))
			return true;
	return false;
}
