/* test_text.c - UTF-8 repair, NFKC case folding, typographic folding and word
 * tokens; the ASCII and segment fast paths checked against the reference
 * definitions (one utf8proc_map() call over the whole text). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <utf8proc.h>

#include "text/text.h"

/* ---- helpers ---------------------------------------------------------------- */

/* The tokens of T joined by '|', into a static buffer (for assertions). */
static const char *joined(const text_tokens *t)
{
	static char buf[4096];
	size_t n = 0;
	for (size_t i = 0; i < t->count && n + t->length[i] + 2 < sizeof(buf); i++) {
		if (i)
			buf[n++] = '|';
		memcpy(buf + n, t->norm.ptr + t->start[i], t->length[i]);
		n += t->length[i];
	}
	buf[n] = '\0';
	return buf;
}

static const char *tokens_of(text_tokens *t, const char *s)
{
	assert_int_equal(text_tokenize(t, s, strlen(s)), 0);
	return joined(t);
}

/* The invariants every tokenisation must satisfy. */
static void check_invariants(const text_tokens *t)
{
	size_t pos = 0;
	for (size_t i = 0; i < t->count; i++) {
		/* norm is the tokens, each followed by one space */
		assert_int_equal(t->start[i], pos);
		assert_true(t->length[i] > 0);
		assert_int_equal(t->norm.ptr[t->start[i] + t->length[i]], ' ');
		assert_true(memchr(t->norm.ptr + t->start[i], ' ', t->length[i]) == NULL);
		assert_true(t->hash[i] == text_token_hash(t->norm.ptr + t->start[i], t->length[i]));
		pos += t->length[i] + 1;
	}
	assert_int_equal(t->norm.len, pos);
}

static void assert_same_tokens(const text_tokens *a, const text_tokens *b)
{
	assert_int_equal(a->count, b->count);
	assert_int_equal(a->norm.len, b->norm.len);
	if (a->norm.len)
		assert_memory_equal(a->norm.ptr, b->norm.ptr, a->norm.len);
	for (size_t i = 0; i < a->count; i++) {
		assert_int_equal(a->start[i], b->start[i]);
		assert_int_equal(a->length[i], b->length[i]);
		assert_true(a->hash[i] == b->hash[i]);
	}
	assert_int_equal(a->invalid_bytes, b->invalid_bytes);
}

/* Normalises S with the fast path; the result is in a static buffer. */
static const char *normalized(const char *s, size_t len, size_t *invalid)
{
	static wn_buf out;
	static int ready;
	if (!ready) {
		wn_buf_init(&out);
		ready = 1;
	}
	assert_int_equal(text_normalize(&out, s, len, invalid), 0);
	return out.ptr;
}

/* Checks the fast paths against the reference on IN: the normal form, the
 * tokens, the invalid byte count, and that normalising and tokenising are
 * idempotent. */
static void check_against_reference(const char *in, size_t len)
{
	wn_buf fast, ref, again;
	size_t bad_fast = 99, bad_ref = 98, bad_again = 97;
	text_tokens t, r, t2;

	wn_buf_init(&fast);
	wn_buf_init(&ref);
	wn_buf_init(&again);
	assert_int_equal(text_normalize(&fast, in, len, &bad_fast), 0);
	assert_int_equal(text_normalize_reference(&ref, in, len, &bad_ref), 0);
	if (fast.len != ref.len || memcmp(fast.ptr, ref.ptr, fast.len) != 0) {
		fprintf(stderr, "normal forms differ for input of %zu bytes:", len);
		for (size_t i = 0; i < len; i++)
			fprintf(stderr, " %02x", (unsigned char)in[i]);
		fprintf(stderr, "\n");
	}
	assert_int_equal(fast.len, ref.len);
	assert_memory_equal(fast.ptr, ref.ptr, fast.len);
	assert_int_equal(bad_fast, bad_ref);
	/* the normal form is valid UTF-8 and its own normal form */
	assert_int_equal(text_normalize(&again, fast.ptr, fast.len, &bad_again), 0);
	assert_int_equal(bad_again, 0);
	assert_int_equal(again.len, fast.len);
	assert_memory_equal(again.ptr, fast.ptr, fast.len);

	text_tokens_init(&t);
	text_tokens_init(&r);
	text_tokens_init(&t2);
	assert_int_equal(text_tokenize(&t, in, len), 0);
	assert_int_equal(text_tokenize_reference(&r, in, len), 0);
	check_invariants(&t);
	assert_same_tokens(&t, &r);
	/* tokenising the normal form, or the tokens' own text, changes nothing */
	assert_int_equal(text_tokenize(&t2, fast.ptr, fast.len), 0);
	t2.invalid_bytes = t.invalid_bytes;
	assert_same_tokens(&t, &t2);
	assert_int_equal(text_tokenize(&t2, t.norm.ptr, t.norm.len), 0);
	t2.invalid_bytes = t.invalid_bytes;
	assert_same_tokens(&t, &t2);

	text_tokens_release(&t);
	text_tokens_release(&r);
	text_tokens_release(&t2);
	wn_buf_release(&fast);
	wn_buf_release(&ref);
	wn_buf_release(&again);
}

static uint64_t rng_next(uint64_t *state)
{
	*state += 0x9e3779b97f4a7c15ULL;
	return wn_mix64(*state);
}

static size_t put_cp(char *o, int32_t cp)
{
	return (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)o);
}

/* ---- UTF-8 repair ------------------------------------------------------------ */

static void sanitize_is_n(const char *in, size_t len, const char *want, size_t want_len,
			  size_t want_bad)
{
	wn_buf out;
	size_t bad = 12345;
	wn_buf_init(&out);
	assert_int_equal(text_utf8_sanitize(&out, in, len, &bad), 0);
	assert_int_equal(out.len, want_len);
	assert_memory_equal(out.ptr, want, want_len);
	assert_int_equal(out.ptr[out.len], '\0');
	assert_int_equal(bad, want_bad);
	wn_buf_release(&out);
}

static void sanitize_is(const char *in, size_t len, const char *want, size_t want_bad)
{
	sanitize_is_n(in, len, want, strlen(want), want_bad);
}

#define FFFD "\xEF\xBF\xBD"

static void test_sanitize_maximal_subparts(void **state)
{
	(void)state;
	/* The example of Unicode 15 table 3-8. */
	static const char ex[] = "\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64";
	sanitize_is(ex, sizeof(ex) - 1, "a" FFFD FFFD FFFD "b" FFFD "c" FFFD FFFD "d", 9);
	/* valid text is untouched, whatever its length in bytes */
	sanitize_is("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", 10, "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", 0);
	/* overlongs: each byte is its own subpart */
	sanitize_is("\xC0\xAF", 2, FFFD FFFD, 2);
	sanitize_is("\xE0\x80\xAF", 3, FFFD FFFD FFFD, 3);
	sanitize_is("\xF0\x80\x80\xAF", 4, FFFD FFFD FFFD FFFD, 4);
	/* surrogates and code points past U+10FFFF */
	sanitize_is("\xED\xA0\x80", 3, FFFD FFFD FFFD, 3);
	sanitize_is("\xF4\x90\x80\x80", 4, FFFD FFFD FFFD FFFD, 4);
	sanitize_is("\xF5\x80", 2, FFFD FFFD, 2);
	/* the largest valid ones */
	sanitize_is("\xED\x9F\xBF\xF4\x8F\xBF\xBF", 7, "\xED\x9F\xBF\xF4\x8F\xBF\xBF", 0);
	/* truncated sequences: one U+FFFD for the whole maximal subpart */
	sanitize_is("x\xE2\x82", 3, "x" FFFD, 2);
	sanitize_is("\xF0\x9F\x98 y", 5, FFFD " y", 3);
	/* NUL is a valid character */
	sanitize_is_n("a\0b", 3, "a\0b", 3, 0);
	sanitize_is("", 0, "", 0);
}

static void test_invalid_bytes_in_tokens(void **state)
{
	text_tokens t;
	(void)state;
	text_tokens_init(&t);
	/* the replacement character separates; it never joins a token */
	assert_string_equal(tokens_of(&t, "ab\xFF" "cd \xC3(ef"), "ab|cd|ef");
	assert_int_equal(t.invalid_bytes, 2);
	check_invariants(&t);
	assert_string_equal(tokens_of(&t, "\xE2\x82\xE2\x82\xE2\x82"), "");
	assert_int_equal(t.invalid_bytes, 6);
	/* the count is per text: a clean text after a dirty one has none */
	assert_string_equal(tokens_of(&t, "clean text"), "clean|text");
	assert_int_equal(t.invalid_bytes, 0);
	size_t bad = 0;
	assert_string_equal(normalized("Ab\xFF" "Cd", 5, &bad), "ab" FFFD "cd");
	assert_int_equal(bad, 1);
	text_tokens_release(&t);
}

/* ---- normal form ----------------------------------------------------------- */

static void test_typographic_folding(void **state)
{
	text_tokens a, b;
	(void)state;
	text_tokens_init(&a);
	text_tokens_init(&b);
	/* curly quotes, apostrophes and dashes give the tokens of plain ASCII */
	const char *curly = "\xE2\x80\x9CHello\xE2\x80\x9D \xE2\x80\x94 she said \xE2\x80\x98it\xE2\x80\x99s "
			    "twenty\xE2\x80\x93" "five\xE2\x80\x99";
	const char *plain = "\"hello\" - She said 'it's twenty-five'";
	assert_int_equal(text_tokenize(&a, curly, strlen(curly)), 0);
	assert_int_equal(text_tokenize(&b, plain, strlen(plain)), 0);
	assert_string_equal(joined(&a), "hello|she|said|it|s|twenty|five");
	assert_same_tokens(&a, &b);
	/* the normal forms agree character for character */
	char n1[256];
	snprintf(n1, sizeof(n1), "%s", normalized(curly, strlen(curly), NULL));
	assert_string_equal(n1, normalized(plain, strlen(plain), NULL));
	/* ellipsis, primes, guillemets, minus, no-break space */
	assert_string_equal(normalized("Wait\xE2\x80\xA6", 7, NULL), "wait...");
	assert_string_equal(normalized("5\xE2\x80\xB2" "3\xE2\x80\xB3", 8, NULL), "5'3\"");
	assert_string_equal(normalized("\xC2\xABOui\xC2\xBB", 7, NULL), "\"oui\"");
	assert_string_equal(normalized("\xE2\x88\x92" "4\xC2\xA0" "C", 7, NULL), "-4 c");
	/* folded also when NFKC produces them: triple prime, vertical em dash */
	assert_string_equal(normalized("\xE2\x80\xB4", 3, NULL), "'''");
	assert_string_equal(normalized("\xEF\xB8\xB1", 3, NULL), "-");
	/* modifier letter apostrophe (a letter!) folds and separates too */
	assert_string_equal(tokens_of(&a, "don\xCA\xBCt"), "don|t");
	text_tokens_release(&a);
	text_tokens_release(&b);
}

static void test_nfkc(void **state)
{
	text_tokens t;
	(void)state;
	text_tokens_init(&t);
	/* ligature, full-width letters and digits, circled and superscript digits */
	assert_string_equal(tokens_of(&t, "\xEF\xAC\x81nance"), "finance");
	assert_string_equal(tokens_of(&t, "\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3\xEF\xBC\x91\xEF\xBC\x92"), "abc12");
	assert_string_equal(tokens_of(&t, "\xE2\x91\xA0 x\xC2\xB2"), "1|x2");
	/* composed and decomposed accents are the same token; no accent differs */
	assert_string_equal(tokens_of(&t, "Cafe\xCC\x81"), "caf\xC3\xA9");
	assert_string_equal(tokens_of(&t, "CAF\xC3\x89"), "caf\xC3\xA9");
	assert_string_equal(tokens_of(&t, "cafe"), "cafe");
	/* default-ignorable code points vanish: soft hyphen, zero-width space */
	assert_string_equal(tokens_of(&t, "co\xC2\xADop wo\xE2\x80\x8Brd"), "coop|word");
	/* ... also alone, away from other non-ASCII text */
	assert_string_equal(tokens_of(&t, "net\xE2\x80\x8Bwork"), "network");
	assert_string_equal(normalized("Net\xE2\x80\x8Cwork\xEF\xBB\xBF", 13, NULL), "network");
	/* halfwidth katakana become full width, one token each */
	assert_string_equal(tokens_of(&t, "\xEF\xBD\xB6\xEF\xBE\x80"), "\xE3\x82\xAB|\xE3\x82\xBF");
	text_tokens_release(&t);
}

static void test_case_folding(void **state)
{
	text_tokens t;
	(void)state;
	text_tokens_init(&t);
	assert_string_equal(tokens_of(&t, "STRASSE Stra\xC3\x9F" "e \xE1\xBA\x9E"), "strasse|strasse|ss");
	/* Greek: capital, final and medial sigma all fold to one sigma */
	assert_string_equal(tokens_of(&t, "\xCE\xA3\xCE\x9F\xCE\xA6\xCE\x9F\xCE\xA3"),
			    "\xCF\x83\xCE\xBF\xCF\x86\xCE\xBF\xCF\x83");
	assert_string_equal(tokens_of(&t, "\xCF\x83\xCE\xBF\xCF\x86\xCE\xBF\xCF\x82"),
			    "\xCF\x83\xCE\xBF\xCF\x86\xCE\xBF\xCF\x83");
	/* Cyrillic */
	assert_string_equal(tokens_of(&t, "\xD0\x9C\xD0\x98\xD0\xA0"), "\xD0\xBC\xD0\xB8\xD1\x80");
	/* Turkish, with the default (not Turkic) folding: I -> i, dotted
	 * capital I -> i + combining dot above (kept: marks are not
	 * stripped), dotless i unchanged. */
	assert_string_equal(tokens_of(&t, "I \xC4\xB0 \xC4\xB1"), "i|i\xCC\x87|\xC4\xB1");
	text_tokens_release(&t);
}

/* ---- tokens ---------------------------------------------------------------- */

static void test_ascii_tokens(void **state)
{
	text_tokens t;
	(void)state;
	text_tokens_init(&t);
	assert_string_equal(tokens_of(&t, "Hello, World! It's 2024: COVID-19 (e.g. a_b)."),
			    "hello|world|it|s|2024|covid|19|e|g|a|b");
	check_invariants(&t);
	assert_string_equal(t.norm.ptr, "hello world it s 2024 covid 19 e g a b ");
	/* control characters and NUL separate */
	assert_int_equal(text_tokenize(&t, "a\0b\tc\x7F" "d", 7), 0);
	assert_string_equal(joined(&t), "a|b|c|d");
	text_tokens_release(&t);
}

static void test_cjk_one_token_per_character(void **state)
{
	text_tokens t;
	(void)state;
	text_tokens_init(&t);
	/* Han and hiragana, then Latin and digits right after */
	assert_string_equal(tokens_of(&t, "\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x81\xAF\xE6\x99\xB4"
					  "\xE3\x82\x8C" "ABC123\xE4\xB8\xAD"),
			    "\xE6\x9D\xB1|\xE4\xBA\xAC|\xE3\x81\xAF|\xE6\x99\xB4|\xE3\x82\x8C|abc123|\xE4\xB8\xAD");
	check_invariants(&t);
	assert_int_equal(t.count, 7);
	/* hangul syllables, even within a space-separated word */
	assert_string_equal(tokens_of(&t, "\xED\x95\x9C\xEA\xB5\xAD \xEB\x89\xB4\xEC\x8A\xA4"),
			    "\xED\x95\x9C|\xEA\xB5\xAD|\xEB\x89\xB4|\xEC\x8A\xA4");
	/* conjoining jamo compose into the syllable first */
	assert_string_equal(tokens_of(&t, "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB"), "\xED\x95\x9C");
	/* ideographic punctuation and space separate */
	assert_string_equal(tokens_of(&t, "\xE4\xB8\xAD\xE3\x80\x82\xE3\x80\x80\xE6\x96\x87"), "\xE4\xB8\xAD|\xE6\x96\x87");
	/* Thai: each letter with its marks (sawasdee: s-w-ats-d-ii) */
	assert_string_equal(tokens_of(&t, "\xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA\xE0\xB8\x94\xE0\xB8\xB5"),
			    "\xE0\xB8\xAA|\xE0\xB8\xA7\xE0\xB8\xB1|\xE0\xB8\xAA|\xE0\xB8\x94\xE0\xB8\xB5");
	text_tokens_release(&t);
}

static void test_mixed_scripts(void **state)
{
	text_tokens t;
	(void)state;
	text_tokens_init(&t);
	/* Cyrillic, Greek (tonos kept), Arabic (harakat are marks and stay in
	 * the word), Hebrew, Devanagari (vowel signs are marks) */
	assert_string_equal(tokens_of(&t, "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82, "
					  "\xCE\x9A\xCF\x8C\xCF\x83\xCE\xBC\xCE\xB5! "
					  "\xD9\x83\xD9\x8E\xD8\xAA\xD9\x8E\xD8\xA8\xD9\x8E; "
					  "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D. "
					  "\xE0\xA4\xA8\xE0\xA4\xAE\xE0\xA4\xB8\xE0\xA5\x8D\xE0\xA4\xA4\xE0\xA5\x87"),
			    "\xD0\xBF\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82|"
			    "\xCE\xBA\xCF\x8C\xCF\x83\xCE\xBC\xCE\xB5|"
			    "\xD9\x83\xD9\x8E\xD8\xAA\xD9\x8E\xD8\xA8\xD9\x8E|"
			    "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D|"
			    "\xE0\xA4\xA8\xE0\xA4\xAE\xE0\xA4\xB8\xE0\xA5\x8D\xE0\xA4\xA4\xE0\xA5\x87");
	check_invariants(&t);
	/* Latin and Cyrillic letters in one run stay one token */
	assert_string_equal(tokens_of(&t, "abc\xD0\xB4\xD0\xB5" "f"), "abc\xD0\xB4\xD0\xB5" "f");
	/* a mark with no letter before it is dropped */
	assert_string_equal(tokens_of(&t, "- \xCC\x81" "a"), "a");
	text_tokens_release(&t);
}

static void test_digits(void **state)
{
	text_tokens t;
	(void)state;
	text_tokens_init(&t);
	/* ASCII, Arabic-Indic and Devanagari digits; a vulgar fraction becomes
	 * 1/2 (fraction slash separates); Roman numeral twelve is "xii" */
	assert_string_equal(tokens_of(&t, "3.14 \xD9\xA3\xD9\xA4 \xE0\xA5\xAB \xC2\xBD \xE2\x85\xAB"),
			    "3|14|\xD9\xA3\xD9\xA4|\xE0\xA5\xAB|1|2|xii");
	text_tokens_release(&t);
}

static void test_empty_and_punctuation(void **state)
{
	text_tokens t;
	wn_buf out;
	size_t bad = 7;
	(void)state;
	text_tokens_init(&t);
	wn_buf_init(&out);
	assert_int_equal(text_tokenize(&t, "", 0), 0);
	assert_int_equal(t.count, 0);
	assert_int_equal(t.norm.len, 0);
	assert_int_equal(text_tokenize(&t, NULL, 0), 0);
	assert_int_equal(t.count, 0);
	assert_int_equal(text_normalize(&out, "", 0, &bad), 0);
	assert_int_equal(out.len, 0);
	assert_int_equal(bad, 0);
	assert_string_equal(tokens_of(&t, "... --- !!! \xE2\x80\x9C\xE2\x80\x9D \xE2\x80\x94 \xC2\xA0 \xE2\x80\xA2 \xE3\x80\x82"), "");
	assert_int_equal(t.count, 0);
	assert_int_equal(t.norm.len, 0);
	text_tokens_release(&t);
	wn_buf_release(&out);
}

static void test_long_tokens_and_reuse(void **state)
{
	text_tokens t;
	(void)state;
	text_tokens_init(&t);
	size_t n = 1 << 20;
	char *big = malloc(n + 16);
	assert_non_null(big);
	memset(big, 'A', n);
	assert_int_equal(text_tokenize(&t, big, n), 0);
	assert_int_equal(t.count, 1);
	assert_int_equal(t.length[0], n);
	assert_int_equal(t.norm.ptr[0], 'a');
	check_invariants(&t);
	/* a long Cyrillic token (2 bytes a letter), with one accent inside */
	for (size_t i = 0; i + 1 < n; i += 2)
		memcpy(big + i, "\xD0\x96", 2); /* capital zhe */
	memcpy(big + n / 2, "\xD0\x99", 2);     /* capital short i: decomposes */
	assert_int_equal(text_tokenize(&t, big, n), 0);
	assert_int_equal(t.count, 1);
	assert_int_equal(t.length[0], n);
	assert_memory_equal(t.norm.ptr, "\xD0\xB6", 2);
	assert_memory_equal(t.norm.ptr + n / 2, "\xD0\xB9", 2);
	check_invariants(&t);
	/* many tokens, then a short text: nothing of the first remains */
	for (size_t i = 0; i < n; i++)
		big[i] = (i % 3 == 2) ? ' ' : 'x';
	assert_int_equal(text_tokenize(&t, big, n), 0);
	assert_int_equal(t.count, (n + 2) / 3);
	check_invariants(&t);
	assert_string_equal(tokens_of(&t, "one two"), "one|two");
	assert_string_equal(t.norm.ptr, "one two ");
	free(big);
	text_tokens_release(&t);
}

static void test_too_big(void **state)
{
	text_tokens t;
	wn_buf out;
	static const char tiny[1];
	(void)state;
	text_tokens_init(&t);
	wn_buf_init(&out);
	/* the length is checked before a byte is read */
	assert_int_equal(text_tokenize(&t, tiny, TEXT_MAX_LEN), WN_ETOOBIG);
	assert_int_equal(t.count, 0);
	assert_int_equal(text_tokenize(&t, tiny, (size_t)1 << 33), WN_ETOOBIG);
	assert_int_equal(text_normalize(&out, tiny, TEXT_MAX_LEN, NULL), WN_ETOOBIG);
	assert_int_equal(text_tokenize(&t, "ok", 2), 0);
	assert_int_equal(t.count, 1);
	text_tokens_release(&t);
	wn_buf_release(&out);
}

static void test_long_run_of_marks(void **state)
{
	(void)state;
	/* Marks of classes 230 and 220 alternating: canonical order puts the
	 * 220s first. Long enough for the counting sort, and for a quadratic
	 * sort to show. */
	size_t marks = 200000;
	char *s = malloc(2 * marks + 2);
	assert_non_null(s);
	s[0] = 'a';
	for (size_t i = 0; i < marks; i++)
		memcpy(s + 1 + 2 * i, (i & 1) ? "\xCC\xA3" : "\xCC\x81", 2); /* U+0323 / U+0301 */
	wn_buf out;
	wn_buf_init(&out);
	assert_int_equal(text_normalize(&out, s, 1 + 2 * marks, NULL), 0);
	/* a + dot below composes (U+1EA1), then the acute: U+1EA1 has no
	 * composition with it, so the rest stays: 99,999 dots, 100,000 acutes */
	assert_memory_equal(out.ptr, "\xE1\xBA\xA1", 3);
	assert_int_equal(out.len, 3 + 2 * (marks - 1));
	for (size_t i = 0; i < marks / 2 - 1; i++)
		assert_memory_equal(out.ptr + 3 + 2 * i, "\xCC\xA3", 2);
	for (size_t i = marks / 2 - 1; i < marks - 1; i++)
		assert_memory_equal(out.ptr + 3 + 2 * i, "\xCC\x81", 2);
	text_tokens t;
	text_tokens_init(&t);
	assert_int_equal(text_tokenize(&t, s, 1 + 2 * marks), 0);
	assert_int_equal(t.count, 1);
	assert_int_equal(t.length[0], out.len);
	text_tokens_release(&t);
	/* a shorter run of the same, against the reference */
	check_against_reference(s, 1 + 2 * 70);
	wn_buf_release(&out);
	free(s);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static void test_token_hash(void **state)
{
	(void)state;
	/* Distinct words (the base-26 spellings of 0, 1, 2, ... in each length
	 * from 1 to 16 letters) get distinct hashes; up to 8 bytes this is
	 * guaranteed. */
	size_t per_length = 15000, n = 0;
	uint64_t *h = malloc(16 * per_length * sizeof(uint64_t));
	assert_non_null(h);
	char w[24];
	for (size_t len = 1; len <= 16; len++) {
		for (size_t i = 0; i < per_length; i++) {
			size_t x = i;
			for (size_t k = 0; k < len; k++, x /= 26)
				w[k] = (char)('a' + x % 26);
			if (x != 0)
				break; /* all words of this length are done */
			h[n++] = text_token_hash(w, len);
		}
	}
	assert_true(n > 200000);
	qsort(h, n, sizeof(uint64_t), cmp_u64);
	for (size_t i = 1; i < n; i++)
		assert_true(h[i] != h[i - 1]);
	free(h);
	/* the length is part of the hash: zero bytes do not vanish */
	assert_true(text_token_hash("a\0", 2) != text_token_hash("a", 1));
	/* past 16 bytes, and for nothing, it is wn_hash64 */
	const char *longw = "internationalisation";
	assert_true(text_token_hash(longw, 20) == wn_hash64(longw, 20, 0));
	assert_true(text_token_hash("", 0) == wn_hash64("", 0, 0));
	/* an ASCII word in any case hashes as its lower-cased token, at every
	 * length (the cleaner's words are the sketch's tokens) */
	char word[40], lower[40];
	for (size_t len = 1; len <= sizeof(word); len++) {
		for (size_t k = 0; k < len; k++) {
			word[k] = (char)(k % 3 == 0 ? 'A' + k % 26 : k % 3 == 1 ? 'a' + k % 26 : '0' + k % 10);
			lower[k] = (char)(word[k] >= 'A' && word[k] <= 'Z' ? word[k] + 32 : word[k]);
		}
		assert_true(text_ascii_word_hash(word, len) == text_token_hash(lower, len));
		if (len > 1)
			assert_true(text_ascii_word_hash(word, len) != text_ascii_word_hash(word, len - 1));
	}
	/* the tokeniser's hashes do not depend on what follows a token */
	text_tokens t;
	text_tokens_init(&t);
	assert_string_equal(tokens_of(&t, "fox fox, FOX jumps foxes"), "fox|fox|fox|jumps|foxes");
	assert_true(t.hash[0] == t.hash[1] && t.hash[1] == t.hash[2]);
	assert_true(t.hash[0] != t.hash[4]);
	text_tokens_release(&t);
}

/* ---- fast paths against the reference ---------------------------------------- */

static void test_ascii_matches_reference(void **state)
{
	(void)state;
	uint64_t rng = 1;
	char buf[600];
	for (int round = 0; round < 3000; round++) {
		size_t len = rng_next(&rng) % sizeof(buf);
		for (size_t i = 0; i < len; i++) {
			uint64_t r = rng_next(&rng);
			/* mostly letters and spaces, all 128 ASCII bytes possible */
			buf[i] = (r & 3) ? "aBcDeFgHiJkLmNoPqRsTuVwXyZ 09 .,'-"[(r >> 8) % 34] : (char)((r >> 16) & 0x7F);
		}
		check_against_reference(buf, len);
	}
}

/* Long ASCII prose, as the 64-byte block path sees it: words of 1 to 20
 * bytes (so 15, 16 and 17 all occur, and words cross block boundaries),
 * separator runs of 1 to 40 bytes, and now and then a non-ASCII character
 * right after a word, before one or between two: typographic punctuation
 * that the block path takes as a separator (in some rounds nothing else,
 * so that whole texts stay on that path), or a letter, a mark, an
 * ideograph or an invalid byte, before which it must stop (a word must
 * then go on into the character). */
static void test_ascii_blocks_match_reference(void **state)
{
	(void)state;
	static const char *const extra[] = {
		"\xe2\x80\x99", "\xe2\x80\x94", "\xe2\x80\x9c", "\xc2\xb7", "\xc2\xa9", "\xc2\xa0",
		"\xc3\xa9", "\xcc\x81", "\xe4\xb8\xad", "\xff", "\xc2\xb2", "\xe2\x80\xa8",
	};
	static const char seps[] = " ,.;:'\"()-\n\t!?/";
	uint64_t rng = 99;
	char buf[4096 + 64];
	for (int round = 0; round < 2000; round++) {
		size_t target = 128 + rng_next(&rng) % 4000, len = 0;
		unsigned rate = (unsigned)(rng_next(&rng) % 17);  /* per 64 words; 0: pure ASCII */
		size_t kinds = rng_next(&rng) % 2 ? 6 : sizeof(extra) / sizeof(extra[0]);
		while (len < target) {
			uint64_t r = rng_next(&rng);
			size_t wlen = 1 + r % 20;
			for (size_t k = 0; k < wlen; k++)
				buf[len++] = "abcdefghijKLMNOPQRSTuvwxyz0123456789"[rng_next(&rng) % 36];
			if ((r >> 8) % 64 < rate) {
				const char *e = extra[(r >> 16) % kinds];
				memcpy(buf + len, e, strlen(e));
				len += strlen(e);
				if ((r >> 20) & 1) /* now and then a word right after it */
					continue;
			}
			size_t slen = (r >> 24) % 8 ? 1 + (r >> 32) % 2 : 1 + (r >> 32) % 40;
			for (size_t k = 0; k < slen; k++)
				buf[len++] = seps[(r >> (40 + k % 20)) % (sizeof(seps) - 1)];
		}
		/* end in a word, in a separator, or anywhere */
		len -= rng_next(&rng) % 3;
		check_against_reference(buf, len);
	}
}

/* Code points that exercise every path: accents precomposed and not, marks
 * of several classes, jamo, compatibility and case-folding expansions,
 * ignorables, typographic punctuation, CJK, Indic two-part vowels, noncharacters. */
static const int32_t pool[] = {
	'a', 'E', 'i', 'I', 'o', 's', 'z', '0', '9', ' ', '.', '\'', '=', '<', '-', '"', '\n', 0,
	0x00A0, 0x00AB, 0x00AD, 0x00B2, 0x00B4, 0x00BD, 0x00C5, 0x00C9, 0x00DF, 0x00E9, 0x00EA,
	0x0130, 0x0131, 0x017F, 0x01C4, 0x02BC, 0x0300, 0x0301, 0x0302, 0x0307, 0x0308, 0x0323,
	0x0327, 0x0338, 0x0345, 0x0390, 0x03A3, 0x03C2, 0x03C9, 0x0415, 0x0419, 0x0435, 0x0439,
	0x0451, 0x0627, 0x064B, 0x0653, 0x0928, 0x093C, 0x0929, 0x0B92, 0x0BD7, 0x0BC6, 0x0BBE,
	0x0E2A, 0x0E31, 0x0E33, 0x1100, 0x1161, 0x11A8, 0x1E9B, 0x1E9E, 0x1EA1, 0x1F80, 0x1FB3,
	0x200B, 0x200C, 0x200D, 0x2010, 0x2011, 0x2014, 0x2017, 0x2019, 0x201C, 0x2024, 0x2026,
	0x2032, 0x2033, 0x2034, 0x2126, 0x212B, 0x2160, 0x2212, 0x2460, 0x3000, 0x3001, 0x3099,
	0x304B, 0x30AB, 0x3300, 0x4E2D, 0xAC00, 0xAC01, 0xD7A3, 0xF900, 0xFB01, 0xFDFA, 0xFE31,
	0xFE58, 0xFEFF, 0xFF21, 0xFF02, 0xFF66, 0xFFFD, 0xFFFE, 0x1D15E, 0x1F600, 0x2F800, 0x10FFFF,
};

static void test_mixed_matches_reference(void **state)
{
	(void)state;
	uint64_t rng = 42;
	char buf[120 * 40 + 64]; /* 120 items of at most 40 bytes */
	for (int round = 0; round < 4000; round++) {
		size_t n = rng_next(&rng) % 120, len = 0;
		for (size_t i = 0; i < n; i++) {
			uint64_t r = rng_next(&rng);
			if ((r & 15) == 0) /* a stray byte */
				buf[len++] = (char)(0x80 + ((r >> 8) & 0x7F));
			else if ((r & 15) < 6) /* runs of ASCII to cross the gap rule */
				for (int k = 0; k < (int)((r >> 8) % 40); k++)
					buf[len++] = "ab cD,"[(r >> (16 + k % 40)) % 6];
			else
				len += put_cp(buf + len, pool[(r >> 8) % (sizeof(pool) / sizeof(pool[0]))]);
		}
		check_against_reference(buf, len);
	}
}

/* Texts with no ASCII at all, longer than a segment may grow: segments then
 * end at a kept code point, and must still give the reference's result. */
static void test_long_non_ascii_matches_reference(void **state)
{
	(void)state;
	static const int32_t letters[] = { 0x0416, 0x0435, 0x0308, 0x0438, 0x0306, 0x0301,
					   0x4E2D, 0x1100, 0x1161, 0x11A8, 0x00C9, 0x3000,
					   0x2019, 0x0323, 0x03A3, 0x1F80, 0x0345, 0xAC00 };
	size_t cps = 140000;
	char *buf = malloc(cps * 4);
	assert_non_null(buf);
	uint64_t rng = 7;
	for (int round = 0; round < 12; round++) {
		size_t len = 0, n = cps - (size_t)round * 997;
		for (size_t i = 0; i < n; i++)
			len += put_cp(buf + len, letters[rng_next(&rng) % (sizeof(letters) / sizeof(letters[0]))]);
		check_against_reference(buf, len);
	}
	free(buf);
}

/* Every code point on its own, after a base letter, and before a mark. */
static void test_every_code_point_matches_reference(void **state)
{
	(void)state;
	wn_buf fast, ref;
	wn_buf_init(&fast);
	wn_buf_init(&ref);
	char buf[16];
	for (int32_t cp = 0; cp < 0x110000; cp++) {
		if (cp >= 0xD800 && cp < 0xE000)
			continue;
		for (int form = 0; form < 3; form++) {
			size_t len = 0;
			if (form == 1)
				buf[len++] = 'e';
			len += put_cp(buf + len, cp);
			if (form == 2)
				len += put_cp(buf + len, 0x0301);
			assert_int_equal(text_normalize(&fast, buf, len, NULL), 0);
			assert_int_equal(text_normalize_reference(&ref, buf, len, NULL), 0);
			if (fast.len != ref.len || memcmp(fast.ptr, ref.ptr, fast.len) != 0)
				fail_msg("U+%04X (form %d): normal forms differ", (unsigned)cp, form);
		}
	}
	wn_buf_release(&fast);
	wn_buf_release(&ref);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sanitize_maximal_subparts),
		cmocka_unit_test(test_invalid_bytes_in_tokens),
		cmocka_unit_test(test_typographic_folding),
		cmocka_unit_test(test_nfkc),
		cmocka_unit_test(test_case_folding),
		cmocka_unit_test(test_ascii_tokens),
		cmocka_unit_test(test_cjk_one_token_per_character),
		cmocka_unit_test(test_mixed_scripts),
		cmocka_unit_test(test_digits),
		cmocka_unit_test(test_empty_and_punctuation),
		cmocka_unit_test(test_long_tokens_and_reuse),
		cmocka_unit_test(test_too_big),
		cmocka_unit_test(test_long_run_of_marks),
		cmocka_unit_test(test_token_hash),
		cmocka_unit_test(test_ascii_matches_reference),
		cmocka_unit_test(test_ascii_blocks_match_reference),
		cmocka_unit_test(test_mixed_matches_reference),
		cmocka_unit_test(test_long_non_ascii_matches_reference),
		cmocka_unit_test(test_every_code_point_matches_reference),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
