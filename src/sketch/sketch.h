/* sketch/sketch.h - per-document fingerprints for near-duplicate search.
 *
 * Shingles: word n-grams of the normalised tokens (text/text.h), each hashed
 * to 64 bits by chaining the token hashes through a multiply-xor step and a
 * final splitmix64 mix; a text with fewer than n tokens has one shingle of
 * all its tokens (Broder 1997 uses w-shingles the same way). On x86-64 CPUs
 * with AVX-512DQ (asked at run time; the build targets baseline x86-64) the
 * shingles are computed eight to a register: the same values.
 *
 * MinHash, two ways, both estimating Jaccard as the share of equal bins:
 *  - one-permutation MinHash (Li, Owen, Zhang 2012) with optimal
 *    densification (Shrivastava, ICML 2017): one hash per shingle picks a
 *    bin and a value; an empty bin copies the bin reached by its own
 *    sequence of hashed probes;
 *  - classic k-permutation MinHash (Broder 1997): K multiply-shift hashes
 *    per shingle, the minimum of each.
 *
 * Anchors: the shingles whose hash falls in a fixed slice of the hash
 * space, a consistent sample (Broder's "mod m" sketch, 1997): for two
 * documents the sampled sets intersect exactly where the full sets do, so
 * |SA n SB| / |SA| estimates the containment of A in B without bias. The
 * rate adapts to the text so that a long text keeps a bounded number of
 * anchors: level L keeps one shingle in 2^(ANCHOR_BASE_SHIFT + L), and each
 * level's anchors are a subset of the one below, so two texts are compared
 * at the coarser of their two levels and the sample stays consistent.
 *
 * SimHash (Charikar 2002): 64 signed bit counters over the shingle hashes. */
#ifndef WN_SKETCH_H
#define WN_SKETCH_H

#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

/* Level 0 keeps one shingle in 4, so that a 200-word text has ~50 anchors;
 * a text keeps at most SKETCH_MAX_ANCHORS (a 3 kB article ~60, at level 1):
 * enough to estimate containment to about +-0.06, in bounded memory. */
#define SKETCH_ANCHOR_BASE_SHIFT 2
#define SKETCH_MAX_ANCHORS 96
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
/* Jaccard from b-bit (8-bit) MinHash values: the share of equal bins,
 * less the 1/256 chance agreement of unequal minima (Li & Koenig 2010). */
double minhash8_jaccard(const uint8_t *a, const uint8_t *b, int k);

/* Writes the distinct anchors of S, sorted ascending, to *OUT (a growable
 * array with capacity *CAP), their number to *ANCHOR_COUNT and their level
 * (the lowest keeping at most SKETCH_MAX_ANCHORS) to *LEVEL.
 * Returns 0 or WN_ENOMEM. */
int anchors_from_shingles(const shingle_set *s, uint32_t **out, size_t *cap,
			  size_t *anchor_count, int *level, uint64_t seed);

/* The mask an anchor must have clear to belong to LEVEL. */
static inline uint32_t anchor_level_mask(int level)
{
	return level >= 32 ? UINT32_MAX : (1u << level) - 1;
}

/* Compares two sorted anchor arrays at level LEVEL (at least each array's
 * own): sets *NA and *NB to the anchors of each at that level and returns
 * the size of their intersection. */
size_t anchors_intersect(const uint32_t *a, size_t na_all, const uint32_t *b, size_t nb_all,
			 int level, size_t *na, size_t *nb);

/* Size of the intersection of two sorted ascending arrays of distinct values. */
size_t sorted_intersection(const uint32_t *a, size_t na, const uint32_t *b, size_t nb);
size_t sorted_intersection64(const uint64_t *a, size_t na, const uint64_t *b, size_t nb);

/* 64-bit SimHash of S. */
uint64_t simhash64(const shingle_set *s, uint64_t seed);

#endif
