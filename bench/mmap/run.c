// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-mmap: one run, from the options to the result.
 *
 * Setup prepares the target file, maps it (refusing early when MAP_SYNC
 * is refused) and builds the roofline memories once; every repeat then
 * lets the file and the roofline memories take turns (see
 * measure_repeat()) and adds one value per metric.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "run.h"

/* The CPUs this process may run on, in order: threads go round-robin. */
static int allowed_cpus(struct mm_bench *b)
{
	cpu_set_t set;
	int i;

	if (sched_getaffinity(0, sizeof(set), &set)) {
		fprintf(stderr, "%s: sched_getaffinity: %s\n",
			program_invocation_short_name, strerror(errno));
		return -1;
	}
	b->ncpus = 0;
	for (i = 0; i < CPU_SETSIZE; i++)
		if (CPU_ISSET(i, &set))
			b->cpus[b->ncpus++] = i;
	return b->ncpus ? 0 : -1;
}

static int alloc_buffers(struct mm_bench *b)
{
	unsigned int i;

	b->sums = calloc(b->o.threads, sizeof(*b->sums));
	if (!b->sums)
		return -1;
	if (b->o.op != MM_COPY_IN && b->o.op != MM_COPY_OUT)
		return 0;
	b->buf = calloc(b->o.threads, sizeof(*b->buf));
	if (!b->buf)
		return -1;
	for (i = 0; i < b->o.threads; i++) {
		b->buf[i] = mm_buffer_new(b->o.block, &b->tags);
		if (!b->buf[i])
			return -1;
	}
	return 0;
}

static void free_buffers(struct mm_bench *b)
{
	unsigned int i;

	for (i = 0; b->buf && i < b->o.threads; i++)
		mm_buffer_free(b->buf[i], b->o.block);
	free(b->buf);
	free(b->sums);
}

/* Anonymous 4 KiB-page memory for the roofline, filled with the file. */
static int map_anon(struct mm_bench *b)
{
	char why[256];

	if (!b->o.roofline)
		return 0;
	if (mm_anon_map(&b->anon, b->o.size, why, sizeof(why))) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, why);
		return -1;
	}
	db_result_param_str(b->r, "anon_pages", "4k");
	return 0;
}

/* Huge-page memory for the roofline: once per run, reused by repeats. */
static int map_huge(struct mm_bench *b)
{
	char why[256];
	int ret;

	if (!b->o.roofline)
		return 0;
	ret = mm_huge_map(&b->huge, b->o.size, &b->tags, why, sizeof(why));
	if (ret < 0) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, why);
		return -1;
	}
	b->have_huge = ret == 0;
	if (ret > 0)
		db_result_note(b->r, "%s", why);
	db_result_param_str(b->r, "huge_pages", b->have_huge ? b->huge.backing : NULL);
	if (b->have_huge && !strcmp(b->huge.backing, "thp"))
		db_result_param_int(b->r, "huge_thp_bytes",
				    mm_smaps_bytes(b->huge.base, "AnonHugePages"));
	return 0;
}

/*
 * The file and the roofline memories take turns in slices of about
 * 1/SLICES of the measurement (at least one pass each): each file slice
 * and the roofline slices right after it are a pair (slices.c).
 */
#define SLICES 32

/* Remember the lowest on-CPU share of any memory in any repeat. */
static void track_preemption(struct mm_bench *b, const struct mm_tally *t)
{
	double f = mm_on_cpu(t);

	if (f < b->min_on_cpu)
		b->min_on_cpu = f;
}

/*
 * Other load preempting the measuring threads lowers every absolute
 * figure of the run; the memories take turns, so the ratios suffer less,
 * but a reader must know.
 */
static void note_preemption(struct mm_bench *b)
{
	if (b->min_on_cpu < 0.9)
		db_result_note(b->r,
			       "the measuring threads were not running for part of the measured time (on a CPU %.0f%% of it at worst, metric on_cpu): other load here or on the host; *_bandwidth counts that time, the *_on_cpu figures do not; ratio_to_* are medians of back-to-back pairs",
			       100 * b->min_on_cpu);
}

/* A slice of one memory: @passes passes, or @ns of passes; into @s. */
static int run_slice(struct mm_bench *b, const struct mm_mem *m, uint64_t passes,
		     uint64_t ns, bool first, struct mm_series *s)
{
	struct mm_run run = {
		.k = &b->k, .layout = &b->layout, .mem = m, .clock = &b->clock,
		.tags = &b->tags, .buf = b->buf, .cpus = b->cpus,
		.ncpus = b->ncpus, .passes = passes, .duration_ns = ns,
		/* The roofline is memory bandwidth: always warm. */
		.cold = m == &b->file && b->o.cold,
		.first_sum = m == &b->file && first ? b->sums : NULL,
	};
	struct mm_tally t;
	bool region = m == &b->file;
	int ret;

	/* Each of the file's measured slices is an instruction-count region. */
	if (region)
		db_region_begin(b->regions);
	ret = mm_run_measure(&run);
	if (region) {
		db_region_end(b->regions, b->repeat);
		db_region_unit(b->regions, "4k", (double)run.bytes / 4096);
		db_region_unit(b->regions, "block", (double)run.blocks);
		db_region_unit(b->regions, "fault", (double)(run.minflt + run.majflt));
	}
	if (ret) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, run.why);
		return -1;
	}
	t = (struct mm_tally){
		.wall_ns = run.wall_ns, .busy_ns = run.busy_ns,
		.cpu_ns = run.cpu_ns, .blocks = run.blocks, .bytes = run.bytes,
		.passes = run.done_passes, .minflt = run.minflt,
		.majflt = run.majflt,
	};
	if (mm_series_push(s, &t)) {
		fprintf(stderr, "%s: out of memory for slices\n",
			program_invocation_short_name);
		return -1;
	}
	return 0;
}

static void sum_series(const struct mm_series *s, struct mm_tally *t)
{
	size_t i;

	*t = (struct mm_tally){ 0 };
	for (i = 0; i < s->n; i++)
		mm_tally_add(t, &s->slice[i]);
}

/*
 * One repeat's value of a rate (over the whole repeat), with its slices
 * as samples for the drift test, and the fastest slice as "best_" + it.
 */
static void add_rate(struct mm_bench *b, const char *metric, const char *unit,
		     enum db_better better, const struct mm_series *s,
		     mm_rate_fn rate, bool best)
{
	unsigned int n = b->layout.threads;
	struct mm_tally t;
	char name[64];
	double *x;

	sum_series(s, &t);
	db_result_add(b->r, metric, unit, better, rate(&t, n));
	x = calloc(s->n + 1, sizeof(*x));
	if (x) {
		mm_series_rates(s, rate, n, x);
		db_result_add_samples(b->r, metric, x, s->n);
	}
	free(x);
	if (!best)
		return;
	snprintf(name, sizeof(name), "best_%s", metric);
	db_result_add(b->r, name, unit, better, mm_series_best(s, rate, n));
}

/* The file against one roofline memory: ratios per pair, and its rates. */
static void add_roofline(struct mm_bench *b, const char *name,
			 const struct mm_series *s)
{
	unsigned int n = b->layout.threads;
	char metric[64];
	double *x;
	size_t pairs;

	snprintf(metric, sizeof(metric), "%s_bandwidth", name);
	add_rate(b, metric, "GB/s", DB_HIGHER_IS_BETTER, s, mm_gbps, true);
	snprintf(metric, sizeof(metric), "%s_ns_per_block", name);
	add_rate(b, metric, "ns", DB_LOWER_IS_BETTER, s, mm_ns_per_block, false);
	snprintf(metric, sizeof(metric), "%s_bandwidth_on_cpu", name);
	add_rate(b, metric, "GB/s", DB_HIGHER_IS_BETTER, s, mm_gbps_on_cpu, false);
	x = calloc(s->n + 1, sizeof(*x));
	if (!x)
		return;
	pairs = mm_series_ratios(&b->sfile, s, mm_gbps, n, x);
	snprintf(metric, sizeof(metric), "ratio_to_%s", name);
	db_result_add_paired(b->r, metric, "ratio", DB_HIGHER_IS_BETTER, x, pairs);
	pairs = mm_series_ratios(&b->sfile, s, mm_gbps_on_cpu, n, x);
	snprintf(metric, sizeof(metric), "ratio_to_%s_on_cpu", name);
	db_result_add_paired(b->r, metric, "ratio", DB_HIGHER_IS_BETTER, x, pairs);
	free(x);
}

/*
 * The file, freshly mapped, pre-faulted if @prefault (with writes if the
 * operation stores); 1 if MAP_SYNC was refused.
 */
static int map_file(struct mm_bench *b, bool prefault)
{
	char why[256];
	int ret;

	ret = mm_file_map(&b->file, b->target.fd, b->o.size,
			  b->o.persist == MM_P_MAP_SYNC, why, sizeof(why));
	if (ret > 0)
		mm_refuse(b, why);
	else if (ret < 0)
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, why);
	if (!ret && prefault)
		mm_prefault(b->file.base, b->o.size, mm_op_stores(b->o.op));
	return ret;
}

static int check_sums(struct mm_bench *b)
{
	char why[256];

	if (!mm_verify_sums(&b->layout, &b->tags, b->sums, why, sizeof(why)))
		return 0;
	fprintf(stderr, "%s: --verify: %s\n", program_invocation_short_name, why);
	db_result_status(b->r, "failed", "--verify: %s", why);
	return -2;
}

/* The file's own figures for one repeat. */
static void add_file(struct mm_bench *b)
{
	struct mm_tally file;

	sum_series(&b->sfile, &file);
	add_rate(b, "bandwidth", "GB/s", DB_HIGHER_IS_BETTER, &b->sfile, mm_gbps, true);
	add_rate(b, "ns_per_block", "ns", DB_LOWER_IS_BETTER, &b->sfile,
		 mm_ns_per_block, false);
	db_result_add(b->r, "on_cpu", "ratio", DB_NEITHER, mm_on_cpu(&file));
	add_rate(b, "bandwidth_on_cpu", "GB/s", DB_HIGHER_IS_BETTER, &b->sfile,
		 mm_gbps_on_cpu, false);
	db_result_add(b->r, "passes", "count", DB_NEITHER, (double)file.passes);
	db_result_add(b->r, "faults_minor", "count", DB_NEITHER, (double)file.minflt);
	db_result_add(b->r, "faults_major", "count", DB_NEITHER, (double)file.majflt);
	db_result_add(b->r, "pairs", "count", DB_NEITHER, (double)b->sfile.n);
	track_preemption(b, &file);
}

static void add_repeat(struct mm_bench *b)
{
	struct mm_tally t;

	add_file(b);
	if (b->o.roofline) {
		add_roofline(b, "anon", &b->sanon);
		sum_series(&b->sanon, &t);
		track_preemption(b, &t);
	}
	if (b->have_huge) {
		add_roofline(b, "huge", &b->shuge);
		sum_series(&b->shuge, &t);
		track_preemption(b, &t);
	}
}

/*
 * One repeat.  The file and the roofline memories take turns, a slice
 * each (A B A B ...), so that whatever else the machine does during the
 * repeat (other tenants, frequency changes) weighs on both sides of each
 * pair and the ratio per pair holds even when the absolute figures
 * drift.  The repeat ends when the file has had its passes or its
 * measured time.
 */
static int measure_repeat(struct mm_bench *b)
{
	uint64_t passes = 0, ns = 0, done = 0, wall = 0;
	const struct mm_tally *last;
	bool first = true;

	b->sfile.n = b->sanon.n = b->shuge.n = 0;
	if (b->o.passes)
		passes = (b->o.passes + SLICES - 1) / SLICES;
	else
		ns = b->o.duration_ns / SLICES;
	for (;;) {
		if (b->o.passes && b->o.passes - done < passes)
			passes = b->o.passes - done;
		if (run_slice(b, &b->file, passes, ns, first, &b->sfile))
			return -1;
		if (first && b->o.op == MM_READ && b->o.verify && check_sums(b))
			return -2;
		first = false;
		if (b->o.roofline &&
		    run_slice(b, &b->anon, passes, ns, false, &b->sanon))
			return -1;
		if (b->have_huge &&
		    run_slice(b, &b->huge, passes, ns, false, &b->shuge))
			return -1;
		last = &b->sfile.slice[b->sfile.n - 1];
		done += last->passes;
		wall += last->wall_ns;
		if (b->o.passes ? done >= b->o.passes : wall >= b->o.duration_ns)
			break;
	}
	add_repeat(b);
	return 0;
}

static int verify(struct mm_bench *b)
{
	char why[256];
	int ret = 0;

	if (b->o.op == MM_COPY_OUT)
		ret = mm_verify_copy_out(&b->k, &b->file, &b->layout, &b->tags,
					 b->buf[0], why, sizeof(why));
	mm_unmap(&b->file);
	if (!ret)
		ret = mm_verify_file(b->target.fd, b->o.size, b->o.op,
				     &b->layout, &b->tags, b->devdax, why, sizeof(why));
	if (ret) {
		fprintf(stderr, "%s: --verify: %s\n", program_invocation_short_name, why);
		db_result_status(b->r, "failed", "--verify: %s", why);
		return -2;
	}
	db_result_note(b->r, b->devdax ?
		       "--verify: every byte of the device read back as expected through a fresh mapping (device-dax has no read())" :
		       "--verify: every byte of the file read back as expected, through a fresh mapping and through pread");
	return 0;
}

/*
 * --file named a character device: device-dax (1), mapped directly, or
 * refused (-1, the reason in @why); 0 for a file.
 */
static int open_device(struct mm_bench *b, char *why, size_t whylen)
{
	int ret = db_devdax_probe(b->target.fd, &b->dev, why, whylen);

	if (ret <= 0)
		return ret;
	b->devdax = true;
	if (b->o.size > b->dev.size)
		db_usage_error("--size: %llu bytes is more than %s holds (%llu bytes)",
			       (unsigned long long)b->o.size, b->dev.name,
			       (unsigned long long)b->dev.size);
	if (b->o.size % b->dev.align)
		db_usage_error("--size: %llu bytes is not a multiple of %s's alignment (%llu bytes)",
			       (unsigned long long)b->o.size, b->dev.name,
			       (unsigned long long)b->dev.align);
	return 1;
}

/* Everything before the first measurement; an exit status on failure. */
int mm_bench_setup(struct mm_bench *b, int argc, char **argv)
{
	char why[256];
	int ret;

	if (db_clock_init(&b->clock, b->o.clock, why, sizeof(why))) {
		fprintf(stderr, "%s: --clock tsc: %s\n",
			program_invocation_short_name, why);
		return 1;
	}
	mm_tags_init(&b->tags, b->o.seed);
	b->r = db_result_new("mmap", argc, argv);
	b->regions = db_regions_new();
	if (mm_layout_init(&b->layout, b->o.size, b->o.block,
			   (unsigned int)b->o.threads, b->o.share,
			   b->o.pattern == MM_RAND, b->o.seed, why, sizeof(why))) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, why);
		return 1;
	}
	if (allowed_cpus(b))
		return 1;
	if (mm_kernel_select(&b->k, b->o.op, b->o.block, b->o.store,
			     b->o.persist, why, sizeof(why))) {
		db_result_set_env(b->r, NULL);
		db_result_set_clock(b->r, &b->clock);
		mm_record_params(b);
		mm_refuse(b, why);
		return MM_EXIT_REFUSED;
	}
	if (db_target_open(&b->target, b->o.dir, b->o.file, b->o.keep, 0))
		return 1;
	ret = open_device(b, why, sizeof(why));
	db_result_set_env(b->r, b->target.path);
	db_result_set_clock(b->r, &b->clock);
	mm_record_params(b);
	if (ret < 0) {
		mm_refuse(b, why);
		return MM_EXIT_REFUSED;
	}
	if (mm_is_tcg())
		db_result_note(b->r, TCG_RATIO_NOTE);
	/* Refuse MAP_SYNC before spending time on the data. */
	if (b->o.persist == MM_P_MAP_SYNC) {
		ret = map_file(b, false);
		if (ret)
			return ret > 0 ? MM_EXIT_REFUSED : 1;
		mm_unmap(&b->file);
	}
	if (map_anon(b))
		return 1;
	if ((b->devdax ? mm_device_prepare : mm_file_prepare)(b->target.fd,
			b->o.size, &b->tags, b->anon.base, why, sizeof(why))) {
		fprintf(stderr, "%s: preparing %s: %s\n",
			program_invocation_short_name, b->target.path, why);
		return 1;
	}
	if (map_file(b, !b->o.cold) || map_huge(b))
		return 1;
	if (alloc_buffers(b)) {
		fprintf(stderr, "%s: out of memory for buffers\n",
			program_invocation_short_name);
		return 1;
	}
	return 0;
}

int mm_bench_run(struct mm_bench *b)
{
	uint64_t i;
	int ret;

	b->min_on_cpu = 1;
	for (i = 0; i < b->o.repeats; i++) {
		/* Each repeat on a mapping of its own, faulted afresh. */
		if (i) {
			mm_unmap(&b->file);
			if (map_file(b, !b->o.cold))
				return -1;
		}
		b->repeat = (int)i;
		ret = measure_repeat(b);
		if (ret)
			return ret;
	}
	db_regions_report(b->regions, b->r);
	note_preemption(b);
	return b->o.verify ? verify(b) : 0;
}

void mm_bench_free(struct mm_bench *b)
{
	mm_unmap(&b->file);
	mm_unmap(&b->anon);
	mm_unmap(&b->huge);
	mm_series_free(&b->sfile);
	mm_series_free(&b->sanon);
	mm_series_free(&b->shuge);
	free_buffers(b);
	mm_layout_free(&b->layout);
	db_target_close(&b->target);
	db_regions_free(b->regions);
	db_result_free(b->r);
}
