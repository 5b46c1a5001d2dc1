/* fuzz_quotes.c - libFuzzer harness for the story module's text parsers:
 *  1. quotes_extract() on the input (quotation marks, nesting, line breaks,
 *     speaker patterns), with the minimum length taken from the first byte;
 *  2. terms_extract() on the input as text, and its first line as a title;
 *  3. story_parse_day() on the input as a date.
 * Nothing may crash, leak or read out of bounds, and the invariants below
 * must hold. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "story/story.h"

#include "fuzz_check.h"

static quote_list ql;
static terms_ctx *ctx;
static term_list tl;

static void check_quotes(const char *text, size_t size, size_t min_words)
{
	CHECK(quotes_extract(&ql, text, size, min_words) == 0);
	CHECK(ql.count <= QUOTES_MAX_PER_DOC);
	for (size_t i = 0; i < ql.count; i++) {
		const quote_item *q = &ql.items[i];
		CHECK(q->text_off + q->text_len <= ql.strings.len);
		CHECK(q->norm_off + q->norm_len <= ql.strings.len);
		CHECK(q->speaker_off + q->speaker_len <= ql.strings.len);
		CHECK(q->text_len <= QUOTES_MAX_TEXT + 8);
		CHECK(q->speaker_len <= QUOTES_MAX_SPEAKER);
		CHECK(q->start < size);
		CHECK(q->word_count >= (min_words ? min_words : 1));
		/* the normalised form is single-spaced words */
		const char *n = ql.strings.ptr + q->norm_off;
		CHECK(q->norm_len > 0 && n[0] != ' ' && n[q->norm_len - 1] != ' ');
		for (size_t k = 1; k < q->norm_len; k++)
			CHECK(!(n[k] == ' ' && n[k - 1] == ' '));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!ctx) {
		if (terms_new(&ctx, "english"))
			abort();
		quote_list_init(&ql);
		term_list_init(&tl);
	}
	const char *text = (const char *)data;
	size_t min_words = size ? 1 + data[0] % 8 : 5;
	check_quotes(text, size, min_words);

	const char *nl = memchr(text, '\n', size);
	size_t title_len = nl ? (size_t)(nl - text) : 0;
	CHECK(terms_extract(ctx, text, size, title_len ? text : NULL, title_len, 50, 200, &tl) == 0);
	for (size_t i = 0; i < tl.count; i++) {
		const term_occ *t = &tl.items[i];
		CHECK(t->kind < TERM_KINDS);
		CHECK(t->surf_off + t->surf_len <= tl.surfaces.len);
		CHECK(t->count + t->title > 0);
	}

	int32_t day = story_parse_day(text, size);
	if (day != STORY_NO_DAY) {
		char buf[11];
		story_format_day(day, buf);
		CHECK(story_parse_day(buf, 10) == day);
	}
	return 0;
}
