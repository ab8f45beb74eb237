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
 * 1/SLICES of the measurement (at least one pass each).
 */
#define SLICES 32

/* What the slices of one memory add up to in one repeat. */
struct tally {
	uint64_t wall_ns, busy_ns, cpu_ns, blocks, bytes, passes, minflt, majflt;
};

static double gbps(const struct tally *t)
{
	return t->wall_ns ? (double)t->bytes / (double)t->wall_ns : NAN;
}

static double ns_per_block(const struct tally *t)
{
	return t->blocks ? (double)t->busy_ns / (double)t->blocks : NAN;
}

/* The share of the measured time the threads were on a CPU. */
static double on_cpu(const struct tally *t)
{
	return t->busy_ns ? (double)t->cpu_ns / (double)t->busy_ns : NAN;
}

/*
 * The rate while on a CPU: the bytes over the threads' CPU time (per
 * thread, as the threads run side by side).  A thread that is not
 * running moves no bytes, so this is what the memory path delivers when
 * it gets the CPU, whatever else the machine (or its host) runs.
 */
static double gbps_on_cpu(const struct tally *t, unsigned int threads)
{
	return t->cpu_ns ? (double)t->bytes * threads / (double)t->cpu_ns : NAN;
}

/* Remember the lowest on-CPU share of any memory in any repeat. */
static void track_preemption(struct mm_bench *b, const struct tally *t)
{
	double f = on_cpu(t);

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
			       "the measuring threads were not running for part of the measured time (on a CPU %.0f%% of it at worst, metric on_cpu): other load here or on the host; *_bandwidth and ratio_to_* count that time, the *_on_cpu figures do not",
			       100 * b->min_on_cpu);
}

/* A slice of one memory: @passes passes, or @ns of passes; added to @t. */
static int run_slice(struct mm_bench *b, const struct mm_mem *m, uint64_t passes,
		     uint64_t ns, bool first, struct tally *t)
{
	struct mm_run run = {
		.k = &b->k, .layout = &b->layout, .mem = m, .clock = &b->clock,
		.tags = &b->tags, .buf = b->buf, .cpus = b->cpus,
		.ncpus = b->ncpus, .passes = passes, .duration_ns = ns,
		/* The roofline is memory bandwidth: always warm. */
		.cold = m == &b->file && b->o.cold,
		.first_sum = m == &b->file && first ? b->sums : NULL,
	};

	if (mm_run_measure(&run)) {
		fprintf(stderr, "%s: %s\n", program_invocation_short_name, run.why);
		return -1;
	}
	t->wall_ns += run.wall_ns;
	t->busy_ns += run.busy_ns;
	t->cpu_ns += run.cpu_ns;
	t->blocks += run.blocks;
	t->bytes += run.bytes;
	t->passes += run.done_passes;
	t->minflt += run.minflt;
	t->majflt += run.majflt;
	return 0;
}

static void add_roofline(struct mm_bench *b, const char *name,
			 const struct tally *t, const struct tally *file)
{
	unsigned int n = b->layout.threads;
	char metric[64];

	snprintf(metric, sizeof(metric), "%s_bandwidth", name);
	db_result_add(b->r, metric, "GB/s", DB_HIGHER_IS_BETTER, gbps(t));
	snprintf(metric, sizeof(metric), "%s_ns_per_block", name);
	db_result_add(b->r, metric, "ns", DB_LOWER_IS_BETTER, ns_per_block(t));
	snprintf(metric, sizeof(metric), "ratio_to_%s", name);
	db_result_add(b->r, metric, "ratio", DB_HIGHER_IS_BETTER,
		      gbps(file) / gbps(t));
	snprintf(metric, sizeof(metric), "%s_bandwidth_on_cpu", name);
	db_result_add(b->r, metric, "GB/s", DB_HIGHER_IS_BETTER,
		      gbps_on_cpu(t, n));
	snprintf(metric, sizeof(metric), "ratio_to_%s_on_cpu", name);
	db_result_add(b->r, metric, "ratio", DB_HIGHER_IS_BETTER,
		      gbps_on_cpu(file, n) / gbps_on_cpu(t, n));
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

/*
 * One repeat.  The file and the roofline memories take turns, a slice
 * each, so that whatever else the machine does during the repeat (other
 * tenants, frequency changes) weighs on all of them alike and their ratio
 * holds even when the absolute figures drift.  The repeat ends when the
 * file has had its passes or its measured time.
 */
static int measure_repeat(struct mm_bench *b)
{
	struct tally file = { 0 }, anon = { 0 }, huge = { 0 };
	uint64_t passes = 0, ns = 0;
	bool first = true;

	if (b->o.passes)
		passes = (b->o.passes + SLICES - 1) / SLICES;
	else
		ns = b->o.duration_ns / SLICES;
	for (;;) {
		if (b->o.passes && b->o.passes - file.passes < passes)
			passes = b->o.passes - file.passes;
		if (run_slice(b, &b->file, passes, ns, first, &file))
			return -1;
		if (first && b->o.op == MM_READ && b->o.verify && check_sums(b))
			return -2;
		first = false;
		if (b->o.roofline &&
		    run_slice(b, &b->anon, passes, ns, false, &anon))
			return -1;
		if (b->have_huge &&
		    run_slice(b, &b->huge, passes, ns, false, &huge))
			return -1;
		if (b->o.passes ? file.passes >= b->o.passes :
				  file.wall_ns >= b->o.duration_ns)
			break;
	}
	db_result_add(b->r, "bandwidth", "GB/s", DB_HIGHER_IS_BETTER, gbps(&file));
	db_result_add(b->r, "ns_per_block", "ns", DB_LOWER_IS_BETTER,
		      ns_per_block(&file));
	db_result_add(b->r, "on_cpu", "ratio", DB_NEITHER, on_cpu(&file));
	db_result_add(b->r, "bandwidth_on_cpu", "GB/s", DB_HIGHER_IS_BETTER,
		      gbps_on_cpu(&file, b->layout.threads));
	db_result_add(b->r, "passes", "count", DB_NEITHER, (double)file.passes);
	db_result_add(b->r, "faults_minor", "count", DB_NEITHER, (double)file.minflt);
	db_result_add(b->r, "faults_major", "count", DB_NEITHER, (double)file.majflt);
	track_preemption(b, &file);
	if (b->o.roofline) {
		add_roofline(b, "anon", &anon, &file);
		track_preemption(b, &anon);
	}
	if (b->have_huge) {
		add_roofline(b, "huge", &huge, &file);
		track_preemption(b, &huge);
	}
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
				     &b->layout, &b->tags, why, sizeof(why));
	if (ret) {
		fprintf(stderr, "%s: --verify: %s\n", program_invocation_short_name, why);
		db_result_status(b->r, "failed", "--verify: %s", why);
		return -2;
	}
	db_result_note(b->r, "--verify: every byte of the file read back as expected, through a fresh mapping and through pread");
	return 0;
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
	db_result_set_env(b->r, b->target.path);
	db_result_set_clock(b->r, &b->clock);
	mm_record_params(b);
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
	if (mm_file_prepare(b->target.fd, b->o.size, &b->tags, b->anon.base,
			    why, sizeof(why))) {
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
		ret = measure_repeat(b);
		if (ret)
			return ret;
	}
	note_preemption(b);
	return b->o.verify ? verify(b) : 0;
}

void mm_bench_free(struct mm_bench *b)
{
	mm_unmap(&b->file);
	mm_unmap(&b->anon);
	mm_unmap(&b->huge);
	free_buffers(b);
	mm_layout_free(&b->layout);
	db_target_close(&b->target);
	db_result_free(b->r);
}
