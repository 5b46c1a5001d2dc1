/* pipeline/pipeline.c - read, clean, sketch and group a corpus on threads.
 *
 * Documents travel in batches (up to BATCH_DOCS documents or BATCH_BYTES of
 * text) through a fixed pool, one mutex and one condition variable:
 *
 *   reader thread     wn_reader_next -> copies a batch's documents    FREE -> FILLED
 *   worker threads    clean + sketch each document of a batch       FILLED -> DONE
 *   calling thread    on_doc + dedup_insert, in sequence order        DONE -> FREE
 *
 * Per-document work is pure (each worker has its own cleaner clone and
 * sketcher), and everything corpus-wide (the deduplicator, the caller's
 * callback) happens on the calling thread in input order, so the output is
 * byte-identical whatever the number of threads. Memory is bounded by the
 * pool: the text of a document is dropped once its batch is consumed.
 * With one thread the same three steps run inline, without threads.
 * With site repetition on, a first pass counts blocks per site the same
 * way: workers scan pages for their block hashes, the calling thread counts
 * them in the one corpus-wide table, in input order. That scan is cheaper
 * than parsing the input, so the first pass runs one worker fewer (at least
 * one), which leaves the reader a core. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clean/clean.h"
#include "dedup/dedup.h"
#include "util/util.h"

/* A batch holds up to BATCH_DOCS documents or BATCH_BYTES of their fields;
 * with N threads 2N + 2 batches are in flight. Half a MiB is as fast as
 * one MiB and keeps the pool's share of a small run's peak memory down
 * (dedup -j 2 on 100 MB: 50 -> 46 MiB). */
#define BATCH_DOCS 512
#define BATCH_BYTES ((size_t)1 << 19)
#define PROGRESS_INTERVAL 0.1 /* seconds between progress reports */
/* Documents ahead whose exact-hash slot is fetched while one is inserted. */
#define INSERT_PREFETCH 4
#define MAX_THREADS 256

enum { B_FREE, B_FILLED, B_WORKING, B_DONE };
enum { F_ID, F_TEXT, F_TITLE, F_DATE, F_SOURCE, F_URL, F_RAW, F_FILE, F_COUNT };

/* One document of a batch. Offsets point into the batch's arenas until the
 * stage that wrote them ends, then pointers are set (arenas move as they
 * grow). */
typedef struct pl_doc {
	size_t off[F_COUNT], len[F_COUNT];   /* SIZE_MAX offset: absent */
	uint64_t line, ordinal;
	wn_doc doc;

	size_t clean_off, clean_len, lines_off, line_count, removed_count;
	wn_clean_result clean;

	size_t sig_off, band_off, anchor_off;
	dedup_sketch sketch;

	size_t obs_off;          /* the observe pass: block hashes */
	clean_observation obs;
} pl_doc;

typedef struct batch {
	int state;
	uint64_t seq;
	pl_doc *docs;
	size_t count, cap;
	wn_buf in;                 /* documents as read */
	wn_buf out;                /* cleaned text, line decisions, sketches */
	int read_error;            /* a reader error after these documents */
	int work_error;
	uint64_t reader_bytes;     /* reader's byte count after this batch */
	uint64_t removed_by_reason[WN_REASON_COUNT];
	uint64_t lines_removed, bytes_clean;
} batch;

typedef struct worker {
	struct wn_pipeline *pl;
	wn_cleaner *cleaner;
	wn_cleaner *observer;      /* the observe pass's page scanner */
	dedup_sketcher sketcher;
	pthread_t thread;
	int started;
} worker;

struct wn_pipeline {
	char **paths;
	size_t path_count;
	wn_reader_options reader_options;
	wn_pipeline_options opts;
	unsigned threads;

	wn_cleaner *cleaner;       /* the site counts; cloned per worker */
	wn_dedup *dedup;
	wn_reader *reader;         /* of the current pass */
	int observing;             /* the current pass counts site blocks */

	batch *pool;
	size_t pool_size;
	worker *workers;

	pthread_mutex_t lock;
	pthread_cond_t changed;
	uint64_t next_fill_seq, next_consume_seq;
	int reader_done, abort;

	int error;
	char message[1024];
	wn_pipeline_stats stats;

	/* progress of the current pass */
	wn_progress progress;
	double pass_start, last_report;
};

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void wn_pipeline_options_init(wn_pipeline_options *o)
{
	memset(o, 0, sizeof(*o));
	o->clean = 1;
	wn_clean_options_init(&o->clean_options);
	o->dedup = 1;
	wn_dedup_options_init(&o->dedup_options);
}

static unsigned online_cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (unsigned)n;
}

int wn_pipeline_new(wn_pipeline **out, const char *const *paths, size_t path_count,
		    const wn_reader_options *ropts, const wn_pipeline_options *opts)
{
	if (path_count == 0)
		return WN_EINVAL;
	wn_pipeline *pl = calloc(1, sizeof(*pl));
	if (!pl)
		return WN_ENOMEM;
	if (opts)
		pl->opts = *opts;
	else
		wn_pipeline_options_init(&pl->opts);
	if (ropts)
		pl->reader_options = *ropts;
	else
		wn_reader_options_init(&pl->reader_options);
	pl->threads = pl->opts.threads ? pl->opts.threads : online_cores();
	if (pl->threads > MAX_THREADS)
		pl->threads = MAX_THREADS;
	pl->paths = calloc(path_count, sizeof(char *));
	if (!pl->paths) {
		free(pl);
		return WN_ENOMEM;
	}
	pl->path_count = path_count;
	for (size_t i = 0; i < path_count; i++)
		if (!(pl->paths[i] = strdup(paths[i]))) {
			wn_pipeline_free(pl);
			return WN_ENOMEM;
		}
	int rc = 0;
	if (pl->opts.stop_after == WN_STAGE_READ || pl->opts.stop_after == WN_STAGE_NORMALIZE)
		pl->opts.clean = 0;
	/* The normalise stage borrows the sketcher's token buffers. */
	if (pl->opts.dedup || pl->opts.stop_after == WN_STAGE_NORMALIZE)
		rc = wn_dedup_new(&pl->dedup, &pl->opts.dedup_options);
	if (rc == 0 && pl->opts.clean)
		rc = wn_cleaner_new(&pl->cleaner, &pl->opts.clean_options);
	if (rc < 0) {
		wn_pipeline_free(pl);
		return rc;
	}
	pthread_mutex_init(&pl->lock, NULL);
	pthread_cond_init(&pl->changed, NULL);
	pl->stats.threads = pl->threads;
	*out = pl;
	return 0;
}

const char *wn_pipeline_error(const wn_pipeline *pl)
{
	return pl->message;
}

wn_dedup *wn_pipeline_dedup(const wn_pipeline *pl)
{
	return pl->opts.stop_after == WN_STAGE_ALL ? pl->dedup : NULL;
}

void wn_pipeline_get_stats(const wn_pipeline *pl, wn_pipeline_stats *stats)
{
	*stats = pl->stats;
}

static void set_error(wn_pipeline *pl, int code, const char *message)
{
	if (pl->error)
		return;
	pl->error = code;
	snprintf(pl->message, sizeof(pl->message), "%s", message && *message ? message
									 : wn_strerror(code));
}

/* Appends LEN bytes to an arena at an 8-byte aligned offset (*OFF). */
static int arena_put(wn_buf *arena, const void *data, size_t len, size_t *off)
{
	size_t pad = (8 - (arena->len & 7)) & 7;
	WN_TRY(wn_buf_grow(arena, pad + len));
	memset(arena->ptr + arena->len, 0, pad);
	arena->len += pad;
	*off = arena->len;
	if (len)
		memcpy(arena->ptr + arena->len, data, len);
	arena->len += len;
	arena->ptr[arena->len] = '\0';
	return 0;
}

static void batch_reset(batch *b)
{
	b->count = 0;
	wn_buf_reset(&b->in);
	wn_buf_reset(&b->out);
	b->read_error = 0;
	b->work_error = 0;
	b->lines_removed = b->bytes_clean = 0;
	memset(b->removed_by_reason, 0, sizeof(b->removed_by_reason));
}

/* ---- reading ------------------------------------------------------------ */

/* Copies DOC into B. */
static int batch_add(wn_pipeline *pl, batch *b, const wn_doc *doc)
{
	WN_TRY(wn_grow_array((void **)&b->docs, &b->cap, b->count + 1, sizeof(pl_doc)));
	pl_doc *d = &b->docs[b->count];
	memset(d, 0, sizeof(*d));
	wn_str field[F_COUNT] = { doc->id, doc->text, doc->title, doc->date, doc->source, doc->url,
				  pl->opts.keep_raw ? doc->raw : (wn_str){ NULL, 0 },
				  { doc->file, doc->file ? strlen(doc->file) : 0 } };
	for (int f = 0; f < F_COUNT; f++) {
		d->len[f] = field[f].len;
		if (!field[f].ptr)
			d->off[f] = SIZE_MAX;
		else
			WN_TRY(arena_put(&b->in, field[f].ptr, field[f].len, &d->off[f]));
		/* Each field ends in its own NUL (doc->file is a C string). */
		if (field[f].ptr)
			WN_TRY(wn_buf_putc(&b->in, '\0'));
	}
	d->line = doc->line;
	d->ordinal = doc->ordinal;
	b->count++;
	return 0;
}

static wn_str arena_str(const wn_buf *arena, size_t off, size_t len)
{
	wn_str s = { off == SIZE_MAX ? NULL : arena->ptr + off, len };
	return s;
}

/* Points each document's fields into the (now final) input arena. */
static void batch_fix_input(batch *b)
{
	for (size_t i = 0; i < b->count; i++) {
		pl_doc *d = &b->docs[i];
		wn_doc *doc = &d->doc;
		doc->id = arena_str(&b->in, d->off[F_ID], d->len[F_ID]);
		doc->text = arena_str(&b->in, d->off[F_TEXT], d->len[F_TEXT]);
		doc->title = arena_str(&b->in, d->off[F_TITLE], d->len[F_TITLE]);
		doc->date = arena_str(&b->in, d->off[F_DATE], d->len[F_DATE]);
		doc->source = arena_str(&b->in, d->off[F_SOURCE], d->len[F_SOURCE]);
		doc->url = arena_str(&b->in, d->off[F_URL], d->len[F_URL]);
		doc->raw = arena_str(&b->in, d->off[F_RAW], d->len[F_RAW]);
		doc->file = d->off[F_FILE] == SIZE_MAX ? NULL : b->in.ptr + d->off[F_FILE];
		doc->line = d->line;
		doc->ordinal = d->ordinal;
	}
}

/* Fills B from the reader. Returns 1 when the input is exhausted (or
 * failed: B->read_error), else 0. */
static int batch_fill(wn_pipeline *pl, batch *b)
{
	batch_reset(b);
	wn_doc doc;
	int rc = 0;
	while (b->count < BATCH_DOCS && b->in.len < BATCH_BYTES) {
		rc = wn_reader_next(pl->reader, &doc);
		if (rc != 0)
			break;
		if ((rc = batch_add(pl, b, &doc)) < 0)
			break;
	}
	batch_fix_input(b);
	wn_reader_stats rs;
	wn_reader_get_stats(pl->reader, &rs);
	b->reader_bytes = rs.bytes;
	if (rc == WN_EOF)
		return 1;
	if (rc < 0) {
		b->read_error = rc;
		return 1;
	}
	return 0;
}

/* ---- per-document work --------------------------------------------------- */

/* The observe pass's per-document half: the page's site block hashes. */
static int observe_doc(worker *w, batch *b, pl_doc *d)
{
	WN_TRY(clean_observe_prepare(w->observer, &d->doc, &d->obs));
	return arena_put(&b->out, d->obs.hashes, d->obs.count * sizeof(uint64_t), &d->obs_off);
}

static int process_doc(wn_pipeline *pl, worker *w, batch *b, pl_doc *d)
{
	if (pl->observing)
		return observe_doc(w, b, d);
	wn_str matched = d->doc.text;
	int want = pl->opts.on_doc != NULL;
	switch (pl->opts.stop_after) {
	case WN_STAGE_READ:
		return 0;
	case WN_STAGE_NORMALIZE:
		return text_tokenize(&w->sketcher.tokens, matched.ptr ? matched.ptr : "", matched.len);
	default:
		break;
	}
	if (w->cleaner) {
		wn_clean_result res;
		WN_TRY(wn_cleaner_clean(w->cleaner, &d->doc, &res));
		matched = res.text;
		d->removed_count = res.removed_count;
		b->lines_removed += res.removed_count;
		b->bytes_clean += res.text.len;
		for (size_t i = 0; i < res.line_count; i++)
			if (res.lines[i].reason > 0 && res.lines[i].reason < WN_REASON_COUNT)
				b->removed_by_reason[res.lines[i].reason]++;
		if (want) {
			WN_TRY(arena_put(&b->out, res.text.ptr, res.text.len, &d->clean_off));
			d->clean_len = res.text.len;
			WN_TRY(arena_put(&b->out, res.lines, res.line_count * sizeof(wn_clean_line),
					 &d->lines_off));
			d->line_count = res.line_count;
		}
	}
	if (pl->dedup && pl->opts.stop_after != WN_STAGE_CLEAN) {
		dedup_sketch sk;
		if (w->cleaner) {
			/* the cleaner's words are the cleaned text's tokens: no
			 * second tokenising of it */
			const uint64_t *tokens;
			size_t token_count;
			WN_TRY(clean_kept_tokens(w->cleaner, &d->doc, &w->sketcher.tokens, &tokens,
						 &token_count));
			WN_TRY(dedup_sketch_tokens(&w->sketcher, tokens, token_count, &sk));
		} else {
			WN_TRY(dedup_sketch_text(&w->sketcher, matched, &sk));
		}
		d->sketch = sk;
		if (!sk.empty) {
			const wn_dedup_params *p = &w->sketcher.p;
			WN_TRY(arena_put(&b->out, sk.sig, (size_t)p->num_perm,
					 &d->sig_off));
			WN_TRY(arena_put(&b->out, sk.band_key, (size_t)p->bands * sizeof(uint64_t),
					 &d->band_off));
			WN_TRY(arena_put(&b->out, sk.anchors, sk.anchor_count * sizeof(uint32_t),
					 &d->anchor_off));
		}
	}
	return 0;
}

/* Points the results into the (now final) output arena. */
static void batch_fix_output(wn_pipeline *pl, batch *b)
{
	for (size_t i = 0; i < b->count; i++) {
		pl_doc *d = &b->docs[i];
		if (pl->observing) {
			d->obs.hashes = (const uint64_t *)(void *)(b->out.ptr + d->obs_off);
			continue;
		}
		if (pl->cleaner && pl->opts.on_doc) {
			d->clean.text = arena_str(&b->out, d->clean_off, d->clean_len);
			d->clean.lines = (const wn_clean_line *)(void *)(b->out.ptr + d->lines_off);
			d->clean.line_count = d->line_count;
			d->clean.removed_count = d->removed_count;
		}
		if (pl->dedup && !d->sketch.empty) {
			d->sketch.sig = (const uint8_t *)(b->out.ptr + d->sig_off);
			d->sketch.band_key = (const uint64_t *)(void *)(b->out.ptr + d->band_off);
			d->sketch.anchors = (const uint32_t *)(void *)(b->out.ptr + d->anchor_off);
		}
	}
}

static void batch_process(wn_pipeline *pl, worker *w, batch *b)
{
	for (size_t i = 0; i < b->count && !b->work_error; i++) {
		int rc = process_doc(pl, w, b, &b->docs[i]);
		if (rc < 0)
			b->work_error = rc;
	}
	batch_fix_output(pl, b);
}

/* ---- the calling thread's part ------------------------------------------ */

static void report(wn_pipeline *pl, int final)
{
	if (!pl->opts.on_progress)
		return;
	double t = now_seconds();
	if (!final && t - pl->last_report < PROGRESS_INTERVAL)
		return;
	pl->last_report = t;
	pl->progress.seconds = t - pl->pass_start;
	pl->opts.on_progress(pl->opts.progress_ctx, &pl->progress);
}

/* Hands B's documents to the callback and the deduplicator, in order.
 * Returns 0 or the code that stops the pipeline. */
static int batch_consume(wn_pipeline *pl, batch *b)
{
	if (b->work_error)
		return b->work_error;
	for (size_t i = 0; i < b->count && pl->observing; i++) {
		int rc = clean_observe_commit(pl->cleaner, &b->docs[i].obs);
		if (rc < 0)
			return rc;
	}
	for (size_t i = 0; i < b->count && !pl->observing; i++) {
		pl_doc *d = &b->docs[i];
		if (pl->opts.on_doc) {
			int rc = pl->opts.on_doc(pl->opts.doc_ctx, &d->doc,
						 pl->cleaner ? &d->clean : NULL);
			if (rc < 0) {
				set_error(pl, rc, NULL);
				return rc;
			}
		}
		if (pl->dedup && pl->opts.stop_after == WN_STAGE_ALL) {
			if (i + INSERT_PREFETCH < b->count)
				dedup_prefetch(pl->dedup, &b->docs[i + INSERT_PREFETCH].sketch);
			int rc = dedup_insert(pl->dedup, d->doc.id, d->doc.date, &d->sketch);
			if (rc < 0)
				return rc;
		}
	}
	pl->stats.lines_removed += b->lines_removed;
	pl->stats.bytes_clean += b->bytes_clean;
	for (int r = 0; r < WN_REASON_COUNT; r++)
		pl->stats.removed_by_reason[r] += b->removed_by_reason[r];
	pl->progress.docs += b->count;
	pl->progress.bytes = b->reader_bytes;
	report(pl, 0);
	if (b->read_error) {
		set_error(pl, b->read_error, wn_reader_error(pl->reader));
		return b->read_error;
	}
	return 0;
}

/* ---- threads -------------------------------------------------------------- */

static batch *find_batch(wn_pipeline *pl, int state, int lowest_seq)
{
	batch *best = NULL;
	for (size_t i = 0; i < pl->pool_size; i++) {
		batch *b = &pl->pool[i];
		if (b->state == state && (!best || (lowest_seq && b->seq < best->seq)))
			best = b;
	}
	return best;
}

static void *reader_main(void *arg)
{
	wn_pipeline *pl = arg;
	pthread_mutex_lock(&pl->lock);
	for (;;) {
		batch *b;
		while (!pl->abort && !(b = find_batch(pl, B_FREE, 0)))
			pthread_cond_wait(&pl->changed, &pl->lock);
		if (pl->abort)
			break;
		b->state = B_WORKING; /* taken by the reader */
		pthread_mutex_unlock(&pl->lock);
		int last = batch_fill(pl, b);
		pthread_mutex_lock(&pl->lock);
		b->seq = pl->next_fill_seq++;
		b->state = B_FILLED;
		pthread_cond_broadcast(&pl->changed);
		if (last)
			break;
	}
	pl->reader_done = 1;
	pthread_cond_broadcast(&pl->changed);
	pthread_mutex_unlock(&pl->lock);
	return NULL;
}

static void *worker_main(void *arg)
{
	worker *w = arg;
	wn_pipeline *pl = w->pl;
	pthread_mutex_lock(&pl->lock);
	for (;;) {
		batch *b;
		while (!pl->abort && !(b = find_batch(pl, B_FILLED, 1)) && !pl->reader_done)
			pthread_cond_wait(&pl->changed, &pl->lock);
		if (pl->abort || !b)
			break;
		b->state = B_WORKING;
		/* Mark it as the workers', not the reader's: seq is set. */
		pthread_mutex_unlock(&pl->lock);
		batch_process(pl, w, b);
		pthread_mutex_lock(&pl->lock);
		b->state = B_DONE;
		pthread_cond_broadcast(&pl->changed);
	}
	pthread_mutex_unlock(&pl->lock);
	return NULL;
}

static batch *find_seq(wn_pipeline *pl, uint64_t seq)
{
	for (size_t i = 0; i < pl->pool_size; i++)
		if (pl->pool[i].state == B_DONE && pl->pool[i].seq == seq)
			return &pl->pool[i];
	return NULL;
}

static int run_threaded(wn_pipeline *pl)
{
	pthread_t reader;
	int rc = 0;
	pl->next_fill_seq = pl->next_consume_seq = 0;
	pl->reader_done = pl->abort = 0;
	for (size_t i = 0; i < pl->pool_size; i++)
		pl->pool[i].state = B_FREE;
	if (pthread_create(&reader, NULL, reader_main, pl) != 0)
		return WN_ENOMEM;
	/* The observe pass's per-document work (lines and block hashes) costs
	 * less than reading the documents does: there the reader thread is the
	 * one to keep busy, and it gets a core of its own. */
	unsigned workers = pl->observing && pl->threads > 1 ? pl->threads - 1 : pl->threads;
	unsigned started = 0;
	for (unsigned i = 0; i < workers; i++) {
		if (pthread_create(&pl->workers[i].thread, NULL, worker_main, &pl->workers[i]) != 0)
			break;
		pl->workers[i].started = 1;
		started++;
	}
	if (started == 0) {
		pthread_mutex_lock(&pl->lock);
		pl->abort = 1;
		pthread_cond_broadcast(&pl->changed);
		pthread_mutex_unlock(&pl->lock);
		rc = WN_ENOMEM;
	}
	pthread_mutex_lock(&pl->lock);
	while (rc == 0) {
		batch *b;
		while (!(b = find_seq(pl, pl->next_consume_seq)) &&
		       !(pl->reader_done && pl->next_consume_seq == pl->next_fill_seq))
			pthread_cond_wait(&pl->changed, &pl->lock);
		if (!b)
			break; /* all consumed */
		pthread_mutex_unlock(&pl->lock);
		rc = batch_consume(pl, b);
		pthread_mutex_lock(&pl->lock);
		b->state = B_FREE;
		pl->next_consume_seq++;
		pthread_cond_broadcast(&pl->changed);
	}
	if (rc != 0) {
		pl->abort = 1;
		pthread_cond_broadcast(&pl->changed);
	}
	pthread_mutex_unlock(&pl->lock);
	pthread_join(reader, NULL);
	for (unsigned i = 0; i < pl->threads; i++)
		if (pl->workers[i].started) {
			pthread_join(pl->workers[i].thread, NULL);
			pl->workers[i].started = 0;
		}
	return rc;
}

static int run_inline(wn_pipeline *pl)
{
	batch *b = &pl->pool[0];
	int last = 0, rc = 0;
	while (!last && rc == 0) {
		last = batch_fill(pl, b);
		batch_process(pl, &pl->workers[0], b);
		rc = batch_consume(pl, b);
	}
	return rc;
}

/* ---- passes ------------------------------------------------------------ */

/* The plain input files' total size, or 0 when unknown (a directory,
 * standard input, a compressed file). */
static uint64_t total_bytes(const wn_pipeline *pl)
{
	uint64_t total = 0;
	for (size_t i = 0; i < pl->path_count; i++) {
		struct stat sb;
		if (!strcmp(pl->paths[i], "-") || stat(pl->paths[i], &sb) != 0 || !S_ISREG(sb.st_mode))
			return 0;
		FILE *f = fopen(pl->paths[i], "rb");
		unsigned char magic[4] = { 0 };
		size_t got = f ? fread(magic, 1, 4, f) : 0;
		if (f)
			fclose(f);
		if ((got >= 2 && magic[0] == 0x1f && magic[1] == 0x8b) ||
		    (got == 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f &&
		     magic[3] == 0xfd))
			return 0;
		total += (uint64_t)sb.st_size;
	}
	return total;
}

static int open_reader(wn_pipeline *pl, int quiet)
{
	wn_reader_options ro = pl->reader_options;
	if (quiet) {
		ro.on_skip = NULL;
		ro.skip_ctx = NULL;
	}
	wn_reader_free(pl->reader);
	pl->reader = NULL;
	return wn_reader_open(&pl->reader, (const char *const *)pl->paths, pl->path_count, &ro);
}

static void begin_pass(wn_pipeline *pl, int pass)
{
	pl->progress.pass = pass;
	pl->progress.docs = 0;
	pl->progress.bytes = 0;
	pl->pass_start = now_seconds();
	pl->last_report = 0;
}

/* Runs one pass over the input, threaded or inline. */
static int run_pass(wn_pipeline *pl, int pass, int observing)
{
	int rc = open_reader(pl, observing);
	if (rc < 0)
		return rc;
	pl->observing = observing;
	begin_pass(pl, pass);
	rc = pl->threads == 1 ? run_inline(pl) : run_threaded(pl);
	if (rc == 0)
		report(pl, 1);
	pl->observing = 0;
	return rc;
}

static int setup_workers(wn_pipeline *pl)
{
	unsigned n = pl->threads;
	pl->workers = calloc(n, sizeof(worker));
	pl->pool_size = n == 1 ? 1 : (size_t)n * 2 + 2;
	pl->pool = calloc(pl->pool_size, sizeof(batch));
	if (!pl->workers || !pl->pool)
		return WN_ENOMEM;
	for (size_t i = 0; i < pl->pool_size; i++) {
		wn_buf_init(&pl->pool[i].in);
		wn_buf_init(&pl->pool[i].out);
	}
	for (unsigned i = 0; i < n; i++) {
		worker *w = &pl->workers[i];
		w->pl = pl;
		if (pl->cleaner && pl->opts.clean_options.site_repeat)
			WN_TRY(wn_cleaner_new(&w->observer, &pl->opts.clean_options));
		if (pl->dedup)
			dedup_sketcher_init(&w->sketcher, pl->dedup);
	}
	return 0;
}

/* After the observe pass: each worker cleans with a clone that shares the
 * finished (now read-only) site counts. */
static int clone_cleaners(wn_pipeline *pl)
{
	for (unsigned i = 0; i < pl->threads && pl->cleaner; i++)
		WN_TRY(wn_cleaner_clone(&pl->workers[i].cleaner, pl->cleaner));
	return 0;
}

/* Once the passes are over, what they needed goes before the corpus-wide
 * finish takes its own memory: the batches, the cleaners (and the site
 * counts they share), the sketchers and the reader. */
static void release_passes(wn_pipeline *pl)
{
	for (unsigned i = 0; pl->workers && i < pl->threads; i++) {
		worker *w = &pl->workers[i];
		wn_cleaner_free(w->cleaner);
		wn_cleaner_free(w->observer);
		w->cleaner = w->observer = NULL;
		if (pl->dedup)
			dedup_sketcher_release(&w->sketcher);   /* idempotent */
	}
	wn_cleaner_free(pl->cleaner);
	pl->cleaner = NULL;
	for (size_t i = 0; pl->pool && i < pl->pool_size; i++) {
		batch *b = &pl->pool[i];
		free(b->docs);
		b->docs = NULL;
		b->count = b->cap = 0;
		wn_buf_release(&b->in);
		wn_buf_release(&b->out);
	}
	wn_reader_free(pl->reader);
	pl->reader = NULL;
}

int wn_pipeline_run(wn_pipeline *pl)
{
	double start = now_seconds();
	int site = pl->cleaner && pl->opts.clean_options.site_repeat;
	pl->progress.passes = site ? 2 : 1;
	pl->progress.bytes_total = total_bytes(pl);
	int rc = setup_workers(pl);
	if (rc == 0 && site)
		rc = run_pass(pl, 1, 1);
	if (rc == 0)
		rc = clone_cleaners(pl);
	if (rc == 0)
		rc = run_pass(pl, site ? 2 : 1, 0);
	if (pl->reader)
		wn_reader_get_stats(pl->reader, &pl->stats.reader);
	release_passes(pl);
	if (rc == 0 && pl->dedup && pl->opts.stop_after == WN_STAGE_ALL)
		rc = wn_dedup_finish(pl->dedup);
	if (rc < 0)
		set_error(pl, rc, NULL);
	pl->stats.seconds = now_seconds() - start;
	return rc;
}

void wn_pipeline_free(wn_pipeline *pl)
{
	if (!pl)
		return;
	if (pl->workers) {
		for (unsigned i = 0; i < pl->threads; i++) {
			wn_cleaner_free(pl->workers[i].cleaner);
			wn_cleaner_free(pl->workers[i].observer);
			if (pl->dedup)
				dedup_sketcher_release(&pl->workers[i].sketcher);
		}
		free(pl->workers);
	}
	if (pl->pool) {
		for (size_t i = 0; i < pl->pool_size; i++) {
			free(pl->pool[i].docs);
			wn_buf_release(&pl->pool[i].in);
			wn_buf_release(&pl->pool[i].out);
		}
		free(pl->pool);
	}
	if (pl->paths) {
		for (size_t i = 0; i < pl->path_count; i++)
			free(pl->paths[i]);
		free(pl->paths);
	}
	wn_reader_free(pl->reader);
	wn_cleaner_free(pl->cleaner);
	wn_dedup_free(pl->dedup);
	if (pl->stats.threads) {
		pthread_mutex_destroy(&pl->lock);
		pthread_cond_destroy(&pl->changed);
	}
	free(pl);
}
