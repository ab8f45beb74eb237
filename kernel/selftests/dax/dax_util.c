// SPDX-License-Identifier: GPL-2.0-only
/*
 * Helpers of the DAX selftests (see dax_util.h).  No harness here: this
 * file is linked into every test, and a kernel tree's harness header may
 * be included by one file of a program only.
 */
#include "dax_util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <linux/perf_event.h>

const char *dax_getenv(const char *name)
{
	const char *v = getenv(name);

	return v && v[0] ? v : NULL;
}

/* ---- scratch files ------------------------------------------------------ */

const char *dax_path(const char *dir, const char *name)
{
	static char buf[4][8192];
	static int slot;

	slot = (slot + 1) % 4;
	snprintf(buf[slot], sizeof(buf[slot]), "%s/%s", dir, name);
	return buf[slot];
}

int dax_create(const char *dir, const char *name)
{
	return open(dax_path(dir, name), O_RDWR | O_CREAT | O_TRUNC, 0600);
}

/* A new file of @size bytes (sparse), or -1 with errno set; no fd leaks. */
int dax_create_sized(const char *dir, const char *name, off_t size)
{
	int fd = dax_create(dir, name), e;

	if (fd >= 0 && ftruncate(fd, size)) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* A new file holding @len bytes of pattern @seed, or -1 with errno set. */
int dax_create_pattern(const char *dir, const char *name, size_t len,
		       unsigned int seed)
{
	int fd = dax_create(dir, name), e;

	if (fd >= 0 && dax_write_pattern(fd, len, seed)) {
		e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

/* Scratch dirs only ever hold flat files and empty dirs the tests made. */
void dax_rmtree(const char *dir)
{
	struct dirent *de;
	DIR *d;

	d = opendir(dir);
	if (d) {
		while ((de = readdir(d))) {
			const char *p;

			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			p = dax_path(dir, de->d_name);
			if (unlink(p) && errno == EISDIR)
				rmdir(p);
		}
		closedir(d);
	}
	rmdir(dir);
}

/* ---- mounts -------------------------------------------------------------- */

static void copy_cut(char *dst, const char *src, size_t len)
{
	snprintf(dst, len, "%s", src);
}

bool dax_mount_opts(const char *path, char *fstype, size_t tlen,
		    char *opts, size_t olen)
{
	char line[4096], t[256], o[2048];
	unsigned int ma, mi;
	struct stat st;
	bool found = false;
	FILE *f;

	if (stat(path, &st))
		return false;
	f = fopen("/proc/self/mountinfo", "r");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		char *sep = strstr(line, " - ");

		if (sscanf(line, "%*d %*d %u:%u", &ma, &mi) != 2 || !sep)
			continue;
		if (ma != major(st.st_dev) || mi != minor(st.st_dev))
			continue;
		/* after " - ": fstype source super-options; the last wins */
		if (sscanf(sep + 3, "%255s %*s %2047s", t, o) != 2)
			continue;
		copy_cut(fstype, t, tlen);
		copy_cut(opts, o, olen);
		found = true;
	}
	fclose(f);
	return found;
}

bool dax_has_opt(const char *opts, const char *opt)
{
	size_t n = strlen(opt);
	const char *p = opts;

	while ((p = strstr(p, opt))) {
		if ((p == opts || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return true;
		p += n;
	}
	return false;
}

bool dax_opts_say_dax(const char *opts)
{
	return dax_has_opt(opts, "dax") || dax_has_opt(opts, "dax=always") ||
	       dax_has_opt(opts, "xip");
}

bool dax_device_supports_dax(const char *path)
{
	char sys[128], c = '0';
	struct stat st;
	FILE *f;

	if (stat(path, &st))
		return false;
	snprintf(sys, sizeof(sys), "/sys/dev/block/%u:%u/queue/dax",
		 major(st.st_dev), minor(st.st_dev));
	f = fopen(sys, "r");
	if (!f)
		return false;
	if (fread(&c, 1, 1, f) != 1)
		c = '0';
	fclose(f);
	return c == '1';
}

/* ---- is it DAX? ---------------------------------------------------------- */

/*
 * DAX is decided per inode (dax=inode mounts) and directories never
 * carry the attribute, so the probe has to be a regular file.
 */
int dax_fd_is_dax(int fd)
{
	struct statx stx;

	if (statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &stx))
		return -2;
	if (!(stx.stx_attributes_mask & STATX_ATTR_DAX))
		return -1;
	return !!(stx.stx_attributes & STATX_ATTR_DAX);
}

int dax_path_is_dax(const char *path)
{
	struct statx stx;

	if (statx(AT_FDCWD, path, 0, STATX_BASIC_STATS, &stx))
		return -2;
	if (!(stx.stx_attributes_mask & STATX_ATTR_DAX))
		return -1;
	return !!(stx.stx_attributes & STATX_ATTR_DAX);
}

int dax_new_file_is_dax(const char *dir, const char *name)
{
	int fd, r, e;

	fd = dax_create(dir, name);
	if (fd < 0)
		return -2;
	r = dax_fd_is_dax(fd);
	e = errno;
	close(fd);
	unlink(dax_path(dir, name));
	errno = e;
	return r;
}

int dax_scratch_in(struct dax_scratch *s, const char *dir, const char *var)
{
	struct stat st;

	s->dir[0] = '\0';
	s->why[0] = '\0';
	if (!dir) {
		snprintf(s->why, sizeof(s->why), "%s is not set", var);
		return -1;
	}
	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		snprintf(s->why, sizeof(s->why), "%s=%s is not a directory",
			 var, dir);
		return -1;
	}
	if (snprintf(s->dir, sizeof(s->dir), "%s/daxselftest.XXXXXX",
		     dir) >= (int)sizeof(s->dir)) {
		snprintf(s->why, sizeof(s->why), "%s: path too long", var);
		s->dir[0] = '\0';
		return -1;
	}
	if (!mkdtemp(s->dir)) {
		snprintf(s->why, sizeof(s->why),
			 "cannot create a directory in %s: %s", dir,
			 strerror(errno));
		s->dir[0] = '\0';
		return -1;
	}
	return 0;
}

void dax_scratch_close(struct dax_scratch *s)
{
	if (s->dir[0])
		dax_rmtree(s->dir);
	s->dir[0] = '\0';
}

/* Unusable after all: say why and remove it. */
__attribute__((format(printf, 2, 3)))
static int scratch_refuse(struct dax_scratch *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->why, sizeof(s->why), fmt, ap);
	va_end(ap);
	dax_scratch_close(s);
	return -1;
}

/*
 * Before 5.8 (STATX_ATTR_DAX) or 4.11 (statx) a file cannot say whether
 * it is DAX; then the mount options decide.
 */
int dax_scratch_dax(struct dax_scratch *s)
{
	const char *dir = dax_getenv("DAX_DIR");
	char type[64], opts[2048];
	int r, e;

	if (dax_scratch_in(s, dir, "DAX_DIR"))
		return -1;
	r = dax_new_file_is_dax(s->dir, ".dax_probe");
	e = errno;
	if (r == 1)
		return 0;
	if ((r == -1 || (r == -2 && e == ENOSYS)) &&
	    dax_mount_opts(s->dir, type, sizeof(type), opts, sizeof(opts)) &&
	    dax_opts_say_dax(opts))
		return 0;
	if (r == 0)
		return scratch_refuse(s, "%s is not DAX (STATX_ATTR_DAX clear on a new file)",
				      dir);
	if (r == -1 || e == ENOSYS)
		return scratch_refuse(s, "%s: no STATX_ATTR_DAX (5.8) and no dax/xip mount option",
				      dir);
	return scratch_refuse(s, "cannot create a file in %s: %s", dir,
			      strerror(e));
}

const char *dax_pagecache_dir(void)
{
	const char *dir = dax_getenv("PAGECACHE_DIR");

	if (!dir)
		dir = dax_getenv("TMPDIR");
	return dir ? dir : ".";
}

int dax_scratch_pagecache(struct dax_scratch *s)
{
	const char *dir = dax_pagecache_dir();

	if (dax_scratch_in(s, dir, "PAGECACHE_DIR"))
		return -1;
	/* a page-cache half run on a DAX mount would test the wrong thing */
	if (dax_new_file_is_dax(s->dir, ".dax_probe") == 1)
		return scratch_refuse(s, "%s is DAX, not page cache", dir);
	return 0;
}

int dax_scratch_open(struct dax_scratch *s, bool dax)
{
	return dax ? dax_scratch_dax(s) : dax_scratch_pagecache(s);
}

/* ---- patterns ------------------------------------------------------------ */

uint8_t dax_pat(uint64_t off, unsigned int seed)
{
	uint64_t x = off * 0x9e3779b97f4a7c15ULL + seed;

	return (uint8_t)(x >> 56 ^ x >> 17 ^ seed);
}

void dax_fill(void *buf, size_t len, uint64_t off, unsigned int seed)
{
	uint8_t *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = dax_pat(off + i, seed);
}

long dax_check(const void *buf, size_t len, uint64_t off, unsigned int seed)
{
	const uint8_t *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != dax_pat(off + i, seed))
			return (long)i;
	return -1;
}

long dax_check_zero(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i])
			return (long)i;
	return -1;
}

/* Write @len bytes of pattern @seed at offset 0 with pwrite(). */
int dax_write_pattern(int fd, size_t len, unsigned int seed)
{
	static uint8_t buf[65536];
	size_t done, n;

	for (done = 0; done < len; done += n) {
		n = len - done < sizeof(buf) ? len - done : sizeof(buf);
		dax_fill(buf, n, done, seed);
		if (pwrite(fd, buf, n, done) != (ssize_t)n)
			return -1;
	}
	return 0;
}

/* ---- mappings ------------------------------------------------------------ */

/*
 * A PMD fault needs the address and the file offset to agree modulo
 * 2 MiB, so @misalign = 0 allows PMDs and a page forces PTEs.  A
 * PROT_NONE reservation picks the spot; MAP_FIXED then replaces part of
 * it, and the rest is given back.
 */
void *dax_map_at(int fd, size_t len, int prot, int flags, size_t misalign)
{
	size_t span = len + 2 * DAX_PMD_SIZE;
	uintptr_t base, addr;
	void *res, *p;

	res = mmap(NULL, span, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (res == MAP_FAILED)
		return MAP_FAILED;
	base = (uintptr_t)res;
	addr = ((base + DAX_PMD_SIZE - 1) & ~(DAX_PMD_SIZE - 1)) + misalign;
	p = mmap((void *)addr, len, prot, flags | MAP_FIXED, fd, 0);
	if (p == MAP_FAILED) {
		int e = errno;

		munmap(res, span);
		errno = e;
		return MAP_FAILED;
	}
	if (addr > base)
		munmap(res, addr - base);
	if (base + span > addr + len)
		munmap((void *)(addr + len), base + span - (addr + len));
	return p;
}

/* ---- fault counts -------------------------------------------------------- */

void dax_faults_open(struct dax_faults *f)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE,
		.size = sizeof(attr),
		.config = PERF_COUNT_SW_PAGE_FAULTS,
		.exclude_kernel = 1,
		.exclude_hv = 1,
	};

	f->perf_fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
}

void dax_faults_close(struct dax_faults *f)
{
	if (f->perf_fd >= 0)
		close(f->perf_fd);
	f->perf_fd = -1;
}

long dax_faults_now(const struct dax_faults *f)
{
	struct rusage ru;
	long long n;

	if (f->perf_fd >= 0 && read(f->perf_fd, &n, sizeof(n)) == sizeof(n))
		return (long)n;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt + ru.ru_majflt;
}

const char *dax_faults_counter(const struct dax_faults *f)
{
	return f->perf_fd >= 0 ? "perf PAGE_FAULTS" : "getrusage minflt+majflt";
}

long dax_faults_touch(const struct dax_faults *f, volatile char *p,
		      size_t len, bool write)
{
	long before = dax_faults_now(f);
	size_t off;
	char c = 0;

	for (off = 0; off < len; off += DAX_PAGE_SIZE) {
		if (write)
			p[off] = 1;
		else
			c ^= p[off];
	}
	(void)c;
	return dax_faults_now(f) - before;
}
