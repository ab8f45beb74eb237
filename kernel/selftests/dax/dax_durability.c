// SPDX-License-Identifier: GPL-2.0-only
/*
 * Durability on DAX: data stored through a MAP_SYNC mapping and flushed
 * from the CPU caches by user space (clwb, else clflushopt, else
 * clflush, then sfence), and data written with write()+fsync(), must be
 * intact after the filesystem is unmounted and mounted again.
 *
 * A program cannot remount its own filesystem, so the fixtures are the
 * phases, chosen with the harness's -f option:
 *
 *   -f durability_write   store both files and a checksum file
 *   -f power_cut          with DAX_SHUTDOWN=1: shut the filesystem down
 *                         without flushing its journal
 *                         (EXT4_IOC_SHUTDOWN, NOLOGFLUSH): a power cut
 *   (unmount and mount again: the caller does that)
 *   -f durability_verify  compare with the checksums, remove the files
 *
 * Run without options (make check, run_kselftest.sh), it writes and
 * verifies in one go, with no remount in between, and the power cut
 * skips.
 *
 * MAP_SYNC's promise is that after a write fault the metadata to reach
 * the block is already durable; that is what the power cut tests: the
 * MAP_SYNC file is written after the fsync()ed ones and nothing is ever
 * synced after it, so only the commits its own faults make can save
 * it.  A control file written last, without any sync, shows whether
 * the shutdown really dropped unsynced work.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include "../kselftest_harness.h"
#include "dax_util.h"

#define MAPSYNC_SIZE	(2 * DAX_PMD_SIZE)
#define FSYNC_SIZE	(256 * DAX_PAGE_SIZE)
#define SEED_MAPSYNC	21
#define SEED_FSYNC	22
#define SEED_CONTROL	23
#define CACHELINE	64

#ifndef EXT4_IOC_SHUTDOWN
#define EXT4_IOC_SHUTDOWN		_IOR('X', 125, unsigned int)
#endif
#define EXT4_GOING_FLAGS_NOLOGFLUSH	0x2

static const char *const name_map = "dax_durability.mapsync";
static const char *const name_fsync = "dax_durability.fsync";
static const char *const name_sum = "dax_durability.sum";
static const char *const name_ctl = "dax_durability.control";

/* ---- cache flushing ---------------------------------------------------- */

enum flush_insn { FLUSH_MSYNC, FLUSH_CLFLUSH, FLUSH_CLFLUSHOPT, FLUSH_CLWB };
static const char *const flush_name[] = {
	"msync", "clflush+sfence", "clflushopt+sfence", "clwb+sfence"
};

/* The best cache-line write-back the CPU has (cpuid), as the kernel picks. */
static enum flush_insn flush_pick(void)
{
#if defined(__x86_64__) || defined(__i386__)
	unsigned int a, b, c, d;

	if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
		if (b & (1u << 24))
			return FLUSH_CLWB;
		if (b & (1u << 23))
			return FLUSH_CLFLUSHOPT;
	}
	if (__get_cpuid(1, &a, &b, &c, &d) && (d & (1u << 19)))
		return FLUSH_CLFLUSH;
#endif
	return FLUSH_MSYNC;
}

/* Write back [p, p+len) from the CPU caches and order it before what follows. */
static int flush_range(char *p, size_t len, enum flush_insn how)
{
	char *end = p + len;

	if (how == FLUSH_MSYNC)	/* no user-space flush: DAX msync flushes */
		return msync(p, len, MS_SYNC);
#if defined(__x86_64__) || defined(__i386__)
	for (; p < end; p += CACHELINE) {
		if (how == FLUSH_CLWB)
			asm volatile("clwb %0" : "+m" (*(volatile char *)p));
		else if (how == FLUSH_CLFLUSHOPT)
			asm volatile("clflushopt %0" : "+m" (*(volatile char *)p));
		else
			asm volatile("clflush %0" : "+m" (*(volatile char *)p));
	}
	asm volatile("sfence" ::: "memory");
#endif
	(void)end;
	return 0;
}

/* ---- checksums --------------------------------------------------------- */

/* FNV-1a over a whole file; sets *size.  Returns 0 or -1. */
static int file_sum(const char *path, uint64_t *sum, size_t *size)
{
	static uint8_t buf[65536];
	uint64_t h = 0xcbf29ce484222325ULL;
	ssize_t n, i;
	int fd;

	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	*size = 0;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++)
			h = (h ^ buf[i]) * 0x100000001b3ULL;
		*size += n;
	}
	close(fd);
	*sum = h;
	return n < 0 ? -1 : 0;
}

/* The checksum the pattern of @size bytes with @seed must give. */
static uint64_t pattern_sum(size_t size, unsigned int seed)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < size; i++)
		h = (h ^ dax_pat(i, seed)) * 0x100000001b3ULL;
	return h;
}

static int fsync_path(const char *path, int flags)
{
	int fd = open(path, flags), r;

	if (fd < 0)
		return -1;
	r = fsync(fd);
	close(fd);
	return r;
}

/* ---- where: the top of DAX_DIR, so that the files outlive a run ------ */

static void remove_files(const char *dir)
{
	unlink(dax_path(dir, name_map));
	unlink(dax_path(dir, name_fsync));
	unlink(dax_path(dir, name_sum));
	unlink(dax_path(dir, name_ctl));
}

/* DAX_DIR when it is DAX (checked in a scratch dir, removed at once). */
static const char *checked_dax_dir(char *why, size_t len)
{
	struct dax_scratch s;

	if (dax_scratch_dax(&s)) {
		snprintf(why, len, "%s", s.why);
		return NULL;
	}
	dax_scratch_close(&s);
	return dax_getenv("DAX_DIR");
}

/* ---- write ---------------------------------------------------------------- */

FIXTURE(durability_write) {
	const char *dir;
	char why[512];
};

FIXTURE_SETUP(durability_write)
{
	self->dir = checked_dax_dir(self->why, sizeof(self->why));
}

/* A failed write leaves nothing behind for a later verify. */
FIXTURE_TEARDOWN(durability_write)
{
	if (self->dir && !_metadata->passed)
		remove_files(self->dir);
}

/* write() + fsync(), then the checksum file the verify phase reads. */
TEST_F(durability_write, fsync)
{
	FILE *f;
	int fd;

	if (!self->dir)
		SKIP(return, "%s", self->why);
	fd = dax_create(self->dir, name_fsync);
	ASSERT_LE(0, fd) TH_LOG("create: %s", strerror(errno));
	ASSERT_EQ(0, dax_write_pattern(fd, FSYNC_SIZE, SEED_FSYNC))
		TH_LOG("write: %s", strerror(errno));
	ASSERT_EQ(0, fsync(fd)) TH_LOG("fsync: %s", strerror(errno));
	close(fd);
	f = fopen(dax_path(self->dir, name_sum), "w");
	ASSERT_NE(NULL, f) TH_LOG("checksum file: %s", strerror(errno));
	fprintf(f, "%s %lu %016llx\n%s %lu %016llx\n",
		name_map, MAPSYNC_SIZE,
		(unsigned long long)pattern_sum(MAPSYNC_SIZE, SEED_MAPSYNC),
		name_fsync, FSYNC_SIZE,
		(unsigned long long)pattern_sum(FSYNC_SIZE, SEED_FSYNC));
	if (dax_getenv("DAX_SHUTDOWN"))
		fprintf(f, "control %s %lu\n", name_ctl, FSYNC_SIZE);
	ASSERT_EQ(0, fflush(f));
	ASSERT_EQ(0, fsync(fileno(f))) TH_LOG("checksum file: %s", strerror(errno));
	fclose(f);
	/* the new names live in the directory: make them durable too */
	ASSERT_EQ(0, fsync_path(self->dir, O_RDONLY | O_DIRECTORY))
		TH_LOG("fsync directory: %s", strerror(errno));
}

/* Stores through MAP_SYNC, flushed by hand, never fsync()ed. */
TEST_F(durability_write, mapsync)
{
	enum flush_insn how = flush_pick();
	char *p;
	int fd;

	if (!self->dir)
		SKIP(return, "%s", self->why);
	fd = dax_create_sized(self->dir, name_map, MAPSYNC_SIZE);
	ASSERT_LE(0, fd) TH_LOG("create: %s", strerror(errno));
	p = dax_map_at(fd, MAPSYNC_SIZE, PROT_READ | PROT_WRITE,
		       MAP_SHARED_VALIDATE | MAP_SYNC, 0);
	close(fd);
	if (p == MAP_FAILED && errno == EOPNOTSUPP) {
		unlink(dax_path(self->dir, name_map));
		SKIP(return, "MAP_SYNC refused (virtio-pmem has no MAP_SYNC)");
	}
	if (p == MAP_FAILED && errno == EINVAL) {
		unlink(dax_path(self->dir, name_map));
		SKIP(return, "no MAP_SHARED_VALIDATE|MAP_SYNC in this kernel (4.15)");
	}
	ASSERT_NE(MAP_FAILED, p) TH_LOG("mmap MAP_SYNC: %s", strerror(errno));
	dax_fill(p, MAPSYNC_SIZE, 0, SEED_MAPSYNC);
	ASSERT_EQ(0, flush_range(p, MAPSYNC_SIZE, how))
		TH_LOG("%s: %s", flush_name[how], strerror(errno));
	munmap(p, MAPSYNC_SIZE);
	TH_LOG("%lu KiB stored through MAP_SYNC, flushed with %s",
	       MAPSYNC_SIZE >> 10, flush_name[how]);
}

/* ---- power cut ------------------------------------------------------------- */

FIXTURE(power_cut) {
	const char *dir;
};

/* No scratch dir here: nothing may change between the writes and the cut. */
FIXTURE_SETUP(power_cut)
{
	self->dir = dax_getenv("DAX_DIR");
}

FIXTURE_TEARDOWN(power_cut)
{
}

/*
 * Leave a control file that is never synced, for verify to report on:
 * gone after the remount means the shutdown really dropped unsynced
 * work, so the other files survived because they were made durable.
 */
TEST_F(power_cut, shutdown)
{
	unsigned int flags = EXT4_GOING_FLAGS_NOLOGFLUSH;
	int fd, r;

	if (!dax_getenv("DAX_SHUTDOWN"))
		SKIP(return, "DAX_SHUTDOWN is not set (it shuts DAX_DIR's filesystem down)");
	if (!self->dir)
		SKIP(return, "DAX_DIR is not set");
	fd = dax_create(self->dir, name_ctl);
	ASSERT_LE(0, fd) TH_LOG("control file: %s", strerror(errno));
	ASSERT_EQ(0, dax_write_pattern(fd, FSYNC_SIZE, SEED_CONTROL));
	close(fd);
	fd = open(self->dir, O_RDONLY | O_DIRECTORY);
	ASSERT_LE(0, fd) TH_LOG("open: %s", strerror(errno));
	r = ioctl(fd, EXT4_IOC_SHUTDOWN, &flags);
	close(fd);
	if (r && (errno == ENOTTY || errno == EOPNOTSUPP))
		SKIP(return, "filesystem has no shutdown ioctl (ext4/XFS only)");
	ASSERT_EQ(0, r) TH_LOG("EXT4_IOC_SHUTDOWN: %s", strerror(errno));
	TH_LOG("%s shut down (NOLOGFLUSH): unmount and mount it, then verify",
	       self->dir);
}

/* ---- verify ---------------------------------------------------------------- */

FIXTURE(durability_verify) {
	const char *dir;
	char why[512];
};

FIXTURE_SETUP(durability_verify)
{
	self->dir = checked_dax_dir(self->why, sizeof(self->why));
}

FIXTURE_TEARDOWN(durability_verify)
{
}

/* Check @name against its line in the checksum file and the pattern. */
static void verify_file(struct __test_metadata *_metadata, const char *dir,
			const char *name, unsigned int seed)
{
	unsigned long long want = 0;
	unsigned long wsize = 0;
	char line[256], n[128];
	uint64_t sum = 0;
	size_t size = 0;
	bool found = false;
	FILE *f;

	f = fopen(dax_path(dir, name_sum), "r");
	ASSERT_NE(NULL, f)
		TH_LOG("no %s in %s: the write phase did not run, or it was lost",
		       name_sum, dir);
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%127s %lu %llx", n, &wsize, &want) == 3 &&
			!strcmp(n, name);
	fclose(f);
	ASSERT_TRUE(found) TH_LOG("%s has no line for %s", name_sum, name);
	ASSERT_EQ(0, file_sum(dax_path(dir, name), &sum, &size))
		TH_LOG("%s: %s", name, strerror(errno));
	ASSERT_EQ(wsize, size) TH_LOG("%s: size", name);
	ASSERT_EQ(pattern_sum(wsize, seed), want) TH_LOG("%s: checksum file", name_sum);
	ASSERT_EQ(want, sum) TH_LOG("%s: checksum", name);
}

/* Did a power cut leave a control file?  Say what became of it. */
static void report_control(struct __test_metadata *_metadata, const char *dir)
{
	char line[256];
	bool cut = false;
	uint64_t sum;
	size_t size;
	FILE *f;

	f = fopen(dax_path(dir, name_sum), "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		cut |= !strncmp(line, "control ", 8);
	fclose(f);
	if (!cut)
		return;
	if (file_sum(dax_path(dir, name_ctl), &sum, &size))
		TH_LOG("control file (never synced) is gone: the shutdown dropped unsynced work");
	else
		TH_LOG("control file (never synced) survived with %zu of %lu bytes%s",
		       size, FSYNC_SIZE,
		       sum == pattern_sum(FSYNC_SIZE, SEED_CONTROL) ? ", intact" : "");
}

TEST_F(durability_verify, mapsync)
{
	if (!self->dir)
		SKIP(return, "%s", self->why);
	verify_file(_metadata, self->dir, name_map, SEED_MAPSYNC);
}

/* The last case: it also removes the files. */
TEST_F(durability_verify, fsync)
{
	if (!self->dir)
		SKIP(return, "%s", self->why);
	report_control(_metadata, self->dir);
	verify_file(_metadata, self->dir, name_fsync, SEED_FSYNC);
	remove_files(self->dir);
}

TEST_HARNESS_MAIN
