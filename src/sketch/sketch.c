/* sketch/sketch.c - shingles, MinHash (one-permutation and classic),
 * anchors and SimHash. See sketch.h for the methods and their sources. */
#include "sketch/sketch.h"
#include "util/radix.h"

#include <stdlib.h>
#if WN_X86_DISPATCH
#include <immintrin.h>
#endif

#define GOLDEN64 0x9e3779b97f4a7c15ULL
#define ANCHOR_SALT 0x5bd1e9955bd1e995ULL

void shingle_set_init(shingle_set *s)
{
	s->hash = NULL;
	s->count = 0;
	s->cap = 0;
}

void shingle_set_release(shingle_set *s)
{
	free(s->hash);
	shingle_set_init(s);
}

static inline uint64_t rotl64(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

#if WN_X86_DISPATCH
/* The shingles of shingles_from_tokens(), eight at a time in AVX-512 lanes
 * (64-bit multiplies are AVX-512DQ): the same chaining and splitmix64
 * finaliser, so the same values. Each shingle costs seven 64-bit
 * multiplies, which one scalar multiplier takes one at a time. Returns how
 * many of the COUNT shingles it wrote (a multiple of 8). */
WN_TARGET_AVX512DQ static size_t
shingles_avx512(uint64_t *out, const uint64_t *token_hash, size_t count, size_t width,
		uint64_t seed)
{
	const __m512i golden = _mm512_set1_epi64((long long)GOLDEN64);
	const __m512i start = _mm512_set1_epi64((long long)(seed ^ GOLDEN64));
	const __m512i mix1 = _mm512_set1_epi64((long long)0xbf58476d1ce4e5b9ULL);
	const __m512i mix2 = _mm512_set1_epi64((long long)0x94d049bb133111ebULL);
	size_t i = 0;
	/* two groups of eight at a time: each multiply waits for the one
	 * before it in its shingle, so independent chains fill the pipeline */
	for (; count - i >= 16; i += 16) {
		__m512i h = start, k = start;
		for (size_t j = 0; j < width; j++) {
			__m512i t = _mm512_loadu_si512((const void *)(token_hash + i + j));
			__m512i u = _mm512_loadu_si512((const void *)(token_hash + i + 8 + j));
			h = _mm512_rol_epi64(_mm512_mullo_epi64(_mm512_xor_si512(h, t), golden), 31);
			k = _mm512_rol_epi64(_mm512_mullo_epi64(_mm512_xor_si512(k, u), golden), 31);
		}
		h = _mm512_xor_si512(h, _mm512_srli_epi64(h, 30));
		k = _mm512_xor_si512(k, _mm512_srli_epi64(k, 30));
		h = _mm512_mullo_epi64(h, mix1);
		k = _mm512_mullo_epi64(k, mix1);
		h = _mm512_xor_si512(h, _mm512_srli_epi64(h, 27));
		k = _mm512_xor_si512(k, _mm512_srli_epi64(k, 27));
		h = _mm512_mullo_epi64(h, mix2);
		k = _mm512_mullo_epi64(k, mix2);
		h = _mm512_xor_si512(h, _mm512_srli_epi64(h, 31));
		k = _mm512_xor_si512(k, _mm512_srli_epi64(k, 31));
		_mm512_storeu_si512((void *)(out + i), h);
		_mm512_storeu_si512((void *)(out + i + 8), k);
	}
	for (; count - i >= 8; i += 8) {
		__m512i h = start;
		for (size_t j = 0; j < width; j++) {
			__m512i t = _mm512_loadu_si512((const void *)(token_hash + i + j));
			h = _mm512_rol_epi64(_mm512_mullo_epi64(_mm512_xor_si512(h, t), golden), 31);
		}
		h = _mm512_xor_si512(h, _mm512_srli_epi64(h, 30));
		h = _mm512_mullo_epi64(h, mix1);
		h = _mm512_xor_si512(h, _mm512_srli_epi64(h, 27));
		h = _mm512_mullo_epi64(h, mix2);
		h = _mm512_xor_si512(h, _mm512_srli_epi64(h, 31));
		_mm512_storeu_si512((void *)(out + i), h);
	}
	return i;
}
#endif

int shingles_from_tokens(shingle_set *s, const uint64_t *token_hash, size_t token_count,
			 int ngram, uint64_t seed)
{
	s->count = 0;
	if (token_count == 0)
		return 0;
	size_t n = (size_t)ngram;
	size_t count = token_count >= n ? token_count - n + 1 : 1;
	size_t width = token_count >= n ? n : token_count;
	WN_TRY(wn_grow_array((void **)&s->hash, &s->cap, count, sizeof(uint64_t)));
	size_t i = 0;
#if WN_X86_DISPATCH
	if (wn_cpu_has_avx512dq())
		i = shingles_avx512(s->hash, token_hash, count, width, seed);
#endif
	for (; i < count; i++) {
		uint64_t h = seed ^ GOLDEN64;
		/* Order-sensitive chaining: "a b" and "b a" differ. */
		for (size_t j = 0; j < width; j++)
			h = rotl64((h ^ token_hash[i + j]) * GOLDEN64, 31);
		s->hash[i] = wn_mix64(h);
	}
	s->count = count;
	return 0;
}

void minhash_oph(const shingle_set *s, uint32_t *bins, int k, uint64_t seed)
{
	uint8_t filled[SKETCH_MAX_PERM];
	for (int i = 0; i < k; i++) {
		bins[i] = UINT32_MAX;
		filled[i] = 0;
	}
	if (s->count == 0)
		return;
	const uint64_t salt = wn_mix64(seed + 1);
	for (size_t i = 0; i < s->count; i++) {
		/* The shingle hashes are already seeded and mixed. */
		uint64_t h = s->hash[i];
		/* Lemire's fast range reduction picks the bin from the high half. */
		uint32_t bin = (uint32_t)(((h >> 32) * (uint64_t)k) >> 32);
		uint32_t value = (uint32_t)h, old = bins[bin];
		bins[bin] = value < old ? value : old;
		filled[bin] = 1;
	}
	/* Optimal densification: an empty bin i walks its own probe sequence
	 * (a hash of i and the attempt) until it meets a bin that was filled
	 * by a shingle, and copies that bin's value. Shrivastava 2017, Alg. 1. */
	for (int i = 0; i < k; i++) {
		if (filled[i])
			continue;
		for (uint64_t attempt = 1;; attempt++) {
			uint64_t p = wn_mix64(((uint64_t)i << 32) ^ attempt ^ salt);
			uint32_t j = (uint32_t)(((p >> 32) * (uint64_t)k) >> 32);
			if (filled[j]) {
				bins[i] = bins[j];
				break;
			}
		}
	}
}

void minhash_classic(const shingle_set *s, uint32_t *bins, int k, uint64_t seed)
{
	uint64_t mul[SKETCH_MAX_PERM], add[SKETCH_MAX_PERM];
	for (int i = 0; i < k; i++) {
		mul[i] = wn_mix64(seed + 2 * (uint64_t)i + 1) | 1;
		add[i] = wn_mix64(seed + 2 * (uint64_t)i + 2);
		bins[i] = UINT32_MAX;
	}
	for (size_t n = 0; n < s->count; n++) {
		uint64_t x = s->hash[n];
		/* The inner loop over i is what the compiler vectorises. */
		for (int i = 0; i < k; i++) {
			uint32_t v = (uint32_t)((mul[i] * x + add[i]) >> 32);
			bins[i] = v < bins[i] ? v : bins[i];
		}
	}
}

double minhash_jaccard(const uint32_t *a, const uint32_t *b, int k)
{
	int equal = 0;
	for (int i = 0; i < k; i++)
		equal += a[i] == b[i];
	return k ? (double)equal / k : 0.0;
}

double minhash8_jaccard(const uint8_t *a, const uint8_t *b, int k)
{
	int equal = 0;
	for (int i = 0; i < k; i++)
		equal += a[i] == b[i];
	if (!k)
		return 0.0;
	const double chance = 1.0 / 256.0;
	double j = ((double)equal / k - chance) / (1.0 - chance);
	return j < 0.0 ? 0.0 : j;
}

int anchors_from_shingles(const shingle_set *s, uint32_t **out, size_t *cap,
			  size_t *anchor_count, int *level, uint64_t seed)
{
	/* The shingle hashes are mixed already: one odd multiply (a bijection)
	 * decorrelates the anchor choice (top bits) from the MinHash bins. The
	 * stored value is the next 32 bits; its low bits decide the levels. */
	const uint64_t mul = (ANCHOR_SALT ^ wn_mix64(seed)) | 1;
	const int shift = 64 - SKETCH_ANCHOR_BASE_SHIFT;
	/* one pass: the base sample, about a 2^-SKETCH_ANCHOR_BASE_SHIFT share */
	size_t n = 0;
	WN_TRY(wn_grow_array((void **)out, cap, s->count + 1, sizeof(uint32_t)));
	uint32_t *o = *out;
	for (size_t i = 0; i < s->count; i++) {
		/* without a branch: a quarter of the shingles pass, in no
		 * pattern a predictor could learn */
		uint64_t h = s->hash[i] * mul;
		o[n] = (uint32_t)(h >> (shift - 32));
		n += (h >> shift) == 0;
	}
	/* The level that keeps about SKETCH_MAX_ANCHORS before removing repeats;
	 * repeats are rare, so at most one more level is needed below. */
	int lvl = 0;
	while ((n >> lvl) > SKETCH_MAX_ANCHORS)
		lvl++;
	if (lvl) {
		/* without a branch too: about half stay, at random */
		const uint32_t level_mask = anchor_level_mask(lvl);
		size_t w = 0;
		for (size_t i = 0; i < n; i++) {
			uint32_t a = o[i];
			o[w] = a;
			w += (a & level_mask) == 0;
		}
		n = w;
	}
	n = sort_unique_u32(*out, n);
	while (n > SKETCH_MAX_ANCHORS) {
		lvl++;
		uint32_t m = anchor_level_mask(lvl);
		size_t w = 0;
		for (size_t i = 0; i < n; i++)
			if (((*out)[i] & m) == 0)
				(*out)[w++] = (*out)[i];
		n = w;
	}
	*anchor_count = n;
	*level = lvl;
	return 0;
}

size_t anchors_intersect(const uint32_t *a, size_t na_all, const uint32_t *b, size_t nb_all,
			 int level, size_t *na, size_t *nb)
{
	const uint32_t m = anchor_level_mask(level);
	size_t i = 0, j = 0, common = 0, ca = 0, cb = 0;
	while (i < na_all || j < nb_all) {
		/* Skip anchors finer than LEVEL, counting what stays. */
		if (i < na_all && (a[i] & m)) {
			i++;
			continue;
		}
		if (j < nb_all && (b[j] & m)) {
			j++;
			continue;
		}
		if (j >= nb_all || (i < na_all && a[i] < b[j])) {
			ca++;
			i++;
		} else if (i >= na_all || a[i] > b[j]) {
			cb++;
			j++;
		} else {
			common++;
			ca++;
			cb++;
			i++;
			j++;
		}
	}
	*na = ca;
	*nb = cb;
	return common;
}

/* One merge for both widths. */
#define SORTED_INTERSECTION(a, na, b, nb)                  \
	size_t i = 0, j = 0, common = 0;                    \
	while (i < (na) && j < (nb)) {                      \
		if ((a)[i] < (b)[j]) {                      \
			i++;                                \
		} else if ((a)[i] > (b)[j]) {               \
			j++;                                \
		} else {                                    \
			common++;                           \
			i++;                                \
			j++;                                \
		}                                           \
	}                                                   \
	return common

size_t sorted_intersection(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	SORTED_INTERSECTION(a, na, b, nb);
}

size_t sorted_intersection64(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
	SORTED_INTERSECTION(a, na, b, nb);
}

uint64_t simhash64(const shingle_set *s, uint64_t seed)
{
	int32_t weight[64] = { 0 };
	for (size_t n = 0; n < s->count; n++) {
		uint64_t h = seed ? wn_mix64(s->hash[n] ^ seed) : s->hash[n];
		for (int b = 0; b < 64; b++)
			weight[b] += (int32_t)((h >> b) & 1) * 2 - 1;
	}
	uint64_t fp = 0;
	for (int b = 0; b < 64; b++)
		if (weight[b] > 0)
			fp |= 1ULL << b;
	return fp;
}
