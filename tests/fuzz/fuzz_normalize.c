/* fuzz_normalize.c - libFuzzer harness for the text normaliser and tokeniser.
 * Any bytes go in; besides crashes and leaks it checks:
 *  - the fast paths give what the reference definitions give (normal form,
 *    tokens, invalid byte count);
 *  - every token hash is text_token_hash() of its bytes, and norm is the
 *    tokens, each followed by one space;
 *  - the normal form is valid UTF-8 and its own normal form, and tokenising
 *    it (or the tokens' text) gives the same tokens: both are idempotent;
 *  - text_utf8_sanitize() output is valid UTF-8 with the same invalid count. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/text.h"

#include "fuzz_check.h"

static void check_structure(const text_tokens *t)
{
	size_t pos = 0;
	for (size_t i = 0; i < t->count; i++) {
		CHECK(t->start[i] == pos);
		CHECK(t->length[i] > 0);
		CHECK(t->norm.ptr[t->start[i] + t->length[i]] == ' ');
		CHECK(memchr(t->norm.ptr + t->start[i], ' ', t->length[i]) == NULL);
		CHECK(t->hash[i] == text_token_hash(t->norm.ptr + t->start[i], t->length[i]));
		pos += t->length[i] + 1;
	}
	CHECK(t->norm.len == pos);
}

static void check_same_tokens(const text_tokens *a, const text_tokens *b)
{
	CHECK(a->count == b->count);
	CHECK(a->norm.len == b->norm.len);
	CHECK(a->norm.len == 0 || memcmp(a->norm.ptr, b->norm.ptr, a->norm.len) == 0);
	for (size_t i = 0; i < a->count; i++) {
		CHECK(a->start[i] == b->start[i]);
		CHECK(a->length[i] == b->length[i]);
		CHECK(a->hash[i] == b->hash[i]);
	}
}

static void check_same_buf(const wn_buf *a, const wn_buf *b)
{
	CHECK(a->len == b->len);
	CHECK(a->len == 0 || memcmp(a->ptr, b->ptr, a->len) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Reused across inputs, as a worker reuses them across documents. */
	static text_tokens tok, again;
	static int ready;
	const char *in = (const char *)data;
	if (!ready) {
		text_tokens_init(&tok);
		text_tokens_init(&again);
		ready = 1;
	}

	text_tokens ref;
	wn_buf norm, norm_ref, norm2, clean;
	size_t bad = 0, bad_ref = 0, bad2 = 0, bad_clean = 0;
	text_tokens_init(&ref);
	wn_buf_init(&norm);
	wn_buf_init(&norm_ref);
	wn_buf_init(&norm2);
	wn_buf_init(&clean);

	CHECK(text_tokenize(&tok, in, size) == 0);
	check_structure(&tok);

	CHECK(text_utf8_sanitize(&clean, in, size, &bad_clean) == 0);
	CHECK(text_normalize(&norm, in, size, &bad) == 0);
	CHECK(bad == bad_clean);
	CHECK(tok.invalid_bytes == bad);
	CHECK(text_utf8_sanitize(&norm2, clean.ptr, clean.len, &bad2) == 0 && bad2 == 0);
	check_same_buf(&norm2, &clean);

	/* The reference runs utf8proc_map() on the whole text, whose mark
	 * ordering is quadratic: keep it to inputs of libFuzzer's usual size. */
	if (size <= 8192) {
		CHECK(text_normalize_reference(&norm_ref, in, size, &bad_ref) == 0);
		check_same_buf(&norm, &norm_ref);
		CHECK(bad_ref == bad);
		CHECK(text_tokenize_reference(&ref, in, size) == 0);
		check_same_tokens(&tok, &ref);
		CHECK(ref.invalid_bytes == bad);
	}

	/* idempotence: the normal form is valid UTF-8 and normalises to itself */
	CHECK(text_normalize(&norm2, norm.ptr, norm.len, &bad2) == 0);
	CHECK(bad2 == 0);
	check_same_buf(&norm2, &norm);
	CHECK(text_tokenize(&again, norm.ptr, norm.len) == 0);
	check_same_tokens(&tok, &again);
	CHECK(text_tokenize(&again, tok.norm.ptr, tok.norm.len) == 0);
	check_same_tokens(&tok, &again);
	CHECK(again.invalid_bytes == 0);

	text_tokens_release(&ref);
	wn_buf_release(&norm);
	wn_buf_release(&norm_ref);
	wn_buf_release(&norm2);
	wn_buf_release(&clean);
	return 0;
}
