// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-faults: prepare the target file and map it where the
 * measurement wants it.
 *
 * Where a mapping lands decides what a DAX fault can do: fs/dax.c maps a
 * whole 2 MiB extent with one PMD only when the virtual address and the
 * file offset are both 2 MiB aligned.  mmap() gives no such promise, so
 * for --align 2m the file goes at the first 2 MiB boundary of a
 * reservation (db_map_aligned(), bench/lib/mapping.c).  --align misaligned
 * puts it one page further, which makes every PMD fault impossible.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "faults.h"
#include "mapping.h"

#define STX_DAX 0x00200000	/* STATX_ATTR_DAX, Linux 5.8 */


/*
 * One write per 2 MiB: on DAX each write allocates its own extent, and on
 * a filesystem made with stripe=512 (4 KiB blocks) ext4 places a 2 MiB
 * allocation on a 2 MiB boundary, so PMD faults stay possible.
 */
#define WRITE_CHUNK SZ_2M

static int prepare_written(int fd, uint64_t size, char *why, size_t whylen)
{
	char *buf = malloc(WRITE_CHUNK);
	uint64_t off;
	ssize_t n;

	if (!buf) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	memset(buf, 0x5a, WRITE_CHUNK);
	for (off = 0; off < size; off += (uint64_t)n) {
		size_t len = size - off < WRITE_CHUNK ? size - off : WRITE_CHUNK;

		n = pwrite(fd, buf, len, (off_t)off);
		if (n <= 0) {
			snprintf(why, whylen, "--prepare written: pwrite: %s",
				 n < 0 ? strerror(errno) : "short write");
			free(buf);
			return -1;
		}
	}
	free(buf);
	/* Blocks allocated and written back: the faults find them ready. */
	if (fsync(fd)) {
		snprintf(why, whylen, "--prepare written: fsync: %s",
			 strerror(errno));
		return -1;
	}
	return 0;
}

int fa_prepare_file(int fd, const struct fa_opts *o, bool *unsupported,
		    char *why, size_t whylen)
{
	*unsupported = false;
	/* device-dax: no file, no blocks: its memory is simply there. */
	if (o->devdax)
		return 0;
	/* Every repeat starts from an empty file: no blocks, no cache. */
	if (ftruncate(fd, 0)) {
		snprintf(why, whylen, "ftruncate to 0: %s", strerror(errno));
		return -1;
	}
	switch (o->prepare) {
	case PREP_SPARSE:
		break;
	case PREP_FALLOCATE:
		if (!fallocate(fd, 0, 0, (off_t)o->size))
			return 0;
		if (errno == EOPNOTSUPP) {
			*unsupported = true;
			snprintf(why, whylen,
				 "EOPNOTSUPP: this filesystem cannot fallocate");
		} else {
			snprintf(why, whylen, "--prepare fallocate: %s",
				 strerror(errno));
		}
		return -1;
	case PREP_WRITTEN:
		return prepare_written(fd, o->size, why, whylen);
	}
	if (ftruncate(fd, (off_t)o->size)) {
		snprintf(why, whylen, "ftruncate to %llu: %s",
			 (unsigned long long)o->size, strerror(errno));
		return -1;
	}
	return 0;
}

static int map_flags(const struct fa_opts *o)
{
	int flags;

	switch (o->map) {
	case MAPM_PRIVATE:
		flags = MAP_PRIVATE;
		break;
	case MAPM_SYNC:
		flags = MAP_SHARED_VALIDATE | MAP_SYNC;
		break;
	default:
		flags = MAP_SHARED;
		break;
	}
	if (o->prefault == PREFAULT_POPULATE)
		flags |= MAP_POPULATE;
	return flags;
}

static void *map_at(int fd, const struct fa_opts *o, int *err)
{
	int prot = PROT_READ | PROT_WRITE, flags = map_flags(o);
	size_t skew = o->align == ALIGN_MISALIGNED ? (size_t)sysconf(_SC_PAGESIZE) : 0;
	void *addr;

	if (o->align == ALIGN_ANY)
		addr = mmap(NULL, o->size, prot, flags, fd, 0);
	else
		addr = db_map_aligned(fd, o->size, prot, flags, SZ_2M, skew);
	*err = errno;
	return addr == MAP_FAILED ? NULL : addr;
}

static int advise(void *addr, const struct fa_opts *o, char *why,
		  size_t whylen, bool *unsupported)
{
	if (o->huge != HUGE_NONE &&
	    madvise(addr, o->size, o->huge == HUGE_HUGEPAGE ?
		    MADV_HUGEPAGE : MADV_NOHUGEPAGE)) {
		*unsupported = errno == EINVAL;
		snprintf(why, whylen, "madvise(MADV_%s): %s",
			 o->huge == HUGE_HUGEPAGE ? "HUGEPAGE" : "NOHUGEPAGE",
			 errno == EINVAL ? "EINVAL (no transparent hugepages in this kernel?)" :
			 strerror(errno));
		return -1;
	}
	if (o->prefault == PREFAULT_WILLNEED &&
	    madvise(addr, o->size, MADV_WILLNEED)) {
		snprintf(why, whylen, "madvise(MADV_WILLNEED): %s",
			 strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Why MAP_SYNC was refused.  On a page-cache file because it needs DAX;
 * on a DAX file because the device cannot promise that a completed fault
 * is durable without a flush (virtio-pmem), so the kernel refuses it too.
 */
static const char *sync_refusal(int fd)
{
	struct statx stx;

	if (!statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &stx) &&
	    (stx.stx_attributes_mask & STX_DAX) &&
	    (stx.stx_attributes & STX_DAX))
		return "EOPNOTSUPP: MAP_SYNC refused on a DAX file: the device does not guarantee synchronous faults (virtio-pmem needs a flush)";
	return "EOPNOTSUPP: MAP_SYNC needs DAX";
}

void *fa_map_file(int fd, const struct fa_opts *o, bool *unsupported,
		  char *why, size_t whylen)
{
	void *addr;
	int err = 0;

	*unsupported = false;
	why[0] = '\0';
	addr = map_at(fd, o, &err);
	if (!addr) {
		if (o->map == MAPM_SYNC && err == EOPNOTSUPP) {
			*unsupported = true;
			snprintf(why, whylen, "%s", sync_refusal(fd));
		} else if (o->devdax && err == EINVAL) {
			*unsupported = true;
			snprintf(why, whylen, "EINVAL: device-dax maps only shared, at its %llu-byte alignment (--map %s, --align %s)",
				 (unsigned long long)o->devdax_align,
				 fa_map_names[o->map], fa_align_names[o->align]);
		} else {
			snprintf(why, whylen, "mmap(%s): %s",
				 fa_map_names[o->map], strerror(err));
		}
		return NULL;
	}
	if (advise(addr, o, why, whylen, unsupported)) {
		munmap(addr, o->size);
		return NULL;
	}
	return addr;
}

void fa_unmap(void *addr, const struct fa_opts *o)
{
	if (addr)
		munmap(addr, o->size);
}

uint64_t fa_alignment(const void *addr)
{
	uint64_t a = (uint64_t)(uintptr_t)addr;

	if (!a || (a & -a) > (1ull << 30))
		return 1ull << 30;
	return a & -a;
}
