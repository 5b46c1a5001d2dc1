/* winnow.h - the public API of libwinnow.
 *
 * winnow turns a pile of scraped news and web text into a clean, de-duplicated,
 * story-grouped corpus. The library streams documents from readers (text files,
 * JSONL, gzip, zstd), cleans page chrome, finds exact and near-duplicates and
 * groups articles into stories. The `winnow` program is built on this header only.
 *
 * Conventions:
 *  - Functions return an int status: 0 (WN_OK) or a negative WN_E... code;
 *    wn_strerror() explains a code. WN_EOF (positive) marks the end of input.
 *  - Objects are opaque; _new() allocates, _free() releases everything.
 *  - The library never prints and never exits; messages that name a file and
 *    line are available from the object that failed (wn_reader_error()).
 *  - Strings are UTF-8, given as pointer + length (wn_str); a NULL ptr means
 *    "absent", which differs from an empty string.
 */
#ifndef WINNOW_H
#define WINNOW_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WN_VERSION_MAJOR 0
#define WN_VERSION_MINOR 1
#define WN_VERSION_PATCH 0
#define WN_VERSION_STRING "0.1.0"

/* Returns the library's version string, e.g. "0.1.0" (static storage). */
const char *wn_version(void);

/* ---- status codes ------------------------------------------------------ */
enum {
	WN_OK = 0,
	WN_EOF = 1,        /* end of input (not an error) */
	WN_ENOMEM = -1,    /* out of memory */
	WN_EIO = -2,       /* a file could not be opened, read or written */
	WN_EPARSE = -3,    /* malformed input (invalid JSON, ...) */
	WN_EFIELD = -4,    /* a record lacks a required field, or it has the wrong type */
	WN_ETOOBIG = -5,   /* a line, record or stream passed its hard cap */
	WN_ECORRUPT = -6,  /* a truncated or corrupt compressed stream */
	WN_EINVAL = -7,    /* an invalid argument or option */
	WN_ESTATE = -8     /* a call out of order (e.g. adding after finishing) */
};

/* Returns a short English description of CODE (static storage). */
const char *wn_strerror(int code);

/* A string slice: PTR is not NUL-terminated in general. PTR == NULL: absent. */
typedef struct wn_str {
	const char *ptr;
	size_t len;
} wn_str;

/* ---- documents and readers (io/) -------------------------------------- */

/* One input document. All strings belong to the reader that produced it and
 * stay valid until the next wn_reader_next() or wn_reader_free(). */
typedef struct wn_doc {
	wn_str id;         /* the id field, the file's relative path, or the ordinal */
	wn_str text;       /* the text (JSON unescaped); may be empty, never absent */
	wn_str title;      /* optional fields: ptr NULL when absent */
	wn_str date;
	wn_str source;
	wn_str url;
	wn_str raw;        /* the whole JSONL record as read (no newline); absent for text files */
	const char *file;  /* the input path the document came from */
	uint64_t line;     /* 1-based line number in FILE (JSONL), 0 for a text file */
	uint64_t ordinal;  /* 0-based position among all documents read */
} wn_doc;

/* Called for every bad record skipped when skip_bad is set. MESSAGE names the
 * file and line ("corpus.jsonl:12: invalid JSON: ..."); it is valid only
 * during the call. */
typedef void (*wn_skip_fn)(void *ctx, int code, const char *message);

typedef struct wn_reader_options {
	const char *id_field;      /* default "id" */
	const char *text_field;    /* default "text" */
	const char *title_field;   /* NULL: not read */
	const char *date_field;
	const char *source_field;
	const char *url_field;
	int skip_bad;              /* skip malformed records instead of failing */
	wn_skip_fn on_skip;        /* optional, with skip_bad */
	void *skip_ctx;
	size_t max_record;         /* cap on one line/record/text file in bytes; 0: 256 MiB */
} wn_reader_options;

/* Fills OPTS with the defaults above. */
void wn_reader_options_init(wn_reader_options *opts);

typedef struct wn_reader wn_reader;

/* Opens a reader over PATHS (PATH_COUNT entries, read in the order given).
 * A path may be:
 *  - a directory: its *.txt files, searched recursively, in byte order of
 *    their paths; a document's id is its path relative to the directory,
 *    without ".txt"; symbolic links to files are followed, links to
 *    directories are not (no cycles);
 *  - "-": standard input, read as JSONL (plain, gzip or zstd);
 *  - a file: gzip and zstd are recognised by their first bytes, not their
 *    names; the (decompressed) content is JSONL when its first non-blank byte
 *    is '{' and the name does not end in ".txt", else one plain-text document
 *    whose id is the file name without directories and ".txt". A file that
 *    holds only blank space gives no document unless its name ends in ".txt"
 *    (then one empty document). A leading UTF-8 byte order mark is skipped.
 * Blank lines of JSONL are skipped; lines may end in "\r\n". JSONL is strict
 * JSON; "\u0000" in a string gives a NUL byte (lengths are explicit).
 * OPTS may be NULL for the defaults; its strings are copied.
 * Returns 0 and sets *OUT, or WN_ENOMEM / WN_EINVAL (an empty path list).
 * Files are opened lazily: a missing file is reported by wn_reader_next(). */
int wn_reader_open(wn_reader **out, const char *const *paths, size_t path_count,
		   const wn_reader_options *opts);

/* Reads the next document into DOC.
 * Returns 0, WN_EOF at the end of all input, or a negative code
 * (WN_EIO, WN_EPARSE, WN_EFIELD, WN_ETOOBIG, WN_ECORRUPT, WN_ENOMEM);
 * after an error wn_reader_error() names the file and line or byte offset.
 * With skip_bad, bad records are skipped and counted instead (WN_EIO on a
 * file that cannot be opened is still returned). After an error the reader
 * may only be freed. */
int wn_reader_next(wn_reader *reader, wn_doc *doc);

/* The message of the last error ("" if none), e.g.
 * "corpus.jsonl:1042: invalid JSON at byte 17: expected ','". Valid until
 * the next call on READER. */
const char *wn_reader_error(const wn_reader *reader);

typedef struct wn_reader_stats {
	uint64_t docs;            /* documents returned */
	uint64_t bytes;           /* input bytes consumed (after decompression) */
	uint64_t files;           /* files opened */
	uint64_t skipped;         /* bad records skipped (skip_bad) */
	uint64_t empty;           /* documents with empty text (returned, never dropped) */
} wn_reader_stats;

void wn_reader_get_stats(const wn_reader *reader, wn_reader_stats *stats);

/* Frees READER and everything it returned. NULL is allowed. */
void wn_reader_free(wn_reader *reader);

/* ---- atomic output (io/) ---------------------------------------------- */

typedef struct wn_output wn_output;

/* Opens PATH for writing through a temporary file in the same directory,
 * renamed over PATH by wn_output_commit(); NULL or "-" writes to standard
 * output directly. Returns 0, WN_EIO (with errno set) or WN_ENOMEM. */
int wn_output_open(wn_output **out, const char *path);

/* Appends LEN bytes. Returns 0 or WN_EIO. */
int wn_output_write(wn_output *out, const void *data, size_t len);
/* Appends a NUL-terminated string. */
int wn_output_puts(wn_output *out, const char *s);
/* Appends S as a JSON string literal, quotes included; invalid UTF-8 is
 * replaced by U+FFFD, control characters are escaped. PTR NULL writes null. */
int wn_output_json_string(wn_output *out, wn_str s);
/* Appends an unsigned decimal number. */
int wn_output_u64(wn_output *out, uint64_t value);
/* Appends a number with 4 decimals, e.g. "0.9375". */
int wn_output_fixed4(wn_output *out, double value);

/* Flushes, syncs and renames the temporary file over the target, then frees
 * OUT. Returns 0 or WN_EIO (the temporary file is removed). */
int wn_output_commit(wn_output *out);
/* Removes the temporary file (the target is left untouched) and frees OUT.
 * NULL is allowed. */
void wn_output_abort(wn_output *out);

/* ---- cleaning (clean/) ------------------------------------------------- */

/* Why a line was removed; wn_clean_reason_name() gives the stable name used
 * in JSON output ("nav", "appeal", ...). */
typedef enum wn_clean_reason {
	WN_KEEP = 0,
	WN_REASON_NAV,         /* navigation, menus, breadcrumbs, "Skip to content" */
	WN_REASON_SHARE,       /* share / follow / social buttons */
	WN_REASON_COOKIE,      /* cookie and consent banners */
	WN_REASON_APPEAL,      /* donation, subscription and newsletter appeals */
	WN_REASON_BIO,         /* bylines and author bios */
	WN_REASON_READMORE,    /* "Read more", "Continue reading" */
	WN_REASON_META,        /* reading time, dates alone, "Advertisement", photo credits */
	WN_REASON_TEASER,      /* teasers of other stories after the article */
	WN_REASON_LEGAL,       /* copyright and legal lines */
	WN_REASON_SHORT,       /* short non-sentence lines outside the article */
	WN_REASON_LINKS,       /* link-like or handle-heavy lines */
	WN_REASON_COMMENT,     /* reader comments */
	WN_REASON_SITE_REPEAT, /* seen on many pages of the same site */
	WN_REASON_COUNT
} wn_clean_reason;

const char *wn_clean_reason_name(wn_clean_reason reason);

typedef struct wn_clean_options {
	int site_repeat;           /* count blocks per site (needs wn_cleaner_observe); default 1 */
	double site_min_share;     /* share of a site's pages a block must be on; default 0.3 */
	uint32_t site_min_pages;   /* and at least this many pages; default 3 */
	int language_independent;  /* ignore stopword lists; default 0 */
} wn_clean_options;

void wn_clean_options_init(wn_clean_options *opts);

/* One line of a cleaned page: its 1-based line number in the input text, its
 * bytes, and the decision. */
typedef struct wn_clean_line {
	uint32_t line;
	wn_str text;
	wn_clean_reason reason;   /* WN_KEEP for kept lines */
} wn_clean_line;

/* The result of cleaning one document. Owned by the cleaner; valid until the
 * next wn_cleaner_clean() on the same cleaner. */
typedef struct wn_clean_result {
	wn_str text;                /* the kept lines joined with '\n' */
	const wn_clean_line *lines; /* every non-blank input line, in order */
	size_t line_count;
	size_t removed_count;
} wn_clean_result;

typedef struct wn_cleaner wn_cleaner;

/* Creates a cleaner. OPTS may be NULL for the defaults. Returns 0, WN_EINVAL
 * (site_min_share outside [0, 1]) or WN_ENOMEM. */
int wn_cleaner_new(wn_cleaner **out, const wn_clean_options *opts);

/* First pass (optional): counts DOC's blocks for its site (doc->source, else
 * the URL's host, else the folder of doc->file). Memory is bounded: a fixed
 * budget of block counters per cleaner. Returns 0 (also when site_repeat is
 * off), WN_EINVAL, WN_ENOMEM, or WN_ESTATE once the cleaner has been cloned. */
int wn_cleaner_observe(wn_cleaner *cleaner, const wn_doc *doc);

/* Cleans DOC into *RESULT (see wn_clean_result for ownership). Thread-safety:
 * one cleaner per thread, or wn_cleaner_clone() after the observe pass.
 * Returns 0, WN_EINVAL (a NULL argument), WN_ENOMEM or WN_ETOOBIG (a text of
 * 4 GiB or more). The same document gives the same result whatever was
 * cleaned before. */
int wn_cleaner_clean(wn_cleaner *cleaner, const wn_doc *doc, wn_clean_result *result);

/* A cleaner sharing CLEANER's (read-only, finished) site counts, for another
 * thread. Free it with wn_cleaner_free(). */
int wn_cleaner_clone(wn_cleaner **out, const wn_cleaner *cleaner);

void wn_cleaner_free(wn_cleaner *cleaner);

/* ---- near-duplicate detection (sketch/, dedup/) ------------------------ */

typedef enum wn_dedup_method {
	WN_METHOD_MINHASH = 0,   /* one-permutation MinHash with densification + LSH */
	WN_METHOD_MINHASH_CLASSIC, /* k independent hash functions + LSH */
	WN_METHOD_SIMHASH        /* 64-bit SimHash, Hamming distance */
} wn_dedup_method;

typedef struct wn_dedup_options {
	double threshold;      /* Jaccard threshold for near-duplicates; default 0.8 */
	int ngram;             /* words per shingle; default 5 */
	int num_perm;          /* MinHash size; 0: derived from threshold */
	int bands;             /* LSH bands; 0: derived from threshold and num_perm */
	double containment;    /* share of the shorter doc inside the longer; 0 = off */
	wn_dedup_method method;
	int simhash_distance;  /* WN_METHOD_SIMHASH: max Hamming distance, 0..12; default 3 */
	uint64_t seed;         /* hash seed; default 0 */
} wn_dedup_options;

void wn_dedup_options_init(wn_dedup_options *opts);

typedef struct wn_dedup wn_dedup;

/* Creates a deduplicator (OPTS NULL: the defaults); fails with WN_EINVAL on impossible options
 * (threshold outside (0,1], ngram < 1, bands not dividing num_perm, ...).
 * The resolved parameters are readable with wn_dedup_get_params(). */
int wn_dedup_new(wn_dedup **out, const wn_dedup_options *opts);

typedef struct wn_dedup_params {
	int num_perm, bands, rows, ngram, simhash_distance;
	double threshold, containment;
	wn_dedup_method method;
} wn_dedup_params;

void wn_dedup_get_params(const wn_dedup *dedup, wn_dedup_params *params);

/* Adds DOC, matching on doc->text as given (pass cleaned text to match on
 * clean text). Copies what it keeps (id, date); the text is sketched, not kept.
 * Returns 0, WN_ENOMEM, or WN_ESTATE after wn_dedup_finish(). */
int wn_dedup_add(wn_dedup *dedup, const wn_doc *doc);

/* Finds the groups. Call once, after the last wn_dedup_add(). */
int wn_dedup_finish(wn_dedup *dedup);

/* Per document, in the order added. */
typedef struct wn_dup_info {
	const char *id;        /* NUL-terminated, owned by DEDUP */
	uint64_t cluster;      /* index (order added) of the group's kept document */
	uint64_t keeper;       /* index of the kept document; == own index if kept */
	double similarity;     /* estimated similarity to the kept document (1 for itself) */
	int exact;             /* 1 when identical to the kept document after normalisation */
} wn_dup_info;

size_t wn_dedup_count(const wn_dedup *dedup);
/* Fills INFO for document INDEX (0-based). Needs wn_dedup_finish(). */
int wn_dedup_get(const wn_dedup *dedup, size_t index, wn_dup_info *info);

typedef struct wn_dedup_stats {
	uint64_t docs, exact_dups, near_dups, groups, empty, candidates, verified;
} wn_dedup_stats;

void wn_dedup_get_stats(const wn_dedup *dedup, wn_dedup_stats *stats);

void wn_dedup_free(wn_dedup *dedup);

/* Compares two texts the way a deduplicator with OPTS (NULL: defaults) would:
 * *JACCARD is the estimated Jaccard similarity of their shingle sets and
 * *CONTAINMENT the estimated share of the smaller set inside the larger.
 * Either out pointer may be NULL. Returns 0, WN_EINVAL or WN_ENOMEM. */
int wn_dedup_compare(const wn_dedup_options *opts, wn_str a, wn_str b,
		     double *jaccard, double *containment);

/* ---- the whole job on threads (pipeline/) ----------------------------- */

/* Progress of a pipeline, for a progress bar. */
typedef struct wn_progress {
	int pass, passes;        /* 1-based pass number, of PASSES */
	uint64_t docs;           /* documents done in this pass */
	uint64_t bytes;          /* input bytes done in this pass (decompressed) */
	uint64_t bytes_total;    /* the plain input files' total size, 0 if unknown */
	double seconds;          /* since the pass began */
} wn_progress;

/* Called on the thread that runs the pipeline, about ten times a second at
 * most, and once at the end of each pass. */
typedef void (*wn_progress_fn)(void *ctx, const wn_progress *progress);

/* Called for every document, in input order, on the thread that runs the
 * pipeline: DOC as read (its raw record only with keep_raw) and CLEAN, its
 * cleaned text and line decisions (NULL when cleaning is off). Both are
 * valid during the call only. Return 0 to go on, or a negative code to stop
 * the pipeline with that code. */
typedef int (*wn_doc_fn)(void *ctx, const wn_doc *doc, const wn_clean_result *clean);

/* Where a pipeline stops, for benchmarks: after reading, after tokenising,
 * after cleaning, after sketching (nothing grouped), or the whole job. */
typedef enum wn_stage {
	WN_STAGE_ALL = 0,
	WN_STAGE_READ,
	WN_STAGE_NORMALIZE,
	WN_STAGE_CLEAN,
	WN_STAGE_SKETCH
} wn_stage;

typedef struct wn_pipeline_options {
	unsigned threads;          /* worker threads; 0: one per online core */
	wn_stage stop_after;       /* default WN_STAGE_ALL */
	int clean;                 /* clean before matching; default 1 */
	wn_clean_options clean_options;  /* site_repeat adds a first pass */
	int dedup;                 /* sketch and group; default 1 */
	wn_dedup_options dedup_options;
	int keep_raw;              /* pass doc->raw to on_doc; default 0 */
	wn_doc_fn on_doc;
	void *doc_ctx;
	wn_progress_fn on_progress;
	void *progress_ctx;
} wn_pipeline_options;

void wn_pipeline_options_init(wn_pipeline_options *opts);

typedef struct wn_pipeline wn_pipeline;

/* Creates a pipeline over PATHS (see wn_reader_open; "-" cannot be read
 * twice, so with site_repeat the caller must give a file). The reader's
 * on_skip callback is called from the reading thread. */
int wn_pipeline_new(wn_pipeline **out, const char *const *paths, size_t path_count,
		    const wn_reader_options *reader_options, const wn_pipeline_options *opts);

/* Runs every pass: reading runs ahead on its own thread, cleaning and
 * sketching run on the workers, and on_doc and the deduplicator's inserts
 * run in input order on the calling thread, so results do not depend on
 * the number of threads. Returns 0, a reader error (see
 * wn_pipeline_error()), WN_ENOMEM, or the code on_doc stopped with. */
int wn_pipeline_run(wn_pipeline *pipeline);

/* The message of the last error, naming the file and line ("" if none). */
const char *wn_pipeline_error(const wn_pipeline *pipeline);

/* The finished deduplicator, owned by PIPELINE; NULL without dedup or
 * when the pipeline stops before grouping. */
wn_dedup *wn_pipeline_dedup(const wn_pipeline *pipeline);

typedef struct wn_pipeline_stats {
	wn_reader_stats reader;    /* of the main pass */
	uint64_t lines_removed;    /* by the cleaner */
	uint64_t bytes_clean;      /* cleaned text kept */
	uint64_t removed_by_reason[WN_REASON_COUNT];
	double seconds;            /* all passes and grouping */
	unsigned threads;
} wn_pipeline_stats;

void wn_pipeline_get_stats(const wn_pipeline *pipeline, wn_pipeline_stats *stats);

void wn_pipeline_free(wn_pipeline *pipeline);

/* ---- stories (story/) -------------------------------------------------- */

/* Groups the articles that report the same event into stories, and finds the
 * quotations they share. Each document is reduced to compact features (TF-IDF
 * weighted word stems, capitalised names, quotations, date); the text itself
 * is not kept. wn_stories_finish() clusters them online in date order (input
 * order for undated documents): a document joins the most similar open story
 * when the similarity passes the threshold, else it opens a new story.
 * A near-duplicate group joins a story as one unit. docs/stories.md describes
 * the model and its measured scores. */

typedef struct wn_story_options {
	double threshold;         /* similarity needed to join a story; default 0.19 */
	double merge_threshold;   /* two stories whose centroids are this similar merge
				   * before they close; default 0.35; 0: never merge */
	double term_weight;       /* weight of the word-stem cosine; default 0.6 */
	double entity_weight;     /* weight of the name cosine; default 0.4 */
	double quote_weight;      /* added for shared quotations (full at two); default 0.2 */
	double day_penalty;       /* subtracted per day outside a story's dates; default 0.01 */
	uint32_t close_days;      /* a story idle this many days closes; default 30; 0: never */
	double title_weight;      /* a title word counts this many times; default 2 */
	uint32_t min_quote_words; /* shortest quotation kept, in words; default 5 */
	uint32_t top_terms;       /* terms listed per story; default 8 */
	const char *language;     /* Snowball stemmer name; default "english" (copied) */
} wn_story_options;

/* Fills OPTS with the defaults above. */
void wn_story_options_init(wn_story_options *opts);

typedef struct wn_stories wn_stories;

/* Creates a story grouper. OPTS may be NULL for the defaults.
 * Returns 0 and sets *OUT, WN_EINVAL (an unknown language, a weight below 0,
 * a threshold outside (0, 2]) or WN_ENOMEM. */
int wn_stories_new(wn_stories **out, const wn_story_options *opts);

/* No near-duplicate group: the document is a unit of its own. */
#define WN_NO_GROUP UINT64_MAX

/* Adds DOC. Its text should be the cleaned text; its title, date ("YYYY-MM-DD"
 * with an optional time, RFC 2822, "March 9, 2022" or "9 March 2022") and
 * source are used when present. Documents with the same GROUP key (e.g.
 * wn_dup_info.cluster) form one unit that is clustered as its first
 * document; WN_NO_GROUP for none, or set it later with wn_stories_set_group().
 * Copies what it keeps (id, source, a short headline, features); past a few
 * megabytes of features or of per-document records, they go to unlinked
 * temporary files in TMPDIR (else /tmp). Returns 0, WN_ENOMEM, WN_EIO (such
 * a file), or WN_ESTATE after wn_stories_finish(). */
int wn_stories_add(wn_stories *stories, const wn_doc *doc, uint64_t group);

/* Sets the near-duplicate group of document INDEX (0-based, order added),
 * for when groups are known only after every document was added.
 * Returns 0, WN_EINVAL (INDEX out of range), WN_EIO or WN_ESTATE after
 * finishing. */
int wn_stories_set_group(wn_stories *stories, size_t index, uint64_t group);

/* Clusters the documents. Call once, after the last wn_stories_add().
 * Returns 0, WN_ENOMEM, WN_EIO or WN_ESTATE (called twice). */
int wn_stories_finish(wn_stories *stories);

/* Per document, in the order added. Needs wn_stories_finish(). */
typedef struct wn_story_doc {
	const char *id;        /* NUL-terminated, owned by STORIES, valid until the next
				* wn_stories_get_doc() or wn_stories_write_json() (ids are
				* read back from where a large corpus keeps them: a file) */
	uint64_t story;        /* story number: 0, 1, ... in the order of each story's first document as added */
	double similarity;     /* similarity of its unit to the story when it joined; 1 when it opened the story */
	int opened;            /* 1 when this document's unit opened the story */
} wn_story_doc;

size_t wn_stories_doc_count(const wn_stories *stories);
/* Fills INFO for document INDEX. Returns 0, WN_EINVAL, WN_ESTATE, or WN_EIO
 * when the temporary file of a large corpus cannot be read. */
int wn_stories_get_doc(const wn_stories *stories, size_t index, wn_story_doc *info);

/* A quotation carried by two or more documents of a story. Wordings that are
 * equal after lower-casing and removing punctuation are one quotation, and so
 * is a quotation with a longer one that contains it. */
typedef struct wn_story_quote {
	const char *text;      /* the shared wording as first written */
	const char *speaker;   /* the most named speaker, NULL when no pattern names one */
	const size_t *docs;    /* indices of the documents that carry it, ascending */
	size_t doc_count;
	size_t first_doc;      /* its first appearance: earliest date, then order added */
} wn_story_quote;

typedef struct wn_story {
	uint64_t story;                /* the story number */
	const char *headline;          /* title, else first line, of its first document */
	size_t size;                   /* number of documents */
	const size_t *docs;            /* their indices, ascending */
	const char *const *sources;    /* distinct sources, in order of first appearance */
	size_t source_count;
	const char *first_date;        /* "YYYY-MM-DD"; NULL when no document is dated */
	const char *last_date;
	const char *const *top_terms;  /* strongest terms, strongest first */
	size_t top_term_count;
	const wn_story_quote *quotes;  /* by number of documents, then first appearance */
	size_t quote_count;
} wn_story;

size_t wn_stories_count(const wn_stories *stories);
/* Fills *STORY for story number NUMBER, read back from where the records of
 * a large corpus are kept (a temporary file). Its pointers stay valid until
 * the next wn_stories_get() or wn_stories_write_json() on STORIES. Returns 0,
 * WN_EINVAL, WN_ESTATE or WN_EIO. */
int wn_stories_get(const wn_stories *stories, uint64_t number, wn_story *story);

/* Writes story NUMBER as one JSON object (no newline): story, headline, size,
 * sources, first_date, last_date, top_terms and quotes [{text, speaker, docs
 * (ids)}]. Returns 0, WN_EIO, WN_EINVAL or WN_ESTATE. */
int wn_stories_write_json(const wn_stories *stories, uint64_t number, wn_output *out);

/* Why two documents are, or are not, one story. */
typedef struct wn_story_explain {
	double term_cosine;        /* words and phrases together, as weighed */
	double word_cosine;        /* cosine of the TF-IDF word-stem vectors */
	double phrase_cosine;      /* of the phrase (two stems in a row) vectors */
	double entity_cosine;      /* cosine of the name vectors */
	int names_capped;          /* both name people and places, and so few match that
				    * the name cosine caps the similarity */
	size_t shared_quotes;      /* quotations of one found in the other */
	double gap_days;           /* days between their dates; -1 when either is undated */
	double similarity;         /* the combined score, as one document against the other alone */
	double threshold;          /* the score a document needs to join a story */
	int similar;               /* similarity >= threshold */
	int same_story;            /* the clustering put them in one story */
	int same_group;            /* they share a near-duplicate group */
	uint64_t story_a, story_b; /* their stories */
	double joined_a, joined_b; /* each one's similarity to its story when it joined */
	const char *const *shared_terms;    /* strongest shared word stems, strongest first */
	size_t shared_term_count;
	const char *const *shared_entities; /* strongest shared names */
	size_t shared_entity_count;
	const char *const *shared_quote_texts;
	size_t shared_quote_count;
} wn_story_explain;

/* Explains documents A and B (indices, order added). Needs wn_stories_finish().
 * The arrays in *OUT belong to STORIES and stay valid until the next call or
 * wn_stories_free(). Returns 0, WN_EINVAL, WN_ESTATE or WN_ENOMEM. */
int wn_stories_explain(wn_stories *stories, size_t a, size_t b, wn_story_explain *out);

typedef struct wn_stories_stats {
	uint64_t docs, units, stories, undated, quotes, shared_quotes;
	uint64_t vocabulary, candidates, closed, merged, moved;
	uint64_t multi_doc_stories;   /* stories of two or more documents */
	uint64_t largest_story;       /* documents in the largest story */
	uint64_t hashed_terms;        /* terms of documents past the vocabulary's cap, hashed */
} wn_stories_stats;

void wn_stories_get_stats(const wn_stories *stories, wn_stories_stats *stats);

/* Frees STORIES and everything it returned. NULL is allowed. */
void wn_stories_free(wn_stories *stories);

#ifdef __cplusplus
}
#endif
#endif /* WINNOW_H */
