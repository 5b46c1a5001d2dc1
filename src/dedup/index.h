/* dedup/index.h - an open-addressing table from 64-bit keys (hashes) to the
 * first entry with that key, with linear probing; it grows by doubling and
 * keeps its load at most 1/2. The deduplicator keys exact text hashes with it. */
#ifndef WN_DEDUP_INDEX_H
#define WN_DEDUP_INDEX_H

#include <stddef.h>
#include <stdint.h>

#define NO_DOC UINT32_MAX

typedef struct key_slot {
	uint64_t key;
	uint32_t head;   /* the first document with KEY, NO_DOC if empty */
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
/* Starts fetching KEY's home slot into the cache (a hint: no effect on the
 * table; a later grow only makes it useless). */
void key_table_prefetch(const key_table *t, uint64_t key);


#endif
