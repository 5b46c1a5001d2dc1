/* test_util.c - buffers, checked allocation, hashing, radix sort. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "util/radix.h"
#include "util/util.h"

static void test_buf(void **state)
{
	wn_buf b;
	wn_buf_init(&b);
	assert_null(b.ptr);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(wn_buf_append(&b, "abc", 3), 0);
	assert_int_equal(b.len, 3000);
	assert_int_equal(b.ptr[b.len], '\0');
	assert_memory_equal(b.ptr + 2997, "abc", 3);
	wn_buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.ptr, "");
	/* A growth that would overflow is refused, not wrapped. */
	b.len = SIZE_MAX - 4;
	assert_int_equal(wn_buf_grow(&b, 10), WN_ENOMEM);
	b.len = 0;
	wn_buf_release(&b);
	assert_null(b.ptr);
}

static void test_checked_alloc(void **state)
{
	assert_null(wn_malloc_array(SIZE_MAX / 2, 4));
	void *p = NULL;
	size_t cap = 0;
	assert_int_equal(wn_grow_array(&p, &cap, 100, 8), 0);
	assert_true(cap >= 100);
	assert_int_equal(wn_grow_array(&p, &cap, SIZE_MAX / 4, 16), WN_ENOMEM);
	free(p);
}

/* A table from wn_calloc_table() is zeroed, whole, and a big one 2 MiB
 * aligned (so that huge pages can back it). */
static void test_calloc_table(void **state)
{
	(void)state;
	assert_null(wn_calloc_table(SIZE_MAX / 2, 4));
	uint32_t *small = wn_calloc_table(100, sizeof(uint32_t));
	assert_non_null(small);
	for (size_t i = 0; i < 100; i++)
		assert_int_equal(small[i], 0);
	free(small);
	const size_t count = ((size_t)3 << 20) / sizeof(uint64_t) + 5;   /* 3 MiB and a bit */
	for (int round = 0; round < 2; round++) {
		uint64_t *big = wn_calloc_table(count, sizeof(uint64_t));
		assert_non_null(big);
		assert_int_equal((uintptr_t)big % ((uintptr_t)2 << 20), 0);
		uint64_t any = 0;
		for (size_t i = 0; i < count; i++)
			any |= big[i];
		assert_true(any == 0);
		/* dirty it, so that memory reused by the second round is seen
		 * to be zeroed again */
		for (size_t i = 0; i < count; i++)
			big[i] = i * 0x9e3779b97f4a7c15ULL | 1;
		free(big);
	}
}

/* wn_popcount64() (its portable form in the baseline build, where the
 * builtin is a call) against a bit-by-bit count. */
static void test_popcount(void **state)
{
	(void)state;
	uint64_t x = 0;
	for (int k = 0; k < 2000; k++) {
		unsigned want = 0;
		for (int b = 0; b < 64; b++)
			want += (unsigned)(x >> b) & 1;
		assert_int_equal(wn_popcount64(x), want);
		x = k < 64 ? x << 1 | 1 : wn_mix64((uint64_t)k) & wn_mix64((uint64_t)k * 7);
	}
	assert_int_equal(wn_popcount64(UINT64_MAX), 64);
}

static void test_hash(void **state)
{
	assert_true(wn_hash64("abc", 3, 0) == wn_hash64("abc", 3, 0));
	assert_true(wn_hash64("abc", 3, 0) != wn_hash64("abd", 3, 0));
	assert_true(wn_hash64("abc", 3, 0) != wn_hash64("abc", 3, 1));
	wn_hash128 a = wn_hash128_of("abc", 3, 0), b = wn_hash128_of("abc", 3, 0);
	assert_true(a.lo == b.lo && a.hi == b.hi);
	assert_string_equal(wn_strerror(WN_EPARSE), "malformed input");
	assert_string_equal(wn_version(), WN_VERSION_STRING);
}

/* wn_hash64_case_bit() is wn_hash64() of the bytes with 0x20 set, at every
 * length around its 256-byte chunks, for any bytes. */
static void test_hash_case_bit(void **state)
{
	(void)state;
	enum { MAX = 700 };
	unsigned char *in = malloc(MAX), *low = malloc(MAX);
	assert_non_null(in);
	assert_non_null(low);
	uint32_t x = 12345;
	for (size_t i = 0; i < MAX; i++) {
		x = x * 1103515245u + 12345u;
		in[i] = (unsigned char)(x >> 16);
		low[i] = in[i] | 0x20;
	}
	for (size_t n = 0; n <= MAX; n += n < 300 ? 1 : 37)
		assert_true(wn_hash64_case_bit(in, n, 7) == wn_hash64(low, n, 7));
	assert_true(wn_hash64_case_bit("ABC", 3, 0) == wn_hash64("abc", 3, 0));
	assert_true(wn_hash64_case_bit("ABC", 3, 0) != wn_hash64("ABC", 3, 0));
	free(in);
	free(low);
}

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return (a > b) - (a < b);
}

static void test_radix_sort(void **state)
{
	enum { N = 100000 };
	uint64_t *keys = malloc(N * sizeof(uint64_t)), *ref = malloc(N * sizeof(uint64_t));
	uint32_t *vals = malloc(N * sizeof(uint32_t));
	for (int bits = 8; bits <= 64; bits += 28) {
		uint64_t mask = bits == 64 ? UINT64_MAX : (1ULL << bits) - 1;
		for (uint32_t i = 0; i < N; i++) {
			keys[i] = wn_mix64(i + (uint64_t)bits) & mask;
			vals[i] = i;
		}
		memcpy(ref, keys, N * sizeof(uint64_t));
		qsort(ref, N, sizeof(uint64_t), cmp_u64);
		assert_int_equal(radix_sort64(keys, vals, N, bits), 0);
		assert_memory_equal(keys, ref, N * sizeof(uint64_t));
		/* Stable: equal keys keep their original order. */
		for (size_t i = 1; i < N; i++)
			if (keys[i] == keys[i - 1])
				assert_true(vals[i] > vals[i - 1]);
		/* Values travel with their keys. */
		for (size_t i = 0; i < N; i++)
			assert_true(keys[i] == (wn_mix64(vals[i] + (uint64_t)bits) & mask));
	}
	free(keys);
	free(ref);
	free(vals);
}

/* Sorting on a middle slice of the key: ordered by that slice alone,
 * stable (so the bits outside it keep their input order among equals), and
 * a permutation of the input. */
static uint64_t slice_of(uint64_t k, int low, int high)
{
	return (k >> low) & (high - low == 64 ? UINT64_MAX : (1ULL << (high - low)) - 1);
}

static void test_radix_sort_bits(void **state)
{
	enum { N = 50000 };
	static const int slices[][2] = { { 32, 53 }, { 5, 17 }, { 40, 64 }, { 0, 11 } };
	uint64_t *keys = malloc(N * sizeof(uint64_t)), *orig = malloc(N * sizeof(uint64_t));
	uint32_t *vals = malloc(N * sizeof(uint32_t));
	for (size_t c = 0; c < sizeof(slices) / sizeof(slices[0]); c++) {
		int low = slices[c][0], high = slices[c][1];
		for (uint32_t i = 0; i < N; i++) {
			/* few distinct slices, so that equal ones are common */
			uint64_t r = wn_mix64(i + 1000 * (uint64_t)c);
			keys[i] = orig[i] = (r & ~(((1ULL << 6) - 1) << low)) ^ ((uint64_t)(r % 7) << 40);
			vals[i] = i;
		}
		assert_int_equal(radix_sort64_bits(keys, vals, N, low, high), 0);
		for (size_t i = 0; i < N; i++)
			assert_true(keys[i] == orig[vals[i]]);
		for (size_t i = 1; i < N; i++) {
			uint64_t a = slice_of(keys[i - 1], low, high), b = slice_of(keys[i], low, high);
			assert_true(a <= b);
			if (a == b)
				assert_true(vals[i - 1] < vals[i]);
		}
	}
	free(keys);
	free(orig);
	free(vals);
}

static void test_sort_u32(void **state)
{
	uint32_t a[3000];
	for (size_t n = 0; n < 3000; n = n * 2 + 1) {
		for (size_t i = 0; i < n; i++)
			a[i] = (uint32_t)(wn_mix64(i * 7 + n) % (n / 3 + 1)); /* with repeats */
		sort_u32(a, n);
		for (size_t i = 1; i < n; i++)
			assert_true(a[i - 1] <= a[i]);
	}
}

/* sort_unique_u32 against a plain sort and a scan, across the rank-sort
 * limit, with and without repeats, with values at both ends of the range. */
static void test_sort_unique_u32(void **state)
{
	uint32_t a[400], ref[400];
	for (size_t n = 0; n <= 400; n += (n < 140 ? 1 : 37)) {
		for (int repeats = 0; repeats < 2; repeats++) {
			for (size_t i = 0; i < n; i++) {
				uint64_t r = wn_mix64(i * 31 + n * 7 + (uint64_t)repeats);
				a[i] = repeats ? (uint32_t)(r % (n / 2 + 1)) : (uint32_t)r;
				if (i % 17 == 3)
					a[i] = i % 2 ? UINT32_MAX : 0;
			}
			memcpy(ref, a, n * sizeof(uint32_t));
			sort_u32(ref, n);
			size_t m = 0;
			for (size_t i = 0; i < n; i++)
				if (m == 0 || ref[i] != ref[m - 1])
					ref[m++] = ref[i];
			assert_int_equal(sort_unique_u32(a, n), m);
			assert_memory_equal(a, ref, m * sizeof(uint32_t));
		}
	}
}

static int cmp_u64_ref(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return (a > b) - (a < b);
}

/* sort_unique_u64 on both sides of the quicksort's insertion-sort limit and
 * on ranges deep enough to recurse, with repeats and values that need all 64
 * bits, against qsort and a scan. */
static void test_sort_unique_u64(void **state)
{
	(void)state;
	enum { MAX = 3000 };
	uint64_t *a = malloc(MAX * sizeof(uint64_t)), *ref = malloc(MAX * sizeof(uint64_t));
	assert_non_null(a);
	assert_non_null(ref);
	for (size_t n = 0; n <= MAX; n += (n < 60 ? 1 : n < 300 ? 23 : 677)) {
		for (size_t i = 0; i < n; i++)
			a[i] = wn_mix64(i * 13 + n) % (i % 3 ? UINT64_MAX : n / 2 + 1);
		memcpy(ref, a, n * sizeof(uint64_t));
		qsort(ref, n, sizeof(uint64_t), cmp_u64_ref);
		size_t m = 0;
		for (size_t i = 0; i < n; i++)
			if (m == 0 || ref[i] != ref[m - 1])
				ref[m++] = ref[i];
		assert_int_equal(sort_unique_u64(a, n), m);
		assert_memory_equal(a, ref, m * sizeof(uint64_t));
	}
	free(a);
	free(ref);
}

static int cmp_int(const void *x, const void *y)
{
	int a = *(const int *)x, b = *(const int *)y;
	return (a > b) - (a < b);
}

static void test_select(void **state)
{
	int a[301], sorted[301];
	for (size_t n = 1; n <= 301; n += 50) {
		for (size_t k = 0; k < n; k += 7) {
			for (size_t i = 0; i < n; i++)
				a[i] = sorted[i] = (int)(wn_mix64(i + 31 * n) % 97); /* repeats */
			qsort(sorted, n, sizeof(int), cmp_int);
			wn_select(a, n, sizeof(int), k, cmp_int);
			assert_int_equal(a[k], sorted[k]);
			for (size_t i = 0; i < k; i++)
				assert_true(a[i] <= a[k]);
			for (size_t i = k + 1; i < n; i++)
				assert_true(a[i] >= a[k]);
		}
	}
}

static void test_union_find(void **state)
{
	uint32_t parent[10];
	for (uint32_t i = 0; i < 10; i++)
		parent[i] = i;
	wn_uf_union(parent, 7, 3);
	wn_uf_union(parent, 9, 7);
	wn_uf_union(parent, 5, 8);
	wn_uf_union(parent, 3, 3);
	/* Roots are the smallest members, whatever the order of the links. */
	assert_int_equal(wn_uf_find(parent, 9), 3);
	assert_int_equal(wn_uf_find(parent, 7), 3);
	assert_int_equal(wn_uf_find(parent, 8), 5);
	assert_int_equal(wn_uf_find(parent, 0), 0);
	wn_uf_union(parent, 8, 9);
	assert_int_equal(wn_uf_find(parent, 5), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf),
		cmocka_unit_test(test_checked_alloc),
		cmocka_unit_test(test_calloc_table),
		cmocka_unit_test(test_popcount),
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_hash_case_bit),
		cmocka_unit_test(test_radix_sort),
		cmocka_unit_test(test_radix_sort_bits),
		cmocka_unit_test(test_sort_u32),
		cmocka_unit_test(test_sort_unique_u32),
		cmocka_unit_test(test_sort_unique_u64),
		cmocka_unit_test(test_select),
		cmocka_unit_test(test_union_find),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
