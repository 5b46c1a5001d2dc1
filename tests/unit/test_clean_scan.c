/* test_clean_scan.c - the cleaner's block scan two ways: the 64-byte path
 * that classifies ASCII text into bit masks, and the per-character path
 * (CLEAN_SCAN_SCALAR); the first as the CPU runs it and as compiled for
 * baseline x86-64 (CLEAN_SCAN_BASELINE). All must give every block and word the same
 * features, on hand-written edge cases (words across 64-byte boundaries,
 * mixed ASCII and UTF-8, quotes, links, digits, tabs, CRLF, long words,
 * empty and blank blocks) and on generated pages. Each text is copied to a
 * buffer of its exact length, so that a read past the text's end shows
 * under AddressSanitizer. Every text here was written for the test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../clean_oracles.h"
#include "clean/clean.h"
#include "text/text.h"
#include "winnow.h"

static clean_lexicon lexicon;
static wn_cleaner *cleaner;
static text_tokens scratch, reference;
static size_t kept_tokens;   /* tokens of the cleaned texts checked so far */

static int setup(void **state)
{
	(void)state;
	text_tokens_init(&scratch);
	text_tokens_init(&reference);
	if (wn_cleaner_new(&cleaner, NULL) != 0)
		return -1;
	return clean_lexicon_build(&lexicon);
}

static int teardown(void **state)
{
	(void)state;
	clean_lexicon_release(&lexicon);
	wn_cleaner_free(cleaner);
	text_tokens_release(&scratch);
	text_tokens_release(&reference);
	return 0;
}

/* The cleaned text's tokens as the cleaner hands them to the sketch (its
 * scanned words for ASCII blocks) against text_tokenize() of the cleaned
 * text: the same hashes in the same order. */
static void compare_kept_tokens(const char *text, size_t len, const char *title)
{
	/* exactly LEN bytes: nothing after the text may be read */
	char *copy = malloc(len ? len : 1);
	assert_non_null(copy);
	memcpy(copy, text, len);
	wn_str body = { copy, len }, ti = { title, title ? strlen(title) : 0 };
	size_t count;
	const char *why = kept_tokens_mismatch(cleaner, &scratch, &reference, body, ti, &count);
	if (why)
		fail_msg("kept tokens: %s", why);
	kept_tokens += count;
	free(copy);
}

static void assert_blocks_equal(const clean_block *a, const clean_block *b, size_t index)
{
#define SAME(field)                                                                        \
	do {                                                                               \
		if (a->field != b->field)                                                  \
			fail_msg("block %zu: " #field " %llu (64-byte path) != %llu", index, \
				 (unsigned long long)a->field, (unsigned long long)b->field); \
	} while (0)
	SAME(start); SAME(len); SAME(line_first); SAME(line_count); SAME(word_first);
	SAME(words); SAME(alpha); SAME(caps); SAME(numbers); SAME(stops); SAME(we);
	SAME(you); SAME(links); SAME(chunks); SAME(sentence_ends); SAME(separators);
	SAME(title_words); SAME(quoted); SAME(appeal_words); SAME(job_words);
	SAME(social_words); SAME(date_words); SAME(cookie_words); SAME(cookie_context);
	SAME(pronouns); SAME(flags); SAME(end); SAME(cue); SAME(cue_mode); SAME(hash);
	SAME(word_hash);
	for (int l = 0; l < LANG_COUNT; l++) {
		SAME(stop_by_lang[l]);
		SAME(we_by_lang[l]);
		SAME(you_by_lang[l]);
	}
#undef SAME
}

/* Scans TEXT[0..LEN) (with TITLE, may be NULL) both ways in MODE and
 * asserts the same lines, blocks and words. Returns the words found. */
static size_t compare_scans_as(const char *text, size_t len, const char *title, int mode,
			       int fast_mode)
{
	/* exactly LEN bytes: nothing after the text may be read */
	char *copy = malloc(len ? len : 1);
	assert_non_null(copy);
	memcpy(copy, text, len);
	wn_str t = { copy, len }, ti = { title, title ? strlen(title) : 0 };
	clean_page fast, scalar;
	clean_page_init(&fast);
	clean_page_init(&scalar);
	assert_int_equal(clean_scan(&fast, &lexicon, t, ti, mode | fast_mode), 0);
	assert_int_equal(clean_scan(&scalar, &lexicon, t, ti, mode | CLEAN_SCAN_SCALAR), 0);
	assert_int_equal(fast.line_count, scalar.line_count);
	assert_int_equal(fast.block_count, scalar.block_count);
	assert_int_equal(fast.word_count, scalar.word_count);
	assert_int_equal(fast.lang, scalar.lang);
	assert_int_equal(fast.wrapped, scalar.wrapped);
	for (size_t i = 0; i < fast.block_count; i++)
		assert_blocks_equal(&fast.blocks[i], &scalar.blocks[i], i);
	for (size_t i = 0; i < fast.word_count; i++) {
		const clean_word *a = &fast.words[i], *b = &scalar.words[i];
		if (a->hash != b->hash || a->flags != b->flags || a->lex != b->lex ||
		    a->stop != b->stop)
			fail_msg("word %zu differs: flags %u/%u", i, a->flags, b->flags);
	}
	size_t words = fast.word_count;
	clean_page_release(&fast);
	clean_page_release(&scalar);
	free(copy);
	return words;
}

/* The 64-byte path as the CPU runs it (its AVX-512 instance where the CPU
 * has AVX-512BW and BMI2), and as compiled for baseline x86-64: each the
 * same as the per-character path. */
static size_t compare_scans(const char *text, size_t len, const char *title, int mode)
{
	size_t words = compare_scans_as(text, len, title, mode, 0);
	assert_int_equal(compare_scans_as(text, len, title, mode, CLEAN_SCAN_BASELINE), words);
	return words;
}

/* The site pass's scan of TEXT[0..LEN) against the full scan's blocks. */
static void compare_site_scan(const char *text, size_t len)
{
	char *copy = malloc(len ? len : 1);
	assert_non_null(copy);
	memcpy(copy, text, len);
	const char *why = site_scan_mismatch(&lexicon, (wn_str){ copy, len });
	if (why)
		fail_msg("site scan: %s", why);
	free(copy);
}

static size_t compare_all_modes(const char *text, size_t len, const char *title)
{
	compare_site_scan(text, len);
	compare_kept_tokens(text, len, title);
	size_t words = compare_scans(text, len, title, CLEAN_SCAN_FULL);
	assert_int_equal(compare_scans(text, len, title, CLEAN_SCAN_NO_LANGUAGE), words);
	return words;
}

/* Hard-wrapped near 60 columns: its blocks are paragraphs of lines. */
static const char wrapped_page[] =
	"Home\nThe harbour council met on Tuesday evening to discuss the\n"
	"new ferry timetable, which residents of the outer islands had\n"
	"asked for since the spring, when two of the morning crossings\n"
	"were cut without notice and the evening boat left an hour\n"
	"earlier than before. The vote was close.\n"
	"Sport\n"
	"Members said the operator would publish the changes within a\n"
	"week, and that the first of the new crossings would run from\n"
	"the first of the month, weather permitting, with the evening\n"
	"boat back at its old time from the spring.\n\n"
	"Contact us\n";

static const char *const edge_texts[] = {
	"",
	"   \t  \n \r\n\t\n",
	"\xc2\xa0\xc2\xa0 \n",
	"word",
	"The harbour council met on Tuesday. It voted for the new ferry timetable.\n",
	"Home | News | Sport > Football / Cricket \\ Weather \xc2\xb7 More \xe2\x80\xa2 Jobs\n",
	"She said \"we will build it\" and \"you can watch\", then left. \"Yes.\" (It was.)\n",
	"\"An opening quote starts this block and goes on past sixty-four bytes, yes\n",
	"'A single quote opens it, and a word runs over the sixty-fourth byte here\n",
	"- a bullet item\n* another bullet item\n\xe2\x80\xa2 a round bullet\n-not a bullet\n",
	"Read more at https://www.example.org/news/2024/03/harbour-ferry.html today.\n",
	"Mail desk@example.com or follow @harbourpost and #ferries, (see www.post.example).\n",
	"Visit harbour.news, port.example: (open) \"quoted.link\" done.\n",
	"Updated 12 March 2024, 10:31 GMT. 3rd time: 1.5 million, 2,000 ferries\n",
	"(c) 2024 Harbour Post. All rights reserved. \xc2\xa9 Harbour Media (C)\n",
	"Tabs\tbetween\twords\tand\ttabs at the end\t\t\n",
	"Carriage returns\r\nend each line\r\nof this page\r\n",
	"Caf\xc3\xa9 owners and na\xc3\xafve tourists met at the caf\xc3\xa9. \xc3\x89t\xc3\xa9 is here.\n",
	"\xe2\x80\x9c" "Curly quotes\xe2\x80\x9d and \xe2\x80\x98single ones\xe2\x80\x99 end it.\xe2\x80\x9d More\xe2\x80\xa6\n",
	"\xc2\xab Guillemets \xc2\xbb and \xe2\x80\xb9 single \xe2\x80\xba with text around them\n",
	"\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 \xd0\xbc\xd0\xb8\xd1\x80 and English words "
	"\xd0\xb2\xd0\xbc\xd0\xb5\xd1\x81\xd1\x82\xd0\xb5 in one line\n",
	"\xe6\x96\xb0\xe8\x81\x9e\xe3\x81\xae\xe8\xa8\x98\xe4\xba\x8b ASCII\xe6\x96\x87 mixed\xe3\x80\x82\n",
	"Prices rose 5% (or \xe2\x82\xac" "3) as the \xe2\x80\x94 dash \xe2\x80\x93 showed!?\n",
	"SHOUTING WORDS AND Capitals And lower words A I x Y\n",
	"invalid \xff bytes \xc3 here \xe2\x80 and \x80\x80 there.\n",
	"trailing space after a sentence end.   \n",
	"ends with an ellipsis...\nends with a colon:\nends in a quote.\"\nends in a bracket.)\n",
	"a word ending the text exactly",
	"ellipsis unicode\xe2\x80\xa6",
	"sentence. \xe2\x80\x9dthen\n",
	wrapped_page,
};

static void test_edge_texts(void **state)
{
	(void)state;
	size_t words = 0;
	for (size_t i = 0; i < sizeof(edge_texts) / sizeof(edge_texts[0]); i++) {
		words += compare_all_modes(edge_texts[i], strlen(edge_texts[i]), NULL);
		words += compare_all_modes(edge_texts[i], strlen(edge_texts[i]),
					   "Harbour council votes for the ferry timetable");
	}
	assert_true(words > 300);
}

/* A word of LEN bytes at every offset around the 64-byte boundaries, with
 * the bytes around it taken from a few kinds of neighbours. */
static void test_words_across_boundaries(void **state)
{
	(void)state;
	static const char *const before[] = { " ", "\"", "(", "x.", "\t", "\xc2\xa0", "\xe2\x80\x9c" };
	static const char *const after[] = { " ", ".", ". ", "\"", "!)", "\xc3\xa9t\xc3\xa9",
					     "\xe2\x80\x99s", "\n", ":", "'s" };
	static const char *const fill[] = { "Ferry9", "2024", "harbour", "QUAY", "a1b2" };
	char text[512];
	size_t checked = 0;
	for (size_t off = 40; off < 140; off++) {
		for (size_t wl = 1; wl <= 80; wl += (wl < 20 ? 1 : 9)) {
			size_t kind = (off * 7 + wl) % 70;
			const char *pre = before[kind % 7], *post = after[kind / 7];
			size_t n = 0;
			/* filler words up to OFF, then the word, then the tail */
			while (n + 8 < off) {
				n += (size_t)sprintf(text + n, "%s ", fill[(n / 8) % 5]);
			}
			while (n < off)
				text[n++] = ' ';
			n += (size_t)sprintf(text + n, "%s", pre);
			for (size_t k = 0; k < wl; k++)
				text[n++] = (char)(k % 11 == 3 ? 'A' + k % 26 : k % 13 == 5 ? '0' + k % 10
											: 'a' + k % 26);
			n += (size_t)sprintf(text + n, "%s", post);
			/* the page ends here (the word near the text's end) or goes on */
			compare_all_modes(text, n, NULL);
			n += (size_t)sprintf(text + n, " and more words after it, then the end.");
			compare_all_modes(text, n, NULL);
			checked++;
		}
	}
	assert_true(checked > 1000);
}

/* Word shapes whose flags need more than their first byte (a letter after
 * digits, a second letter, no lower-case letter), in runs of words that
 * cross and end at the 64-byte boundaries; and their flags asserted. */
static void test_word_shapes(void **state)
{
	(void)state;
	static const char *const shapes[] = {
		"3rd", "2024", "1A", "9x9", "A", "I", "BBC", "NASA2", "iPhone", "McDonald", "aB",
		"AB", "A1B", "12ab34", "a", "x1", "0", "7Q", "QQQQQQQQQQQQQQQQQQQQ", "4444a",
	};
	const size_t count = sizeof(shapes) / sizeof(shapes[0]);
	char text[512];
	size_t checked = 0;
	for (size_t off = 0; off < 140; off++) {
		for (size_t first = 0; first < count; first++) {
			size_t n = 0;
			for (; n < off; n++)
				text[n] = n % 9 == 8 ? ' ' : 'w';
			text[n++] = ' ';
			/* a run of shapes from FIRST on, separated by single spaces */
			for (size_t k = 0; k < 6; k++)
				n += (size_t)sprintf(text + n, "%s ", shapes[(first + k) % count]);
			compare_scans(text, n - 1, NULL, CLEAN_SCAN_FULL);
			compare_scans(text, n, NULL, CLEAN_SCAN_FULL);
			checked++;
		}
	}
	assert_true(checked > 2000);

	/* what the flags must say, on one line */
	static const struct {
		const char *word;
		uint8_t flags;
	} want[] = {
		{ "3rd", WDF_NUMBER | WDF_ALPHA },
		{ "2024", WDF_NUMBER },
		{ "BBC", WDF_CAP | WDF_ALPHA | WDF_UPPER },
		{ "A", WDF_CAP | WDF_ALPHA },
		{ "iPhone", WDF_ALPHA },
		{ "A1B", WDF_CAP | WDF_ALPHA | WDF_UPPER },
		{ "x1", WDF_ALPHA },
		{ "7Q", WDF_NUMBER | WDF_ALPHA },
		{ "12ab34", WDF_NUMBER | WDF_ALPHA },
	};
	size_t n = 0;
	for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++)
		n += (size_t)sprintf(text + n, "%s ", want[k].word);
	clean_page page;
	clean_page_init(&page);
	wn_str t = { text, n }, none = { NULL, 0 };
	assert_int_equal(clean_scan(&page, &lexicon, t, none, CLEAN_SCAN_FULL), 0);
	assert_int_equal(page.word_count, sizeof(want) / sizeof(want[0]));
	for (size_t k = 0; k < page.word_count; k++)
		if (page.words[k].flags != want[k].flags)
			fail_msg("%s: flags %u, want %u", want[k].word, page.words[k].flags,
				 want[k].flags);
	clean_page_release(&page);
}

/* Very long words and numbers, ASCII and not, around and past 64 bytes. */
static void test_long_words(void **state)
{
	(void)state;
	char text[1024];
	for (size_t len = 60; len <= 600; len += len < 260 ? 7 : 61) {
		for (int kind = 0; kind < 4; kind++) {
			size_t n = (size_t)sprintf(text, "Start ");
			for (size_t k = 0; k < len; k++) {
				if (kind == 2 && k == len / 2)
					n += (size_t)sprintf(text + n, "\xc3\xa9");  /* a letter past ASCII */
				text[n++] = kind == 1 ? (char)('0' + k % 10)
					  : kind == 3 ? (char)('A' + k % 26) : (char)('a' + k % 26);
			}
			n += (size_t)sprintf(text + n, kind == 3 ? "!" : " end.");
			compare_all_modes(text, n, NULL);
			compare_all_modes(text + 6, n - 6, NULL);   /* the word opens the text */
		}
	}
}

/* Pages drawn from fragments that mean something to the scan, joined by
 * spaces, tabs, newlines and CRLF: thousands of random combinations. */
static const char *const fragments[] = {
	"the", "and", "we", "you", "our", "harbour", "ferry", "Council", "TIMETABLE", "2024",
	"3rd", "10:31", "1.5", "said", "\"", "\"quoted", "words\"", "end.", "end!", "why?",
	"(c)", "(C)", "(see", "it)", "|", ">", ">>", "/", "a/b", "\\", "-", "*", "\xe2\x80\xa2",
	"\xc2\xb7", "\xc2\xbb", "\xc2\xab", "\xe2\x80\x9c", "\xe2\x80\x9d", "\xe2\x80\x98",
	"\xe2\x80\x99", "it\xe2\x80\x99s", "don't", "caf\xc3\xa9", "\xc3\x89t\xc3\xa9",
	"\xd0\xbc\xd0\xb8\xd1\x80", "\xe6\x96\xb0\xe8\x81\x9e", "\xe3\x80\x82", "\xe2\x80\xa6",
	"...", "www.example.org", "https://example.com/a?b=c", "desk@example.com", "@handle",
	"#tag", "#1", "name.tld", "port.example:", "(www.x.org).", "Share", "Tweet", "Facebook",
	"cookies", "accept", "Read", "more", "By", "Jane", "Doe", "reporter", "is", "Comments",
	"(12)", "Advertisement", "\xc2\xa9", "x", "I", "A", "Zz9", "supercalifragilistic",
	"\xc2\xa0", "\xff", "\xc3", "e\xcc\x81", "\xf0\x9f\x98\x80",
	"\xe2\x80\x94", "a\xe2\x80\x93" "b", "\xe2\x80\x97", "\xe2\x80\xa4", "\xef\xbc\xa1",
	"x\xe2\x81\xb0",
};

static const char *const gaps[] = { " ", " ", " ", " ", "  ", "\t", "\n", "\r\n", "\n\n", "" };

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint32_t rng(void)
{
	/* xorshift64*: a fixed sequence, so a failure reproduces */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 0x2545f4914f6cdd1dULL) >> 32);
}

/* The kept tokens were compared on real text, not only on empty pages. */
static void test_kept_tokens_compared(void **state)
{
	(void)state;
	assert_true(kept_tokens > 50000);
}

static void test_generated_pages(void **state)
{
	(void)state;
	char text[4096];
	size_t nf = sizeof(fragments) / sizeof(fragments[0]), ng = sizeof(gaps) / sizeof(gaps[0]);
	size_t words = 0;
	for (int page = 0; page < 1500; page++) {
		size_t n = 0, target = 16 + rng() % 2000;
		/* some pages are prose (mostly letters), some chrome (mostly marks) */
		int prose = page % 3 != 0;
		while (n < target) {
			const char *f = prose && rng() % 4 ? fragments[rng() % 12] : fragments[rng() % nf];
			const char *g = gaps[rng() % (prose ? 5 : ng)];
			if (prose && rng() % 40 == 0)
				g = "\n";
			n += (size_t)snprintf(text + n, sizeof(text) - n, "%s%s", f, g);
		}
		words += compare_all_modes(text, n < sizeof(text) ? n : sizeof(text) - 1,
					   page % 2 ? "Harbour Council TIMETABLE and ferry" : NULL);
	}
	assert_true(words > 100000);
}

/* The wrapped page of the edge texts is read as wrapped: its paragraphs
 * are blocks of several lines, which the site pass's scan hashes alike. */
static void test_wrapped_blocks(void **state)
{
	(void)state;
	wn_str t = { wrapped_page, sizeof(wrapped_page) - 1 }, none = { NULL, 0 };
	clean_page page;
	clean_page_init(&page);
	assert_int_equal(clean_scan(&page, &lexicon, t, none, CLEAN_SCAN_FULL), 0);
	assert_true(page.wrapped);
	assert_int_equal(page.block_count, 5);   /* Home, two paragraphs, Sport, Contact us */
	assert_int_equal(page.blocks[1].line_count, 5);
	assert_int_equal(page.blocks[3].line_count, 4);
	clean_page_release(&page);
	compare_site_scan(wrapped_page, sizeof(wrapped_page) - 1);
}

/* Byte soup: any bytes at all, the scan's two paths still agree. */
static void test_random_bytes(void **state)
{
	(void)state;
	static const char alphabet[] = "aZ9 .\"'@#:/|>\\(c)!?\t\n\r-*";
	unsigned char text[700];
	for (int round = 0; round < 800; round++) {
		size_t n = 1 + rng() % sizeof(text);
		for (size_t i = 0; i < n; i++) {
			uint32_t r = rng();
			text[i] = r % 3 ? (unsigned char)alphabet[(r >> 8) % (sizeof(alphabet) - 1)]
					: (unsigned char)(r >> 16);
		}
		compare_all_modes((const char *)text, n, NULL);
	}
}

/* The two paths are not trivially equal: the scan does count things. */
static void test_features_counted(void **state)
{
	(void)state;
	const char *text = "He said \"we build\" at https://example.org/a. Home | News.\n";
	wn_str t = { text, strlen(text) }, none = { NULL, 0 };
	clean_page page;
	clean_page_init(&page);
	assert_int_equal(clean_scan(&page, &lexicon, t, none, CLEAN_SCAN_FULL), 0);
	assert_int_equal(page.block_count, 1);
	const clean_block *b = &page.blocks[0];
	assert_int_equal(b->chunks, 9);
	assert_int_equal(b->links, 1);
	assert_int_equal(b->quoted, 2);
	assert_int_equal(b->separators, 3);      /* "|" and the two of "://" */
	assert_int_equal(b->sentence_ends, 2);   /* "a." and "News."; not "example." */
	clean_page_release(&page);
}

/* The site hash of the one block of TEXT[0..LEN), scanned from a buffer of
 * exactly LEN bytes (the last bytes then cannot be read 16 at a time) or
 * with more text after it (they can); both must agree, and the site pass's
 * scan must give the same hash (*LETTERS: whether it counted the block). */
static uint64_t block_hash_of(const char *text, size_t len, uint32_t *letters)
{
	uint64_t hashes[3];
	for (int way = 0; way < 3; way++) {
		static const char after[] = "\nand a line after it, readable";
		char *buf = malloc(len + sizeof(after));
		assert_non_null(buf);
		memcpy(buf, text, len);
		memcpy(buf + len, after, sizeof(after) - 1);
		wn_str t = { buf, way == 1 ? len + sizeof(after) - 1 : len }, none = { NULL, 0 };
		clean_page page;
		clean_page_init(&page);
		if (way < 2) {
			assert_int_equal(clean_scan(&page, &lexicon, t, none, CLEAN_SCAN_FULL), 0);
			assert_true(page.block_count >= 1);
			hashes[way] = page.blocks[0].hash;
		} else {
			uint64_t *site = NULL, longest;
			size_t cap = 0, count;
			assert_int_equal(clean_scan_site(&page, t, &site, &cap, &count, &longest), 0);
			assert_true(count <= 1);
			hashes[way] = longest;   /* the one block is the longest */
			if (count)
				assert_true(site[0] == longest);
			*letters = (uint32_t)count;
			free(site);
		}
		clean_page_release(&page);
		free(buf);
	}
	assert_true(hashes[0] == hashes[1]);
	assert_true(hashes[0] == hashes[2]);
	return hashes[0];
}

/* The site hash: digits read as '0', white space trimmed, every other byte
 * counts wherever it is, at any length. */
static void test_block_hash(void **state)
{
	(void)state;
	uint32_t letters;
	assert_true(block_hash_of("Comments (12)", 13, &letters) ==
		    block_hash_of("Comments (47)", 13, &letters));
	assert_true(block_hash_of("  \tComments (12)\t ", 18, &letters) ==
		    block_hash_of("Comments (98)", 13, &letters));
	assert_true(block_hash_of("Comments (12)", 13, &letters) !=
		    block_hash_of("Comments (1)", 12, &letters));
	assert_true(letters);
	block_hash_of("2024 - 10:31", 12, &letters);
	assert_false(letters);
	block_hash_of("\xc2\xb7 12", 5, &letters);
	assert_true(letters);   /* a non-ASCII byte may be a letter */

	/* one byte changed at any place of blocks of 1..70 bytes: another hash;
	 * the hashes of all these blocks are distinct */
	enum { MAXLEN = 70 };
	static uint64_t seen[MAXLEN * (MAXLEN + 1)];
	size_t count = 0;
	char text[MAXLEN];
	for (size_t len = 1; len <= MAXLEN; len++) {
		for (size_t i = 0; i < len; i++)
			text[i] = (char)('a' + (i * 7 + len) % 26);
		seen[count++] = block_hash_of(text, len, &letters);
		for (size_t at = 0; at < len; at++) {
			char keep = text[at];
			text[at] = at == 0 || at == len - 1 ? 'Z' : ' ';
			seen[count++] = block_hash_of(text, len, &letters);
			text[at] = keep;
		}
	}
	for (size_t i = 0; i < count; i++)
		for (size_t j = i + 1; j < count; j++)
			if (seen[i] == seen[j])
				fail_msg("blocks %zu and %zu share a hash", i, j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_edge_texts),
		cmocka_unit_test(test_words_across_boundaries),
		cmocka_unit_test(test_word_shapes),
		cmocka_unit_test(test_long_words),
		cmocka_unit_test(test_generated_pages),
		cmocka_unit_test(test_wrapped_blocks),
		cmocka_unit_test(test_random_bytes),
		cmocka_unit_test(test_features_counted),
		cmocka_unit_test(test_block_hash),
		cmocka_unit_test(test_kept_tokens_compared),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
