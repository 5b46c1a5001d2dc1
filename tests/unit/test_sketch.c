/* test_sketch.c - shingles, MinHash variants, anchors, SimHash, LSH params. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include <math.h>

#include "dedup/params.h"
#include "sketch/sketch.h"

/* A token stream of N pseudo-random words from a vocabulary of VOCAB. */
static void make_tokens(uint64_t *tok, size_t n, uint64_t seed, uint64_t vocab)
{
	for (size_t i = 0; i < n; i++)
		tok[i] = wn_mix64((wn_mix64(seed + i) % vocab) + 1);
}

static double exact_jaccard(const shingle_set *a, const shingle_set *b)
{
	/* Small sets: quadratic is fine and obviously right. */
	size_t common = 0, ua = 0, ub = 0;
	for (size_t i = 0; i < a->count; i++) {
		int dup = 0;
		for (size_t j = 0; j < i; j++)
			dup |= a->hash[j] == a->hash[i];
		if (dup)
			continue;
		ua++;
		for (size_t j = 0; j < b->count; j++)
			if (b->hash[j] == a->hash[i]) {
				common++;
				break;
			}
	}
	for (size_t i = 0; i < b->count; i++) {
		int dup = 0;
		for (size_t j = 0; j < i; j++)
			dup |= b->hash[j] == b->hash[i];
		ub += !dup;
	}
	return (double)common / (double)(ua + ub - common);
}

static void test_shingle_counts(void **state)
{
	uint64_t tok[10];
	make_tokens(tok, 10, 1, 1000000);
	shingle_set s;
	shingle_set_init(&s);
	assert_int_equal(shingles_from_tokens(&s, tok, 10, 5, 0), 0);
	assert_int_equal(s.count, 6);
	assert_int_equal(shingles_from_tokens(&s, tok, 3, 5, 0), 0);
	assert_int_equal(s.count, 1); /* a short text is one shingle */
	assert_int_equal(shingles_from_tokens(&s, tok, 0, 5, 0), 0);
	assert_int_equal(s.count, 0);
	/* Order matters: a b c d e != e d c b a. */
	uint64_t rev[5] = { tok[4], tok[3], tok[2], tok[1], tok[0] };
	uint64_t first;
	shingles_from_tokens(&s, tok, 5, 5, 0);
	first = s.hash[0];
	shingles_from_tokens(&s, rev, 5, 5, 0);
	assert_true(first != s.hash[0]);
	/* The seed changes every shingle. */
	shingles_from_tokens(&s, tok, 5, 5, 7);
	assert_true(first != s.hash[0]);
	shingle_set_release(&s);
}

/* Every shingle is the chain of its tokens' hashes, whichever path (the
 * AVX-512 one takes 16 and 8 shingles at a time, the plain one the rest)
 * computed it: checked against the definition written out here, for
 * counts around those group sizes, several widths and seeds. */
static void test_shingle_values(void **state)
{
	uint64_t tok[80];
	make_tokens(tok, 80, 3, 1000000);
	shingle_set s;
	shingle_set_init(&s);
	for (size_t tokens = 1; tokens <= 80; tokens++) {
		for (int ngram = 1; ngram <= 7; ngram += 2) {
			uint64_t seed = tokens * 131 + (uint64_t)ngram;
			assert_int_equal(shingles_from_tokens(&s, tok, tokens, ngram, seed), 0);
			size_t width = tokens < (size_t)ngram ? tokens : (size_t)ngram;
			assert_int_equal(s.count, tokens - width + 1);
			for (size_t i = 0; i < s.count; i++) {
				uint64_t h = seed ^ 0x9e3779b97f4a7c15ULL;
				for (size_t j = 0; j < width; j++) {
					h = (h ^ tok[i + j]) * 0x9e3779b97f4a7c15ULL;
					h = (h << 31) | (h >> 33);
				}
				assert_true(s.hash[i] == wn_mix64(h));
			}
		}
	}
	shingle_set_release(&s);
}

/* Both MinHash variants estimate Jaccard within a few standard errors. */
static void check_estimator(void (*sketch)(const shingle_set *, uint32_t *, int, uint64_t))
{
	enum { N = 600, K = 256 };
	uint64_t a[N], b[N];
	shingle_set sa, sb;
	shingle_set_init(&sa);
	shingle_set_init(&sb);
	uint32_t ba[K], bb[K];
	for (int shift = 0; shift <= 400; shift += 100) {
		/* b is a with its first SHIFT words replaced. */
		make_tokens(a, N, 42, 1u << 30);
		for (int i = 0; i < N; i++)
			b[i] = i < shift ? wn_mix64(777 + i) : a[i];
		shingles_from_tokens(&sa, a, N, 5, 0);
		shingles_from_tokens(&sb, b, N, 5, 0);
		double truth = exact_jaccard(&sa, &sb);
		sketch(&sa, ba, K, 3);
		sketch(&sb, bb, K, 3);
		double est = minhash_jaccard(ba, bb, K);
		double se = sqrt(truth * (1 - truth) / K) + 0.01;
		assert_true(fabs(est - truth) < 4 * se);
	}
	/* The 8-bit values the deduplicator keeps estimate the same. */
	uint8_t a8[K], b8[K];
	for (int i = 0; i < K; i++) {
		a8[i] = (uint8_t)(ba[i] ^ (ba[i] >> 8) ^ (ba[i] >> 16) ^ (ba[i] >> 24));
		b8[i] = (uint8_t)(bb[i] ^ (bb[i] >> 8) ^ (bb[i] >> 16) ^ (bb[i] >> 24));
	}
	assert_true(fabs(minhash8_jaccard(a8, b8, K) - minhash_jaccard(ba, bb, K)) < 0.03);
	/* Identical sets give identical sketches; an empty set is all max. */
	sketch(&sa, ba, K, 3);
	sketch(&sa, bb, K, 3);
	assert_true(minhash_jaccard(ba, bb, K) == 1.0);
	sa.count = 0;
	sketch(&sa, ba, K, 3);
	for (int i = 0; i < K; i++)
		assert_int_equal(ba[i], UINT32_MAX);
	shingle_set_release(&sa);
	shingle_set_release(&sb);
}

static void test_minhash_oph(void **state)
{
	check_estimator(minhash_oph);
}

static void test_minhash_classic(void **state)
{
	check_estimator(minhash_classic);
}

/* Densification fills every bin of a short text. */
static void test_oph_densified(void **state)
{
	uint64_t tok[12];
	make_tokens(tok, 12, 9, 1u << 30);
	shingle_set s;
	shingle_set_init(&s);
	shingles_from_tokens(&s, tok, 12, 5, 0); /* 8 shingles, 128 bins */
	uint32_t bins[128];
	minhash_oph(&s, bins, 128, 0);
	for (int i = 0; i < 128; i++) {
		int found = 0;
		for (size_t j = 0; j < s.count; j++)
			found |= bins[i] == (uint32_t)s.hash[j];
		assert_true(found);
	}
	shingle_set_release(&s);
}

static void test_anchors_containment(void **state)
{
	enum { N = 2000 };
	uint64_t *big = malloc(N * sizeof(uint64_t));
	make_tokens(big, N, 5, 1u << 30);
	shingle_set sb, ss;
	shingle_set_init(&sb);
	shingle_set_init(&ss);
	shingles_from_tokens(&sb, big, N, 5, 0);
	shingles_from_tokens(&ss, big + 300, 600, 5, 0); /* an excerpt */
	uint32_t *ab = NULL, *as = NULL;
	size_t cb = 0, cs = 0, nb, ns;
	int lb, ls;
	assert_int_equal(anchors_from_shingles(&sb, &ab, &cb, &nb, &lb, 0), 0);
	assert_int_equal(anchors_from_shingles(&ss, &as, &cs, &ns, &ls, 0), 0);
	/* The long text is sampled at a coarser level, within the cap. */
	assert_true(nb <= SKETCH_MAX_ANCHORS && nb > SKETCH_MAX_ANCHORS / 4);
	assert_true(lb > ls);
	for (size_t i = 1; i < nb; i++)
		assert_true(ab[i - 1] < ab[i]); /* sorted and distinct */
	for (size_t i = 0; i < nb; i++)
		assert_int_equal(ab[i] & anchor_level_mask(lb), 0);
	/* At the common level, the excerpt's anchors all lie inside the whole,
	 * and the shares are consistent: about 600/2000 of the whole. */
	size_t ka, kb;
	size_t common = anchors_intersect(as, ns, ab, nb, lb, &ka, &kb);
	assert_int_equal(common, ka);
	assert_int_equal(kb, nb);
	assert_true(ka > 0 && (double)ka / kb > 0.15 && (double)ka / kb < 0.45);
	assert_int_equal(sorted_intersection(as, ns, as, ns), ns);
	free(ab);
	free(as);
	free(big);
	shingle_set_release(&sb);
	shingle_set_release(&ss);
}

static void test_simhash(void **state)
{
	enum { N = 400 };
	uint64_t a[N], b[N];
	make_tokens(a, N, 11, 1u << 30);
	for (int i = 0; i < N; i++)
		b[i] = i == 200 ? 12345 : a[i];
	shingle_set sa, sb;
	shingle_set_init(&sa);
	shingle_set_init(&sb);
	shingles_from_tokens(&sa, a, N, 5, 0);
	shingles_from_tokens(&sb, b, N, 5, 0);
	uint64_t fa = simhash64(&sa, 0), fb = simhash64(&sb, 0);
	assert_true(__builtin_popcountll(fa ^ fb) <= 6);
	make_tokens(b, N, 99, 1u << 30);
	shingles_from_tokens(&sb, b, N, 5, 0);
	assert_true(__builtin_popcountll(fa ^ simhash64(&sb, 0)) > 12);
	shingle_set_release(&sa);
	shingle_set_release(&sb);
}

static void test_lsh_params(void **state)
{
	int b, r;
	lsh_optimal_params(0.8, 128, &b, &r);
	assert_true(b * r <= 128);
	/* The S-curve sits around the threshold: high above, low below. */
	assert_true(lsh_candidate_probability(0.9, b, r) > 0.9);
	assert_true(lsh_candidate_probability(0.5, b, r) < 0.05);
	int b2, r2;
	lsh_optimal_params(0.5, 128, &b2, &r2);
	assert_true(r2 < r); /* a lower threshold takes fewer rows per band */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shingle_counts),
		cmocka_unit_test(test_shingle_values),
		cmocka_unit_test(test_minhash_oph),
		cmocka_unit_test(test_minhash_classic),
		cmocka_unit_test(test_oph_densified),
		cmocka_unit_test(test_anchors_containment),
		cmocka_unit_test(test_simhash),
		cmocka_unit_test(test_lsh_params),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
