/* story/report.c - the story records: numbers, documents, sources, dates,
 * headline, top terms, and the quotations shared by two or more documents.
 * Within a story, quotations are matched after Quotebank normalisation, and a
 * quotation contained in a longer one (as whole words) is the same quotation:
 * each quotation is anchored by its first words in a hash table, every word
 * position of every quotation looks the anchor up, and candidates are checked
 * byte for byte; union-find joins the matches. The speaker of a shared
 * quotation is a vote of its occurrences, with names grouped by surname
 * (equal, or one edit apart for longer surnames: outlets misspell names). */
#include <stdlib.h>
#include <string.h>

#include "story/story.h"

void story_output_release(wn_stories *s)
{
	story_out *o = s->out;
	if (!o)
		return;
	if (o->numbers)
		rec_table_release(o->numbers);
	free(o->numbers);
	feat_store_release(&o->recs);
	wn_buf_release(&o->raw);
	free(o->docs);
	free(o->sources);
	free(o->terms);
	free(o->quotes);
	free(o->quote_docs);
	memset(o, 0, sizeof(*o));
	feat_store_init(&o->recs);
	wn_buf_init(&o->raw);
}

/* ---- quotations of one story ------------------------------------------------ */

typedef struct occ {
	uint32_t doc;
	int32_t day;        /* of its document */
	uint32_t quote;     /* index in quote_work.feats.quotes */
	uint32_t next;      /* chain in the anchor table; UINT32_MAX ends it */
} occ;

typedef struct qgroup {
	uint32_t root;
	uint32_t doc_count;
	uint32_t first;     /* the occurrence that appeared first */
	uint32_t shortest;  /* the occurrence with the shortest wording */
	uint32_t speaker;   /* the occurrence whose speaker name is shown; UINT32_MAX: none */
	size_t docs_off;    /* in the quote_docs array */
} qgroup;

/* Scratch reused across stories. */
typedef struct quote_work {
	doc_feats feats;    /* the quotations of the story's documents */
	occ *occs;
	size_t occ_count, occ_cap;
	uint32_t *parent;         /* union-find over occurrences (util.h) */
	size_t parent_cap;
	uint32_t *table;    /* anchor hash table: occurrence + 1 */
	uint64_t *table_keys;
	size_t table_cap;
	qgroup *groups;
	size_t group_count, group_cap;
	uint32_t *order;
	size_t order_cap;
	/* speakers */
	uint32_t *spk_cluster;   /* per occurrence: cluster + 1, 0 none */
	size_t spk_cap;
	uint32_t *cluster_rep;   /* occurrence that names the cluster */
	uint32_t *cluster_freq;
	uint32_t *cluster_tokens;
	size_t cluster_count, cluster_cap, cluster_freq_cap, cluster_tok_cap;
	uint32_t *votes;
	size_t votes_cap;
} quote_work;

static void quote_work_release(quote_work *w)
{
	doc_feats_release(&w->feats);
	free(w->occs);
	free(w->parent);
	free(w->table);
	free(w->table_keys);
	free(w->groups);
	free(w->order);
	free(w->spk_cluster);
	free(w->cluster_rep);
	free(w->cluster_freq);
	free(w->cluster_tokens);
	free(w->votes);
}

/* The byte length of the first K words of NORM (words single-spaced). */
static size_t prefix_words(const char *norm, size_t len, size_t k, size_t *got)
{
	size_t words = 0;
	for (size_t i = 0; i < len; i++)
		if (norm[i] == ' ' && ++words == k) {
			*got = k;
			return i;
		}
	*got = len ? words + 1 : 0;
	return len;
}

/* Earlier: by day (undated last), then by document index. */
static int earlier(const occ *a, const occ *b)
{
	int32_t da = a->day, db = b->day;
	if (da != db) {
		if (da == STORY_NO_DAY)
			return 0;
		if (db == STORY_NO_DAY)
			return 1;
		return da < db;
	}
	return a->doc < b->doc;
}

/* Lower-cased ASCII surname (last word) of a speaker. */
static size_t surname(const char *name, size_t len, char *out, size_t cap)
{
	size_t end = len, start;
	while (end > 0 && name[end - 1] == ' ')
		end--;
	start = end;
	while (start > 0 && name[start - 1] != ' ')
		start--;
	size_t n = 0;
	for (size_t i = start; i < end && n < cap; i++) {
		char c = name[i];
		out[n++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	return n;
}

/* At most one insertion, deletion or substitution apart. */
static int one_edit(const char *a, size_t la, const char *b, size_t lb)
{
	if (la > lb) {
		const char *t = a;
		a = b;
		b = t;
		size_t tl = la;
		la = lb;
		lb = tl;
	}
	if (lb - la > 1)
		return 0;
	size_t i = 0;
	while (i < la && a[i] == b[i])
		i++;
	if (la == lb)
		return !memcmp(a + i + (i < la), b + i + (i < la), la - i - (i < la));
	return !memcmp(a + i, b + i + 1, la - i);
}

static size_t word_count(const char *s, size_t len)
{
	size_t n = len ? 1 : 0;
	for (size_t i = 0; i < len; i++)
		n += s[i] == ' ';
	return n;
}

/* Groups the speakers named in the story's quotations by surname. */
static int cluster_speakers(const wn_stories *s, quote_work *w)
{
	WN_TRY(wn_grow_array((void **)&w->spk_cluster, &w->spk_cap, w->occ_count + 1, sizeof(uint32_t)));
	w->cluster_count = 0;
	for (size_t i = 0; i < w->occ_count; i++) {
		const doc_quote *q = &w->feats.quotes[w->occs[i].quote];
		w->spk_cluster[i] = 0;
		if (!q->speaker_len)
			continue;
		const char *name = w->feats.strings.ptr + q->speaker_off;
		char key[48], other[48];
		size_t kl = surname(name, q->speaker_len, key, sizeof(key));
		size_t found = SIZE_MAX;
		for (size_t c = 0; c < w->cluster_count && c < 256; c++) {
			const doc_quote *r = &w->feats.quotes[w->occs[w->cluster_rep[c]].quote];
			size_t ol = surname(w->feats.strings.ptr + r->speaker_off, r->speaker_len, other, sizeof(other));
			if ((kl == ol && !memcmp(key, other, kl)) ||
			    (kl >= 5 && ol >= 5 && one_edit(key, kl, other, ol))) {
				found = c;
				break;
			}
		}
		if (found == SIZE_MAX) {
			size_t c = w->cluster_count;
			size_t cap = w->cluster_cap;
			WN_TRY(wn_grow_array((void **)&w->cluster_rep, &cap, c + 1, sizeof(uint32_t)));
			cap = w->cluster_cap;
			WN_TRY(wn_grow_array((void **)&w->cluster_freq, &cap, c + 1, sizeof(uint32_t)));
			cap = w->cluster_cap;
			WN_TRY(wn_grow_array((void **)&w->cluster_tokens, &cap, c + 1, sizeof(uint32_t)));
			w->cluster_cap = cap;
			w->cluster_rep[c] = (uint32_t)i;
			w->cluster_freq[c] = 0;
			w->cluster_tokens[c] = (uint32_t)word_count(name, q->speaker_len);
			w->cluster_count++;
			found = c;
		} else {
			/* the fullest form names the cluster: "Ihor Zhovkva" over "Zhovkva" */
			uint32_t tokens = (uint32_t)word_count(name, q->speaker_len);
			if (tokens > w->cluster_tokens[found]) {
				w->cluster_tokens[found] = tokens;
				w->cluster_rep[found] = (uint32_t)i;
			}
		}
		w->cluster_freq[found]++;
		w->spk_cluster[i] = (uint32_t)found + 1;
	}
	return 0;
}

/* Finds the shared quotations of the story whose documents are DOCS[0..N),
 * appending them to the output arrays (offsets; pointers are set later). */
static int story_quotes(wn_stories *s, quote_work *w, const size_t *docs, size_t n,
			wn_story_quote **quotes, size_t *quote_count, size_t *quote_cap,
			size_t **qdocs, size_t *qdoc_count, size_t *qdoc_cap, wn_buf *pool)
{
	w->occ_count = 0;
	doc_feats_clear_quotes(&w->feats);
	size_t min_words = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		doc_rec d;
		WN_TRY(story_doc_get(s, (uint32_t)docs[i], &d));
		if (!d.quote_count)
			continue;
		size_t first = w->feats.quote_count;
		WN_TRY(story_load_doc(s, (uint32_t)docs[i], &w->feats, 1));
		for (size_t k = first; k < w->feats.quote_count; k++) {
			if (w->occ_count >= UINT32_MAX - 1)
				break;
			WN_TRY(wn_grow_array((void **)&w->occs, &w->occ_cap, w->occ_count + 1, sizeof(occ)));
			WN_TRY(wn_grow_array((void **)&w->parent, &w->parent_cap, w->occ_count + 1,
					     sizeof(uint32_t)));
			w->parent[w->occ_count] = (uint32_t)w->occ_count;
			occ *o = &w->occs[w->occ_count];
			o->doc = (uint32_t)docs[i];
			o->day = d.day;
			o->quote = (uint32_t)k;
			o->next = UINT32_MAX;
			size_t words = word_count(w->feats.strings.ptr + w->feats.quotes[o->quote].norm_off,
						  w->feats.quotes[o->quote].norm_len);
			if (words < min_words)
				min_words = words;
			w->occ_count++;
		}
	}
	if (w->occ_count < 2)
		return 0;
	size_t anchor = min_words < 5 ? min_words : 5;
	if (anchor == 0)
		anchor = 1;

	/* anchor table: hash of the first ANCHOR words -> occurrences */
	size_t cap = 64;
	while (cap < w->occ_count * 2)
		cap *= 2;
	if (cap > w->table_cap) {
		free(w->table);
		free(w->table_keys);
		w->table = malloc(cap * sizeof(uint32_t));
		w->table_keys = malloc(cap * sizeof(uint64_t));
		if (!w->table || !w->table_keys) {
			w->table_cap = 0;
			return WN_ENOMEM;
		}
		w->table_cap = cap;
	}
	memset(w->table, 0, cap * sizeof(uint32_t));
	for (size_t i = 0; i < w->occ_count; i++) {
		const doc_quote *q = &w->feats.quotes[w->occs[i].quote];
		const char *norm = w->feats.strings.ptr + q->norm_off;
		size_t got, plen = prefix_words(norm, q->norm_len, anchor, &got);
		if (got < anchor)
			continue;
		uint64_t h = story_shingle_hash(norm, plen);
		size_t pos = (size_t)wn_mix64(h) & (cap - 1);
		while (w->table[pos] && w->table_keys[pos] != h)
			pos = (pos + 1) & (cap - 1);
		if (w->table[pos])
			w->occs[i].next = w->table[pos] - 1;
		w->table[pos] = (uint32_t)i + 1;
		w->table_keys[pos] = h;
	}
	/* every word position of every quotation looks up the anchors */
	for (size_t i = 0; i < w->occ_count; i++) {
		const doc_quote *big = &w->feats.quotes[w->occs[i].quote];
		const char *bn = w->feats.strings.ptr + big->norm_off;
		size_t blen = big->norm_len;
		for (size_t at = 0; at < blen;) {
			size_t got, plen = prefix_words(bn + at, blen - at, anchor, &got);
			if (got < anchor)
				break;
			uint64_t h = story_shingle_hash(bn + at, plen);
			size_t pos = (size_t)wn_mix64(h) & (cap - 1);
			while (w->table[pos] && w->table_keys[pos] != h)
				pos = (pos + 1) & (cap - 1);
			for (uint32_t j = w->table[pos] ? w->table[pos] - 1 : UINT32_MAX; j != UINT32_MAX;
			     j = w->occs[j].next) {
				if (j == i)
					continue;
				const doc_quote *small = &w->feats.quotes[w->occs[j].quote];
				if (small->norm_len > blen - at)
					continue;
				if (memcmp(bn + at, w->feats.strings.ptr + small->norm_off, small->norm_len))
					continue;
				if (at + small->norm_len < blen && bn[at + small->norm_len] != ' ')
					continue;
				wn_uf_union(w->parent, (uint32_t)i, j);
			}
			/* next word */
			const char *sp = memchr(bn + at, ' ', blen - at);
			if (!sp)
				break;
			at = (size_t)(sp - bn) + 1;
		}
	}
	WN_TRY(cluster_speakers(s, w));

	/* groups: occurrences ordered by root, then document */
	WN_TRY(wn_grow_array((void **)&w->order, &w->order_cap, w->occ_count, sizeof(uint32_t)));
	for (size_t i = 0; i < w->occ_count; i++)
		w->order[i] = (uint32_t)i;
	for (size_t i = 0; i < w->occ_count; i++)
		w->parent[i] = wn_uf_find(w->parent, (uint32_t)i);
	/* insertion sort would be quadratic on big stories: sort by (root, doc) */
	{
		/* counting sort by root (roots are occurrence indices) */
		uint32_t *count = calloc(w->occ_count + 1, sizeof(uint32_t));
		if (!count)
			return WN_ENOMEM;
		for (size_t i = 0; i < w->occ_count; i++)
			count[w->parent[i] + 1]++;
		for (size_t i = 0; i < w->occ_count; i++)
			count[i + 1] += count[i];
		/* occurrences were added in document order, so each root's run
		 * stays in document order */
		for (size_t i = 0; i < w->occ_count; i++)
			w->order[count[w->parent[i]]++] = (uint32_t)i;
		free(count);
	}
	w->group_count = 0;
	size_t votes_need = w->cluster_count + 1;
	WN_TRY(wn_grow_array((void **)&w->votes, &w->votes_cap, votes_need, sizeof(uint32_t)));
	for (size_t a = 0; a < w->occ_count;) {
		uint32_t root = w->parent[w->order[a]];
		size_t b = a;
		while (b < w->occ_count && w->parent[w->order[b]] == root)
			b++;
		/* distinct documents, in ascending order (occurrences are) */
		size_t docs_here = 0;
		uint32_t last_doc = UINT32_MAX;
		for (size_t k = a; k < b; k++)
			if (w->occs[w->order[k]].doc != last_doc) {
				last_doc = w->occs[w->order[k]].doc;
				docs_here++;
			}
		if (docs_here >= 2) {
			qgroup g;
			memset(&g, 0, sizeof(g));
			g.root = root;
			g.doc_count = (uint32_t)docs_here;
			g.first = w->order[a];
			g.shortest = w->order[a];
			g.speaker = UINT32_MAX;
			memset(w->votes, 0, votes_need * sizeof(uint32_t));
			g.docs_off = *qdoc_count;
			last_doc = UINT32_MAX;
			for (size_t k = a; k < b; k++) {
				uint32_t o = w->order[k];
				const doc_quote *q = &w->feats.quotes[w->occs[o].quote];
				const doc_quote *sh = &w->feats.quotes[w->occs[g.shortest].quote];
				if (earlier(&w->occs[o], &w->occs[g.first]))
					g.first = o;
				if (q->norm_len < sh->norm_len ||
				    (q->norm_len == sh->norm_len && earlier(&w->occs[o], &w->occs[g.shortest])))
					g.shortest = o;
				if (w->spk_cluster[o])
					w->votes[w->spk_cluster[o] - 1]++;
				if (w->occs[o].doc != last_doc) {
					last_doc = w->occs[o].doc;
					WN_TRY(wn_grow_array((void **)qdocs, qdoc_cap, *qdoc_count + 1, sizeof(size_t)));
					(*qdocs)[(*qdoc_count)++] = last_doc;
				}
			}
			size_t best = SIZE_MAX;
			for (size_t c = 0; c < w->cluster_count; c++) {
				if (!w->votes[c])
					continue;
				if (best == SIZE_MAX || w->votes[c] > w->votes[best] ||
				    (w->votes[c] == w->votes[best] && w->cluster_freq[c] > w->cluster_freq[best]))
					best = c;
			}
			if (best != SIZE_MAX)
				g.speaker = w->cluster_rep[best];
			WN_TRY(wn_grow_array((void **)&w->groups, &w->group_cap, w->group_count + 1, sizeof(qgroup)));
			w->groups[w->group_count++] = g;
		}
		a = b;
	}
	/* most documents first, then first appearance */
	for (size_t i = 1; i < w->group_count; i++) {
		qgroup x = w->groups[i];
		size_t j = i;
		while (j > 0) {
			const qgroup *y = &w->groups[j - 1];
			int before = x.doc_count > y->doc_count ||
				     (x.doc_count == y->doc_count &&
				      earlier(&w->occs[x.first], &w->occs[y->first])) ||
				     (x.doc_count == y->doc_count && w->occs[x.first].doc == w->occs[y->first].doc &&
				      w->occs[x.first].quote < w->occs[y->first].quote);
			if (!before)
				break;
			w->groups[j] = w->groups[j - 1];
			j--;
		}
		w->groups[j] = x;
	}
	for (size_t i = 0; i < w->group_count; i++) {
		const qgroup *g = &w->groups[i];
		WN_TRY(wn_grow_array((void **)quotes, quote_cap, *quote_count + 1, sizeof(wn_story_quote)));
		wn_story_quote *out = &(*quotes)[(*quote_count)++];
		const doc_quote *sh = &w->feats.quotes[w->occs[g->shortest].quote];
		/* the strings go to POOL: offsets + 1, read back as such */
		out->text = (const char *)(uintptr_t)(pool->len + 1);
		WN_TRY(wn_buf_append(pool, w->feats.strings.ptr + sh->text_off, sh->text_len));
		WN_TRY(wn_buf_putc(pool, '\0'));
		out->speaker = NULL;
		if (g->speaker != UINT32_MAX) {
			const doc_quote *sp = &w->feats.quotes[w->occs[g->speaker].quote];
			out->speaker = (const char *)(uintptr_t)(pool->len + 1);
			WN_TRY(wn_buf_append(pool, w->feats.strings.ptr + sp->speaker_off, sp->speaker_len));
			WN_TRY(wn_buf_putc(pool, '\0'));
		}
		out->docs = (const size_t *)(uintptr_t)g->docs_off;
		out->doc_count = g->doc_count;
		out->first_doc = w->occs[g->first].doc;
		s->shared_quotes++;
	}
	return 0;
}

/* ---- the records --------------------------------------------------------------- */

/* A story, serialised (native byte order; the store lives and dies with the
 * process):
 *   u32 size, source_count, top_count, quote_count, headline_len;
 *   i32 first_day, last_day;
 *   headline and NUL; u32 docs[size]; u32 sources[source_count] (1 + index);
 *   u32 top term ids[top_count];
 *   per quotation: u32 text_len, speaker_len (UINT32_MAX: none), first_doc,
 *   doc_count, docs[doc_count], then text and speaker, each with a NUL. */

static int put32(wn_buf *b, uint32_t v)
{
	return wn_buf_append(b, &v, sizeof(v));
}

/* Scratch of story_build_output(). */
typedef struct build_work {
	quote_work qw;
	wn_buf rec, pool;
	size_t *docs;
	size_t doc_cap;
	uint32_t *srcs;
	size_t src_cap;
	size_t *src_stamp;          /* by source: 1 + the story that listed it last */
	wn_story_quote *quotes;
	size_t quote_cap;
	size_t *qdocs;
	size_t qdoc_cap;
} build_work;

static void build_work_release(build_work *b)
{
	quote_work_release(&b->qw);
	wn_buf_release(&b->rec);
	wn_buf_release(&b->pool);
	free(b->docs);
	free(b->srcs);
	free(b->src_stamp);
	free(b->quotes);
	free(b->qdocs);
}

/* Serialises story NUM (creation order SEQ, closed record C, documents
 * b->docs[0..N)) into b->rec. */
static int serialise_story(wn_stories *s, build_work *b, size_t num, uint32_t seq, const closed_rec *c, size_t n)
{
	size_t src_count = 0, quote_count = 0, qdoc_count = 0;
	int32_t first = STORY_NO_DAY, last = STORY_NO_DAY;
	for (size_t j = 0; j < n; j++) {
		doc_rec d;
		WN_TRY(story_doc_get(s, (uint32_t)b->docs[j], &d));
		if (d.source && b->src_stamp[d.source - 1] != num + 1) {
			b->src_stamp[d.source - 1] = num + 1;
			WN_TRY(wn_grow_array((void **)&b->srcs, &b->src_cap, src_count + 1, sizeof(uint32_t)));
			b->srcs[src_count++] = d.source;
		}
		if (d.day != STORY_NO_DAY) {
			if (first == STORY_NO_DAY || d.day < first)
				first = d.day;
			if (last == STORY_NO_DAY || d.day > last)
				last = d.day;
		}
	}
	wn_buf_reset(&b->pool);
	WN_TRY(story_quotes(s, &b->qw, b->docs, n, &b->quotes, &quote_count, &b->quote_cap, &b->qdocs, &qdoc_count,
			    &b->qdoc_cap, &b->pool));
	const char *id, *headline;
	WN_TRY(story_doc_names(s, c->opener, s->names, &id, &headline));
	size_t hlen = strlen(headline);
	uint32_t top[STORY_TOP_TERMS_MAX + 1];
	WN_TRY(rec_table_get(s->tops, seq, top));
	wn_buf *r = &b->rec;
	wn_buf_reset(r);
	WN_TRY(put32(r, (uint32_t)n));
	WN_TRY(put32(r, (uint32_t)src_count));
	WN_TRY(put32(r, top[0]));
	WN_TRY(put32(r, (uint32_t)quote_count));
	WN_TRY(put32(r, (uint32_t)hlen));
	WN_TRY(put32(r, (uint32_t)first));
	WN_TRY(put32(r, (uint32_t)last));
	WN_TRY(wn_buf_append(r, headline, hlen + 1));
	for (size_t j = 0; j < n; j++)
		WN_TRY(put32(r, (uint32_t)b->docs[j]));
	for (size_t j = 0; j < src_count; j++)
		WN_TRY(put32(r, b->srcs[j]));
	for (uint32_t j = 0; j < top[0]; j++)
		WN_TRY(put32(r, top[1 + j]));
	for (size_t q = 0; q < quote_count; q++) {
		const wn_story_quote *x = &b->quotes[q];
		const char *text = b->pool.ptr + ((uintptr_t)x->text - 1);
		const char *speaker = x->speaker ? b->pool.ptr + ((uintptr_t)x->speaker - 1) : NULL;
		const size_t *qd = b->qdocs + (uintptr_t)x->docs;
		WN_TRY(put32(r, (uint32_t)strlen(text)));
		WN_TRY(put32(r, speaker ? (uint32_t)strlen(speaker) : UINT32_MAX));
		WN_TRY(put32(r, (uint32_t)x->first_doc));
		WN_TRY(put32(r, (uint32_t)x->doc_count));
		for (size_t k = 0; k < x->doc_count; k++)
			WN_TRY(put32(r, (uint32_t)qd[k]));
		WN_TRY(wn_buf_append(r, text, strlen(text) + 1));
		if (speaker)
			WN_TRY(wn_buf_append(r, speaker, strlen(speaker) + 1));
	}
	return 0;
}

/* Numbers the stories in the order of their first documents, lays their
 * documents out by number in a table, and serialises each story once into
 * the records store. Nothing here is kept per story or per document in
 * memory: the tables spill as the per-document one does. */
int story_build_output(wn_stories *s)
{
	story_out *o = s->out;
	size_t nd = s->doc_count, ns = 0;
	uint64_t off = 0;
	build_work b;
	memset(&b, 0, sizeof(b));
	wn_buf_init(&b.rec);
	wn_buf_init(&b.pool);
	rec_table docs;             /* the documents of the stories, by number, ascending */
	int rc = rec_table_init(&docs, sizeof(uint32_t), s->params.doc_table_bytes / 2);
	if (rc)
		return rc;
	if (!(o->numbers = calloc(1, sizeof(*o->numbers))) ||
	    (s->source_count && !(b.src_stamp = calloc(s->source_count, sizeof(size_t))))) {
		rc = WN_ENOMEM;
		goto done;
	}
	if ((rc = rec_table_init(o->numbers, sizeof(story_num), s->params.doc_table_bytes / 8)))
		goto done;
	/* a story's first document comes first in input order: number it there */
	for (size_t i = 0; i < nd; i++) {
		doc_rec d;
		closed_rec c;
		if ((rc = story_doc_get(s, (uint32_t)i, &d)) || (rc = rec_table_get(s->closed_recs, d.story, &c)))
			goto done;
		if (c.first_doc != i)
			continue;
		c.number = ns++;
		c.docs_off = off;
		c.fill = 0;
		off += c.size;
		story_num sn = { 0, 0, d.story };
		if ((rc = rec_table_put(s->closed_recs, d.story, &c)) || (rc = rec_table_append(o->numbers, &sn)))
			goto done;
	}
	for (size_t i = 0; i < nd && !rc; i++) {
		uint32_t none = 0;
		rc = rec_table_append(&docs, &none);
	}
	for (size_t i = 0; i < nd && !rc; i++) {
		doc_rec d;
		closed_rec c;
		if ((rc = story_doc_get(s, (uint32_t)i, &d)) || (rc = rec_table_get(s->closed_recs, d.story, &c)))
			break;
		uint32_t doc = (uint32_t)i;
		uint64_t at = c.docs_off + c.fill++;
		if (!(rc = rec_table_put(s->closed_recs, d.story, &c)))
			rc = rec_table_put(&docs, (size_t)at, &doc);
	}
	if (rc)
		goto done;
	for (size_t num = 0; num < ns; num++) {
		story_num sn;
		closed_rec c;
		if ((rc = rec_table_get(o->numbers, num, &sn)) || (rc = rec_table_get(s->closed_recs, sn.seq, &c)))
			goto done;
		if ((rc = wn_grow_array((void **)&b.docs, &b.doc_cap, (size_t)c.size + 1, sizeof(size_t))))
			goto done;
		for (size_t j = 0; j < c.size; j++) {
			uint32_t doc;
			if ((rc = rec_table_get(&docs, (size_t)c.docs_off + j, &doc)))
				goto done;
			b.docs[j] = doc;
		}
		if ((rc = serialise_story(s, &b, num, sn.seq, &c, c.size)))
			goto done;
		if (b.rec.len > UINT32_MAX) {
			rc = WN_ETOOBIG;
			goto done;
		}
		if ((rc = feat_store_put(&o->recs, b.rec.ptr, b.rec.len, s->params.doc_table_bytes / 8, 1, &sn.rec_off)))
			goto done;
		sn.rec_len = (uint32_t)b.rec.len;
		if ((rc = rec_table_put(o->numbers, num, &sn)))
			goto done;
		o->multi += c.size > 1;
		if (c.size > o->largest)
			o->largest = c.size;
	}
	rc = feat_store_seal(&o->recs);
	o->count = ns;
done:
	rec_table_release(&docs);
	build_work_release(&b);
	return rc;
}

/* ---- accessors and JSON ---------------------------------------------------------- */

size_t wn_stories_count(const wn_stories *s)
{
	return s->finished == 1 ? s->out->count : 0;
}

static uint32_t take32(const char **p)
{
	uint32_t v;
	memcpy(&v, *p, sizeof(v));
	*p += sizeof(v);
	return v;
}

/* Decodes the serialised story in o->raw into the view; a record that does
 * not add up is a broken store (WN_EIO). */
static int decode_story(const wn_stories *s, story_out *o, uint64_t number)
{
	const char *p = o->raw.ptr, *end = p + o->raw.len;
#define NEED(bytes) do { if ((size_t)(end - p) < (size_t)(bytes)) return WN_EIO; } while (0)
	NEED(28);
	uint32_t n = take32(&p), nsrc = take32(&p), ntop = take32(&p), nq = take32(&p), hlen = take32(&p);
	int32_t first = (int32_t)take32(&p), last = (int32_t)take32(&p);
	NEED((uint64_t)hlen + 1);
	wn_story *st = &o->story;
	memset(st, 0, sizeof(*st));
	st->story = number;
	st->headline = p;
	p += hlen + 1;
	NEED(((uint64_t)n + nsrc + ntop) * 4);
	WN_TRY(wn_grow_array((void **)&o->docs, &o->doc_cap, (size_t)n + 1, sizeof(size_t)));
	WN_TRY(wn_grow_array((void **)&o->sources, &o->source_cap, (size_t)nsrc + 1, sizeof(char *)));
	WN_TRY(wn_grow_array((void **)&o->terms, &o->term_cap, (size_t)ntop + 1, sizeof(char *)));
	for (uint32_t i = 0; i < n; i++)
		o->docs[i] = take32(&p);
	for (uint32_t i = 0; i < nsrc; i++) {
		uint32_t src = take32(&p);
		if (!src || src > s->source_count)
			return WN_EIO;
		o->sources[i] = s->strings.ptr + s->source_offs[src - 1];
	}
	uint32_t shown = 0;
	for (uint32_t i = 0; i < ntop; i++) {
		uint32_t id = take32(&p);
		if (story_term_shown(s, id))   /* a hashed term has no surface form */
			o->terms[shown++] = s->surfaces.ptr + s->surf_off[id];
	}
	ntop = shown;
	st->size = n;
	st->docs = o->docs;
	st->sources = o->sources;
	st->source_count = nsrc;
	st->top_terms = o->terms;
	st->top_term_count = ntop;
	if (first != STORY_NO_DAY) {
		story_format_day(first, o->dates);
		story_format_day(last, o->dates + 11);
		st->first_date = o->dates;
		st->last_date = o->dates + 11;
	}
	WN_TRY(wn_grow_array((void **)&o->quotes, &o->quote_cap, (size_t)nq + 1, sizeof(wn_story_quote)));
	/* the quotations' documents: offsets first, pointers once the array
	 * stops growing */
	size_t qd = 0;
	for (uint32_t q = 0; q < nq; q++) {
		NEED(16);
		wn_story_quote *x = &o->quotes[q];
		uint32_t tlen = take32(&p), slen = take32(&p);
		x->first_doc = take32(&p);
		x->doc_count = take32(&p);
		NEED((uint64_t)x->doc_count * 4 + tlen + 1 + (slen == UINT32_MAX ? 0 : (uint64_t)slen + 1));
		WN_TRY(wn_grow_array((void **)&o->quote_docs, &o->quote_doc_cap, qd + x->doc_count + 1, sizeof(size_t)));
		x->docs = (const size_t *)(uintptr_t)qd;
		for (size_t k = 0; k < x->doc_count; k++)
			o->quote_docs[qd++] = take32(&p);
		x->text = p;
		p += tlen + 1;
		x->speaker = NULL;
		if (slen != UINT32_MAX) {
			x->speaker = p;
			p += slen + 1;
		}
	}
#undef NEED
	for (uint32_t q = 0; q < nq; q++)
		o->quotes[q].docs = o->quote_docs + (uintptr_t)o->quotes[q].docs;
	st->quotes = nq ? o->quotes : NULL;
	st->quote_count = nq;
	return 0;
}

int wn_stories_get(const wn_stories *s, uint64_t number, wn_story *story)
{
	if (s->finished != 1)
		return WN_ESTATE;
	story_out *o = s->out;
	if (number >= o->count)
		return WN_EINVAL;
	story_num sn;
	WN_TRY(rec_table_get(o->numbers, (size_t)number, &sn));
	WN_TRY(feat_store_get(&o->recs, sn.rec_off, sn.rec_len, &o->raw));
	WN_TRY(decode_story(s, o, number));
	*story = o->story;
	return 0;
}

static int put_str(wn_output *out, const char *str)
{
	wn_str v = { str, str ? strlen(str) : 0 };
	return wn_output_json_string(out, v);
}

int wn_stories_write_json(const wn_stories *s, uint64_t number, wn_output *out)
{
	wn_story st;
	WN_TRY(wn_stories_get(s, number, &st));
	WN_TRY(wn_output_puts(out, "{\"story\":"));
	WN_TRY(wn_output_u64(out, st.story));
	WN_TRY(wn_output_puts(out, ",\"headline\":"));
	WN_TRY(put_str(out, st.headline));
	WN_TRY(wn_output_puts(out, ",\"size\":"));
	WN_TRY(wn_output_u64(out, st.size));
	WN_TRY(wn_output_puts(out, ",\"sources\":["));
	for (size_t i = 0; i < st.source_count; i++) {
		if (i)
			WN_TRY(wn_output_puts(out, ","));
		WN_TRY(put_str(out, st.sources[i]));
	}
	WN_TRY(wn_output_puts(out, "],\"first_date\":"));
	WN_TRY(put_str(out, st.first_date));
	WN_TRY(wn_output_puts(out, ",\"last_date\":"));
	WN_TRY(put_str(out, st.last_date));
	WN_TRY(wn_output_puts(out, ",\"top_terms\":["));
	for (size_t i = 0; i < st.top_term_count; i++) {
		if (i)
			WN_TRY(wn_output_puts(out, ","));
		WN_TRY(put_str(out, st.top_terms[i]));
	}
	WN_TRY(wn_output_puts(out, "],\"quotes\":["));
	for (size_t i = 0; i < st.quote_count; i++) {
		const wn_story_quote *q = &st.quotes[i];
		WN_TRY(wn_output_puts(out, i ? ",{\"text\":" : "{\"text\":"));
		WN_TRY(put_str(out, q->text));
		WN_TRY(wn_output_puts(out, ",\"speaker\":"));
		WN_TRY(put_str(out, q->speaker));
		WN_TRY(wn_output_puts(out, ",\"docs\":["));
		for (size_t k = 0; k < q->doc_count; k++) {
			if (k)
				WN_TRY(wn_output_puts(out, ","));
			const char *id, *headline;
			WN_TRY(story_doc_names(s, (uint32_t)q->docs[k], s->names, &id, &headline));
			WN_TRY(put_str(out, id));
		}
		WN_TRY(wn_output_puts(out, "]}"));
	}
	return wn_output_puts(out, "]}");
}
