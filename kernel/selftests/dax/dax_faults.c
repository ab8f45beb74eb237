// SPDX-License-Identifier: GPL-2.0-only
/*
 * Page-fault counts on DAX mappings.  Fault counts are exact and
 * repeatable even under emulation, so these cases assert on them:
 *
 *  - a store to an unmapped DAX page takes one fault.  Before DAX, XIP
 *    took two (a read fault mapping the zero page, then a write fault),
 *    and "Support ext4 on NV-DIMMs" (patch 4) fixed that.
 *  - a 2 MiB-aligned mapping of a fresh file whose blocks are 2 MiB
 *    aligned on the device is mapped with PMDs: size / 2 MiB faults.
 *  - the same file mapped at an address that is not 2 MiB aligned
 *    (relative to the file offset) falls back to one fault per page.
 *
 * A DAX fault that allocates a block is counted as a major fault, so
 * the counters are minor + major together.
 */
#include "dax_selftest.h"
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/vfs.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <linux/perf_event.h>

#define EXT2_SUPER_MAGIC	0xEF53	/* ext2, ext3 and ext4 */
#ifndef FS_EXTENT_FL
#define FS_EXTENT_FL		0x00080000
#endif

#define PMD_FILE_SIZE	(8 * DAX_PMD_SIZE)	/* 8 PMDs, 4096 pages */

/* perf counter of this thread's page faults, or -1 to use getrusage */
static int perf_fd = -1;

static void faults_open(void)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE,
		.size = sizeof(attr),
		.config = PERF_COUNT_SW_PAGE_FAULTS,
		.exclude_kernel = 1,
		.exclude_hv = 1,
	};

	perf_fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
}

static const char *faults_counter(void)
{
	return perf_fd >= 0 ? "perf PAGE_FAULTS" : "getrusage minflt+majflt";
}

/* Minor + major faults so far. */
static long faults_now(void)
{
	struct rusage ru;
	long long n;

	if (perf_fd >= 0 && read(perf_fd, &n, sizeof(n)) == sizeof(n))
		return (long)n;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt + ru.ru_majflt;
}

/* Store one byte per page; return the faults it took. */
static long touch_pages(volatile char *p, size_t len)
{
	long before = faults_now();
	size_t off;

	for (off = 0; off < len; off += DAX_PAGE_SIZE)
		p[off] = 1;
	return faults_now() - before;
}

/* Read one byte per page; return the faults it took. */
static long read_pages(volatile char *p, size_t len)
{
	long before = faults_now();
	size_t off;
	char c = 0;

	for (off = 0; off < len; off += DAX_PAGE_SIZE)
		c ^= p[off];
	(void)c;
	return faults_now() - before;
}

/* One store to a new page: exactly one fault; a second store: none. */
static enum dax_result faults_dax_write_once(void)
{
	const char *dir = dax_dir();
	long first, again;
	char *p;
	int fd;

	if (!dir)
		return DAX_SKIP;
	fd = dax_create_sized(dir, "once", DAX_PAGE_SIZE);
	if (fd < 0)
		return FAIL_ERRNO("create");
	p = mmap(NULL, DAX_PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return FAIL_ERRNO("mmap");
	first = touch_pages(p, DAX_PAGE_SIZE);
	again = touch_pages(p, DAX_PAGE_SIZE);
	munmap(p, DAX_PAGE_SIZE);
	tap_diag("store to an unmapped DAX page: %ld fault(s), again: %ld (%s)",
		 first, again, faults_counter());
	if (first != 1 || again != 0)
		return FAIL("%ld then %ld faults, want 1 then 0", first, again);
	return DAX_PASS;
}

/*
 * Are all extents of @fd 2 MiB aligned on the device?  ext4 allocates
 * them so on a fresh filesystem, and keeps doing so when made with
 * mkfs.ext4 -E stride=512,stripe_width=512; a fragmented one may not,
 * and then PMD faults are impossible and the case has nothing to say
 * about the kernel.
 */
static int extents_pmd_aligned(int fd, char *why, size_t len)
{
	const unsigned int max = 64;
	struct fiemap *fm;
	unsigned int i;
	int r = 1;

	fm = calloc(1, sizeof(*fm) + max * sizeof(struct fiemap_extent));
	if (!fm) {
		snprintf(why, len, "out of memory");
		return -1;
	}
	fm->fm_length = FIEMAP_MAX_OFFSET;
	fm->fm_flags = FIEMAP_FLAG_SYNC;
	fm->fm_extent_count = max;
	if (ioctl(fd, FS_IOC_FIEMAP, fm)) {
		snprintf(why, len, "FIEMAP: %s", strerror(errno));
		r = -1;
	} else if (!fm->fm_mapped_extents) {
		snprintf(why, len, "FIEMAP reports no extents");
		r = -1;
	}
	for (i = 0; r == 1 && i < fm->fm_mapped_extents; i++) {
		struct fiemap_extent *e = &fm->fm_extents[i];

		if ((e->fe_physical - e->fe_logical) % DAX_PMD_SIZE) {
			snprintf(why, len, "extent at file offset %llu is at device offset %llu, not 2 MiB aligned with it",
				 (unsigned long long)e->fe_logical,
				 (unsigned long long)e->fe_physical);
			r = 0;
		}
	}
	free(fm);
	return r;
}

/*
 * ext2-format files (no FS_EXTENT_FL, whether ext2 or ext4 serves them)
 * are mapped block by block through indirect blocks.  Debian's 6.1
 * (ext4 serving ext2) maps them with 4 KiB pages only, even when FIEMAP
 * shows the blocks 2 MiB aligned: 4096 faults for 16 MiB.  That is a
 * limit of the filesystem, not a DAX fault-path bug, so it is a skip.
 */
static bool block_mapped(int fd)
{
	struct statfs sf;
	int flags = 0;

	if (fstatfs(fd, &sf) || sf.f_type != EXT2_SUPER_MAGIC)
		return false;
	return !ioctl(fd, FS_IOC_GETFLAGS, &flags) && !(flags & FS_EXTENT_FL);
}

/*
 * Why PMD faults cannot happen on this kernel, or NULL: they need
 * transparent huge pages, and DAX PMD faults work since 4.10 (added in
 * 4.2, then disabled until the radix-tree locking rework).
 */
static const char *no_pmd_support(void)
{
	struct utsname u;
	int maj = 0, min = 0;

	if (access("/sys/kernel/mm/transparent_hugepage", F_OK))
		return "kernel without CONFIG_TRANSPARENT_HUGEPAGE: no PMD faults";
	if (!uname(&u) && sscanf(u.release, "%d.%d", &maj, &min) == 2 &&
	    (maj < 4 || (maj == 4 && min < 10)))
		return "DAX PMD faults need Linux 4.10";
	return NULL;
}

/* Map a fresh sparse file at 2 MiB + @misalign, store to every page. */
static enum dax_result pmd_case(const char *name, size_t misalign, long want)
{
	const char *dir = dax_dir();
	long wr, rd;
	char why[512] = "unknown";
	char *p;
	int fd, al, bm;

	if (!dir)
		return DAX_SKIP;
	fd = dax_create_sized(dir, name, PMD_FILE_SIZE);
	if (fd < 0)
		return FAIL_ERRNO("create");
	p = dax_map_at(fd, PMD_FILE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		       misalign);
	if (p == MAP_FAILED) {
		close(fd);
		return FAIL_ERRNO("mmap");
	}
	wr = touch_pages(p, PMD_FILE_SIZE);
	munmap(p, PMD_FILE_SIZE);
	/* the blocks exist now: a new mapping takes read faults only */
	p = dax_map_at(fd, PMD_FILE_SIZE, PROT_READ, MAP_SHARED, misalign);
	if (p == MAP_FAILED) {
		close(fd);
		return FAIL_ERRNO("mmap");
	}
	rd = read_pages(p, PMD_FILE_SIZE);
	munmap(p, PMD_FILE_SIZE);
	al = extents_pmd_aligned(fd, why, sizeof(why));
	bm = block_mapped(fd);
	close(fd);
	tap_diag("%s: %lu MiB, write %ld faults, read %ld faults, want %ld (%s)",
		 name, PMD_FILE_SIZE >> 20, wr, rd, want, faults_counter());
	if (wr == want && rd == want)
		return DAX_PASS;
	tap_diag("%s: extents %s", name, al == 1 ? "2 MiB aligned" : why);
	if (!misalign && no_pmd_support())
		return SKIP("%s", no_pmd_support());
	if (!misalign && bm)
		return SKIP("ext2-format (block-mapped) file: mapped with 4 KiB pages only");
	if (al == 0 && !misalign)
		return SKIP("%s (mkfs.ext4 -E stride=512,stripe_width=512)", why);
	return FAIL("write %ld, read %ld faults, want %ld", wr, rd, want);
}

static enum dax_result faults_dax_pmd_aligned(void)
{
	return pmd_case("pmd_aligned", 0, PMD_FILE_SIZE / DAX_PMD_SIZE);
}

static enum dax_result faults_dax_pmd_misaligned(void)
{
	return pmd_case("pmd_misaligned", DAX_PAGE_SIZE,
			PMD_FILE_SIZE / DAX_PAGE_SIZE);
}

static const struct dax_case cases[] = {
	{ "faults_dax_write_once", faults_dax_write_once },
	{ "faults_dax_pmd_aligned", faults_dax_pmd_aligned },
	{ "faults_dax_pmd_misaligned", faults_dax_pmd_misaligned },
};

int main(int argc, char **argv)
{
	dax_setup(argc, argv, NULL);
	faults_open();
	if (perf_fd >= 0)
		ioctl(perf_fd, PERF_EVENT_IOC_ENABLE, 0);
	return dax_run(cases, sizeof(cases) / sizeof(cases[0]));
}
