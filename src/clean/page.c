/* clean/page.c - the page-level choice between one article and a page of many
 * parts (a listing, a thread, a catalogue, a documentation index). The article
 * segmentation keeps one run of prose; on a page of many parts it keeps a
 * sliver. When the body holds little of the page's prose and no headline that
 * matches the title sits on it, the page's content region (first to last
 * block of prose) is kept instead, less its plain chrome. The share
 * (spread_body_share, 0.4) was set on half of boilerplate-wcxb-dev and capped
 * by the l3s leakage bar; docs/cleaning.md has the figures. A page whose items
 * have no prose (a shop grid, a recipe index) shows them as a record list: a
 * short sequence of block shapes repeated with a period of 2..8, found in the
 * manner of the repeated-pattern record extractors (MDR, Liu, Grossman and
 * Zhai 2003; here on the sequence of block shapes instead of tag trees). */
#include "clean.h"

/* Prose that counts for the decision: a long block that reads as prose, has
 * a sentence (a list of headlines with time stamps has none), and that no
 * structural head put after the article (comments, teaser rails). */
static int region_prose(const clean_block *b)
{
	return b->words >= 10 && b->score > 0 && !(b->flags & (BF_COMMENT_META | BF_RAIL)) &&
	       (b->end == END_STOP || b->sentence_ends >= 1);
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
		headline |= b->zone == ZONE_BODY && clean_title_block(page, b);
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

/* ---- record lists ------------------------------------------------------- */

/* The shape of a block, for finding records: a grid of products or a list of
 * posts or recipes shows each item as the same short sequence of blocks (a
 * name, a price, a rating; a title, an author, a date). Coarse on purpose:
 * the titles of one list differ in length and wording, not in kind (a split
 * of short lines at 4 words found fewer lists and scored lower). */
enum {
	SHAPE_SYMBOL = 1,  /* no word: stars, a bullet, a separator */
	SHAPE_DATE,        /* a short line that is mostly a date or time (a title
			    * may say "Ten Minutes" or "Two Days") */
	SHAPE_FIGURE,      /* a short line with a number: a price, "12 reviews" */
	SHAPE_SHORT,       /* a short line: a name, a title, a label */
	SHAPE_PROSE,       /* a long block with a sentence: a summary */
	SHAPE_LONG,        /* a long block without one */
	SHAPE_CUE = 16     /* + the cue: "Add to cart", "Read more" under each item */
};
/* The high bit of a shape marks a block that is part of a record list. */
#define RECORD_MARK 0x80

/* A shape without the mark. */
static inline uint8_t shape_kind(uint8_t s)
{
	return (uint8_t)(s & ~RECORD_MARK);
}

/* Short blocks a cue marks: the furniture of an item, never its content. */
static int record_chrome(const clean_block *b)
{
	return b->cue && b->words <= 12;
}

static uint8_t block_shape(const clean_block *b)
{
	if (!b->words)
		return SHAPE_SYMBOL;
	if (record_chrome(b))
		return (uint8_t)(SHAPE_CUE + b->cue);
	if (b->words >= 10)
		return b->end == END_STOP || b->sentence_ends ? SHAPE_PROSE : SHAPE_LONG;
	if ((b->flags & BF_DATE) || b->date_words * 2 >= b->words)
		return SHAPE_DATE;
	return b->numbers ? SHAPE_FIGURE : SHAPE_SHORT;
}

/* Whether a shape is the furniture of an item rather than of the page: a
 * byline, a date or reading time, a call to buy, "Read more", "3 comments".
 * Navigation, share bars and the like are the page's. */
static int item_cue(uint8_t s)
{
	switch (s - SHAPE_CUE) {
	case CUE_BIO: case CUE_META: case CUE_ACTION: case CUE_READMORE:
	case CUE_COMMENT: case CUE_COMMENT_HEAD:
		return 1;
	default:
		return 0;
	}
}

/* Whether one period of a repeat, SHAPES[0..PERIOD), is a record: a content
 * block and at least one more kind of block, content or an item's furniture
 * (a name and a price, a title and a byline). A menu is one kind of block,
 * with or without a separator or a link of its own between its links
 * ("Topic", "What is it?", "Back"). */
static int record_kinds(const uint8_t *shapes, size_t period)
{
	int kinds = 0, content = 0;
	for (size_t k = 0; k < period; k++) {
		uint8_t s = shape_kind(shapes[k]);
		int is_content = s != SHAPE_SYMBOL && s < SHAPE_CUE;
		if (!is_content && !(s >= SHAPE_CUE && item_cue(s)))
			continue;
		content |= is_content;
		int seen = 0;
		for (size_t j = 0; j < k && !seen; j++)
			seen = shape_kind(shapes[j]) == s;
		kinds += !seen;
	}
	return content && kinds >= 2;
}

/* Marks the runs of blocks FIRST..END-1 in which a record of PERIOD blocks
 * repeats. Items of a results table or a scoreboard ("Bolton", "2") are
 * records too, of a word or two each: a record's content blocks must hold
 * RECORD_ITEM_WORDS words on average (a name, a title). */
#define RECORD_ITEM_WORDS 3
static int mark_run(const clean_page *page, uint8_t *shape, size_t first, size_t end,
		    size_t period)
{
	uint64_t words = 0, blocks = 0;
	for (size_t k = first; k < end; k++) {
		const clean_block *b = &page->blocks[k];
		if (b->words && !record_chrome(b)) {
			words += b->words;
			blocks++;
		}
	}
	if (!record_kinds(shape + first, period) || words < blocks * RECORD_ITEM_WORDS)
		return 0;
	for (size_t k = first; k < end; k++)
		shape[k] |= RECORD_MARK;
	return 1;
}

int clean_page_records(clean_page *page, const clean_params *params)
{
	size_t n = page->block_count;
	if (n < 2 * (size_t)params->record_repeats)
		return 0;
	/* the segmentation's back pointers are free once the page is segmented */
	if (page->back_cap < n) {
		size_t cap = page->back_cap;
		WN_TRY(wn_grow_array((void **)&page->back, &cap, n, sizeof(*page->back)));
		page->back_cap = cap;
	}
	uint8_t *shape = page->back;
	for (size_t i = 0; i < n; i++)
		shape[i] = block_shape(&page->blocks[i]);
	/* for each period, the runs where every block has the shape of the block
	 * one period before it: a run of R blocks repeats the record R / period
	 * + 1 times. 7 x n comparisons. */
	int marked = 0;
	for (size_t period = 2; period <= 8; period++) {
		size_t run = 0;
		for (size_t i = period; i <= n; i++) {
			if (i < n && shape_kind(shape[i]) == shape_kind(shape[i - period])) {
				run++;
				continue;
			}
			if (run + period >= (size_t)params->record_repeats * period)
				marked |= mark_run(page, shape, i - run - period, i, period);
			run = 0;
		}
	}
	if (!marked)
		return 0;
	/* an item without its rating or price breaks the period: a break of
	 * up to two blocks between marked runs is part of the list */
	size_t last = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		if (!(shape[i] & RECORD_MARK))
			continue;
		if (last != SIZE_MAX && i - last - 1 <= 2)
			for (size_t k = last + 1; k < i; k++)
				shape[k] |= RECORD_MARK;
		last = i;
	}
	/* The list is the page's content when the page has no article of its
	 * own: no headline that carries the title on the body (a category's
	 * name of a word or two, "Trails", "Soups", carries it too and says
	 * nothing: from 3 words, wcxb half A), little prose in the body besides
	 * the list, and the list outweighs the rest of the body. A body there
	 * must be, though: a page with nothing but a grid (a shop's category
	 * page) has no main content to keep. */
	uint64_t items = 0, body = 0, body_prose = 0, body_all = 0;
	for (size_t i = 0; i < n; i++) {
		const clean_block *b = &page->blocks[i];
		if (b->zone == ZONE_BODY && clean_title_block(page, b) && b->words >= 3)
			return 0;
		body_all += b->zone == ZONE_BODY ? b->words : 0;
		if (shape[i] & RECORD_MARK) {
			if (!(b->flags & (BF_SITE_REPEAT | BF_COMMENT_META | BF_RAIL)) &&
			    !record_chrome(b))
				items += b->words;
		} else if (b->zone == ZONE_BODY) {
			body += b->words;
			body_prose += region_prose(b) ? b->words : 0;
		}
	}
	if (!body_all || body_prose >= params->record_article_words || items < 30 ||
	    (double)items < params->record_share * (double)body)
		return 0;
	for (size_t i = 0; i < n; i++) {
		clean_block *b = &page->blocks[i];
		if ((shape[i] & RECORD_MARK) && !(b->flags & (BF_COMMENT_META | BF_RAIL)))
			b->zone = ZONE_BODY;
	}
	return 1;
}
