/* sketch/sketch.h - per-document fingerprints for near-duplicate search.
 *
 * Shingles: word n-grams of the normalised tokens (text/text.h), each hashed
 * to 64 bits by chaining the token hashes through a multiply-xor step and a
 * final splitmix64 mix; a text with fewer than n tokens has one shingle of
 * all its tokens (Broder 1997 uses w-shingles the same way).
 *
 * MinHash, two ways, both estimating Jaccard as the share of equal bins:
 *  - one-permutation MinHash (Li, Owen, Zhang 2012) with optimal
 *    densification (Shrivastava, ICML 2017): one hash per shingle picks a
 *    bin and a value; an empty bin copies the bin reached by its own
 *    sequence of hashed probes;
 *  - classic k-permutation MinHash (Broder 1997): K multiply-shift hashes
 *    per shingle, the minimum of each.
 *
 * Anchors: the shingles whose hash falls in a fixed 1/ANCHOR_RATE slice of
 * the hash space, a consistent sample (Broder's "mod m" sketch, 1997): for
 * two documents the sampled sets intersect exactly where the full sets do,
 * so |SA n SB| / |SA| estimates the containment of A in B without bias.
 *
 * SimHash (Charikar 2002): 64 signed bit counters over the shingle hashes. */
#ifndef WN_SKETCH_H
#define WN_SKETCH_H

#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

/* One shingle in 2^ANCHOR_SHIFT is an anchor: 1/8 keeps ~60 anchors for a
 * 3 kB article, enough to estimate containment to about +-0.06. */
#define SKETCH_ANCHOR_SHIFT 3
#define SKETCH_MAX_PERM 1024

typedef struct shingle_set {
	uint64_t *hash;    /* one per shingle position (may repeat) */
	size_t count;
	size_t cap;
} shingle_set;

void shingle_set_init(shingle_set *s);
void shingle_set_release(shingle_set *s);

/* Fills S with the NGRAM-word shingles over TOKEN_HASH[0..TOKEN_COUNT).
 * Returns 0 or WN_ENOMEM. */
int shingles_from_tokens(shingle_set *s, const uint64_t *token_hash, size_t token_count,
			 int ngram, uint64_t seed);

/* OPH MinHash with optimal densification over S into BINS[0..K). An empty
 * shingle set gives all bins UINT32_MAX. */
void minhash_oph(const shingle_set *s, uint32_t *bins, int k, uint64_t seed);

/* Classic MinHash: K independent hashes (multiply-shift on the 64-bit
 * shingle hash, Dietzfelbinger et al. 1997). */
void minhash_classic(const shingle_set *s, uint32_t *bins, int k, uint64_t seed);

/* Share of equal bins between two sketches of K bins. */
double minhash_jaccard(const uint32_t *a, const uint32_t *b, int k);
double minhash16_jaccard(const uint16_t *a, const uint16_t *b, int k);

/* Appends the distinct anchors of S (their high 32 bits, sorted ascending)
 * to *OUT (a growable array with capacity *CAP), and sets *ANCHOR_COUNT.
 */
int anchors_from_shingles(const shingle_set *s, uint32_t **out, size_t *cap,
			  size_t *anchor_count, uint64_t seed);

/* Size of the intersection of two sorted ascending uint32 arrays. */
size_t sorted_intersection(const uint32_t *a, size_t na, const uint32_t *b, size_t nb);

/* 64-bit SimHash of S. */
uint64_t simhash64(const shingle_set *s, uint64_t seed);

#endif
