/* util/radix.h - stable LSD radix sort of 64-bit keys, optionally carrying a
 * 32-bit value each (16-bit digits, one counting pass per digit). Used by
 * the deduplicator for its sort-and-merge joins: several times faster than
 * qsort on the millions of keys a large corpus makes, and stable, so items
 * appended in document order stay in document order within equal keys. */
#ifndef WN_UTIL_RADIX_H
#define WN_UTIL_RADIX_H

#include <stddef.h>
#include <stdint.h>

/* Sorts KEYS[0..N) (and VALUES alongside, if not NULL) by the key bits
 * [0, KEY_BITS) (at most 64), stably.
 * Returns 0 or WN_ENOMEM (the arrays are then unchanged). */
int radix_sort64(uint64_t *keys, uint32_t *values, size_t n, int key_bits);

/* The same, by the key bits [LOW_BIT, 64) only. */
int radix_sort64_from(uint64_t *keys, uint32_t *values, size_t n, int low_bit);
/* The same, by the key bits [LOW_BIT, HIGH_BIT) only. */
int radix_sort64_bits(uint64_t *keys, uint32_t *values, size_t n, int low_bit, int high_bit);

/* Sorts a short array of 32-bit values in place (quicksort with insertion
 * sort for small ranges; no allocation), e.g. one document's anchors. */
void sort_u32(uint32_t *a, size_t n);
/* The same for 64-bit values, e.g. one page's block hashes. */
void sort_u64(uint64_t *a, size_t n);
/* Sorts A[0..N) ascending and drops repeated values; returns how many stay. */
size_t sort_unique_u32(uint32_t *a, size_t n);
/* The same for 64-bit values (by sort_u64). */
size_t sort_unique_u64(uint64_t *a, size_t n);

#endif
