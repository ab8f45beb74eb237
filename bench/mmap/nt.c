// SPDX-License-Identifier: GPL-2.0-only
/*
 * daxbench-mmap: writes and copies with non-temporal stores, one set per
 * instruction-set extension.
 *
 * Each function is compiled for its extension with a function-level
 * target attribute, so the rest of the program (and the build) needs no
 * -m flags; mm_kernel_select() calls one only after cpuid said the CPU
 * has the extension.  Non-temporal stores bypass the caches and are
 * weakly ordered: every block ends with an sfence, as a pmem memcpy
 * does, so that a block's stores are complete before the next block and
 * before any flush of the persistence step.
 */
#include "mmap.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#define TARGET(isa) __attribute__((target(isa)))

/* Word i of the block gets first + i, as mm_write_plain() stores it. */
TARGET("sse2") void mm_write_nt_sse2(void *p, size_t len, uint64_t first)
{
	const __m128i step = _mm_set1_epi64x(8);
	__m128i a = _mm_set_epi64x((long long)first + 1, (long long)first);
	__m128i b = _mm_add_epi64(a, _mm_set1_epi64x(2));
	__m128i c = _mm_add_epi64(a, _mm_set1_epi64x(4));
	__m128i d = _mm_add_epi64(a, _mm_set1_epi64x(6));
	__m128i *q = p, *end = (__m128i *)((char *)p + len);

	for (; q < end; q += 4) {
		_mm_stream_si128(q, a);
		_mm_stream_si128(q + 1, b);
		_mm_stream_si128(q + 2, c);
		_mm_stream_si128(q + 3, d);
		a = _mm_add_epi64(a, step);
		b = _mm_add_epi64(b, step);
		c = _mm_add_epi64(c, step);
		d = _mm_add_epi64(d, step);
	}
	_mm_sfence();
}

TARGET("sse2") void mm_copy_nt_sse2(void *dst, const void *src, size_t len)
{
	const __m128i *s = src;
	__m128i *d = dst, *end = (__m128i *)((char *)dst + len);

	for (; d < end; d += 4, s += 4) {
		__m128i x0 = _mm_load_si128(s), x1 = _mm_load_si128(s + 1);
		__m128i x2 = _mm_load_si128(s + 2), x3 = _mm_load_si128(s + 3);

		_mm_stream_si128(d, x0);
		_mm_stream_si128(d + 1, x1);
		_mm_stream_si128(d + 2, x2);
		_mm_stream_si128(d + 3, x3);
	}
	_mm_sfence();
}

TARGET("avx2") void mm_write_nt_avx2(void *p, size_t len, uint64_t first)
{
	const __m256i step = _mm256_set1_epi64x(8);
	__m256i a = _mm256_add_epi64(_mm256_set1_epi64x((long long)first),
				     _mm256_set_epi64x(3, 2, 1, 0));
	__m256i b = _mm256_add_epi64(a, _mm256_set1_epi64x(4));
	__m256i *q = p, *end = (__m256i *)((char *)p + len);

	for (; q < end; q += 2) {
		_mm256_stream_si256(q, a);
		_mm256_stream_si256(q + 1, b);
		a = _mm256_add_epi64(a, step);
		b = _mm256_add_epi64(b, step);
	}
	_mm_sfence();
}

TARGET("avx2") void mm_copy_nt_avx2(void *dst, const void *src, size_t len)
{
	const __m256i *s = src;
	__m256i *d = dst, *end = (__m256i *)((char *)dst + len);

	for (; d < end; d += 2, s += 2) {
		__m256i x0 = _mm256_load_si256(s), x1 = _mm256_load_si256(s + 1);

		_mm256_stream_si256(d, x0);
		_mm256_stream_si256(d + 1, x1);
	}
	_mm_sfence();
}

TARGET("avx512f") void mm_write_nt_avx512(void *p, size_t len, uint64_t first)
{
	const __m512i step = _mm512_set1_epi64(8);
	__m512i a = _mm512_add_epi64(_mm512_set1_epi64((long long)first),
				     _mm512_set_epi64(7, 6, 5, 4, 3, 2, 1, 0));
	__m512i *q = p, *end = (__m512i *)((char *)p + len);

	for (; q < end; q++) {
		_mm512_stream_si512(q, a);
		a = _mm512_add_epi64(a, step);
	}
	_mm_sfence();
}

TARGET("avx512f") void mm_copy_nt_avx512(void *dst, const void *src, size_t len)
{
	const __m512i *s = src;
	__m512i *d = dst, *end = (__m512i *)((char *)dst + len);

	for (; d < end; d++, s++)
		_mm512_stream_si512(d, _mm512_load_si512(s));
	_mm_sfence();
}

#else	/* not x86: cpuid reports no extension, so these are never chosen */
#include <stdlib.h>

#define NEVER_W(name) \
	void name(void *p, size_t len, uint64_t first) \
	{ (void)p; (void)len; (void)first; abort(); }
#define NEVER_C(name) \
	void name(void *d, const void *s, size_t len) \
	{ (void)d; (void)s; (void)len; abort(); }
NEVER_W(mm_write_nt_sse2)
NEVER_W(mm_write_nt_avx2)
NEVER_W(mm_write_nt_avx512)
NEVER_C(mm_copy_nt_sse2)
NEVER_C(mm_copy_nt_avx2)
NEVER_C(mm_copy_nt_avx512)
#endif
