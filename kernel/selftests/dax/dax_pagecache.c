// SPDX-License-Identifier: GPL-2.0-only
/*
 * DAX reads go straight to the media: reading a DAX file must not grow
 * the page cache, while reading the same amount through the page cache
 * does.  Measured as "Cached" in /proc/meminfo around reading a 64 MiB
 * file that was first evicted (fsync + POSIX_FADV_DONTNEED, checked
 * with mincore()).
 *
 * Tolerance: Cached is system wide, so other activity moves it too.
 * The two outcomes differ by the whole file (64 MiB), so the DAX case
 * allows growth below a quarter of the file and the page-cache case
 * wants growth of at least three quarters: 16 MiB of slack either way
 * is far more than a quiet test guest or a busy build host adds or
 * reclaims in the fraction of a second a read takes, and far less than
 * the effect being measured.
 */
#include "dax_selftest.h"
#include <sys/vfs.h>

#define FILE_SIZE	(64UL << 20)
#define TOLERANCE	(FILE_SIZE / 4)
#define TMPFS_MAGIC	0x01021994

/* "Cached:" from /proc/meminfo in bytes, or -1. */
static long long meminfo_cached(void)
{
	char line[256];
	long long kb = -1;
	FILE *f;

	f = fopen("/proc/meminfo", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Cached: %lld kB", &kb) == 1)
			break;
	fclose(f);
	return kb < 0 ? -1 : kb * 1024;
}

/* How many pages of @fd are in the page cache (mincore), or -1. */
static long resident_pages(int fd, size_t len)
{
	static unsigned char vec[FILE_SIZE / DAX_PAGE_SIZE];
	long n = 0;
	size_t i;
	void *p;

	p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		return -1;
	if (mincore(p, len, vec)) {
		munmap(p, len);
		return -1;
	}
	munmap(p, len);
	for (i = 0; i < len / DAX_PAGE_SIZE; i++)
		n += vec[i] & 1;
	return n;
}

static int read_all(int fd, size_t len)
{
	static char buf[1 << 20];
	size_t off;

	for (off = 0; off < len; off += sizeof(buf))
		if (pread(fd, buf, sizeof(buf), off) != (ssize_t)sizeof(buf))
			return -1;
	return 0;
}

/*
 * Write the file, evict it, read it, and return the growth of Cached
 * in *growth.  Returns DAX_PASS when measured, else the skip/fail.
 */
static enum dax_result measure(const char *dir, long long *growth)
{
	long long before, after;
	long res;
	int fd;

	fd = dax_create(dir, "cached");
	if (fd < 0)
		return FAIL_ERRNO("create");
	if (dax_write_pattern(fd, FILE_SIZE, 4) || fsync(fd)) {
		close(fd);
		return FAIL_ERRNO("write+fsync 64 MiB");
	}
	/* clean pages can now be dropped; DONTNEED is a no-op on DAX */
	posix_fadvise(fd, 0, FILE_SIZE, POSIX_FADV_DONTNEED);
	res = resident_pages(fd, FILE_SIZE);
	if (res > 0) {
		close(fd);
		return SKIP("%ld pages stay cached after POSIX_FADV_DONTNEED", res);
	}
	before = meminfo_cached();
	if (read_all(fd, FILE_SIZE)) {
		close(fd);
		return FAIL_ERRNO("read 64 MiB");
	}
	after = meminfo_cached();
	close(fd);
	unlink(dax_path(dir, "cached"));
	if (before < 0 || after < 0)
		return SKIP("no Cached line in /proc/meminfo");
	*growth = after - before;
	tap_diag("reading 64 MiB from %s: Cached %+lld KiB", dir, *growth / 1024);
	return DAX_PASS;
}

static enum dax_result pagecache_dax_read_no_growth(void)
{
	const char *dir = dax_dir();
	long long growth = 0;
	enum dax_result r;

	if (!dir)
		return DAX_SKIP;
	r = measure(dir, &growth);
	if (r != DAX_PASS)
		return r;
	if (growth >= (long long)TOLERANCE)
		return FAIL("Cached grew %lld KiB reading a DAX file (limit %lu KiB)",
			    growth / 1024, TOLERANCE / 1024);
	return DAX_PASS;
}

static enum dax_result pagecache_read_grows(void)
{
	const char *dir = pc_dir();
	long long growth = 0;
	enum dax_result r;
	struct statfs sf;

	if (!dir)
		return DAX_SKIP;
	/* tmpfs pages are cache from the moment they are written */
	if (!statfs(dir, &sf) && sf.f_type == TMPFS_MAGIC)
		return SKIP("%s is tmpfs: its pages are always cached", env.pc_dir);
	r = measure(dir, &growth);
	if (r != DAX_PASS)
		return r;
	if (growth < (long long)(FILE_SIZE - TOLERANCE))
		return FAIL("Cached grew only %lld KiB reading 64 MiB (want >= %lu KiB)",
			    growth / 1024, (FILE_SIZE - TOLERANCE) / 1024);
	return DAX_PASS;
}

static const struct dax_case cases[] = {
	{ "pagecache_dax_read_no_growth", pagecache_dax_read_no_growth },
	{ "pagecache_read_grows", pagecache_read_grows },
};

int main(int argc, char **argv)
{
	dax_setup(argc, argv, NULL);
	return dax_run(cases, sizeof(cases) / sizeof(cases[0]));
}
