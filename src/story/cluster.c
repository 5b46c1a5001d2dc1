/* story/cluster.c - online story clustering in date order (Miranda et al.,
 * "Multilingual Clustering of Streaming News", EMNLP 2018), with a
 * consolidation step before stories close.
 *
 * wn_stories_finish() computes IDF over the corpus and orders the units
 * (near-duplicate groups, or single documents) by date; undated units keep
 * their input position. One pass then compares each unit with the open
 * stories that share one of its strongest terms (an inverted index over each
 * story's strongest centroid terms) and joins the best one when
 *
 *     term_weight * ((1 - φ) cos(stems) + φ cos(phrases))
 *       + entity_weight * cos(names)
 *       + quote_weight * min(shared quotations, 2) / 2
 *       - day_penalty * days outside the story's dates
 *
 * reaches the threshold, else opens a story (φ = 0.7). When both sides have
 * names and their cosine is below 0.2, it caps the similarity: two events of
 * one kind share words, not people and places. The cosine against a centroid
 * of n units is damped by (n / |centroid|)^γ, γ = 0.3: a big, loose story
 * would otherwise attract everything (the centroid cosine of a story with
 * mean inner similarity ρ tends to √ρ times the doc-doc similarity scale).
 *
 * A single pass depends on the order of arrival. Before stories close (idle
 * for close_days, or at the end), they are consolidated: each of their units
 * is taken out and placed again against the final centroids (one k-means
 * style reassignment pass), then a story whose centroid is within
 * merge_threshold of another open story's merges into it. Closing frees the
 * centroid and index entries, so memory follows the open stories (at most
 * STORY_MAX_OPEN: past it the least recently joined close) plus a small
 * record per document and per closed story; the features of the documents
 * are read back from the store (store.c) when a unit is placed. The
 * constants were measured on the development sets (docs/stories.md). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "story/story.h"
#include "util/radix.h"

/* ---- quotation shingles ------------------------------------------------------ */

/* Quotations are compared by their word 5-grams (the default minimum
 * quotation length), hashed from the normalised text, where words are
 * single-spaced. */
#define SHINGLE_WORDS 5

uint64_t story_shingle_hash(const char *norm, size_t len)
{
	return wn_hash64(norm, len, 0x9e3779b97f4a7c15ULL) | 1;
}

typedef int (*shingle_fn)(void *ctx, uint64_t h);

/* Calls FN for each shingle of the normalised quotation NORM (for a quotation
 * shorter than a shingle, the whole of it). */
static int for_each_shingle(const char *norm, size_t len, shingle_fn fn, void *ctx)
{
	size_t starts[SHINGLE_WORDS + 1];
	size_t words = 0;
	starts[0] = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && norm[i] != ' ')
			continue;
		words++;
		if (words >= SHINGLE_WORDS) {
			size_t from = starts[(words - SHINGLE_WORDS) % (SHINGLE_WORDS + 1)];
			WN_TRY(fn(ctx, story_shingle_hash(norm + from, i - from)));
		}
		starts[words % (SHINGLE_WORDS + 1)] = i + 1;
	}
	if (len > 0 && words < SHINGLE_WORDS)
		WN_TRY(fn(ctx, story_shingle_hash(norm, len)));
	return 0;
}

static int set_has(const uint64_t *set, uint32_t cap, uint64_t h)
{
	if (!cap)
		return 0;
	size_t pos = (size_t)wn_mix64(h) & (cap - 1);
	while (set[pos]) {
		if (set[pos] == h)
			return 1;
		pos = (pos + 1) & (cap - 1);
	}
	return 0;
}

typedef struct match_ctx {
	const uint64_t *set;
	uint32_t cap;
	uint32_t total, found;
} match_ctx;

static int count_match(void *ctx, uint64_t h)
{
	match_ctx *m = ctx;
	m->total++;
	m->found += (uint32_t)set_has(m->set, m->cap, h);
	return 0;
}

/* Does quotation Q share most of its shingles with the set? Half of them is
 * enough: two outlets often cut one quotation differently. */
int story_quote_matches(const char *norm, size_t len, const uint64_t *set, uint32_t cap)
{
	match_ctx m = { set, cap, 0, 0 };
	for_each_shingle(norm, len, count_match, &m);
	return m.total > 0 && m.found * 2 >= m.total;
}

static int set_add(void *ctx, uint64_t h)
{
	story_rec *st = ctx;
	if (st->shingle_count >= STORY_MAX_SHINGLES)
		return 0;
	if ((st->shingle_count + 1) * 2 > st->shingle_cap) {
		uint32_t ncap = st->shingle_cap ? st->shingle_cap * 2 : 64;
		uint64_t *ns = calloc(ncap, sizeof(uint64_t));
		if (!ns)
			return WN_ENOMEM;
		for (uint32_t i = 0; i < st->shingle_cap; i++) {
			uint64_t x = st->shingles[i];
			if (!x)
				continue;
			size_t pos = (size_t)wn_mix64(x) & (ncap - 1);
			while (ns[pos])
				pos = (pos + 1) & (ncap - 1);
			ns[pos] = x;
		}
		free(st->shingles);
		st->shingles = ns;
		st->shingle_cap = ncap;
	}
	size_t pos = (size_t)wn_mix64(h) & (st->shingle_cap - 1);
	while (st->shingles[pos]) {
		if (st->shingles[pos] == h)
			return 0;
		pos = (pos + 1) & (st->shingle_cap - 1);
	}
	st->shingles[pos] = h;
	st->shingle_count++;
	return 0;
}

/* The shingles of one unit's quotations, hashed once for all the stories it
 * is compared with. */
typedef struct unit_shingles {
	uint64_t *h;
	size_t n, cap;
	uint32_t *end;              /* where each quotation's shingles end */
	size_t quotes, end_cap;
} unit_shingles;

static int collect_shingle(void *ctx, uint64_t h)
{
	unit_shingles *us = ctx;
	WN_TRY(wn_grow_array((void **)&us->h, &us->cap, us->n + 1, sizeof(uint64_t)));
	us->h[us->n++] = h;
	return 0;
}

/* The shingles of the quotations loaded in F. */
static int unit_shingles_of(const doc_feats *f, unit_shingles *us)
{
	us->n = us->quotes = 0;
	for (size_t i = 0; i < f->quote_count; i++) {
		const doc_quote *q = &f->quotes[i];
		WN_TRY(for_each_shingle(f->strings.ptr + q->norm_off, q->norm_len, collect_shingle, us));
		WN_TRY(wn_grow_array((void **)&us->end, &us->end_cap, us->quotes + 1, sizeof(uint32_t)));
		us->end[us->quotes++] = (uint32_t)us->n;
	}
	return 0;
}

static void unit_shingles_release(unit_shingles *us)
{
	free(us->h);
	free(us->end);
	memset(us, 0, sizeof(*us));
}

/* How many of the unit's quotations share most of their shingles with the
 * story's set (see story_quote_matches). */
static uint32_t shared_quotations(const unit_shingles *us, const story_rec *st)
{
	uint32_t shared = 0;
	size_t start = 0;
	for (size_t q = 0; q < us->quotes; q++) {
		uint32_t total = us->end[q] - (uint32_t)start, found = 0;
		for (size_t i = start; i < us->end[q]; i++)
			found += (uint32_t)set_has(st->shingles, st->shingle_cap, us->h[i]);
		shared += total > 0 && found * 2 >= total;
		start = us->end[q];
	}
	return shared;
}

/* Adds the shingles of the quotations loaded in F to story ST. */
static int add_doc_shingles(story_rec *st, const doc_feats *f)
{
	for (size_t i = 0; i < f->quote_count; i++) {
		const doc_quote *q = &f->quotes[i];
		WN_TRY(for_each_shingle(f->strings.ptr + q->norm_off, q->norm_len, set_add, st));
	}
	return 0;
}

/* ---- centroids --------------------------------------------------------------- */

/* C += U, keeping the strongest MAX terms. TMP is scratch. */
static int cvec_add(cvec *c, const cvec *u, size_t max, cvec *tmp)
{
	tmp->n = 0;
	WN_TRY(wn_grow_array((void **)&tmp->v, &tmp->cap, c->n + u->n + 1, sizeof(wterm)));
	size_t i = 0, j = 0;
	while (i < c->n || j < u->n) {
		if (j >= u->n || (i < c->n && c->v[i].id < u->v[j].id)) {
			tmp->v[tmp->n++] = c->v[i++];
		} else if (i >= c->n || u->v[j].id < c->v[i].id) {
			tmp->v[tmp->n++] = u->v[j++];
		} else {
			tmp->v[tmp->n] = c->v[i++];
			tmp->v[tmp->n++].w += u->v[j++].w;
		}
	}
	if (tmp->n > max) {
		WN_TRY(wn_grow_array((void **)&c->v, &c->cap, tmp->n + 1, sizeof(wterm)));
		story_keep_strongest(tmp, max, c->v);
	}
	WN_TRY(wn_grow_array((void **)&c->v, &c->cap, tmp->n + 1, sizeof(wterm)));
	memcpy(c->v, tmp->v, tmp->n * sizeof(wterm));
	c->n = tmp->n;
	story_cvec_norm(c);
	return 0;
}

/* C -= U. Terms pruned from C are not there to subtract from; weights stay
 * at zero or above. */
static void cvec_sub(cvec *c, const cvec *u)
{
	size_t i = 0, j = 0;
	while (i < c->n && j < u->n) {
		if (c->v[i].id == u->v[j].id) {
			c->v[i].w -= u->v[j].w;
			if (c->v[i].w < 1e-6f)
				c->v[i].w = 0;
			i++, j++;
		} else if (c->v[i].id < u->v[j].id) {
			i++;
		} else {
			j++;
		}
	}
	story_cvec_norm(c);
}

static const size_t centroid_cap[TERM_KINDS] = { STORY_CENTROID_WORDS, STORY_CENTROID_NAMES,
						 STORY_CENTROID_PHRASES };

/* ---- the inverted index ---------------------------------------------------- */

/* Where the posting list of TERM is: 1 + its index in postings; 0 none. */
static inline uint32_t *posting_slot(const wn_stories *s, uint32_t term)
{
	return term >= STORY_HASHED_BASE ? &s->hashed_posting_of[term - STORY_HASHED_BASE] : &s->posting_of[term];
}

static int posting_add(wn_stories *s, uint32_t term, uint32_t story)
{
	/* a list is made for a term when a story is posted under it and it
	 * has none: an emptied one if there is one, else a new one */
	uint32_t *slot = posting_slot(s, term);
	if (!*slot) {
		if (s->free_posting_count) {
			*slot = s->free_postings[--s->free_posting_count];
		} else {
			if (s->posting_count >= UINT32_MAX - 1)
				return WN_ETOOBIG;
			WN_TRY(wn_grow_array((void **)&s->postings, &s->posting_cap, s->posting_count + 1,
					     sizeof(posting_list)));
			memset(&s->postings[s->posting_count], 0, sizeof(posting_list));
			*slot = (uint32_t)++s->posting_count;
		}
	}
	posting_list *p = &s->postings[*slot - 1];
	if (p->n >= STORY_MAX_POSTINGS) {
		/* a full list forgets its oldest entry: news moves on, and a term
		 * among the strongest of this many open stories says little */
		p->ids[p->next] = story;
		p->next = (p->next + 1) % STORY_MAX_POSTINGS;
		return 0;
	}
	if (p->n + 1 > p->cap) {
		size_t cap = p->cap;
		WN_TRY(wn_grow_array((void **)&p->ids, &cap, p->n + 1, sizeof(uint32_t)));
		p->cap = (uint32_t)cap;
	}
	p->ids[p->n++] = story;
	return 0;
}

/* Takes STORY out of TERM's list; an emptied list is freed and its place
 * kept for the next term. */
static int posting_remove(wn_stories *s, uint32_t term, uint32_t story)
{
	uint32_t *slot = posting_slot(s, term);
	if (!*slot)
		return 0;
	posting_list *p = &s->postings[*slot - 1];
	for (uint32_t i = 0; i < p->n; i++)
		if (p->ids[i] == story) {
			p->ids[i] = p->ids[--p->n];
			break;
		}
	if (p->n)
		return 0;
	WN_TRY(wn_grow_array((void **)&s->free_postings, &s->free_posting_cap, s->free_posting_count + 1,
			     sizeof(uint32_t)));
	free(p->ids);
	memset(p, 0, sizeof(*p));
	s->free_postings[s->free_posting_count++] = *slot;
	*slot = 0;
	return 0;
}

static int unindex(wn_stories *s, uint32_t sid)
{
	story_rec *st = &s->stories[sid];
	for (uint32_t i = 0; i < st->indexed_count; i++)
		WN_TRY(posting_remove(s, st->indexed[i], sid));
	st->indexed_count = 0;
	return 0;
}

/* Posts story SID under its strongest terms, replacing the old entries. */
static int reindex(wn_stories *s, uint32_t sid, wterm *tmp)
{
	story_rec *st = &s->stories[sid];
	uint32_t fresh[STORY_INDEX_WORDS + STORY_INDEX_NAMES];
	size_t n = story_top_ids(&st->vec[TERM_WORD], STORY_INDEX_WORDS, fresh, tmp);
	n += story_top_ids(&st->vec[TERM_NAME], STORY_INDEX_NAMES, fresh + n, tmp);
	for (uint32_t i = 0; i < st->indexed_count; i++) {
		int keep = 0;
		for (size_t j = 0; j < n; j++)
			keep |= fresh[j] == st->indexed[i];
		if (!keep)
			WN_TRY(posting_remove(s, st->indexed[i], sid));
	}
	for (size_t j = 0; j < n; j++) {
		int had = 0;
		for (uint32_t i = 0; i < st->indexed_count; i++)
			had |= fresh[j] == st->indexed[i];
		if (!had)
			WN_TRY(posting_add(s, fresh[j], sid));
	}
	memcpy(st->indexed, fresh, n * sizeof(uint32_t));
	st->indexed_count = (uint32_t)n;
	return 0;
}

/* ---- similarity ------------------------------------------------------------ */

typedef struct sim_parts {
	double cos[TERM_KINDS];     /* names: -1 when one side has none */
	double term_cos;            /* stems and phrases together */
	double quote_score, gap_days, penalty, total;
	uint32_t shared_quotes;
	int capped;                 /* the name cosine capped the total */
} sim_parts;

/* The cosine of kind K of a unit against story ST, damped by its size. */
static double kind_cosine(const wn_stories *s, const cvec *u, const story_rec *st, int k)
{
	const cvec *c = &st->vec[k];
	if (!(c->norm > 0) || !u->n)
		return 0;
	double damp = 1;
	if (st->units > 1 && s->params.size_damping > 0)
		damp = pow(st->units / c->norm, s->params.size_damping);
	return story_cvec_dot(u, c) / c->norm / damp;
}

/* The similarity of a unit (vectors U, quotation shingles US, day DAY) to ST.
 * With QUICK, a story whose names already cap the similarity below the
 * threshold is not scored further (its total is then only an upper bound). */
static void similarity(const wn_stories *s, const cvec u[TERM_KINDS], const unit_shingles *us,
		       int32_t day, const story_rec *st, sim_parts *p, int quick)
{
	const wn_story_options *o = &s->opts;
	memset(p, 0, sizeof(*p));
	p->cos[TERM_NAME] = kind_cosine(s, &u[TERM_NAME], st, TERM_NAME);
	if (quick && u[TERM_NAME].n && st->vec[TERM_NAME].n && p->cos[TERM_NAME] < s->params.name_veto &&
	    p->cos[TERM_NAME] < o->threshold) {
		p->total = p->cos[TERM_NAME];
		p->capped = 1;
		return;
	}
	p->cos[TERM_WORD] = kind_cosine(s, &u[TERM_WORD], st, TERM_WORD);
	p->cos[TERM_PHRASE] = kind_cosine(s, &u[TERM_PHRASE], st, TERM_PHRASE);
	double phi = s->params.phrase_share;
	p->term_cos = (1 - phi) * p->cos[TERM_WORD] + phi * p->cos[TERM_PHRASE];
	if (u[TERM_NAME].n && st->vec[TERM_NAME].n) {
		p->total = o->term_weight * p->term_cos + o->entity_weight * p->cos[TERM_NAME];
		/* a story is about its actors: when both sides name people and
		 * places and hardly any match, the shared words are the topic's,
		 * not the story's (two rehab stories, two DUI arrests) */
		if (p->cos[TERM_NAME] < s->params.name_veto && p->cos[TERM_NAME] < p->total) {
			p->total = p->cos[TERM_NAME];
			p->capped = 1;
		}
	} else {
		/* no names on one side: the words speak for both */
		p->cos[TERM_NAME] = -1;
		p->total = (o->term_weight + o->entity_weight) * p->term_cos;
	}
	if (st->shingle_count && us->quotes) {
		p->shared_quotes = shared_quotations(us, st);
		p->quote_score = p->shared_quotes >= 2 ? 1.0 : p->shared_quotes * 0.5;
		p->total += o->quote_weight * p->quote_score;
	}
	p->gap_days = -1;
	if (day != STORY_NO_DAY && st->first_day != STORY_NO_DAY) {
		int64_t gap = 0;
		if (day > st->last_day)
			gap = (int64_t)day - st->last_day;
		else if (day < st->first_day)
			gap = (int64_t)st->first_day - day;
		p->gap_days = (double)gap;
		p->penalty = o->day_penalty * (double)gap;
		p->total -= p->penalty;
	}
}

/* ---- clustering state -------------------------------------------------------- */

/* An open story and the clustering step it was last joined at. */
typedef struct touched_ref {
	uint64_t touched;
	uint32_t slot;
} touched_ref;

static int cmp_touched(const void *a, const void *b)
{
	const touched_ref *x = a, *y = b;
	if (x->touched != y->touched)
		return x->touched < y->touched ? -1 : 1;
	return (x->slot > y->slot) - (x->slot < y->slot);
}

typedef struct cluster_state {
	cvec u[TERM_KINDS], tmp;
	doc_feats feats;            /* of the unit being placed */
	unit_shingles us;           /* of the unit being placed */
	wterm *top_tmp;
	size_t top_tmp_cap;
	float *acc;
	size_t acc_cap;
	uint32_t *touched;
	size_t touched_cap;
	scored *cand;
	size_t cand_cap;
	uint32_t *batch;            /* stories being consolidated */
	size_t batch_count, batch_cap;
	uint32_t *batch_units;      /* their units' places, in clustering order */
	size_t batch_unit_cap;
	touched_ref *touched_refs;  /* the open stories, to find the least recently joined */
	size_t touched_ref_cap;
} cluster_state;

static void cluster_state_release(cluster_state *cs)
{
	for (int k = 0; k < TERM_KINDS; k++)
		story_cvec_release(&cs->u[k]);
	story_cvec_release(&cs->tmp);
	unit_shingles_release(&cs->us);
	doc_feats_release(&cs->feats);
	free(cs->top_tmp);
	free(cs->acc);
	free(cs->touched);
	free(cs->cand);
	free(cs->batch);
	free(cs->batch_units);
	free(cs->touched_refs);
}

static void story_rec_release(story_rec *st)
{
	if (st->vec)
		for (int k = 0; k < TERM_KINDS; k++)
			story_cvec_release(&st->vec[k]);
	free(st->vec);
	st->vec = NULL;
	free(st->indexed);
	st->indexed = NULL;
	st->indexed_count = 0;
	free(st->shingles);
	st->shingles = NULL;
	st->shingle_cap = st->shingle_count = 0;
}

/* The inverted index of the open stories' terms. */
static void release_postings(wn_stories *s)
{
	for (size_t i = 0; i < s->posting_count; i++)
		free(s->postings[i].ids);
	free(s->postings);
	s->postings = NULL;
	s->posting_count = s->posting_cap = 0;
	free(s->posting_of);
	s->posting_of = NULL;
	free(s->hashed_posting_of);
	s->hashed_posting_of = NULL;
	free(s->free_postings);
	s->free_postings = NULL;
	s->free_posting_count = s->free_posting_cap = 0;
}

void story_clustering_release(wn_stories *s)
{
	for (size_t i = 0; i < s->slot_count; i++)
		story_rec_release(&s->stories[i]);
	free(s->stories);
	s->stories = NULL;
	s->slot_count = s->slot_cap = 0;
	free(s->free_slots);
	s->free_slots = NULL;
	s->free_count = s->free_cap = 0;
	release_postings(s);
	free(s->open_ids);
	s->open_ids = NULL;
	s->open_count = s->open_cap = 0;
}

/* Makes the scratch for top-term selection hold any centroid of ST. */
static int top_room(cluster_state *cs, const story_rec *st)
{
	size_t need = 1;
	for (int k = 0; k < TERM_KINDS; k++)
		need = st->vec[k].n + 1 > need ? st->vec[k].n + 1 : need;
	return wn_grow_array((void **)&cs->top_tmp, &cs->top_tmp_cap, need, sizeof(wterm));
}

/* Opens a story: a free slot (or a new one) and the next seq, whose place
 * for top terms is reserved now. */
static int open_story(wn_stories *s, uint32_t *sid_out)
{
	if (s->story_count >= UINT32_MAX - 1)
		return WN_ETOOBIG;
	WN_TRY(wn_grow_array((void **)&s->open_ids, &s->open_cap, s->open_count + 1, sizeof(uint32_t)));
	uint32_t top[STORY_TOP_TERMS_MAX + 1] = { 0 };
	WN_TRY(rec_table_append(s->tops, top));
	uint32_t sid;
	if (s->free_count) {
		sid = s->free_slots[--s->free_count];
	} else {
		WN_TRY(wn_grow_array((void **)&s->stories, &s->slot_cap, s->slot_count + 1, sizeof(story_rec)));
		sid = (uint32_t)s->slot_count++;
	}
	story_rec *st = &s->stories[sid];
	memset(st, 0, sizeof(*st));
	st->seq = (uint32_t)s->story_count;
	st->vec = calloc(TERM_KINDS, sizeof(cvec));
	st->indexed = wn_malloc_array(STORY_INDEX_WORDS + STORY_INDEX_NAMES, sizeof(uint32_t));
	if (!st->vec || !st->indexed) {
		story_rec_release(st);
		return WN_ENOMEM;
	}
	st->open = 1;
	st->pristine = 1;
	st->head = STORY_NONE;
	st->first_day = st->last_day = STORY_NO_DAY;
	s->story_count++;
	s->open_ids[s->open_count++] = sid;
	*sid_out = sid;
	return 0;
}

static void widen_days(story_rec *st, int32_t day)
{
	if (day == STORY_NO_DAY)
		return;
	if (st->first_day == STORY_NO_DAY || day < st->first_day)
		st->first_day = day;
	if (st->last_day == STORY_NO_DAY || day > st->last_day)
		st->last_day = day;
}

static int unit_get(const wn_stories *s, uint32_t pos, unit_rec *u)
{
	return rec_table_get(s->unit_tab, pos, u);
}

static int unit_put(const wn_stories *s, uint32_t pos, const unit_rec *u)
{
	return rec_table_put(s->unit_tab, pos, u);
}

/* Sets the previous (NEXT 0) or next (NEXT 1) unit of POS's list to TO. */
static int set_link(wn_stories *s, uint32_t pos, int next, uint32_t to)
{
	unit_rec u;
	WN_TRY(unit_get(s, pos, &u));
	if (next)
		u.next = to;
	else
		u.prev = to;
	return unit_put(s, pos, &u);
}

/* Sets the similarity the unit at POS joined its story at. */
static int set_sim(wn_stories *s, uint32_t pos, double sim)
{
	unit_rec u;
	WN_TRY(unit_get(s, pos, &u));
	u.sim = (float)sim;
	return unit_put(s, pos, &u);
}

/* Adds the unit at POS (vectors in cs->u, features in cs->feats) to story
 * SID. */
static int join_story(wn_stories *s, cluster_state *cs, uint32_t sid, uint32_t pos)
{
	story_rec *st = &s->stories[sid];
	unit_rec rec, *u = &rec;
	WN_TRY(unit_get(s, pos, u));
	if (st->units)
		st->pristine = 0;
	for (int k = 0; k < TERM_KINDS; k++)
		WN_TRY(cvec_add(&st->vec[k], &cs->u[k], centroid_cap[k], &cs->tmp));
	st->units++;
	widen_days(st, u->day);
	u->story = sid;
	u->prev = STORY_NONE;
	u->next = st->head;
	WN_TRY(unit_put(s, pos, u));
	if (st->head != STORY_NONE)
		WN_TRY(set_link(s, st->head, 0, pos));
	st->head = pos;
	WN_TRY(add_doc_shingles(st, &cs->feats));
	WN_TRY(top_room(cs, st));
	return reindex(s, sid, cs->top_tmp);
}

/* Takes the unit at POS (vectors in cs->u) out of its story. The story's
 * dates and quotation shingles stay as they were: both only ever widen. */
static int leave_story(wn_stories *s, cluster_state *cs, uint32_t pos)
{
	unit_rec rec, *u = &rec;
	WN_TRY(unit_get(s, pos, u));
	story_rec *st = &s->stories[u->story];
	st->pristine = 0;
	for (int k = 0; k < TERM_KINDS; k++)
		cvec_sub(&st->vec[k], &cs->u[k]);
	st->units--;
	if (u->prev != STORY_NONE)
		WN_TRY(set_link(s, u->prev, 1, u->next));
	else
		st->head = u->next;
	if (u->next != STORY_NONE)
		WN_TRY(set_link(s, u->next, 0, u->prev));
	u->prev = u->next = STORY_NONE;
	return unit_put(s, pos, u);
}

/* Finds the best open story for a unit with vectors cs->u, quotations
 * cs->us and day DAY; *BEST = STORY_NONE when no story shares a term. */
static int best_story(wn_stories *s, cluster_state *cs, int32_t day, uint32_t *best, sim_parts *best_parts)
{
	*best = STORY_NONE;
	if (s->slot_count > cs->acc_cap) {
		size_t old = cs->acc_cap;
		WN_TRY(wn_grow_array((void **)&cs->acc, &cs->acc_cap, s->slot_count, sizeof(float)));
		memset(cs->acc + old, 0, (cs->acc_cap - old) * sizeof(float));
	}
	/* the query: the strongest stems and names, with their weights */
	uint32_t qids[STORY_QUERY_WORDS + STORY_QUERY_NAMES];
	float qw[STORY_QUERY_WORDS + STORY_QUERY_NAMES];
	size_t nq = 0;
	const int kinds[2] = { TERM_WORD, TERM_NAME };
	const size_t limits[2] = { STORY_QUERY_WORDS, STORY_QUERY_NAMES };
	for (int q = 0; q < 2; q++) {
		const cvec *v = &cs->u[kinds[q]];
		if (!v->n)
			continue;
		WN_TRY(wn_grow_array((void **)&cs->top_tmp, &cs->top_tmp_cap, v->n + 1, sizeof(wterm)));
		size_t from = nq;
		nq += story_top_ids(v, limits[q], qids + nq, cs->top_tmp);
		for (size_t i = from; i < nq; i++) {
			/* the weight of the query term, found in the id-ordered vector */
			size_t lo = 0, hi = v->n;
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (v->v[mid].id < qids[i])
					lo = mid + 1;
				else
					hi = mid;
			}
			qw[i] = v->v[lo].w + 1e-6f;
		}
	}
	/* Each posting list is two dependent loads away (its slot, then the
	 * list) in tables far bigger than the caches: ask for all of them
	 * first so that the misses overlap. */
	for (size_t i = 0; i < nq; i++)
		__builtin_prefetch(posting_slot(s, qids[i]));
	const posting_list *lists[STORY_QUERY_WORDS + STORY_QUERY_NAMES];
	for (size_t i = 0; i < nq; i++) {
		uint32_t slot = *posting_slot(s, qids[i]);
		lists[i] = slot ? &s->postings[slot - 1] : NULL;
		if (lists[i])
			__builtin_prefetch(lists[i]);
	}
	for (size_t i = 0; i < nq; i++)
		if (lists[i] && lists[i]->n)
			__builtin_prefetch(lists[i]->ids);
	/* accumulate the query terms' weights over the postings, in query
	 * order (the sums are the same, bit for bit, whatever the layout) */
	size_t entries = 0;
	for (size_t i = 0; i < nq; i++)
		entries += lists[i] ? lists[i]->n : 0;
	WN_TRY(wn_grow_array((void **)&cs->touched, &cs->touched_cap, entries + 1, sizeof(uint32_t)));
	size_t touched = 0;
	for (size_t i = 0; i < nq; i++) {
		const posting_list *p = lists[i];
		if (!p)
			continue;
		float w = qw[i];
		for (uint32_t j = 0; j < p->n; j++) {
			uint32_t sid = p->ids[j];
			if (cs->acc[sid] == 0)
				cs->touched[touched++] = sid;
			cs->acc[sid] += w;
		}
	}
	if (!touched)
		return 0;
	WN_TRY(wn_grow_array((void **)&cs->cand, &cs->cand_cap, touched, sizeof(scored)));
	for (size_t i = 0; i < touched; i++) {
		/* ranked by score, then by seq: the order the stories opened */
		cs->cand[i].score = cs->acc[cs->touched[i]];
		cs->cand[i].index = s->stories[cs->touched[i]].seq;
		cs->cand[i].slot = cs->touched[i];
		cs->acc[cs->touched[i]] = 0;
	}
	size_t n = touched;
	if (n > STORY_MAX_CANDIDATES) {
		/* the best ones, in no particular order: the choice below does
		 * not depend on the order (ties go to the story opened first) */
		story_select_scored(cs->cand, n, STORY_MAX_CANDIDATES - 1);
		n = STORY_MAX_CANDIDATES;
	}
	s->candidates += n;
	double best_total = -INFINITY;
	uint32_t best_seq = UINT32_MAX;
	for (size_t i = 0; i < n; i++) {
		sim_parts p;
		uint32_t sid = cs->cand[i].slot;
		similarity(s, cs->u, &cs->us, day, &s->stories[sid], &p, 1);
		if (p.total > best_total || (p.total == best_total && cs->cand[i].index < best_seq)) {
			best_total = p.total;
			best_seq = cs->cand[i].index;
			*best = sid;
			*best_parts = p;
		}
	}
	return 0;
}

/* ---- consolidation and closing --------------------------------------------------- */

/* Takes each unit of the batch out of its story and places it again: the
 * online pass decided with the centroids of the moment, this pass with the
 * final ones. */
static int refine_batch(wn_stories *s, cluster_state *cs)
{
	size_t n = 0;
	for (size_t b = 0; b < cs->batch_count; b++) {
		const story_rec *st = &s->stories[cs->batch[b]];
		for (uint32_t p = st->head; p != STORY_NONE;) {
			unit_rec u;
			WN_TRY(unit_get(s, p, &u));
			WN_TRY(wn_grow_array((void **)&cs->batch_units, &cs->batch_unit_cap, n + 1,
					     sizeof(uint32_t)));
			cs->batch_units[n++] = p;
			p = u.next;
		}
	}
	/* in clustering order: by place (places are distinct) */
	sort_unique_u32(cs->batch_units, n);
	for (int pass = 0; pass < s->params.refine_passes; pass++) {
		for (size_t i = 0; i < n; i++) {
			uint32_t pos = cs->batch_units[i];
			unit_rec rec, *d = &rec;   /* its story, similarity and day: leaving
						    * and joining change only the links */
			WN_TRY(unit_get(s, pos, d));
			uint32_t cur = d->story;
			/* a unit that joined its story with a clear margin stays */
			if (s->stories[cur].units > 1 && d->sim >= s->params.settled)
				continue;
			WN_TRY(story_unit_vectors_at(s, d->doc, d->feat_off, d->feat_len, cs->u, &cs->feats));
			WN_TRY(unit_shingles_of(&cs->feats, &cs->us));
			/* The unit of a pristine story of one unit is the whole of
			 * its centroid: leaving would zero the centroid (norm 0)
			 * and joining again would give it back bit for bit. So
			 * it only looks as if it left (norms 0, no units), and is
			 * taken out for real only when it moves. Most stories of
			 * a large corpus are such singletons. */
			story_rec *own_st = &s->stories[cur];
			int soft = own_st->units == 1 && own_st->pristine;
			double norms[TERM_KINDS];
			if (soft) {
				for (int k = 0; k < TERM_KINDS; k++) {
					norms[k] = own_st->vec[k].norm;
					own_st->vec[k].norm = 0;
				}
				own_st->units = 0;
			} else {
				WN_TRY(leave_story(s, cs, pos));
			}
			uint32_t best;
			sim_parts parts;
			WN_TRY(best_story(s, cs, d->day, &best, &parts));
			own_st = &s->stories[cur];
			uint32_t target = cur;
			int moving = best != STORY_NONE && best != cur && parts.total >= s->opts.threshold;
			if (soft) {
				for (int k = 0; k < TERM_KINDS; k++)
					own_st->vec[k].norm = norms[k];
				own_st->units = 1;
				if (!moving)
					continue;
				WN_TRY(leave_story(s, cs, pos));
			}
			if (moving) {
				sim_parts own;
				similarity(s, cs->u, &cs->us, d->day, &s->stories[cur], &own, 1);
				if (s->stories[cur].units == 0 || parts.total > own.total) {
					target = best;
					WN_TRY(set_sim(s, pos, parts.total));
					s->moved++;
				}
			}
			WN_TRY(join_story(s, cs, target, pos));
			if (s->stories[cur].units == 0)
				WN_TRY(unindex(s, cur));
		}
	}
	return 0;
}

/* Story FROM joins story INTO. */
static int merge_into(wn_stories *s, cluster_state *cs, uint32_t from, uint32_t into)
{
	story_rec *a = &s->stories[from], *b = &s->stories[into];
	b->pristine = 0;
	for (int k = 0; k < TERM_KINDS; k++)
		WN_TRY(cvec_add(&b->vec[k], &a->vec[k], centroid_cap[k], &cs->tmp));
	b->units += a->units;
	widen_days(b, a->first_day);
	widen_days(b, a->last_day);
	for (uint32_t i = 0; i < a->shingle_cap; i++)
		if (a->shingles[i])
			WN_TRY(set_add(b, a->shingles[i]));
	/* move the unit list */
	uint32_t p = a->head;
	while (p != STORY_NONE) {
		unit_rec u;
		WN_TRY(unit_get(s, p, &u));
		uint32_t next = u.next;
		u.story = into;
		u.prev = STORY_NONE;
		u.next = b->head;
		WN_TRY(unit_put(s, p, &u));
		if (b->head != STORY_NONE)
			WN_TRY(set_link(s, b->head, 0, p));
		b->head = p;
		p = next;
	}
	a->head = STORY_NONE;
	a->units = 0;
	WN_TRY(unindex(s, from));
	story_rec_release(a);
	s->merged++;
	WN_TRY(top_room(cs, b));
	return reindex(s, into, cs->top_tmp);
}

/* Merges each story of the batch into the most similar other open story when
 * their centroids are within merge_threshold. */
static int merge_batch(wn_stories *s, cluster_state *cs)
{
	for (size_t b = 0; b < cs->batch_count; b++) {
		uint32_t sid = cs->batch[b];
		story_rec *st = &s->stories[sid];
		if (!st->units)
			continue;
		/* the story's own centroid, normalised, asks like a unit */
		for (int k = 0; k < TERM_KINDS; k++) {
			cvec *u = &cs->u[k];
			u->n = 0;
			WN_TRY(wn_grow_array((void **)&u->v, &u->cap, st->vec[k].n + 1, sizeof(wterm)));
			for (size_t i = 0; i < st->vec[k].n; i++)
				if (st->vec[k].v[i].w > 0)
					u->v[u->n++] = st->vec[k].v[i];
			story_cvec_norm(u);
			for (size_t i = 0; i < u->n; i++)
				u->v[i].w = (float)(u->v[i].w / u->norm);
			u->norm = u->n ? 1.0 : 0.0;
		}
		WN_TRY(unindex(s, sid));
		cs->us.n = cs->us.quotes = 0;
		uint32_t best;
		sim_parts parts;
		WN_TRY(best_story(s, cs, STORY_NO_DAY, &best, &parts));
		if (best != STORY_NONE && best != sid) {
			const story_rec *o = &s->stories[best];
			if (st->first_day != STORY_NO_DAY && o->first_day != STORY_NO_DAY) {
				int64_t gap = 0;
				if (st->first_day > o->last_day)
					gap = (int64_t)st->first_day - o->last_day;
				else if (o->first_day > st->last_day)
					gap = (int64_t)o->first_day - st->last_day;
				parts.total -= s->opts.day_penalty * (double)gap;
			}
		}
		if (best != STORY_NONE && best != sid && parts.total >= s->opts.merge_threshold) {
			WN_TRY(merge_into(s, cs, sid, best));
		} else {
			WN_TRY(top_room(cs, st));
			WN_TRY(reindex(s, sid, cs->top_tmp));
		}
	}
	return 0;
}

/* Records the top terms of story SID, then frees its centroid and index entries. */
static int close_story(wn_stories *s, cluster_state *cs, uint32_t sid)
{
	story_rec *st = &s->stories[sid];
	/* a story merged into another one has no centroid left */
	if (st->vec) {
		uint32_t top[STORY_TOP_TERMS_MAX + 1];
		WN_TRY(top_room(cs, st));
		top[0] = (uint32_t)story_top_ids(&st->vec[TERM_WORD], s->opts.top_terms, top + 1, cs->top_tmp);
		WN_TRY(rec_table_put(s->tops, st->seq, top));
	}
	/* its units name it by seq from now on: the slot goes to another story */
	for (uint32_t p = st->head; p != STORY_NONE;) {
		unit_rec u;
		WN_TRY(unit_get(s, p, &u));
		u.story = st->seq;
		WN_TRY(unit_put(s, p, &u));
		p = u.next;
	}
	WN_TRY(unindex(s, sid));
	story_rec_release(st);
	st->open = 0;
	if (st->units)
		s->closed++;
	WN_TRY(wn_grow_array((void **)&s->free_slots, &s->free_cap, s->free_count + 1, sizeof(uint32_t)));
	s->free_slots[s->free_count++] = sid;
	return 0;
}

/* Consolidates and closes the open stories idle for close_days before DAY,
 * and those last joined before step TOUCHED_BEFORE; with DAY STORY_NO_DAY
 * and TOUCHED_BEFORE UINT64_MAX, all of them. */
static int close_batch(wn_stories *s, cluster_state *cs, int32_t day, uint64_t touched_before)
{
	cs->batch_count = 0;
	size_t w = 0;
	for (size_t i = 0; i < s->open_count; i++) {
		uint32_t sid = s->open_ids[i];
		story_rec *st = &s->stories[sid];
		int due = (day == STORY_NO_DAY && touched_before == UINT64_MAX) || st->touched < touched_before ||
			  (day != STORY_NO_DAY && st->last_day != STORY_NO_DAY &&
			   (int64_t)day - st->last_day > (int64_t)s->opts.close_days);
		if (due && st->units) {
			WN_TRY(wn_grow_array((void **)&cs->batch, &cs->batch_cap, cs->batch_count + 1,
					     sizeof(uint32_t)));
			cs->batch[cs->batch_count++] = sid;
		}
	}
	if (!cs->batch_count)
		return 0;
	WN_TRY(refine_batch(s, cs));
	if (s->opts.merge_threshold > 0)
		WN_TRY(merge_batch(s, cs));
	for (size_t b = 0; b < cs->batch_count; b++)
		WN_TRY(close_story(s, cs, cs->batch[b]));
	/* stories emptied by moves or merges close too */
	for (size_t i = 0; i < s->open_count; i++) {
		uint32_t sid = s->open_ids[i];
		story_rec *st = &s->stories[sid];
		if (st->open && st->units == 0)
			WN_TRY(close_story(s, cs, sid));
		if (s->stories[sid].open)
			s->open_ids[w++] = sid;
	}
	s->open_count = w;
	return 0;
}

/* The step before which the K least recently joined open stories were last
 * joined: the K-th smallest 'touched' (Hoare's FIND on a copy). */
static int touched_cutoff(wn_stories *s, cluster_state *cs, size_t k, uint64_t *out)
{
	size_t n = s->open_count;
	WN_TRY(wn_grow_array((void **)&cs->touched_refs, &cs->touched_ref_cap, n + 1, sizeof(touched_ref)));
	touched_ref *a = cs->touched_refs;
	for (size_t i = 0; i < n; i++) {
		a[i].touched = s->stories[s->open_ids[i]].touched;
		a[i].slot = s->open_ids[i];
	}
	wn_select(a, n, sizeof(touched_ref), k, cmp_touched);
	*out = a[k].touched;
	return 0;
}

/* ---- the pass ---------------------------------------------------------------------- */

/* Units per day, for the counting sort of the units: a table as big as the
 * number of distinct days, not of documents. */
typedef struct day_count {
	int32_t day;
	uint32_t count;             /* units; then where the next one goes */
} day_count;

typedef struct day_map {
	day_count *slots;
	uint8_t *used;
	size_t cap, n;
} day_map;

static size_t day_slot(const day_map *m, int32_t day)
{
	size_t pos = (size_t)wn_mix64((uint64_t)(uint32_t)day) & (m->cap - 1);
	while (m->used[pos] && m->slots[pos].day != day)
		pos = (pos + 1) & (m->cap - 1);
	return pos;
}

static int day_map_add(day_map *m, int32_t day)
{
	if ((m->n + 1) * 2 > m->cap) {
		day_map g = { NULL, NULL, m->cap ? m->cap * 2 : 64, m->n };
		g.slots = wn_malloc_array(g.cap, sizeof(day_count));
		g.used = calloc(g.cap, 1);
		if (!g.slots || !g.used) {
			free(g.slots);
			free(g.used);
			return WN_ENOMEM;
		}
		for (size_t i = 0; i < m->cap; i++)
			if (m->used[i]) {
				size_t pos = day_slot(&g, m->slots[i].day);
				g.used[pos] = 1;
				g.slots[pos] = m->slots[i];
			}
		free(m->slots);
		free(m->used);
		*m = g;
	}
	size_t pos = day_slot(m, day);
	if (!m->used[pos]) {
		m->used[pos] = 1;
		m->slots[pos].day = day;
		m->slots[pos].count = 0;
		m->n++;
	}
	m->slots[pos].count++;
	return 0;
}

static int cmp_day_count(const void *a, const void *b)
{
	const day_count *x = a, *y = b;
	return (x->day > y->day) - (x->day < y->day);
}

/* Finds the units: the first document of each near-duplicate group stands for
 * it, dated by its earliest member. Fills s->unit_tab with them in clustering
 * order (by day, then input order: a counting sort by day), gives every
 * document its unit's place, and sets *COUNT. */
static int find_units(wn_stories *s, size_t *count)
{
	size_t n = s->doc_count, gcount = 0, gcap = 0, kcap = 0, rcap = 0;
	uint64_t *gkeys = NULL;
	uint32_t *grep = NULL, *gslots = NULL;
	day_map days = { NULL, NULL, 0, 0 };
	day_count *sorted = NULL;
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		doc_rec rec, *d = &rec;
		if ((rc = story_doc_get(s, (uint32_t)i, d)))
			goto done;
		d->unit = (uint32_t)i;
		d->story = STORY_NONE;
		d->pos = STORY_NONE;
		if (d->group == WN_NO_GROUP) {
			if ((rc = story_doc_put(s, (uint32_t)i, d)))
				goto done;
			continue;
		}
		if ((gcount + 1) * 2 > gcap) {
			size_t ncap = gcap ? gcap * 2 : 1024;
			uint32_t *ns = calloc(ncap, sizeof(uint32_t));
			if (!ns) {
				rc = WN_ENOMEM;
				goto done;
			}
			for (size_t g = 0; g < gcount; g++) {
				size_t pos = (size_t)wn_mix64(gkeys[g]) & (ncap - 1);
				while (ns[pos])
					pos = (pos + 1) & (ncap - 1);
				ns[pos] = (uint32_t)(g + 1);
			}
			free(gslots);
			gslots = ns;
			gcap = ncap;
		}
		size_t pos = (size_t)wn_mix64(d->group) & (gcap - 1);
		while (gslots[pos] && gkeys[gslots[pos] - 1] != d->group)
			pos = (pos + 1) & (gcap - 1);
		if (gslots[pos]) {
			d->unit = grep[gslots[pos] - 1];
			doc_rec r;
			if ((rc = story_doc_get(s, d->unit, &r)))
				goto done;
			if (d->day != STORY_NO_DAY && (r.day == STORY_NO_DAY || d->day < r.day)) {
				r.day = d->day;
				if ((rc = story_doc_put(s, d->unit, &r)))
					goto done;
			}
		} else {
			if ((rc = wn_grow_array((void **)&gkeys, &kcap, gcount + 1, sizeof(uint64_t))) ||
			    (rc = wn_grow_array((void **)&grep, &rcap, gcount + 1, sizeof(uint32_t))))
				goto done;
			gkeys[gcount] = d->group;
			grep[gcount] = (uint32_t)i;
			gslots[pos] = (uint32_t)(++gcount);
		}
		if ((rc = story_doc_put(s, (uint32_t)i, d)))
			goto done;
	}
	/* undated units sort with the last dated document before them */
	size_t c = 0;
	int64_t last = INT32_MIN;
	for (size_t i = 0; i < n; i++) {
		doc_rec rec, *d = &rec;
		if ((rc = story_doc_get(s, (uint32_t)i, d)))
			goto done;
		if (d->day != STORY_NO_DAY)
			last = d->day;
		d->sort_day = d->day != STORY_NO_DAY ? d->day : (int32_t)last;
		if ((rc = story_doc_put(s, (uint32_t)i, d)))
			goto done;
		if (d->unit != i)
			continue;
		if ((rc = day_map_add(&days, d->sort_day)))
			goto done;
		c++;
	}
	/* each day's first place in the order, then the units in input order */
	if (days.n && !(sorted = wn_malloc_array(days.n, sizeof(day_count)))) {
		rc = WN_ENOMEM;
		goto done;
	}
	size_t k = 0;
	for (size_t i = 0; i < days.cap; i++)
		if (days.used[i])
			sorted[k++] = days.slots[i];
	if (k > 1)
		qsort(sorted, k, sizeof(day_count), cmp_day_count);
	uint32_t at = 0;
	for (size_t i = 0; i < k; i++) {
		size_t pos = day_slot(&days, sorted[i].day);
		days.slots[pos].count = at;
		at += sorted[i].count;
	}
	unit_rec none;
	memset(&none, 0, sizeof(none));
	for (size_t i = 0; i < c && !rc; i++)
		rc = rec_table_append(s->unit_tab, &none);
	/* a group's first document comes before its other members */
	for (size_t i = 0; i < n && !rc; i++) {
		doc_rec d;
		if ((rc = story_doc_get(s, (uint32_t)i, &d)))
			break;
		if (d.unit != i) {
			doc_rec r;
			if (!(rc = story_doc_get(s, d.unit, &r))) {
				d.pos = r.pos;
				rc = story_doc_put(s, (uint32_t)i, &d);
			}
			continue;
		}
		d.pos = days.slots[day_slot(&days, d.sort_day)].count++;
		unit_rec u = { d.feat_off, d.feat_len, (uint32_t)i, d.day, STORY_NONE, STORY_NONE, STORY_NONE, 0, 0 };
		if (!(rc = rec_table_put(s->unit_tab, d.pos, &u)))
			rc = story_doc_put(s, (uint32_t)i, &d);
	}
	*count = c;
done:
	free(gkeys);
	free(grep);
	free(gslots);
	free(days.slots);
	free(days.used);
	free(sorted);
	return rc;
}

static int run_clustering(wn_stories *s)
{
	size_t n = s->doc_count, unit_count = 0;
	rec_table units;            /* the units in clustering order */
	cluster_state cs;
	memset(&cs, 0, sizeof(cs));
	s->unit_tab = &units;
	int rc = rec_table_init(&units, sizeof(unit_rec), s->params.doc_table_bytes);
	if (!rc)
		rc = rec_table_init(s->closed_recs, sizeof(closed_rec), s->params.doc_table_bytes);
	if (!rc)
		rc = rec_table_init(s->tops, (1 + s->opts.top_terms) * sizeof(uint32_t), s->params.doc_table_bytes / 8);
	if (rc)
		goto done;
	if ((rc = find_units(s, &unit_count)))
		goto done;
	s->units = unit_count;
	if ((s->vocab_count && !(s->posting_of = calloc(s->vocab_count, sizeof(uint32_t)))) ||
	    (s->hashed_idf && !(s->hashed_posting_of = calloc(STORY_HASHED_IDS, sizeof(uint32_t))))) {
		rc = WN_ENOMEM;
		goto done;
	}
	int32_t current_day = STORY_NO_DAY;
	for (size_t p = 0; p < unit_count; p++) {
		unit_rec rec, *u = &rec;
		if ((rc = unit_get(s, (uint32_t)p, u)))
			goto done;
		if (s->opts.close_days && u->day != STORY_NO_DAY && u->day != current_day) {
			current_day = u->day;
			if ((rc = close_batch(s, &cs, current_day, 0)))
				goto done;
		}
		/* too many open stories (an undated corpus never closes any): the
		 * quarter least recently joined close */
		if (s->open_count >= STORY_MAX_OPEN) {
			uint64_t cutoff;
			if ((rc = touched_cutoff(s, &cs, s->open_count / 4, &cutoff)) ||
			    (rc = close_batch(s, &cs, STORY_NO_DAY, cutoff)))
				goto done;
		}
		if ((rc = story_unit_vectors_at(s, u->doc, u->feat_off, u->feat_len, cs.u, &cs.feats)) ||
		    (rc = unit_shingles_of(&cs.feats, &cs.us)))
			goto done;
		uint32_t best;
		sim_parts parts;
		if ((rc = best_story(s, &cs, u->day, &best, &parts)))
			goto done;
		double sim = 1.0;
		if (best != STORY_NONE && parts.total >= s->opts.threshold)
			sim = parts.total;
		else if ((rc = open_story(s, &best)))
			goto done;
		s->stories[best].touched = p + 1;
		if ((rc = set_sim(s, (uint32_t)p, sim)) || (rc = join_story(s, &cs, best, (uint32_t)p)))
			goto done;
	}
	if ((rc = close_batch(s, &cs, STORY_NO_DAY, UINT64_MAX)))
		goto done;
	/* The closed records, by seq: the earliest unit of each story opened
	 * it, and its first document and size count the documents it kept
	 * (not the units that joined it once and moved on). */
	closed_rec none = { UINT64_MAX, 0, STORY_NONE, UINT32_MAX, 0, 0 };
	for (size_t i = 0; i < s->story_count && !rc; i++)
		rc = rec_table_append(s->closed_recs, &none);
	if (rc)
		goto done;
	for (size_t p = 0; p < unit_count; p++) {
		unit_rec u;
		closed_rec c;
		if ((rc = unit_get(s, (uint32_t)p, &u)) || (rc = rec_table_get(s->closed_recs, u.story, &c)))
			goto done;
		u.opened = c.opener == STORY_NONE;
		if (u.opened) {
			c.opener = u.doc;
			u.sim = 1.0f;
			if ((rc = rec_table_put(s->closed_recs, u.story, &c)) || (rc = unit_put(s, (uint32_t)p, &u)))
				goto done;
		}
	}
	/* each document takes its unit's story, similarity and opening */
	for (size_t i = 0; i < n; i++) {
		doc_rec d;
		unit_rec u;
		closed_rec c;
		if ((rc = story_doc_get(s, (uint32_t)i, &d)) || (rc = unit_get(s, d.pos, &u)))
			goto done;
		d.story = u.story;
		d.sim = u.sim;
		d.opened = u.opened;
		if ((rc = story_doc_put(s, (uint32_t)i, &d)) || (rc = rec_table_get(s->closed_recs, d.story, &c)))
			goto done;
		if (i < c.first_doc)
			c.first_doc = (uint32_t)i;
		c.size++;
		if ((rc = rec_table_put(s->closed_recs, d.story, &c)))
			goto done;
	}
done:
	rec_table_release(&units);
	s->unit_tab = NULL;
	cluster_state_release(&cs);
	return rc;
}

/* The IDF of a term in DF of DOCS documents. A term of fewer than MIN_DF
 * documents (a single one, by default) cannot link two: it would only dilute
 * the cosines, so it weighs nothing. */
static float idf_weight(double docs, uint32_t df, uint32_t min_df)
{
	double idf = log((docs + 1.0) / ((double)df + 0.5));
	return df < min_df || idf < 0 ? 0.0f : (float)idf;
}

/* The IDF of N hashed buckets from their saturating counts *DF, which are
 * freed: they are not needed any more. */
static int bucket_idf(uint16_t **df, size_t n, double docs, uint32_t min_df, float **out)
{
	if (!*df)
		return 0;
	if (!(*out = wn_malloc_array(n, sizeof(float))))
		return WN_ENOMEM;
	for (size_t i = 0; i < n; i++)
		(*out)[i] = idf_weight(docs, (*df)[i], min_df);
	free(*df);
	*df = NULL;
	return 0;
}

static int compute_idf(wn_stories *s)
{
	s->idf = wn_malloc_array(s->vocab_count + 1, sizeof(float));
	if (!s->idf)
		return WN_ENOMEM;
	double docs = (double)s->doc_count;
	for (size_t i = 0; i < s->vocab_count; i++)
		s->idf[i] = idf_weight(docs, s->df[i], s->params.min_df);
	WN_TRY(bucket_idf(&s->phrase_df, (size_t)1 << STORY_PHRASE_BITS, docs, s->params.min_df, &s->phrase_idf));
	return bucket_idf(&s->hashed_df, STORY_HASHED_IDS, docs, s->params.min_df, &s->hashed_idf);
}

int wn_stories_finish(wn_stories *s)
{
	if (s->finished)
		return WN_ESTATE;
	s->finished = 1;
	int rc = feat_store_seal(&s->store);
	if (!rc)
		rc = compute_idf(s);
	if (!rc) {
		/* the vocabulary's hash table and counts served adding: the
		 * clustering needs ids, kinds, IDF and surfaces only */
		free(s->vocab_slots);
		s->vocab_slots = NULL;
		s->vocab_slot_cap = 0;
		free(s->vocab_keys);
		s->vocab_keys = NULL;
		free(s->df);
		s->df = NULL;
		free(s->log_df);
		s->log_df = NULL;
	}
	if (!rc)
		rc = run_clustering(s);
	if (!rc)
		rc = story_build_output(s);
	/* the index and centroids are gone with the stories; keep the records */
	release_postings(s);
	if (rc)
		s->finished = 2;   /* failed: the results are not there */
	return rc;
}

size_t wn_stories_doc_count(const wn_stories *s)
{
	return s->doc_count;
}

int wn_stories_get_doc(const wn_stories *s, size_t index, wn_story_doc *info)
{
	if (s->finished != 1)
		return WN_ESTATE;
	if (index >= s->doc_count)
		return WN_EINVAL;
	doc_rec rec, *d = &rec;
	const char *headline;
	WN_TRY(story_doc_get(s, (uint32_t)index, d));
	WN_TRY(story_doc_names(s, (uint32_t)index, s->names, &info->id, &headline));
	closed_rec c;
	WN_TRY(rec_table_get(s->closed_recs, d->story, &c));
	info->story = c.number;
	info->similarity = d->sim;
	info->opened = d->opened;
	return 0;
}

void wn_stories_get_stats(const wn_stories *s, wn_stories_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->docs = s->doc_count;
	st->units = s->units;
	st->stories = s->out->count;
	st->multi_doc_stories = s->out->multi;
	st->largest_story = s->out->largest;
	st->undated = s->undated;
	st->quotes = s->quotes_found;
	st->shared_quotes = s->shared_quotes;
	st->vocabulary = s->vocab_count;
	st->hashed_terms = s->vocab_hashed;
	st->candidates = s->candidates;
	st->closed = s->closed;
	st->merged = s->merged;
	st->moved = s->moved;
}

/* ---- explaining a pair ------------------------------------------------------ */

typedef struct shared_term {
	double w;
	uint32_t id;
} shared_term;

static int cmp_shared_desc(const void *a, const void *b)
{
	const shared_term *x = a, *y = b;
	if (x->w != y->w)
		return x->w < y->w ? 1 : -1;
	return (x->id > y->id) - (x->id < y->id);
}

#define EXPLAIN_TERMS 10

/* The strongest terms in both A and B, into OUT (their surfaces). */
static size_t shared_terms(const wn_stories *s, const cvec *a, const cvec *b, const char **out,
			   shared_term *tmp)
{
	size_t i = 0, j = 0, n = 0;
	while (i < a->n && j < b->n) {
		if (a->v[i].id == b->v[j].id) {
			/* a hashed term has no surface form to show */
			if (story_term_shown(s, a->v[i].id)) {
				tmp[n].w = (double)a->v[i].w * b->v[j].w;
				tmp[n++].id = a->v[i].id;
			}
			i++, j++;
		} else if (a->v[i].id < b->v[j].id) {
			i++;
		} else {
			j++;
		}
	}
	qsort(tmp, n, sizeof(shared_term), cmp_shared_desc);
	if (n > EXPLAIN_TERMS)
		n = EXPLAIN_TERMS;
	for (size_t k = 0; k < n; k++)
		out[k] = s->surfaces.ptr + s->surf_off[tmp[k].id];
	return n;
}

int wn_stories_explain(wn_stories *s, size_t a, size_t b, wn_story_explain *out)
{
	if (s->finished != 1)
		return WN_ESTATE;
	if (a >= s->doc_count || b >= s->doc_count)
		return WN_EINVAL;
	memset(out, 0, sizeof(*out));
	doc_rec ra, rb, *da = &ra, *db = &rb;
	WN_TRY(story_doc_get(s, (uint32_t)a, da));
	WN_TRY(story_doc_get(s, (uint32_t)b, db));
	cvec av[TERM_KINDS], bv[TERM_KINDS];
	memset(av, 0, sizeof(av));
	memset(bv, 0, sizeof(bv));
	story_rec one;
	memset(&one, 0, sizeof(one));
	one.vec = bv;
	shared_term *tmp = NULL;
	doc_feats fa, fb;
	doc_feats_init(&fa);
	doc_feats_init(&fb);
	int rc = 0;
	if ((rc = story_unit_vectors(s, (uint32_t)a, av, &fa)) ||
	    (rc = story_unit_vectors(s, (uint32_t)b, one.vec, &fb)))
		goto done;
	/* B alone, as a one-document story */
	one.units = 1;
	one.first_day = one.last_day = db->day;
	if ((rc = add_doc_shingles(&one, &fb)))
		goto done;
	sim_parts p;
	unit_shingles us;
	memset(&us, 0, sizeof(us));
	rc = unit_shingles_of(&fa, &us);
	if (!rc)
		similarity(s, av, &us, da->day, &one, &p, 0);
	unit_shingles_release(&us);
	if (rc)
		goto done;
	out->term_cosine = p.term_cos;
	out->word_cosine = p.cos[TERM_WORD];
	out->phrase_cosine = p.cos[TERM_PHRASE];
	out->entity_cosine = p.cos[TERM_NAME] < 0 ? 0 : p.cos[TERM_NAME];
	out->names_capped = p.capped;
	out->shared_quotes = p.shared_quotes;
	out->gap_days = p.gap_days;
	out->similarity = p.total;
	out->threshold = s->opts.threshold;
	out->similar = p.total >= s->opts.threshold;
	out->same_story = da->story == db->story;
	out->same_group = da->unit == db->unit;
	closed_rec ca, cb;
	if ((rc = rec_table_get(s->closed_recs, da->story, &ca)) || (rc = rec_table_get(s->closed_recs, db->story, &cb)))
		goto done;
	out->story_a = ca.number;
	out->story_b = cb.number;
	out->joined_a = da->sim;
	out->joined_b = db->sim;

	size_t need = 2 * EXPLAIN_TERMS + fa.quote_count + 1;
	if ((rc = wn_grow_array((void **)&s->explain_strings, &s->explain_cap, need, sizeof(char *))))
		goto done;
	tmp = wn_malloc_array(av[TERM_WORD].n + av[TERM_NAME].n + 1, sizeof(shared_term));
	if (!tmp) {
		rc = WN_ENOMEM;
		goto done;
	}
	const char **strs = s->explain_strings;
	out->shared_terms = strs;
	out->shared_term_count = shared_terms(s, &av[TERM_WORD], &one.vec[TERM_WORD], strs, tmp);
	strs += out->shared_term_count;
	out->shared_entities = strs;
	out->shared_entity_count = shared_terms(s, &av[TERM_NAME], &one.vec[TERM_NAME], strs, tmp);
	strs += out->shared_entity_count;
	out->shared_quote_texts = strs;
	/* the texts are copied into the explain pool, as offsets until it
	 * stops growing */
	wn_buf_reset(&s->explain_pool);
	for (size_t i = 0; i < fa.quote_count; i++) {
		const doc_quote *q = &fa.quotes[i];
		if (!story_quote_matches(fa.strings.ptr + q->norm_off, q->norm_len, one.shingles, one.shingle_cap))
			continue;
		strs[out->shared_quote_count++] = (const char *)(uintptr_t)s->explain_pool.len;
		if ((rc = wn_buf_append(&s->explain_pool, fa.strings.ptr + q->text_off, q->text_len)) ||
		    (rc = wn_buf_putc(&s->explain_pool, '\0')))
			goto done;
	}
	for (size_t i = 0; i < out->shared_quote_count; i++)
		strs[i] = s->explain_pool.ptr + (uintptr_t)strs[i];
done:
	doc_feats_release(&fa);
	doc_feats_release(&fb);
	free(tmp);
	for (int k = 0; k < TERM_KINDS; k++) {
		story_cvec_release(&av[k]);
		story_cvec_release(&bv[k]);
	}
	free(one.shingles);
	return rc;
}
