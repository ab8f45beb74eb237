/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Shared helpers for the DAX selftests.
 *
 * The directory must build both inside daxbench and when dropped into a
 * kernel tree's tools/testing/selftests/dax/, so this header depends on
 * nothing but libc and the uapi constants (with fallbacks for older
 * headers).  It prints kselftest's TAP 13 format itself instead of using
 * ../kselftest.h, because that header is not there outside a kernel tree
 * and its API moved between releases; the output is the same.
 *
 * Every helper is static inline so that a program that does not use one
 * still compiles cleanly with -Wall -Wextra -Werror.
 */
#ifndef DAX_SELFTEST_H
#define DAX_SELFTEST_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>

#ifndef MAP_SHARED_VALIDATE
#define MAP_SHARED_VALIDATE	0x03
#endif
#ifndef MAP_SYNC
#define MAP_SYNC		0x80000
#endif
#ifndef STATX_ATTR_DAX
#define STATX_ATTR_DAX		0x00200000
#endif

#define DAX_PAGE_SIZE		4096UL
#define DAX_PMD_SIZE		(2UL << 20)

/* kselftest exit codes */
#define KSFT_PASS	0
#define KSFT_FAIL	1
#define KSFT_SKIP	4
/* bad command line: neither a result nor a skip */
#define DAX_USAGE	2

enum dax_result { DAX_PASS, DAX_FAIL, DAX_SKIP };

struct dax_case {
	const char *name;
	enum dax_result (*fn)(void);
};

/* What the program was told to test, filled in by dax_setup(). */
struct dax_env {
	const char *dax_dir;	/* -d / DAX_DIR */
	const char *pc_dir;	/* -p / PAGECACHE_DIR, default $TMPDIR or . */
	const char *inode_dir;	/* -i / DAX_INODE_DIR (dax=inode mount) */
	const char *phase;	/* --phase, only where the program has phases */
	char dax_tmp[4096];	/* private scratch dir inside dax_dir */
	char pc_tmp[4096];	/* private scratch dir inside pc_dir */
	char dax_why[512];	/* why DAX cases skip, empty when usable */
	char pc_why[512];	/* why page-cache cases skip */
};

static struct dax_env env;
static struct {
	int n, pass, fail, skip;
	char why[512];
} tap;

/* ---- TAP output in kselftest's format ------------------------------ */

static inline void tap_header(int plan)
{
	printf("TAP version 13\n1..%d\n", plan);
	fflush(stdout);
}

__attribute__((format(printf, 1, 2)))
static inline void tap_diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

/* Record why the running case fails or skips; the case returns the result. */
__attribute__((format(printf, 2, 3)))
static inline enum dax_result dax_why(enum dax_result r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tap.why, sizeof(tap.why), fmt, ap);
	va_end(ap);
	return r;
}

#define FAIL(...)	dax_why(DAX_FAIL, __VA_ARGS__)
#define SKIP(...)	dax_why(DAX_SKIP, __VA_ARGS__)
/* Fail with the errno text of a call that should have worked. */
#define FAIL_ERRNO(what) \
	dax_why(DAX_FAIL, "%s: %s (line %d)", what, strerror(errno), __LINE__)

static inline void tap_result(const char *name, enum dax_result r)
{
	tap.n++;
	switch (r) {
	case DAX_PASS:
		tap.pass++;
		printf("ok %d %s\n", tap.n, name);
		break;
	case DAX_SKIP:
		tap.skip++;
		printf("ok %d %s # SKIP %s\n", tap.n, name, tap.why);
		break;
	default:
		tap.fail++;
		printf("# %s: %s\n", name, tap.why);
		printf("not ok %d %s\n", tap.n, name);
		break;
	}
	fflush(stdout);
}

/* kselftest: 1 on any failure, 4 when nothing ran but skips, else 0. */
static inline int tap_finish(void)
{
	printf("# Totals: pass:%d fail:%d xfail:0 xpass:0 skip:%d error:0\n",
	       tap.pass, tap.fail, tap.skip);
	fflush(stdout);
	if (tap.fail)
		return KSFT_FAIL;
	if (!tap.pass && tap.skip)
		return KSFT_SKIP;
	return KSFT_PASS;
}

static inline int dax_run(const struct dax_case *cases, int n)
{
	int i;

	tap_header(n);
	for (i = 0; i < n; i++) {
		tap.why[0] = '\0';
		tap_result(cases[i].name, cases[i].fn());
	}
	return tap_finish();
}

/* ---- scratch files, removed at exit also when a case fails ---------- */

/* Remove our scratch dir: it only ever holds flat files we created. */
static inline void dax_rmtree(char *dir)
{
	struct dirent *de;
	char path[8192];
	DIR *d;

	if (!dir[0])
		return;
	d = opendir(dir);
	if (d) {
		while ((de = readdir(d))) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			if (unlink(path) && errno == EISDIR)
				rmdir(path);
		}
		closedir(d);
	}
	rmdir(dir);
	dir[0] = '\0';
}

static pid_t dax_owner;

static inline void dax_cleanup(void)
{
	/* a forked child exits with _exit(), but be safe anyway */
	if (getpid() != dax_owner)
		return;
	dax_rmtree(env.dax_tmp);
	dax_rmtree(env.pc_tmp);
}

static inline void dax_fatal_signal(int sig)
{
	dax_cleanup();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* "dir/name" inside a scratch dir; the buffer is static per slot. */
static inline const char *dax_path(const char *dir, const char *name)
{
	static char buf[4][8192];
	static int slot;

	slot = (slot + 1) % 4;
	snprintf(buf[slot], sizeof(buf[slot]), "%s/%s", dir, name);
	return buf[slot];
}

/* Create (truncate) a scratch file and return its fd, or -1. */
static inline int dax_create(const char *dir, const char *name)
{
	return open(dax_path(dir, name), O_RDWR | O_CREAT | O_TRUNC, 0600);
}

/* A new file of @size bytes (sparse), or -1 with errno set; no fd leaks. */
static inline int dax_create_sized(const char *dir, const char *name, off_t size)
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

/* ---- mounts ---------------------------------------------------------- */

/* Copy a string, cutting it to fit (never used for paths we open). */
static inline void dax_strlcpy(char *dst, const char *src, size_t len)
{
	size_t n = strlen(src);

	if (!len)
		return;
	if (n >= len)
		n = len - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Read /proc/self/mountinfo for the mount holding @path. */
static inline bool dax_mount_opts(const char *path, char *fstype, size_t tlen,
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
		/* after " - ": fstype source super-options */
		if (sscanf(sep + 3, "%255s %*s %2047s", t, o) != 2)
			continue;
		dax_strlcpy(fstype, t, tlen);
		dax_strlcpy(opts, o, olen);
		found = true;
	}
	fclose(f);
	return found;
}

/* Does comma-separated @opts contain exactly @opt? */
static inline bool dax_has_opt(const char *opts, const char *opt)
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

/* ---- is it DAX? ---------------------------------------------------- */

/*
 * statx(STATX_ATTR_DAX) on a regular file: DAX is decided per inode
 * (dax=inode mounts), and directories never carry the attribute, so the
 * probe has to be a file.  Returns 1 DAX, 0 not DAX, -1 when the kernel
 * does not report the attribute at all (before 5.8), -2 on error.
 */
static inline int dax_fd_is_dax(int fd)
{
	struct statx stx;

	if (statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &stx))
		return -2;
	if (!(stx.stx_attributes_mask & STATX_ATTR_DAX))
		return -1;
	return !!(stx.stx_attributes & STATX_ATTR_DAX);
}

static inline int dax_probe_dir(const char *dir)
{
	int fd, r, e;

	fd = dax_create(dir, ".dax_probe");
	if (fd < 0)
		return -2;
	r = dax_fd_is_dax(fd);
	e = errno;
	close(fd);
	unlink(dax_path(dir, ".dax_probe"));
	errno = e;
	return r;
}

/* Make a private scratch dir in @dir; on failure say why in @why. */
static inline bool dax_mkscratch(const char *dir, char *tmp, size_t tmplen,
				 char *why, size_t whylen)
{
	struct stat st;

	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		snprintf(why, whylen, "%s is not a directory", dir);
		return false;
	}
	snprintf(tmp, tmplen, "%s/daxselftest.XXXXXX", dir);
	if (!mkdtemp(tmp)) {
		snprintf(why, whylen, "cannot create a directory in %s: %s",
			 dir, strerror(errno));
		tmp[0] = '\0';
		return false;
	}
	return true;
}

/*
 * Before 5.8 (STATX_ATTR_DAX) or 4.11 (statx) a file cannot say whether
 * it is DAX; then trust the mount: "dax"/"dax=always" on ext2/ext4/XFS,
 * or "xip", ext2's predecessor of DAX before 4.0.
 */
static inline bool dax_mount_says_dax(const char *dir)
{
	char type[64], opts[2048];

	if (!dax_mount_opts(dir, type, sizeof(type), opts, sizeof(opts)))
		return false;
	return dax_has_opt(opts, "dax") || dax_has_opt(opts, "dax=always") ||
	       dax_has_opt(opts, "xip");
}

static inline void dax_setup_dax_dir(void)
{
	char *w = env.dax_why;
	size_t wl = sizeof(env.dax_why);
	int r;

	if (!env.dax_dir || !env.dax_dir[0]) {
		snprintf(w, wl, "no DAX directory given (-d DIR or DAX_DIR)");
		return;
	}
	if (!dax_mkscratch(env.dax_dir, env.dax_tmp, sizeof(env.dax_tmp), w, wl))
		return;
	r = dax_probe_dir(env.dax_tmp);
	if (r == 1)
		return;
	if ((r == -1 || (r == -2 && errno == ENOSYS)) &&
	    dax_mount_says_dax(env.dax_tmp))
		return;
	if (r == 0)
		snprintf(w, wl, "%s is not DAX (STATX_ATTR_DAX clear on a new file)",
			 env.dax_dir);
	else if (r == -1 || errno == ENOSYS)
		snprintf(w, wl, "%s: no STATX_ATTR_DAX (5.8) and no dax/xip mount option",
			 env.dax_dir);
	else
		snprintf(w, wl, "cannot create a file in %s: %s", env.dax_dir,
			 strerror(errno));
	dax_rmtree(env.dax_tmp);
}

static inline void dax_setup_pc_dir(void)
{
	char *w = env.pc_why;
	size_t wl = sizeof(env.pc_why);

	if (!dax_mkscratch(env.pc_dir, env.pc_tmp, sizeof(env.pc_tmp), w, wl))
		return;
	/* a page-cache half run on a DAX mount would test the wrong thing */
	if (dax_probe_dir(env.pc_tmp) == 1) {
		snprintf(w, wl, "%s is DAX, not page cache", env.pc_dir);
		dax_rmtree(env.pc_tmp);
	}
}

/* Scratch dir for DAX cases, or NULL after recording the skip reason. */
static inline const char *dax_dir(void)
{
	if (env.dax_why[0]) {
		dax_why(DAX_SKIP, "%s", env.dax_why);
		return NULL;
	}
	return env.dax_tmp;
}

static inline const char *pc_dir(void)
{
	if (env.pc_why[0]) {
		dax_why(DAX_SKIP, "%s", env.pc_why);
		return NULL;
	}
	return env.pc_tmp;
}

/* ---- command line -------------------------------------------------- */

static inline void dax_usage(FILE *f, const char *prog, const char *phases)
{
	fprintf(f,
		"usage: %s [-d DAX_DIR] [-p PAGECACHE_DIR] [-i DAX_INODE_DIR]%s\n"
		"  -d DIR  directory on a DAX mount (env DAX_DIR; DAX cases skip without it)\n"
		"  -p DIR  directory on a page-cache mount (env PAGECACHE_DIR;\n"
		"          default $TMPDIR, else the current directory)\n"
		"  -i DIR  directory on a dax=inode mount (env DAX_INODE_DIR)\n",
		prog, phases ? " [--phase PHASE]" : "");
	if (phases)
		fprintf(f, "  --phase PHASE  one of: %s\n", phases);
	fprintf(f, "  -h      this help\n"
		"Prints TAP 13; exit 0 pass, 1 fail, 2 usage error, 4 all skipped.\n");
}

/* Is @word one of the space-separated words in @list? */
static inline bool dax_word_in(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;

	while (n && (p = strstr(p, word))) {
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return true;
		p += n;
	}
	return false;
}

static inline const char *dax_getenv(const char *name)
{
	const char *v = getenv(name);

	return v && v[0] ? v : NULL;
}

/*
 * Parse options, then make the scratch dirs.  @phases is NULL for a
 * program without phases, else a space-separated list, the first being
 * the default.  Exits 2 on a bad command line.
 */
static inline void dax_setup(int argc, char **argv, const char *phases)
{
	static const struct option opts[] = {
		{ "dax-dir", required_argument, NULL, 'd' },
		{ "pagecache-dir", required_argument, NULL, 'p' },
		{ "inode-dir", required_argument, NULL, 'i' },
		{ "phase", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static char first[64];
	int c;

	env.dax_dir = dax_getenv("DAX_DIR");
	env.pc_dir = dax_getenv("PAGECACHE_DIR");
	env.inode_dir = dax_getenv("DAX_INODE_DIR");
	if (!env.pc_dir)
		env.pc_dir = dax_getenv("TMPDIR");
	if (!env.pc_dir)
		env.pc_dir = ".";
	if (phases) {
		sscanf(phases, "%63s", first);
		env.phase = first;
	}
	while ((c = getopt_long(argc, argv, "d:p:i:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			env.dax_dir = optarg;
			break;
		case 'p':
			env.pc_dir = optarg;
			break;
		case 'i':
			env.inode_dir = optarg;
			break;
		case 'P':
			if (phases) {
				env.phase = optarg;
				break;
			}
			fprintf(stderr, "%s: this test has no phases\n", argv[0]);
			exit(DAX_USAGE);
		case 'h':
			dax_usage(stdout, argv[0], phases);
			exit(0);
		default:
			dax_usage(stderr, argv[0], phases);
			exit(DAX_USAGE);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument '%s'\n", argv[0], argv[optind]);
		dax_usage(stderr, argv[0], phases);
		exit(DAX_USAGE);
	}
	if (phases && !dax_word_in(phases, env.phase)) {
		fprintf(stderr, "%s: unknown phase '%s' (one of: %s)\n",
			argv[0], env.phase, phases);
		exit(DAX_USAGE);
	}

	dax_owner = getpid();
	atexit(dax_cleanup);
	signal(SIGINT, dax_fatal_signal);
	signal(SIGTERM, dax_fatal_signal);
	signal(SIGHUP, dax_fatal_signal);
	signal(SIGPIPE, dax_fatal_signal);	/* e.g. piped into head */
	dax_setup_dax_dir();
	dax_setup_pc_dir();
}

/* ---- small tools the cases share ----------------------------------- */

/* A byte pattern that differs per offset and per @seed. */
static inline uint8_t dax_pat(uint64_t off, unsigned int seed)
{
	uint64_t x = off * 0x9e3779b97f4a7c15ULL + seed;

	return (uint8_t)(x >> 56 ^ x >> 17 ^ seed);
}

static inline void dax_fill(void *buf, size_t len, uint64_t off, unsigned int seed)
{
	uint8_t *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = dax_pat(off + i, seed);
}

/* Index of the first byte that is not the pattern, or -1. */
static inline long dax_check(const void *buf, size_t len, uint64_t off,
			     unsigned int seed)
{
	const uint8_t *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != dax_pat(off + i, seed))
			return (long)i;
	return -1;
}

/* Index of the first non-zero byte, or -1. */
static inline long dax_check_zero(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i])
			return (long)i;
	return -1;
}

/* Write @len bytes of pattern @seed at offset 0 with pwrite(). */
static inline int dax_write_pattern(int fd, size_t len, unsigned int seed)
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

/* A new file holding @len bytes of pattern @seed, or -1 with errno set. */
static inline int dax_create_pattern(const char *dir, const char *name,
				     size_t len, unsigned int seed)
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

/*
 * Map @len bytes of @fd at a virtual address that is 2 MiB aligned plus
 * @misalign.  A PMD fault needs the address and the file offset to agree
 * modulo 2 MiB, so @misalign = 0 allows PMDs and a page forces PTEs.
 * A PROT_NONE reservation picks the spot; MAP_FIXED then replaces part of
 * it, and the rest is returned.
 */
static inline void *dax_map_at(int fd, size_t len, int prot, int flags,
			       size_t misalign)
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
	/* give back the reservation around the mapping */
	if (addr > base)
		munmap(res, addr - base);
	if (base + span > addr + len)
		munmap((void *)(addr + len), base + span - (addr + len));
	return p;
}

#endif /* DAX_SELFTEST_H */
