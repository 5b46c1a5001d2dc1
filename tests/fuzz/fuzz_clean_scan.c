/* fuzz_clean_scan.c - differential libFuzzer harness for the cleaner's block
 * scan: any bytes as a page (a first line that starts with '#' is the
 * title), scanned with the 64-byte path (as the CPU runs it, and as
 * compiled for baseline x86-64: CLEAN_SCAN_BASELINE) and with the
 * per-character path alone (CLEAN_SCAN_SCALAR). All must find the same
 * lines, blocks and words with the same features, in every mode; the site
 * pass's scan must find the full scan's block hashes; the cleaned page's
 * tokens as the cleaner hands them to the sketch must be text_tokenize()'s
 * of the cleaned text; nothing may read past the input (libFuzzer's buffer
 * is exactly its size). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../clean_oracles.h"
#include "clean/clean.h"
#include "text/text.h"
#include "winnow.h"

#include "fuzz_check.h"

static clean_lexicon lexicon;
static int lexicon_ready;
static wn_cleaner *cleaner;          /* built once, kept for the process */
static text_tokens scratch, reference;

static void check_site_scan(wn_str body)
{
	CHECK(site_scan_mismatch(&lexicon, body) == NULL);
}

static void check_kept_tokens(wn_str body, wn_str title)
{
	size_t count;
	CHECK(kept_tokens_mismatch(cleaner, &scratch, &reference, body, title, &count) == NULL);
}

static void check_same(const clean_page *a, const clean_page *b)
{
	CHECK(a->line_count == b->line_count);
	CHECK(a->block_count == b->block_count);
	CHECK(a->word_count == b->word_count);
	CHECK(a->lang == b->lang);
	CHECK(a->wrapped == b->wrapped);
	for (size_t i = 0; i < a->block_count; i++) {
		const clean_block *x = &a->blocks[i], *y = &b->blocks[i];
		CHECK(x->start == y->start && x->len == y->len);
		CHECK(x->word_first == y->word_first && x->words == y->words);
		CHECK(x->alpha == y->alpha && x->caps == y->caps && x->numbers == y->numbers);
		CHECK(x->stops == y->stops && x->we == y->we && x->you == y->you);
		CHECK(x->links == y->links && x->chunks == y->chunks);
		CHECK(x->sentence_ends == y->sentence_ends && x->separators == y->separators);
		CHECK(x->title_words == y->title_words && x->quoted == y->quoted);
		CHECK(x->appeal_words == y->appeal_words && x->job_words == y->job_words);
		CHECK(x->social_words == y->social_words && x->date_words == y->date_words);
		CHECK(x->cookie_words == y->cookie_words && x->cookie_context == y->cookie_context);
		CHECK(x->pronouns == y->pronouns);
		CHECK(x->flags == y->flags && x->end == y->end);
		CHECK(x->cue == y->cue && x->cue_mode == y->cue_mode);
		CHECK(x->hash == y->hash && x->word_hash == y->word_hash);
		CHECK(!memcmp(x->stop_by_lang, y->stop_by_lang, sizeof(x->stop_by_lang)));
		CHECK(!memcmp(x->we_by_lang, y->we_by_lang, sizeof(x->we_by_lang)));
		CHECK(!memcmp(x->you_by_lang, y->you_by_lang, sizeof(x->you_by_lang)));
	}
	for (size_t i = 0; i < a->word_count; i++) {
		const clean_word *x = &a->words[i], *y = &b->words[i];
		CHECK(x->hash == y->hash && x->flags == y->flags);
		CHECK(x->lex == y->lex && x->stop == y->stop);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!lexicon_ready) {
		/* built once, kept for the process (reachable: no leak) */
		CHECK(clean_lexicon_build(&lexicon) == 0);
		CHECK(wn_cleaner_new(&cleaner, NULL) == 0);
		text_tokens_init(&scratch);
		text_tokens_init(&reference);
		lexicon_ready = 1;
	}
	const char *text = (const char *)data;
	wn_str title = { NULL, 0 }, body = { text, size };
	if (size && text[0] == '#') {
		const char *nl = memchr(text, '\n', size);
		size_t line = nl ? (size_t)(nl - text) : size;
		title.ptr = text + 1;
		title.len = line > 0 ? line - 1 : 0;
		body.ptr = text + line + (nl != NULL);
		body.len = size - line - (nl != NULL);
	}
	static const int modes[] = { CLEAN_SCAN_FULL, CLEAN_SCAN_NO_LANGUAGE };
	for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
		clean_page fast, baseline, scalar;
		clean_page_init(&fast);
		clean_page_init(&baseline);
		clean_page_init(&scalar);
		CHECK(clean_scan(&fast, &lexicon, body, title, modes[m]) == 0);
		CHECK(clean_scan(&baseline, &lexicon, body, title,
				 modes[m] | CLEAN_SCAN_BASELINE) == 0);
		CHECK(clean_scan(&scalar, &lexicon, body, title, modes[m] | CLEAN_SCAN_SCALAR) == 0);
		check_same(&fast, &scalar);
		check_same(&baseline, &scalar);
		clean_page_release(&fast);
		clean_page_release(&baseline);
		clean_page_release(&scalar);
	}
	check_site_scan(body);
	check_kept_tokens(body, title);
	return 0;
}
