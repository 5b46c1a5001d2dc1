/* dedup/dedup.c - exact and near-duplicate grouping (the wn_dedup_* API).
 *
 * Documents are processed online, in the order added:
 *  1. tokens (text/text.h); an empty text stays a singleton;
 *  2. exact duplicates: a 128-bit XXH3 of the normalised token string;
 *     an exact copy joins its original and is not sketched again;
 *  3. near-duplicates (MinHash): LSH buckets give candidates among earlier
 *     documents; a candidate joins when the estimated Jaccard of the two
 *     sketches reaches the threshold (verification);
 *     (SimHash): block-pair tables give candidates within the Hamming
 *     distance (Manku, Jain, Das Sarma 2007), verified on the fingerprints;
 *  4. containment: anchor posting lists give the earlier documents sharing
 *     sampled shingles; a candidate joins when the sampled intersection
 *     covers the containment threshold of the smaller document's anchors.
 *     Requiring the shorter text to lie inside the longer one keeps apart
 *     distinct stories that share a paragraph or two;
 *  5. groups are kept in a union-find forest (the smaller index is the
 *     root, so results do not depend on link order); at the end each group's
 *     kept document is the earliest by date, then the first added.
 * Only compact per-document state is kept: id, date, a 16-bit MinHash
 * signature (b-bit MinHash, Li & Koenig 2010), anchors, and index links. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dedup/index.h"
#include "dedup/params.h"
#include "sketch/sketch.h"
#include "text/text.h"
#include "util/util.h"

#define DEFAULT_NUM_PERM 128
#define DEFAULT_THRESHOLD 0.8
#define DEFAULT_NGRAM 5
#define DEFAULT_CONTAINMENT 0.7
#define DEFAULT_SIMHASH_DISTANCE 3
/* Fewer anchors than this on the smaller side make containment too noisy
 * to judge (about 30 words at one anchor in eight shingles). */
#define MIN_ANCHORS 4
#define NO_DATE INT32_MAX
/* SimHash: 5 blocks of the 64 bits; two fingerprints within distance <= 3
 * agree on at least two whole blocks, so the 10 block pairs are the keys. */
#define SIMHASH_BLOCKS 5
#define SIMHASH_TABLES 10

enum { DOC_EMPTY = 1, DOC_EXACT = 2 };

typedef struct doc_rec {
	uint64_t id_offset;   /* into dedup->ids */
	uint64_t exact_hi;    /* high half of the 128-bit text hash */
	uint32_t parent;      /* union-find */
	uint32_t slot;        /* sketch slot of this text (its own or its exact original's) */
	int32_t date_days;    /* days since 1970-01-01, NO_DATE when absent */
	uint8_t flags;
} doc_rec;

/* Per sketch slot (one per distinct non-empty text). */
typedef struct slot_rec {
	uint32_t doc;
	uint32_t anchor_count;
	uint64_t anchor_offset;
	uint64_t simhash;
} slot_rec;

struct wn_dedup {
	wn_dedup_params p;
	uint64_t seed;
	int finished;

	doc_rec *doc;
	size_t doc_count, doc_cap;
	wn_buf ids;

	slot_rec *slot;
	size_t slot_count, slot_cap;
	uint16_t *sig;            /* slot_count x num_perm */
	size_t sig_cap;           /* in slots */
	uint32_t *band_next;      /* slot_count x bands: older slot in the same bucket */
	size_t band_next_cap;     /* in slots */
	uint32_t *anchors;        /* all slots' anchors, concatenated */
	size_t anchors_len, anchors_cap;
	posting *postings;
	size_t posting_count, posting_cap;

	key_table exact;          /* text hash lo -> doc */
	key_table buckets;        /* (band, key) -> newest slot */
	key_table anchor_lists;   /* anchor -> newest posting */

	uint32_t *stamp_lsh;      /* per slot: last slot that visited it */
	uint32_t *stamp_anchor;
	uint16_t *hits;           /* per slot: anchor hits in the current query */
	size_t stamp_cap;
	uint32_t *touched;        /* slots hit in the current anchor query */
	size_t touched_cap;

	uint32_t *keeper;         /* after finish: per doc */
	float *similarity;

	/* per-document scratch, reused */
	text_tokens tokens;
	shingle_set shingles;
	uint32_t sig32[SKETCH_MAX_PERM];
	uint32_t *scratch_anchors;
	size_t scratch_anchor_cap;

	wn_dedup_stats stats;
};

void wn_dedup_options_init(wn_dedup_options *o)
{
	memset(o, 0, sizeof(*o));
	o->threshold = DEFAULT_THRESHOLD;
	o->ngram = DEFAULT_NGRAM;
	o->containment = DEFAULT_CONTAINMENT;
	o->method = WN_METHOD_MINHASH;
	o->simhash_distance = DEFAULT_SIMHASH_DISTANCE;
}

static int resolve_params(const wn_dedup_options *o, wn_dedup_params *p)
{
	if (!(o->threshold > 0.0 && o->threshold <= 1.0) || o->ngram < 1 || o->ngram > 64 ||
	    o->num_perm < 0 || o->num_perm > SKETCH_MAX_PERM || o->bands < 0 ||
	    !(o->containment >= 0.0 && o->containment <= 1.0) ||
	    o->simhash_distance < 0 || o->simhash_distance > 7 ||
	    (unsigned)o->method > WN_METHOD_SIMHASH)
		return WN_EINVAL;
	memset(p, 0, sizeof(*p));
	p->threshold = o->threshold;
	p->ngram = o->ngram;
	p->containment = o->containment;
	p->method = o->method;
	p->simhash_distance = o->simhash_distance;
	p->num_perm = o->num_perm ? o->num_perm : DEFAULT_NUM_PERM;
	if (o->bands) {
		if (o->bands > p->num_perm)
			return WN_EINVAL;
		p->bands = o->bands;
		p->rows = p->num_perm / o->bands;
	} else {
		lsh_optimal_params(p->threshold, p->num_perm, &p->bands, &p->rows);
	}
	if (p->method == WN_METHOD_SIMHASH) {
		p->bands = SIMHASH_TABLES;
		p->rows = 0;
	}
	return 0;
}

int wn_dedup_new(wn_dedup **out, const wn_dedup_options *opts)
{
	wn_dedup_options defaults;
	if (!opts) {
		wn_dedup_options_init(&defaults);
		opts = &defaults;
	}
	wn_dedup *d = calloc(1, sizeof(*d));
	if (!d)
		return WN_ENOMEM;
	int rc = resolve_params(opts, &d->p);
	if (rc < 0) {
		free(d);
		return rc;
	}
	d->seed = opts->seed;
	wn_buf_init(&d->ids);
	key_table_init(&d->exact);
	key_table_init(&d->buckets);
	key_table_init(&d->anchor_lists);
	text_tokens_init(&d->tokens);
	shingle_set_init(&d->shingles);
	*out = d;
	return 0;
}

void wn_dedup_get_params(const wn_dedup *d, wn_dedup_params *p)
{
	*p = d->p;
}

/* Days since 1970-01-01 of an ISO 8601 date's YYYY-MM-DD prefix, or NO_DATE
 * (Howard Hinnant's days_from_civil). */
static int32_t parse_date(wn_str s)
{
	if (!s.ptr || s.len < 10 || s.ptr[4] != '-' || s.ptr[7] != '-')
		return NO_DATE;
	int v[8];
	static const int pos[8] = { 0, 1, 2, 3, 5, 6, 8, 9 };
	for (int i = 0; i < 8; i++) {
		char c = s.ptr[pos[i]];
		if (c < '0' || c > '9')
			return NO_DATE;
		v[i] = c - '0';
	}
	int y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
	int m = v[4] * 10 + v[5], day = v[6] * 10 + v[7];
	if (m < 1 || m > 12 || day < 1 || day > 31)
		return NO_DATE;
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static uint32_t uf_find(doc_rec *doc, uint32_t i)
{
	while (doc[i].parent != i) {
		doc[i].parent = doc[doc[i].parent].parent; /* path halving */
		i = doc[i].parent;
	}
	return i;
}

static void uf_union(doc_rec *doc, uint32_t a, uint32_t b)
{
	a = uf_find(doc, a);
	b = uf_find(doc, b);
	if (a == b)
		return;
	/* The smaller index becomes the root: the forest's shape does not
	 * depend on the order in which links are found. */
	if (a < b)
		doc[b].parent = a;
	else
		doc[a].parent = b;
}

static int ensure_slot_capacity(wn_dedup *d, size_t need)
{
	WN_TRY(wn_grow_array((void **)&d->slot, &d->slot_cap, need, sizeof(slot_rec)));
	if (need > d->sig_cap) {
		size_t cap = d->slot_cap;
		uint16_t *sig = wn_realloc_array(d->sig, cap, (size_t)d->p.num_perm * sizeof(uint16_t));
		if (!sig)
			return WN_ENOMEM;
		d->sig = sig;
		uint32_t *next = wn_realloc_array(d->band_next, cap, (size_t)d->p.bands * sizeof(uint32_t));
		if (!next)
			return WN_ENOMEM;
		d->band_next = next;
		d->sig_cap = d->band_next_cap = cap;
	}
	if (need > d->stamp_cap) {
		size_t cap = d->slot_cap, old = d->stamp_cap;
		uint32_t *a = wn_realloc_array(d->stamp_lsh, cap, sizeof(uint32_t));
		if (!a)
			return WN_ENOMEM;
		d->stamp_lsh = a;
		uint32_t *b = wn_realloc_array(d->stamp_anchor, cap, sizeof(uint32_t));
		if (!b)
			return WN_ENOMEM;
		d->stamp_anchor = b;
		uint16_t *h = wn_realloc_array(d->hits, cap, sizeof(uint16_t));
		if (!h)
			return WN_ENOMEM;
		d->hits = h;
		for (size_t i = old; i < cap; i++)
			d->stamp_lsh[i] = d->stamp_anchor[i] = NO_DOC;
		d->stamp_cap = cap;
	}
	return 0;
}

static inline const uint16_t *slot_sig(const wn_dedup *d, uint32_t slot)
{
	return d->sig + (size_t)slot * (size_t)d->p.num_perm;
}

static inline const uint32_t *slot_anchors(const wn_dedup *d, uint32_t slot)
{
	return d->anchors + d->slot[slot].anchor_offset;
}

static int popcount64(uint64_t x)
{
	return __builtin_popcountll(x);
}

/* Estimated Jaccard of two slots' texts. */
static double slot_jaccard(const wn_dedup *d, uint32_t a, uint32_t b)
{
	if (d->p.method == WN_METHOD_SIMHASH)
		return 1.0 - popcount64(d->slot[a].simhash ^ d->slot[b].simhash) / 64.0;
	return minhash16_jaccard(slot_sig(d, a), slot_sig(d, b), d->p.num_perm);
}

/* Estimated share of the smaller text inside the larger, or -1 when the
 * smaller has too few anchors to say. */
static double slot_containment(const wn_dedup *d, uint32_t a, uint32_t b)
{
	size_t na = d->slot[a].anchor_count, nb = d->slot[b].anchor_count;
	size_t smaller = na < nb ? na : nb;
	if (smaller < MIN_ANCHORS)
		return -1.0;
	size_t common = sorted_intersection(slot_anchors(d, a), na, slot_anchors(d, b), nb);
	return (double)common / (double)smaller;
}

/* The 64-bit key of band BAND of the current 32-bit signature. */
static uint64_t band_key(const wn_dedup *d, int band)
{
	const uint32_t *rows = d->sig32 + (size_t)band * (size_t)d->p.rows;
	return wn_hash64(rows, (size_t)d->p.rows * sizeof(uint32_t), d->seed + (uint64_t)band);
}

/* Key of SimHash table T (a pair of the five blocks) for FP. */
static uint64_t simhash_key(uint64_t fp, int t)
{
	static const uint8_t pair[SIMHASH_TABLES][2] = {
		{ 0, 1 }, { 0, 2 }, { 0, 3 }, { 0, 4 }, { 1, 2 },
		{ 1, 3 }, { 1, 4 }, { 2, 3 }, { 2, 4 }, { 3, 4 },
	};
	/* Blocks of 13, 13, 13, 13 and 12 bits. */
	static const uint8_t shift[SIMHASH_BLOCKS] = { 0, 13, 26, 39, 52 };
	static const uint8_t width[SIMHASH_BLOCKS] = { 13, 13, 13, 13, 12 };
	uint64_t key = 0;
	for (int i = 0; i < 2; i++) {
		int blk = pair[t][i];
		key |= ((fp >> shift[blk]) & ((1ULL << width[blk]) - 1)) << shift[blk];
	}
	return key ^ ((uint64_t)t << 59) ^ 0x9e3779b97f4a7c15ULL;
}

static uint64_t table_key(const wn_dedup *d, uint32_t slot, int band)
{
	if (d->p.method == WN_METHOD_SIMHASH)
		return simhash_key(d->slot[slot].simhash, band);
	return band_key(d, band);
}

static int near_match(const wn_dedup *d, uint32_t a, uint32_t b)
{
	if (d->p.method == WN_METHOD_SIMHASH)
		return popcount64(d->slot[a].simhash ^ d->slot[b].simhash) <= d->p.simhash_distance;
	return slot_jaccard(d, a, b) >= d->p.threshold;
}

/* Links slot CUR to the earlier slots that share an LSH bucket with it and
 * pass verification, then adds CUR to its buckets. */
static int lsh_query_insert(wn_dedup *d, uint32_t cur)
{
	for (int band = 0; band < d->p.bands; band++) {
		uint64_t key = table_key(d, cur, band);
		key_slot *ks = key_table_upsert(&d->buckets, key);
		if (!ks)
			return WN_ENOMEM;
		uint32_t visited = 0;
		for (uint32_t c = ks->head; c != NO_DOC && visited < BUCKET_VISIT_CAP;
		     c = d->band_next[(size_t)c * d->p.bands + band], visited++) {
			if (d->stamp_lsh[c] == cur)
				continue;
			d->stamp_lsh[c] = cur;
			d->stats.candidates++;
			if (near_match(d, cur, c)) {
				d->stats.verified++;
				uf_union(d->doc, d->slot[cur].doc, d->slot[c].doc);
			}
		}
		d->band_next[(size_t)cur * d->p.bands + band] = ks->head;
		ks->head = cur;
		ks->count++;
	}
	return 0;
}

/* Links slot CUR to earlier slots whose anchors cover the containment
 * threshold of the smaller side, then posts CUR's anchors. */
static int anchor_query_insert(wn_dedup *d, uint32_t cur)
{
	size_t n = d->slot[cur].anchor_count;
	const uint32_t *anchor = slot_anchors(d, cur);
	size_t touched = 0;
	if (d->p.containment > 0.0 && n >= MIN_ANCHORS) {
		for (size_t i = 0; i < n; i++) {
			const key_slot *ks = key_table_find(&d->anchor_lists, anchor[i]);
			if (!ks)
				continue;
			for (uint32_t p = ks->head; p != NO_DOC; p = d->postings[p].next) {
				uint32_t c = d->postings[p].slot;
				if (d->stamp_anchor[c] != cur) {
					d->stamp_anchor[c] = cur;
					d->hits[c] = 0;
					WN_TRY(wn_grow_array((void **)&d->touched, &d->touched_cap,
							     touched + 1, sizeof(uint32_t)));
					d->touched[touched++] = c;
				}
				if (d->hits[c] < UINT16_MAX)
					d->hits[c]++;
			}
		}
		for (size_t t = 0; t < touched; t++) {
			uint32_t c = d->touched[t];
			size_t nc = d->slot[c].anchor_count;
			size_t smaller = n < nc ? n : nc;
			/* Posting hits undercount the intersection only where a
			 * list was capped; the exact test below decides. */
			if (smaller < MIN_ANCHORS || d->hits[c] < 2 ||
			    d->hits[c] < (size_t)(d->p.containment * (double)smaller) / 2)
				continue;
			if (uf_find(d->doc, d->slot[c].doc) == uf_find(d->doc, d->slot[cur].doc))
				continue;
			d->stats.candidates++;
			if (slot_containment(d, cur, c) >= d->p.containment) {
				d->stats.verified++;
				uf_union(d->doc, d->slot[cur].doc, d->slot[c].doc);
			}
		}
	}
	for (size_t i = 0; i < n; i++) {
		key_slot *ks = key_table_upsert(&d->anchor_lists, anchor[i]);
		if (!ks)
			return WN_ENOMEM;
		if (ks->count >= ANCHOR_LIST_CAP)
			continue;
		WN_TRY(wn_grow_array((void **)&d->postings, &d->posting_cap, d->posting_count + 1,
				     sizeof(posting)));
		if (d->posting_count >= NO_DOC)
			return WN_ETOOBIG;
		d->postings[d->posting_count].slot = cur;
		d->postings[d->posting_count].next = ks->head;
		ks->head = (uint32_t)d->posting_count++;
		ks->count++;
	}
	return 0;
}

/* Sketches the current shingles into a new slot for document DOC. */
static int add_slot(wn_dedup *d, uint32_t doc, uint32_t *out_slot)
{
	if (d->slot_count >= NO_DOC - 1)
		return WN_ETOOBIG;
	uint32_t s = (uint32_t)d->slot_count;
	WN_TRY(ensure_slot_capacity(d, d->slot_count + 1));
	slot_rec *rec = &d->slot[s];
	memset(rec, 0, sizeof(*rec));
	rec->doc = doc;

	int k = d->p.num_perm;
	if (d->p.method == WN_METHOD_SIMHASH) {
		rec->simhash = simhash64(&d->shingles, d->seed);
		memset(d->sig + (size_t)s * k, 0, (size_t)k * sizeof(uint16_t));
	} else {
		if (d->p.method == WN_METHOD_MINHASH_CLASSIC)
			minhash_classic(&d->shingles, d->sig32, k, d->seed);
		else
			minhash_oph(&d->shingles, d->sig32, k, d->seed);
		uint16_t *sig16 = d->sig + (size_t)s * k;
		for (int i = 0; i < k; i++)
			sig16[i] = (uint16_t)(d->sig32[i] ^ (d->sig32[i] >> 16));
	}

	size_t anchor_count;
	WN_TRY(anchors_from_shingles(&d->shingles, &d->scratch_anchors, &d->scratch_anchor_cap,
				     &anchor_count, d->seed));
	WN_TRY(wn_grow_array((void **)&d->anchors, &d->anchors_cap, d->anchors_len + anchor_count,
			     sizeof(uint32_t)));
	memcpy(d->anchors + d->anchors_len, d->scratch_anchors, anchor_count * sizeof(uint32_t));
	rec->anchor_offset = d->anchors_len;
	rec->anchor_count = (uint32_t)anchor_count;
	d->anchors_len += anchor_count;
	d->slot_count++;
	*out_slot = s;
	return 0;
}

int wn_dedup_add(wn_dedup *d, const wn_doc *in)
{
	if (d->finished)
		return WN_ESTATE;
	if (d->doc_count >= NO_DOC - 1)
		return WN_ETOOBIG;
	WN_TRY(wn_grow_array((void **)&d->doc, &d->doc_cap, d->doc_count + 1, sizeof(doc_rec)));
	uint32_t index = (uint32_t)d->doc_count;
	doc_rec *rec = &d->doc[index];
	memset(rec, 0, sizeof(*rec));
	rec->parent = index;
	rec->slot = NO_DOC;
	rec->date_days = parse_date(in->date);
	rec->id_offset = d->ids.len;
	WN_TRY(wn_buf_append(&d->ids, in->id.ptr ? in->id.ptr : "", in->id.ptr ? in->id.len : 0));
	WN_TRY(wn_buf_putc(&d->ids, '\0'));
	d->doc_count++;
	d->stats.docs++;

	WN_TRY(text_tokenize(&d->tokens, in->text.ptr ? in->text.ptr : "",
			     in->text.ptr ? in->text.len : 0));
	if (d->tokens.count == 0) {
		rec->flags |= DOC_EMPTY;
		d->stats.empty++;
		return 0;
	}

	wn_hash128 h = wn_hash128_of(d->tokens.norm.ptr, d->tokens.norm.len, d->seed);
	key_slot *ks = key_table_upsert(&d->exact, h.lo);
	if (!ks)
		return WN_ENOMEM;
	rec->exact_hi = h.hi;
	if (ks->head != NO_DOC && d->doc[ks->head].exact_hi == h.hi) {
		rec->flags |= DOC_EXACT;
		rec->slot = d->doc[ks->head].slot;
		uf_union(d->doc, index, ks->head);
		return 0;
	}
	if (ks->head == NO_DOC)
		ks->head = index;

	WN_TRY(shingles_from_tokens(&d->shingles, d->tokens.hash, d->tokens.count, d->p.ngram,
				    d->seed));
	uint32_t slot;
	WN_TRY(add_slot(d, index, &slot));
	rec->slot = slot;
	WN_TRY(lsh_query_insert(d, slot));
	WN_TRY(anchor_query_insert(d, slot));
	return 0;
}

/* Is document A to be kept before document B? Earliest date first (a dated
 * document before an undated one), then the first added. */
static int keeps_before(const doc_rec *doc, uint32_t a, uint32_t b)
{
	if (doc[a].date_days != doc[b].date_days)
		return doc[a].date_days < doc[b].date_days;
	return a < b;
}

int wn_dedup_finish(wn_dedup *d)
{
	if (d->finished)
		return WN_ESTATE;
	size_t n = d->doc_count;
	d->keeper = wn_malloc_array(n, sizeof(uint32_t));
	d->similarity = wn_malloc_array(n, sizeof(float));
	uint32_t *size = calloc(n ? n : 1, sizeof(uint32_t));
	if (!d->keeper || !d->similarity || !size) {
		free(size);
		return WN_ENOMEM;
	}
	for (uint32_t i = 0; i < n; i++)
		d->keeper[i] = NO_DOC;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t root = uf_find(d->doc, i);
		size[root]++;
		if (d->keeper[root] == NO_DOC || keeps_before(d->doc, i, d->keeper[root]))
			d->keeper[root] = i;
	}
	for (uint32_t i = 0; i < n; i++) {
		uint32_t root = uf_find(d->doc, i);
		if (root == i && size[i] > 1)
			d->stats.groups++;
		uint32_t k = d->keeper[root];
		d->keeper[i] = k;
	}
	for (uint32_t i = 0; i < n; i++) {
		uint32_t k = d->keeper[i];
		double sim = 1.0;
		if (k != i) {
			uint32_t a = d->doc[i].slot, b = d->doc[k].slot;
			if (a != b) {
				sim = slot_jaccard(d, a, b);
				double c = slot_containment(d, a, b);
				if (c > sim)
					sim = c;
				d->stats.near_dups++;
			} else {
				d->stats.exact_dups++;
			}
		}
		d->similarity[i] = (float)sim;
	}
	free(size);
	d->finished = 1;
	return 0;
}

size_t wn_dedup_count(const wn_dedup *d)
{
	return d->doc_count;
}

int wn_dedup_get(const wn_dedup *d, size_t index, wn_dup_info *info)
{
	if (!d->finished)
		return WN_ESTATE;
	if (index >= d->doc_count)
		return WN_EINVAL;
	uint32_t k = d->keeper[index];
	info->id = d->ids.ptr + d->doc[index].id_offset;
	info->keeper = k;
	info->cluster = k;
	info->similarity = d->similarity[index];
	info->exact = k != index && d->doc[index].slot == d->doc[k].slot;
	return 0;
}

void wn_dedup_get_stats(const wn_dedup *d, wn_dedup_stats *stats)
{
	*stats = d->stats;
}

void wn_dedup_free(wn_dedup *d)
{
	if (!d)
		return;
	free(d->doc);
	wn_buf_release(&d->ids);
	free(d->slot);
	free(d->sig);
	free(d->band_next);
	free(d->anchors);
	free(d->postings);
	key_table_release(&d->exact);
	key_table_release(&d->buckets);
	key_table_release(&d->anchor_lists);
	free(d->stamp_lsh);
	free(d->stamp_anchor);
	free(d->hits);
	free(d->touched);
	free(d->keeper);
	free(d->similarity);
	text_tokens_release(&d->tokens);
	shingle_set_release(&d->shingles);
	free(d->scratch_anchors);
	free(d);
}

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return (a > b) - (a < b);
}

/* The distinct shingles of TEXT, sorted, into *OUT (*COUNT of them). */
static int distinct_shingles(const wn_dedup_params *p, uint64_t seed, wn_str text,
			     uint64_t **out, size_t *count)
{
	text_tokens tokens;
	shingle_set set;
	text_tokens_init(&tokens);
	shingle_set_init(&set);
	int rc = text_tokenize(&tokens, text.ptr ? text.ptr : "", text.ptr ? text.len : 0);
	if (rc == 0)
		rc = shingles_from_tokens(&set, tokens.hash, tokens.count, p->ngram, seed);
	text_tokens_release(&tokens);
	if (rc < 0) {
		shingle_set_release(&set);
		return rc;
	}
	size_t n = set.count;
	if (n > 1) {
		qsort(set.hash, n, sizeof(uint64_t), cmp_u64);
		size_t w = 1;
		for (size_t i = 1; i < n; i++)
			if (set.hash[i] != set.hash[w - 1])
				set.hash[w++] = set.hash[i];
		n = w;
	}
	*out = set.hash; /* ownership moves to the caller */
	*count = n;
	return 0;
}

int wn_dedup_compare(const wn_dedup_options *opts, wn_str a, wn_str b, double *jaccard,
		     double *containment)
{
	wn_dedup_options defaults;
	wn_dedup_params p;
	if (!opts) {
		wn_dedup_options_init(&defaults);
		opts = &defaults;
	}
	WN_TRY(resolve_params(opts, &p));
	uint64_t *sa = NULL, *sb = NULL;
	size_t na = 0, nb = 0;
	int rc = distinct_shingles(&p, opts->seed, a, &sa, &na);
	if (rc == 0)
		rc = distinct_shingles(&p, opts->seed, b, &sb, &nb);
	if (rc == 0) {
		/* Exact set measures: a pair is small enough to compare whole. */
		size_t i = 0, j = 0, common = 0;
		while (i < na && j < nb) {
			if (sa[i] < sb[j])
				i++;
			else if (sa[i] > sb[j])
				j++;
			else {
				common++;
				i++;
				j++;
			}
		}
		size_t uni = na + nb - common, smaller = na < nb ? na : nb;
		if (jaccard)
			*jaccard = uni ? (double)common / (double)uni : 0.0;
		if (containment)
			*containment = smaller ? (double)common / (double)smaller : 0.0;
	}
	free(sa);
	free(sb);
	return rc;
}
