/* util/radix.c - stable LSD radix sort (see radix.h). */
#include "util/radix.h"

#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "util/util.h"
#if WN_X86_DISPATCH
#include <immintrin.h>
#endif

/* 11-bit digits: the 2048 counters and write positions stay in L1. */
#define DIGIT_BITS 11
#define BUCKETS (1u << DIGIT_BITS)

static int radix_sort_range(uint64_t *keys, uint32_t *values, size_t n, int low_bit,
			    int key_bits);

int radix_sort64(uint64_t *keys, uint32_t *values, size_t n, int key_bits)
{
	return radix_sort_range(keys, values, n, 0, key_bits);
}

int radix_sort64_from(uint64_t *keys, uint32_t *values, size_t n, int low_bit)
{
	return radix_sort_range(keys, values, n, low_bit, 64);
}

int radix_sort64_bits(uint64_t *keys, uint32_t *values, size_t n, int low_bit, int high_bit)
{
	return radix_sort_range(keys, values, n, low_bit, high_bit);
}

/* At most this many digits: 64 bits of 11-bit digits. */
#define MAX_DIGITS ((64 + DIGIT_BITS - 1) / DIGIT_BITS)

static int radix_sort_range(uint64_t *keys, uint32_t *values, size_t n, int low_bit, int key_bits)
{
	if (n < 2)
		return 0;
	int digits = (key_bits - low_bit + DIGIT_BITS - 1) / DIGIT_BITS;
	if (digits <= 0)
		return 0;
	uint64_t *tmp_keys = wn_malloc_array(n, sizeof(uint64_t));
	uint32_t *tmp_values = values ? wn_malloc_array(n, sizeof(uint32_t)) : NULL;
	size_t *count = calloc((size_t)digits * BUCKETS, sizeof(size_t));
	if (!tmp_keys || (values && !tmp_values) || !count) {
		free(tmp_keys);
		free(tmp_values);
		free(count);
		return WN_ENOMEM;
	}
	uint64_t masks[MAX_DIGITS];
	int shifts[MAX_DIGITS];
	for (int d = 0; d < digits; d++) {
		shifts[d] = low_bit + d * DIGIT_BITS;
		masks[d] = key_bits - shifts[d] < DIGIT_BITS ? (1u << (key_bits - shifts[d])) - 1
							      : BUCKETS - 1;
	}
	/* every digit's histogram in one read of the keys */
	for (size_t i = 0; i < n; i++) {
		uint64_t k = keys[i];
		for (int d = 0; d < digits; d++)
			count[(size_t)d * BUCKETS + ((k >> shifts[d]) & masks[d])]++;
	}
	uint64_t *src_k = keys, *dst_k = tmp_keys;
	uint32_t *src_v = values, *dst_v = tmp_values;
	for (int d = 0; d < digits; d++) {
		size_t *c = count + (size_t)d * BUCKETS;
		int shift = shifts[d];
		uint64_t mask = masks[d];
		/* A digit that is the same everywhere needs no pass. */
		if (c[(src_k[0] >> shift) & mask] == n)
			continue;
		size_t sum = 0;
		for (size_t b = 0; b < BUCKETS; b++) {
			size_t x = c[b];
			c[b] = sum;
			sum += x;
		}
		for (size_t i = 0; i < n; i++) {
			size_t at = c[(src_k[i] >> shift) & mask]++;
			dst_k[at] = src_k[i];
			if (values)
				dst_v[at] = src_v[i];
		}
		uint64_t *tk = src_k;
		src_k = dst_k;
		dst_k = tk;
		uint32_t *tv = src_v;
		src_v = dst_v;
		dst_v = tv;
	}
	if (src_k != keys) {
		memcpy(keys, src_k, n * sizeof(uint64_t));
		if (values)
			memcpy(values, src_v, n * sizeof(uint32_t));
	}
	free(tmp_keys);
	free(tmp_values);
	free(count);
	return 0;
}

/* A quicksort of plain integers with inline comparisons (qsort calls its
 * comparator for each one, which showed in profiles): median of three as the
 * pivot, Hoare partition, insertion sort for ranges of up to SMALL values.
 * One definition for the 32- and 64-bit versions. */
#define DEFINE_SORT(NAME, T, SMALL)                                                     \
	void NAME(T *a, size_t n)                                                       \
	{                                                                               \
		while (n > SMALL) {                                                     \
			T x = a[0], y = a[n / 2], z = a[n - 1];                         \
			T pivot = x < y ? (y < z ? y : (x < z ? z : x))                 \
					: (x < z ? x : (y < z ? z : y));                \
			size_t i = 0, j = n - 1;                                        \
			for (;;) {                                                      \
				while (a[i] < pivot)                                    \
					i++;                                            \
				while (a[j] > pivot)                                    \
					j--;                                            \
				if (i >= j)                                             \
					break;                                          \
				T t = a[i];                                             \
				a[i] = a[j];                                            \
				a[j] = t;                                               \
				i++;                                                    \
				j--;                                                    \
			}                                                               \
			/* recurse into the smaller side, loop on the larger */         \
			size_t left = j + 1;                                            \
			if (left < n - left) {                                          \
				NAME(a, left);                                          \
				a += left;                                              \
				n -= left;                                              \
			} else {                                                        \
				NAME(a + left, n - left);                               \
				n = left;                                               \
			}                                                               \
		}                                                                       \
		for (size_t i = 1; i < n; i++) {                                        \
			T v = a[i];                                                     \
			size_t j = i;                                                   \
			while (j > 0 && a[j - 1] > v) {                                 \
				a[j] = a[j - 1];                                        \
				j--;                                                    \
			}                                                               \
			a[j] = v;                                                       \
		}                                                                       \
	}

DEFINE_SORT(sort_u32, uint32_t, 16)
/* a page's few dozen block hashes are sorted by insertion alone: faster
 * there than partitioning (profiles of the site pass) */
DEFINE_SORT(sort_u64, uint64_t, 48)

/* Up to this many values sort by rank: each value's place is the number of
 * values below it, counted four (SSE2) or sixteen (AVX-512) at a time
 * without a branch. For the few dozen anchors of a document that beats a
 * quicksort, whose compares the branch predictor cannot guess. */
#define RANK_SORT_MAX 128

/* Places each of A[0..N) at its rank, the number of values below it
 * (BIASED: A with the top bit flipped, so that signed compares order them,
 * padded with INT32_MAX to a multiple of 16, below nothing). Equal values
 * share a place: the repeats leave theirs unused. */
static void rank_place(const int32_t *biased, const uint32_t *a, size_t n, uint32_t *placed,
		       uint8_t *used)
{
	for (size_t i = 0; i < n; i++) {
		size_t below = 0;
#if defined(__SSE2__)
		size_t padded = (n + 3) & ~(size_t)3;
		__m128i v = _mm_set1_epi32(biased[i]), acc = _mm_setzero_si128();
		for (size_t j = 0; j < padded; j += 4)
			acc = _mm_sub_epi32(acc, _mm_cmpgt_epi32(v, _mm_loadu_si128((const __m128i *)(biased + j))));
		uint32_t lanes[4];
		_mm_storeu_si128((__m128i *)lanes, acc);
		below = (size_t)lanes[0] + lanes[1] + lanes[2] + lanes[3];
#else
		for (size_t j = 0; j < n; j++)
			below += biased[j] < biased[i];
#endif
		placed[below] = a[i];
		used[below] = 1;
	}
}

#if WN_X86_DISPATCH
/* rank_place() with sixteen compares to an AVX-512 register. */
WN_TARGET_AVX512DQ static void rank_place_avx512(const int32_t *biased, const uint32_t *a,
						 size_t n, uint32_t *placed, uint8_t *used)
{
	size_t padded = (n + 15) & ~(size_t)15;
	for (size_t i = 0; i < n; i++) {
		__m512i v = _mm512_set1_epi32(biased[i]);
		size_t below = 0;
		for (size_t j = 0; j < padded; j += 16)
			below += (size_t)__builtin_popcount(
				_mm512_cmpgt_epi32_mask(v, _mm512_loadu_si512((const void *)(biased + j))));
		placed[below] = a[i];
		used[below] = 1;
	}
}
#endif

size_t sort_unique_u32(uint32_t *a, size_t n)
{
	if (n <= 1)
		return n;
	if (n > RANK_SORT_MAX) {
		sort_u32(a, n);
		size_t w = 1;
		for (size_t i = 1; i < n; i++)
			if (a[i] != a[w - 1])
				a[w++] = a[i];
		return w;
	}
	int32_t biased[RANK_SORT_MAX + 15];
	uint32_t placed[RANK_SORT_MAX];
	uint8_t used[RANK_SORT_MAX];
	for (size_t i = 0; i < n; i++)
		biased[i] = (int32_t)(a[i] ^ 0x80000000u);
	for (size_t i = n; i < ((n + 15) & ~(size_t)15); i++)
		biased[i] = INT32_MAX;
	memset(used, 0, n);
#if WN_X86_DISPATCH
	if (wn_cpu_has_avx512dq())
		rank_place_avx512(biased, a, n, placed, used);
	else
#endif
		rank_place(biased, a, n, placed, used);
	size_t w = 0;
	for (size_t r = 0; r < n; r++)
		if (used[r])
			a[w++] = placed[r];
	return w;
}

size_t sort_unique_u64(uint64_t *a, size_t n)
{
	if (n <= 1)
		return n;
	sort_u64(a, n);
	size_t w = 1;
	for (size_t i = 1; i < n; i++)
		if (a[i] != a[w - 1])
			a[w++] = a[i];
	return w;
}
