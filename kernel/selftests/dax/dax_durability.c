// SPDX-License-Identifier: GPL-2.0-only
/*
 * Durability on DAX: data stored through a MAP_SYNC mapping and flushed
 * from the CPU caches by user space (clwb, else clflushopt, else
 * clflush, then sfence), and data written with write()+fsync(), must be
 * intact after the filesystem is unmounted and mounted again.
 *
 * A program cannot remount its own filesystem, so the test has phases:
 *
 *   --phase write           store both files and a checksum file
 *   --phase write-shutdown  the same, then shut the filesystem down
 *                           without flushing its journal
 *                           (EXT4_IOC_SHUTDOWN, NOLOGFLUSH): a power cut
 *   (unmount and mount again: the caller does that)
 *   --phase verify          compare with the checksums, remove the files
 *   --phase all             write then verify in one run (the default,
 *                           for make check: no remount in between)
 *
 * MAP_SYNC's promise is that after a write fault the metadata to reach
 * the block is already durable; that is what write-shutdown tests: the
 * MAP_SYNC file is written after the fsync()ed ones and nothing is ever
 * synced after it, so only the commits its own faults make can save
 * it.  A control file written last, without any sync, shows whether
 * the shutdown really dropped unsynced work.
 */
#include "dax_selftest.h"
#include <sys/ioctl.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

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

/* ---- write phase ------------------------------------------------------- */

static const char *top_dir(void)
{
	return dax_dir() ? env.dax_dir : NULL;
}

static void remove_files(void)
{
	unlink(dax_path(env.dax_dir, name_map));
	unlink(dax_path(env.dax_dir, name_fsync));
	unlink(dax_path(env.dax_dir, name_sum));
	unlink(dax_path(env.dax_dir, name_ctl));
}

/* Stores through MAP_SYNC, flushed by hand, never fsync()ed. */
static enum dax_result durability_dax_mapsync_write(void)
{
	enum flush_insn how = flush_pick();
	const char *dir = top_dir();
	char *p;
	int fd;

	if (!dir)
		return DAX_SKIP;
	fd = dax_create_sized(dir, name_map, MAPSYNC_SIZE);
	if (fd < 0)
		return FAIL_ERRNO("create");
	p = dax_map_at(fd, MAPSYNC_SIZE, PROT_READ | PROT_WRITE,
		       MAP_SHARED_VALIDATE | MAP_SYNC, 0);
	close(fd);
	if (p == MAP_FAILED) {
		unlink(dax_path(dir, name_map));
		if (errno == EOPNOTSUPP)
			return SKIP("MAP_SYNC refused (virtio-pmem has no MAP_SYNC)");
		if (errno == EINVAL)
			return SKIP("no MAP_SHARED_VALIDATE|MAP_SYNC in this kernel (4.15)");
		return FAIL_ERRNO("mmap MAP_SYNC");
	}
	dax_fill(p, MAPSYNC_SIZE, 0, SEED_MAPSYNC);
	if (flush_range(p, MAPSYNC_SIZE, how)) {
		munmap(p, MAPSYNC_SIZE);
		return FAIL_ERRNO(flush_name[how]);
	}
	munmap(p, MAPSYNC_SIZE);
	tap_diag("%lu KiB stored through MAP_SYNC, flushed with %s",
		 MAPSYNC_SIZE >> 10, flush_name[how]);
	return DAX_PASS;
}

/* write() + fsync(), then the checksum file the verify phase reads. */
static enum dax_result durability_dax_fsync_write(void)
{
	const char *dir = top_dir();
	FILE *f;
	int fd;

	if (!dir)
		return DAX_SKIP;
	fd = dax_create(dir, name_fsync);
	if (fd < 0 || dax_write_pattern(fd, FSYNC_SIZE, SEED_FSYNC) || fsync(fd)) {
		if (fd >= 0)
			close(fd);
		return FAIL_ERRNO("write+fsync");
	}
	close(fd);
	f = fopen(dax_path(dir, name_sum), "w");
	if (!f)
		return FAIL_ERRNO("checksum file");
	fprintf(f, "%s %lu %016llx\n%s %lu %016llx\n",
		name_map, MAPSYNC_SIZE,
		(unsigned long long)pattern_sum(MAPSYNC_SIZE, SEED_MAPSYNC),
		name_fsync, FSYNC_SIZE,
		(unsigned long long)pattern_sum(FSYNC_SIZE, SEED_FSYNC));
	if (!strcmp(env.phase, "write-shutdown"))
		fprintf(f, "control %s %lu\n", name_ctl, FSYNC_SIZE);
	if (fflush(f) || fsync(fileno(f))) {
		fclose(f);
		return FAIL_ERRNO("checksum file");
	}
	fclose(f);
	/* the new names live in the directory: make them durable too */
	if (fsync_path(dir, O_RDONLY | O_DIRECTORY))
		return FAIL_ERRNO("fsync directory");
	return DAX_PASS;
}

/*
 * Leave a control file that is never synced, for verify to report on:
 * gone after the remount means the shutdown really dropped unsynced
 * work, so the other files survived because they were made durable.
 */
static int write_control(const char *dir)
{
	int fd;

	fd = dax_create(dir, name_ctl);
	if (fd < 0 || dax_write_pattern(fd, FSYNC_SIZE, SEED_CONTROL)) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* Cut the power, as far as the filesystem can tell: no journal flush. */
static enum dax_result durability_dax_shutdown(void)
{
	unsigned int flags = EXT4_GOING_FLAGS_NOLOGFLUSH;
	const char *dir = top_dir();
	int fd, r;

	if (!dir)
		return DAX_SKIP;
	if (write_control(dir))
		return FAIL_ERRNO("control file");
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return FAIL_ERRNO("open");
	r = ioctl(fd, EXT4_IOC_SHUTDOWN, &flags);
	close(fd);
	if (r && (errno == ENOTTY || errno == EOPNOTSUPP))
		return SKIP("filesystem has no shutdown ioctl (ext4/XFS only)");
	if (r)
		return FAIL_ERRNO("EXT4_IOC_SHUTDOWN");
	tap_diag("%s shut down (NOLOGFLUSH): unmount and mount it, then --phase verify",
		 dir);
	return DAX_PASS;
}

/* ---- verify phase ------------------------------------------------------ */

/* Check @name against its line in the checksum file and the pattern. */
static enum dax_result verify_file(const char *name, unsigned int seed)
{
	const char *dir = top_dir();
	unsigned long long want;
	unsigned long wsize;
	char line[256], n[128];
	uint64_t sum = 0;
	size_t size = 0;
	bool found = false;
	FILE *f;

	if (!dir)
		return DAX_SKIP;
	f = fopen(dax_path(dir, name_sum), "r");
	if (!f)
		return FAIL("no %s in %s: --phase write not run, or lost",
			    name_sum, dir);
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%127s %lu %llx", n, &wsize, &want) == 3 &&
			!strcmp(n, name);
	fclose(f);
	if (!found)
		return FAIL("%s has no line for %s", name_sum, name);
	if (file_sum(dax_path(dir, name), &sum, &size))
		return FAIL("%s: %s", name, strerror(errno));
	if (size != wsize)
		return FAIL("%s has %zu bytes, wrote %lu", name, size, wsize);
	if (sum != want || want != pattern_sum(wsize, seed))
		return FAIL("%s: checksum %016llx, wrote %016llx", name,
			    (unsigned long long)sum, want);
	return DAX_PASS;
}

static enum dax_result durability_dax_mapsync_verify(void)
{
	return verify_file(name_map, SEED_MAPSYNC);
}

/* Did write-shutdown leave a control file?  Say what became of it. */
static void report_control(const char *dir)
{
	char line[256];
	bool shut = false;
	uint64_t sum;
	size_t size;
	FILE *f;

	f = fopen(dax_path(dir, name_sum), "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		shut |= !strncmp(line, "control ", 8);
	fclose(f);
	if (!shut)
		return;
	if (file_sum(dax_path(dir, name_ctl), &sum, &size))
		tap_diag("control file (never synced) is gone: the shutdown dropped unsynced work");
	else
		tap_diag("control file (never synced) survived with %zu of %lu bytes%s",
			 size, FSYNC_SIZE,
			 sum == pattern_sum(FSYNC_SIZE, SEED_CONTROL) ? ", intact" : "");
}

static enum dax_result durability_dax_fsync_verify(void)
{
	enum dax_result r = verify_file(name_fsync, SEED_FSYNC);

	if (r == DAX_SKIP)
		return r;
	report_control(env.dax_dir);
	remove_files();
	return r;
}

/* ---- phases ------------------------------------------------------------ */

#define P_WRITE		1
#define P_SHUTDOWN	2
#define P_VERIFY	4

static const struct {
	struct dax_case c;
	int phases;
} all_cases[] = {
	{ { "durability_dax_fsync_write", durability_dax_fsync_write }, P_WRITE },
	{ { "durability_dax_mapsync_write", durability_dax_mapsync_write }, P_WRITE },
	{ { "durability_dax_shutdown", durability_dax_shutdown }, P_SHUTDOWN },
	{ { "durability_dax_mapsync_verify", durability_dax_mapsync_verify }, P_VERIFY },
	{ { "durability_dax_fsync_verify", durability_dax_fsync_verify }, P_VERIFY },
};

static int phase_mask(const char *phase)
{
	if (!strcmp(phase, "write"))
		return P_WRITE;
	if (!strcmp(phase, "write-shutdown"))
		return P_WRITE | P_SHUTDOWN;
	if (!strcmp(phase, "verify"))
		return P_VERIFY;
	return P_WRITE | P_VERIFY;	/* all */
}

int main(int argc, char **argv)
{
	struct dax_case cases[sizeof(all_cases) / sizeof(all_cases[0])];
	int i, n = 0, mask, rc;

	dax_setup(argc, argv, "all write write-shutdown verify");
	mask = phase_mask(env.phase);
	/*
	 * Before a shutdown our scratch dir must go now, so that the
	 * removal is committed with the first MAP_SYNC fault; removed
	 * later, journal replay would bring it back.
	 */
	if (mask & P_SHUTDOWN)
		dax_cleanup();
	for (i = 0; i < (int)(sizeof(all_cases) / sizeof(all_cases[0])); i++)
		if (all_cases[i].phases & mask)
			cases[n++] = all_cases[i].c;
	rc = dax_run(cases, n);
	/* a failed write phase leaves nothing behind for a later verify */
	if (rc == KSFT_FAIL && !(mask & P_VERIFY) && env.dax_dir)
		remove_files();
	return rc;
}
