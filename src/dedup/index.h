/* dedup/index.h - the two corpus-wide candidate indexes of the deduplicator.
 *
 * band_index: LSH buckets. Each band of a MinHash sketch hashes to a 64-bit
 * key; one open-addressing table maps (band, key) to the newest document with
 * it, and a per-(document, band) link reaches the older ones, so a bucket is
 * a singly linked list threaded through one array (no per-bucket malloc).
 *
 * anchor_index: posting lists of the sampled shingles (sketch.h anchors),
 * the same layout, for containment candidates. A list longer than
 * ANCHOR_LIST_CAP keeps its oldest entries only: such an anchor is common
 * (site chrome, stock phrases) and its first documents are the ones a later
 * copy should join. Both tables grow by doubling (load <= 1/2). */
#ifndef WN_DEDUP_INDEX_H
#define WN_DEDUP_INDEX_H

#include <stddef.h>
#include <stdint.h>

#define NO_DOC UINT32_MAX
#define ANCHOR_LIST_CAP 32
#define BUCKET_VISIT_CAP 64

typedef struct key_slot {
	uint64_t key;
	uint32_t head;   /* newest document (or posting) with KEY, NO_DOC if empty */
	uint32_t count;  /* entries in the list */
} key_slot;

typedef struct key_table {
	key_slot *slot;
	size_t mask;      /* capacity - 1 (a power of two), 0 when unallocated */
	size_t used;
} key_table;

void key_table_init(key_table *t);
void key_table_release(key_table *t);
/* Returns the slot for KEY, inserting an empty one if absent (NULL on
 * out-of-memory). A returned pointer is valid until the next insert. */
key_slot *key_table_upsert(key_table *t, uint64_t key);
/* Returns the slot for KEY or NULL. */
const key_slot *key_table_find(const key_table *t, uint64_t key);

/* A posting: a sketch slot and the next (older) posting of the same key. */
typedef struct posting {
	uint32_t slot;
	uint32_t next;
} posting;

#endif
