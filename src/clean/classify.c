/* clean/classify.c - from block features to decisions, in three steps:
 *  1. score: each block gets a content score, > 0 for article prose, < 0 for
 *     chrome, weighted by its length (long prose says more than a short line);
 *  2. segment: the body is the run of blocks with the highest total score, with
 *     a fixed cost for each chrome gap it spans (Body Text Extraction's
 *     objective, Finn et al. 2001, on blocks instead of tags); short blocks
 *     inside the body stay unless they are plainly chrome (jusText's context
 *     smoothing), blocks outside it go; the headline and standfirst before it
 *     stay;
 *  3. reason: every block that goes gets one reason. */
#include "clean.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void clean_params_default(clean_params *params)
{
	params->gap_cost = 3.0;
	params->gap_chrome = 0.5;
	params->comment_min_mass = 8.0;
	params->cue_score = -4.0;
	params->meta_score = -1.0;
	params->rail_share = 1.0;
	params->rail_paragraph = 60;
	params->voice_rare = 0.4;
	params->voice_none = 0.1;
	params->timeline_stamp = -0.3;
	params->short_base = -0.5;
	params->short_quality = 0.25;
	params->good_score = 2.0;
	params->short_run = 3;
	params->short_floor = -0.3;
	params->cohesion_min_blocks = 4;
	params->cohesion_core_blocks = 6;
	params->cohesion_low = 0.10;
	params->cohesion_mid = 0.20;
	params->core_headline_weight = 4.0;
	params->core_headline_blocks = 16;
	params->headline_window = 12;
	params->appeal_short_words = 20;
	params->page_repeat_cost = 0.2;
	params->thread_heads = 3;
	params->spread_body_share = 0.4;
	params->author_box_share = 0.4;
	params->record_repeats = 3;
	params->record_share = 1.5;
	params->record_article_words = 150;
}

static double clampd(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

/* ---- 1. scores ------------------------------------------------------------ */

/* How much a block reads like running prose, about -2 .. +2, from signals that
 * hold across languages and sites. */
static double prose_quality(const clean_block *b, int lang)
{
	double n = b->words;
	double q = 0;

	/* without a list: prose is mostly lower-case words */
	double lc = b->alpha ? (double)(b->alpha - b->caps) / b->alpha : 0;
	double lower = clampd((lc - 0.45) / 0.3, -1.2, 1.0);
	if (lang != LANG_NONE) {
		/* stopword density: jusText calls a block good from about 0.30 with
		 * its long lists; ours are shorter, so prose sits near 0.25-0.45 and
		 * menus, names and headlines near 0-0.15 */
		double sd = b->stops / n;
		double stop = clampd((sd - 0.18) / 0.12, -1.2, 1.0);
		/* either says prose: modern pages write lists, captions and
		 * sub-headings with few stopwords but in lower case */
		q += fmax(stop, lower);
	} else {
		q += lower;
	}
	/* sentences */
	if (b->end == END_STOP || b->sentence_ends >= 2)
		q += 0.6;
	else if (b->sentence_ends == 1)
		q += 0.3;
	else if (n >= 8)
		q -= 0.3;
	/* Title Case lines are headlines, menus and teasers */
	if (b->alpha >= 4 && b->caps * 10 >= b->alpha * 7)
		q -= 0.6;
	/* links, handles, numbers, separators */
	if (b->chunks && b->links * 5 >= b->chunks)
		q -= 1.0;
	if (b->numbers * 2 > b->words)
		q -= 0.6;
	if (b->separators >= 2)
		q -= 0.4 * (b->separators > 5 ? 5 : b->separators);
	if (b->end == END_ELLIPSIS)
		q -= 0.4;
	return q;
}

float clean_block_score(const clean_block *b, int lang, const clean_params *params)
{
	double n = b->words;
	if (b->words == 0)
		return -1.0f;
	double q = prose_quality(b, lang);
	double s;
	if (n >= 10) {
		/* long blocks: their length times their prose quality */
		s = (n / 10.0) * (q >= 0 ? q : 1.5 * q);
	} else {
		/* short blocks: mildly negative, less so when they read as a sentence */
		s = params->short_base + params->short_quality * q;
	}
	return (float)s;
}

/* How plainly a cue marks a block as chrome: 0 none, 1 weak, 2 strong. */
static int cue_strength(const clean_block *b)
{
	if (!b->cue)
		return 0;
	switch (b->cue_mode) {
	case CUE_WHOLE:
		return 2;
	case CUE_START:
		/* a comment head may carry the article's title after it:
		 * "12 thoughts on “Title”" */
		if (b->cue == CUE_COMMENT_HEAD && b->words <= 30)
			return 2;
		/* "Also read: <the headline of another story>": a headline
		 * has no full stop, a sentence that opens so has */
		if (b->cue == CUE_TEASER && b->words <= 30 && b->end != END_STOP &&
		    !b->sentence_ends)
			return 2;
		return b->words <= 12 ? 2 : 1;
	case CUE_END:
		return b->words <= 12 ? 2 : 1;
	default:
		return b->words <= 25 ? 2 : 1;
	}
}

/* The head of a comment section, plainly ("3 comments", "Leave a reply"). */
static int comment_head(const clean_block *b)
{
	return b->cue == CUE_COMMENT_HEAD && cue_strength(b) == 2;
}

/* The head of a rail of teasers, plainly ("Related", "Canada Headlines"). */
static int rail_head(const clean_block *b)
{
	return b->cue == CUE_TEASER && cue_strength(b) == 2;
}

/* Share of the page's prose blocks that speak as "we" outside quotations.
 * News prose rarely does, so there such a block stands out; in a column or a
 * blog that speaks so throughout, it does not. ("You" alone is common in
 * guides and service pieces and says little.) */
static double page_voice_share(const clean_page *page)
{
	unsigned prose = 0, voiced = 0;
	for (size_t i = 0; i < page->block_count; i++) {
		const clean_block *b = &page->blocks[i];
		if (b->words < 15)
			continue;
		prose++;
		voiced += b->we > 0;
	}
	return prose ? (double)voiced / prose : 0;
}

static void mark_appeal(clean_block *b, double *s, double extra)
{
	*s = fmin(*s, -1.0) - extra;
	if (!b->cue || b->cue_mode == CUE_ANY) {
		b->cue = CUE_APPEAL;
		b->cue_mode = CUE_ANY;
	}
}

/* A short block that is not plainly chrome. */
static int soft_block(const clean_block *b)
{
	return b->words < 10 && cue_strength(b) < 2 &&
	       !(b->flags & (BF_DATE | BF_COPYRIGHT | BF_SITE_REPEAT));
}

/* jusText's context smoothing for short blocks: a short run of them between
 * two good blocks (sub-headings, product names, "Price: $30" in a list of
 * reviewed items) belongs with its neighbours and costs almost nothing to
 * keep; a long run (a menu) keeps its scores. */
static void smooth_short_runs(clean_page *page, const clean_params *params)
{
	size_t n = page->block_count;
	for (size_t i = 1; i < n; i++) {
		if (!soft_block(&page->blocks[i]) || page->blocks[i - 1].score < params->good_score)
			continue;
		size_t j = i;
		while (j < n && soft_block(&page->blocks[j]) && j - i < (size_t)params->short_run)
			j++;
		if (j < n && j > i && page->blocks[j].score >= params->good_score) {
			for (size_t k = i; k < j; k++)
				if (page->blocks[k].score < params->short_floor)
					page->blocks[k].score = (float)params->short_floor;
		}
		i = j > i ? j - 1 : i;
	}
}

/* A live blog or a timeline: updates under time stamps. Then the stamps
 * separate posts of one page, and each post may well be on its own topic. */
static int is_timeline(const clean_page *page)
{
	unsigned stamps = 0;
	for (size_t i = 0; i + 1 < page->block_count; i++) {
		if (!(page->blocks[i].flags & BF_DATE))
			continue;
		/* a post follows: a long block within the next three */
		for (size_t k = i + 1; k < page->block_count && k <= i + 3; k++)
			if (page->blocks[k].words >= 15 && page->blocks[k].score > 0) {
				stamps++;
				break;
			}
	}
	return stamps >= 3;
}

/* An author box at the end of a page: a line that is a name ("Jane Q.
 * Doe": two to four capitalised words and nothing else), then, within two
 * blocks (a job title, "Staff Writer"), a paragraph that opens with that
 * name and says what the person is ("Jane is a reporter ..."). A
 * sub-heading followed by a paragraph that names its topic can look the
 * same, so two more signs are asked for: the name was the page's byline (its
 * words, none of the title's, sit in a byline-like block near the top),
 * and little of the page's prose follows the box. */
static int name_block(const clean_block *b)
{
	return b->words >= 2 && b->words <= 4 && b->alpha == b->words && b->caps == b->words &&
	       b->stops == 0 && b->numbers == 0 && !b->sentence_ends && b->end == END_NONE &&
	       !b->links && !b->title_words && !b->date_words;
}

/* An "About ..." box's head: "About Jane Doe", "About Acme Analytics" (two
 * to six words, the first an about word, then capitalised words). Returns
 * the index in the block of the name's first word, 0 if it is no such head. */
static uint32_t about_head(const clean_page *page, const clean_block *b)
{
	if (b->words < 2 || b->words > 6 || b->sentence_ends || b->end != END_NONE || b->links ||
	    b->numbers || b->title_words)
		return 0;
	const clean_word *w = page->words + b->word_first;
	if (!w[0].lex || !(w[0].lex->flags & LEXF_ABOUT))
		return 0;
	/* "About the Acme Group": the name starts after an article */
	uint32_t name = w[1].stop && b->words > 2 ? 2 : 1;
	for (uint32_t j = name; j < b->words; j++)
		if (!(w[j].flags & WDF_CAP))
			return 0;
	return name;
}

/* Whether the word HASH (a clean_word_key()) is among the first LIMIT words
 * of block B. */
static int block_has_word(const clean_page *page, const clean_block *b, uint32_t limit,
			  uint64_t hash)
{
	uint32_t n = b->words < limit ? b->words : limit;
	for (uint32_t j = 0; j < n; j++)
		if (clean_word_key(&page->words[b->word_first + j]) == hash)
			return 1;
	return 0;
}

/* How many of the words of NAME occur in block B. */
static unsigned shared_words(const clean_page *page, const clean_block *name, const clean_block *b)
{
	unsigned n = 0;
	for (uint32_t k = 0; k < name->words; k++)
		n += (unsigned)block_has_word(page, b, UINT32_MAX,
					      clean_word_key(&page->words[name->word_first + k]));
	return n;
}

/* A short block near the top that may carry a byline: "By ...", a bio cue
 * or a date ("Jane Doe | May 3, 2025"). A table of contents names the
 * page's sections too, but not so. */
static int bylike(const clean_block *b)
{
	return b->words <= 20 && !b->title_words &&
	       ((b->flags & (BF_BYLINE | BF_DATE)) || b->cue == CUE_BIO || b->date_words > 0);
}

/* The paragraph of a box whose head is block I: the first block of 12 words
 * or more within the next three (a job title may sit between), before block
 * END, that names the subject (the word FIRST) in its first four words and
 * says what it is: a job ("writer", "editor") or "is"/"was" in its first
 * eight. Its index, or 0. */
static size_t box_paragraph(const clean_page *page, size_t i, size_t end, uint64_t first)
{
	for (size_t k = i + 1; k < end && k <= i + 3; k++) {
		const clean_block *p = &page->blocks[k];
		if (p->words < 12)
			continue;
		if (p->words > 150)
			return 0;
		int says = p->job_words > 0;
		for (uint32_t j = 0; j < p->words && j < 8 && !says; j++) {
			const clean_lex_entry *lex = page->words[p->word_first + j].lex;
			says = lex && (lex->flags & LEXF_COPULA);
		}
		return says && block_has_word(page, p, 4, first) ? k : 0;
	}
	return 0;
}

static void mark_author_box(clean_page *page, const clean_params *params)
{
	size_t n = page->block_count;
	/* the top of the page: up to its first paragraph of prose, at least
	 * the first fifth of what comes before the comments (a comment, after
	 * the head of a comment section, is no paragraph of the article's) */
	size_t top = SIZE_MAX, before = n;
	for (size_t i = 0; i < n; i++) {
		const clean_block *b = &page->blocks[i];
		if (comment_head(b)) {
			before = i;
			break;
		}
		if (top == SIZE_MAX && b->words >= 30 && b->score > 0)
			top = i;
	}
	if (top == SIZE_MAX || top < before / 5)
		top = before / 5;
	/* The prose after a box and the page's prose, both counted up to the
	 * next head of a comment section: comments read as prose but are not
	 * the article's (a box above forty comments is still at the end). One
	 * pass: the mass up to each next head is summed when it is reached. */
	double total = 0, after = 0;
	size_t head = 0;   /* the next comment head (or n) at or after i */
	for (size_t i = 0; i < n; i++) {
		const clean_block *name = &page->blocks[i];
		if (i == head) {
			head = i + 1;
			while (head < n && !comment_head(&page->blocks[head]))
				head++;
			for (size_t k = i; k < head; k++) {
				double m = page->blocks[k].score > 0 ? page->blocks[k].score : 0;
				total += m;
				after += m;
			}
		}
		after -= name->score > 0 ? name->score : 0;
		if (i <= top || after > params->author_box_share * total)
			continue;
		/* the word the paragraph must open with: a name line's first,
		 * an "About ..." head's first after "about" */
		uint32_t about = about_head(page, name);
		if (!about && !name_block(name))
			continue;
		uint64_t first = clean_word_key(&page->words[name->word_first + about]);
		/* (not past a comment head: the jump to the bio below must not
		 * step over the head the sums above wait for) */
		size_t bio = box_paragraph(page, i, head, first);
		if (!bio)
			continue;
		/* an "About ..." head says what follows; a name line needs the
		 * byline to tell it from a sub-heading */
		unsigned need = name->words < 2 ? name->words : 2;
		int byline = 0;
		for (size_t t = 0; t <= top && !byline && !about; t++)
			byline = bylike(&page->blocks[t]) &&
				 shared_words(page, name, &page->blocks[t]) >= need;
		if (!byline && !about && !page->blocks[bio].job_words)
			continue;
		for (size_t k = i; k <= bio; k++) {
			clean_block *b = &page->blocks[k];
			/* the loop goes on after the box: its blocks leave the
			 * prose that follows (the head's was taken above) */
			if (k > i)
				after -= b->score > 0 ? b->score : 0;
			b->score = (float)(fmin(b->score, -1.0) - 2.0);
			if (!b->cue || cue_strength(b) < 2) {
				b->cue = CUE_BIO;
				b->cue_mode = CUE_ANY;
			}
		}
		i = bio;
	}
}

/* Applies the chrome signals that are not prose quality: cue phrases,
 * appeals, bios, repetition. */
static void score_page(clean_page *page, const clean_params *params)
{
	double voice_share = page_voice_share(page);
	int voice_rare = voice_share <= params->voice_rare;
	int voice_none = voice_share <= params->voice_none;
	for (size_t i = 0; i < page->block_count; i++) {
		clean_block *b = &page->blocks[i];
		double s = clean_block_score(b, page->lang, params);
		int strength = cue_strength(b);
		/* A plain cue marks a block for removal wherever it is (see
		 * inside_reason). In the segmentation it costs cue_score (-4) in
		 * the body but at most gap_chrome x 2 in a gap, so that a share
		 * bar between two paragraphs is stepped over as a gap rather than
		 * swallowed by the body: the gap's other blocks are then judged by
		 * gap_content(). (-2 let the body run on through chrome: l3s
		 * leakage 0.049 against 0.045 at -3 and 0.043 at -4, which pays for
		 * the blocks gap_content() keeps.) */
		/* A caption, a photo credit, "Advertisement" or a reading time
		 * interrupts an article rather than ending it (the items of a
		 * listicle each carry a credit): it still goes, but costs the
		 * segmentation like a short line (wcxb half A articles +0.0013,
		 * half B +0.0001; l3s unchanged). So does a call to buy ("Check
		 * price at ...") under each item of a review. */
		if (strength == 2 && (b->cue == CUE_META || b->cue == CUE_ACTION))
			s = fmin(s, params->meta_score);
		else if (strength == 2)
			s = fmin(s, params->cue_score) - 0.05 * b->words;
		else if (strength == 1)
			s -= 2.0;
		if (b->flags & (BF_DATE | BF_COPYRIGHT))
			s = fmin(s, params->cue_score);
		/* the appeal: we/you outside quotes plus what they ask for */
		unsigned voice = b->we + b->you;
		int appeal = (int)b->appeal_words;
		/* short: "Please support our journalism"; long: it speaks as "we"
		 * to "you" about what it asks for, on a page that otherwise does not.
		 * (Past about 20 words one "we" and one topic word are as often a
		 * company blog or a reviewer's paragraph as an appeal.) */
		if ((b->we >= 1 && appeal >= 1 && b->words <= params->appeal_short_words) ||
		    (voice_rare && b->we >= 1 && b->you >= 1 && appeal >= 2 && b->words <= 150)) {
			mark_appeal(b, &s, voice + appeal);
		} else if (b->we >= 1 && voice_none) {
			/* by the density of "we", so that a block dense with it can
			 * turn negative while one "we" in a long paragraph cannot */
			double density = (double)b->we / b->words;
			s -= (b->words / 10.0 + 1) * fmin(2.5, 25 * density);
		}
		/* the author bio: a job title and a name, short */
		if (b->words <= 60 && b->job_words && b->caps >= 2 && b->links + b->we) {
			s = fmin(s, -1.0) - 2.0;
			if (!b->cue) {
				b->cue = CUE_BIO;
				b->cue_mode = CUE_ANY;
			}
		}
		/* menus shown twice; a page that repeats its whole text (tabs,
		 * print views) keeps its prose. Mildly: the labels of a listicle
		 * or a review ("Pros", "Buying options:", "Price:") repeat too,
		 * once per item, inside the article. */
		if ((b->flags & BF_PAGE_REPEAT) && b->words <= 6 && !strength &&
		    !(b->flags & BF_DATE))
			s = fmin(s, 0) - params->page_repeat_cost;
		if (b->flags & BF_SITE_REPEAT)
			s = fmin(s, -2.0) - 0.05 * b->words;
		b->score = (float)s;
	}
	/* On a timeline the stamps separate the posts: they go, but cost the
	 * segmentation little. */
	page->timeline = is_timeline(page);
	for (size_t i = 0; page->timeline && i < page->block_count; i++) {
		clean_block *b = &page->blocks[i];
		if (b->flags & BF_DATE)
			b->score = (float)params->timeline_stamp;
		else if (cue_strength(b) == 2 && b->words <= 3)   /* "Share" under each post */
			b->score = (float)fmax(b->score, 2 * params->timeline_stamp);
	}
	smooth_short_runs(page, params);
	/* Under "About the author" comes the bio. */
	for (size_t i = 1; i < page->block_count; i++) {
		clean_block *b = &page->blocks[i];
		const clean_block *head = &page->blocks[i - 1];
		if (head->cue == CUE_BIO && cue_strength(head) == 2 && head->words <= 4 &&
		    !(head->flags & BF_BYLINE) && b->words <= 80 && (!b->cue || b->cue == CUE_BIO)) {
			b->cue = CUE_BIO;
			b->cue_mode = CUE_ANY;
			b->score = (float)(fmin(b->score, -1.0) - 1.0);
		}
	}
	mark_author_box(page, params);
	/* An appeal box is several blocks in one voice: blocks next to an appeal
	 * that speak as "we" or to "you", or name what the appeal asks for, are
	 * part of it (context smoothing, as jusText does for short blocks). */
	for (int pass = 0; pass < 2 && voice_rare; pass++) {
		for (size_t k = 0; k < page->block_count; k++) {
			size_t i = pass == 0 ? k : page->block_count - 1 - k;
			clean_block *b = &page->blocks[i];
			if (b->cue == CUE_APPEAL || b->words == 0)
				continue;
			size_t nb = pass == 0 ? i - 1 : i + 1;
			if (i == 0 && pass == 0)
				continue;
			if (nb >= page->block_count || page->blocks[nb].cue != CUE_APPEAL)
				continue;
			if (page->blocks[nb].score > -1.0 || b->words > 150)
				continue;
			unsigned voice = b->we + b->you;
			/* Guides and columns speak to "you" throughout, and a chain
			 * of such paragraphs would carry one newsletter line through
			 * the rest of the article. A block joins when it names what
			 * the appeal asks for, when the appeal goes on past it (a
			 * box of several paragraphs), when it says "we" in up to 40
			 * words (the box's own voice) or is a short line in either
			 * voice; a longer "you" paragraph is the article going on
			 * (wcxb half A articles +0.004, half B +0.003). */
			size_t other = pass == 0 ? i + 1 : i - 1;
			int sandwich = other < page->block_count &&
				       page->blocks[other].cue == CUE_APPEAL;
			int joins = b->appeal_words >= 1 || (voice >= 1 && sandwich) ||
				    (b->we >= 1 && b->words <= 40) || (voice >= 1 && b->words <= 15);
			if (joins) {
				b->score = (float)(fmin(b->score, -1.0) - 1.0 - voice);
				if (!b->cue) {
					b->cue = CUE_APPEAL;
					b->cue_mode = CUE_ANY;
				}
			}
		}
	}
}

/* ---- 2. segmentation ------------------------------------------------------- */

/* The body: blocks [first, last] in state BODY, possibly with GAP runs, that
 * maximise sum(score in BODY) - gap_cost * gaps. A Viterbi pass over four
 * states: before, body, gap, after. */
static int segment(clean_page *page, const clean_params *params)
{
	size_t n = page->block_count;
	if (n == 0)
		return 0;
	if (page->back_cap < n) {
		size_t cap = page->back_cap;
		WN_TRY(wn_grow_array((void **)&page->back, &cap, n, sizeof(*page->back)));
		page->back_cap = cap;
	}
	/* The best score of a path ending in each state at block i; before
	 * scores 0 throughout, gap and after score 0 per block. */
	const double v_before = 0;
	double v_body = -INFINITY, v_gap = -INFINITY, v_after = -INFINITY;
	double best_total = 0;
	size_t best_end = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		double s = page->blocks[i].score;
		uint8_t body_from = ZONE_BEFORE, gap_from = ZONE_BODY, after_from = ZONE_BODY;
		double nb = v_before;
		if (v_body > nb) {
			nb = v_body;
			body_from = ZONE_BODY;
		}
		if (v_gap > nb) {
			nb = v_gap;
			body_from = ZONE_GAP;
		}
		/* a gap costs a fixed price plus part of the chrome it holds, so a
		 * lone advertisement is cheap to step over and a rail of teasers
		 * under a bio is not */
		double chrome = s < 0 ? params->gap_chrome * fmax(s, -2.0) : 0;
		double ng = v_body - params->gap_cost + chrome;
		if (v_gap + chrome > ng) {
			ng = v_gap + chrome;
			gap_from = ZONE_GAP;
		}
		double na = v_body;
		if (v_after > na) {
			na = v_after;
			after_from = ZONE_AFTER;
		}
		page->back[i] = (uint8_t)(body_from | gap_from << 2 | after_from << 4);
		v_body = nb + s;
		v_gap = ng;
		v_after = na;
		if (v_body > best_total) {
			best_total = v_body;
			best_end = i;
		}
	}
	for (size_t i = 0; i < n; i++)
		page->blocks[i].zone = ZONE_AFTER;
	if (best_end == SIZE_MAX)
		return 0;   /* nothing reads as an article: no body */
	/* Walk back from the best body end. */
	uint8_t state = ZONE_BODY;
	for (size_t i = best_end + 1; i-- > 0;) {
		page->blocks[i].zone = state;
		uint8_t prev = (uint8_t)(page->back[i] >> (2 * (state == ZONE_GAP ? 1 : state == ZONE_AFTER ? 2 : 0)) & 3);
		if (prev == ZONE_BEFORE) {
			for (size_t k = 0; k < i; k++)
				page->blocks[k].zone = ZONE_BEFORE;
			break;
		}
		state = prev;
	}
	return 0;
}

/* ---- lexical cohesion ------------------------------------------------------ */

/* A block long enough for cohesion to compare: ten words or more. */
static inline int long_block(const clean_block *b)
{
	return b->words >= 10;
}

static inline int content_word(const clean_word *w, uint16_t lang_bit)
{
	return (w->flags & WDF_ALPHA) && !(w->stop & lang_bit);
}

/* Paragraphs of one article share their names and topic words; a teaser of
 * another story, a promotion or a disclaimer shares few (lexical cohesion, as
 * in Hearst's TextTiling, 1997). For each long block: the share of its content
 * words that occur in the other long blocks of the first-pass body. Blocks
 * that share almost nothing lose most of their score. Needs a body of a few
 * paragraphs to compare with; returns 1 if it changed any score. */
static int apply_cohesion(clean_page *page, const clean_params *params)
{
	if (page->timeline)
		return 0;
	uint16_t lang_bit = page->lang == LANG_NONE ? 0 : (uint16_t)(1u << page->lang);

	/* The core of the body: its run of blocks with no gap, and no head of a
	 * teaser rail, that has the most mass. It is the article by any account
	 * and the reference the other blocks are compared with. The first run
	 * below the headline (the block that carries the title), when it starts
	 * near it and holds cohesion_min_blocks long blocks, weighs
	 * core_headline_weight times its mass: the article
	 * follows its headline, and a heavier run elsewhere is a rail or a
	 * comment thread (2008 news pages list more headlines and summaries of
	 * other stories than their own story has paragraphs). */
	size_t core_first = 0, core_last = 0, run_first = 0;
	double core_mass = 0, run_mass = 0, run_weight = 1;
	size_t run_long = 0;
	int in_run = 0;
	size_t headline = SIZE_MAX;
	int below_headline = 0;
	for (size_t i = 0; i < page->block_count; i++) {
		const clean_block *b = &page->blocks[i];
		if (headline == SIZE_MAX && clean_title_block(page, b))
			headline = i;
		if (b->zone != ZONE_BODY || rail_head(b)) {
			in_run = 0;
			continue;
		}
		if (!in_run) {
			in_run = 1;
			run_first = i;
			run_mass = 0;
			run_long = 0;
			/* the first run below the headline, if it starts near it */
			run_weight = headline != SIZE_MAX && !below_headline &&
					     i - headline <= (size_t)params->core_headline_blocks
					     ? params->core_headline_weight
					     : 1;
			below_headline |= headline != SIZE_MAX;
		}
		run_mass += b->score > 0 ? b->score : 0;
		run_long += long_block(b);
		double weighed = run_long >= (size_t)params->cohesion_min_blocks ? run_mass * run_weight
										 : run_mass;
		if (weighed > core_mass) {
			core_mass = weighed;
			core_first = run_first;
			core_last = i;
		}
	}
	if (core_mass <= 0)
		return 0;
	size_t core_words = 0, core_long = 0;
	for (size_t i = core_first; i <= core_last; i++) {
		if (!long_block(&page->blocks[i]))
			continue;
		core_words += page->blocks[i].words;
		core_long++;
	}
	if (core_long < (size_t)params->cohesion_min_blocks)
		return 0;

	size_t cap = 64;
	while (cap < core_words * 2)
		cap <<= 1;
	/* one more slot past the table: the sentinel, never a word's (its
	 * count stays 0), where the words that are no content words point */
	if (page->coh_cap < cap + 1) {
		clean_coh_slot *t = realloc(page->coh, (cap + 1) * sizeof(*t));
		if (!t)
			return 0;
		page->coh = t;
		page->coh_cap = cap + 1;
	}
	size_t mask = cap - 1;
	const uint32_t none = (uint32_t)cap;
	clean_coh_slot *table = page->coh;
	memset(table, 0, (cap + 1) * sizeof(*table));
	/* per content word of the core's long blocks: how many blocks hold it,
	 * and the last one counted; each word's slot is kept (the sentinel for
	 * other words) so that the core is not looked up twice. About half the
	 * words are stopwords, a coin toss for a branch: the content words of
	 * a block are listed first, without a branch, and only they are looked
	 * up, by a loop whose one branch is nearly always the same (a probe
	 * seldom goes past the first slot) */
	size_t core_word0 = page->blocks[core_first].word_first;
	size_t core_span = page->blocks[core_last].word_first + page->blocks[core_last].words -
			   core_word0;
	size_t most = 0;   /* the most words of a block looked at */
	for (size_t i = 0; i < page->block_count; i++)
		most = page->blocks[i].words > most ? page->blocks[i].words : most;
	if (page->coh_slot_cap < core_span + most) {
		uint32_t *t = realloc(page->coh_slots, (core_span + most) * sizeof(uint32_t));
		if (!t)
			return 0;
		page->coh_slots = t;
		page->coh_slot_cap = core_span + most;
	}
	uint32_t *slots = page->coh_slots;
	uint32_t *content = slots + core_span;   /* the content words of one block */
	const clean_word *words = page->words;
	for (size_t i = core_first; i <= core_last; i++) {
		const clean_block *b = &page->blocks[i];
		if (!long_block(b))
			continue;
		size_t count = 0;
		for (uint32_t k = 0; k < b->words; k++) {
			const clean_word *w = &words[b->word_first + k];
			slots[b->word_first + k - core_word0] = none;
			content[count] = k;
			count += content_word(w, lang_bit);
		}
		for (size_t c = 0; c < count; c++) {
			uint32_t k = content[c];
			uint64_t key = clean_word_key(&words[b->word_first + k]) | 1;
			size_t slot = (size_t)key & mask;
			uint64_t at;
			while (at = table[slot].key, (at != 0) & (at != key))
				slot = (slot + 1) & mask;
			slots[b->word_first + k - core_word0] = (uint32_t)slot;
			/* a new word or one seen before: the same stores */
			clean_coh_slot *e = &table[slot];
			e->key = key;
			e->blocks += e->last != (uint32_t)i + 1;
			e->last = (uint32_t)i + 1;
		}
	}
	int changed = 0;
	for (size_t i = 0; i < page->block_count; i++) {
		clean_block *b = &page->blocks[i];
		if (!long_block(b) || b->score <= 0)
			continue;
		/* inside a short core every paragraph counts: too little to compare */
		int in_core = i >= core_first && i <= core_last;
		if (in_core && core_long < (size_t)params->cohesion_core_blocks)
			continue;
		/* a word of a core block is shared when another core block has it
		 * too; a word of any other block, when one core block has it (a
		 * word no core block has finds an empty slot, of count 0) */
		uint32_t need = in_core ? 2 : 1;
		size_t n = 0, shared = 0;
		if (in_core) {
			const uint32_t *cached = slots + (b->word_first - core_word0);
			for (uint32_t k = 0; k < b->words; k++) {
				n += cached[k] != none;
				shared += table[cached[k]].blocks >= need;
			}
		} else {
			for (uint32_t k = 0; k < b->words; k++) {
				content[n] = k;
				n += content_word(&words[b->word_first + k], lang_bit);
			}
			for (size_t c = 0; c < n; c++) {
				uint64_t key = clean_word_key(&words[b->word_first + content[c]]) | 1;
				size_t slot = (size_t)key & mask;
				uint64_t at;
				while (at = table[slot].key, (at != 0) & (at != key))
					slot = (slot + 1) & mask;
				shared += table[slot].blocks >= need;
			}
		}
		if (n < 4)
			continue;
		double cohesion = (double)shared / n;
		if (cohesion < params->cohesion_low) {
			b->score = (float)(b->score * 0.25 - 1.0);
			changed = 1;
		} else if (cohesion < params->cohesion_mid) {
			b->score = (float)(b->score * 0.6);
			changed = 1;
		}
	}
	return changed;
}

/* Whether the comment head with HASH recurs under the posts of a thread:
 * at least thread_heads times on the page. One pass over the blocks; the
 * caller bounds how often it asks. */
static int thread_furniture(const clean_page *page, uint64_t hash, const clean_params *params)
{
	unsigned seen = 0;
	for (size_t i = 0; i < page->block_count; i++) {
		const clean_block *b = &page->blocks[i];
		if (b->hash == hash && b->cue == CUE_COMMENT_HEAD &&
		    ++seen >= (unsigned)params->thread_heads)
			return 1;
	}
	return 0;
}

/* Reader comments after an article read like prose too; the head of the
 * comment section ends the article, once some article came before it. (On a
 * forum page the posts are the content: no article precedes them.) */
static void cut_comments(clean_page *page, const clean_params *params)
{
	double mass = 0;
	uint64_t furniture = 0;   /* the head found to be a thread's furniture */
	unsigned asked = 0;       /* thread_furniture() passes: at most 16 per page */
	for (size_t i = 0; i < page->block_count; i++) {
		clean_block *b = &page->blocks[i];
		if (b->zone == ZONE_BODY && b->score > 0)
			mass += b->score;
		if (b->zone == ZONE_BEFORE || !comment_head(b))
			continue;
		if (mass < params->comment_min_mass)
			continue;
		/* "Add a comment" under every post of a thread is the thread's
		 * furniture, not the head of a comment section below an article */
		if ((b->flags & BF_PAGE_REPEAT) &&
		    ((furniture && b->hash == furniture) ||
		     (asked++ < 16 && thread_furniture(page, b->hash, params)))) {
			furniture = b->hash;
			continue;
		}
		/* once a head is known as furniture the page is a thread, and a
		 * variant of it ("Add a comment | Show 2 more comments") under a
		 * later post is furniture too */
		if (furniture)
			continue;
		for (size_t k = i; k < page->block_count; k++) {
			page->blocks[k].zone = ZONE_AFTER;
			page->blocks[k].flags |= BF_COMMENT_META;
		}
		return;
	}
}

/* A rail of teasers after the article: the head of the rail ("Related
 * stories", "More from ...") ends the article when what follows it in the
 * body weighs less than what came before and has no paragraph of its own.
 * An inline box in the middle of an article is followed by the rest of it. */
static void cut_teaser_rail(clean_page *page, const clean_params *params)
{
	double before = 0;
	for (size_t i = 0; i < page->block_count; i++) {
		clean_block *b = &page->blocks[i];
		if (b->zone == ZONE_BODY && b->score > 0)
			before += b->score;
		if (b->zone == ZONE_BEFORE || !rail_head(b) ||
		    b->cue_mode == CUE_ANY || before < params->comment_min_mass)
			continue;
		/* teasers are a headline and a line or two; the rest of an article
		 * has paragraphs (60 words: a teaser's summary may run to 40-60,
		 * wcxb half A articles +0.0008 against 40) */
		double after = 0;
		int paragraph = 0;
		for (size_t k = i + 1; k < page->block_count; k++) {
			const clean_block *a = &page->blocks[k];
			if (a->zone != ZONE_BODY || a->score <= 0)
				continue;
			after += a->score;
			paragraph |= a->words >= params->rail_paragraph;
		}
		if (paragraph || after >= params->rail_share * before)
			continue;
		for (size_t k = i; k < page->block_count; k++) {
			if (page->blocks[k].zone == ZONE_BODY || page->blocks[k].zone == ZONE_GAP) {
				page->blocks[k].zone = ZONE_AFTER;
				page->blocks[k].flags |= BF_RAIL;
			}
		}
		return;
	}
}

/* ---- headline and standfirst ------------------------------------------------- */

static int headline_like(const clean_block *b)
{
	return b->words >= 2 && b->words <= 30 && !cue_strength(b) && !b->links &&
	       !(b->flags & (BF_DATE | BF_COPYRIGHT | BF_SITE_REPEAT | BF_BYLINE)) &&
	       b->end != END_COLON && b->separators <= 1;
}

static size_t find_body_start(const clean_page *page)
{
	for (size_t i = 0; i < page->block_count; i++)
		if (page->blocks[i].zone == ZONE_BODY)
			return i;
	return SIZE_MAX;
}

/* Keeps the headline (the block that matches the title best, else the nearest
 * headline-like block above the body) and the standfirst between it and the
 * body. */
static void keep_headline(clean_page *page, const clean_params *params)
{
	size_t start = find_body_start(page);
	if (start == SIZE_MAX || start == 0)
		return;
	/* the body may open with the headline already (a reading-time line
	 * between it and the first paragraph costs it little): nothing above
	 * it is the headline then */
	const clean_block *first = &page->blocks[start];
	if (page->title_count ? clean_title_block(page, first)
			      : headline_like(first) && first->end != END_STOP && first->words >= 5)
		return;
	size_t lo = start > (size_t)params->headline_window ? start - params->headline_window : 0;
	size_t head = SIZE_MAX;
	if (page->title_count) {
		double best = 0;
		for (size_t i = start; i-- > lo;) {
			const clean_block *b = &page->blocks[i];
			if (!b->words || b->words > 40 || (b->flags & BF_SITE_REPEAT))
				continue;
			double inside = (double)b->title_words / b->words;
			double cover = (double)b->title_words / page->title_count;
			if (inside >= 0.8 && cover >= 0.5 && inside + cover > best) {
				best = inside + cover;
				head = i;
			}
		}
	}
	if (head == SIZE_MAX) {
		/* Without a title: the longest headline-like block above the body
		 * that does not end like a sentence (a standfirst does), skipping
		 * meta lines and short menus; failing that the nearest one. With a
		 * title that no block matched, the nearest such block. */
		size_t fallback = SIZE_MAX;
		uint32_t best_words = 0;
		for (size_t i = start; i-- > lo;) {
			const clean_block *b = &page->blocks[i];
			if (headline_like(b)) {
				/* with a title that no block matched, the nearest */
				if (b->end != END_STOP && b->words >= 5 &&
				    (page->title_count ? head == SIZE_MAX : b->words > best_words)) {
					head = i;
					best_words = b->words;
				}
				if (fallback == SIZE_MAX)
					fallback = i;
				continue;
			}
			if (!cue_strength(b) && !(b->flags & (BF_DATE | BF_BYLINE)) && b->words > 3)
				break;
		}
		if (head == SIZE_MAX)
			head = fallback;
	}
	if (head == SIZE_MAX)
		return;
	page->blocks[head].zone = ZONE_BODY;
	page->blocks[head].reason = WN_KEEP;
	/* standfirst: prose between headline and body */
	for (size_t i = head + 1; i < start; i++) {
		clean_block *b = &page->blocks[i];
		if (!cue_strength(b) && !(b->flags & (BF_DATE | BF_BYLINE | BF_SITE_REPEAT)) &&
		    b->words >= 5 && b->score > -1.0 && !b->links)
			b->zone = ZONE_BODY;
	}
}

/* ---- 3. reasons ------------------------------------------------------------ */

static wn_clean_reason cue_reason(int cue)
{
	switch (cue) {
	case CUE_NAV: return WN_REASON_NAV;
	case CUE_SHARE: return WN_REASON_SHARE;
	case CUE_COOKIE: return WN_REASON_COOKIE;
	case CUE_APPEAL: return WN_REASON_APPEAL;
	case CUE_BIO: return WN_REASON_BIO;
	case CUE_READMORE: return WN_REASON_READMORE;
	case CUE_META: return WN_REASON_META;
	case CUE_ACTION: return WN_REASON_APPEAL;
	case CUE_LEGAL: return WN_REASON_LEGAL;
	case CUE_COMMENT:
	case CUE_COMMENT_HEAD: return WN_REASON_COMMENT;
	case CUE_TEASER: return WN_REASON_TEASER;
	default: return WN_REASON_SHORT;
	}
}

/* Why a block outside the body goes. */
static wn_clean_reason outside_reason(const clean_block *b)
{
	/* a block the whole site repeats says so, unless it is plainly one thing */
	if ((b->flags & BF_SITE_REPEAT) && !(b->cue && b->cue_mode == CUE_WHOLE))
		return WN_REASON_SITE_REPEAT;
	if (b->cue)
		return cue_reason(b->cue);
	if (b->flags & BF_COMMENT_META)
		return WN_REASON_COMMENT;
	if (b->flags & BF_RAIL)
		return WN_REASON_TEASER;
	if (b->flags & BF_SITE_REPEAT)
		return WN_REASON_SITE_REPEAT;
	if (b->flags & (BF_DATE | BF_CAPTION))
		return WN_REASON_META;
	if (b->flags & BF_COPYRIGHT)
		return WN_REASON_LEGAL;
	if (b->chunks && b->links * 3 >= b->chunks)
		return WN_REASON_LINKS;
	if (b->words <= 4 && b->end != END_STOP)
		return WN_REASON_NAV;
	if (b->words >= 10)
		return WN_REASON_TEASER;
	return WN_REASON_SHORT;
}

/* Inside the body, only plain chrome goes. */
static wn_clean_reason inside_reason(const clean_block *b)
{
	if (b->flags & BF_SITE_REPEAT)
		return b->cue && b->cue_mode == CUE_WHOLE ? cue_reason(b->cue)
							   : WN_REASON_SITE_REPEAT;
	if (cue_strength(b) == 2 || (b->cue == CUE_APPEAL && b->score < -2.0) ||
	    (b->cue == CUE_BIO && b->score < -2.0))
		return cue_reason(b->cue);
	/* a date goes; a figure alone ("$94.99", "25%") inside the body is a
	 * cell of a table or a price in a list */
	if ((b->flags & BF_DATE) && b->date_words)
		return WN_REASON_META;
	if (b->flags & BF_COPYRIGHT)
		return WN_REASON_LEGAL;
	if (b->words == 0)
		return WN_REASON_SHORT;
	if (b->chunks && b->links * 2 >= b->chunks && b->words <= 12)
		return WN_REASON_LINKS;
	return WN_KEEP;
}

/* A block in a gap of the body that is not chrome by any sign of its own:
 * the segmentation steps over a run of short lines (a list, a table, the
 * sub-headings and labels of a listicle) as it steps over an advertisement,
 * but only the advertisement is chrome (jusText keeps the short blocks
 * between good ones for the same reason). What the gap keeps: blocks with no
 * cue and no date, copyright or site-repeat mark that are long, or short
 * without a sentence, a "we" or "you", a majority of figures or two date
 * words (a heading, an item; a short sentence in a gap is as often a
 * reader's comment or a teaser's summary, and "asked Mar 2 at 9:14" or "41"
 * the furniture of a post); and long blocks that only their voice made an
 * appeal. Keeping the short sentences too let 2008 comment threads and
 * headline rails through on l3s (leakage 0.052 with cue_score -4); the
 * blocks kept here raised wcxb articles by +0.002 (half A) and +0.004
 * (half B). */
static int gap_content(const clean_block *b)
{
	if (b->flags & (BF_DATE | BF_COPYRIGHT | BF_SITE_REPEAT))
		return 0;
	if (b->cue == CUE_NONE)
		return b->words >= 20 ||
		       (b->end != END_STOP && !b->sentence_ends && !(b->we + b->you) &&
			b->numbers * 2 <= b->words && b->date_words < 2);
	return b->cue == CUE_APPEAL && b->words >= 20;
}

int clean_classify(clean_page *page, const clean_params *params)
{
	score_page(page, params);
	WN_TRY(segment(page, params));
	/* comments first, so that they are not the body cohesion compares with */
	cut_comments(page, params);
	if (apply_cohesion(page, params)) {
		WN_TRY(segment(page, params));
		cut_comments(page, params);
	}
	cut_teaser_rail(page, params);
	for (size_t i = 0; i < page->block_count; i++)
		page->blocks[i].reason = WN_KEEP;
	keep_headline(page, params);
	clean_page_spread(page, params);
	WN_TRY(clean_page_records(page, params));
	for (size_t i = 0; i < page->block_count; i++) {
		clean_block *b = &page->blocks[i];
		if (b->zone == ZONE_BODY || (b->zone == ZONE_GAP && gap_content(b)))
			b->reason = (uint8_t)inside_reason(b);
		else
			b->reason = (uint8_t)outside_reason(b);
	}
	return 0;
}
