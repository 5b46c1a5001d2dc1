/* clean/site.c - blocks that repeat across the pages of one site. Counters of
 * (site, normalised block hash) pairs in one open-addressing table of fixed
 * size; when it fills up, the rarest counters go (lossy counting, Manku and
 * Motwani, VLDB 2002), so memory stays bounded whatever the corpus size.
 * Each counter also keeps up to three page fingerprints, so that several
 * copies of one article on a site do not make its paragraphs look like the
 * site's template. */
#include "clean.h"

#include <stdlib.h>
#include <string.h>

#define FP_SLOTS 3

struct clean_site_slot {
	uint64_t key;               /* 0: empty */
	uint32_t pages;
	uint32_t fp[FP_SLOTS];      /* fingerprints of distinct pages, 0: unused */
};

struct clean_site_page {
	uint64_t site;              /* 0: empty */
	uint64_t pages;
};

/* The table of sites is much smaller than the block table: one entry per
 * site, pruned the same way when a crawl has very many small sites. */
#define SITE_SLOTS_MIN 1024

void clean_site_init(clean_site_table *table)
{
	memset(table, 0, sizeof(*table));
}

void clean_site_release(clean_site_table *table)
{
	free(table->slots);
	free(table->sites);
	clean_site_init(table);
}

static uint64_t slot_key(uint64_t site, uint64_t hash)
{
	uint64_t k = wn_mix64(site * 0x9e3779b97f4a7c15ULL ^ hash);
	return k ? k : 1;
}

static struct clean_site_slot *find_slot(struct clean_site_slot *slots, size_t mask, uint64_t key)
{
	size_t i = (size_t)key & mask;
	while (slots[i].key && slots[i].key != key)
		i = (i + 1) & mask;
	return &slots[i];
}

static struct clean_site_page *find_site(struct clean_site_page *sites, size_t mask, uint64_t site)
{
	size_t i = (size_t)wn_mix64(site) & mask;
	while (sites[i].site && sites[i].site != site)
		i = (i + 1) & mask;
	return &sites[i];
}

/* Drops the counters at or below the floor, raising it: the lossy-counting
 * step. Rehashes the survivors in place through a second array. */
static int prune_blocks(clean_site_table *t)
{
	size_t cap = t->mask + 1;
	/* the lowest floor that frees at least half the table, from a
	 * histogram of the counts (counts above 255 share the last bucket) */
	size_t hist[256] = { 0 };
	for (size_t i = 0; i < cap; i++)
		if (t->slots[i].key)
			hist[t->slots[i].pages > 255 ? 255 : t->slots[i].pages]++;
	uint32_t floor = t->floor + 1;
	size_t survivors = 0;
	for (size_t c = floor + 1; c < 256; c++)
		survivors += hist[c];
	while (survivors >= t->limit / 2 && floor < 255) {
		floor++;
		survivors -= hist[floor];
	}
	struct clean_site_slot *fresh = wn_calloc_table(cap, sizeof(*fresh));
	if (!fresh)
		return WN_ENOMEM;
	size_t used = 0;
	for (size_t i = 0; i < cap; i++) {
		struct clean_site_slot *s = &t->slots[i];
		if (!s->key || s->pages <= floor)
			continue;
		*find_slot(fresh, t->mask, s->key) = *s;
		used++;
	}
	free(t->slots);
	t->slots = fresh;
	t->used = used;
	t->floor = floor;
	t->prunes++;
	return 0;
}

static int prune_sites(clean_site_table *t)
{
	size_t cap = t->site_mask + 1;
	struct clean_site_page *fresh = calloc(cap, sizeof(*fresh));
	if (!fresh)
		return WN_ENOMEM;
	uint64_t floor = 0;
	size_t used;
	do {
		floor++;
		used = 0;
		memset(fresh, 0, cap * sizeof(*fresh));
		for (size_t i = 0; i < cap; i++) {
			struct clean_site_page *s = &t->sites[i];
			if (!s->site || s->pages <= floor)
				continue;
			*find_site(fresh, t->site_mask, s->site) = *s;
			used++;
		}
	} while (used >= t->site_limit / 2 && floor < 255);
	free(t->sites);
	t->sites = fresh;
	t->site_used = used;
	return 0;
}

static int ensure_tables(clean_site_table *t, size_t budget)
{
	if (t->slots)
		return 0;
	size_t cap = 1024;
	while (cap < budget && cap < ((size_t)1 << 40))
		cap <<= 1;
	t->slots = wn_calloc_table(cap, sizeof(*t->slots));
	size_t site_cap = cap / 16 > SITE_SLOTS_MIN ? cap / 16 : SITE_SLOTS_MIN;
	t->sites = calloc(site_cap, sizeof(*t->sites));
	if (!t->slots || !t->sites) {
		clean_site_release(t);
		return WN_ENOMEM;
	}
	t->mask = cap - 1;
	t->limit = cap / 10 * 7;
	t->site_mask = site_cap - 1;
	t->site_limit = site_cap / 10 * 7;
	return 0;
}

int clean_site_observe(clean_site_table *t, uint64_t site, uint32_t fingerprint,
		       const uint64_t *hashes, size_t count, size_t budget)
{
	WN_TRY(ensure_tables(t, budget));
	if (!site)
		site = 1;
	if (!fingerprint)
		fingerprint = 1;
	t->pages++;
	struct clean_site_page *sp = find_site(t->sites, t->site_mask, site);
	if (!sp->site) {
		if (t->site_used + 1 >= t->site_limit) {
			WN_TRY(prune_sites(t));
			if (t->site_used + 1 >= t->site_limit)
				return 0;   /* every site is big: this one is not counted */
			sp = find_site(t->sites, t->site_mask, site);
		}
		sp->site = site;
		t->site_used++;
	}
	sp->pages++;
	/* the table is far bigger than the caches: ask for every counter of
	 * the page first, so that the misses overlap */
	for (size_t i = 0; i < count; i++)
		__builtin_prefetch(&t->slots[slot_key(site, hashes[i]) & t->mask], 1);
	for (size_t i = 0; i < count; i++) {
		uint64_t key = slot_key(site, hashes[i]);
		struct clean_site_slot *s = find_slot(t->slots, t->mask, key);
		if (!s->key) {
			if (t->used + 1 >= t->limit) {
				WN_TRY(prune_blocks(t));
				if (t->used + 1 >= t->limit)
					continue;   /* every counter is frequent: skip new ones */
				s = find_slot(t->slots, t->mask, key);
			}
			s->key = key;
			t->used++;
		}
		s->pages++;
		for (int k = 0; k < FP_SLOTS; k++) {
			if (s->fp[k] == fingerprint)
				break;
			if (!s->fp[k]) {
				s->fp[k] = fingerprint;
				break;
			}
		}
	}
	return 0;
}

void clean_site_prefetch(const clean_site_table *t, uint64_t site, uint64_t hash)
{
	if (t->slots)
		__builtin_prefetch(&t->slots[slot_key(site ? site : 1, hash) & t->mask], 0);
}

uint32_t clean_site_count(const clean_site_table *t, uint64_t site, uint64_t hash,
			  uint32_t *distinct)
{
	*distinct = 0;
	if (!t->slots)
		return 0;
	if (!site)
		site = 1;
	const struct clean_site_slot *s = find_slot(t->slots, t->mask, slot_key(site, hash));
	if (!s->key)
		return 0;
	for (int k = 0; k < FP_SLOTS; k++)
		*distinct += s->fp[k] != 0;
	return s->pages;
}

uint32_t clean_site_pages(const clean_site_table *t, uint64_t site)
{
	if (!t->sites)
		return 0;
	if (!site)
		site = 1;
	const struct clean_site_page *sp = find_site(t->sites, t->site_mask, site);
	return sp->site ? (uint32_t)(sp->pages > UINT32_MAX ? UINT32_MAX : sp->pages) : 0;
}

/* ---- the site of a document ---------------------------------------------- */

static uint64_t hash_lower(const char *s, size_t len)
{
	char buf[256];
	size_t n = len < sizeof(buf) ? len : sizeof(buf);
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		buf[i] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
	}
	uint64_t h = wn_hash64(buf, n, 0x5eed);
	return h ? h : 1;
}

uint64_t clean_site_key(const wn_doc *doc)
{
	if (doc->source.ptr && doc->source.len)
		return hash_lower(doc->source.ptr, doc->source.len);
	if (doc->url.ptr && doc->url.len) {
		const char *u = doc->url.ptr, *end = u + doc->url.len;
		const char *p = u;
		for (const char *q = u; q + 2 < end; q++) {
			if (q[0] == ':' && q[1] == '/' && q[2] == '/') {
				p = q + 3;
				break;
			}
			if (q[0] == '/' || q[0] == '?')
				break;
		}
		const char *h = p;
		while (p < end && *p != '/' && *p != '?' && *p != '#')
			p++;
		const char *host_end = p;
		for (const char *q = h; q < host_end; q++)
			if (*q == '@')
				h = q + 1;
		for (const char *q = h; q < host_end; q++)
			if (*q == ':') {
				host_end = q;
				break;
			}
		if (host_end - h > 4 && (h[0] | 0x20) == 'w' && (h[1] | 0x20) == 'w' &&
		    (h[2] | 0x20) == 'w' && h[3] == '.')
			h += 4;
		if (host_end > h)
			return hash_lower(h, (size_t)(host_end - h));
	}
	if (doc->file) {
		const char *slash = strrchr(doc->file, '/');
		if (slash)
			return hash_lower(doc->file, (size_t)(slash - doc->file));
		return hash_lower(".", 1);
	}
	return 0;
}
