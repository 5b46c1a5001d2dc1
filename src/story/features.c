/* story/features.c - the compact features kept per document, and the
 * lifecycle of the wn_stories object.
 *
 * wn_stories_add() reduces a document to its term ids with counts (body,
 * lead, title) and its quotations, one blob in the store (store.c, which
 * spills to a temporary file), and a record with its day, source, id and a
 * short headline; the text is not kept. Term ids come from one vocabulary that also counts document
 * frequencies. Until STORY_WARMUP_DOCS documents have been seen every term is
 * kept; then each document keeps only its strongest terms of each kind by
 * TF-IDF as estimated from the frequencies so far, and the first documents
 * are pruned the same way. A unit's vector is built from these counts at
 * clustering time, with the final IDF: (1 + ln tf) * ln((N + 1) / (df + 0.5))
 * (Salton & Buckley 1988 sublinear tf; smoothed IDF), L2-normalised per kind. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "story/story.h"

void wn_story_options_init(wn_story_options *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->threshold = 0.19;
	opts->merge_threshold = 0.35;
	opts->term_weight = 0.6;
	opts->entity_weight = 0.4;
	opts->quote_weight = 0.2;
	opts->day_penalty = 0.01;
	opts->close_days = 30;
	opts->title_weight = 2.0;
	opts->min_quote_words = 5;
	opts->top_terms = 8;
	opts->language = "english";
}

static void params_init(story_params *p)
{
	p->lead_words = 50;
	p->phrase_words = 200;
	p->lead_weight = 2.0;
	p->phrase_share = 0.7;
	p->unit_terms = 60;
	p->size_damping = 0.3;
	p->refine_passes = 1;
	p->settled = 0.6;
	p->min_df = 2;
	p->name_veto = 0.2;
	p->spill_bytes = STORY_SPILL_BYTES;
	p->doc_table_bytes = STORY_DOC_TABLE_BYTES;
	p->vocab_cap = STORY_VOCAB_CAP;
}


static void weights_init(wn_stories *s);

int wn_stories_new(wn_stories **out, const wn_story_options *opts)
{
	wn_story_options o;
	if (opts)
		o = *opts;
	else
		wn_story_options_init(&o);
	if (!(o.threshold > 0 && o.threshold <= 2) || !(o.merge_threshold >= 0 && o.merge_threshold <= 2) ||
	    !(o.term_weight >= 0) || !(o.entity_weight >= 0) || !(o.quote_weight >= 0) ||
	    !(o.day_penalty >= 0) || !(o.title_weight >= 0) || !(o.term_weight + o.entity_weight > 0) ||
	    o.top_terms > STORY_TOP_TERMS_MAX)
		return WN_EINVAL;
	if (o.min_quote_words == 0)
		o.min_quote_words = 1;
	wn_stories *s = calloc(1, sizeof(*s));
	if (!s)
		return WN_ENOMEM;
	const char *lang = o.language ? o.language : "english";
	if (strlen(lang) >= sizeof(s->language)) {
		free(s);
		return WN_EINVAL;
	}
	strcpy(s->language, lang);
	o.language = s->language;
	s->opts = o;
	params_init(&s->params);
	weights_init(s);
	int rc = terms_new(&s->terms_ctx, s->language);
	if (rc) {
		free(s);
		return rc;
	}
	term_list_init(&s->tl);
	quote_list_init(&s->ql);
	wn_buf_init(&s->scratch);
	wn_buf_init(&s->surfaces);
	wn_buf_init(&s->strings);
	feat_store_init(&s->store);
	wn_buf_init(&s->blob);
	doc_feats_init(&s->feats);
	wn_buf_init(&s->explain_pool);
	s->docs = calloc(1, sizeof(*s->docs));
	s->closed_recs = calloc(1, sizeof(*s->closed_recs));
	s->tops = calloc(1, sizeof(*s->tops));
	s->out = calloc(1, sizeof(*s->out));
	s->names = malloc(sizeof(*s->names));
	if (s->docs)
		s->docs->fd = -1;
	if (s->closed_recs)
		s->closed_recs->fd = -1;
	if (s->tops)
		s->tops->fd = -1;
	if (s->out) {
		feat_store_init(&s->out->recs);
		wn_buf_init(&s->out->raw);
	}
	if (s->names)
		wn_buf_init(s->names);
	/* offset 0 of the string pool is the empty string */
	if (!s->docs || !s->closed_recs || !s->tops || !s->out || !s->names || wn_buf_putc(&s->strings, '\0')) {
		wn_stories_free(s);
		return WN_ENOMEM;
	}
	*out = s;
	return 0;
}

void wn_stories_free(wn_stories *s)
{
	if (!s)
		return;
	story_clustering_release(s);
	story_output_release(s);
	story_free_features(s);
	if (s->closed_recs)
		rec_table_release(s->closed_recs);
	free(s->closed_recs);
	if (s->tops)
		rec_table_release(s->tops);
	free(s->tops);
	free(s->out);
	free(s);
}

void story_free_features(wn_stories *s)
{
	terms_free(s->terms_ctx);
	s->terms_ctx = NULL;
	term_list_release(&s->tl);
	quote_list_release(&s->ql);
	wn_buf_release(&s->scratch);
	free(s->vocab_slots);
	free(s->vocab_keys);
	free(s->df);
	free(s->kind);
	free(s->surf_off);
	wn_buf_release(&s->surfaces);
	if (s->docs)
		rec_table_release(s->docs);
	free(s->docs);
	s->docs = NULL;
	if (s->names)
		wn_buf_release(s->names);
	free(s->names);
	s->names = NULL;
	feat_store_release(&s->store);
	wn_buf_release(&s->blob);
	doc_feats_release(&s->feats);
	free(s->scratch_terms);
	free(s->phrase_df);
	free(s->phrase_idf);
	free(s->hashed_df);
	free(s->hashed_idf);
	free(s->log_df);
	wn_buf_release(&s->strings);
	free(s->source_offs);
	free(s->source_keys);
	free(s->source_slots);
	free(s->idf);
	free(s->explain_strings);
	wn_buf_release(&s->explain_pool);
}

/* ---- vocabulary and sources ------------------------------------------------ */

static int slots_grow(uint32_t **slots, size_t *cap, const uint64_t *keys, size_t count)
{
	size_t ncap = *cap ? *cap * 2 : 4096;
	uint32_t *ns = calloc(ncap, sizeof(uint32_t));
	if (!ns)
		return WN_ENOMEM;
	for (size_t i = 0; i < count; i++) {
		size_t pos = (size_t)wn_mix64(keys[i]) & (ncap - 1);
		while (ns[pos])
			pos = (pos + 1) & (ncap - 1);
		ns[pos] = (uint32_t)(i + 1);
	}
	free(*slots);
	*slots = ns;
	*cap = ncap;
	return 0;
}

/* A vocabulary slot holds a 32-bit fingerprint of the key beside the id, so
 * that a lookup touches one cache line; the full keys (by id) serve
 * rehashing. Two terms whose 64-bit hashes share a slot chain and the
 * fingerprint would be one term: about one pair in 10^9 lookups. */
struct vocab_slot {
	uint32_t fp;        /* 0: empty */
	uint32_t id;
};

static uint32_t vocab_fp(uint64_t hash)
{
	uint32_t fp = (uint32_t)(hash >> 32);
	return fp ? fp : 1;
}

static int vocab_grow(wn_stories *s)
{
	size_t ncap = s->vocab_slot_cap ? s->vocab_slot_cap * 2 : 4096;
	struct vocab_slot *ns = calloc(ncap, sizeof(*ns));
	if (!ns)
		return WN_ENOMEM;
	for (size_t i = 0; i < s->vocab_count; i++) {
		size_t pos = (size_t)wn_mix64(s->vocab_keys[i]) & (ncap - 1);
		while (ns[pos].fp)
			pos = (pos + 1) & (ncap - 1);
		ns[pos].fp = vocab_fp(s->vocab_keys[i]);
		ns[pos].id = (uint32_t)i;
	}
	free(s->vocab_slots);
	s->vocab_slots = ns;
	s->vocab_slot_cap = ncap;
	return 0;
}

static void vocab_prefetch(const wn_stories *s, uint64_t hash)
{
	if (s->vocab_slot_cap)
		__builtin_prefetch(&s->vocab_slots[(size_t)wn_mix64(hash) & (s->vocab_slot_cap - 1)]);
}

static void term_prefetch(const wn_stories *s, const term_occ *o)
{
	if (o->kind == TERM_PHRASE)
		__builtin_prefetch(&s->phrase_df[o->hash >> (64 - STORY_PHRASE_BITS)], 1);
	else
		vocab_prefetch(s, o->hash);
}

/* The id of term HASH (never 0: terms.c sets the low bit), added with
 * surface SURF when new; past the cap, a new term's id is its bucket. */
static int vocab_intern(wn_stories *s, uint64_t hash, int kind, const char *surf, size_t surf_len,
			uint32_t *id)
{
	/* at most 70% full */
	if ((s->vocab_count + 1) * 10 > s->vocab_slot_cap * 7)
		WN_TRY(vocab_grow(s));
	size_t mask = s->vocab_slot_cap - 1;
	size_t pos = (size_t)wn_mix64(hash) & mask;
	uint32_t fp = vocab_fp(hash);
	while (s->vocab_slots[pos].fp) {
		if (s->vocab_slots[pos].fp == fp) {
			*id = s->vocab_slots[pos].id;
			return 0;
		}
		pos = (pos + 1) & mask;
	}
	if (s->vocab_count >= s->params.vocab_cap || s->vocab_count >= STORY_HASHED_BASE) {
		if (!s->hashed_df && !(s->hashed_df = calloc(STORY_HASHED_IDS, sizeof(uint16_t))))
			return WN_ENOMEM;
		s->vocab_hashed++;
		*id = STORY_HASHED_BASE + (kind == TERM_NAME ? 1u << STORY_HASHED_BITS : 0) +
		      (uint32_t)(hash >> (64 - STORY_HASHED_BITS));
		return 0;
	}
	if (s->vocab_count + 1 > s->vocab_cap) {
		size_t cap = s->vocab_cap;
		WN_TRY(wn_grow_array((void **)&s->vocab_keys, &cap, s->vocab_count + 1, sizeof(uint64_t)));
		cap = s->vocab_cap;
		WN_TRY(wn_grow_array((void **)&s->df, &cap, s->vocab_count + 1, sizeof(uint32_t)));
		cap = s->vocab_cap;
		WN_TRY(wn_grow_array((void **)&s->kind, &cap, s->vocab_count + 1, sizeof(uint8_t)));
		cap = s->vocab_cap;
		WN_TRY(wn_grow_array((void **)&s->surf_off, &cap, s->vocab_count + 1, sizeof(uint32_t)));
		s->vocab_cap = cap;
	}
	size_t i = s->vocab_count;
	s->df[i] = 0;
	s->kind[i] = (uint8_t)kind;
	if (s->surfaces.len > UINT32_MAX - 64)
		return WN_ETOOBIG;   /* 62 bytes a term: a cap of 69M terms would reach it */
	s->surf_off[i] = (uint32_t)s->surfaces.len;
	/* cut a long surface at a character boundary */
	if (surf_len > 60) {
		surf_len = 60;
		while (surf_len > 0 && ((unsigned char)surf[surf_len] & 0xC0) == 0x80)
			surf_len--;
	}
	WN_TRY(wn_buf_append(&s->surfaces, surf, surf_len));
	WN_TRY(wn_buf_putc(&s->surfaces, '\0'));
	s->vocab_keys[i] = hash;
	s->vocab_slots[pos].fp = fp;
	s->vocab_slots[pos].id = (uint32_t)i;
	s->vocab_count++;
	*id = (uint32_t)i;
	return 0;
}

static int intern_source(wn_stories *s, wn_str src, uint32_t *out)
{
	*out = 0;
	if (!src.ptr || !src.len)
		return 0;
	size_t len = src.len > 200 ? 200 : src.len;
	const char *nul = memchr(src.ptr, '\0', len);
	if (nul)
		len = (size_t)(nul - src.ptr);
	if (!len)
		return 0;
	uint64_t key = wn_hash64(src.ptr, len, 7);
	if ((s->source_count + 1) * 2 > s->source_slot_cap)
		WN_TRY(slots_grow(&s->source_slots, &s->source_slot_cap, s->source_keys, s->source_count));
	size_t mask = s->source_slot_cap - 1;
	size_t pos = (size_t)wn_mix64(key) & mask;
	while (s->source_slots[pos]) {
		uint32_t i = s->source_slots[pos] - 1;
		const char *have = s->strings.ptr + s->source_offs[i];
		if (s->source_keys[i] == key && strlen(have) == len && !memcmp(have, src.ptr, len)) {
			*out = i + 1;
			return 0;
		}
		pos = (pos + 1) & mask;
	}
	if (s->source_count >= UINT32_MAX - 1)
		return WN_ETOOBIG;
	size_t cap = s->source_cap;
	WN_TRY(wn_grow_array((void **)&s->source_keys, &cap, s->source_count + 1, sizeof(uint64_t)));
	cap = s->source_cap;
	WN_TRY(wn_grow_array((void **)&s->source_offs, &cap, s->source_count + 1, sizeof(size_t)));
	s->source_cap = cap;
	s->source_keys[s->source_count] = key;
	s->source_offs[s->source_count] = s->strings.len;
	WN_TRY(wn_buf_append(&s->strings, src.ptr, len));
	WN_TRY(wn_buf_putc(&s->strings, '\0'));
	s->source_slots[pos] = (uint32_t)(s->source_count + 1);
	s->source_count++;
	*out = (uint32_t)s->source_count;
	return 0;
}

/* ---- adding documents ------------------------------------------------------ */

/* Appends SRC[0..LEN) to B, NUL bytes dropped (ids and headlines are C strings). */
static int append_cstr(wn_buf *b, const char *src, size_t len)
{
	WN_TRY(wn_buf_grow(b, len + 1));
	for (size_t i = 0; i < len; i++)
		if (src[i])
			b->ptr[b->len++] = src[i];
	return wn_buf_putc(b, '\0');
}

/* Appends the headline: the title, else the first non-blank line, with
 * white space collapsed and cut at a word past STORY_HEADLINE_MAX bytes. */
static int append_headline(wn_buf *b, const wn_doc *doc)
{
	const char *p = doc->title.ptr;
	size_t len = doc->title.len;
	if (!p || !len) {
		p = doc->text.ptr ? doc->text.ptr : "";
		len = doc->text.ptr ? doc->text.len : 0;
		size_t i = 0;
		while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
			i++;
		const char *nl = memchr(p + i, '\n', len - i);
		p += i;
		len = nl ? (size_t)(nl - p) : len - i;
	}
	size_t start = b->len;
	int space = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\0') {
			space = b->len > start;
			continue;
		}
		if (space) {
			if (b->len - start >= STORY_HEADLINE_MAX) {
				WN_TRY(wn_buf_append(b, " \xE2\x80\xA6", 4)); /* " …" */
				break;
			}
			WN_TRY(wn_buf_putc(b, ' '));
			space = 0;
		}
		/* a hard stop for a headline without spaces, at a character boundary */
		if (b->len - start >= STORY_HEADLINE_MAX * 2 && (c & 0xC0) != 0x80)
			break;
		WN_TRY(wn_buf_putc(b, (char)c));
	}
	return wn_buf_putc(b, '\0');
}

/* Sorts T[0..N) by id: a quicksort with inline comparisons (qsort's calls
 * showed in profiles), insertion sort for short runs. */
static void sort_by_id(feat_term *t, size_t n)
{
	while (n > 16) {
		uint32_t a = t[0].id, b = t[n / 2].id, c = t[n - 1].id;
		uint32_t pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
		size_t i = 0, j = n - 1;
		for (;;) {
			while (t[i].id < pivot)
				i++;
			while (t[j].id > pivot)
				j--;
			if (i >= j)
				break;
			feat_term x = t[i];
			t[i] = t[j];
			t[j] = x;
			i++;
			j--;
		}
		/* recurse into the smaller half, loop on the larger */
		if (j + 1 < n - j - 1) {
			sort_by_id(t, j + 1);
			t += j + 1;
			n -= j + 1;
		} else {
			sort_by_id(t + j + 1, n - j - 1);
			n = j + 1;
		}
	}
	for (size_t i = 1; i < n; i++) {
		feat_term x = t[i];
		size_t j = i;
		while (j > 0 && t[j - 1].id > x.id) {
			t[j] = t[j - 1];
			j--;
		}
		t[j] = x;
	}
}

/* The TF-IDF weight of a term counted TF times in the body, TITLE times in
 * the title and LEAD times in the lead: those count extra. */
static double feat_weight(const wn_stories *s, unsigned tf, unsigned title, unsigned lead, double idf)
{
	return s->tf_weight[story_pack_counts(tf, title, lead)] * idf;
}

static void weights_init(wn_stories *s)
{
	for (unsigned c = 0; c < 256; c++) {
		double n = (double)(c & 15) + s->opts.title_weight * (double)((c >> 4) & 3) +
			   s->params.lead_weight * (double)(c >> 6);
		s->tf_weight[c] = n > 0 ? (float)(1.0 + log(n)) : 0.0f;
	}
}

#define LOG_DF_TABLE 65536

/* ln(DF + 1), from the table when it is small. */
static double log_df(const wn_stories *s, uint32_t df)
{
	return df < LOG_DF_TABLE ? s->log_df[df] : log((double)df + 1.0);
}

static uint32_t term_df(const wn_stories *s, uint32_t id)
{
	if (id >= STORY_PHRASE_BASE)
		return s->phrase_df[id - STORY_PHRASE_BASE];
	if (id >= STORY_HASHED_BASE)
		return s->hashed_df[id - STORY_HASHED_BASE];
	return s->df[id];
}

/* ---- selecting the strongest items ------------------------------------------ */

/* The orders of the selections below, inline: the comparator calls of
 * qsort and wn_select were a tenth of the story stage in profiles. Both are
 * total orders (ids and indices are distinct), so any selection picks the
 * same items as a full sort would. */
static inline int wterm_stronger(const wterm *x, const wterm *y)
{
	return x->w != y->w ? x->w > y->w : x->id < y->id;
}

static inline int scored_better(const scored *x, const scored *y)
{
	return x->score != y->score ? x->score > y->score : x->index < y->index;
}

/* NAME(V, N, K) reorders V[0..N) so that V[K] is the item a full sort by
 * BEFORE would put there, those before it not after it and those after it not
 * before it (Hoare's FIND, CACM 1961, median of three pivots). N > K. */
#define STORY_DEFINE_SELECT(name, type, before)                                   \
	static void name(type *v, size_t n, size_t k)                             \
	{                                                                         \
		size_t lo = 0, hi = n - 1;                                        \
		while (lo < hi) {                                                 \
			size_t mid = lo + (hi - lo) / 2;                          \
			type t;                                                   \
			if (before(&v[mid], &v[lo])) {                            \
				t = v[mid]; v[mid] = v[lo]; v[lo] = t;            \
			}                                                         \
			if (before(&v[hi], &v[lo])) {                             \
				t = v[hi]; v[hi] = v[lo]; v[lo] = t;              \
			}                                                         \
			if (before(&v[hi], &v[mid])) {                            \
				t = v[hi]; v[hi] = v[mid]; v[mid] = t;            \
			}                                                         \
			type pivot = v[mid];                                      \
			size_t i = lo, j = hi;                                    \
			while (i <= j) {                                          \
				while (before(&v[i], &pivot))                     \
					i++;                                      \
				while (before(&pivot, &v[j]))                     \
					j--;                                      \
				if (i <= j) {                                     \
					t = v[i]; v[i] = v[j]; v[j] = t;          \
					i++;                                      \
					if (j == 0)                               \
						break;                            \
					j--;                                      \
				}                                                 \
			}                                                         \
			if (k <= j)                                               \
				hi = j;                                           \
			else if (k >= i)                                          \
				lo = i;                                           \
			else                                                      \
				return;                                           \
		}                                                                 \
	}

static inline int double_greater(const double *x, const double *y)
{
	return *x > *y;
}

STORY_DEFINE_SELECT(select_kth, wterm, wterm_stronger)
STORY_DEFINE_SELECT(select_double_desc, double, double_greater)
STORY_DEFINE_SELECT(select_scored, scored, scored_better)

void story_select_scored(scored *a, size_t n, size_t k)
{
	if (n > k)
		select_scored(a, n, k);
}

static const size_t keep_cap[TERM_KINDS] = { STORY_KEEP_WORDS, STORY_KEEP_NAMES, STORY_KEEP_PHRASES };

/* Keeps the strongest terms of each kind of T[0..N) (keep_cap) by TF-IDF
 * with the document frequencies seen so far, sorted by id; returns the new
 * count. TMP and SCORES hold N items. */
static size_t prune_terms(wn_stories *s, feat_term *t, size_t n, scored *tmp, double *scores)
{
	double log_docs = log((double)s->doc_count + 1);
	size_t count[TERM_KINDS] = { 0 };
	for (size_t i = 0; i < n; i++)
		count[story_term_kind(s, t[i].id)]++;
	int over = 0;
	for (int k = 0; k < TERM_KINDS; k++)
		over |= count[k] > keep_cap[k];
	if (over) {
		/* group the candidates by kind, then select the best of each */
		size_t start[TERM_KINDS], fill[TERM_KINDS];
		start[0] = 0;
		for (int k = 1; k < TERM_KINDS; k++)
			start[k] = start[k - 1] + count[k - 1];
		memcpy(fill, start, sizeof(fill));
		for (size_t i = 0; i < n; i++) {
			double idf = log_docs - log_df(s, term_df(s, t[i].id)) + 1.0;
			scored *x = &tmp[fill[story_term_kind(s, t[i].id)]++];
			x->score = feat_weight(s, t[i].tf, t[i].title, t[i].lead, idf);
			x->index = (uint32_t)i;
		}
		for (int k = 0; k < TERM_KINDS; k++) {
			scored *a = tmp + start[k];
			size_t m = count[k];
			if (m > keep_cap[k]) {
				/* the keep_cap[k]-th best score, selected among the bare
				 * scores (cheaper than moving score and index); then the
				 * ones above it stay, and of those equal to it the first
				 * ones: the same items as the order of scored_better()
				 * selects, since A is in index order */
				for (size_t i = 0; i < m; i++)
					scores[i] = a[i].score;
				select_double_desc(scores, m, keep_cap[k] - 1);
				double kth = scores[keep_cap[k] - 1];
				size_t above = 0;
				for (size_t i = 0; i < m; i++)
					above += a[i].score > kth;
				size_t ties = keep_cap[k] - above;
				/* the dropped ones are marked in place */
				for (size_t i = 0; i < m; i++) {
					if (a[i].score > kth)
						continue;
					if (a[i].score == kth && ties) {
						ties--;
						continue;
					}
					t[a[i].index].tf = 0xFF;
				}
			}
		}
		size_t out = 0;
		for (size_t i = 0; i < n; i++)
			if (t[i].tf != 0xFF)
				t[out++] = t[i];
		n = out;
	}
	sort_by_id(t, n);
	return n;
}

/* Unpacks the terms loaded in F into T. */
static void unpack_terms(const doc_feats *f, feat_term *t)
{
	for (size_t i = 0; i < f->term_count; i++) {
		uint8_t c = f->counts[i];
		t[i].id = f->ids[i];
		t[i].tf = c & 15;
		t[i].title = (c >> 4) & 3;
		t[i].lead = c >> 6;
	}
}

/* Scratch for prune_terms() over N terms, in s->scratch. */
static int prune_scratch(wn_stories *s, size_t n, scored **tmp, double **scores)
{
	wn_buf_reset(&s->scratch);
	WN_TRY(wn_buf_grow(&s->scratch, (n + 1) * (sizeof(scored) + sizeof(double)) + 8));
	*tmp = (scored *)(void *)(((uintptr_t)s->scratch.ptr + 7) & ~(uintptr_t)7);
	*scores = (double *)(void *)(*tmp + n + 1);
	return 0;
}

/* The warm-up ended: prune the documents buffered so far and compact their
 * blobs in place (they are all in memory: the store spills only once the
 * warm-up is over, and a pruned blob is never longer). */
static int warm_up(wn_stories *s)
{
	uint64_t w = 0;
	quote_list ql;
	quote_list_init(&ql);
	int rc = 0;
	for (size_t d = 0; d < s->doc_count && !rc; d++) {
		doc_rec doc;
		if ((rc = story_doc_get(s, (uint32_t)d, &doc)))
			break;
		scored *tmp;
		double *scores;
		if ((rc = story_load_doc(s, (uint32_t)d, &s->feats, 0)))
			break;
		size_t n = s->feats.term_count;
		if ((rc = prune_scratch(s, n, &tmp, &scores)) ||
		    (rc = wn_grow_array((void **)&s->scratch_terms, &s->scratch_cap, n + 1, sizeof(feat_term))))
			break;
		unpack_terms(&s->feats, s->scratch_terms);
		n = prune_terms(s, s->scratch_terms, n, tmp, scores);
		/* the quotations as they were: back into a quote_list */
		ql.count = 0;
		wn_buf_reset(&ql.strings);
		if ((rc = wn_grow_array((void **)&ql.items, &ql.cap, s->feats.quote_count + 1, sizeof(quote_item))))
			break;
		for (size_t i = 0; i < s->feats.quote_count; i++) {
			const doc_quote *q = &s->feats.quotes[i];
			quote_item *it = &ql.items[ql.count++];
			memset(it, 0, sizeof(*it));
			it->text_off = (uint32_t)q->text_off;
			it->text_len = q->text_len;
			it->norm_off = (uint32_t)q->norm_off;
			it->norm_len = q->norm_len;
			it->speaker_off = (uint32_t)q->speaker_off;
			it->speaker_len = q->speaker_len;
			it->word_count = q->words;
		}
		if ((rc = wn_buf_append(&ql.strings, s->feats.strings.ptr, s->feats.strings.len)) ||
		    (rc = story_blob_encode(&s->blob, s->feats.raw.ptr + 8, s->feats.names_len, s->scratch_terms, n,
					    &ql)))
			break;
		memmove(s->store.mem.ptr + w, s->blob.ptr, s->blob.len);
		doc.feat_off = w;
		doc.feat_len = (uint32_t)s->blob.len;
		if ((rc = story_doc_put(s, (uint32_t)d, &doc)))
			break;
		w += s->blob.len;
	}
	quote_list_release(&ql);
	if (rc)
		return rc;
	s->store.mem.len = (size_t)w;
	s->store.size = w;
	s->warmed = 1;
	return 0;
}

int wn_stories_add(wn_stories *s, const wn_doc *doc, uint64_t group)
{
	if (s->finished)
		return WN_ESTATE;
	if (s->doc_count >= UINT32_MAX - 1)
		return WN_ETOOBIG;
	if (!s->warmed && s->doc_count >= STORY_WARMUP_DOCS) {
		if (!s->log_df) {
			if (!(s->log_df = wn_malloc_array(LOG_DF_TABLE, sizeof(float))))
				return WN_ENOMEM;
			for (size_t i = 0; i < LOG_DF_TABLE; i++)
				s->log_df[i] = (float)log((double)i + 1.0);
		}
		WN_TRY(warm_up(s));
	}
	const char *text = doc->text.ptr ? doc->text.ptr : "";
	size_t len = doc->text.ptr ? doc->text.len : 0;
	WN_TRY(terms_extract(s->terms_ctx, text, len, doc->title.ptr, doc->title.ptr ? doc->title.len : 0,
			     s->params.lead_words, s->params.phrase_words, &s->tl));
	WN_TRY(quotes_extract(&s->ql, text, len, s->opts.min_quote_words));

	if (!s->docs->size)
		WN_TRY(rec_table_init(s->docs, sizeof(doc_rec), s->params.doc_table_bytes));
	doc_rec rec, *d = &rec;
	memset(d, 0, sizeof(*d));
	d->group = group;
	d->day = story_parse_day(doc->date.ptr, doc->date.ptr ? doc->date.len : 0);
	if (d->day == STORY_NO_DAY)
		s->undated++;

	/* terms -> ids, document frequencies */
	size_t n = s->tl.count;
	WN_TRY(wn_grow_array((void **)&s->scratch_terms, &s->scratch_cap, n + 1, sizeof(feat_term)));
	if (!s->phrase_df && !(s->phrase_df = calloc((size_t)1 << STORY_PHRASE_BITS, sizeof(uint16_t))))
		return WN_ENOMEM;
	feat_term *t = s->scratch_terms;
	size_t kept = 0;
	/* The tables are far bigger than the caches, so the work goes in two
	 * passes that each ask for their lines a few terms ahead, so that the
	 * misses overlap: first the ids (vocabulary slots, in term order, so
	 * that ids are given as before), then the document frequencies. */
	enum { AHEAD = 32 };
	for (size_t i = 0; i < n && i < AHEAD; i++)
		term_prefetch(s, &s->tl.items[i]);
	for (size_t i = 0; i < n; i++) {
		const term_occ *o = &s->tl.items[i];
		if (i + AHEAD < n)
			term_prefetch(s, &s->tl.items[i + AHEAD]);
		uint32_t id;
		if (o->kind == TERM_PHRASE) {
			id = STORY_PHRASE_BASE + (uint32_t)(o->hash >> (64 - STORY_PHRASE_BITS));
		} else {
			WN_TRY(vocab_intern(s, o->hash, o->kind, s->tl.surfaces.ptr + o->surf_off, o->surf_len, &id));
			if (id < STORY_HASHED_BASE) {
				__builtin_prefetch(&s->df[id], 1);
				__builtin_prefetch(&s->kind[id]);   /* prune_terms() reads it */
			}
		}
		t[i].id = id;
	}
	for (size_t i = 0; i < n; i++) {
		const term_occ *o = &s->tl.items[i];
		uint32_t id = t[i].id;
		if (id >= STORY_PHRASE_BASE) {
			uint32_t bucket = id - STORY_PHRASE_BASE;
			s->phrase_df[bucket] += s->phrase_df[bucket] < UINT16_MAX;
		} else if (id >= STORY_HASHED_BASE) {
			uint32_t bucket = id - STORY_HASHED_BASE;
			s->hashed_df[bucket] += s->hashed_df[bucket] < UINT16_MAX;
		} else {
			s->df[id]++;
		}
		t[kept].id = id;
		t[kept].tf = (uint8_t)(o->count > 15 ? 15 : o->count);
		t[kept].title = (uint8_t)(o->title > 3 ? 3 : o->title);
		t[kept].lead = (uint8_t)(o->lead > 3 ? 3 : o->lead);
		kept++;
	}
	if (s->warmed) {
		scored *tmp;
		double *scores;
		WN_TRY(prune_scratch(s, kept, &tmp, &scores));
		kept = prune_terms(s, t, kept, tmp, scores);
	} else {
		sort_by_id(t, kept);
	}
	/* two phrases may share a bucket: merge them */
	size_t w = 0;
	for (size_t i = 0; i < kept; i++) {
		if (w && t[w - 1].id == t[i].id) {
			unsigned tf = t[w - 1].tf + t[i].tf;
			t[w - 1].tf = (uint8_t)(tf > 15 ? 15 : tf);
			continue;
		}
		t[w++] = t[i];
	}
	kept = w;
	wn_buf_reset(s->names);
	WN_TRY(append_cstr(s->names, doc->id.ptr ? doc->id.ptr : "", doc->id.ptr ? doc->id.len : 0));
	WN_TRY(append_headline(s->names, doc));
	WN_TRY(story_blob_encode(&s->blob, s->names->ptr, s->names->len, t, kept, &s->ql));
	if (s->blob.len > UINT32_MAX)
		return WN_ETOOBIG;
	WN_TRY(feat_store_put(&s->store, s->blob.ptr, s->blob.len, s->params.spill_bytes, s->warmed,
			      &d->feat_off));
	d->feat_len = (uint32_t)s->blob.len;
	d->quote_count = (uint8_t)s->ql.count;   /* at most QUOTES_MAX_PER_DOC */
	s->quotes_found += s->ql.count;
	WN_TRY(intern_source(s, doc->source, &d->source));
	WN_TRY(rec_table_append(s->docs, d));
	s->doc_count++;
	return 0;
}

int wn_stories_set_group(wn_stories *s, size_t index, uint64_t group)
{
	if (s->finished)
		return WN_ESTATE;
	if (index >= s->doc_count)
		return WN_EINVAL;
	doc_rec d;
	WN_TRY(story_doc_get(s, (uint32_t)index, &d));
	d.group = group;
	return story_doc_put(s, (uint32_t)index, &d);
}

/* ---- sparse vectors ------------------------------------------------------ */

void story_cvec_release(cvec *v)
{
	free(v->v);
	v->v = NULL;
	v->n = v->cap = 0;
	v->norm = 0;
}

double story_cvec_dot(const cvec *a, const cvec *b)
{
	/* A merge of the two id-ordered lists that advances without a branch
	 * on which side is behind (those branches are unpredictable); the
	 * products are summed in id order, as a plain merge sums them. */
	const wterm *x = a->v, *y = b->v;
	size_t i = 0, j = 0, an = a->n, bn = b->n;
	double dot = 0;
	while (i < an && j < bn) {
		uint32_t xi = x[i].id, yj = y[j].id;
		if (xi == yj)
			dot += (double)x[i].w * (double)y[j].w;
		i += xi <= yj;
		j += yj <= xi;
	}
	return dot;
}

void story_cvec_norm(cvec *v)
{
	double sum = 0;
	for (size_t i = 0; i < v->n; i++)
		sum += (double)v->v[i].w * (double)v->v[i].w;
	v->norm = sqrt(sum);
}

/* ---- selecting the strongest terms ------------------------------------------------ */

int story_keep_strongest(cvec *v, size_t k, wterm *scratch)
{
	if (v->n <= k)
		return 0;
	if (k == 0) {
		v->n = 0;
		return 0;
	}
	memcpy(scratch, v->v, v->n * sizeof(wterm));
	select_kth(scratch, v->n, k - 1);
	wterm last = scratch[k - 1];
	size_t o = 0;
	for (size_t i = 0; i < v->n; i++)
		if (!wterm_stronger(&last, &v->v[i]))
			v->v[o++] = v->v[i];
	v->n = o;
	return 0;
}

size_t story_top_ids(const cvec *v, size_t k, uint32_t *out, wterm *scratch)
{
	if (v->n == 0 || k == 0)
		return 0;
	memcpy(scratch, v->v, v->n * sizeof(wterm));
	size_t m = v->n < k ? v->n : k;
	if (v->n > m)
		select_kth(scratch, v->n, m - 1);
	/* a few items: insertion sort */
	for (size_t i = 1; i < m; i++) {
		wterm x = scratch[i];
		size_t j = i;
		while (j > 0 && wterm_stronger(&x, &scratch[j - 1])) {
			scratch[j] = scratch[j - 1];
			j--;
		}
		scratch[j] = x;
	}
	size_t n = 0;
	for (size_t i = 0; i < m; i++)
		if (scratch[i].w > 0)
			out[n++] = scratch[i].id;
	return n;
}

/* The L2-normalised vectors (one per kind of term) of document DOC. Stems
 * and phrases keep the unit_terms strongest: a long article is not diluted by
 * its side remarks. Needs the IDF (wn_stories_finish()). */
int story_unit_vectors(const wn_stories *s, uint32_t doc, cvec vec[TERM_KINDS], doc_feats *f)
{
	doc_rec d;
	WN_TRY(story_doc_get(s, doc, &d));
	return story_unit_vectors_at(s, doc, d.feat_off, d.feat_len, vec, f);
}

int story_unit_vectors_at(const wn_stories *s, uint32_t doc, uint64_t off, uint32_t len, cvec vec[TERM_KINDS],
			  doc_feats *f)
{
	WN_TRY(story_load_blob(s, doc, off, len, f, 0));
	for (int k = 0; k < TERM_KINDS; k++) {
		vec[k].n = 0;
		/* one more item than terms: the scratch of the selection */
		WN_TRY(wn_grow_array((void **)&vec[k].v, &vec[k].cap, 2 * f->term_count + 1, sizeof(wterm)));
	}
	for (size_t i = 0; i < f->term_count; i++) {
		uint32_t id = f->ids[i];
		double idf = id >= STORY_PHRASE_BASE   ? s->phrase_idf[id - STORY_PHRASE_BASE]
			     : id >= STORY_HASHED_BASE ? s->hashed_idf[id - STORY_HASHED_BASE]
						       : s->idf[id];
		double w = s->tf_weight[f->counts[i]] * idf;
		if (w <= 0)
			continue;
		cvec *v = &vec[story_term_kind(s, id)];
		v->v[v->n].id = id;
		v->v[v->n].w = (float)w;
		v->n++;
	}
	for (int k = 0; k < TERM_KINDS; k++) {
		cvec *v = &vec[k];
		if (k != TERM_NAME && s->params.unit_terms)
			story_keep_strongest(v, s->params.unit_terms, v->v + v->n);
		story_cvec_norm(v);
		if (v->norm > 0)
			for (size_t i = 0; i < v->n; i++)
				v->v[i].w = (float)(v->v[i].w / v->norm);
		v->norm = v->n ? 1.0 : 0.0;
	}
	return 0;
}
