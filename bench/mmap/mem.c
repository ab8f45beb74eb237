// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-mmap: the memories a measurement runs on.
 *
 * - the file, mapped shared (or MAP_SHARED_VALIDATE | MAP_SYNC);
 * - anonymous memory on 4 KiB pages: the roofline.  THP is refused with
 *   MADV_NOHUGEPAGE so that the page size is known whatever
 *   transparent_hugepage/enabled says;
 * - anonymous memory on 2 MiB pages: hugetlb pages if enough are free,
 *   else THP asked for with MADV_HUGEPAGE; /proc/self/smaps then says
 *   how much of it THP really backed.
 *
 * Every mapping starts at a 2 MiB boundary: fs/dax.c (and shmem, and
 * THP) can map a 2 MiB page only where the virtual address is aligned,
 * and mmap() promises no alignment.  We reserve 2 MiB more address space
 * than needed and give back the ends.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "mapping.h"
#include "mmap.h"
#include "sysfile.h"


#define ALIGN_2M	(2ull << 20)
#define PREP_CHUNK	(1ull << 20)

static uint64_t round_up(uint64_t v, uint64_t to)
{
	return (v + to - 1) / to * to;
}

void mm_fill(char *base, uint64_t len, uint64_t tag)
{
	uint64_t *w = (uint64_t *)base, i, n = len / sizeof(*w);

	for (i = 0; i < n; i++)
		w[i] = tag + i;
}

int mm_file_prepare(int fd, uint64_t size, const struct mm_tags *t,
		    char *alongside, char *why, size_t whylen)
{
	uint64_t *buf = malloc(PREP_CHUNK), off, i;
	size_t len;
	ssize_t n;

	if (!buf) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	/* A file of our own blocks, written: a DAX read of a hole would
	 * measure the shared zero page, not the media. */
	if (ftruncate(fd, 0) || ftruncate(fd, (off_t)size)) {
		snprintf(why, whylen, "ftruncate: %s", strerror(errno));
		goto fail;
	}
	for (off = 0; off < size; off += len) {
		len = size - off < PREP_CHUNK ? size - off : PREP_CHUNK;
		for (i = 0; i < PREP_CHUNK / 8; i++)
			buf[i] = t->prep + off / 8 + i;
		n = pwrite(fd, buf, len, (off_t)off);
		if (n != (ssize_t)len) {
			snprintf(why, whylen, "pwrite at %llu: %s",
				 (unsigned long long)off,
				 n < 0 ? strerror(errno) : "short write");
			goto fail;
		}
		if (alongside)
			mm_fill(alongside + off, len, t->prep + off / 8);
	}
	if (fsync(fd)) {
		snprintf(why, whylen, "fsync: %s", strerror(errno));
		goto fail;
	}
	free(buf);
	return 0;
fail:
	free(buf);
	return -1;
}

int mm_device_prepare(int fd, uint64_t size, const struct mm_tags *t,
		      char *alongside, char *why, size_t whylen)
{
	struct mm_mem m;
	uint64_t off, len;

	if (mm_file_map(&m, fd, size, false, why, whylen))
		return -1;
	for (off = 0; off < size; off += len) {
		len = size - off < PREP_CHUNK ? size - off : PREP_CHUNK;
		mm_fill(m.base + off, len, t->prep + off / 8);
		if (alongside)
			mm_fill(alongside + off, len, t->prep + off / 8);
	}
	mm_unmap(&m);
	return 0;
}

/*
 * @len bytes of address space at a 2 MiB boundary, as an anonymous
 * mapping with @prot: the caller maps over it or uses it as it is.
 */
static char *reserve_aligned(uint64_t len, int prot)
{
	uint64_t span = len + ALIGN_2M, head, tail;
	char *p, *a;

	p = mmap(NULL, span, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
		 -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	a = (char *)round_up((uintptr_t)p, ALIGN_2M);
	head = (uint64_t)(a - p);
	tail = span - head - len;
	if (head)
		munmap(p, head);
	if (tail)
		munmap(a + len, tail);
	return a;
}

int mm_file_map(struct mm_mem *m, int fd, uint64_t size, bool map_sync,
		char *why, size_t whylen)
{
	int flags = map_sync ? MAP_SHARED_VALIDATE | MAP_SYNC : MAP_SHARED;
	char *a = reserve_aligned(size, PROT_NONE), *p;

	memset(m, 0, sizeof(*m));
	if (!a) {
		snprintf(why, whylen, "mmap: no address space: %s", strerror(errno));
		return -1;
	}
	p = mmap(a, size, PROT_READ | PROT_WRITE, flags | MAP_FIXED, fd, 0);
	if (p == MAP_FAILED) {
		int err = errno;

		munmap(a, size);
		if (map_sync && err == EOPNOTSUPP) {
			snprintf(why, whylen,
				 "--persist map-sync: the kernel refused MAP_SYNC for this file (EOPNOTSUPP): it is not on a DAX filesystem");
			return 1;
		}
		snprintf(why, whylen, "mmap of the file: %s", strerror(err));
		return -1;
	}
	m->name = "file";
	m->base = p;
	m->len = m->map_len = size;
	m->backing = map_sync ? "file, MAP_SYNC" : "file";
	return 0;
}

int mm_anon_map(struct mm_mem *m, uint64_t size, char *why, size_t whylen)
{
	char *p = reserve_aligned(size, PROT_READ | PROT_WRITE);

	memset(m, 0, sizeof(*m));
	if (!p) {
		snprintf(why, whylen, "anonymous mmap of %llu bytes: %s",
			 (unsigned long long)size, strerror(errno));
		return -1;
	}
	/* Not an error where THP is compiled out: the pages are 4 KiB. */
	madvise(p, size, MADV_NOHUGEPAGE);
	m->name = "anon";
	m->base = p;
	m->len = m->map_len = size;
	m->backing = "4k";
	return 0;
}

/* Bytes of free hugetlb pages of the default size, and that size. */
static uint64_t hugetlb_free(uint64_t *page)
{
	FILE *f = fopen("/proc/meminfo", "r");
	unsigned long long v, free_pages = 0, kb = 0;
	char line[256];

	*page = 0;
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "HugePages_Free: %llu", &v) == 1)
			free_pages = v;
		else if (sscanf(line, "Hugepagesize: %llu kB", &v) == 1)
			kb = v;
	}
	fclose(f);
	*page = kb * 1024;
	return free_pages * kb * 1024;
}

static int huge_hugetlb(struct mm_mem *m, uint64_t size)
{
	uint64_t page, len;
	char *p;

	if (hugetlb_free(&page) < round_up(size, page ? page : 1) || !page)
		return -1;
	len = round_up(size, page);
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	m->base = p;
	m->len = size;
	m->map_len = len;
	m->backing = "hugetlb";
	return 0;
}

int mm_huge_map(struct mm_mem *m, uint64_t size, const struct mm_tags *t,
		char *why, size_t whylen)
{
	long long huge;
	char thp[64] = "?";
	char *p;

	memset(m, 0, sizeof(*m));
	m->name = "huge";
	if (!huge_hugetlb(m, size)) {
		mm_fill(m->base, size, t->prep);
		return 0;
	}
	p = reserve_aligned(size, PROT_READ | PROT_WRITE);
	if (!p) {
		snprintf(why, whylen, "anonymous mmap of %llu bytes: %s",
			 (unsigned long long)size, strerror(errno));
		return -1;
	}
	madvise(p, size, MADV_HUGEPAGE);
	mm_fill(p, size, t->prep);
	huge = mm_smaps_bytes(p, "AnonHugePages");
	/* Anything short of nearly all of it is not a huge-page roofline. */
	if (huge < 0 || (uint64_t)huge < size / 10 * 9) {
		db_read_line("/sys/kernel/mm/transparent_hugepage/enabled",
			     thp, sizeof(thp));
		snprintf(why, whylen,
			 "no huge-page roofline: no free hugetlb pages, and THP backed %lld of %llu bytes (transparent_hugepage/enabled: %s)",
			 huge, (unsigned long long)size, thp);
		munmap(p, size);
		return 1;
	}
	m->base = p;
	m->len = m->map_len = size;
	m->backing = "thp";
	return 0;
}

void mm_unmap(struct mm_mem *m)
{
	if (m->base)
		munmap(m->base, m->map_len);
	m->base = NULL;
}

void mm_prefault(char *base, uint64_t len, bool write)
{
	volatile char *p = base;
	uint64_t off, page = (uint64_t)getpagesize();

	/* Storing back what was read faults the page writable and changes
	 * nothing. */
	for (off = 0; off < len; off += page) {
		char c = p[off];

		if (write)
			p[off] = c;
	}
}

/* A header line of smaps starts with the mapping's hex address. */
static bool smaps_header(const char *line, unsigned long *start,
			 unsigned long *end)
{
	return ((line[0] >= '0' && line[0] <= '9') ||
		(line[0] >= 'a' && line[0] <= 'f')) &&
	       sscanf(line, "%lx-%lx", start, end) == 2;
}

long long mm_smaps_bytes(const void *addr, const char *field)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	unsigned long start, end, a = (unsigned long)addr;
	size_t n = strlen(field);
	bool inside = false;
	long long kb = -1;
	char line[512];

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (smaps_header(line, &start, &end)) {
			if (inside)
				break;
			inside = a >= start && a < end;
			continue;
		}
		if (inside && !strncmp(line, field, n) && line[n] == ':') {
			sscanf(line + n + 1, "%lld", &kb);
			break;
		}
	}
	fclose(f);
	return kb < 0 ? -1 : kb * 1024;
}

void *mm_buffer_new(size_t len, const struct mm_tags *t)
{
	size_t map = round_up(len, (uint64_t)getpagesize());
	char *p = mmap(NULL, map, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	/* The copy-in source: word k is copy + k (see struct mm_tags). */
	mm_fill(p, map, t->copy);
	return p;
}

void mm_buffer_free(void *buf, size_t len)
{
	if (buf)
		munmap(buf, round_up(len, (uint64_t)getpagesize()));
}
