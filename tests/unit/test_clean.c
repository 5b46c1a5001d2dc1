/* test_clean.c - the cleaner: word lists and cue phrases, block features,
 * language choice, scores and decisions on invented pages, site repetition,
 * clones, and the API's edges. Every page here was written for the test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "clean/clean.h"
#include "winnow.h"

static wn_str str(const char *s)
{
	wn_str r = { s, s ? strlen(s) : 0 };
	return r;
}

static wn_doc make_doc(const char *id, const char *text)
{
	wn_doc d;
	memset(&d, 0, sizeof(d));
	d.id = str(id);
	d.text = str(text);
	d.file = "pages/test.jsonl";
	d.line = 1;
	return d;
}

/* The reason of the first result line whose text starts with PREFIX. */
static wn_clean_reason reason_of(const wn_clean_result *r, const char *prefix)
{
	for (size_t i = 0; i < r->line_count; i++)
		if (r->lines[i].text.len >= strlen(prefix) &&
		    !memcmp(r->lines[i].text.ptr, prefix, strlen(prefix)))
			return r->lines[i].reason;
	fail_msg("no line starts with '%s'", prefix);
	return WN_REASON_COUNT;
}

static int text_has(const wn_clean_result *r, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= r->text.len; i++)
		if (!memcmp(r->text.ptr + i, needle, n))
			return 1;
	return 0;
}

/* ---- lexicon ------------------------------------------------------------ */

static const clean_lex_entry *find_word(const clean_lexicon *lex, const char *word)
{
	uint64_t h;
	assert_int_equal(clean_hash_words(word, strlen(word), &h, 1), 1);
	return clean_lexicon_find(lex, h);
}

static void test_lexicon(void **state)
{
	clean_lexicon lex;
	assert_int_equal(clean_lexicon_build(&lex), 0);
	const clean_lex_entry *e = find_word(&lex, "the");
	assert_non_null(e);
	assert_true(e->stop & (1u << LANG_EN));
	assert_false(e->stop & (1u << LANG_RU));
	e = find_word(&lex, "und");
	assert_non_null(e);
	assert_true(e->stop & (1u << LANG_DE));
	/* case does not matter, in any script */
	e = find_word(&lex, "ЧТО");
	assert_non_null(e);
	assert_true(e->stop & (1u << LANG_RU));
	e = find_word(&lex, "Że");
	assert_non_null(e);
	assert_true(e->stop & (1u << LANG_PL));
	/* pronouns of the appeal are per language: Polish "my" is "we" */
	e = find_word(&lex, "my");
	assert_non_null(e);
	assert_true(e->we & (1u << LANG_PL));
	assert_false(e->we & (1u << LANG_EN));
	assert_true(find_word(&lex, "nous")->we & (1u << LANG_FR));
	assert_true(find_word(&lex, "your")->you & (1u << LANG_EN));
	/* word classes */
	assert_true(find_word(&lex, "Twitter")->flags & LEXF_SOCIAL);
	assert_true(find_word(&lex, "März")->flags & LEXF_DATE);
	assert_true(find_word(&lex, "donate")->flags & LEXF_APPEAL);
	assert_true(find_word(&lex, "correspondent")->flags & LEXF_JOB);
	/* a content word is in no list */
	assert_null(find_word(&lex, "parliament"));
	assert_null(find_word(&lex, "Zelenskyy"));
	/* every stopword list has a fair size */
	for (int l = 0; l < LANG_COUNT; l++) {
		size_t n = 0;
		while (clean_stopwords[l][n])
			n++;
		assert_in_range(n, 90, 250);
	}
	clean_lexicon_release(&lex);
}

static void test_hash_words(void **state)
{
	uint64_t a[4], b[4];
	/* apostrophes split words; case and typographic apostrophes do not matter */
	assert_int_equal(clean_hash_words("We're", 5, a, 4), 2);
	assert_int_equal(clean_hash_words("we\xe2\x80\x99re", 7, b, 4), 2);
	assert_true(a[0] == b[0] && a[1] == b[1]);
	/* numbers and '#' share one hash, so "# min read" matches "5 min read" */
	assert_int_equal(clean_hash_words("5 min", 5, a, 4), 2);
	assert_int_equal(clean_hash_words("# min", 5, b, 4), 2);
	assert_true(a[0] == CLEAN_NUMBER_HASH && b[0] == CLEAN_NUMBER_HASH);
	assert_true(a[1] == b[1]);
	/* each ideograph is a word */
	assert_int_equal(clean_hash_words("\xe6\x96\xb0\xe9\x97\xbb", 6, a, 4), 2);
	/* the word reader's paths give one hash per word whatever its case:
	 * a word of more than 16 bytes (read in several steps), one at the
	 * very end of the text, and one that goes on past ASCII */
	assert_int_equal(clean_hash_words("Internationalisation, fine", 26, a, 4), 2);
	assert_int_equal(clean_hash_words("fine INTERNATIONALISATION", 25, b, 4), 2);
	assert_true(a[0] == b[1] && a[1] == b[0]);
	assert_int_equal(clean_hash_words("internationalisatio", 19, b, 4), 1);
	assert_true(b[0] != a[0]);
	assert_int_equal(clean_hash_words("Caf\xc3\xa9 au lait", 13, a, 4), 3);
	assert_int_equal(clean_hash_words("CAF\xc3\x89", 5, b, 4), 1);
	assert_true(a[0] == b[0]);
	assert_int_equal(clean_hash_words("caf", 3, b, 4), 1);
	assert_true(a[0] != b[0]);
	/* the count is returned even past the cap */
	assert_int_equal(clean_hash_words("one two three four five", 23, a, 4), 5);
}

/* A word is hashed from one register when 16 bytes can be read at its start,
 * else in steps: both give the same hash at every length, in every case, and
 * the hash depends on every letter. */
static void test_hash_word_lengths(void **state)
{
	(void)state;
	const char *letters = "QuickBrownFoxJumps";   /* 18 letters */
	uint64_t prev = 0;
	for (size_t len = 1; len <= 17; len++) {
		char alone[32], lower[32], in_text[64];
		memcpy(alone, letters, len);
		for (size_t i = 0; i < len; i++)
			lower[i] = (char)(letters[i] | 0x20);
		memcpy(in_text, lower, len);
		/* a long tail: the word starts with 16 bytes readable */
		memcpy(in_text + len, " and a long tail of text", 25);
		uint64_t a, b;
		assert_int_equal(clean_hash_words(alone, len, &a, 1), 1);
		assert_int_equal(clean_hash_words(in_text, strlen(in_text), &b, 1), 7);
		assert_true(a == b);
		assert_true(a != prev);   /* one more letter, another hash */
		prev = a;
	}
}

/* ---- features ----------------------------------------------------------- */

typedef struct scanned {
	clean_lexicon lex;
	clean_page page;
} scanned;

static const clean_block *scan(scanned *s, const char *text, const char *title)
{
	clean_page_init(&s->page);
	assert_int_equal(clean_lexicon_build(&s->lex), 0);
	assert_int_equal(clean_scan(&s->page, &s->lex, str(text), str(title), CLEAN_SCAN_FULL), 0);
	return s->page.blocks;
}

static void release(scanned *s)
{
	clean_page_release(&s->page);
	clean_lexicon_release(&s->lex);
}

/* Long blocks: the word counts of a block are gathered in groups of words;
 * they must add up over any number of groups, whatever lies between. */
static void test_long_block_counts(void **state)
{
	(void)state;
	scanned s;
	char text[4096] = "";
	size_t the = 0, und = 0, we = 0;
	/* 200 words: "the" (English), "und" (German), "we" (English, a
	 * stopword and a pronoun) and words of no list, in a shifting pattern */
	for (int i = 0; i < 200; i++) {
		const char *w = i % 7 == 0 ? "und" : i % 3 == 0 ? "the" : i % 11 == 0 ? "we" : "harbour";
		the += i % 7 != 0 && i % 3 == 0;
		und += i % 7 == 0;
		we += i % 7 != 0 && i % 3 != 0 && i % 11 == 0;
		strcat(text, w);
		strcat(text, " ");
	}
	const clean_block *b = scan(&s, text, NULL);
	assert_int_equal(s.page.block_count, 1);
	assert_int_equal(b[0].words, 200);
	assert_int_equal(b[0].stop_by_lang[LANG_DE], und);
	assert_int_equal(b[0].stop_by_lang[LANG_EN], the + we);
	assert_int_equal(b[0].we_by_lang[LANG_EN], we);
	assert_int_equal(b[0].pronouns, we);
	release(&s);
}

static void test_features(void **state)
{
	scanned s;
	const char *page =
		"Harbour Council Approves New Ferry Timetable\n"                       /* 0 */
		"By Mara Ellison and Tom Quill\n"                                      /* 1 */
		"12 March 2024, 10:31 GMT\n"                                          /* 2 */
		"The council voted on Tuesday to add two evening ferries, a change that the port says will ease crowding.\n" /* 3 */
		"\"We waited years for this,\" said one commuter, who asked not to be named.\n" /* 4 */
		"Share on Facebook\n"                                                  /* 5 */
		"Facebook Twitter Email\n"                                             /* 6 */
		"Follow @harbourdesk or visit www.example-harbour.org for updates\n"   /* 7 */
		"\xc2\xa9 2024 Harbour Post. All rights reserved.\n"                   /* 8 */
		"- timetable changes begin in May\n"                                   /* 9 */
		"We use cookies to improve your experience on our website.\n"          /* 10 */
		"FACEBOOK | Twitter | Email\n";                                        /* 11 */
	const clean_block *b = scan(&s, page, "Harbour Council Approves New Ferry Timetable | Harbour Post");
	assert_int_equal(s.page.block_count, 12);
	assert_int_equal(s.page.lang, LANG_EN);

	/* the headline: every word is a title word, no sentence end */
	assert_int_equal(b[0].words, 6);
	assert_int_equal(b[0].title_words, 6);
	assert_int_equal(b[0].end, END_NONE);
	assert_int_equal(b[0].caps, 6);
	/* byline and date line */
	assert_true(b[1].flags & BF_BYLINE);
	assert_int_equal(b[1].cue, CUE_BIO);
	assert_true(b[2].flags & BF_DATE);
	/* a sentence: stopwords, its end */
	assert_int_equal(b[3].words, 19);
	assert_true(b[3].stops >= 8);
	assert_int_equal(b[3].end, END_STOP);
	assert_int_equal(b[3].sentence_ends, 1);
	/* quotations: "we" inside them is not the publisher speaking */
	assert_true(b[4].flags & BF_OPEN_QUOTE);
	assert_int_equal(b[4].we, 0);
	assert_true(b[4].quoted >= 4);
	/* share bars, by phrase and by word class */
	assert_int_equal(b[5].cue, CUE_SHARE);
	assert_int_equal(b[6].cue, CUE_SHARE);
	assert_int_equal(b[6].cue_mode, CUE_WHOLE);
	/* link-like chunks */
	assert_int_equal(b[7].links, 2);
	assert_int_equal(b[7].chunks, 7);
	/* copyright and its phrase */
	assert_true(b[8].flags & BF_COPYRIGHT);
	assert_int_equal(b[8].cue, CUE_LEGAL);
	/* bullet */
	assert_true(b[9].flags & BF_BULLET);
	/* cookie banner: the word and a context word */
	assert_int_equal(b[10].cue, CUE_COOKIE);
	assert_int_equal(b[10].we, 2);   /* "we", "our" outside quotes */
	assert_int_equal(b[10].you, 1);
	/* the share bar shown twice on the page, in other case and with
	 * separators: the same words, so a repeat; the site hash (bytes)
	 * tells the two apart */
	assert_true(b[6].flags & BF_PAGE_REPEAT);
	assert_true(b[11].flags & BF_PAGE_REPEAT);
	assert_false(b[3].flags & BF_PAGE_REPEAT);
	assert_true(b[6].word_hash == b[11].word_hash);
	assert_true(b[6].hash != b[11].hash);
	assert_true(b[5].word_hash != b[6].word_hash);
	release(&s);
}

static void test_cue_modes(void **state)
{
	scanned s;
	const char *page =
		"Read more\n"
		"Comments (12)\n"
		"5 min read\n"
		"Advertisement\n"
		"She said she would read more of his books after the award ceremony last week.\n"
		"Read more about the ferry plans in our earlier report on the harbour budget for next year and beyond it.\n"
		"The storm closed the harbour. Read more\n";
	const clean_block *b = scan(&s, page, NULL);
	assert_int_equal(b[0].cue, CUE_READMORE);
	assert_int_equal(b[0].cue_mode, CUE_WHOLE);
	assert_int_equal(b[1].cue, CUE_COMMENT_HEAD);   /* trailing numbers aside */
	assert_int_equal(b[2].cue, CUE_META);
	assert_int_equal(b[3].cue, CUE_META);
	/* a phrase inside a sentence is no cue */
	assert_int_equal(b[4].cue, CUE_NONE);
	/* a phrase that opens a long block is no cue either */
	assert_int_equal(b[5].cue, CUE_NONE);
	/* "... Read more" at the end of a teaser */
	assert_int_equal(b[6].cue, CUE_READMORE);
	assert_int_equal(b[6].cue_mode, CUE_END);
	release(&s);
}

static void test_language(void **state)
{
	static const struct {
		const char *text;
		int lang;
	} cases[] = {
		{ "Die Stadt hat am Montag beschlossen, dass die neue Brücke im Sommer für den Verkehr geöffnet wird, obwohl die Kosten gestiegen sind.", LANG_DE },
		{ "La mairie a annoncé que le nouveau pont sera ouvert à la circulation pendant l'été, même si les coûts ont augmenté.", LANG_FR },
		{ "El ayuntamiento anunció que el nuevo puente se abrirá al tráfico durante el verano, aunque los costes han subido.", LANG_ES },
		{ "Il comune ha annunciato che il nuovo ponte sarà aperto al traffico durante l'estate, anche se i costi sono aumentati.", LANG_IT },
		{ "A prefeitura anunciou que a nova ponte será aberta ao trânsito durante o verão, mesmo que os custos tenham subido.", LANG_PT },
		{ "De gemeente heeft maandag besloten dat de nieuwe brug in de zomer voor het verkeer wordt geopend, ook al zijn de kosten gestegen.", LANG_NL },
		{ "Мэрия объявила, что новый мост будет открыт для движения летом, хотя его стоимость и выросла за это время.", LANG_RU },
		{ "Міська рада оголосила, що новий міст буде відкрито для руху влітку, хоча його вартість і зросла за цей час.", LANG_UK },
		{ "Urząd miasta ogłosił, że nowy most zostanie otwarty dla ruchu latem, chociaż jego koszt wzrósł w tym czasie.", LANG_PL },
		{ "The council said on Monday that the new bridge will open to traffic in the summer, although its costs have risen.", LANG_EN },
		/* Finnish: no list, so the language-independent signals only */
		{ "Kaupunginvaltuusto päätti maanantaina, että uusi silta avataan liikenteelle kesällä, vaikka kustannukset ovat nousseet.", LANG_NONE },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		scanned s;
		char text[1024];
		/* a page of several such sentences */
		snprintf(text, sizeof(text), "%s\n%s\n%s\n", cases[i].text, cases[i].text, cases[i].text);
		scan(&s, text, NULL);
		if (s.page.lang != cases[i].lang)
			fail_msg("case %zu: language %s, expected %s", i, clean_lang_name(s.page.lang),
				 clean_lang_name(cases[i].lang));
		release(&s);
	}
}

static void test_wrapped(void **state)
{
	scanned s;
	/* e-mail style text, wrapped near 70 columns: paragraphs are the blocks */
	const char *text =
		"The harbour council met on Tuesday evening to discuss the new ferry\n"
		"timetable, which adds two evening crossings and moves the first\n"
		"morning boat half an hour earlier to suit the commuters who work\n"
		"\n"
		"in the city. The port authority said it expects the change to ease\n"
		"crowding on the late boats, which have been full since the spring\n"
		"and which many passengers have complained about in recent months\n"
		"\n"
		"Councillors also approved a study of a second landing stage near\n"
		"the fish market, to be finished before the end of the next year\n";
	scan(&s, text, NULL);
	assert_true(s.page.wrapped);
	assert_int_equal(s.page.block_count, 3);
	assert_int_equal(s.page.blocks[0].line_count, 3);
	assert_int_equal(s.page.line_count, 8);
	release(&s);
	/* wrapped with no blank line anywhere: a line that stops well short of
	 * the wrap width ends its paragraph, so the menu items and the heading
	 * are blocks of their own and not one block with the whole page */
	const char *dense =
		"Home\n"
		"Join Now\n"
		"The harbour council met on Tuesday evening to discuss the new ferry\n"
		"timetable, which adds two evening crossings and moves the first\n"
		"morning boat earlier.\n"
		"New landing stage\n"
		"Councillors also approved a study of a second landing stage near\n"
		"the fish market, to be finished before the end of the next year and\n"
		"paid for by the harbour fund that the port authority manages for\n"
		"the town and its three villages.\n"
		"The ferry company welcomed the study and said that it would offer\n"
		"a share of the cost if the landing stage could also take the cargo\n"
		"boats that now have to unload at the old quay on the south side of\n"
		"the harbour, which floods at the highest tides of every winter and\n"
		"has to be closed for days at a time while the water goes down and\n"
		"the council's crews clear the sand and weed from the quay and the\n"
		"road behind it, at a cost the ferry company says it can no longer\n"
		"carry on its own without raising the fares of every passenger\n";
	scan(&s, dense, NULL);
	assert_true(s.page.wrapped);
	assert_int_equal(s.page.block_count, 6);
	assert_int_equal(s.page.blocks[0].line_count, 1);   /* Home */
	assert_int_equal(s.page.blocks[1].line_count, 1);   /* Join Now */
	assert_int_equal(s.page.blocks[2].line_count, 3);
	assert_int_equal(s.page.blocks[3].line_count, 1);   /* the heading */
	assert_int_equal(s.page.blocks[4].line_count, 4);
	assert_int_equal(s.page.blocks[5].line_count, 8);
	release(&s);
	/* a page dumped one element per line is not wrapped */
	scan(&s, "Home\nNews\nSport\nWeather\nThe council met on Tuesday.\nIt voted for the plan.\nContact\n", NULL);
	assert_false(s.page.wrapped);
	assert_int_equal(s.page.block_count, 7);
	release(&s);
}

/* ---- scores -------------------------------------------------------------- */

static void test_scores(void **state)
{
	scanned s;
	const char *page =
		"The council voted on Tuesday to add two evening ferries, a change that the port authority says will ease crowding on the late boats this summer.\n"
		"Weather\n"
		"Sport Business Culture Opinion\n"
		"What happens next?\n";
	const clean_block *b = scan(&s, page, NULL);
	clean_params p;
	clean_params_default(&p);
	float prose = clean_block_score(&b[0], s.page.lang, &p);
	float nav = clean_block_score(&b[1], s.page.lang, &p);
	float menu = clean_block_score(&b[2], s.page.lang, &p);
	float subhead = clean_block_score(&b[3], s.page.lang, &p);
	assert_true(prose > 2.0f);
	assert_true(nav < 0 && menu < 0);
	/* a short question reads more like the article than a menu does */
	assert_true(subhead > menu);
	assert_true(subhead < prose);
	/* without stopwords the lower-case share stands in */
	float li = clean_block_score(&b[0], LANG_NONE, &p);
	assert_true(li > 1.0f);
	assert_true(clean_block_score(&b[2], LANG_NONE, &p) < 0);
	release(&s);
}

/* ---- decisions on whole pages --------------------------------------------- */

typedef struct fixture {
	wn_cleaner *cleaner;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	if (!f || wn_cleaner_new(&f->cleaner, NULL) < 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	wn_cleaner_free(f->cleaner);
	free(f);
	return 0;
}

/* A news page: menu, headline, standfirst, byline, article with a short
 * sub-heading and a one-line quote, then share bar, bio, newsletter box,
 * a rail of teasers and the footer. */
static const char news_page[] =
	"Skip to main content\n"
	"Home\n"
	"World\n"
	"Business\n"
	"Climate\n"
	"Harbour Town Votes to Close Its Old Fish Market\n"
	"The 140-year-old hall will shut in October after an inspection found its roof unsafe.\n"
	"By Mara Ellison\n"
	"4 min read\n"
	"Harbour Town's council voted on Tuesday night to close the old fish market in October, ending more than a century of early-morning auctions on the quay.\n"
	"The decision followed an engineer's report that found rot in the main roof beams and warned that repairs would cost more than building a new hall.\n"
	"Traders, who were told of the vote only hours before it took place, said they had not been offered a temporary site for the winter season.\n"
	"What the traders want\n"
	"Most of the forty stallholders have asked the council for a covered site near the ferry terminal, where the fishing boats now land most of their catch.\n"
	"\"We have sold fish on this quay since my grandfather's time,\" said one of them.\n"
	"The council said it would publish a plan for a new hall by the end of the year and would consult the traders before any site is chosen.\n"
	"Share this article\n"
	"Facebook Twitter Email\n"
	"Mara Ellison is a reporter at the Harbour Post covering local government. Follow her on Twitter @maraellison.\n"
	"Sign up for our morning newsletter\n"
	"Get the day's top stories from the coast delivered to your inbox every morning. We never share your address.\n"
	"More from the Harbour Post\n"
	"Lifeboat crew rescues two sailors off the northern point\n"
	"Two sailors were rescued on Sunday after their yacht lost its mast in a storm, the lifeboat service said.\n"
	"New cycle path opens along the old railway line\n"
	"The path links the town centre with the beaches and will be lit at night from next month, officials said.\n"
	"About us\n"
	"Contact\n"
	"\xc2\xa9 2024 Harbour Post. All rights reserved.\n";

static void test_news_page(void **state)
{
	fixture *f = *state;
	wn_doc doc = make_doc("news", news_page);
	wn_clean_result r;
	assert_int_equal(wn_cleaner_clean(f->cleaner, &doc, &r), 0);

	/* the article, its headline, standfirst, sub-heading and quote stay */
	assert_int_equal(reason_of(&r, "Harbour Town Votes"), WN_KEEP);
	assert_int_equal(reason_of(&r, "The 140-year-old hall"), WN_KEEP);
	assert_int_equal(reason_of(&r, "Harbour Town's council voted"), WN_KEEP);
	assert_int_equal(reason_of(&r, "What the traders want"), WN_KEEP);
	assert_int_equal(reason_of(&r, "\"We have sold fish"), WN_KEEP);
	assert_int_equal(reason_of(&r, "The council said it would publish"), WN_KEEP);
	/* the chrome goes, each for its reason */
	assert_int_equal(reason_of(&r, "Skip to main content"), WN_REASON_NAV);
	assert_int_equal(reason_of(&r, "Home"), WN_REASON_NAV);
	assert_int_equal(reason_of(&r, "World"), WN_REASON_NAV);
	assert_int_equal(reason_of(&r, "By Mara Ellison"), WN_REASON_BIO);
	assert_int_equal(reason_of(&r, "4 min read"), WN_REASON_META);
	assert_int_equal(reason_of(&r, "Share this article"), WN_REASON_SHARE);
	assert_int_equal(reason_of(&r, "Facebook Twitter Email"), WN_REASON_SHARE);
	assert_int_equal(reason_of(&r, "Mara Ellison is a reporter"), WN_REASON_BIO);
	assert_int_equal(reason_of(&r, "Sign up for our morning"), WN_REASON_APPEAL);
	assert_int_equal(reason_of(&r, "More from the Harbour Post"), WN_REASON_TEASER);
	assert_true(reason_of(&r, "Two sailors were rescued") != WN_KEEP);
	assert_true(reason_of(&r, "The path links the town") != WN_KEEP);
	assert_true(reason_of(&r, "\xc2\xa9 2024") == WN_REASON_LEGAL);
	/* the text is the kept lines, in order, joined by newlines */
	assert_true(text_has(&r, "Harbour Town Votes to Close Its Old Fish Market\nThe 140-year-old"));
	assert_false(text_has(&r, "Facebook"));
	assert_false(text_has(&r, "inbox"));
	/* result lines: every non-blank line, numbered from 1 */
	assert_int_equal(r.line_count, 29);
	assert_int_equal(r.lines[0].line, 1);
	assert_int_equal(r.lines[28].line, 29);
	size_t removed = 0;
	for (size_t i = 0; i < r.line_count; i++)
		removed += r.lines[i].reason != WN_KEEP;
	assert_int_equal(removed, r.removed_count);
}

/* A long sentence that happens to contain a chrome word stays. */
static void test_keyword_in_article(void **state)
{
	fixture *f = *state;
	const char *page =
		"Bakery Wins Regional Prize for Its Oat Biscuits\n"
		"A family bakery on Mill Street has won the regional baking prize for its oat cookies, which the judges said were the best they had tasted in a decade of judging.\n"
		"The owners said they would not raise prices and would use the prize money to support the apprentices who have helped them through a difficult year.\n"
		"Customers queued outside the shop on Saturday morning, and several said they had subscribed to the bakery's weekly list of new recipes years ago.\n"
		"The bakery plans to open a second shop near the station in the spring if it can find staff, the owners added on Saturday.\n";
	wn_doc doc = make_doc("bakery", page);
	wn_clean_result r;
	assert_int_equal(wn_cleaner_clean(f->cleaner, &doc, &r), 0);
	assert_int_equal(r.removed_count, 0);
}

/* Comments after an article go; a forum thread with no article keeps its
 * posts. */
static void test_comments(void **state)
{
	fixture *f = *state;
	const char *article =
		"Library Extends Its Opening Hours\n"
		"The town library will open until nine in the evening on weekdays from next month, the council said on Friday after a survey of readers.\n"
		"The longer hours will be paid for from the culture budget, which was increased this year after several branches had to close early in winter.\n"
		"Staff said the reading rooms were busiest after work and that students had asked for more evening places to study before their exams.\n"
		"The library will also lend laptops from the main desk, a service that was tried in the spring and that proved popular with older readers.\n"
		"3 Comments\n"
		"Anna K.\n"
		"This is great news for everyone who works late and still wants to borrow books during the week without rushing after the office closes.\n"
		"Reply\n"
		"Tom R.\n"
		"I hope they keep the children's corner open in the evening too, because that is when parents actually have the time to take their kids there.\n"
		"Reply\n";
	wn_doc doc = make_doc("library", article);
	wn_clean_result r;
	assert_int_equal(wn_cleaner_clean(f->cleaner, &doc, &r), 0);
	assert_int_equal(reason_of(&r, "The town library will open"), WN_KEEP);
	assert_int_equal(reason_of(&r, "The library will also lend"), WN_KEEP);
	assert_int_equal(reason_of(&r, "3 Comments"), WN_REASON_COMMENT);
	assert_int_equal(reason_of(&r, "This is great news"), WN_REASON_COMMENT);
	assert_int_equal(reason_of(&r, "I hope they keep"), WN_REASON_COMMENT);

	/* a head that ends with the prompt: "COMMENTS (2) Post a comment" */
	const char *tail_head =
		"Library Extends Its Opening Hours\n"
		"The town library will open until nine in the evening on weekdays from next month, the council said on Friday after a survey of readers.\n"
		"The longer hours will be paid for from the culture budget, which was increased this year after several branches had to close early in winter.\n"
		"Staff said the reading rooms were busiest after work and that students had asked for more evening places to study before their exams.\n"
		"The library will also lend laptops from the main desk, a service that was tried in the spring and that proved popular with older readers.\n"
		"COMMENTS (2) Post a comment\n"
		"This is great news for everyone who works late and still wants to borrow books during the week without rushing after the office closes.\n"
		"I hope they keep the children's corner open in the evening too, because that is when parents actually have the time to take their kids there.\n";
	doc = make_doc("library2", tail_head);
	assert_int_equal(wn_cleaner_clean(f->cleaner, &doc, &r), 0);
	assert_int_equal(reason_of(&r, "The library will also lend"), WN_KEEP);
	assert_int_equal(reason_of(&r, "COMMENTS (2)"), WN_REASON_COMMENT);
	assert_int_equal(reason_of(&r, "This is great news"), WN_REASON_COMMENT);
}


/* A comment head that repeats the article's title ("12 thoughts on
 * "Title"") still ends the article. */
static void test_comment_head_title(void **state)
{
	fixture *f = *state;
	const char *page =
		"Ferry Timetable Changes for the Winter\n"
		"The island ferry will run four times a day instead of six from November, the operator said on Monday after a review of passenger numbers.\n"
		"The first crossing will leave at seven in the morning and the last at six in the evening, which islanders said was too early for commuters.\n"
		"The operator said it would add crossings on Fridays and before public holidays, when the boats are usually full with visiting families.\n"
		"Local councillors have asked for a meeting to discuss a late boat on weekdays, pointing to the hospital shifts that end after eight.\n"
		"12 thoughts on \u201cFerry Timetable Changes for the Winter Season on the Island Route\u201d\n"
		"Maria\n"
		"This will make it very hard for those of us who work late shifts at the hospital on the mainland and have no other way of getting home.\n";
	wn_doc doc = make_doc("ferry", page);
	wn_clean_result r;
	assert_int_equal(wn_cleaner_clean(f->cleaner, &doc, &r), 0);
	assert_int_equal(reason_of(&r, "The island ferry will run"), WN_KEEP);
	assert_int_equal(reason_of(&r, "Local councillors have asked"), WN_KEEP);
	assert_int_equal(reason_of(&r, "12 thoughts on"), WN_REASON_COMMENT);
	assert_int_equal(reason_of(&r, "This will make it very hard"), WN_REASON_COMMENT);
}

/* A reviewer who says "we" about a subscription in a paragraph of the review
 * is not making an appeal; a short "we" line asking for one is. */
static void test_review_we(void **state)
{
	fixture *f = *state;
	const char *page =
		"The Best Meal Kits We Tested This Year\n"
		"Meal kits promise fresh ingredients and simple recipes delivered to the door, and the market has grown quickly since the first services appeared.\n"
		"We cooked from five services over two months, and the subscription from the smallest one was the easiest to pause when we went away for a week.\n"
		"Portions were generous across the board, though two of the services packed every single vegetable in its own plastic bag, which added up quickly.\n"
		"Recipes took between twenty and forty minutes, and the spice blends were the part that testers most often said they would buy on their own.\n"
		"Subscribe to our newsletter and we will send you a new recipe every week.\n";
	wn_doc doc = make_doc("mealkits", page);
	wn_clean_result r;
	assert_int_equal(wn_cleaner_clean(f->cleaner, &doc, &r), 0);
	assert_int_equal(reason_of(&r, "We cooked from five services"), WN_KEEP);
	assert_int_equal(reason_of(&r, "Portions were generous"), WN_KEEP);
	assert_int_equal(reason_of(&r, "Subscribe to our newsletter"), WN_REASON_APPEAL);

	/* what the page is about, by its title: short "we" lines that name a
	 * subscription are the review's, not a request for one */
	const char *boxes =
		"Coffee Subscription Boxes We Tried\n"
		"Five roasters now post fresh beans to the door every month, and we drank our way through three months of each to see which were worth it.\n"
		"The Harbour Roasters subscription\n"
		"We liked this subscription best for its light roasts.\n"
		"Every bag arrived within two days of roasting, with a card that said where the beans were grown and how the roaster suggests brewing them.\n"
		"The Mill Lane subscription\n"
		"We paused this subscription twice without any trouble.\n"
		"Its dark roasts were the most consistent of the five, though the bags were smaller than the others and the price per cup was the highest.\n"
		"Subscribe to our newsletter and we will send you a new review every week.\n";
	doc = make_doc("coffee", boxes);
	doc.title = str("Coffee Subscription Boxes We Tried");
	assert_int_equal(wn_cleaner_clean(f->cleaner, &doc, &r), 0);
	assert_int_equal(reason_of(&r, "We liked this subscription"), WN_KEEP);
	assert_int_equal(reason_of(&r, "We paused this subscription"), WN_KEEP);
	assert_int_equal(reason_of(&r, "Subscribe to our newsletter"), WN_REASON_APPEAL);
}

/* A donation appeal in the publisher's voice after the article. */
static void test_appeal(void **state)
{
	fixture *f = *state;
	const char *page =
		"Water Rates to Rise by Four Percent\n"
		"Households in the valley will pay four percent more for water from April, the regional utility announced on Monday after its annual review.\n"
		"The utility said the increase would pay for new pipes in the older districts, where leaks have cost millions of litres a year since the drought.\n"
		"Consumer groups said the rise was steeper than inflation and asked the regulator to look again at the company's plans for the next five years.\n"
		"The regulator is expected to decide on the complaint before the end of the summer, a spokesman for the consumer groups said on Monday.\n"
		"Independent local reporting needs your support.\n"
		"We are a small newsroom and we rely on readers like you. If you value our work, please make a monthly donation so that we can keep our reporting free for everyone.\n"
		"Every gift, however small, helps us stay independent.\n";
	wn_doc doc = make_doc("water", page);
	wn_clean_result r;
	assert_int_equal(wn_cleaner_clean(f->cleaner, &doc, &r), 0);
	assert_int_equal(reason_of(&r, "The regulator is expected"), WN_KEEP);
	assert_int_equal(reason_of(&r, "Independent local reporting"), WN_REASON_APPEAL);
	assert_int_equal(reason_of(&r, "We are a small newsroom"), WN_REASON_APPEAL);
	assert_int_equal(reason_of(&r, "Every gift"), WN_REASON_APPEAL);
	/* quoted "we" in an article is a source speaking: it stays */
	const char *quoted =
		"Union Calls Off Ferry Strike\n"
		"The ferry workers' union called off Friday's strike after talks with the operator ended late on Wednesday with a new offer on pay and hours.\n"
		"\"We are pleased that our members will get the rise they asked for, and we thank the passengers for their patience,\" the union's secretary said.\n"
		"The operator said all crossings would run as normal on Friday and that tickets bought for the strike day could still be used next week.\n";
	doc = make_doc("strike", quoted);
	assert_int_equal(wn_cleaner_clean(f->cleaner, &doc, &r), 0);
	assert_int_equal(r.removed_count, 0);
}

/* A guide that speaks to "you" throughout: the newsletter line in the middle
 * is an appeal, the long paragraphs in the reader's voice around it are the
 * guide going on; a paragraph between two appeal lines is part of the box. */
static void test_appeal_in_guide(void **state)
{
	fixture *f = *state;
	const char *page =
		"How to Start a Balcony Herb Garden\n"
		"You do not need a garden to grow your own herbs: a sunny balcony and a few pots are enough for basil, mint, parsley and chives through the summer.\n"
		"Start with pots that have holes in the bottom, because herbs hate standing in water, and fill them with a light compost mixed with a little sand.\n"
		"Sign up for our newsletter to get a new gardening tip every week.\n"
		"Once your seedlings have a few leaves, you can move them outside on warm days, but bring them back in at night until the frosts are over. If you water them in the morning rather than the evening, the leaves dry in the sun and you will see far less mould on the young plants.\n"
		"When you harvest, pick the top leaves first so that the plant grows bushy instead of tall, and you will have fresh herbs from June until the first cold nights of autumn.\n"
		"Keep the pots close to the door, where you will see them every day and remember to water them when the soil feels dry under your finger.\n"
		"Support our work with a small donation.\n"
		"We are a team of three gardeners who write every guide on this site ourselves, test every tip on our own balconies and answer the questions our readers send us, which takes us many evenings each week.\n"
		"Please donate today so that we can keep our guides free for everyone.\n";
	wn_doc doc = make_doc("herbs", page);
	wn_clean_result r;
	assert_int_equal(wn_cleaner_clean(f->cleaner, &doc, &r), 0);
	assert_int_equal(reason_of(&r, "Sign up for our newsletter"), WN_REASON_APPEAL);
	assert_int_equal(reason_of(&r, "Once your seedlings"), WN_KEEP);
	assert_int_equal(reason_of(&r, "When you harvest"), WN_KEEP);
	assert_int_equal(reason_of(&r, "Keep the pots close"), WN_KEEP);
	assert_int_equal(reason_of(&r, "Support our work"), WN_REASON_APPEAL);
	assert_int_equal(reason_of(&r, "We are a team of three"), WN_REASON_APPEAL);
	assert_int_equal(reason_of(&r, "Please donate today"), WN_REASON_APPEAL);
}

/* An author box at the end: the byline's name on a line of its own, a job
 * title and a paragraph that opens with the name and says what the person
 * is. A listicle item of the same shape, whose name is no byline, stays. */
static void test_author_box(void **state)
{
	fixture *f = *state;
	const char *page =
		"Ferry Timetable Changes for the Winter\n"
		"By Tomas Lindqvist | March 3, 2025\n"
		"The island ferry will run four crossings a day instead of six from November, the operator said on Monday, citing fewer passengers and higher fuel costs.\n"
		"The first boat will leave the harbour at seven in the morning and the last will return at eight in the evening, two hours earlier than in the summer.\n"
		"Residents said the later crossings were the only way for students and shift workers to get home, and asked the council to pay for an extra evening boat.\n"
		"The council said it would look at the cost of a subsidy and decide before the new timetable starts, after talks with the operator next month.\n"
		"Tomas Lindqvist\n"
		"Senior Correspondent\n"
		"Tomas is a reporter who has covered transport and the islands for the paper since 2015, and before that wrote for the regional radio service.\n";
	wn_doc doc = make_doc("ferry", page);
	wn_clean_result r;
	assert_int_equal(wn_cleaner_clean(f->cleaner, &doc, &r), 0);
	assert_int_equal(reason_of(&r, "The council said"), WN_KEEP);
	assert_int_equal(reason_of(&r, "Tomas Lindqvist"), WN_REASON_BIO);
	assert_int_equal(reason_of(&r, "Tomas is a reporter"), WN_REASON_BIO);
	assert_false(text_has(&r, "Tomas is a reporter"));
	assert_false(text_has(&r, "Senior Correspondent"));

	/* the same shape inside a guide, with no byline that names it */
	const char *guide =
		"Three Bakeries Worth the Early Start\n"
		"Updated March 3, 2025\n"
		"The old town has more bakeries than any other part of the city, and three of them open before six, when the first trams start to run.\n"
		"We visited each of them on a weekday morning, tried what they are known for and asked the owners how long they have been baking on the same street.\n"
		"Each of the three has its own idea of what a morning loaf should be, and each has a queue at the door before the sun is up in winter.\n"
		"Harbour Loaves\n"
		"Harbour Loaves is a family bakery that has baked rye bread in the same stone oven since 1952, and its cardamom buns sell out by eight.\n"
		"Mill Street Ovens\n"
		"Mill Street Ovens is the newest of the three, opened by two former chefs who bake sourdough with flour milled a few miles up the river.\n";
	doc = make_doc("bakeries", guide);
	assert_int_equal(wn_cleaner_clean(f->cleaner, &doc, &r), 0);
	assert_int_equal(reason_of(&r, "Mill Street Ovens is"), WN_KEEP);
	assert_int_equal(reason_of(&r, "Harbour Loaves is"), WN_KEEP);

	/* no byline at the top, but the paragraph under the name gives a
	 * job ("writer", "editor"): a bakery's paragraph above does not */
	const char *unsigned_box =
		"Ferry Timetable Changes for the Winter\n"
		"The island ferry will run four crossings a day instead of six from November, the operator said on Monday, citing fewer passengers and higher fuel costs.\n"
		"The first boat will leave the harbour at seven in the morning and the last will return at eight in the evening, two hours earlier than in the summer.\n"
		"Residents said the later crossings were the only way for students and shift workers to get home, and asked the council to pay for an extra evening boat.\n"
		"The council said it would look at the cost of a subsidy and decide before the new timetable starts, after talks with the operator next month.\n"
		"Tomas Lindqvist\n"
		"Tomas is a writer who has covered transport and the islands for the paper since 2015, and before that he worked for the regional radio service.\n";
	doc = make_doc("ferry-unsigned", unsigned_box);
	assert_int_equal(wn_cleaner_clean(f->cleaner, &doc, &r), 0);
	assert_int_equal(reason_of(&r, "The council said"), WN_KEEP);
	assert_int_equal(reason_of(&r, "Tomas Lindqvist"), WN_REASON_BIO);
	assert_int_equal(reason_of(&r, "Tomas is a writer"), WN_REASON_BIO);

	/* a box above a long comment section is still at the end of the
	 * article: the comments, prose as they are, do not count as what
	 * follows it */
	wn_buf commented;
	wn_buf_init(&commented);
	assert_int_equal(wn_buf_append(&commented, page, strlen(page)), 0);
	assert_int_equal(wn_buf_append(&commented, "12 Comments\n", 12), 0);
	for (int c = 0; c < 12; c++) {
		char line[256];
		int len = snprintf(line, sizeof(line),
				   "Reader %d\nI have taken the late boat home from the hospital for years, and losing it means a night on the mainland every week that I work the evening shift there.\n",
				   c + 1);
		assert_int_equal(wn_buf_append(&commented, line, (size_t)len), 0);
	}
	doc = make_doc("ferry-comments", commented.ptr);
	assert_int_equal(wn_cleaner_clean(f->cleaner, &doc, &r), 0);
	assert_int_equal(reason_of(&r, "The council said"), WN_KEEP);
	assert_int_equal(reason_of(&r, "Tomas is a reporter"), WN_REASON_BIO);
	wn_buf_release(&commented);

	/* an "About ..." box after the article needs no byline: its head says
	 * what it is, whether it is about the writer or the publisher */
	const char *about =
		"Why Small Ports Need Their Own Weather Stations\n"
		"A harbour master decides every morning whether the boats go out, and the forecast for the whole coast is often wrong for one narrow bay.\n"
		"Three small ports on the north coast have put up their own weather stations this year, paid for by the fishermen's cooperative and the council.\n"
		"The stations report the wind and the swell at the harbour mouth every ten minutes, and the readings go to a screen on the quay and to an app.\n"
		"Since the spring the harbour masters say they have closed the ports on fewer days, because they no longer have to guess from a regional forecast.\n"
		"About Tidewatch Systems\n"
		"Tidewatch Systems is a small company in the north that builds weather stations for ports, marinas and sailing clubs, and maintains them for a yearly fee.\n";
	doc = make_doc("ports", about);
	assert_int_equal(wn_cleaner_clean(f->cleaner, &doc, &r), 0);
	assert_int_equal(reason_of(&r, "Since the spring"), WN_KEEP);
	assert_int_equal(reason_of(&r, "About Tidewatch Systems"), WN_REASON_BIO);
	assert_int_equal(reason_of(&r, "Tidewatch Systems is a small"), WN_REASON_BIO);
	/* "About the ...": the name starts after the article */
	char with_the[2048];
	const char *head = strstr(about, "About Tidewatch Systems\n");
	assert_non_null(head);
	snprintf(with_the, sizeof(with_the), "%.*sAbout the Tidewatch Company\n%s",
		 (int)(head - about), about, head + strlen("About Tidewatch Systems\n"));
	doc = make_doc("ports-the", with_the);
	assert_int_equal(wn_cleaner_clean(f->cleaner, &doc, &r), 0);
	assert_int_equal(reason_of(&r, "Since the spring"), WN_KEEP);
	assert_int_equal(reason_of(&r, "About the Tidewatch Company"), WN_REASON_BIO);
	assert_int_equal(reason_of(&r, "Tidewatch Systems is a small"), WN_REASON_BIO);

	/* an "About the ..." sub-heading in the middle of an article, with
	 * most of the article after it, is the article's */
	const char *middle =
		"A Season on the Ferry\n"
		"The ferry crosses the sound twelve times a day in summer, and the crew of six know most of the passengers by name by the end of June.\n"
		"About the Island Ferry\n"
		"The Island Ferry is the oldest boat on the route, built in 1968 and rebuilt twice, and the crew say she handles the winter swell better than the new one.\n"
		"In July the crossings are full from the first boat to the last, with cyclists and walkers on the morning runs and day trippers in the afternoon.\n"
		"The crew work two weeks on and one week off, and most of them live on the island, where the ferry is the only way to the doctor and the school.\n"
		"When the season ends in September the timetable drops to six crossings, and the crew start the repairs that the summer had no time for.\n";
	doc = make_doc("ferry-season", middle);
	assert_int_equal(wn_cleaner_clean(f->cleaner, &doc, &r), 0);
	assert_int_equal(reason_of(&r, "The Island Ferry is the oldest"), WN_KEEP);
	assert_int_equal(reason_of(&r, "When the season ends"), WN_KEEP);
}

/* Calls to buy and a form's fields are appeals; the review around them stays. */
static void test_calls_to_action(void **state)
{
	fixture *f = *state;
	const char *page =
		"The Best Camping Stoves of the Year\n"
		"We cooked breakfast and dinner on eight stoves over three weekends in the hills, in wind and rain, and timed how long each took to boil a litre of water.\n"
		"Best Overall: Ridgeline Twin Burner\n"
		"The Ridgeline boiled water fastest in every test and its wide burners held a large pan steady, though it is heavy to carry far from the car.\n"
		"Check price at Outdoor Supply\n"
		"Best for Backpacking: Featherflame Mini\n"
		"The Featherflame weighs less than a mug and folds into its own pot, but its small flame struggled in the wind on the exposed ridge we tested it on.\n"
		"Check price at Outdoor Supply\n"
		"Whichever stove you choose, carry a spare canister and a windshield, and practise lighting it at home before your first night outdoors.\n"
		"Get our gear guide\n"
		"First Name\n"
		"Email Address\n"
		"Submit\n";
	wn_doc doc = make_doc("stoves", page);
	wn_clean_result r;
	assert_int_equal(wn_cleaner_clean(f->cleaner, &doc, &r), 0);
	assert_int_equal(reason_of(&r, "The Ridgeline boiled"), WN_KEEP);
	assert_int_equal(reason_of(&r, "The Featherflame weighs"), WN_KEEP);
	assert_int_equal(reason_of(&r, "Whichever stove"), WN_KEEP);
	assert_int_equal(reason_of(&r, "Check price"), WN_REASON_APPEAL);
	assert_int_equal(reason_of(&r, "First Name"), WN_REASON_APPEAL);
	assert_int_equal(reason_of(&r, "Email Address"), WN_REASON_APPEAL);
	assert_int_equal(reason_of(&r, "Submit"), WN_REASON_APPEAL);
	assert_false(text_has(&r, "Check price"));
}

/* A listicle whose items each carry a photo credit: the credits go, but
 * they interrupt the article, they do not end it. */
static void test_credit_between_items(void **state)
{
	fixture *f = *state;
	const char *page =
		"Five Weekend Projects for a Small Garden\n"
		"A small garden can still hold a surprising number of useful things, and none of the projects below needs more than a weekend and a few basic tools.\n"
		"Raised Herb Bed\n"
		"Photo credit: Lena Ortiz\n"
		"Four boards and some compost make a garden bed for herbs in one weekend.\n"
		"Rain Barrel Stand\n"
		"Photo credit: Tom Hale\n"
		"Lift the barrel on stacked blocks in a weekend, so a garden can fits under the tap.\n"
		"Trellis From Old Poles\n"
		"Photo credit: Lena Ortiz\n"
		"Tie three poles together in a weekend and let beans climb them in a sunny garden corner.\n"
		"Stepping Stone Path\n"
		"Photo credit: Mia Berg\n"
		"Set flat stones into the garden lawn in a weekend where the grass wears thin.\n"
		"Bird Bath From a Pot Saucer\n"
		"Photo credit: Tom Hale\n"
		"A saucer on an upturned pot gives the garden birds water, the quickest weekend project.\n";
	wn_doc doc = make_doc("garden", page);
	wn_clean_result r;
	assert_int_equal(wn_cleaner_clean(f->cleaner, &doc, &r), 0);
	assert_int_equal(reason_of(&r, "A small garden can still"), WN_KEEP);
	assert_int_equal(reason_of(&r, "Four boards and some"), WN_KEEP);
	assert_int_equal(reason_of(&r, "Lift the barrel"), WN_KEEP);
	assert_int_equal(reason_of(&r, "Tie three poles"), WN_KEEP);
	assert_int_equal(reason_of(&r, "Set flat stones"), WN_KEEP);
	assert_int_equal(reason_of(&r, "A saucer on an"), WN_KEEP);
	assert_int_equal(reason_of(&r, "Photo credit: Lena Ortiz"), WN_REASON_META);
	assert_int_equal(reason_of(&r, "Photo credit: Mia Berg"), WN_REASON_META);
}

/* "Also read: <another story's headline>" inside an article goes, and the
 * article goes on after it; a sentence that opens the same way stays.
 * "End of article" ends it. */
static void test_inline_teaser(void **state)
{
	fixture *f = *state;
	const char *page =
		"Night Buses Return to the Valley Line\n"
		"Night buses will run again on the valley line from Friday, the transport authority said, two years after the service was cut to save money.\n"
		"Buses will leave the central station every hour between midnight and five in the morning and stop at every village along the old route.\n"
		"Also read: Valley Council Plans New Cycle Lanes Along the River Road Before the Summer Holidays Begin\n"
		"Also read on Monday, the authority's report found that most passengers on the late trains worked shifts in the hospital or the bakeries.\n"
		"The authority said it would review the service after six months and publish the number of passengers on each route every quarter.\n"
		"End of article\n"
		"Harbour Festival Draws Record Crowds for Its Final Weekend\n"
		"Ten Things to Do in the Valley This Autumn\n";
	wn_doc doc = make_doc("buses", page);
	wn_clean_result r;
	assert_int_equal(wn_cleaner_clean(f->cleaner, &doc, &r), 0);
	assert_int_equal(reason_of(&r, "Buses will leave"), WN_KEEP);
	assert_int_equal(reason_of(&r, "Also read: Valley Council"), WN_REASON_TEASER);
	assert_int_equal(reason_of(&r, "Also read on Monday"), WN_KEEP);
	assert_int_equal(reason_of(&r, "The authority said it would review"), WN_KEEP);
	assert_int_equal(reason_of(&r, "End of article"), WN_REASON_TEASER);
	assert_true(reason_of(&r, "Harbour Festival Draws") != WN_KEEP);
}

/* A list inside an article: a run of short items too long to smooth is a
 * gap of the segmentation, and still the article's own; a figure alone and
 * a date in it go. */
static void test_list_in_gap(void **state)
{
	fixture *f = *state;
	const char *page =
		"What to Pack for a Week of Winter Hiking\n"
		"A week in the hills in winter asks for more kit than a summer walk, but most of it is the same gear you already own, worn in more layers.\n"
		"The list below is what our testers carried on a six-day crossing of the northern range in January, when the days were short and wet.\n"
		"Packing list\n"
		"Merino base layer, long sleeves\n"
		"Fleece mid layer with a hood\n"
		"Waterproof shell jacket and trousers\n"
		"Insulated gloves and a spare pair\n"
		"Wool hat and a neck gaiter\n"
		"Head torch with spare batteries\n"
		"Microspikes for icy paths\n"
		"41\n"
		"Updated Jan 12\n"
		"Most of the weight on the crossing was food and fuel, so the clothing list is worth keeping short: every layer should work with every other one.\n"
		"If you are unsure about a piece of kit, leave it at home and carry a spare pair of socks instead, which our testers valued more than anything else.\n";
	wn_doc doc = make_doc("packing", page);
	wn_clean_result r;
	assert_int_equal(wn_cleaner_clean(f->cleaner, &doc, &r), 0);
	assert_int_equal(reason_of(&r, "The list below is what"), WN_KEEP);
	assert_int_equal(reason_of(&r, "Merino base layer"), WN_KEEP);
	assert_int_equal(reason_of(&r, "Insulated gloves"), WN_KEEP);
	assert_int_equal(reason_of(&r, "Microspikes for icy paths"), WN_KEEP);
	assert_int_equal(reason_of(&r, "Most of the weight"), WN_KEEP);
	assert_int_not_equal(reason_of(&r, "41"), WN_KEEP);
	assert_int_not_equal(reason_of(&r, "Updated Jan 12"), WN_KEEP);
}

/* A rail whose teasers carry summaries of 40-60 words is still a rail. */
static void test_rail_long_summaries(void **state)
{
	fixture *f = *state;
	const char *page =
		"Town Library Opens a Tool Lending Shelf\n"
		"The town library has started lending drills, ladders and sewing machines from a new shelf next to the reading room, the head librarian said on Monday.\n"
		"Members can borrow up to three tools for a week, and the library will check and repair each one after it comes back, using a small grant from the council.\n"
		"The idea came from a survey of members last spring, in which many said they owned tools they used once a year and would gladly share them with their neighbours.\n"
		"The shelf opened with forty tools donated by residents, and the librarian said she hoped to double that by the end of the summer if the first months go well.\n"
		"Staff will run short sessions on Saturday mornings for members who have never used a drill or a sewing machine, starting with the basics of safety and care.\n"
		"Related stories\n"
		"Council Approves New Cycle Lanes\n"
		"The council approved three new cycle lanes on Tuesday after a long debate about parking, and the first of them, along the river road, should open before the school holidays begin, the transport committee said in a statement published after the meeting on the town hall website.\n"
		"Bakery Wins Regional Prize\n"
		"A family bakery on Mill Street has won the regional prize for its oat biscuits, and the owners said they would use the prize money to train two new apprentices and to open their kitchen to school classes who want to see how bread is made early in the morning.\n";
	wn_doc doc = make_doc("tools", page);
	wn_clean_result r;
	assert_int_equal(wn_cleaner_clean(f->cleaner, &doc, &r), 0);
	assert_int_equal(reason_of(&r, "Staff will run short sessions"), WN_KEEP);
	assert_int_equal(reason_of(&r, "Related stories"), WN_REASON_TEASER);
	assert_int_not_equal(reason_of(&r, "The council approved three"), WN_KEEP);
	assert_int_not_equal(reason_of(&r, "A family bakery"), WN_KEEP);
	/* with the old limit of 40 words the summaries read as the article
	 * going on, and the rail stayed open */
	clean_params p = *clean_cleaner_params(f->cleaner);
	p.rail_paragraph = 40;
	clean_cleaner_set_params(f->cleaner, &p);
	assert_int_equal(wn_cleaner_clean(f->cleaner, &doc, &r), 0);
	assert_int_equal(reason_of(&r, "The council approved three"), WN_KEEP);
}

/* A "Related" box in the middle of an article does not end it; the same
 * head followed by teasers only, at the end, does. */
static void test_related_box(void **state)
{
	fixture *f = *state;
	const char *inline_box =
		"Harbour Bridge Opens After Two Years of Work\n"
		"The new bridge over the harbour mouth opened to traffic on Saturday morning, two years after the first piles were driven into the seabed near the old lighthouse.\n"
		"Hundreds of people walked across it before the first cars were let on, and the mayor cut a ribbon at the town end while the brass band of the fire brigade played.\n"
		"Related stories\n"
		"Bridge costs rise by a fifth\n"
		"Ferry crews fear for their jobs\n"
		"The bridge cost 48 million, a fifth more than planned, because the contractor found soft clay under the northern pier and had to drive the piles twice as deep as the engineers had expected in their first survey of the harbour mouth.\n"
		"The old ferry will keep running for cyclists until the end of the summer, when the council will decide whether to sell the boat or keep it for the tourist season.\n"
		"Traffic on the coastal road fell by half on the first day, the police said, as drivers from the islands used the bridge instead of the long way round through the valley towns.\n";
	wn_doc doc = make_doc("bridge", inline_box);
	wn_clean_result r;
	assert_int_equal(wn_cleaner_clean(f->cleaner, &doc, &r), 0);
	assert_int_equal(reason_of(&r, "Related stories"), WN_REASON_TEASER);
	assert_int_equal(reason_of(&r, "The bridge cost 48 million"), WN_KEEP);
	assert_int_equal(reason_of(&r, "Traffic on the coastal road"), WN_KEEP);

	const char *rail =
		"Harbour Bridge Opens After Two Years of Work\n"
		"The new bridge over the harbour mouth opened to traffic on Saturday morning, two years after the first piles were driven into the seabed near the old lighthouse.\n"
		"Hundreds of people walked across it before the first cars were let on, and the mayor cut a ribbon at the town end while the brass band of the fire brigade played.\n"
		"The bridge cost 48 million, a fifth more than planned, because the contractor found soft clay under the northern pier and had to drive the piles much deeper.\n"
		"Related stories\n"
		"Harbour festival moves to August\n"
		"Organisers say the later date gives the fishing fleet time to return before the boat parade along the quay.\n"
		"Museum buys the old lighthouse lens\n"
		"The lens, made in 1887, will go on show in the maritime hall after it has been cleaned and repaired.\n";
	doc = make_doc("rail", rail);
	assert_int_equal(wn_cleaner_clean(f->cleaner, &doc, &r), 0);
	assert_int_equal(reason_of(&r, "The bridge cost 48 million"), WN_KEEP);
	assert_int_equal(reason_of(&r, "Related stories"), WN_REASON_TEASER);
	assert_true(reason_of(&r, "Organisers say the later date") != WN_KEEP);
	assert_true(reason_of(&r, "The lens, made in 1887") != WN_KEEP);

	/* "You may like to read:", "You'll Also Love..." and "More Videos" head
	 * rails too; "Load All Comments" heads the readers' comments */
	static const char *const heads[] = { "You may like to read:", "You\u2019ll Also Love...",
					     "More Videos" };
	for (size_t h = 0; h < sizeof(heads) / sizeof(heads[0]); h++) {
		char page_text[2048];
		snprintf(page_text, sizeof(page_text),
			 "Harbour Bridge Opens After Two Years of Work\n"
			 "The new bridge over the harbour mouth opened to traffic on Saturday morning, two years after the first piles were driven into the seabed near the old lighthouse.\n"
			 "Hundreds of people walked across it before the first cars were let on, and the mayor cut a ribbon at the town end while the brass band of the fire brigade played.\n"
			 "The bridge cost 48 million, a fifth more than planned, because the contractor found soft clay under the northern pier and had to drive the piles much deeper.\n"
			 "%s\n"
			 "Harbour Festival Moves to August After Fleet Complains\n"
			 "Museum Buys the Old Lighthouse Lens for Its Maritime Hall\n"
			 "Load All Comments\n"
			 "I drove over it this morning and it took me ten minutes instead of forty, which is the best thing to happen to this town since the railway came back in the nineties.\n"
			 "Forty-eight million for a bridge that the ferry could have done for a tenth of the price, and nobody on the council will say who pays for the overrun on the northern pier.\n",
			 heads[h]);
		doc = make_doc("may-like", page_text);
		assert_int_equal(wn_cleaner_clean(f->cleaner, &doc, &r), 0);
		assert_int_equal(reason_of(&r, "The bridge cost 48 million"), WN_KEEP);
		if (reason_of(&r, heads[h]) != WN_REASON_TEASER)
			fail_msg("head %zu: '%s' is no teaser head", h, heads[h]);
		assert_true(reason_of(&r, "Harbour Festival Moves") != WN_KEEP);
		assert_int_equal(reason_of(&r, "Load All Comments"), WN_REASON_COMMENT);
		assert_true(reason_of(&r, "I drove over it") != WN_KEEP);
		assert_true(reason_of(&r, "Forty-eight million") != WN_KEEP);
	}
}

/* Time stamps and share buttons between the posts of a live blog do not cut
 * it short. */
static void test_live_blog(void **state)
{
	fixture *f = *state;
	const char *page =
		"Flood warnings live: river expected to peak tonight\n"
		"18:05 BST\n"
		"Sandbags handed out in the lower town\n"
		"Volunteers handed out more than two thousand sandbags at the fire station this afternoon, and the queue stretched past the market square for most of the day.\n"
		"Share\n"
		"17:40 BST\n"
		"Schools to stay closed on Friday\n"
		"All six schools in the valley will stay closed tomorrow because the roads to them may be under water by the morning, the education office said.\n"
		"Share\n"
		"17:12 BST\n"
		"Train services suspended north of the bridge\n"
		"No trains will run between the city and the coast until the line has been checked, the rail operator said, and replacement buses are not yet available.\n"
		"Share\n"
		"16:50 BST\n"
		"River level passes the 2007 mark\n"
		"The gauge at the old mill showed 4.2 metres at half past four, higher than during the floods of 2007, and the water is still rising by a few centimetres an hour.\n"
		"Share\n";
	wn_doc doc = make_doc("live", page);
	wn_clean_result r;
	assert_int_equal(wn_cleaner_clean(f->cleaner, &doc, &r), 0);
	assert_int_equal(reason_of(&r, "Volunteers handed out"), WN_KEEP);
	assert_int_equal(reason_of(&r, "No trains will run"), WN_KEEP);
	assert_int_equal(reason_of(&r, "The gauge at the old mill"), WN_KEEP);
	assert_int_equal(reason_of(&r, "17:40 BST"), WN_REASON_META);
	assert_int_equal(reason_of(&r, "Share"), WN_REASON_SHARE);
}

/* A page with no prose at all keeps nothing. */
static void test_menu_only(void **state)
{
	fixture *f = *state;
	wn_doc doc = make_doc("menu", "Home\nNews\nSport\nWeather\nContact us\nPrivacy policy\n");
	wn_clean_result r;
	assert_int_equal(wn_cleaner_clean(f->cleaner, &doc, &r), 0);
	assert_int_equal(r.removed_count, 6);
	assert_int_equal(r.text.len, 0);
	assert_non_null(r.text.ptr);
}

/* A comment head under every post is a thread's furniture: it does not end
 * the page the way one comment head under an article does. */
static const char thread_page[] =
	"Questions\n"
	"Tags\n"
	"Log in\n"
	"Why does my bread dough stay sticky after kneading it for ten minutes?\n"
	"Asked 2 years ago\n"
	"I knead my dough for ten minutes by hand as the recipe says, but it stays sticky and spreads on the tray instead of rising into a round loaf.\n"
	"Is the flour to blame, or am I doing something wrong with the water?\n"
	"Share\n"
	"asked May 4 at 8:10\n"
	"doughnut\n"
	"Add a comment\n"
	"2 Answers\n"
	"17\n"
	"Sticky dough usually means there is too much water for the flour you use, since weaker flours take up less water than the strong flour a bread recipe expects.\n"
	"Hold back a tenth of the water next time and add it only if the dough feels stiff, and let it rest before kneading so that the flour can soak.\n"
	"Share\n"
	"answered May 4 at 9:02\n"
	"ovenmitt\n"
	"Add a comment\n"
	"4\n"
	"A short rest of twenty minutes between mixing and kneading helps as well.\n"
	"Share\n"
	"answered May 5 at 7:30\n"
	"proofer\n"
	"Add a comment\n"
	"Your answer\n";

static void test_thread_furniture(void **state)
{
	fixture *f = *state;
	wn_doc doc = make_doc("thread", thread_page);
	wn_clean_result r;
	assert_int_equal(wn_cleaner_clean(f->cleaner, &doc, &r), 0);
	/* the question and the first answer stay: "Add a comment" under the
	 * question does not start a comment section */
	assert_int_equal(reason_of(&r, "I knead my dough"), WN_KEEP);
	assert_int_equal(reason_of(&r, "Sticky dough usually"), WN_KEEP);
	assert_int_equal(reason_of(&r, "Hold back a tenth"), WN_KEEP);
	assert_int_not_equal(reason_of(&r, "Add a comment"), WN_KEEP);
	assert_int_not_equal(reason_of(&r, "Log in"), WN_KEEP);

	/* the same page with the head only once: it ends the question */
	clean_params p = *clean_cleaner_params(f->cleaner);
	p.thread_heads = 100;
	clean_cleaner_set_params(f->cleaner, &p);
	assert_int_equal(wn_cleaner_clean(f->cleaner, &doc, &r), 0);
	assert_int_equal(reason_of(&r, "Sticky dough usually"), WN_REASON_COMMENT);
}

/* A catalogue page: item names, one-sentence descriptions, prices and
 * buttons. The article segmentation keeps one item; the page-level choice
 * keeps the region of all items and still drops menus and the footer. */
/* In a thread, a variant of the furniture head under a later post ("Add a
 * comment | Show 2 more comments") does not end the thread either. */
static void test_thread_head_variant(void **state)
{
	fixture *f = *state;
	const char *page =
		"Questions\n"
		"Why does my sourdough starter smell like nail polish after a week on the shelf?\n"
		"I feed my starter once a week and keep it on a shelf in the kitchen, but lately it smells sharp, almost like nail polish, and rises much less than before.\n"
		"Add a comment\n"
		"3 Answers\n"
		"The sharp smell means the yeast has run out of food and is making acetone, so the starter is hungry rather than spoiled, and it will recover after a few feeds.\n"
		"Feed it twice a day for a few days and keep it somewhere a little warmer, and it should double again within six hours of a feed.\n"
		"Add a comment\n"
		"A week is a long time between feeds at kitchen temperature; keep it in the fridge if you can only feed it once a week, and it will not starve so quickly.\n"
		"Add a comment\n"
		"Add a comment | Show 2 more comments\n"
		"Pour off the grey liquid on top before you feed it, since that liquid holds most of the sharp smell, and use a little more flour than water for the next feeds.\n"
		"Add a comment\n";
	wn_doc doc = make_doc("starter", page);
	wn_clean_result r;
	assert_int_equal(wn_cleaner_clean(f->cleaner, &doc, &r), 0);
	assert_int_equal(reason_of(&r, "The sharp smell means"), WN_KEEP);
	assert_int_equal(reason_of(&r, "A week is a long time"), WN_KEEP);
	assert_int_equal(reason_of(&r, "Pour off the grey liquid"), WN_KEEP);
	assert_int_not_equal(reason_of(&r, "Add a comment | Show"), WN_KEEP);
}

static const char listing_page[] =
	"Skip to content\n"
	"Shop\n"
	"Lamps\n"
	"Rugs\n"
	"Sign in\n"
	"Home / Lamps\n"
	"Showing all 4 results\n"
	"Brass Desk Lamp\n"
	"A small brass lamp with a linen shade that gives a warm light for reading late at night.\n"
	"£48.00\n"
	"In stock\n"
	"4.5 out of 5 stars (12)\n"
	"Add to basket\n"
	"Compare\n"
	"Paper Floor Lamp\n"
	"A tall lamp of folded rice paper on an oak stand, light enough to move from room to room.\n"
	"£65.00\n"
	"In stock\n"
	"4.5 out of 5 stars (8)\n"
	"Add to basket\n"
	"Compare\n"
	"Clip-on Shelf Lamp\n"
	"A clip-on lamp for shelves and bed heads, with a soft switch on the cable that is easy to find.\n"
	"£22.00\n"
	"In stock\n"
	"4.5 out of 5 stars (30)\n"
	"Add to basket\n"
	"Compare\n"
	"Glass Pendant Lamp\n"
	"A pendant of smoked glass that hangs over a dining table and throws a soft ring of light.\n"
	"£89.00\n"
	"In stock\n"
	"4.5 out of 5 stars (5)\n"
	"Add to basket\n"
	"Compare\n"
	"Customer service\n"
	"Delivery and returns\n"
	"© 2025 Lamp & Loom Ltd\n";

static void test_spread_page(void **state)
{
	scanned s;
	scan(&s, listing_page, NULL);
	clean_params p;
	clean_params_default(&p);
	assert_int_equal(clean_classify(&s.page, &p), 0);
	assert_int_equal(s.page.spread, 1);
	/* every description is kept, the menu and the footer are not */
	size_t kept_long = 0;
	for (size_t i = 0; i < s.page.block_count; i++) {
		const clean_block *b = &s.page.blocks[i];
		if (b->words >= 10)
			kept_long += b->reason == WN_KEEP;
	}
	assert_int_equal(kept_long, 4);
	assert_int_not_equal(s.page.blocks[0].reason, WN_KEEP);   /* Skip to content */
	assert_int_not_equal(s.page.blocks[1].reason, WN_KEEP);   /* Shop */
	assert_int_not_equal(s.page.blocks[s.page.block_count - 1].reason, WN_KEEP);
	assert_int_equal(s.page.blocks[7].reason, WN_KEEP);       /* the first item's name */

	/* switched off, the article segmentation keeps one description (the
	 * items repeat as a record list too: that choice is off as well) */
	p.spread_body_share = 0;
	p.record_repeats = 1000;
	assert_int_equal(clean_classify(&s.page, &p), 0);
	assert_int_equal(s.page.spread, 0);
	kept_long = 0;
	for (size_t i = 0; i < s.page.block_count; i++)
		if (s.page.blocks[i].words >= 10)
			kept_long += s.page.blocks[i].reason == WN_KEEP;
	assert_true(kept_long < 4);
	release(&s);
}

/* A page whose body sits under a headline that matches the title is about
 * that one thing (here: one lamp, the others a rail of related products),
 * however much prose lies outside its body. */
static void test_spread_needs_no_headline(void **state)
{
	scanned s;
	scan(&s, listing_page, "Clip-on Shelf Lamp");
	clean_params p;
	clean_params_default(&p);
	assert_int_equal(clean_classify(&s.page, &p), 0);
	assert_int_equal(s.page.spread, 0);
	assert_int_equal(s.page.blocks[22].reason, WN_KEEP);      /* its description */
	assert_int_not_equal(s.page.blocks[8].reason, WN_KEEP);   /* another lamp's */
	release(&s);
}

/* ---- record lists ---------------------------------------------------------- */

/* The block of S's page whose text starts with PREFIX. */
static const clean_block *block_at(const scanned *s, const char *text, const char *prefix)
{
	for (size_t i = 0; i < s->page.block_count; i++) {
		const clean_block *b = &s->page.blocks[i];
		if (b->len >= strlen(prefix) && !memcmp(text + b->start, prefix, strlen(prefix)))
			return b;
	}
	fail_msg("no block starts with '%s'", prefix);
	return NULL;
}

/* A recipe index: one sentence of introduction, then items of a name and a
 * rating line, with no prose of their own. */
static const char recipe_index[] =
	"Skip to content\n"
	"Recipes\n"
	"Soups\n"
	"Salads\n"
	"About\n"
	"Autumn Soups\n"
	"Warm bowls for cold evenings, from quick lentil soups to a slow onion broth.\n"
	"Roasted Squash and Ginger Soup\n"
	"42 reviews / 4.8 average\n"
	"Five Bean Winter Chili\n"
	"17 reviews / 4.6 average\n"
	"Lemon Chicken Orzo Soup\n"
	"88 reviews / 4.9 average\n"
	"Smoky Red Lentil Stew\n"
	"9 reviews / 4.5 average\n"
	"Creamy Leek and Potato Soup\n"
	"61 reviews / 4.7 average\n"
	"Privacy Policy\n"
	"Contact us\n"
	"© 2025 Little Pot Kitchen\n";

static void test_record_list(void **state)
{
	scanned s;
	scan(&s, recipe_index, NULL);
	clean_params p;
	clean_params_default(&p);
	assert_int_equal(clean_classify(&s.page, &p), 0);
	/* every item's name and rating stays, with the introduction */
	assert_int_equal(block_at(&s, recipe_index, "Warm bowls")->reason, WN_KEEP);
	assert_int_equal(block_at(&s, recipe_index, "Roasted Squash")->reason, WN_KEEP);
	assert_int_equal(block_at(&s, recipe_index, "42 reviews")->reason, WN_KEEP);
	assert_int_equal(block_at(&s, recipe_index, "Lemon Chicken")->reason, WN_KEEP);
	assert_int_equal(block_at(&s, recipe_index, "Creamy Leek")->reason, WN_KEEP);
	assert_int_equal(block_at(&s, recipe_index, "61 reviews")->reason, WN_KEEP);
	/* the menu and the footer go */
	assert_int_not_equal(block_at(&s, recipe_index, "Skip to content")->reason, WN_KEEP);
	assert_int_not_equal(block_at(&s, recipe_index, "Salads")->reason, WN_KEEP);
	assert_int_not_equal(block_at(&s, recipe_index, "Privacy Policy")->reason, WN_KEEP);
	assert_int_not_equal(block_at(&s, recipe_index, "© 2025")->reason, WN_KEEP);

	release(&s);

	/* a category's name that carries the title is no article's headline */
	scan(&s, recipe_index, "Autumn Soups - Little Pot");
	clean_params_default(&p);
	assert_int_equal(clean_classify(&s.page, &p), 0);
	assert_int_equal(block_at(&s, recipe_index, "Autumn Soups")->reason, WN_KEEP);
	assert_int_equal(block_at(&s, recipe_index, "Lemon Chicken")->reason, WN_KEEP);
	assert_int_equal(block_at(&s, recipe_index, "88 reviews")->reason, WN_KEEP);

	/* without the record list the items are short lines outside the body */
	p.record_repeats = 1000;
	assert_int_equal(clean_classify(&s.page, &p), 0);
	assert_int_not_equal(block_at(&s, recipe_index, "Lemon Chicken")->reason, WN_KEEP);
	assert_int_not_equal(block_at(&s, recipe_index, "88 reviews")->reason, WN_KEEP);
	release(&s);
}

/* A results table repeats a team and a score, a word or two each: a
 * record of sorts, but no items to read. */
static const char results_page[] =
	"Home\n"
	"Fixtures\n"
	"Results\n"
	"The league's results from Saturday, with two late goals settling the derby.\n"
	"Harbour Rovers\n"
	"2\n"
	"Millbrook\n"
	"1\n"
	"Eastfield\n"
	"0\n"
	"Port Ellen\n"
	"3\n"
	"Castleton\n"
	"4\n"
	"Redbridge\n"
	"1\n"
	"Oakham Town\n"
	"2\n"
	"Westmoor\n"
	"2\n"
	"Kingsley Vale\n"
	"0\n"
	"Northgate Athletic\n"
	"1\n"
	"Saltmarsh\n"
	"1\n"
	"Hollow Bank\n"
	"2\n"
	"Fenwick United\n"
	"3\n"
	"Brackley\n"
	"0\n"
	"Terms of use\n";

static void test_record_list_table(void **state)
{
	scanned s;
	scan(&s, results_page, NULL);
	clean_params p;
	clean_params_default(&p);
	assert_int_equal(clean_classify(&s.page, &p), 0);
	assert_int_equal(block_at(&s, results_page, "The league's results")->reason, WN_KEEP);
	assert_int_not_equal(block_at(&s, results_page, "Castleton")->reason, WN_KEEP);
	assert_int_not_equal(block_at(&s, results_page, "Oakham Town")->reason, WN_KEEP);
	release(&s);
}

/* An article followed by a long rail of other stories, each a headline
 * and a date: the rail has the shape of a record list and outweighs the
 * article, but the page has an article of its own, by its headline (the
 * title) or, without a title, by its prose. */
static const char *const ferry_story[] = {
	"The ferry to Little Holm sailed again on Monday after a winter in which the island was "
	"cut off for eleven weeks by storms and a broken slipway.",
	"Islanders met the first crossing at the pier, where the harbour master said the new "
	"slipway had been built to take the heavier boats that the council plans to buy.",
	"The council said the service would run twice a day until the summer timetable begins, "
	"and that fares would stay at last year's price for residents and their families.",
	"Shop owners on the island said the weeks without a crossing had emptied their shelves, "
	"and that the first boat had brought flour, fuel and the post that had waited on the "
	"mainland since January.",
	"The harbour master said a second boat would be ready by the autumn, so that one storm "
	"need not close the route for the whole island again, and that the old boat would be "
	"kept in reserve.",
};

static char *article_with_rail(size_t paragraphs)
{
	static const char *const topics[] = {
		"Council Approves New Harbour Wall in", "Lifeboat Crew Honoured in",
		"School Reopens After the Floods in", "Bakery Wins a Bread Prize in",
	};
	static const char *const places[] = {
		"Millbrook", "Port Ellen", "Castleton", "Redbridge", "Oakham", "Westmoor", "Saltmarsh",
	};
	size_t cap = 16384, len = 0;
	char *page = malloc(cap);
	assert_non_null(page);
	len += (size_t)snprintf(page + len, cap - len, "Home\nNews\nFerry Service Returns to the Island\n");
	for (size_t i = 0; i < paragraphs; i++)
		len += (size_t)snprintf(page + len, cap - len, "%s\n", ferry_story[i]);
	len += (size_t)snprintf(page + len, cap - len, "More stories\n");
	for (size_t i = 0; i < 28; i++)
		len += (size_t)snprintf(page + len, cap - len, "%s %s\n%zu March 2025\n", topics[i % 4],
					places[i % 7], 28 - i);
	snprintf(page + len, cap - len, "Contact us\n");
	return page;
}

static void test_record_list_after_article(void **state)
{
	for (int titled = 0; titled < 2; titled++) {
		/* a short article under its title; a longer one without */
		char *text = article_with_rail(titled ? 3 : 5);
		scanned s;
		scan(&s, text, titled ? "Ferry Service Returns to the Island" : NULL);
		clean_params p;
		clean_params_default(&p);
		assert_int_equal(clean_classify(&s.page, &p), 0);
		assert_int_equal(block_at(&s, text, "The ferry to Little Holm")->reason, WN_KEEP);
		assert_int_equal(block_at(&s, text, "The council said")->reason, WN_KEEP);
		assert_int_not_equal(block_at(&s, text, "Lifeboat Crew")->reason, WN_KEEP);
		assert_int_not_equal(block_at(&s, text, "Bakery Wins")->reason, WN_KEEP);
		release(&s);
		free(text);
	}
}

/* ---- site repetition ------------------------------------------------------ */

static void test_site_repeat(void **state)
{
	wn_cleaner *c;
	assert_int_equal(wn_cleaner_new(&c, NULL), 0);
	char pages[6][1024];
	static const char *const topics[6] = {
		"the new ferry timetable", "the fish market roof", "the library hours",
		"the water rates", "the cycle path", "the lifeboat station"
	};
	wn_doc docs[6];
	for (int i = 0; i < 6; i++) {
		snprintf(pages[i], sizeof(pages[i]),
			 "Our journalism is funded by %d readers and advertisers in equal parts, as it has been for many years now.\n"
			 "Councillors argued for two hours about %s on Tuesday evening before a vote that split the chamber almost exactly in half.\n"
			 "Officials said a final decision about %s would follow in the spring, once the public has had its say at two open meetings.\n",
			 /* a counter of the same shape that changes from page to page */
			 4013 + 1111 * i, topics[i], topics[i]);
		docs[i] = make_doc("p", pages[i]);
		docs[i].source = str(i < 5 ? "harbour-post" : "valley-news");
		assert_int_equal(wn_cleaner_observe(c, &docs[i]), 0);
	}
	wn_clean_result r;
	assert_int_equal(wn_cleaner_clean(c, &docs[0], &r), 0);
	assert_int_equal(r.lines[0].reason, WN_REASON_SITE_REPEAT);
	assert_int_equal(r.lines[1].reason, WN_KEEP);
	/* counted per site: on the other site the same line is seen once */
	assert_int_equal(wn_cleaner_clean(c, &docs[5], &r), 0);
	assert_true(r.lines[0].reason != WN_REASON_SITE_REPEAT);

	/* a clone shares the counts; the original takes no more pages */
	wn_cleaner *clone;
	assert_int_equal(wn_cleaner_clone(&clone, c), 0);
	assert_int_equal(wn_cleaner_clean(clone, &docs[2], &r), 0);
	assert_int_equal(r.lines[0].reason, WN_REASON_SITE_REPEAT);
	assert_int_equal(wn_cleaner_observe(c, &docs[2]), WN_ESTATE);
	wn_cleaner_free(c);   /* the clone outlives its origin */
	assert_int_equal(wn_cleaner_clean(clone, &docs[3], &r), 0);
	assert_int_equal(r.lines[0].reason, WN_REASON_SITE_REPEAT);
	wn_cleaner_free(clone);
}

/* Copies of one article on one site are not the site's template. */
static void test_site_copies(void **state)
{
	wn_clean_options o;
	wn_clean_options_init(&o);
	wn_cleaner *c;
	assert_int_equal(wn_cleaner_new(&c, &o), 0);
	const char *page =
		"Harbour Town Votes to Close Its Old Fish Market\n"
		"Harbour Town's council voted on Tuesday night to close the old fish market in October, ending more than a century of early-morning auctions on the quay.\n"
		"The decision followed an engineer's report that found rot in the main roof beams and warned that repairs would cost more than building a new hall.\n";
	wn_doc d = make_doc("a", page);
	d.source = str("harbour-post");
	d.title = str("Harbour Town Votes to Close Its Old Fish Market");
	for (int i = 0; i < 5; i++)
		assert_int_equal(wn_cleaner_observe(c, &d), 0);
	wn_clean_result r;
	assert_int_equal(wn_cleaner_clean(c, &d, &r), 0);
	assert_int_equal(r.removed_count, 0);
	wn_cleaner_free(c);
}

static void test_site_off(void **state)
{
	wn_clean_options o;
	wn_clean_options_init(&o);
	o.site_repeat = 0;
	wn_cleaner *c;
	assert_int_equal(wn_cleaner_new(&c, &o), 0);
	wn_doc d = make_doc("a", "Some text of a page that is long enough to be an article, with several words in it.\n");
	assert_int_equal(wn_cleaner_observe(c, &d), 0);   /* a no-op */
	wn_cleaner_free(c);
	o.site_min_share = 1.5;
	assert_int_equal(wn_cleaner_new(&c, &o), WN_EINVAL);
	assert_null(c);
}

static void test_site_key(void **state)
{
	wn_doc a = make_doc("x", ""), b = make_doc("y", "");
	a.url = str("https://www.Example.org/news/1");
	b.url = str("http://example.org:8080/other?page=2");
	assert_true(clean_site_key(&a) == clean_site_key(&b));
	b.url = str("https://example.net/news/1");
	assert_true(clean_site_key(&a) != clean_site_key(&b));
	/* the source field wins over the URL */
	a.source = str("Harbour Post");
	b.source = str("harbour post");
	assert_true(clean_site_key(&a) == clean_site_key(&b));
	/* else the folder of the file */
	wn_doc c = make_doc("z", ""), d = make_doc("w", "");
	c.file = "corpus/site-a/one.txt";
	d.file = "corpus/site-a/two.txt";
	assert_true(clean_site_key(&c) == clean_site_key(&d));
	d.file = "corpus/site-b/two.txt";
	assert_true(clean_site_key(&c) != clean_site_key(&d));
}

/* The table of counters stays within its budget: rare blocks are pruned. */
static void test_site_table_bounded(void **state)
{
	clean_site_table t;
	clean_site_init(&t);
	uint64_t hashes[64];
	for (uint32_t page = 0; page < 2000; page++) {
		for (int k = 0; k < 63; k++)
			hashes[k] = wn_mix64(page * 1000003ULL + (uint64_t)k + 1);
		hashes[63] = 42;  /* on every page */
		assert_int_equal(clean_site_observe(&t, 7, page + 1, hashes, 64, 4096), 0);
	}
	assert_true(t.prunes > 0);
	assert_true(t.used < t.mask + 1);
	assert_int_equal(t.mask + 1, 4096);
	uint32_t distinct;
	assert_true(clean_site_count(&t, 7, 42, &distinct) > 1000);
	assert_int_equal(distinct, 3);
	assert_int_equal(clean_site_pages(&t, 7), 2000);
	assert_int_equal(clean_site_count(&t, 8, 42, &distinct), 0);
	clean_site_release(&t);
}

/* ---- edges ----------------------------------------------------------------- */

static void test_edges(void **state)
{
	fixture *f = *state;
	wn_clean_result r;
	wn_doc d = make_doc("empty", "");
	assert_int_equal(wn_cleaner_clean(f->cleaner, &d, &r), 0);
	assert_int_equal(r.line_count, 0);
	assert_int_equal(r.text.len, 0);
	/* blank lines and CR LF */
	d = make_doc("crlf", "\r\n  \r\nThe council met on Tuesday and voted for the plan, which will cost two million over five years.\r\n\r\n");
	assert_int_equal(wn_cleaner_clean(f->cleaner, &d, &r), 0);
	assert_int_equal(r.line_count, 1);
	assert_int_equal(r.lines[0].line, 3);
	assert_int_equal(r.lines[0].text.ptr[r.lines[0].text.len - 1], '.');
	/* invalid UTF-8 and NUL bytes do not upset it */
	static const char bad[] = "\xff\xfe caf\xc3 \x80\x80 the council\0met \xe2\x82 on the quay.\n\xc0\xaf";
	d.text.ptr = bad;
	d.text.len = sizeof(bad) - 1;
	assert_int_equal(wn_cleaner_clean(f->cleaner, &d, &r), 0);
	assert_int_equal(r.line_count, 2);
	/* NULL arguments */
	assert_int_equal(wn_cleaner_clean(NULL, &d, &r), WN_EINVAL);
	assert_int_equal(wn_cleaner_clean(f->cleaner, NULL, &r), WN_EINVAL);
	assert_int_equal(wn_cleaner_observe(NULL, &d), WN_EINVAL);
	wn_cleaner_free(NULL);
	/* reason names are stable */
	assert_string_equal(wn_clean_reason_name(WN_KEEP), "keep");
	assert_string_equal(wn_clean_reason_name(WN_REASON_NAV), "nav");
	assert_string_equal(wn_clean_reason_name(WN_REASON_SITE_REPEAT), "site-repeat");
	assert_string_equal(wn_clean_reason_name(WN_REASON_READMORE), "read-more");
	assert_string_equal(wn_clean_reason_name(WN_REASON_COUNT), "unknown");
	for (int i = 0; i < WN_REASON_COUNT; i++)
		assert_non_null(wn_clean_reason_name((wn_clean_reason)i));
}

/* One very long line and many lines: linear, no crash. */
static void test_big(void **state)
{
	fixture *f = *state;
	size_t n = 1 << 20;
	char *text = malloc(n + 1);
	assert_non_null(text);
	for (size_t i = 0; i < n; i++)
		text[i] = "the council met on the quay "[i % 28];
	text[n] = '\0';
	wn_doc d = make_doc("long", text);
	wn_clean_result r;
	assert_int_equal(wn_cleaner_clean(f->cleaner, &d, &r), 0);
	assert_int_equal(r.line_count, 1);
	for (size_t i = 0; i < n; i++)
		text[i] = i % 7 == 6 ? '\n' : 'a' + (char)(i % 5);
	assert_int_equal(wn_cleaner_clean(f->cleaner, &d, &r), 0);
	assert_true(r.line_count > 100000);
	free(text);
}

/* The same page gives the same result, whatever was cleaned before. */
static void test_deterministic(void **state)
{
	fixture *f = *state;
	wn_doc d = make_doc("news", news_page);
	wn_clean_result r;
	assert_int_equal(wn_cleaner_clean(f->cleaner, &d, &r), 0);
	char *first = malloc(r.text.len + 1);
	memcpy(first, r.text.ptr, r.text.len);
	size_t len = r.text.len;
	wn_doc other = make_doc("x", "Home\nNews\nA short page with one sentence of text in it for the test.\n");
	assert_int_equal(wn_cleaner_clean(f->cleaner, &other, &r), 0);
	assert_int_equal(wn_cleaner_clean(f->cleaner, &d, &r), 0);
	assert_int_equal(r.text.len, len);
	assert_memory_equal(r.text.ptr, first, len);
	free(first);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lexicon),
		cmocka_unit_test(test_hash_words),
		cmocka_unit_test(test_features),
		cmocka_unit_test(test_cue_modes),
		cmocka_unit_test(test_language),
		cmocka_unit_test(test_wrapped),
		cmocka_unit_test(test_scores),
		cmocka_unit_test(test_hash_word_lengths),
		cmocka_unit_test(test_long_block_counts),
		cmocka_unit_test_setup_teardown(test_news_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keyword_in_article, setup, teardown),
		cmocka_unit_test_setup_teardown(test_comments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_appeal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_appeal_in_guide, setup, teardown),
		cmocka_unit_test_setup_teardown(test_credit_between_items, setup, teardown),
		cmocka_unit_test_setup_teardown(test_author_box, setup, teardown),
		cmocka_unit_test_setup_teardown(test_calls_to_action, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inline_teaser, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_in_gap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rail_long_summaries, setup, teardown),
		cmocka_unit_test_setup_teardown(test_comment_head_title, setup, teardown),
		cmocka_unit_test_setup_teardown(test_review_we, setup, teardown),
		cmocka_unit_test_setup_teardown(test_menu_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_related_box, setup, teardown),
		cmocka_unit_test_setup_teardown(test_live_blog, setup, teardown),
		cmocka_unit_test_setup_teardown(test_thread_furniture, setup, teardown),
		cmocka_unit_test_setup_teardown(test_thread_head_variant, setup, teardown),
		cmocka_unit_test(test_spread_page),
		cmocka_unit_test(test_spread_needs_no_headline),
		cmocka_unit_test(test_record_list),
		cmocka_unit_test(test_record_list_table),
		cmocka_unit_test(test_record_list_after_article),
		cmocka_unit_test(test_site_repeat),
		cmocka_unit_test(test_site_copies),
		cmocka_unit_test(test_site_off),
		cmocka_unit_test(test_site_key),
		cmocka_unit_test(test_site_table_bounded),
		cmocka_unit_test_setup_teardown(test_edges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_big, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deterministic, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
