/* dedup/dedup.c - exact and near-duplicate grouping (the wn_dedup_* API).
 *
 * Adding a document (in input order) only sketches it and appends compact
 * records; the corpus-wide work happens once, in wn_dedup_finish():
 *  1. tokens (text/text.h); an empty text stays a singleton;
 *  2. exact duplicates, on add: a 128-bit XXH3 of the normalised token
 *     string; an exact copy joins its original and is not sketched again;
 *  3. near-duplicates: the (band key, slot) pairs are sorted, so that each
 *     run of equal keys is an LSH bucket (sort-and-merge, as datatrove does
 *     at scale); within a bucket each document is verified against its
 *     BUCKET_WINDOW predecessors: MinHash joins at the Jaccard threshold,
 *     SimHash within the Hamming distance (block-pair tables, Manku, Jain,
 *     Das Sarma 2007). The window bounds the work in huge buckets while
 *     still chaining every member of a true group;
 *  4. containment: all (anchor, slot) postings are sorted (by their top
 *     bits, then each part in the cache); each document tallies the earlier
 *     documents that share its anchors and verifies the likely ones exactly
 *     on the two anchor samples: a pair is an edge when the sample
 *     intersection covers the containment threshold of the smaller text
 *     (a teaser, an excerpt). Requiring the shorter text to lie
 *     inside the longer keeps apart distinct stories that share a paragraph;
 *  5. edges are resolved per container: a longer text that holds two
 *     shorter ones that do not overlap (an article with paragraphs of another
 *     story appended, a digest of two stories) joins only the one it is a
 *     version of (the one that starts as it does, else the most covering),
 *     so it cannot chain two distinct stories; a teaser and the update of
 *     one article overlap and all join;
 *  6. groups live in a union-find forest whose roots are the smallest
 *     index; each group's kept document is the earliest by date, then the
 *     first added.
 * Per document only compact state is kept: id, date, an 8-bit MinHash
 * signature (b-bit MinHash, Li & Koenig 2010), band keys, anchors, lead. */
#include <limits.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dedup/dedup.h"
#include "dedup/index.h"
#include "dedup/params.h"
#include "util/radix.h"

#define DEFAULT_NUM_PERM 128
#define DEFAULT_THRESHOLD 0.8
#define DEFAULT_NGRAM 5
#define DEFAULT_CONTAINMENT 0.7
#define DEFAULT_SIMHASH_DISTANCE 3
/* Fewer anchors than this on the smaller side make containment too noisy
 * to judge (about 20 words at one anchor in four shingles). */
#define MIN_ANCHORS 5
/* An anchor on more documents than this is common (stock phrases, chrome):
 * each document pairs with its first documents only. */
#define ANCHOR_RUN_CAP 16
/* In a run longer than LONG_RUN, each document pairs with the first
 * LONG_RUN_CAP only. */
#define LONG_RUN 64
#define LONG_RUN_CAP 2
/* An anchor on more documents than this is a stock phrase: it makes no
 * candidates at all (CCNet drops such repeated lines the same way). */
#define ANCHOR_COMMON 1024
/* Postings are laid out by this many top bits of their anchor before each
 * part is sorted on its own (a part of about 10,000 postings on 1 GB). */
#define ANCHOR_PART_BITS 11
/* How far ahead the containment join prefetches the runs it reads. */
#define REF_PREFETCH 16
/* Predecessors verified within an LSH bucket. */
#define BUCKET_WINDOW 16
#define BAND_KEY_BITS 33
/* A container whose first inner text covers this share of it is a version
 * of that text: another inner text must overlap it to join. */
#define COMPOSED_SHARE 0.5
#define NO_DATE INT32_MAX

typedef struct doc_rec {
	uint64_t id_offset;   /* into dedup->ids */
	uint64_t exact_hi;    /* high half of the 128-bit text hash */
	uint32_t slot;        /* sketch slot of this text (its own or its exact original's) */
	int32_t date_days;    /* days since 1970-01-01, NO_DATE when absent */
	uint8_t empty;
} doc_rec;

/* Per sketch slot: one per distinct non-empty text. */
typedef struct slot_rec {
	uint32_t doc;
	uint32_t anchor_count;
	uint64_t anchor_offset;
	uint64_t simhash;
	uint32_t lead[DEDUP_LEAD_SHINGLES];
	uint8_t anchor_level;
} slot_rec;

/* A verified containment edge: the smaller text's slot inside the larger's. */
typedef struct contain_edge {
	uint32_t inner, outer;   /* slots */
	uint32_t common;         /* shared anchors at the pair's level */
	uint32_t outer_anchors;  /* the container's anchors at that level */
	uint8_t same_start;      /* the two texts start alike */
	uint8_t rejected;
} contain_edge;

struct wn_dedup {
	wn_dedup_params p;
	uint64_t seed;
	int finished;

	doc_rec *doc;
	size_t doc_count, doc_cap;
	uint32_t *parent;         /* union-find over documents (util.h) */
	size_t parent_cap;
	wn_buf ids;

	slot_rec *slot;
	size_t slot_count, slot_cap;
	uint8_t *sig;             /* slot_count x num_perm, b-bit (8) values */
	size_t sig_cap;           /* in slots */
	uint64_t *band_key;       /* slot_count x bands: LSH bucket keys ... */
	uint32_t *band_slot;      /* ... and their slots */
	size_t band_count, band_cap, band_slot_cap;
	uint32_t *anchors;        /* all slots' anchors, concatenated */
	size_t anchors_len, anchors_cap;

	key_table exact;          /* text hash lo -> doc */

	contain_edge *edges;
	size_t edge_count, edge_cap;

	uint32_t *keeper;         /* after finish: per doc */
	float *similarity;

	dedup_sketcher sketcher;  /* for wn_dedup_add */
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

static int simhash_blocks(int distance)
{
	return distance + 2;
}

static int simhash_tables(int distance)
{
	int b = simhash_blocks(distance);
	return b * (b - 1) / 2;
}

/* Key of SimHash table T (the T-th pair of blocks) for FP. */
static uint64_t simhash_key(uint64_t fp, int t, int distance)
{
	int blocks = simhash_blocks(distance), i = 0, j = 1;
	for (int n = 0; n < t; n++)
		if (++j == blocks) {
			i++;
			j = i + 1;
		}
	uint64_t key = 0;
	int pick[2] = { i, j };
	for (int p = 0; p < 2; p++) {
		int lo = 64 * pick[p] / blocks, hi = 64 * (pick[p] + 1) / blocks;
		uint64_t mask = (hi - lo == 64) ? ~0ULL : ((1ULL << (hi - lo)) - 1) << lo;
		key |= fp & mask;
	}
	return key ^ ((uint64_t)t << 58) ^ 0x9e3779b97f4a7c15ULL;
}

static int resolve_params(const wn_dedup_options *o, wn_dedup_params *p)
{
	if (!(o->threshold > 0.0 && o->threshold <= 1.0) || o->ngram < 1 || o->ngram > 64 ||
	    o->num_perm < 0 || o->num_perm > SKETCH_MAX_PERM || o->bands < 0 ||
	    !(o->containment >= 0.0 && o->containment <= 1.0) ||
	    o->simhash_distance < 0 || o->simhash_distance > 12 ||
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
		p->bands = simhash_tables(p->simhash_distance);
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
	dedup_sketcher_init(&d->sketcher, d);
	*out = d;
	return 0;
}

void wn_dedup_get_params(const wn_dedup *d, wn_dedup_params *p)
{
	*p = d->p;
}

/* ---- the per-document half ---------------------------------------------- */

void dedup_sketcher_init(dedup_sketcher *w, const wn_dedup *d)
{
	memset(w, 0, sizeof(*w));
	w->p = d->p;
	w->seed = d->seed;
	text_tokens_init(&w->tokens);
	shingle_set_init(&w->shingles);
}

void dedup_sketcher_release(dedup_sketcher *w)
{
	text_tokens_release(&w->tokens);
	shingle_set_release(&w->shingles);
	free(w->anchors);
	w->anchors = NULL;
	w->anchor_cap = 0;
}

int dedup_sketch_text(dedup_sketcher *w, wn_str text, dedup_sketch *out)
{
	WN_TRY(text_tokenize(&w->tokens, text.ptr ? text.ptr : "", text.ptr ? text.len : 0));
	return dedup_sketch_tokens(w, w->tokens.hash, w->tokens.count, out);
}

int dedup_sketch_tokens(dedup_sketcher *w, const uint64_t *hashes, size_t count,
			dedup_sketch *out)
{
	const wn_dedup_params *p = &w->p;
	memset(out, 0, sizeof(*out));
	if (count == 0) {
		out->empty = 1;
		return 0;
	}
	/* Exact copies have the same tokens: the same sequence of token
	 * hashes (tokens of up to 8 bytes have distinct hashes; longer ones
	 * collide with chance 2^-64). */
	out->exact = wn_hash128_of(hashes, count * sizeof(uint64_t), w->seed);
	WN_TRY(shingles_from_tokens(&w->shingles, hashes, count, p->ngram, w->seed));
	int k = p->num_perm;
	if (p->method == WN_METHOD_SIMHASH) {
		out->simhash = simhash64(&w->shingles, w->seed);
		memset(w->sig8, 0, (size_t)k);
		for (int t = 0; t < p->bands; t++)
			w->band_key[t] = simhash_key(out->simhash, t, p->simhash_distance);
	} else {
		if (p->method == WN_METHOD_MINHASH_CLASSIC)
			minhash_classic(&w->shingles, w->sig32, k, w->seed);
		else
			minhash_oph(&w->shingles, w->sig32, k, w->seed);
		/* b-bit MinHash (Li & Koenig 2010): 8 bits of each value are
		 * kept to verify with; chance agreements (1 in 256) are
		 * corrected in minhash8_jaccard. */
		for (int i = 0; i < k; i++)
			w->sig8[i] = (uint8_t)(w->sig32[i] ^ (w->sig32[i] >> 8) ^ (w->sig32[i] >> 16) ^
					       (w->sig32[i] >> 24));
		for (int b = 0; b < p->bands; b++)
			w->band_key[b] = wn_hash64(w->sig32 + (size_t)b * (size_t)p->rows,
						   (size_t)p->rows * sizeof(uint32_t),
						   w->seed + (uint64_t)b);
	}
	for (int i = 0; i < DEDUP_LEAD_SHINGLES; i++)
		out->lead[i] = (size_t)i < w->shingles.count
				       ? (uint32_t)(w->shingles.hash[i] >> 32) | 1 : 0;
	size_t anchor_count;
	WN_TRY(anchors_from_shingles(&w->shingles, &w->anchors, &w->anchor_cap, &anchor_count,
				     &out->anchor_level, w->seed));
	out->sig = w->sig8;
	out->band_key = w->band_key;
	out->anchors = w->anchors;
	out->anchor_count = (uint32_t)anchor_count;
	return 0;
}

/* ---- the corpus-wide half ------------------------------------------------ */

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

static int append_slot(wn_dedup *d, uint32_t doc, const dedup_sketch *sk, uint32_t *out)
{
	if (d->slot_count >= NO_DOC - 1)
		return WN_ETOOBIG;
	size_t k = (size_t)d->p.num_perm, nb = (size_t)d->p.bands;
	WN_TRY(wn_grow_array((void **)&d->slot, &d->slot_cap, d->slot_count + 1, sizeof(slot_rec)));
	WN_TRY(wn_grow_array((void **)&d->sig, &d->sig_cap, (d->slot_count + 1) * k, 1));
	WN_TRY(wn_grow_array((void **)&d->band_key, &d->band_cap, d->band_count + nb, sizeof(uint64_t)));
	WN_TRY(wn_grow_array((void **)&d->band_slot, &d->band_slot_cap, d->band_count + nb,
			     sizeof(uint32_t)));
	WN_TRY(wn_grow_array((void **)&d->anchors, &d->anchors_cap, d->anchors_len + sk->anchor_count,
			     sizeof(uint32_t)));
	uint32_t s = (uint32_t)d->slot_count++;
	slot_rec *rec = &d->slot[s];
	memset(rec, 0, sizeof(*rec));
	rec->doc = doc;
	rec->simhash = sk->simhash;
	memcpy(rec->lead, sk->lead, sizeof(rec->lead));
	rec->anchor_level = (uint8_t)sk->anchor_level;
	rec->anchor_offset = d->anchors_len;
	rec->anchor_count = sk->anchor_count;
	if (sk->anchor_count)
		memcpy(d->anchors + d->anchors_len, sk->anchors, sk->anchor_count * sizeof(uint32_t));
	d->anchors_len += sk->anchor_count;
	memcpy(d->sig + (size_t)s * k, sk->sig, k);
	for (size_t b = 0; b < nb; b++) {
		d->band_key[d->band_count] = sk->band_key[b];
		d->band_slot[d->band_count] = s;
		d->band_count++;
	}
	*out = s;
	return 0;
}

int dedup_insert(wn_dedup *d, wn_str id, wn_str date, const dedup_sketch *sk)
{
	if (d->finished)
		return WN_ESTATE;
	if (d->doc_count >= NO_DOC - 1)
		return WN_ETOOBIG;
	WN_TRY(wn_grow_array((void **)&d->doc, &d->doc_cap, d->doc_count + 1, sizeof(doc_rec)));
	WN_TRY(wn_grow_array((void **)&d->parent, &d->parent_cap, d->doc_count + 1, sizeof(uint32_t)));
	WN_TRY(wn_buf_grow(&d->ids, id.len + 1));
	uint32_t index = (uint32_t)d->doc_count;
	doc_rec *rec = &d->doc[index];
	memset(rec, 0, sizeof(*rec));
	d->parent[index] = index;
	rec->slot = NO_DOC;
	rec->date_days = parse_date(date);
	rec->id_offset = d->ids.len;
	WN_TRY(wn_buf_append(&d->ids, id.ptr ? id.ptr : "", id.ptr ? id.len : 0));
	WN_TRY(wn_buf_putc(&d->ids, '\0'));
	d->doc_count++;
	d->stats.docs++;
	if (sk->empty) {
		rec->empty = 1;
		d->stats.empty++;
		return 0;
	}
	key_slot *ks = key_table_upsert(&d->exact, sk->exact.lo);
	if (!ks)
		return WN_ENOMEM;
	rec->exact_hi = sk->exact.hi;
	if (ks->head != NO_DOC && d->doc[ks->head].exact_hi == sk->exact.hi) {
		rec->slot = d->doc[ks->head].slot;
		wn_uf_union(d->parent, index, ks->head);
		return 0;
	}
	if (ks->head == NO_DOC)
		ks->head = index;
	return append_slot(d, index, sk, &rec->slot);
}

void dedup_prefetch(const wn_dedup *d, const dedup_sketch *sk)
{
	if (!sk->empty)
		key_table_prefetch(&d->exact, sk->exact.lo);
}

int wn_dedup_add(wn_dedup *d, const wn_doc *in)
{
	if (d->finished)
		return WN_ESTATE;
	dedup_sketch sk;
	WN_TRY(dedup_sketch_text(&d->sketcher, in->text, &sk));
	return dedup_insert(d, in->id, in->date, &sk);
}

static inline const uint8_t *slot_sig(const wn_dedup *d, uint32_t slot)
{
	return d->sig + (size_t)slot * (size_t)d->p.num_perm;
}

static inline const uint32_t *slot_anchors(const wn_dedup *d, uint32_t slot)
{
	/* No anchors anywhere yet: the array was never allocated. */
	return d->anchors ? d->anchors + d->slot[slot].anchor_offset : NULL;
}

/* Estimated Jaccard of two slots' texts. */
static double slot_jaccard(const wn_dedup *d, uint32_t a, uint32_t b)
{
	if (d->p.method == WN_METHOD_SIMHASH)
		return 1.0 - (int)wn_popcount64(d->slot[a].simhash ^ d->slot[b].simhash) / 64.0;
	return minhash8_jaccard(slot_sig(d, a), slot_sig(d, b), d->p.num_perm);
}

/* Compares the anchor samples of slots A and B at their common level:
 * returns the shared anchors and sets *NA, *NB to each side's count. */
static size_t slot_common(const wn_dedup *d, uint32_t a, uint32_t b, size_t *na, size_t *nb)
{
	int level = d->slot[a].anchor_level > d->slot[b].anchor_level ? d->slot[a].anchor_level
								       : d->slot[b].anchor_level;
	return anchors_intersect(slot_anchors(d, a), d->slot[a].anchor_count, slot_anchors(d, b),
				 d->slot[b].anchor_count, level, na, nb);
}

/* Estimated share of the smaller text inside the larger, or -1 when the
 * smaller has too few anchors to say. */
static double slot_containment(const wn_dedup *d, uint32_t a, uint32_t b)
{
	size_t na, nb;
	size_t common = slot_common(d, a, b, &na, &nb);
	size_t smaller = na < nb ? na : nb;
	if (smaller < MIN_ANCHORS)
		return -1.0;
	return (double)common / (double)smaller;
}

static int near_match(const wn_dedup *d, uint32_t a, uint32_t b)
{
	if (d->p.method == WN_METHOD_SIMHASH)
		return (int)wn_popcount64(d->slot[a].simhash ^ d->slot[b].simhash) <= d->p.simhash_distance;
	return slot_jaccard(d, a, b) >= d->p.threshold;
}

/* Step 3: sorted LSH buckets, each member verified against its window of
 * predecessors. The band arrays are consumed. Appended in slot order and
 * sorted stably, a bucket lists its slots in input order. */
static int join_near_duplicates(wn_dedup *d)
{
	/* Buckets are told apart by BAND_KEY_BITS of the key: three radix
	 * passes instead of six. Keys that agree there by chance only make a
	 * few more candidates, which verification turns away. */
	const uint64_t mask = (1ULL << BAND_KEY_BITS) - 1;
	WN_TRY(radix_sort64(d->band_key, d->band_slot, d->band_count, BAND_KEY_BITS));
	size_t i = 0;
	while (i < d->band_count) {
		size_t run = i;
		while (i < d->band_count && ((d->band_key[i] ^ d->band_key[run]) & mask) == 0)
			i++;
		for (size_t m = run + 1; m < i; m++) {
			size_t from = m - run > BUCKET_WINDOW ? m - BUCKET_WINDOW : run;
			uint32_t cur = d->band_slot[m];
			for (size_t n = from; n < m; n++) {
				uint32_t c = d->band_slot[n];
				if (wn_uf_find(d->parent, d->slot[c].doc) == wn_uf_find(d->parent, d->slot[cur].doc))
					continue;
				d->stats.candidates++;
				if (near_match(d, cur, c)) {
					d->stats.verified++;
					wn_uf_union(d->parent, d->slot[cur].doc, d->slot[c].doc);
				}
			}
		}
	}
	free(d->band_key);
	free(d->band_slot);
	d->band_key = NULL;
	d->band_slot = NULL;
	d->band_count = d->band_cap = d->band_slot_cap = 0;
	return 0;
}

static int add_edge(wn_dedup *d, uint32_t a, uint32_t b)
{
	size_t na, nb;
	size_t common = slot_common(d, a, b, &na, &nb);
	WN_TRY(wn_grow_array((void **)&d->edges, &d->edge_cap, d->edge_count + 1,
			     sizeof(contain_edge)));
	contain_edge *e = &d->edges[d->edge_count++];
	/* The inner text is the one with fewer anchors; ties: the later one. */
	int a_inner = na < nb || (na == nb && a > b);
	e->inner = a_inner ? a : b;
	e->outer = a_inner ? b : a;
	e->common = (uint32_t)common;
	e->outer_anchors = (uint32_t)(a_inner ? nb : na);
	e->rejected = 0;
	e->same_start = 0;
	for (int i = 0; i < DEDUP_LEAD_SHINGLES; i++)
		for (int j = 0; j < DEDUP_LEAD_SHINGLES; j++)
			e->same_start |= d->slot[a].lead[i] != 0 &&
					 d->slot[a].lead[i] == d->slot[b].lead[j];
	return 0;
}

/* May a pair of texts with NA and NC anchors that share HITS of them
 * reach the containment threshold? Hits count the shared anchors at the
 * finer of the two levels, an upper bound of the intersection at the
 * pair's level up to sampling: the bar is halved to be safe; the exact test
 * decides. */
static inline int worth_checking(const wn_dedup *d, size_t na, size_t nc, size_t hits)
{
	size_t smaller = na < nc ? na : nc;
	return smaller >= MIN_ANCHORS && hits >= 2 &&
	       (double)hits >= 0.5 * d->p.containment * (double)smaller;
}

/* Checks the candidate pair (LATER, EARLIER) that shares HITS anchors. */
static int check_pair(wn_dedup *d, uint32_t later, uint32_t earlier, size_t hits)
{
	if (!worth_checking(d, d->slot[later].anchor_count, d->slot[earlier].anchor_count, hits))
		return 0;
	if (wn_uf_find(d->parent, d->slot[earlier].doc) == wn_uf_find(d->parent, d->slot[later].doc))
		return 0;
	d->stats.candidates++;
	if (slot_containment(d, later, earlier) < d->p.containment)
		return 0;
	d->stats.verified++;
	return add_edge(d, later, earlier);
}

/* How many earlier slots each posting of a run of LEN postings pairs with:
 * ANCHOR_RUN_CAP in a short run, LONG_RUN_CAP in a long one (a stock
 * phrase, or a story copied many times: its first documents are the ones a
 * later copy should join), none in a run of a common anchor. */
static size_t run_pair_cap(size_t len)
{
	return len > ANCHOR_COMMON ? 0 : len > LONG_RUN ? LONG_RUN_CAP : ANCHOR_RUN_CAP;
}

/* Step 4: containment edges, by sort and merge. Postings (anchor << 32 |
 * slot) are built in slot order and sorted stably by the anchor half, so
 * each run of one anchor lists its slots in input order; each posting pairs
 * with the first few slots of its run. Those pairs are then gathered by
 * their later slot: a counting sort by slot of one reference per posting
 * (where its run starts, how many earlier slots it pairs with), after which
 * each later slot counts its shared anchors per earlier slot in a table
 * stamped with the later slot, and the likely pairs are verified exactly.
 * No pair array is built or sorted (an earlier version radix-sorted all
 * (later, earlier) pairs: on 1 GB, 16 million of them, 256 MB of fresh
 * pages). The order in which pairs are verified does not matter: nothing
 * joins during this step, and the edges are sorted on a total order. */
static int find_containment(wn_dedup *d)
{
	if (d->p.containment <= 0.0 || d->anchors_len == 0)
		return 0;
	/* Postings are laid out by the top ANCHOR_PART_BITS of their anchor
	 * in one stable pass (a counting sort on that digit), then each part,
	 * small enough for the caches, is sorted on the rest of its anchor and
	 * keeps only its runs of two or more (most anchors occur once in the
	 * corpus and pair with nothing). Sorting the whole array instead takes
	 * three passes through memory, and dropping the single anchors first
	 * took two passes of random reads in a table as large as the caches. */
	const size_t parts = (size_t)1 << ANCHOR_PART_BITS;
	const int part_shift = 32 - ANCHOR_PART_BITS;
	uint64_t *post = NULL, *refs = NULL, *tally = NULL;
	size_t *ref_end = calloc((size_t)d->slot_count + 1, sizeof(size_t));
	size_t *part_end = calloc(parts + 1, sizeof(size_t));
	uint32_t *cand = NULL, *anchor_count = NULL;   /* per slot, compact */
	int rc = 0;
	post = wn_malloc_array(d->anchors_len, sizeof(uint64_t));
	if (!ref_end || !part_end || !post) {
		rc = WN_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < d->anchors_len; i++)
		part_end[(d->anchors[i] >> part_shift) + 1]++;
	for (size_t p = 1; p <= parts; p++)
		part_end[p] += part_end[p - 1];
	/* each part's end advances from its start to the next part's start;
	 * the slots' anchors lie one after another in d->anchors */
	for (uint32_t s = 0; s < d->slot_count; s++) {
		const uint32_t *anchor = d->anchors + d->slot[s].anchor_offset;
		for (uint32_t i = 0; i < d->slot[s].anchor_count; i++)
			post[part_end[anchor[i] >> part_shift]++] = (uint64_t)anchor[i] << 32 | s;
	}
	size_t n = 0;
	for (size_t p = 0, from = 0; p < parts; from = part_end[p++]) {
		size_t len = part_end[p] - from;
		if ((rc = radix_sort64_bits(post + from, NULL, len, 32, 64 - ANCHOR_PART_BITS)) < 0)
			goto out;
		/* runs of one anchor, moved down over the dropped ones */
		for (size_t run = from, end; run < from + len; run = end) {
			for (end = run + 1; end < from + len && post[end] >> 32 == post[run] >> 32; end++)
				;
			if (end - run >= 2)
				for (size_t i = run; i < end; i++)
					post[n++] = post[i];
		}
	}
	/* References per later slot: counted, summed, then placed (each
	 * slot's end advances from its start to the next slot's start). */
	for (size_t run = 0, end; run < n; run = end) {
		for (end = run + 1; end < n && post[end] >> 32 == post[run] >> 32; end++)
			;
		if (run_pair_cap(end - run))
			for (size_t i = run + 1; i < end; i++)
				ref_end[(uint32_t)post[i] + 1]++;
	}
	size_t most = 0;
	for (size_t s = 1; s <= d->slot_count; s++) {
		if (ref_end[s] > most)
			most = ref_end[s];
		ref_end[s] += ref_end[s - 1];
	}
	size_t ref_count = ref_end[d->slot_count];
	refs = wn_malloc_array(ref_count ? ref_count : 1, sizeof(uint64_t));
	cand = wn_malloc_array(most * ANCHOR_RUN_CAP + 1, sizeof(uint32_t));
	tally = calloc((size_t)d->slot_count, sizeof(uint64_t));
	anchor_count = wn_malloc_array((size_t)d->slot_count + 1, sizeof(uint32_t));
	if (!refs || !cand || !tally || !anchor_count) {
		rc = WN_ENOMEM;
		goto out;
	}
	for (uint32_t s = 0; s < d->slot_count; s++)
		anchor_count[s] = d->slot[s].anchor_count;
	for (size_t run = 0, end; run < n; run = end) {
		for (end = run + 1; end < n && post[end] >> 32 == post[run] >> 32; end++)
			;
		size_t cap = run_pair_cap(end - run);
		if (cap)
			for (size_t i = run + 1; i < end; i++) {
				size_t earlier = i - run < cap ? i - run : cap;
				refs[ref_end[(uint32_t)post[i]]++] = (uint64_t)run << 5 | earlier;
			}
	}
	/* Each later slot's earlier slots, with how many anchors each shares
	 * (TALLY: the later slot + 1 above, the count below; the first sight
	 * of an earlier slot in this later slot lists it, without a branch). */
	for (uint32_t s = 0; s < d->slot_count; s++) {
		size_t from = s ? ref_end[s - 1] : 0, listed = 0;
		uint64_t stamp = (uint64_t)(s + 1) << 32;
		for (size_t r = from; r < ref_end[s]; r++) {
			/* the runs are scattered over the postings: fetch ahead */
			if (r + REF_PREFETCH < ref_count)
				__builtin_prefetch(post + (refs[r + REF_PREFETCH] >> 5));
			const uint64_t *first = post + (refs[r] >> 5);
			for (size_t j = 0; j < (refs[r] & 31); j++) {
				uint32_t e = (uint32_t)first[j];
				uint64_t t = tally[e];
				int fresh = (t >> 32) != (uint64_t)(s + 1);
				cand[listed] = e;
				listed += (size_t)fresh;
				tally[e] = fresh ? stamp | 1 : t + 1;
			}
		}
		/* most pairs share too few anchors: turned away on the compact
		 * counts, without reading the earlier slot's record */
		for (size_t c = 0; c < listed; c++) {
			size_t hits = (uint32_t)tally[cand[c]];
			if (worth_checking(d, anchor_count[s], anchor_count[cand[c]], hits) &&
			    (rc = check_pair(d, s, cand[c], hits)) < 0)
				goto out;
		}
	}
out:
	free(post);
	free(refs);
	free(cand);
	free(tally);
	free(ref_end);
	free(part_end);
	free(anchor_count);
	return rc;
}

/* Edges of one container: first those whose inner text starts as the
 * container does (a teaser, the original of an update: the same headline
 * and lead), then the most covering, then by inner slot. */
static int cmp_edge(const void *x, const void *y)
{
	const contain_edge *a = x, *b = y;
	if (a->outer != b->outer)
		return a->outer < b->outer ? -1 : 1;
	if (a->same_start != b->same_start)
		return a->same_start ? -1 : 1;
	if (a->common != b->common)
		return a->common > b->common ? -1 : 1;
	return (a->inner > b->inner) - (a->inner < b->inner);
}

/* The anchors of slot S at LEVEL that are also in slot C, into OUT (room for
 * S's anchor count). Returns how many. */
static size_t shared_with(const wn_dedup *d, uint32_t s, uint32_t c, int level, uint32_t *out)
{
	const uint32_t m = anchor_level_mask(level);
	const uint32_t *a = slot_anchors(d, s), *b = slot_anchors(d, c);
	size_t na = d->slot[s].anchor_count, nb = d->slot[c].anchor_count, i = 0, j = 0, n = 0;
	while (i < na && j < nb) {
		if (a[i] < b[j])
			i++;
		else if (a[i] > b[j])
			j++;
		else {
			if ((a[i] & m) == 0)
				out[n++] = a[i];
			i++;
			j++;
		}
	}
	return n;
}

/* Do inner texts A and B cover the same part of their container OUTER?
 * Half of the smaller of the two covered parts lies in the other. Comparing
 * the covered parts, not the inner texts themselves, lets two excerpts
 * edited in different places still agree that they come from one passage. */
static int inner_overlap(const wn_dedup *d, uint32_t outer, uint32_t a, uint32_t b)
{
	uint32_t pa[SKETCH_MAX_ANCHORS], pb[SKETCH_MAX_ANCHORS];
	int level = d->slot[outer].anchor_level;
	if (d->slot[a].anchor_level > level)
		level = d->slot[a].anchor_level;
	if (d->slot[b].anchor_level > level)
		level = d->slot[b].anchor_level;
	size_t na = shared_with(d, a, outer, level, pa);
	size_t nb = shared_with(d, b, outer, level, pb);
	size_t smaller = na < nb ? na : nb;
	return smaller > 0 && 2 * sorted_intersection(pa, na, pb, nb) >= smaller;
}

/* Step 5: joins the edges container by container (see the file comment).
 * An accepted inner text that starts as the container does, or covers
 * COMPOSED_SHARE of it, makes the container a version of that text; then
 * an inner text that does not overlap it is rejected. */
static void resolve_edges(wn_dedup *d)
{
	if (d->edge_count > 1)
		qsort(d->edges, d->edge_count, sizeof(contain_edge), cmp_edge);
	size_t i = 0;
	while (i < d->edge_count) {
		size_t first = i;
		uint32_t outer = d->edges[i].outer;
		while (i < d->edge_count && d->edges[i].outer == outer)
			i++;
		for (size_t e = first; e < i; e++) {
			contain_edge *edge = &d->edges[e];
			for (size_t f = first; f < e && !edge->rejected; f++) {
				const contain_edge *prev = &d->edges[f];
				int identity = prev->same_start ||
					       prev->common >= COMPOSED_SHARE * prev->outer_anchors;
				if (!prev->rejected && identity &&
				    !inner_overlap(d, outer, edge->inner, prev->inner))
					edge->rejected = 1;
			}
			if (!edge->rejected)
				wn_uf_union(d->parent, d->slot[outer].doc, d->slot[edge->inner].doc);
		}
	}
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
	WN_TRY(join_near_duplicates(d));
	WN_TRY(find_containment(d));
	resolve_edges(d);
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
		uint32_t root = wn_uf_find(d->parent, i);
		size[root]++;
		if (d->keeper[root] == NO_DOC || keeps_before(d->doc, i, d->keeper[root]))
			d->keeper[root] = i;
	}
	for (uint32_t i = 0; i < n; i++) {
		uint32_t root = wn_uf_find(d->parent, i);
		if (root == i && size[i] > 1)
			d->stats.groups++;
		d->keeper[i] = d->keeper[root];
	}
	for (uint32_t i = 0; i < n; i++) {
		uint32_t k = d->keeper[i];
		double sim = 1.0;
		if (k != i) {
			uint32_t a = d->doc[i].slot, b = d->doc[k].slot;
			if (a != b) {
				/* Jaccard for a near copy; for a teaser or an excerpt,
				 * whose Jaccard is low, the share that lies inside. */
				sim = slot_jaccard(d, a, b);
				double c = slot_containment(d, a, b);
				if (sim < d->p.threshold && c > sim)
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
	info->exact = k != index && !d->doc[index].empty && d->doc[index].slot == d->doc[k].slot;
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
	free(d->parent);
	wn_buf_release(&d->ids);
	free(d->slot);
	free(d->sig);
	free(d->band_key);
	free(d->band_slot);
	free(d->anchors);
	key_table_release(&d->exact);
	free(d->edges);
	free(d->keeper);
	free(d->similarity);
	dedup_sketcher_release(&d->sketcher);
	free(d);
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
	size_t n = sort_unique_u64(set.hash, set.count);
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
		size_t common = sorted_intersection64(sa, na, sb, nb);
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
