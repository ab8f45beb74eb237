// SPDX-License-Identifier: GPL-2.0-only
/*
 * cpuid probes for the instructions a persistence path may use.
 */
#include <string.h>

#include "cpu.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

struct cpu_flag {
	const char *name;
	unsigned int leaf, subleaf;
	int reg;		/* 0 eax, 1 ebx, 2 ecx, 3 edx */
	int bit;
};

static const struct cpu_flag flags[] = {
	{ "sse2",          1,          0, 3, 26 },
	{ "avx2",          7,          0, 1,  5 },
	{ "avx512f",       7,          0, 1, 16 },
	{ "clflushopt",    7,          0, 1, 23 },
	{ "clwb",          7,          0, 1, 24 },
	{ "movdir64b",     7,          0, 2, 28 },
	{ "clflush",       1,          0, 3, 19 },
	{ "invariant_tsc", 0x80000007, 0, 3,  8 },
	{ "hypervisor",    1,          0, 2, 31 },
};

const char *const db_cpu_flag_names[] = {
	"sse2", "avx2", "avx512f", "clflush", "clflushopt", "clwb",
	"movdir64b", "invariant_tsc", "hypervisor", NULL
};

/* AVX needs the OS to save the wide registers too (XCR0). */
static bool os_saves_ymm(unsigned int zmm)
{
	unsigned int a, b, c, d, lo, hi;

	__cpuid(1, a, b, c, d);
	if (!(c & (1u << 27)))	/* OSXSAVE */
		return false;
	__asm__ __volatile__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	(void)hi;
	if ((lo & 0x6) != 0x6)
		return false;
	return !zmm || (lo & 0xe0) == 0xe0;
}

bool db_cpu_flag(const char *name)
{
	unsigned int r[4], max;
	size_t i;

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		const struct cpu_flag *f = &flags[i];

		if (strcmp(f->name, name))
			continue;
		max = __get_cpuid_max(f->leaf & 0x80000000u, NULL);
		if (max < f->leaf)
			return false;
		__cpuid_count(f->leaf, f->subleaf, r[0], r[1], r[2], r[3]);
		if (!(r[f->reg] & (1u << f->bit)))
			return false;
		if (!strcmp(name, "avx2"))
			return os_saves_ymm(0);
		if (!strcmp(name, "avx512f"))
			return os_saves_ymm(1);
		return true;
	}
	return false;
}

void db_cpu_hypervisor(char *buf, size_t len)
{
	unsigned int a, b, c, d;
	char sig[13];

	buf[0] = '\0';
	if (!db_cpu_flag("hypervisor"))
		return;
	__cpuid(0x40000000, a, b, c, d);
	memcpy(sig, &b, 4);
	memcpy(sig + 4, &c, 4);
	memcpy(sig + 8, &d, 4);
	sig[12] = '\0';
	strncpy(buf, sig, len - 1);
	buf[len - 1] = '\0';
}
#else
const char *const db_cpu_flag_names[] = { NULL };

bool db_cpu_flag(const char *name)
{
	(void)name;
	return false;
}

void db_cpu_hypervisor(char *buf, size_t len)
{
	if (len)
		buf[0] = '\0';
}
#endif
