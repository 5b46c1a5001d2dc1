/* test_quotes.c - quotations and their speakers: curly, straight and other
 * marks, nested and unbalanced quotations, quotations across line breaks,
 * the reporting patterns, and Quotebank normalisation. The sentences are
 * invented. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "story/story.h"

/* ---- helpers ---------------------------------------------------------------- */

static quote_list ql;

static int setup(void **state)
{
	quote_list_init(&ql);
	return 0;
}

static int teardown(void **state)
{
	quote_list_release(&ql);
	return 0;
}

static size_t extract(const char *text)
{
	assert_int_equal(quotes_extract(&ql, text, strlen(text), 5), 0);
	return ql.count;
}

/* Quotation I's wording, normalised form and speaker, as C strings. */
static const char *field(uint32_t off, uint32_t len)
{
	static char buf[4][1024];
	static int next;
	char *b = buf[next++ % 4];
	assert_true(len < sizeof(buf[0]));
	memcpy(b, ql.strings.ptr + off, len);
	b[len] = '\0';
	return b;
}

static const char *text_of(size_t i)
{
	return field(ql.items[i].text_off, ql.items[i].text_len);
}

static const char *norm_of(size_t i)
{
	return field(ql.items[i].norm_off, ql.items[i].norm_len);
}

static const char *speaker_of(size_t i)
{
	return field(ql.items[i].speaker_off, ql.items[i].speaker_len);
}

/* ---- marks -------------------------------------------------------------------- */

static void curly_quote_speaker_after(void **state)
{
	assert_int_equal(extract("\xE2\x80\x9CWe will build the new bridge by next spring,\xE2\x80\x9D "
				 "Mayor Ana Ruiz said on Tuesday."), 1);
	assert_string_equal(text_of(0), "We will build the new bridge by next spring");
	assert_string_equal(norm_of(0), "we will build the new bridge by next spring");
	assert_int_equal(ql.items[0].word_count, 9);
	assert_string_equal(speaker_of(0), "Ana Ruiz");
}

static void straight_quote_said_x(void **state)
{
	assert_int_equal(extract("\"The river has never been this high before,\" said Tom Becker, "
				 "a farmer from the valley."), 1);
	assert_string_equal(text_of(0), "The river has never been this high before");
	assert_string_equal(speaker_of(0), "Tom Becker");
}

static void speaker_before_colon(void **state)
{
	assert_int_equal(extract("At the briefing Ruiz said: \xE2\x80\x9CThe dam will hold for at least "
				 "three more days.\xE2\x80\x9D"), 1);
	assert_string_equal(speaker_of(0), "Ruiz");
	/* the speaker stands before the verb even with words between verb and mark */
	assert_int_equal(extract("But Becker said the valley \xE2\x80\x9Cwill not give up a single "
				 "field to the water.\xE2\x80\x9D"), 1);
	assert_string_equal(speaker_of(0), "Becker");
}

static void apposition(void **state)
{
	assert_int_equal(extract("\xE2\x80\x9CThe harvest is lost for this year,\xE2\x80\x9D Tom Becker, "
				 "a farmer from the valley, told the radio station."), 1);
	assert_string_equal(speaker_of(0), "Tom Becker");
}

static void pronoun_takes_nearest_reporter(void **state)
{
	assert_int_equal(extract("Ana Ruiz told reporters that the repairs were on schedule. "
				 "\xE2\x80\x9CWe expect the water to recede by Friday night,\xE2\x80\x9D she said."),
			 1);
	assert_string_equal(speaker_of(0), "Ana Ruiz");
}

static void according_to(void **state)
{
	assert_int_equal(extract("\xE2\x80\x9CThree villages were evacuated before dawn,\xE2\x80\x9D "
				 "according to Lena Ostrova."), 1);
	assert_string_equal(speaker_of(0), "Lena Ostrova");
	assert_int_equal(extract("\"Around forty houses lost their roofs overnight,\" according to "
				 "the Valley Herald."), 1);
	assert_string_equal(speaker_of(0), "Valley Herald");
}

static void description_before_name(void **state)
{
	assert_int_equal(extract("\xE2\x80\x9CThis deal gives every worker a fair wage,\xE2\x80\x9D union "
				 "leader Petra Lund said at the gates."), 1);
	assert_string_equal(speaker_of(0), "Petra Lund");
	/* a description with no reporting verb after the name names nobody */
	assert_int_equal(extract("\xE2\x80\x9CThis deal gives every worker a fair wage,\xE2\x80\x9D the "
				 "leaflet by Petra Lund was printed twice."), 1);
	assert_int_equal(ql.items[0].speaker_len, 0);
}

static void titles_are_not_names(void **state)
{
	assert_int_equal(extract("\"Every family will get help from the regional fund,\" said Deputy "
				 "Minister Karl Holm."), 1);
	assert_string_equal(speaker_of(0), "Karl Holm");
}

static void no_pattern_no_speaker(void **state)
{
	assert_int_equal(extract("The sign read \xE2\x80\x9C" "closed until the water goes down\xE2\x80\x9D "
				 "for weeks."), 1);
	assert_int_equal(ql.items[0].speaker_len, 0);
}

static void continuation_keeps_speaker(void **state)
{
	assert_int_equal(extract("\xE2\x80\x9CThe first pumps arrived this morning,\xE2\x80\x9D Ruiz said "
				 "at the town hall. \xE2\x80\x9CMore of them will come from the capital "
				 "tomorrow.\xE2\x80\x9D\n\xE2\x80\x9CNobody expected rain like this in "
				 "June at all.\xE2\x80\x9D"), 3);
	assert_string_equal(speaker_of(0), "Ruiz");
	assert_string_equal(speaker_of(1), "Ruiz");
	/* a new paragraph does not continue the speaker */
	assert_int_equal(ql.items[2].speaker_len, 0);
}

static void other_marks(void **state)
{
	assert_int_equal(extract("\xC2\xAB Nous ne c\xC3\xA9" "derons pas un seul pouce de territoire "
				 "\xC2\xBB, a dit le ministre."), 1);
	assert_string_equal(norm_of(0), "nous ne c\xC3\xA9" "derons pas un seul pouce de territoire");
	assert_int_equal(extract("\xE2\x80\x9EWir werden keinen Zentimeter Land aufgeben\xE2\x80\x9C, "
				 "sagte der Minister."), 1);
	assert_string_equal(text_of(0), "Wir werden keinen Zentimeter Land aufgeben");
	assert_int_equal(extract("\xE3\x80\x8C\xE6\x88\x91\xE4\xBB\xAC \xE4\xB8\x8D\xE4\xBC\x9A "
				 "\xE6\x94\xBE\xE5\xBC\x83 \xE4\xB8\x80 \xE5\xAF\xB8\xE3\x80\x8D"), 1);
}

static void single_quotes_and_apostrophes(void **state)
{
	/* the apostrophe of "don't" does not close the quotation */
	assert_int_equal(extract("\xE2\x80\x98We don\xE2\x80\x99t know when the road will reopen,"
				 "\xE2\x80\x99 Becker said."), 1);
	assert_string_equal(text_of(0), "We don\xE2\x80\x99t know when the road will reopen");
	assert_string_equal(norm_of(0), "we dont know when the road will reopen");
	assert_string_equal(speaker_of(0), "Becker");
	/* an apostrophe alone opens nothing */
	assert_int_equal(extract("The town\xE2\x80\x99s mayor and the farmers\xE2\x80\x99 union met "
				 "again on Monday to talk about the dam."), 0);
}

/* ---- nesting, balance, line breaks --------------------------------------------------- */

static void nested_quotes_stay_inside(void **state)
{
	assert_int_equal(extract("\xE2\x80\x9CHe told me \xE2\x80\x98never again will we build this "
				 "close to the river\xE2\x80\x99 and I believed him,\xE2\x80\x9D said Ana Ruiz."),
			 1);
	assert_string_equal(norm_of(0), "he told me never again will we build this close to the "
					"river and i believed him");
	assert_string_equal(speaker_of(0), "Ana Ruiz");
	/* straight quotes inside curly ones are part of the wording */
	assert_int_equal(extract("\xE2\x80\x9CThey called the old dam \"a disaster waiting to happen\" "
				 "years ago,\xE2\x80\x9D Becker said."), 1);
	assert_string_equal(speaker_of(0), "Becker");
}

static void unbalanced_quotes_are_dropped(void **state)
{
	assert_int_equal(extract("He shouted \xE2\x80\x9Cthis sentence never closes and keeps going on"
				 "\n\nThe next paragraph has nothing quoted in it."), 0);
	assert_int_equal(extract("She said \"this one is open too and the line ends.\nThe next line "
				 "starts afresh without any mark"), 0);
	/* a stray closing mark opens nothing, and what follows is still found */
	assert_int_equal(extract("stray\xE2\x80\x9D mark. \xE2\x80\x9CThe levee broke in two places "
				 "overnight,\xE2\x80\x9D Ruiz said."), 1);
	assert_string_equal(speaker_of(0), "Ruiz");
}

static void quotes_across_line_breaks(void **state)
{
	assert_int_equal(extract("\xE2\x80\x9CThe water came up so fast that\nwe barely had time to "
				 "move the animals,\xE2\x80\x9D Becker said."), 1);
	assert_string_equal(text_of(0), "The water came up so fast that we barely had time to move "
					"the animals");
	assert_string_equal(speaker_of(0), "Becker");
}

static void reopened_paragraph(void **state)
{
	/* news style: a long quotation reopens each paragraph and closes once */
	assert_int_equal(extract("\xE2\x80\x9CThe first paragraph of the statement ends here.\n"
				 "\xE2\x80\x9CThe second paragraph closes the whole statement,\xE2\x80\x9D "
				 "Ruiz said."), 2);
	assert_string_equal(text_of(0), "The first paragraph of the statement ends here.");
	assert_string_equal(speaker_of(1), "Ruiz");
}

static void short_quotes_are_skipped(void **state)
{
	assert_int_equal(extract("\xE2\x80\x9CNot a single inch,\xE2\x80\x9D she said."), 0);
	assert_int_equal(quotes_extract(&ql, "\"Not a single inch,\" she said.", 30, 4), 0);
	assert_int_equal(ql.count, 1);
}

static void caps_and_garbage(void **state)
{
	/* more quotations than a document may keep */
	char *text = malloc(QUOTES_MAX_PER_DOC * 2 * 64);
	assert_non_null(text);
	size_t n = 0;
	for (int i = 0; i < QUOTES_MAX_PER_DOC * 2; i++)
		n += (size_t)sprintf(text + n, "\"number %d of many quoted lines here\" ", i);
	assert_int_equal(quotes_extract(&ql, text, n, 5), 0);
	assert_int_equal(ql.count, QUOTES_MAX_PER_DOC);
	assert_int_equal(ql.dropped, QUOTES_MAX_PER_DOC);
	free(text);
	/* invalid UTF-8 and NUL bytes are words or spaces, never a crash */
	static const char bad[] = "\xE2\x80\x9C\xFF\xFE bad \x80 bytes \0 in the \xC3 middle of it\xE2\x80\x9D x";
	assert_int_equal(quotes_extract(&ql, bad, sizeof(bad) - 1, 5), 0);
	assert_int_equal(ql.count, 1);
	/* a quotation longer than the cap is dropped */
	char *big = malloc(QUOTES_MAX_BYTES + 100);
	assert_non_null(big);
	big[0] = '"';
	for (size_t i = 1; i < QUOTES_MAX_BYTES + 98; i++)
		big[i] = i % 5 ? 'a' : ' ';
	big[QUOTES_MAX_BYTES + 98] = '"';
	assert_int_equal(quotes_extract(&ql, big, QUOTES_MAX_BYTES + 99, 5), 0);
	assert_int_equal(ql.count, 0);
	free(big);
}

/* ---- normalisation ------------------------------------------------------------ */

static void quotebank_normalisation(void **state)
{
	wn_buf b;
	wn_buf_init(&b);
	const char *in = "Surely, we are READY \xE2\x80\x94 for a cease-fire! \xC3\x89lan";
	assert_int_equal(quotes_normalize(&b, in, strlen(in)), 8);
	assert_string_equal(b.ptr, "surely we are ready for a ceasefire \xC3\xA9lan");
	wn_buf_reset(&b);
	assert_int_equal(quotes_normalize(&b, " ,.; ", 5), 0);
	assert_int_equal(b.len, 0);
	wn_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(curly_quote_speaker_after, setup, teardown),
		cmocka_unit_test_setup_teardown(straight_quote_said_x, setup, teardown),
		cmocka_unit_test_setup_teardown(speaker_before_colon, setup, teardown),
		cmocka_unit_test_setup_teardown(apposition, setup, teardown),
		cmocka_unit_test_setup_teardown(pronoun_takes_nearest_reporter, setup, teardown),
		cmocka_unit_test_setup_teardown(according_to, setup, teardown),
		cmocka_unit_test_setup_teardown(description_before_name, setup, teardown),
		cmocka_unit_test_setup_teardown(titles_are_not_names, setup, teardown),
		cmocka_unit_test_setup_teardown(no_pattern_no_speaker, setup, teardown),
		cmocka_unit_test_setup_teardown(continuation_keeps_speaker, setup, teardown),
		cmocka_unit_test_setup_teardown(other_marks, setup, teardown),
		cmocka_unit_test_setup_teardown(single_quotes_and_apostrophes, setup, teardown),
		cmocka_unit_test_setup_teardown(nested_quotes_stay_inside, setup, teardown),
		cmocka_unit_test_setup_teardown(unbalanced_quotes_are_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(quotes_across_line_breaks, setup, teardown),
		cmocka_unit_test_setup_teardown(reopened_paragraph, setup, teardown),
		cmocka_unit_test_setup_teardown(short_quotes_are_skipped, setup, teardown),
		cmocka_unit_test_setup_teardown(caps_and_garbage, setup, teardown),
		cmocka_unit_test(quotebank_normalisation),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
