/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the DAX selftests share besides the harness: where to work, is
 * it DAX, scratch files, byte patterns and aligned mappings (dax_util.c).
 *
 * Plain libc, no harness: a test turns what these return into ASSERTs
 * and SKIPs.  The places come from the environment, so the programs run
 * the same under the kernel's run_kselftest.sh and by hand:
 *
 *   DAX_DIR         a directory on a DAX mount (DAX halves skip without)
 *   PAGECACHE_DIR   one on a page-cache mount (default $TMPDIR, else .)
 *   DAX_INODE_DIR   one on a dax=inode mount of a DAX-capable device
 *   DAX_DEVICE      a device-dax character device, /dev/daxX.Y
 */
#ifndef DAX_UTIL_H
#define DAX_UTIL_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
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

/* A private directory for one test, removed by dax_scratch_close(). */
struct dax_scratch {
	char dir[480];		/* empty when unusable */
	char why[512];		/* then: the reason to skip */
};

/* The value of environment variable @name, NULL when unset or empty. */
const char *dax_getenv(const char *name);

/* PAGECACHE_DIR, else $TMPDIR, else "." */
const char *dax_pagecache_dir(void);
/* A scratch dir in DAX_DIR, checked to be DAX; 0 or -1 with s->why. */
int dax_scratch_dax(struct dax_scratch *s);
/* A scratch dir in PAGECACHE_DIR, checked not to be DAX. */
int dax_scratch_pagecache(struct dax_scratch *s);
/* One of the two. */
int dax_scratch_open(struct dax_scratch *s, bool dax);
/* A scratch dir in @dir (named by @var in messages), not checked. */
int dax_scratch_in(struct dax_scratch *s, const char *dir, const char *var);
void dax_scratch_close(struct dax_scratch *s);

/* "dir/name" in one of four rotating static buffers. */
const char *dax_path(const char *dir, const char *name);
int dax_create(const char *dir, const char *name);
int dax_create_sized(const char *dir, const char *name, off_t size);
int dax_create_pattern(const char *dir, const char *name, size_t len,
		       unsigned int seed);
/* Remove @dir and the flat files and empty dirs in it. */
void dax_rmtree(const char *dir);

/* Mount of @path: fstype and super options from /proc/self/mountinfo. */
bool dax_mount_opts(const char *path, char *fstype, size_t tlen,
		    char *opts, size_t olen);
/* Is @opt one of the comma-separated @opts? */
bool dax_has_opt(const char *opts, const char *opt);
/* "dax" or "dax=always" (ext2/ext4/XFS), "xip" before 4.0. */
bool dax_opts_say_dax(const char *opts);

/* STATX_ATTR_DAX of @fd: 1, 0, -1 not reported (before 5.8), -2 error. */
int dax_fd_is_dax(int fd);
/* The same for the file at @path. */
int dax_path_is_dax(const char *path);
/* The same for a new file in @dir, removed again. */
int dax_new_file_is_dax(const char *dir, const char *name);

/* Byte patterns that differ per offset and per seed. */
uint8_t dax_pat(uint64_t off, unsigned int seed);
void dax_fill(void *buf, size_t len, uint64_t off, unsigned int seed);
/* Index of the first byte that differs, or -1. */
long dax_check(const void *buf, size_t len, uint64_t off, unsigned int seed);
long dax_check_zero(const void *buf, size_t len);
int dax_write_pattern(int fd, size_t len, unsigned int seed);

/* mmap @fd at a 2 MiB-aligned address plus @misalign (see dax_util.c). */
void *dax_map_at(int fd, size_t len, int prot, int flags, size_t misalign);

/*
 * Page faults of this process, minor + major (a DAX fault that
 * allocates a block counts as major): a perf software counter, or
 * getrusage when perf is not allowed.
 */
struct dax_faults {
	int perf_fd;
};

void dax_faults_open(struct dax_faults *f);
void dax_faults_close(struct dax_faults *f);
long dax_faults_now(const struct dax_faults *f);
const char *dax_faults_counter(const struct dax_faults *f);
/* Touch one byte per page of [p, p+len) (a store when @write): faults. */
long dax_faults_touch(const struct dax_faults *f, volatile char *p,
		      size_t len, bool write);

/* Does the block device under @path support DAX (sysfs queue/dax)? */
bool dax_device_supports_dax(const char *path);

/*
 * First line of a test that works in scratch dir @s: skip with the
 * reason when it could not be made.  (Not a SKIP in FIXTURE_SETUP: the
 * 6.1 harness runs the test body after a skipped setup.)
 */
#define DAX_NEED_SCRATCH(s) do {					\
	if (!(s)->dir[0])						\
		SKIP(return, "%s", (s)->why);				\
} while (0)

#endif /* DAX_UTIL_H */
