// SPDX-License-Identifier: GPL-2.0-only
/*
 * MAP_SYNC (Linux 4.15) promises that once a write fault on a shared
 * mapping returns, the file metadata needed to reach the written block
 * is durable, so user space may flush CPU caches instead of calling
 * fsync.  Only DAX can keep that promise.  The flag is only honoured
 * with MAP_SHARED_VALIDATE, which in turn must refuse flags the kernel
 * does not know, or old kernels would silently ignore MAP_SYNC.
 */
#include "dax_selftest.h"

/* Not an mmap flag in any kernel so far (bits 21-25 are unused). */
#define MAP_UNKNOWN_FLAG	0x800000

/* mmap one page of a new one-page file in @dir with @flags; errno kept. */
static void *map_new_file(const char *dir, const char *name, int flags, int *fdp)
{
	void *p;
	int fd;

	*fdp = -1;
	fd = dax_create_sized(dir, name, DAX_PAGE_SIZE);
	if (fd < 0)
		return MAP_FAILED;
	p = mmap(NULL, DAX_PAGE_SIZE, PROT_READ | PROT_WRITE, flags, fd, 0);
	*fdp = fd;
	return p;
}

/*
 * Before 4.15 MAP_SHARED_VALIDATE (3) is not a mapping type at all and
 * mmap fails with EINVAL: then there is nothing to test.
 */
static bool have_validate(const char *dir)
{
	void *p;
	int fd;

	p = map_new_file(dir, "validate", MAP_SHARED_VALIDATE, &fd);
	if (fd >= 0)
		close(fd);
	if (p == MAP_FAILED)
		return errno != EINVAL;
	munmap(p, DAX_PAGE_SIZE);
	return true;
}

#define NEED_VALIDATE(dir) do {						\
	if (!have_validate(dir))					\
		return SKIP("no MAP_SHARED_VALIDATE in this kernel (4.15)");	\
} while (0)

/* Accepted on DAX, and the mapping works: a store is read back. */
static enum dax_result mmap_sync_dax_accepted(void)
{
	const char *dir = dax_dir();
	char buf[8] = "";
	char *p;
	int fd;

	if (!dir)
		return DAX_SKIP;
	NEED_VALIDATE(dir);
	p = map_new_file(dir, "sync", MAP_SHARED_VALIDATE | MAP_SYNC, &fd);
	if (p == MAP_FAILED) {
		dax_why(DAX_FAIL, "mmap(MAP_SHARED_VALIDATE|MAP_SYNC) on DAX: %s",
			strerror(errno));
		if (fd >= 0)
			close(fd);
		return DAX_FAIL;
	}
	memcpy(p, "MAPSYNC", 8);
	munmap(p, DAX_PAGE_SIZE);
	if (pread(fd, buf, 8, 0) != 8 || memcmp(buf, "MAPSYNC", 8)) {
		close(fd);
		return FAIL("store through the MAP_SYNC mapping not read back");
	}
	close(fd);
	return DAX_PASS;
}

/* The page cache cannot give MAP_SYNC's guarantee, so it must refuse. */
static enum dax_result mmap_sync_pagecache_eopnotsupp(void)
{
	const char *dir = pc_dir();
	void *p;
	int fd;

	if (!dir)
		return DAX_SKIP;
	NEED_VALIDATE(dir);
	p = map_new_file(dir, "sync", MAP_SHARED_VALIDATE | MAP_SYNC, &fd);
	if (fd < 0)
		return FAIL_ERRNO("create");
	if (p != MAP_FAILED) {
		munmap(p, DAX_PAGE_SIZE);
		close(fd);
		return FAIL("MAP_SYNC accepted on a page-cache file");
	}
	close(fd);
	if (errno != EOPNOTSUPP)
		return FAIL("MAP_SYNC on the page cache: %s, want EOPNOTSUPP",
			    strerror(errno));
	return DAX_PASS;
}

/* MAP_SHARED_VALIDATE with a flag no kernel knows: EOPNOTSUPP. */
static enum dax_result unknown_flag_rejected(const char *dir)
{
	void *p;
	int fd;

	if (!dir)
		return DAX_SKIP;
	NEED_VALIDATE(dir);
	p = map_new_file(dir, "unknown", MAP_SHARED_VALIDATE | MAP_UNKNOWN_FLAG, &fd);
	if (fd < 0)
		return FAIL_ERRNO("create");
	if (p != MAP_FAILED) {
		munmap(p, DAX_PAGE_SIZE);
		close(fd);
		return FAIL("unknown flag %#x accepted with MAP_SHARED_VALIDATE",
			    MAP_UNKNOWN_FLAG);
	}
	close(fd);
	if (errno != EOPNOTSUPP)
		return FAIL("unknown flag: %s, want EOPNOTSUPP", strerror(errno));
	/* the same flag without validation is ignored, as it always was */
	p = map_new_file(dir, "unknown", MAP_SHARED | MAP_UNKNOWN_FLAG, &fd);
	if (p == MAP_FAILED) {
		dax_why(DAX_FAIL, "MAP_SHARED with an unknown flag: %s",
			strerror(errno));
		if (fd >= 0)
			close(fd);
		return DAX_FAIL;
	}
	munmap(p, DAX_PAGE_SIZE);
	close(fd);
	return DAX_PASS;
}

static enum dax_result mmap_validate_dax_unknown_flag(void)
{
	return unknown_flag_rejected(dax_dir());
}

static enum dax_result mmap_validate_pagecache_unknown_flag(void)
{
	return unknown_flag_rejected(pc_dir());
}

static const struct dax_case cases[] = {
	{ "mmap_sync_dax_accepted", mmap_sync_dax_accepted },
	{ "mmap_sync_pagecache_eopnotsupp", mmap_sync_pagecache_eopnotsupp },
	{ "mmap_validate_dax_unknown_flag", mmap_validate_dax_unknown_flag },
	{ "mmap_validate_pagecache_unknown_flag", mmap_validate_pagecache_unknown_flag },
};

int main(int argc, char **argv)
{
	dax_setup(argc, argv, NULL);
	return dax_run(cases, sizeof(cases) / sizeof(cases[0]));
}
