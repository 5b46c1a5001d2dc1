/* clean/page.c - the page-level choice between one article and a page of many
 * parts (a listing, a thread, a catalogue, a documentation index). The article
 * segmentation keeps one run of prose; on a page of many parts it keeps a
 * sliver. When the body holds little of the page's prose and no headline that
 * matches the title sits on it, the page's content region (first to last
 * block of prose) is kept instead, less its plain chrome. The share
 * (spread_body_share, 0.4) was set on half of boilerplate-wcxb-dev and capped
 * by the l3s leakage bar; docs/cleaning.md has the figures. */
#include "clean.h"

/* Prose that counts for the decision: a long block that reads as prose, has
 * a sentence (a list of headlines with time stamps has none), and that no
 * structural head put after the article (comments, teaser rails). */
static int region_prose(const clean_block *b)
{
	return b->words >= 10 && b->score > 0 && !(b->flags & (BF_COMMENT_META | BF_RAIL)) &&
	       (b->end == END_STOP || b->sentence_ends >= 1);
}

/* A block of the body that carries the title: the article's headline. */
static int title_headline(const clean_page *page, const clean_block *b)
{
	return page->title_count && b->words && b->title_words * 10 >= b->words * 8 &&
	       b->title_words * 2 >= page->title_count;
}

int clean_page_spread(clean_page *page, const clean_params *params)
{
	size_t first = SIZE_MAX, last = 0;
	uint64_t prose = 0, prose_body = 0;
	page->spread = 0;
	/* one linear pass: the page's prose, how much of it the body holds,
	 * and whether the body starts under the page's headline */
	int headline = 0;
	for (size_t i = 0; i < page->block_count; i++) {
		const clean_block *b = &page->blocks[i];
		headline |= b->zone == ZONE_BODY && title_headline(page, b);
		if (!region_prose(b))
			continue;
		if (first == SIZE_MAX)
			first = i;
		last = i;
		prose += b->words;
		prose_body += b->zone == ZONE_BODY ? b->words : 0;
	}
	if (!prose)
		return 0;
	if (headline || (double)prose_body >= params->spread_body_share * (double)prose)
		return 0;
	page->spread = 1;
	/* the heading of the first part (an item's name) sits just above it */
	const clean_block *above = first ? &page->blocks[first - 1] : NULL;
	if (above && above->words && above->words < 10 && !above->cue &&
	    !(above->flags & (BF_DATE | BF_COPYRIGHT | BF_SITE_REPEAT)))
		first--;
	for (size_t i = first; i <= last; i++) {
		clean_block *b = &page->blocks[i];
		if (!(b->flags & (BF_COMMENT_META | BF_RAIL)))
			b->zone = ZONE_BODY;
	}
	return 1;
}
