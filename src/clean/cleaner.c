/* clean/cleaner.c - the public cleaning API: options, the cleaner object, the
 * observe pass (site counts) and the per-document clean. The lexicon and the
 * site counts live in one reference-counted core that clones share. */
#include "clean.h"
#include "text/text.h"
#include "util/radix.h"

#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* Counters of the site table: 2^19 slots of 24 bytes, 12 MiB. Enough for
 * the template lines of tens of thousands of sites before pruning starts. */
#define SITE_BUDGET ((size_t)1 << 19)

typedef struct clean_core {
	atomic_int refs;
	int frozen;                 /* cloned: the counts are read-only now */
	clean_lexicon lex;
	clean_site_table site;
} clean_core;

struct wn_cleaner {
	wn_clean_options opts;
	clean_params params;
	clean_core *core;
	clean_page page;
	wn_buf text;                /* the kept lines of the last document */
	wn_clean_line *lines;
	size_t line_cap;
	uint64_t *hashes;           /* observe: the page's distinct block hashes */
	size_t hash_cap;
	uint64_t *tokens;           /* the kept text's token hashes (clean_kept_tokens) */
	size_t token_cap;
};

static const char *const reason_names[WN_REASON_COUNT] = {
	[WN_KEEP] = "keep",
	[WN_REASON_NAV] = "nav",
	[WN_REASON_SHARE] = "share",
	[WN_REASON_COOKIE] = "cookie",
	[WN_REASON_APPEAL] = "appeal",
	[WN_REASON_BIO] = "bio",
	[WN_REASON_READMORE] = "read-more",
	[WN_REASON_META] = "meta",
	[WN_REASON_TEASER] = "teaser",
	[WN_REASON_LEGAL] = "legal",
	[WN_REASON_SHORT] = "short",
	[WN_REASON_LINKS] = "links",
	[WN_REASON_COMMENT] = "comment",
	[WN_REASON_SITE_REPEAT] = "site-repeat",
};

const char *wn_clean_reason_name(wn_clean_reason reason)
{
	if ((unsigned)reason >= WN_REASON_COUNT)
		return "unknown";
	return reason_names[reason];
}

void wn_clean_options_init(wn_clean_options *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->site_repeat = 1;
	opts->site_min_share = 0.3;
	opts->site_min_pages = 3;
	opts->language_independent = 0;
}

static void core_unref(clean_core *core)
{
	if (!core)
		return;
	if (atomic_fetch_sub(&core->refs, 1) == 1) {
		clean_lexicon_release(&core->lex);
		clean_site_release(&core->site);
		free(core);
	}
}

static int cleaner_alloc(wn_cleaner **out, const wn_clean_options *opts, clean_core *core)
{
	wn_cleaner *c = calloc(1, sizeof(*c));
	if (!c)
		return WN_ENOMEM;
	c->opts = *opts;
	clean_params_default(&c->params);
	clean_page_init(&c->page);
	wn_buf_init(&c->text);
	c->core = core;
	*out = c;
	return 0;
}

int wn_cleaner_new(wn_cleaner **out, const wn_clean_options *opts)
{
	wn_clean_options defaults;
	*out = NULL;
	if (!opts) {
		wn_clean_options_init(&defaults);
		opts = &defaults;
	}
	if (!(opts->site_min_share >= 0.0 && opts->site_min_share <= 1.0))
		return WN_EINVAL;
	clean_core *core = calloc(1, sizeof(*core));
	if (!core)
		return WN_ENOMEM;
	atomic_init(&core->refs, 1);
	clean_site_init(&core->site);
	int rc = clean_lexicon_build(&core->lex);
	if (rc < 0) {
		free(core);
		return rc;
	}
	rc = cleaner_alloc(out, opts, core);
	if (rc < 0)
		core_unref(core);
	return rc;
}

void clean_cleaner_set_params(wn_cleaner *cleaner, const clean_params *params)
{
	cleaner->params = *params;
}

const clean_params *clean_cleaner_params(const wn_cleaner *cleaner)
{
	return &cleaner->params;
}

int wn_cleaner_clone(wn_cleaner **out, const wn_cleaner *cleaner)
{
	*out = NULL;
	if (!cleaner)
		return WN_EINVAL;
	clean_core *core = cleaner->core;
	core->frozen = 1;
	atomic_fetch_add(&core->refs, 1);
	int rc = cleaner_alloc(out, &cleaner->opts, core);
	if (rc < 0) {
		core_unref(core);
		return rc;
	}
	(*out)->params = cleaner->params;
	return 0;
}

void wn_cleaner_free(wn_cleaner *cleaner)
{
	if (!cleaner)
		return;
	core_unref(cleaner->core);
	clean_page_release(&cleaner->page);
	wn_buf_release(&cleaner->text);
	free(cleaner->lines);
	free(cleaner->hashes);
	free(cleaner->tokens);
	free(cleaner);
}

/* Tells copies of one article apart from other pages of a site: the title
 * when there is one, else the longest block (LONGEST, its hash). */
static uint32_t page_fingerprint(const wn_doc *doc, uint64_t longest)
{
	if (doc->title.ptr && doc->title.len)
		return (uint32_t)wn_hash64(doc->title.ptr, doc->title.len, 7) | 1;
	return (uint32_t)(longest ^ longest >> 32) | 1;
}

int clean_observe_prepare(wn_cleaner *cleaner, const wn_doc *doc, clean_observation *out)
{
	size_t n;
	uint64_t longest;
	WN_TRY(clean_scan_site(&cleaner->page, doc->text, &cleaner->hashes, &cleaner->hash_cap, &n,
			       &longest));
	size_t distinct = sort_unique_u64(cleaner->hashes, n);
	out->site = clean_site_key(doc);
	out->fingerprint = page_fingerprint(doc, longest);
	out->hashes = cleaner->hashes;
	out->count = distinct;
	return 0;
}

int clean_observe_commit(wn_cleaner *cleaner, const clean_observation *obs)
{
	if (!cleaner->opts.site_repeat)
		return 0;
	if (cleaner->core->frozen)
		return WN_ESTATE;
	return clean_site_observe(&cleaner->core->site, obs->site, obs->fingerprint, obs->hashes,
				  obs->count, SITE_BUDGET);
}

int wn_cleaner_observe(wn_cleaner *cleaner, const wn_doc *doc)
{
	if (!cleaner || !doc)
		return WN_EINVAL;
	if (!cleaner->opts.site_repeat)
		return 0;
	if (cleaner->core->frozen)
		return WN_ESTATE;
	clean_observation obs;
	WN_TRY(clean_observe_prepare(cleaner, doc, &obs));
	return clean_observe_commit(cleaner, &obs);
}

/* Marks the blocks that many pages of the document's site carry. */
static void mark_site_repeats(wn_cleaner *cleaner, const wn_doc *doc)
{
	const clean_site_table *site = &cleaner->core->site;
	if (!cleaner->opts.site_repeat || !site->pages)
		return;
	uint64_t key = clean_site_key(doc);
	uint32_t pages = clean_site_pages(site, key);
	uint32_t min_pages = cleaner->opts.site_min_pages ? cleaner->opts.site_min_pages : 1;
	if (pages < min_pages)
		return;
	double need = cleaner->opts.site_min_share * pages;
	uint32_t threshold = (uint32_t)need;
	if (threshold < need)
		threshold++;
	if (threshold < min_pages)
		threshold = min_pages;
	uint32_t need_distinct = min_pages < 3 ? min_pages : 3;
	clean_page *page = &cleaner->page;
	for (size_t i = 0; i < page->block_count; i++)
		if (page->blocks[i].alpha)
			clean_site_prefetch(site, key, page->blocks[i].hash);
	for (size_t i = 0; i < page->block_count; i++) {
		clean_block *b = &page->blocks[i];
		if (!b->alpha)
			continue;
		uint32_t distinct;
		uint32_t count = clean_site_count(site, key, b->hash, &distinct);
		if (count >= threshold && distinct >= need_distinct)
			b->flags |= BF_SITE_REPEAT;
	}
}

static int build_result(wn_cleaner *cleaner, const wn_doc *doc, wn_clean_result *result)
{
	clean_page *page = &cleaner->page;
	const char *t = doc->text.ptr ? doc->text.ptr : "";
	if (cleaner->line_cap < page->line_count) {
		size_t cap = cleaner->line_cap;
		WN_TRY(wn_grow_array((void **)&cleaner->lines, &cap, page->line_count,
				     sizeof(wn_clean_line)));
		cleaner->line_cap = cap;
	}
	wn_buf_reset(&cleaner->text);
	WN_TRY(wn_buf_grow(&cleaner->text, doc->text.len));
	size_t removed = 0;
	for (size_t i = 0; i < page->line_count; i++) {
		wn_clean_line *l = &cleaner->lines[i];
		const clean_block *b = &page->blocks[page->line_block[i]];
		l->line = page->line_number[i];
		l->text.ptr = t + page->line_start[i];
		l->text.len = page->line_len[i];
		l->reason = (wn_clean_reason)b->reason;
		if (l->reason != WN_KEEP) {
			removed++;
			continue;
		}
		if (cleaner->text.len)
			WN_TRY(wn_buf_putc(&cleaner->text, '\n'));
		WN_TRY(wn_buf_append(&cleaner->text, l->text.ptr, l->text.len));
	}
	result->text.ptr = cleaner->text.ptr ? cleaner->text.ptr : "";
	result->text.len = cleaner->text.len;
	result->lines = cleaner->lines;
	result->line_count = page->line_count;
	result->removed_count = removed;
	return 0;
}

int wn_cleaner_clean(wn_cleaner *cleaner, const wn_doc *doc, wn_clean_result *result)
{
	if (!cleaner || !doc || !result)
		return WN_EINVAL;
	memset(result, 0, sizeof(*result));
	clean_page *page = &cleaner->page;
	WN_TRY(clean_scan(page, &cleaner->core->lex, doc->text, doc->title,
			  cleaner->opts.language_independent ? CLEAN_SCAN_NO_LANGUAGE
							     : CLEAN_SCAN_FULL));
	mark_site_repeats(cleaner, doc);
	WN_TRY(clean_classify(page, &cleaner->params));
	return build_result(cleaner, doc, result);
}

/* Whether the scan's words of S[0..LEN) are its tokens: all of it is ASCII
 * but for punctuation that ends a word for the scan and is no token for the
 * tokeniser, before and after NFKC and its typographic folding (no-break
 * space, dashes, quotation marks, bullets, the ellipsis, the middle dot,
 * guillemets, the copyright sign: the non-ASCII characters of most news
 * text in English). Anything else past ASCII, a letter above all, is for
 * the tokeniser. */
static int words_are_tokens(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
#if defined(__SSE2__)
		if (i + 32 <= len) {
			__m128i a = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
			__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 16));
			if (!_mm_movemask_epi8(_mm_or_si128(a, b))) {
				i += 32;
				continue;
			}
		}
#endif
		if (i + 8 <= len) {
			uint64_t v;
			memcpy(&v, s + i, 8);
			if (!(v & 0x8080808080808080ULL)) {
				i += 8;
				continue;
			}
		}
		unsigned char c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c == 0xc2 && i + 1 < len) {
			unsigned char d = s[i + 1];
			/* U+00A0, U+00A9, U+00AB, U+00B7, U+00BB */
			if (d == 0xa0 || d == 0xa9 || d == 0xab || d == 0xb7 || d == 0xbb) {
				i += 2;
				continue;
			}
			return 0;
		}
		if (c == 0xe2 && i + 2 < len && s[i + 1] == 0x80) {
			unsigned char d = s[i + 2];
			/* U+2010-U+2016, U+2018-U+2022 (not U+2017, whose NFKC
			 * has a combining mark), U+2026 */
			if ((d >= 0x90 && d <= 0xa2 && d != 0x97) || d == 0xa6) {
				i += 3;
				continue;
			}
		}
		return 0;
	}
	return 1;
}

int clean_kept_tokens(wn_cleaner *cleaner, const wn_doc *doc, text_tokens *scratch,
		      const uint64_t **hashes, size_t *count)
{
	const clean_page *page = &cleaner->page;
	const unsigned char *t = (const unsigned char *)(doc->text.ptr ? doc->text.ptr : "");
	size_t n = 0;
	*hashes = NULL;
	*count = 0;
	for (size_t bi = 0; bi < page->block_count; bi++) {
		const clean_block *b = &page->blocks[bi];
		if (b->reason != WN_KEEP)
			continue;
		const uint64_t *from;
		size_t m;
		if (words_are_tokens(t + b->start, b->len)) {
			/* the scan's words are the tokens, hashed alike */
			m = b->words;
			from = NULL;
		} else {
			/* NFKC and case folding may change the words, letters past
			 * ASCII are hashed apart: the tokeniser */
			WN_TRY(text_tokenize(scratch, (const char *)t + b->start, b->len));
			m = scratch->count;
			from = scratch->hash;
		}
		if (cleaner->token_cap - n < m)
			WN_TRY(wn_grow_array((void **)&cleaner->tokens, &cleaner->token_cap, n + m,
					     sizeof(uint64_t)));
		if (from) {
			memcpy(cleaner->tokens + n, from, m * sizeof(uint64_t));
		} else {
			const clean_word *w = page->words + b->word_first;
			for (size_t k = 0; k < m; k++)
				cleaner->tokens[n + k] = w[k].hash;
		}
		n += m;
	}
	*hashes = cleaner->tokens;
	*count = n;
	return 0;
}
