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
	free(s->out.docs);
	free(s->out.sources);
	free(s->out.terms);
	free(s->out.quotes);
	free(s->out.quote_docs);
	free(s->out.dates);
	free(s->out.stories);
	wn_buf_release(&s->out.pool);
	memset(&s->out, 0, sizeof(s->out));
	wn_buf_init(&s->out.pool);
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
			size_t **qdocs, size_t *qdoc_count, size_t *qdoc_cap)
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
		/* the strings go to the output pool; offsets for now,
		 * story_build_output() turns them into pointers */
		wn_buf *pool = &s->out.pool;
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

typedef struct sort_item {
	uint32_t first_doc;
	uint32_t sid;
} sort_item;

static int cmp_sort_item(const void *a, const void *b)
{
	const sort_item *x = a, *y = b;
	if (x->first_doc != y->first_doc)
		return x->first_doc < y->first_doc ? -1 : 1;
	return (x->sid > y->sid) - (x->sid < y->sid);
}

int story_build_output(wn_stories *s)
{
	size_t ns = 0, nd = s->doc_count;
	story_out *o = &s->out;
	int rc = 0;
	quote_work w;
	memset(&w, 0, sizeof(w));
	/* only stories that kept documents get a number */
	for (size_t i = 0; i < s->story_count; i++)
		ns += s->stories[i].size > 0;
	sort_item *items = ns ? wn_malloc_array(ns, sizeof(sort_item)) : NULL;
	size_t *offs = wn_malloc_array(ns + 1, sizeof(size_t));
	size_t *fill = wn_malloc_array(ns + 1, sizeof(size_t));
	uint32_t *by_number = ns ? wn_malloc_array(ns, sizeof(uint32_t)) : NULL;
	size_t *src_stamp = s->source_count ? calloc(s->source_count, sizeof(size_t)) : NULL;
	size_t *story_quote_off = wn_malloc_array(ns + 1, sizeof(size_t));
	size_t quote_count = 0, quote_cap = 0, qdoc_count = 0, qdoc_cap = 0, src_count = 0;
	o->stories = ns ? calloc(ns, sizeof(wn_story)) : NULL;
	o->docs = nd ? wn_malloc_array(nd, sizeof(size_t)) : NULL;
	o->sources = nd ? wn_malloc_array(nd, sizeof(char *)) : NULL;
	o->terms = ns ? wn_malloc_array(ns * (s->opts.top_terms + 1), sizeof(char *)) : NULL;
	o->dates = ns ? wn_malloc_array(ns, 22) : NULL;
	if (!offs || !fill || !story_quote_off || (ns && (!items || !by_number || !o->stories || !o->terms || !o->dates)) ||
	    (nd && (!o->docs || !o->sources)) || (s->source_count && !src_stamp)) {
		rc = WN_ENOMEM;
		goto done;
	}
	/* numbers in the order of each story's first document */
	size_t k = 0;
	for (size_t i = 0; i < s->story_count; i++) {
		if (!s->stories[i].size)
			continue;
		items[k].first_doc = s->stories[i].first_doc;
		items[k++].sid = (uint32_t)i;
	}
	if (ns > 1)
		qsort(items, ns, sizeof(sort_item), cmp_sort_item);
	for (size_t i = 0; i < ns; i++) {
		s->stories[items[i].sid].number = i;
		by_number[i] = items[i].sid;
	}
	o->count = ns;
	/* documents by story number, ascending */
	memset(offs, 0, (ns + 1) * sizeof(size_t));
	for (size_t i = 0; i < nd; i++) {
		doc_rec d;
		if ((rc = story_doc_get(s, (uint32_t)i, &d)))
			goto done;
		offs[s->stories[d.story].number + 1]++;
	}
	for (size_t i = 0; i < ns; i++)
		offs[i + 1] += offs[i];
	memcpy(fill, offs, (ns + 1) * sizeof(size_t));
	for (size_t i = 0; i < nd; i++) {
		doc_rec d;
		if ((rc = story_doc_get(s, (uint32_t)i, &d)))
			goto done;
		o->docs[fill[s->stories[d.story].number]++] = i;
	}
	for (size_t num = 0; num < ns; num++) {
		const story_rec *st = &s->stories[by_number[num]];
		const size_t *docs = o->docs + offs[num];
		size_t n = offs[num + 1] - offs[num];
		wn_story *out = &o->stories[num];
		out->story = num;
		/* the headline is copied out of the opener's blob; an offset into
		 * the pool (+ 1) until the pool is final */
		const char *id, *headline;
		if ((rc = story_doc_names(s, st->opener, s->names, &id, &headline)))
			goto done;
		out->headline = (const char *)(uintptr_t)(o->pool.len + 1);
		if ((rc = wn_buf_append(&o->pool, headline, strlen(headline) + 1)))
			goto done;
		out->size = n;
		out->docs = docs;
		/* sources, in order of first appearance */
		size_t src_first = src_count;
		int32_t first = STORY_NO_DAY, last = STORY_NO_DAY;
		for (size_t j = 0; j < n; j++) {
			doc_rec rec, *d = &rec;
			if ((rc = story_doc_get(s, (uint32_t)docs[j], d)))
				goto done;
			if (d->source && src_stamp[d->source - 1] != num + 1) {
				src_stamp[d->source - 1] = num + 1;
				o->sources[src_count++] = s->strings.ptr + s->source_offs[d->source - 1];
			}
			if (d->day != STORY_NO_DAY) {
				if (first == STORY_NO_DAY || d->day < first)
					first = d->day;
				if (last == STORY_NO_DAY || d->day > last)
					last = d->day;
			}
		}
		out->sources = o->sources + src_first;
		out->source_count = src_count - src_first;
		char *dates = o->dates + num * 22;
		if (first != STORY_NO_DAY) {
			story_format_day(first, dates);
			story_format_day(last, dates + 11);
			out->first_date = dates;
			out->last_date = dates + 11;
		}
		const char **terms = o->terms + num * (s->opts.top_terms + 1);
		for (uint32_t j = 0; j < st->top_count; j++)
			terms[j] = s->surfaces.ptr + s->surf_off[s->top_ids[st->top_off + j]];
		out->top_terms = terms;
		out->top_term_count = st->top_count;
		story_quote_off[num] = quote_count;
		if ((rc = story_quotes(s, &w, docs, n, &o->quotes, &quote_count, &quote_cap, &o->quote_docs,
				       &qdoc_count, &qdoc_cap)))
			goto done;
		out->quote_count = quote_count - story_quote_off[num];
	}
	/* the quotation arrays are final: offsets become pointers */
	for (size_t i = 0; i < quote_count; i++) {
		wn_story_quote *q = &o->quotes[i];
		q->text = o->pool.ptr + ((uintptr_t)q->text - 1);
		if (q->speaker)
			q->speaker = o->pool.ptr + ((uintptr_t)q->speaker - 1);
		q->docs = o->quote_docs + (uintptr_t)q->docs;
	}
	for (size_t num = 0; num < ns; num++) {
		o->stories[num].quotes = o->quotes ? o->quotes + story_quote_off[num] : NULL;
		o->stories[num].headline = o->pool.ptr + ((uintptr_t)o->stories[num].headline - 1);
	}
done:
	quote_work_release(&w);
	free(items);
	free(offs);
	free(fill);
	free(by_number);
	free(src_stamp);
	free(story_quote_off);
	return rc;
}

/* ---- accessors and JSON ---------------------------------------------------------- */

size_t wn_stories_count(const wn_stories *s)
{
	return s->finished == 1 ? s->out.count : 0;
}

int wn_stories_get(const wn_stories *s, uint64_t number, wn_story *story)
{
	if (s->finished != 1)
		return WN_ESTATE;
	if (number >= s->out.count)
		return WN_EINVAL;
	*story = s->out.stories[number];
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
