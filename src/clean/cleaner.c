/* clean/cleaner.c - the public cleaning API: options, the cleaner object, the
 * observe pass (site counts) and the per-document clean. The lexicon and the
 * site counts live in one reference-counted core that clones share. */
#include "clean.h"
#include "util/radix.h"

#include <stdlib.h>
#include <string.h>

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
