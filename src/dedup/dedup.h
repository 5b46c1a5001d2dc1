/* dedup/dedup.h - the deduplicator's per-document half, for worker threads.
 *
 * A document's sketch (exact hash, MinHash or SimHash, LSH band keys,
 * anchors, lead shingles) depends on its text and the parameters only, so it
 * is computed by a dedup_sketcher (one per thread, with reusable scratch
 * space) and handed to the owner of the wn_dedup, which appends it in input
 * order (dedup_insert). Internal to libwinnow. */
#ifndef WN_DEDUP_DEDUP_H
#define WN_DEDUP_DEDUP_H

#include <stddef.h>
#include <stdint.h>

#include "sketch/sketch.h"
#include "text/text.h"
#include "util/util.h"

#define DEDUP_LEAD_SHINGLES 4

/* The sketch of one text. Arrays point into the sketcher that made it (or
 * into a batch that copied them) and stay valid until its next call. */
typedef struct dedup_sketch {
	int empty;                  /* no tokens */
	wn_hash128 exact;           /* hash of the token hashes, in order */
	const uint8_t *sig;         /* num_perm 8-bit MinHash values */
	const uint64_t *band_key;   /* one key per band (or SimHash table) */
	const uint32_t *anchors;    /* sorted */
	uint32_t anchor_count;
	int anchor_level;
	uint64_t simhash;
	uint32_t lead[DEDUP_LEAD_SHINGLES];
} dedup_sketch;

typedef struct dedup_sketcher {
	wn_dedup_params p;
	uint64_t seed;
	text_tokens tokens;
	shingle_set shingles;
	uint32_t sig32[SKETCH_MAX_PERM];
	uint8_t sig8[SKETCH_MAX_PERM];
	uint64_t band_key[SKETCH_MAX_PERM];
	uint32_t *anchors;
	size_t anchor_cap;
} dedup_sketcher;

/* Sets up a sketcher for the parameters of DEDUP (no allocation). */
void dedup_sketcher_init(dedup_sketcher *w, const wn_dedup *dedup);
void dedup_sketcher_release(dedup_sketcher *w);

/* Sketches TEXT into *OUT. Returns 0 or WN_ENOMEM / WN_ETOOBIG. */
int dedup_sketch_text(dedup_sketcher *w, wn_str text, dedup_sketch *out);

/* The same for a text whose tokens are given: their hashes (text_tokens.hash)
 * HASHES[0..COUNT). dedup_sketch_text() is text_tokenize() and then this. */
int dedup_sketch_tokens(dedup_sketcher *w, const uint64_t *hashes, size_t count,
			dedup_sketch *out);

/* Hints that SKETCH is about to be inserted: starts fetching the part of
 * DEDUP's exact-duplicate table it will look at, a random place in a table
 * that outgrows the caches. No effect on results. */
void dedup_prefetch(const wn_dedup *dedup, const dedup_sketch *sketch);

/* Appends a document (its id, date and sketch) to DEDUP, in input order.
 * Returns 0, WN_ENOMEM, WN_ETOOBIG or WN_ESTATE. */
int dedup_insert(wn_dedup *dedup, wn_str id, wn_str date, const dedup_sketch *sketch);

#endif
