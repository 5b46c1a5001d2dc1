/* story/story.h - story grouping: per-document features and online clustering.
 * A document becomes TF-IDF weighted Snowball stems, phrases and capitalised
 * names, a few quotations and a date; documents are clustered online in date
 * order against story centroids, with a weighted sum of cosines and a time
 * penalty (Miranda et al., "Multilingual Clustering of Streaming News", EMNLP
 * 2018); docs/stories.md has the model and its measurements. Quotations are
 * normalised as Quotebank does (Vaucher et al., WSDM 2021: lower case, no
 * punctuation); speakers come from reporting patterns next to the quotation, in
 * the manner of Quootstrap (Pavllo et al., ICWSM 2018). Internal to libwinnow. */
#ifndef WN_STORY_H
#define WN_STORY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util/util.h"

/* A candidate with its score; candidates are ordered by score, best first,
 * then by index. */
typedef struct scored {
	double score;
	uint32_t index;
	uint32_t slot;      /* the caller's: carried along, never compared */
} scored;

/* Reorders A[0..N) so that A[0..K] are the K + 1 best (by score, then
 * index), A[K] the worst of them (nothing when N <= K). */
void story_select_scored(scored *a, size_t n, size_t k);

/* ---- terms.c: words, stems and names of one text ----------------------- */

/* Kinds of term: word stems, capitalised names, and phrases (two content
 * stems in a row within a clause). Each kind is its own vector. */
enum { TERM_WORD = 0, TERM_NAME = 1, TERM_PHRASE = 2, TERM_KINDS = 3 };

/* Hard caps: a token longer than this is skipped (URLs, base64, garbage);
 * a name has at most this many words. */
#define TERMS_MAX_TOKEN 64
#define TERMS_MAX_NAME_WORDS 6

/* One distinct term of a document. */
typedef struct term_occ {
	uint64_t hash;      /* stem (TERM_WORD) or lower-cased name (TERM_NAME) */
	uint32_t count;     /* occurrences in the body */
	uint32_t title;     /* occurrences in the title */
	uint32_t lead;      /* occurrences in the lead: the first words of the body */
	uint32_t surf_off;  /* a surface form in term_list.surfaces */
	uint32_t surf_len;
	uint8_t kind;
} term_occ;

/* The distinct terms of one document; reused, terms_extract() resets it. */
typedef struct term_list {
	term_occ *items;
	size_t count, cap;
	wn_buf surfaces;
	size_t tokens;      /* word tokens seen (stopwords included) */
	/* per-document hash table over items: generation-stamped slots */
	uint64_t *slot_gen_idx;
	size_t slot_cap;
	uint32_t gen;
} term_list;

void term_list_init(term_list *list);
void term_list_release(term_list *list);

typedef struct terms_ctx terms_ctx;

/* LANGUAGE is a Snowball algorithm name ("english"); NULL means english.
 * Returns 0, WN_EINVAL (unknown language) or WN_ENOMEM. */
int terms_new(terms_ctx **out, const char *language);
void terms_free(terms_ctx *ctx);

/* Extracts the terms of TEXT (and TITLE, which may be NULL) into OUT:
 * stems of the words that are not stopwords (and 4-digit years),
 * capitalised names (runs of capitalised words, outside headline-cased
 * lines), and phrases (two stems in a row within a clause) from the first
 * PHRASE_WORDS words. The first LEAD_WORDS words of TEXT are its lead,
 * counted apart too. Returns 0 or WN_ENOMEM. */
int terms_extract(terms_ctx *ctx, const char *text, size_t len, const char *title, size_t title_len,
		  size_t lead_words, size_t phrase_words, term_list *out);

/* 1 when the lower-cased ASCII word W (LEN bytes) is an English stopword. */
int story_is_stopword(const char *w, size_t len);
/* 1 when W is a capitalised word that is not a name by itself: a title
 * ("president", "minister"), a weekday or a month. */
int story_is_name_prefix(const char *w, size_t len);
/* The tables behind them, sorted: sets *TABLE, returns the size. */
size_t story_stopword_table(const char *const **table);
size_t story_name_prefix_table(const char *const **table);

/* ---- quotes.c: quotations and their speakers --------------------------- */

/* Hard caps on what one document can contribute. */
#define QUOTES_MAX_PER_DOC 32
#define QUOTES_MAX_BYTES 2000      /* a quotation longer than this is dropped */
#define QUOTES_MAX_TEXT 400        /* kept original wording, cut at a word */
#define QUOTES_MAX_WORDS 120       /* normalised words kept for matching */
#define QUOTES_MAX_SPEAKER 80

typedef struct quote_item {
	uint32_t text_off, text_len;       /* original wording, trimmed (in strings) */
	uint32_t norm_off, norm_len;       /* normalised words joined by ' ' */
	uint32_t speaker_off, speaker_len; /* speaker name; len 0: unknown */
	uint32_t word_count;               /* normalised words (before the cap) */
	uint32_t start;                    /* byte offset of the opening mark in the text */
} quote_item;

typedef struct quote_list {
	quote_item *items;
	size_t count, cap;
	wn_buf strings;
	size_t dropped;                    /* quotations past the caps */
} quote_list;

void quote_list_init(quote_list *list);
void quote_list_release(quote_list *list);

/* Finds the quotations of at least MIN_WORDS words in TEXT (any bytes) and
 * their speakers. Resets OUT first. Returns 0 or WN_ENOMEM. */
int quotes_extract(quote_list *out, const char *text, size_t len, size_t min_words);

/* Normalises IN as Quotebank does into OUT (appended): lower case, punctuation
 * removed, words separated by one space. Returns the number of words, or a
 * negative WN_ENOMEM. */
long quotes_normalize(wn_buf *out, const char *in, size_t len);

/* ---- dates.c ------------------------------------------------------------ */

#define STORY_NO_DAY INT32_MIN

/* Days since 1970-01-01 of a date written as ISO 8601 ("2022-03-09", with an
 * optional time), RFC 2822 ("Wed, 09 Mar 2022 10:00:00 GMT"), "March 9, 2022"
 * or "9 March 2022". Returns STORY_NO_DAY when it cannot parse S. */
int32_t story_parse_day(const char *s, size_t len);

/* Writes DAY as "YYYY-MM-DD" into BUF (11 bytes). */
void story_format_day(int32_t day, char buf[11]);

/* ---- shared helpers ---------------------------------------------------- */

/* Classes of a code point for tokenising. */
enum { CH_OTHER = 0, CH_LOWER = 1, CH_UPPER = 2, CH_DIGIT = 3, CH_MARK = 4, CH_SPACE = 5 };

/* The slow paths (utf8proc) of the two functions below. */
int story_utf8_decode(const unsigned char *s, size_t len, int32_t *cp);
int story_unicode_class(int32_t cp);
extern const uint8_t story_ascii_class[128];

/* Decodes one UTF-8 code point at S (LEN > 0 bytes). Returns its length
 * (1 for an invalid byte, reported as code point -1). */
static inline int story_utf8_next(const unsigned char *s, size_t len, int32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	return story_utf8_decode(s, len, cp);
}

static inline int story_char_class(int32_t cp)
{
	if (cp >= 0 && cp < 0x80)
		return story_ascii_class[cp];
	return story_unicode_class(cp);
}

/* ---- features.c, cluster.c, report.c: the wn_stories object -------------- */

/* Per-document budget once the vocabulary has warmed up: the strongest terms
 * of each kind by TF-IDF (as estimated then) are kept, the rest dropped.
 * Before STORY_WARMUP_DOCS documents every term is kept; those first
 * documents are pruned when the warm-up ends. */
#define STORY_WARMUP_DOCS 2000
#define STORY_KEEP_WORDS 48
#define STORY_KEEP_NAMES 24
#define STORY_KEEP_PHRASES 48
/* Phrases are not interned: they are hashed into 2^22 buckets that count
 * document frequencies (feature hashing, Weinberger et al., ICML 2009), and
 * their ids start at STORY_PHRASE_BASE. Stems and names are interned (an id,
 * a count and a surface form each) up to story_params.vocab_cap terms
 * (STORY_VOCAB_CAP); past it, new ones are hashed the same way, into 2^21
 * buckets for stems (ids from STORY_HASHED_BASE) and 2^21 for names (the next
 * 2^21 ids): memory stays bounded whatever the corpus, and the long tail of
 * rare terms still links documents, at the price of a collision now and
 * then. A hashed term has no surface form: it is never shown. */
#define STORY_VOCAB_CAP (1u << 20)
#define STORY_PHRASE_BITS 22
#define STORY_PHRASE_BASE 0x80000000u
#define STORY_HASHED_BITS 21
#define STORY_HASHED_BASE 0x40000000u
#define STORY_HASHED_IDS (2u << STORY_HASHED_BITS)
/* A centroid keeps its strongest terms only. */
#define STORY_CENTROID_WORDS 320
#define STORY_CENTROID_NAMES 96
#define STORY_CENTROID_PHRASES 320
/* Inverted index: a story is posted under its strongest terms; a document
 * asks with its strongest terms, and only the best candidates by that partial
 * score are scored in full. */
#define STORY_INDEX_WORDS 16
#define STORY_INDEX_NAMES 8
#define STORY_QUERY_WORDS 16
#define STORY_QUERY_NAMES 8
#define STORY_MAX_CANDIDATES 16
#define STORY_MAX_POSTINGS 256
/* Open stories: past this many, the least recently joined quarter closes
 * (a hard bound on memory when no dates close them). */
#define STORY_MAX_OPEN 32768
/* Quotation shingles kept per story for the shared-quotation signal. */
#define STORY_MAX_SHINGLES 4096
#define STORY_TOP_TERMS_MAX 32
#define STORY_HEADLINE_MAX 200

/* Constants of the model, measured on the development sets (docs/stories.md);
 * kept in the object (not globals) so that a tuning build can vary them. */
typedef struct story_params {
	size_t lead_words;      /* the lead: the first words of the body; 50 */
	size_t phrase_words;    /* phrases come from the first words of the body; 200 */
	double lead_weight;     /* a lead occurrence counts 1 + this; 2 */
	double phrase_share;    /* share of phrases in the term cosine; 0.7 */
	size_t unit_terms;      /* stems and phrases kept per unit vector; 60 */
	double size_damping;    /* exponent damping a big story's centroid cosine; 0.3 */
	int refine_passes;      /* reassignment passes before a story closes; 1 */
	double settled;         /* a unit that joined at this similarity is not placed again */
	uint32_t min_df;        /* terms in fewer documents get no weight; 2 */
	double name_veto;       /* a name cosine below this caps the similarity at it; 0.2 */
	size_t spill_bytes;     /* features past this many bytes go to a temporary file;
				 * STORY_SPILL_BYTES */
	size_t doc_table_bytes; /* the per-document records past this many bytes go to
				 * a temporary file; STORY_DOC_TABLE_BYTES */
	size_t vocab_cap;       /* stems and names interned; STORY_VOCAB_CAP */
} story_params;

/* The features of the documents are kept in memory up to this many bytes,
 * then all of them go to a temporary file (store.c). */
#define STORY_SPILL_BYTES ((size_t)32 << 20)

/* A term of a document while it is added. Kept packed: the id in
 * wn_stories.term_ids, and one byte in term_counts with the body count
 * (4 bits, at most 15), title and lead counts (2 bits each, at most 3). */
typedef struct feat_term {
	uint32_t id;
	uint8_t tf, title, lead;
} feat_term;

static inline uint8_t story_pack_counts(uint32_t tf, uint32_t title, uint32_t lead)
{
	return (uint8_t)((tf > 15 ? 15 : tf) | (title > 3 ? 3 : title) << 4 | (lead > 3 ? 3 : lead) << 6);
}

/* A quotation of a document read back from the store; the offsets are in
 * the strings of the doc_feats that holds it (each string NUL-terminated). */
typedef struct doc_quote {
	size_t text_off, norm_off, speaker_off;
	uint32_t text_len, norm_len, speaker_len, words;
	uint32_t doc;           /* the document that carries it */
} doc_quote;

/* ---- store.c: the features of the documents until they are clustered ---- */

/* Blobs in memory, then (past story_params.spill_bytes, once the warm-up
 * is over) all of them in an unlinked temporary file in TMPDIR. */
typedef struct feat_store {
	wn_buf mem;             /* the blobs while there is no file */
	FILE *file;             /* the spill; NULL until it is needed */
	int fd;
	uint64_t size;          /* bytes stored: the offset of the next blob */
	int sealed;             /* reading: no more blobs */
} feat_store;

void feat_store_init(feat_store *fs);
void feat_store_release(feat_store *fs);
/* Stores BLOB; *OFF is where. With MAY_SPILL, past LIMIT bytes the store
 * moves to a temporary file. Returns 0, WN_ENOMEM, WN_EIO or WN_ESTATE
 * (sealed). */
int feat_store_put(feat_store *fs, const void *blob, size_t len, size_t limit, int may_spill, uint64_t *off);
/* Ends writing (flushes the file). Returns 0 or WN_EIO. */
int feat_store_seal(feat_store *fs);
/* Reads LEN bytes at OFF into OUT (replacing its contents). The store must
 * be sealed once it spilled. Returns 0, WN_ENOMEM, WN_EIO or WN_ESTATE. */
int feat_store_get(const feat_store *fs, uint64_t off, size_t len, wn_buf *out);

/* The blob of a document: its id and headline (NUL-terminated in NAMES:
 * "id\0headline\0", NAMES_LEN bytes), its terms T[0..N) and the quotations
 * of QL (may be NULL), into B (reset first). Returns 0 or WN_ENOMEM. */
int story_blob_encode(wn_buf *b, const char *names, size_t names_len, const feat_term *t, size_t n,
		      const quote_list *ql);

/* One or more documents' features read back. */
typedef struct doc_feats {
	uint32_t *ids;          /* the terms of the last document loaded */
	uint8_t *counts;        /* packed count bytes (story_pack_counts) */
	size_t term_count, id_cap, count_cap;
	doc_quote *quotes;      /* the quotations, of several documents when kept */
	size_t quote_count, quote_cap;
	wn_buf strings;         /* their strings */
	wn_buf raw;             /* the blob of the last document loaded */
	size_t names_len;       /* its id and headline: raw.ptr + 8, "id\0headline\0" */
} doc_feats;

void doc_feats_init(doc_feats *f);
void doc_feats_release(doc_feats *f);
void doc_feats_clear_quotes(doc_feats *f);

#define STORY_NONE UINT32_MAX

/* What wn_stories keeps of a document: in a rec_table, so in memory only
 * while the table is small. Its id and headline are in its blob. */
typedef struct doc_rec {
	uint64_t feat_off;      /* its blob in wn_stories.store */
	uint64_t group;
	uint32_t feat_len;
	uint32_t source;        /* 1 + index in wn_stories.source_offs; 0: none */
	int32_t day;            /* STORY_NO_DAY when undated; a unit's: its earliest */
	int32_t sort_day;       /* the day it is clustered at (undated: the one before) */
	uint32_t unit;          /* the document that represents its unit */
	uint32_t pos;           /* its unit's place in the clustering order */
	uint32_t story;         /* its story's seq, once clustered */
	float sim;              /* its unit's similarity to the story when it joined */
	uint8_t opened;
	uint8_t quote_count;
} doc_rec;

/* A unit while documents are clustered, by its place in the clustering
 * order (wn_stories.unit_tab): what clustering reads and writes is then near
 * the unit being placed (a story's units are close in time), so that a
 * spilled table's cache serves it. */
typedef struct unit_rec {
	uint64_t feat_off;      /* the blob of the document that represents it */
	uint32_t feat_len;
	uint32_t doc;
	int32_t day;            /* the earliest of its documents */
	uint32_t story;         /* a slot while its story is open, then the seq */
	uint32_t prev, next;    /* places of the units of one story: a doubly linked list */
	float sim;
	uint8_t opened;
} unit_rec;

/* ---- table.c: fixed-size records by number, spilled past a limit -------- */

typedef struct rec_table {
	size_t size;            /* bytes per record */
	size_t per_page, page_bytes;
	size_t count;
	size_t limit;           /* bytes in memory: the records, then the cache */
	unsigned char *mem;     /* the records while there is no file */
	size_t mem_cap;
	int fd;                 /* the spill file; -1 until then */
	unsigned char *cache;   /* direct-mapped pages of the file */
	uint64_t *tag;          /* per cache slot: 1 + the page it holds; 0: none */
	uint8_t *dirty;
	size_t pages;
	uint64_t misses;
} rec_table;

/* Records of REC_SIZE bytes (at most 4096); past LIMIT bytes they move to an
 * unlinked temporary file in TMPDIR and LIMIT bytes of cache stay. Returns 0
 * or WN_EINVAL. */
int rec_table_init(rec_table *t, size_t rec_size, size_t limit);
void rec_table_release(rec_table *t);
/* Each returns 0, WN_ENOMEM or WN_EIO (the file), and get and put WN_EINVAL
 * for a record past the end. */
int rec_table_append(rec_table *t, const void *rec);
int rec_table_get(rec_table *t, size_t i, void *out);
int rec_table_put(rec_table *t, size_t i, const void *rec);

/* Creates the spill file: mkstemp() in TMPDIR (else /tmp), unlinked at once
 * so that it goes away with the process. Returns 0 or WN_EIO. */
int story_spill_file(int *fd);

/* The per-document records stay in memory up to this many bytes; past it
 * as many bytes of cache stay. The closed stories get as much, the documents
 * by story half of it, and the tables read in order or once per story (the
 * clustering order, top terms, numbers, serialised records) an eighth. */
#define STORY_DOC_TABLE_BYTES ((size_t)8 << 20)

typedef struct wterm {
	uint32_t id;
	float w;
} wterm;

/* A sparse vector sorted by term id. */
typedef struct cvec {
	wterm *v;
	size_t n, cap;
	double norm;
} cvec;

/* An open story, in a slot of wn_stories.stories (slots are reused once a
 * story closes). While it is open its units' unit_rec.story is the slot;
 * when it closes they get its number of creation (seq), its top terms are
 * written and the slot is freed: memory holds the open stories only. */
typedef struct story_rec {
	cvec *vec;                  /* centroid, TERM_KINDS vectors: the sum of the unit
				     * vectors */
	uint64_t *shingles;         /* open addressing; 0 = empty */
	uint32_t shingle_count, shingle_cap;
	uint32_t *indexed;          /* the terms it is posted under (STORY_INDEX_WORDS +
				     * STORY_INDEX_NAMES at most) */
	uint32_t indexed_count;
	uint32_t seq;               /* stories opened before it: its identity for ties and
				     * once closed */
	uint32_t head;              /* first unit of its list */
	uint32_t units;
	int32_t first_day, last_day;
	uint64_t touched;           /* the clustering step it was last joined at */
	uint8_t open;
	uint8_t pristine;           /* one unit joined it and nothing else changed it */
} story_rec;

/* A story once clustering is over, by seq in wn_stories.closed_recs (a
 * rec_table), made after the last story closed. */
typedef struct closed_rec {
	uint64_t number;            /* public number; UINT64_MAX: none (no documents) */
	uint64_t docs_off;          /* its documents in the story-documents table */
	uint32_t opener;            /* its earliest unit's document */
	uint32_t first_doc, size;   /* of the documents it kept */
	uint32_t fill;              /* documents placed so far, while they are */
} closed_rec;

typedef struct posting_list {
	uint32_t *ids;
	uint32_t n, cap;
	uint32_t next;              /* full: the entry to overwrite next */
} posting_list;

/* The public records: each story serialised once by wn_stories_finish() into
 * a store (spilled like the features), and decoded on demand into a view
 * whose arrays are reused from one wn_stories_get() to the next. */
typedef struct story_num {
	uint64_t rec_off;           /* the serialised story in story_out.recs */
	uint32_t rec_len;
	uint32_t seq;
} story_num;

typedef struct story_out {
	feat_store recs;
	rec_table *numbers;         /* story_num by public number */
	size_t count;
	uint64_t multi, largest;    /* stories of two or more documents; the largest size */
	/* the view of the last story read */
	wn_buf raw;
	wn_story story;
	size_t *docs;
	const char **sources, **terms;
	wn_story_quote *quotes;
	size_t *quote_docs;
	size_t doc_cap, source_cap, term_cap, quote_cap, quote_doc_cap;
	char dates[22];
} story_out;

struct wn_stories {
	wn_story_options opts;
	story_params params;
	char language[32];
	terms_ctx *terms_ctx;
	term_list tl;
	quote_list ql;
	wn_buf scratch;

	/* vocabulary: hash -> id */
	struct vocab_slot *vocab_slots;   /* open addressing: fingerprint and id */
	size_t vocab_slot_cap;
	uint64_t *vocab_keys;       /* by id */
	uint32_t *df;
	uint8_t *kind;
	uint32_t *surf_off;         /* in surfaces (at most vocab_cap * 62 bytes) */
	size_t vocab_count, vocab_cap;
	wn_buf surfaces;
	uint64_t vocab_hashed;      /* terms past the cap: hashed */
	uint16_t *hashed_df;        /* STORY_HASHED_IDS saturating counts, once needed */
	float *hashed_idf;
	uint32_t *hashed_posting_of;

	/* 1 + ln(tf + title_weight * title + lead_weight * lead), by packed
	 * count byte; ln(df + 1) for small df: the weights without calls to log */
	float tf_weight[256];
	float *log_df;

	/* phrases: hashed document frequencies */
	uint16_t *phrase_df;        /* saturating counts */
	float *phrase_idf;

	/* documents */
	rec_table *docs;            /* doc_rec by index (a pointer: read in const
				     * functions, its cache changes) */
	size_t doc_count;
	wn_buf *names;              /* the id and headline of wn_stories_get_doc() */
	feat_store store;           /* their features, one blob each */
	wn_buf blob;                /* one document's blob while it is added */
	doc_feats feats;            /* one document's features read back */
	feat_term *scratch_terms;   /* one document's terms while it is added */
	size_t scratch_cap;
	wn_buf strings;             /* sources */
	int warmed;

	/* sources: interned */
	size_t *source_offs;        /* in strings */
	size_t source_count, source_cap;
	uint64_t *source_keys;
	uint32_t *source_slots;
	size_t source_slot_cap;

	/* clustering */
	story_rec *stories;         /* the open stories, by slot */
	size_t slot_count, slot_cap;
	uint32_t *free_slots;
	size_t free_count, free_cap;
	size_t story_count;         /* stories opened: the next seq */
	rec_table *closed_recs;     /* closed_rec by seq */
	rec_table *unit_tab;        /* unit_rec by place in the clustering order, while clustering */
	rec_table *tops;            /* by seq: a count, then top_terms strongest stems */
	uint32_t *posting_of;       /* by term id: 1 + its list in postings; 0: none */
	posting_list *postings;
	size_t posting_count, posting_cap;
	uint32_t *free_postings;    /* lists emptied: reused for the next term (their
				     * memory follows the open stories, not the terms
				     * ever indexed) */
	size_t free_posting_count, free_posting_cap;
	uint32_t *open_ids;
	size_t open_count, open_cap;
	float *idf;
	int finished;
	uint64_t undated, units, candidates, closed, merged, moved, quotes_found, shared_quotes;

	story_out *out;             /* a pointer: read in const functions, the view changes */

	/* wn_stories_explain() results */
	const char **explain_strings;
	size_t explain_cap;
	wn_buf explain_pool;        /* the shared quotations they point to */
};

static inline int story_term_kind(const wn_stories *s, uint32_t id)
{
	if (id >= STORY_PHRASE_BASE)
		return TERM_PHRASE;
	if (id >= STORY_HASHED_BASE)
		return (id - STORY_HASHED_BASE) >> STORY_HASHED_BITS ? TERM_NAME : TERM_WORD;
	return s->kind[id];
}

/* 1 when term ID has a surface form to show: an interned stem or name. */
static inline int story_term_shown(const wn_stories *s, uint32_t id)
{
	return id < s->vocab_count;
}

/* store.c: loads the features of document DOC into F; its quotations are
 * appended to those F holds with KEEP_QUOTES, else they replace them.
 * Returns 0, WN_ENOMEM or WN_EIO. */
int story_load_doc(const wn_stories *s, uint32_t doc, doc_feats *f, int keep_quotes);
/* The same from the blob's place, when the caller has it. */
int story_load_blob(const wn_stories *s, uint32_t doc, uint64_t off, uint32_t len, doc_feats *f, int keep_quotes);
/* The record of document DOC into *D, and back. Return 0, WN_EIO or WN_ENOMEM. */
int story_doc_get(const wn_stories *s, uint32_t doc, doc_rec *d);
int story_doc_put(const wn_stories *s, uint32_t doc, const doc_rec *d);
/* The id and headline of document DOC, read into BUF; the pointers are into
 * BUF. Returns 0, WN_ENOMEM or WN_EIO. */
int story_doc_names(const wn_stories *s, uint32_t doc, wn_buf *buf, const char **id, const char **headline);

/* features.c */
/* The unit vectors of document DOC; F is scratch for its features. */
int story_unit_vectors(const wn_stories *s, uint32_t doc, cvec vec[TERM_KINDS], doc_feats *f);
int story_unit_vectors_at(const wn_stories *s, uint32_t doc, uint64_t off, uint32_t len, cvec vec[TERM_KINDS],
			  doc_feats *f);
/* Keeps the K strongest terms of V (ties: the smaller ids), in id order. */
int story_keep_strongest(cvec *v, size_t k, wterm *scratch);
/* The ids of the K strongest terms of V, strongest first, into OUT; returns
 * how many (terms of weight 0 never count). SCRATCH holds V->n items. */
size_t story_top_ids(const cvec *v, size_t k, uint32_t *out, wterm *scratch);
void story_cvec_release(cvec *v);
void story_cvec_norm(cvec *v);
double story_cvec_dot(const cvec *a, const cvec *b);
void story_free_features(wn_stories *s);

/* cluster.c */
uint64_t story_shingle_hash(const char *norm, size_t len);
int story_quote_matches(const char *norm, size_t len, const uint64_t *set, uint32_t cap);
void story_clustering_release(wn_stories *s);

/* report.c */
int story_build_output(wn_stories *s);
void story_output_release(wn_stories *s);

#endif
