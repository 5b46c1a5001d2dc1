/* dedup/index.c - the open-addressing key table (see index.h). */
#include "dedup/index.h"

#include <stdlib.h>

#include "util/util.h"

void key_table_init(key_table *t)
{
	t->slot = NULL;
	t->mask = 0;
	t->used = 0;
}

void key_table_release(key_table *t)
{
	free(t->slot);
	key_table_init(t);
}

static key_slot *probe(key_slot *slot, size_t mask, uint64_t key)
{
	/* Keys are hashes already; mix once more so that structured keys
	 * (band numbers in the low bits) spread too. Linear probing. */
	size_t i = (size_t)wn_mix64(key) & mask;
	while (slot[i].head != NO_DOC && slot[i].key != key)
		i = (i + 1) & mask;
	return &slot[i];
}

static int grow(key_table *t)
{
	size_t cap = t->mask ? (t->mask + 1) * 2 : 1024;
	key_slot *fresh = wn_malloc_array(cap, sizeof(key_slot));
	if (!fresh)
		return WN_ENOMEM;
	for (size_t i = 0; i < cap; i++)
		fresh[i].head = NO_DOC;
	if (t->mask)
		for (size_t i = 0; i <= t->mask; i++)
			if (t->slot[i].head != NO_DOC)
				*probe(fresh, cap - 1, t->slot[i].key) = t->slot[i];
	free(t->slot);
	t->slot = fresh;
	t->mask = cap - 1;
	return 0;
}

key_slot *key_table_upsert(key_table *t, uint64_t key)
{
	if (!t->mask || (t->used + 1) * 2 > t->mask + 1)
		if (grow(t) < 0)
			return NULL;
	key_slot *s = probe(t->slot, t->mask, key);
	if (s->head == NO_DOC) {
		s->key = key;
		t->used++;
	}
	return s;
}

void key_table_prefetch(const key_table *t, uint64_t key)
{
	if (t->mask)
		__builtin_prefetch(&t->slot[(size_t)wn_mix64(key) & t->mask]);
}
