/* clean/clean.h - strip page chrome from scraped text, per page and per site.
 * A page is cut into blocks (lines, or paragraphs of hard-wrapped text); a cheap
 * scan gives each block's features (words, stopword density as in jusText,
 * Pomikalek 2011; sentence punctuation, capitals, link-like tokens, typical chrome
 * phrases); the features give a content score; an optimal segmentation over the
 * scores finds the article body (a Body Text Extraction style objective, Finn,
 * Kushmerick and Smyth 2001, with jusText-like context smoothing), refined by
 * lexical cohesion (Hearst's TextTiling, 1997) and the heads of comment sections
 * and teaser rails; a page-level choice keeps the whole content region of
 * pages of many parts (listings, catalogues); blocks seen on many pages of one
 * site are chrome (CCNet's paragraph hashes, Wenzek et al. 2020, counted per
 * outlet as Media Cloud does).
 * docs/cleaning.md describes the method and its measured results. Internal. */
#ifndef WN_CLEAN_H
#define WN_CLEAN_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

/* ---- languages and the lexicon (stopwords.c, patterns.c) -------------- */

/* Languages with a stopword list written for the project. */
enum clean_lang {
	LANG_EN, LANG_DE, LANG_FR, LANG_ES, LANG_IT,
	LANG_PT, LANG_NL, LANG_RU, LANG_UK, LANG_PL,
	LANG_COUNT,
	LANG_NONE = LANG_COUNT /* no list fits: the language-independent signals only */
};

/* Short code of LANG ("en", ...; "none"). */
const char *clean_lang_name(int lang);

/* Typical chrome, by the phrase that gives it away. A phrase is one signal
 * among others: it weighs on short and medium blocks only. */
enum clean_cue {
	CUE_NONE = 0,
	CUE_NAV,          /* "skip to content", "home", "menu", "sign in" */
	CUE_SHARE,        /* "share", "tweet", network names */
	CUE_COOKIE,       /* cookie and consent banners */
	CUE_APPEAL,       /* newsletter, subscription, donation */
	CUE_BIO,          /* "author:", "about the author", "by" lines */
	CUE_READMORE,     /* "read more", "continue reading" */
	CUE_META,         /* reading time, "advertisement", photo credits, "updated" */
	CUE_LEGAL,        /* copyright, "all rights reserved", terms */
	CUE_COMMENT,      /* comment furniture ("reply", "posted by") */
	CUE_COMMENT_HEAD, /* the head of a comment section ("3 comments") */
	CUE_TEASER,       /* headers of related-story rails ("related", "most read") */
	CUE_ACTION,       /* calls to buy or book, a form's fields ("check price",
			   * "add to cart", "email address"): an appeal that sits
			   * between the items of a review as often as after it */
	CUE_COUNT
};

/* How a phrase must sit in a block to count. */
enum clean_cue_mode {
	CUE_WHOLE = 0,    /* the block is the phrase (give or take numbers and punctuation) */
	CUE_START,        /* the block starts with it */
	CUE_END,          /* the block ends with it */
	CUE_ANY           /* anywhere in the block */
};

/* Flags of a word in the lexicon, per language where it matters. */
typedef struct clean_lex_entry {
	uint64_t hash;        /* the scanner's hash of the lower-cased word; 0: empty */
	uint16_t stop;        /* bit L: a stopword of language L */
	uint16_t we;          /* bit L: first person plural in L ("we", "wir", "nous") */
	uint16_t you;         /* bit L: second person in L ("you", "vous") */
	uint16_t flags;       /* LEXF_ word classes */
	int32_t cue_first;    /* first cue phrase that starts with this word; -1 none */
	int32_t cue_inner;    /* first such phrase that may match inside a block
			       * (CUE_END, CUE_ANY); -1 none */
} clean_lex_entry;

/* Word classes of the lexicon (lists in patterns.c). */
enum {
	LEXF_SOCIAL = 1 << 0,     /* network names and share-bar words */
	LEXF_DATE = 1 << 1,       /* months, weekdays, time zones, "ago" */
	LEXF_COOKIE = 1 << 2,     /* "cookie", "cookies" */
	LEXF_COOKIE_CTX = 1 << 3, /* words of a consent banner: "accept", "website" */
	LEXF_APPEAL = 1 << 4,     /* topics of an appeal: "donate", "subscription" */
	LEXF_JOB = 1 << 5,        /* "reporter", "editor", "correspondent" */
	LEXF_BYLEAD = 1 << 6,     /* the word that opens a byline: "by", "von", "par" */
	LEXF_COPULA = 1 << 7,     /* "is", "was": "Jane Doe is a reporter ..." */
	LEXF_ABOUT = 1 << 8       /* "about", "über": "About Jane Doe", "About Acme" */
};

/* A word class list: NULL-terminated words and the LEXF_ flag they get. */
typedef struct clean_word_class {
	uint16_t flag;
	const char *const *words;
} clean_word_class;
extern const clean_word_class clean_word_classes[];
extern const size_t clean_word_class_count;

/* One cue phrase: its words (lower-cased word hashes; CLEAN_NUMBER_HASH stands
 * for any number) and how it must sit. */
typedef struct clean_cue_phrase {
	uint32_t word_first;  /* index into clean_lexicon.cue_words */
	uint16_t word_count;
	uint8_t cue;          /* enum clean_cue */
	uint8_t mode;         /* enum clean_cue_mode */
	uint16_t max_words;   /* applies to blocks of at most this many words */
	int32_t next;         /* next phrase with the same first word; -1 none */
	int32_t next_inner;   /* next CUE_END/CUE_ANY phrase with that word; -1 none */
} clean_cue_phrase;

/* The read-only word table of the cleaner: stopwords, pronouns and the cue
 * phrases. Built once per cleaner and shared by its clones. */
typedef struct clean_lexicon {
	clean_lex_entry *slots;   /* open addressing, power-of-two size */
	size_t mask;
	uint64_t filter[1024];    /* one bit per hash value mod 65536: most words
				   * are in no list, and this says so from L1 */
	clean_cue_phrase *phrases;
	size_t phrase_count;
	uint64_t *cue_words;
	size_t cue_word_count;
	size_t cue_inner_max;     /* the longest block a CUE_END or CUE_ANY phrase
				   * applies to: past it, only the first word matters */
} clean_lexicon;

/* Cue phrases never apply to blocks longer than this many words. */
#define CLEAN_CUE_MAX_WORDS 80
/* The longest block a phrase of each mode applies to when its max_words is 0. */
#define CLEAN_CUE_START_WORDS 12
#define CLEAN_CUE_END_WORDS 30
#define CLEAN_CUE_ANY_WORDS 25

/* The hash a number token gets, so that "5 min read" matches "# min read". */
#define CLEAN_NUMBER_HASH 0x9e3779b97f4a7c15ULL

int clean_lexicon_build(clean_lexicon *lex);
void clean_lexicon_release(clean_lexicon *lex);
/* Whether the word with HASH may be in the lexicon (1) or surely is not (0),
 * from the filter alone, without a branch. */
static inline unsigned clean_lexicon_maybe(const clean_lexicon *lex, uint64_t hash)
{
	if (hash == 0)
		hash = 1;
	return (unsigned)(lex->filter[(hash >> 6) & 1023] >> (hash & 63)) & 1;
}
/* The entry of the word with HASH, or NULL, from the table alone: for a
 * word the filter let through (clean_lexicon_maybe()). Word hashes are mixed
 * already, so bits of the hash index the table directly. */
static inline const clean_lex_entry *clean_lexicon_probe(const clean_lexicon *lex, uint64_t hash)
{
	if (hash == 0)
		hash = 1;
	size_t i = (size_t)(hash >> 20) & lex->mask;
	for (;;) {
		const clean_lex_entry *e = &lex->slots[i];
		if (e->hash == hash)
			return e;
		if (e->hash == 0)
			return NULL;
		i = (i + 1) & lex->mask;
	}
}
/* The entry of the word with HASH, or NULL: the filter, which turns most
 * words away from L1, then the table. */
static inline const clean_lex_entry *clean_lexicon_find(const clean_lexicon *lex, uint64_t hash)
{
	return clean_lexicon_maybe(lex, hash) ? clean_lexicon_probe(lex, hash) : NULL;
}
/* Hashes the word tokens of TEXT as the scanner does ('#' and numbers give
 * CLEAN_NUMBER_HASH) into OUT (at most CAP); returns the number of tokens. */
size_t clean_hash_words(const char *text, size_t len, uint64_t *out, size_t cap);

/* The project's word lists (stopwords.c): NULL-terminated lists per language. */
extern const char *const *const clean_stopwords[LANG_COUNT];
extern const char *const *const clean_we_words[LANG_COUNT];
extern const char *const *const clean_you_words[LANG_COUNT];

/* The cue phrase table (patterns.c). */
typedef struct clean_cue_def {
	uint8_t cue;
	uint8_t mode;
	uint16_t max_words;   /* 0: the default of the mode */
	const char *phrase;   /* lower case; '#' stands for any number */
} clean_cue_def;
extern const clean_cue_def clean_cue_defs[];
extern const size_t clean_cue_def_count;

/* ---- per-block features (features.c) ---------------------------------- */

/* How a block ends, after trailing quotes, brackets and spaces. */
enum clean_end {
	END_NONE = 0,     /* a letter, digit or anything else */
	END_STOP,         /* . ! ? ... : sentence end */
	END_COLON,        /* ':' leads into something */
	END_ELLIPSIS      /* "..." or U+2026 cut-off teaser */
};

/* Block flags. */
enum {
	BF_COPYRIGHT = 1 << 0,   /* a copyright sign or "(c)" */
	BF_BULLET = 1 << 1,      /* starts with a bullet or list number */
	BF_DATE = 1 << 3,        /* mostly a date or time */
	BF_PAGE_REPEAT = 1 << 4, /* the same block occurs earlier on this page */
	BF_SITE_REPEAT = 1 << 5, /* seen on many pages of the site */
	BF_BYLINE = 1 << 6,      /* "By Name Name" */
	BF_CAPTION = 1 << 7,     /* photo caption or credit */
	BF_OPEN_QUOTE = 1 << 8,  /* starts with a quotation mark */
	BF_COMMENT_META = 1 << 9, /* in the comment section after the article */
	BF_RAIL = 1 << 10        /* in a rail of teasers after the article */
};

/* One block: a line, or a paragraph of wrapped lines. Counts are over word
 * tokens (runs of letters, digits and marks; apostrophes split). */
typedef struct clean_block {
	uint32_t start, len;     /* bytes in the document text */
	uint32_t line_first;     /* index of its first line in the page's lines */
	uint32_t line_count;
	uint32_t word_first;     /* index of its first word in the page's words */
	uint32_t words;          /* word tokens */
	uint32_t alpha;          /* tokens with a letter */
	uint32_t caps;           /* alpha tokens starting with a capital */
	uint32_t numbers;        /* tokens of digits only */
	uint32_t stops;          /* stopwords of the page's language */
	uint32_t we;             /* first person plural outside quotations */
	uint32_t you;            /* second person outside quotations */
	uint32_t links;          /* link-like chunks: URLs, domains, @handles, #tags */
	uint32_t chunks;         /* whitespace-separated chunks */
	uint32_t sentence_ends;  /* . ! ? after a word, followed by space or end */
	uint32_t separators;     /* | . > >> / and bullets between chunks */
	uint32_t title_words;    /* tokens that are words of the title */
	uint32_t quoted;         /* tokens inside quotation marks */
	uint32_t appeal_words;   /* LEXF_APPEAL words outside quotations */
	uint32_t job_words;      /* LEXF_JOB words */
	uint32_t social_words, date_words, cookie_words, cookie_context;
	uint32_t stop_by_lang[LANG_COUNT]; /* stopwords of each listed language */
	uint32_t we_by_lang[LANG_COUNT];   /* "we" of each language, outside quotations */
	uint32_t you_by_lang[LANG_COUNT];  /* "you" likewise */
	uint32_t pronouns;       /* words that are "we" or "you" in some language */
	uint16_t flags;          /* BF_ */
	uint8_t end;             /* enum clean_end */
	uint8_t cue;             /* enum clean_cue of the strongest phrase, or 0 */
	uint8_t cue_mode;
	uint64_t hash;           /* of the trimmed bytes, digits as 0 (site repetition) */
	uint64_t word_hash;      /* of its words (repetition on the page) */
	float score;             /* content score: > 0 article-like */
	uint8_t zone;            /* segmentation result, enum clean_zone */
	uint8_t reason;          /* wn_clean_reason */
} clean_block;

/* One word token of the page. */
typedef struct clean_word {
	uint64_t hash;                 /* text_token_hash() of the lower-cased word when
					* it is ASCII (the sketch's token), another hash
					* of it otherwise; see clean_word_key() */
	const clean_lex_entry *lex;    /* or NULL */
	uint16_t stop;                 /* lex->stop, kept at hand */
	uint8_t flags;                 /* WDF_ */
} clean_word;

enum {
	WDF_CAP = 1,      /* starts with an upper-case letter */
	WDF_UPPER = 2,    /* all upper case, 2+ letters */
	WDF_NUMBER = 4,   /* digits only */
	WDF_ALPHA = 8,    /* has a letter */
	WDF_QUOTED = 16   /* inside quotation marks */
};

/* The word as the lexicon, the title and the cue phrases see it: a word
 * that starts with a digit is any number (CLEAN_NUMBER_HASH), so that
 * "5 min read" matches "# min read"; any other word is its hash. */
static inline uint64_t clean_word_key(const clean_word *w)
{
	return (w->flags & WDF_NUMBER) ? CLEAN_NUMBER_HASH : w->hash;
}

/* Scratch of one page; reused across pages. */
/* A content word of the article's core, for lexical cohesion (classify.c). */
typedef struct clean_coh_slot {
	uint64_t key;        /* word hash | 1; 0: empty */
	uint32_t blocks;     /* core blocks that hold it */
	uint32_t last;       /* the last block counted, plus 1 (0: none yet) */
} clean_coh_slot;

/* Words of a title that count; a longer title is cut. */
#define CLEAN_TITLE_WORDS 64

typedef struct clean_page {
	clean_block *blocks;
	size_t block_count, block_cap;
	clean_word *words;
	size_t word_count, word_cap;
	uint32_t *line_block;          /* per output line: its block */
	uint32_t *line_start, *line_len, *line_number;
	size_t line_count, line_cap;
	size_t title_count;            /* word tokens of the title (at most CLEAN_TITLE_WORDS) */
	uint64_t title_set[2 * CLEAN_TITLE_WORDS]; /* their hashes | 1, a set (0: empty) */
	int lang;                      /* enum clean_lang or LANG_NONE */
	int wrapped;                   /* blocks are paragraphs of wrapped lines */
	int timeline;                  /* posts under time stamps (a live blog) */
	int spread;                    /* a page of many parts: its content region is kept */
	uint64_t *tmp_hash;            /* scratch for page-repeat detection */
	size_t tmp_cap;
	uint8_t *back;                 /* segmentation back pointers */
	size_t back_cap;
	clean_coh_slot *coh;           /* cohesion: content words of the body */
	size_t coh_cap;
	uint32_t *coh_slots;           /* cohesion: the slot of each core word */
	size_t coh_slot_cap;
} clean_page;

void clean_page_init(clean_page *page);
void clean_page_release(clean_page *page);

/* What clean_scan() computes. */
enum {
	CLEAN_SCAN_FULL = 0,        /* every feature */
	CLEAN_SCAN_NO_LANGUAGE,     /* every feature but the stopword-based ones */
	/* A flag to OR into the above, for tests: scan the characters one by one
	 * only, not 64 bytes at a time where the text is ASCII (the result is
	 * the same). */
	CLEAN_SCAN_SCALAR = 8,
	/* For tests, likewise: the 64-byte path as compiled for baseline x86-64
	 * (SSE2), even where the CPU offers the AVX-512 one. */
	CLEAN_SCAN_BASELINE = 16
};

/* Splits TEXT into lines and blocks and fills every block's features.
 * TITLE may be absent (ptr NULL). MODE is a CLEAN_SCAN_ value.
 * Returns 0, WN_ENOMEM or WN_ETOOBIG (text over 4 GiB). */
int clean_scan(clean_page *page, const clean_lexicon *lex, wn_str text, wn_str title,
	       int mode);

/* The site pass's scan of TEXT: the blocks clean_scan() would make, without
 * their records or words. Writes the site hash of each block that has a
 * letter (or a byte above ASCII), in page order, to *HASHES (grown with
 * wn_grow_array(), capacity *CAP) and their number to *COUNT; *LONGEST is
 * the hash of the longest block (the first of them; 0 without a block).
 * Uses PAGE's line arrays as scratch. Returns 0, WN_ENOMEM or WN_ETOOBIG. */
int clean_scan_site(clean_page *page, wn_str text, uint64_t **hashes, size_t *cap,
		    size_t *count, uint64_t *longest);

/* ---- decisions (classify.c) -------------------------------------------- */

/* Where the segmentation put a block. */
enum clean_zone {
	ZONE_BEFORE = 0,  /* before the article body */
	ZONE_BODY,        /* in the body */
	ZONE_GAP,         /* chrome inside the body (an ad, a rail) */
	ZONE_AFTER        /* after the body */
};

/* The tunable constants of the decision, gathered in one place and documented
 * in docs/cleaning.md with the set each was tuned on. */
typedef struct clean_params {
	double gap_cost;         /* cost of leaving the body and coming back */
	double gap_chrome;       /* share of a gap's negative scores added to that cost */
	double comment_min_mass; /* article score before a comment head that ends it */
	double cue_score;        /* score of a block a plain cue marks, at most (in the body) */
	double meta_score;       /* ... when the cue is a caption, a credit or an
				  * "Advertisement" that interrupts an article */
	double rail_share;       /* a teaser head ends the article when less follows */
	unsigned rail_paragraph; /* ... and no paragraph of this many words */
	double voice_rare;       /* share of prose blocks saying "we": appeals stand out below */
	double voice_none;       /* ... and below this any "we" costs a block */
	double timeline_stamp;   /* score of a time stamp between the posts of a live blog */
	double short_base;       /* score of a short block of neutral quality */
	double short_quality;    /* how much its prose quality moves it */
	double good_score;       /* a block at least this good anchors its neighbours */
	int short_run;           /* longest run of short blocks smoothed between two */
	double short_floor;      /* score of a smoothed short block, at least */
	int cohesion_min_blocks; /* long blocks the first body needs for cohesion */
	int cohesion_core_blocks; /* long blocks the core needs to be judged too */
	double cohesion_low;     /* below: a block shares almost nothing with the body */
	double cohesion_mid;     /* below: it shares little */
	double core_headline_weight; /* mass factor of a run just below the headline */
	int core_headline_blocks; /* ... starting at most this many blocks below it */
	int headline_window;     /* blocks before the body searched for the headline */
	unsigned appeal_short_words; /* a short appeal ("we" + what it asks for) has at most this many words */
	double page_repeat_cost; /* extra cost of a short block repeated on the page */
	int thread_heads;        /* a comment head this often on a page is a thread's furniture */
	double spread_body_share; /* a body with less of the page's prose than this (and no
				   * headline) makes the page one of many parts (page.c) */
	double author_box_share; /* an author box has at most this share of the page's
				  * prose after it */
	int record_repeats;      /* a record list repeats its record this often (page.c) */
	double record_share;     /* ... and has this many times the words of the rest of the body */
	unsigned record_article_words; /* a body with this much prose besides the list is
					* an article, and the list a rail */
} clean_params;

void clean_params_default(clean_params *params);
/* The constants a cleaner uses (tests and tuning runs change them). */
void clean_cleaner_set_params(wn_cleaner *cleaner, const clean_params *params);
const clean_params *clean_cleaner_params(const wn_cleaner *cleaner);

/* The content score of one block (features -> score). */
float clean_block_score(const clean_block *block, int lang, const clean_params *params);

/* Whether block B carries the document's title (the article's headline):
 * most of its words are the title's, and it holds half of them at least. */
static inline int clean_title_block(const clean_page *page, const clean_block *b)
{
	return page->title_count && b->words && b->title_words * 10 >= b->words * 8 &&
	       b->title_words * 2 >= page->title_count;
}

/* Scores every block, segments the page and gives each block a reason
 * (WN_KEEP or why it goes). Returns 0 or WN_ENOMEM. */
int clean_classify(clean_page *page, const clean_params *params);

/* The page-level choice (page.c): after the article segmentation, when the
 * body holds under spread_body_share of the page's prose and no block of it
 * carries the title, the page is one of many parts (a listing, a thread, a
 * catalogue): every block from its first to its last block of prose joins the
 * body, except comments and teaser rails cut by their heads. Sets
 * page->spread; returns 1 if it changed the zones. Linear in the blocks. */
int clean_page_spread(clean_page *page, const clean_params *params);

/* The record list (page.c), after clean_page_spread(): on a page without an
 * article of its own (no headline of 3 words or more carrying the title on
 * the body, under record_article_words of prose in it), a run of blocks whose
 * shapes (a short line, a figure, a date, a long block, a cue) repeat with a
 * period of 2 to 8 at least record_repeats times, with a content block and
 * one more kind of block in each record (a menu has one), joins the body
 * when its items have record_share times the words of the rest of the body.
 * Its plain chrome ("Add to cart") still goes. Returns 1 if it changed the
 * zones, 0 if not, or WN_ENOMEM. Uses page->back as scratch; linear in the
 * blocks. */
int clean_page_records(clean_page *page, const clean_params *params);

/* ---- site repetition (site.c) ------------------------------------------ */

/* Bounded counters of normalised block hashes per site (lossy counting,
 * Manku and Motwani 2002, when the table fills up). */
typedef struct clean_site_table {
	struct clean_site_slot *slots;
	size_t mask;              /* capacity - 1, capacity a power of two */
	size_t used;
	size_t limit;             /* prune when used reaches it */
	uint32_t floor;           /* counts at or below it were pruned at least once */
	struct clean_site_page *sites;
	size_t site_mask, site_used, site_limit;
	uint64_t pages;           /* pages observed */
	uint64_t prunes;
} clean_site_table;

void clean_site_init(clean_site_table *table);
void clean_site_release(clean_site_table *table);
/* Counts the page's distinct block hashes for SITE (a hash of the site key);
 * FINGERPRINT tells copies of one article apart from other pages. */
int clean_site_observe(clean_site_table *table, uint64_t site, uint32_t fingerprint,
		       const uint64_t *hashes, size_t count, size_t budget);
/* Asks the memory for the counter of (SITE, HASH) ahead of clean_site_count(). */
void clean_site_prefetch(const clean_site_table *t, uint64_t site, uint64_t hash);
/* How many distinct pages of SITE had HASH (capped distinct count in
 * *DISTINCT), and how many pages SITE has. */
uint32_t clean_site_count(const clean_site_table *table, uint64_t site, uint64_t hash,
			  uint32_t *distinct);
uint32_t clean_site_pages(const clean_site_table *table, uint64_t site);

/* The observe pass in two halves, so that the per-document half can run on
 * worker threads (pipeline/): clean_observe_prepare() scans DOC and fills
 * *OUT with its site key, fingerprint and distinct block hashes (owned by
 * CLEANER, valid until its next call; any cleaner will do, frozen or not);
 * clean_observe_commit() counts them in CLEANER's site table, in input
 * order (WN_ESTATE once the cleaner was cloned). */
typedef struct clean_observation {
	uint64_t site;
	uint32_t fingerprint;
	const uint64_t *hashes;
	size_t count;
} clean_observation;

int clean_observe_prepare(struct wn_cleaner *cleaner, const wn_doc *doc, clean_observation *out);
int clean_observe_commit(struct wn_cleaner *cleaner, const clean_observation *obs);

/* After wn_cleaner_clean(CLEANER, DOC): the hashes of the tokens of the
 * cleaned text, the same as text_tokenize() of it gives (text_tokens.hash),
 * into *HASHES (the cleaner's memory, valid until its next call) and
 * *COUNT, without tokenising it again: a kept block that is ASCII (common
 * punctuation past it aside) gives its scanned words, whose hashes are the
 * tokeniser's; any other kept block is tokenised alone with SCRATCH
 * (tokens never span a line).
 * Returns 0, WN_ENOMEM or WN_ETOOBIG. */
struct text_tokens;
int clean_kept_tokens(struct wn_cleaner *cleaner, const wn_doc *doc,
		      struct text_tokens *scratch, const uint64_t **hashes, size_t *count);

/* The site key of a document: source, else URL host, else the folder of the
 * file; returns its hash (0 when there is none). */
uint64_t clean_site_key(const wn_doc *doc);

#endif
