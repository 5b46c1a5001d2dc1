/* test_story.c - story grouping: terms and names, dates, the clustering
 * decisions (same story, a similar story about other people, other topics),
 * near-duplicate units, closing by date, shared quotations in the records,
 * explain, the JSON record, the lifecycle errors and the per-document budget.
 * Every article is invented. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <cjson/cJSON.h>

#include "story/story.h"

/* ---- the invented corpus -------------------------------------------------------- */

typedef struct article {
	const char *id, *title, *date, *source, *text;
} article;

/* A flood in Valdoria (three reports), a flood in Brekka with other people
 * (two reports), a chess tournament (three), a steel strike (two), and two
 * articles on their own. */
static const article corpus[] = {
	{ "valdoria-1", "Floods force thousands from homes in Valdoria", "2024-04-02", "herald",
	  "The Sava river burst its banks in Valdoria on Monday, forcing more than three thousand "
	  "people from their homes as water covered the old town.\n"
	  "\xE2\x80\x9CWe will rebuild every house in the valley before winter,\xE2\x80\x9D Mayor Ana "
	  "Ruiz said at an emergency meeting in the town hall.\n"
	  "Farmer Tom Becker said the water rose faster than anyone in Valdoria could remember. "
	  "\xE2\x80\x9CThe harvest is lost for this year,\xE2\x80\x9D Becker said.\n"
	  "Rescue teams used boats to reach families on the roofs of the lower Valdoria streets." },
	{ "valdoria-2", "Valdoria counts the cost as the Sava recedes", "2024-04-04", "daily",
	  "Water levels on the Sava began to fall in Valdoria on Wednesday, two days after the "
	  "flood that drove three thousand residents from the old town.\n"
	  "Mayor Ana Ruiz promised that the town \xE2\x80\x9Cwill rebuild every house in the valley "
	  "before winter\xE2\x80\x9D and asked the region for emergency funds.\n"
	  "Tom Becker, whose farm lies under a metre of mud, was blunt. \xE2\x80\x9CThe harvest is "
	  "lost for this year,\xE2\x80\x9D he said.\n"
	  "Engineers in Valdoria inspected the damaged Sava levee and the two bridges of the town." },
	{ "valdoria-3", "Aid reaches flooded Valdoria", "2024-04-06", "wire",
	  "The first aid convoys reached Valdoria on Friday as the Sava flood waters retreated from "
	  "the old town, where three thousand people had left their homes.\n"
	  "Ruiz, the mayor of Valdoria, thanked the volunteers who filled sandbags along the Sava "
	  "levee all week.\n"
	  "Families returning to the lower streets found their homes covered in mud, and the farms "
	  "around Valdoria lost their harvest, farmer Tom Becker said." },
	{ "brekka-1", "Flood waters force evacuation in Brekka", "2024-04-03", "herald",
	  "The Lune river flooded Brekka on Tuesday, forcing about two thousand people from their "
	  "homes as the water covered the harbour district.\n"
	  "Governor Olaf Lind said rescue teams used boats to reach families trapped on roofs in "
	  "Brekka, and he asked the army for help.\n"
	  "Ingrid Sol, who runs a bakery by the Lune, said the water rose within an hour." },
	{ "brekka-2", "Brekka begins clean-up as the Lune falls", "2024-04-05", "wire",
	  "Residents of Brekka began to clean the mud from their homes on Thursday as the Lune "
	  "river fell back, three days after the flood.\n"
	  "Olaf Lind, the governor, said the harbour district of Brekka would need months of "
	  "repairs, and Ingrid Sol reopened her bakery by the Lune with borrowed ovens." },
	{ "chess-1", "Mira Kovac wins the Harlow Open", "2024-04-03", "sports",
	  "Mira Kovac won the Harlow Open chess tournament on Sunday, beating grandmaster Pavel "
	  "Ostrov in the final round with the black pieces.\n"
	  "Kovac, nineteen, finished the Harlow tournament with seven points from nine games." },
	{ "chess-2", "Teenager Kovac takes Harlow title", "2024-04-03", "daily",
	  "Nineteen-year-old Mira Kovac took the title at the Harlow Open chess tournament after "
	  "a long endgame against Pavel Ostrov in the last round.\n"
	  "Ostrov resigned after sixty moves, and Kovac ended the Harlow event with seven points." },
	{ "chess-3", "Kovac: the Ostrov game was the hardest of my life", "2024-04-04", "herald",
	  "Mira Kovac said the final round game against Pavel Ostrov at the Harlow Open was the "
	  "hardest of her life.\n"
	  "The Harlow chess tournament winner will now play in the national championship." },
	{ "strike-1", "Workers strike at Norvane Steel", "2024-04-02", "wire",
	  "About nine hundred workers walked out of the Norvane Steel plant on Tuesday in a "
	  "dispute over pay, union leader Jonas Vidal said.\n"
	  "Norvane Steel said the strike would halt production at its largest furnace." },
	{ "strike-2", "Norvane Steel strike enters third day", "2024-04-04", "daily",
	  "The strike at Norvane Steel entered its third day on Thursday, with Jonas Vidal of the "
	  "union saying the nine hundred workers would not return without a pay rise.\n"
	  "Managers at Norvane Steel offered talks, but the furnace stayed cold." },
	{ "recipe", "A spring soup with wild garlic", "2024-04-05", "food",
	  "Wild garlic grows in damp woods in early spring. Chop a handful of leaves, soften an "
	  "onion in butter, add potatoes and stock, simmer for twenty minutes and blend." },
	{ "match", "Riverside beat Eastgate in cup semi-final", "2024-04-06", "sports",
	  "Riverside beat Eastgate three goals to one in the cup semi-final on Saturday, with two "
	  "goals from striker Leo Marsh in the second half." },
};

#define CORPUS_SIZE (sizeof(corpus) / sizeof(corpus[0]))

static wn_str str_of(const char *s)
{
	wn_str v = { s, s ? strlen(s) : 0 };
	return v;
}

/* Adds a document of ID, TEXT and DATE (no title or source) in GROUP. */
static int add_text(wn_stories *s, const char *id, const char *text, const char *date, uint64_t group)
{
	wn_doc d;
	memset(&d, 0, sizeof(d));
	d.id = str_of(id);
	d.text = str_of(text);
	d.date = str_of(date);
	return wn_stories_add(s, &d, group);
}

static void add_article(wn_stories *s, const article *a, int with_dates, uint64_t group)
{
	wn_doc d;
	memset(&d, 0, sizeof(d));
	d.id = str_of(a->id);
	d.text = str_of(a->text);
	d.title = str_of(a->title);
	d.date = with_dates ? str_of(a->date) : str_of(NULL);
	d.source = str_of(a->source);
	assert_int_equal(wn_stories_add(s, &d, group), 0);
}

static wn_stories *group_corpus(const wn_story_options *o, int with_dates)
{
	wn_stories *s;
	assert_int_equal(wn_stories_new(&s, o), 0);
	for (size_t i = 0; i < CORPUS_SIZE; i++)
		add_article(s, &corpus[i], with_dates, WN_NO_GROUP);
	assert_int_equal(wn_stories_finish(s), 0);
	return s;
}

static uint64_t story_of(const wn_stories *s, size_t index)
{
	wn_story_doc info;
	assert_int_equal(wn_stories_get_doc(s, index, &info), 0);
	return info.story;
}

static size_t index_of(const char *id)
{
	for (size_t i = 0; i < CORPUS_SIZE; i++)
		if (!strcmp(corpus[i].id, id))
			return i;
	fail_msg("no article %s", id);
	return 0;
}

/* ---- the clustering decisions ------------------------------------------------------ */

static void check_grouping(const wn_stories *s)
{
	uint64_t v = story_of(s, index_of("valdoria-1"));
	assert_int_equal(story_of(s, index_of("valdoria-2")), v);
	assert_int_equal(story_of(s, index_of("valdoria-3")), v);
	/* the other flood names other places and people: another story */
	uint64_t b = story_of(s, index_of("brekka-1"));
	assert_int_equal(story_of(s, index_of("brekka-2")), b);
	assert_true(b != v);
	uint64_t c = story_of(s, index_of("chess-1"));
	assert_int_equal(story_of(s, index_of("chess-2")), c);
	assert_int_equal(story_of(s, index_of("chess-3")), c);
	uint64_t k = story_of(s, index_of("strike-1"));
	assert_int_equal(story_of(s, index_of("strike-2")), k);
	uint64_t r = story_of(s, index_of("recipe")), m = story_of(s, index_of("match"));
	uint64_t all[] = { v, b, c, k, r, m };
	for (size_t i = 0; i < 6; i++)
		for (size_t j = i + 1; j < 6; j++)
			assert_true(all[i] != all[j]);
	assert_int_equal(wn_stories_count(s), 6);
}

static void groups_stories_undated(void **state)
{
	wn_stories *s = group_corpus(NULL, 0);
	check_grouping(s);
	/* numbered by first document: valdoria-1 opens story 0 */
	assert_int_equal(story_of(s, 0), 0);
	wn_story_doc info;
	assert_int_equal(wn_stories_get_doc(s, 0, &info), 0);
	assert_string_equal(info.id, "valdoria-1");
	assert_int_equal(info.opened, 1);
	assert_int_equal(wn_stories_get_doc(s, 1, &info), 0);
	assert_int_equal(info.opened, 0);
	assert_true(info.similarity >= 0.19 && info.similarity <= 2);
	wn_stories_free(s);
}

static void groups_stories_dated(void **state)
{
	wn_stories *s = group_corpus(NULL, 1);
	check_grouping(s);
	wn_story st;
	assert_int_equal(wn_stories_get(s, story_of(s, index_of("valdoria-2")), &st), 0);
	assert_int_equal(st.size, 3);
	assert_string_equal(st.first_date, "2024-04-02");
	assert_string_equal(st.last_date, "2024-04-06");
	assert_string_equal(st.headline, "Floods force thousands from homes in Valdoria");
	assert_int_equal(st.source_count, 3);
	assert_string_equal(st.sources[0], "herald");
	assert_string_equal(st.sources[1], "daily");
	assert_string_equal(st.sources[2], "wire");
	assert_true(st.top_term_count > 0 && st.top_term_count <= 8);
	int valdoria = 0;
	for (size_t i = 0; i < st.top_term_count; i++)
		valdoria |= !strcmp(st.top_terms[i], "valdoria");
	assert_true(valdoria);
	wn_stories_free(s);
}

/* Past the vocabulary cap, stems and names are hashed into buckets: the
 * corpus groups as it does with every term interned, the hashed terms keep
 * their kind (names still cap the similarity), and only interned terms are
 * shown. */
static void hashed_terms_past_the_cap(void **state)
{
	(void)state;
	wn_stories *s;
	assert_int_equal(wn_stories_new(&s, NULL), 0);
	s->params.vocab_cap = 40;
	for (size_t i = 0; i < CORPUS_SIZE; i++)
		add_article(s, &corpus[i], 1, WN_NO_GROUP);
	assert_int_equal(wn_stories_finish(s), 0);
	check_grouping(s);
	wn_stories_stats st;
	wn_stories_get_stats(s, &st);
	assert_int_equal(st.vocabulary, 40);
	assert_true(st.hashed_terms > 100);
	assert_non_null(s->hashed_idf);
	assert_int_equal(story_term_kind(s, STORY_HASHED_BASE), TERM_WORD);
	assert_int_equal(story_term_kind(s, STORY_HASHED_BASE + (1u << STORY_HASHED_BITS)), TERM_NAME);
	assert_false(story_term_shown(s, STORY_HASHED_BASE));
	for (uint64_t k = 0; k < wn_stories_count(s); k++) {
		wn_story story;
		assert_int_equal(wn_stories_get(s, k, &story), 0);
		for (size_t t = 0; t < story.top_term_count; t++)
			assert_true(strlen(story.top_terms[t]) > 0);
	}
	wn_story_explain e;
	assert_int_equal(wn_stories_explain(s, index_of("valdoria-1"), index_of("valdoria-2"), &e), 0);
	assert_true(e.similar);
	wn_stories_free(s);
}

static void threshold_decides(void **state)
{
	/* a threshold no pair reaches keeps every article apart */
	wn_story_options o;
	wn_story_options_init(&o);
	o.threshold = 1.5;
	o.merge_threshold = 0;
	wn_stories *s = group_corpus(&o, 0);
	assert_int_equal(wn_stories_count(s), CORPUS_SIZE);
	for (size_t i = 0; i < CORPUS_SIZE; i++)
		assert_int_equal(story_of(s, i), i);
	wn_stories_free(s);
}

static void stories_merge_before_closing(void **state)
{
	/* no article is similar enough to join a story online, but the
	 * stories of one event are close enough to merge when they close: the
	 * merged stories are closed too, without a centroid */
	wn_story_options o;
	wn_story_options_init(&o);
	o.threshold = 1.5;
	o.merge_threshold = 0.05;
	wn_stories *s = group_corpus(&o, 1);
	wn_stories_stats st;
	wn_stories_get_stats(s, &st);
	assert_true(st.merged > 0);
	assert_true(wn_stories_count(s) < CORPUS_SIZE);
	assert_int_equal(story_of(s, index_of("valdoria-1")), story_of(s, index_of("valdoria-2")));
	size_t docs = 0;
	for (uint64_t k = 0; k < wn_stories_count(s); k++) {
		wn_story story;
		assert_int_equal(wn_stories_get(s, k, &story), 0);
		assert_true(story.size > 0);
		docs += story.size;
	}
	assert_int_equal(docs, CORPUS_SIZE);
	wn_story flood;
	assert_int_equal(wn_stories_get(s, story_of(s, index_of("valdoria-1")), &flood), 0);
	assert_true(flood.size >= 2);
	assert_true(flood.top_term_count > 0);
	wn_stories_free(s);
}

static void input_order_does_not_matter_much(void **state)
{
	/* the reverse order gives the same grouping */
	wn_stories *s;
	assert_int_equal(wn_stories_new(&s, NULL), 0);
	for (size_t i = CORPUS_SIZE; i-- > 0;)
		add_article(s, &corpus[i], 0, WN_NO_GROUP);
	assert_int_equal(wn_stories_finish(s), 0);
	size_t r = CORPUS_SIZE - 1;
	uint64_t v = story_of(s, r - index_of("valdoria-1"));
	assert_int_equal(story_of(s, r - index_of("valdoria-3")), v);
	assert_true(story_of(s, r - index_of("brekka-1")) != v);
	assert_int_equal(story_of(s, r - index_of("chess-1")), story_of(s, r - index_of("chess-3")));
	wn_stories_free(s);
}

static void dates_far_apart_close_stories(void **state)
{
	/* the same report sixty days later, with close_days 30: a new story */
	wn_stories *s;
	assert_int_equal(wn_stories_new(&s, NULL), 0);
	article later = corpus[index_of("strike-2")];
	later.id = "strike-later";
	later.date = "2024-06-10";
	add_article(s, &corpus[index_of("strike-1")], 1, WN_NO_GROUP);
	add_article(s, &corpus[index_of("strike-2")], 1, WN_NO_GROUP);
	add_article(s, &later, 1, WN_NO_GROUP);
	add_article(s, &corpus[index_of("recipe")], 1, WN_NO_GROUP);
	assert_int_equal(wn_stories_finish(s), 0);
	assert_int_equal(story_of(s, 0), story_of(s, 1));
	assert_true(story_of(s, 2) != story_of(s, 0));
	wn_stories_stats st;
	wn_stories_get_stats(s, &st);
	assert_true(st.closed >= 1);
	wn_stories_free(s);

	/* with close_days 0 nothing closes, but the day penalty still counts */
	wn_story_options o;
	wn_story_options_init(&o);
	o.close_days = 0;
	o.day_penalty = 0.5;
	assert_int_equal(wn_stories_new(&s, &o), 0);
	add_article(s, &corpus[index_of("strike-1")], 1, WN_NO_GROUP);
	add_article(s, &later, 1, WN_NO_GROUP);
	assert_int_equal(wn_stories_finish(s), 0);
	assert_true(story_of(s, 0) != story_of(s, 1));
	wn_stories_free(s);
}

static void near_duplicates_join_as_one_unit(void **state)
{
	wn_stories *s;
	assert_int_equal(wn_stories_new(&s, NULL), 0);
	/* a copy of the recipe, grouped with it: one unit, one story */
	article copy = corpus[index_of("recipe")];
	copy.id = "recipe-copy";
	for (size_t i = 0; i < CORPUS_SIZE; i++)
		add_article(s, &corpus[i], 0, i == index_of("recipe") ? 77 : WN_NO_GROUP);
	add_article(s, &copy, 0, WN_NO_GROUP);
	assert_int_equal(wn_stories_set_group(s, CORPUS_SIZE, 77), 0);
	assert_int_equal(wn_stories_set_group(s, CORPUS_SIZE + 1, 77), WN_EINVAL);
	assert_int_equal(wn_stories_finish(s), 0);
	assert_int_equal(story_of(s, CORPUS_SIZE), story_of(s, index_of("recipe")));
	wn_stories_stats st;
	wn_stories_get_stats(s, &st);
	assert_int_equal(st.docs, CORPUS_SIZE + 1);
	assert_int_equal(st.units, CORPUS_SIZE);
	wn_story story;
	assert_int_equal(wn_stories_get(s, story_of(s, CORPUS_SIZE), &story), 0);
	assert_int_equal(story.size, 2);
	assert_int_equal(story.docs[0], index_of("recipe"));
	assert_int_equal(story.docs[1], CORPUS_SIZE);
	wn_stories_free(s);
}

/* ---- records, quotations, explain, JSON ------------------------------------------------- */

static void shared_quotations(void **state)
{
	wn_stories *s = group_corpus(NULL, 1);
	wn_story st;
	assert_int_equal(wn_stories_get(s, story_of(s, index_of("valdoria-1")), &st), 0);
	/* "rebuild every house" is quoted whole by one report and in part by
	 * another; "The harvest is lost" by two; valdoria-3 quotes nothing */
	assert_int_equal(st.quote_count, 2);
	int rebuild = 0, harvest = 0;
	for (size_t i = 0; i < st.quote_count; i++) {
		const wn_story_quote *q = &st.quotes[i];
		assert_int_equal(q->doc_count, 2);
		assert_int_equal(q->docs[0], index_of("valdoria-1"));
		assert_int_equal(q->docs[1], index_of("valdoria-2"));
		assert_int_equal(q->first_doc, index_of("valdoria-1"));
		if (strstr(q->text, "rebuild every house")) {
			rebuild = 1;
			/* the shared wording is the shorter one */
			assert_string_equal(q->text, "will rebuild every house in the valley before winter");
			assert_string_equal(q->speaker, "Ana Ruiz");
		} else {
			harvest = 1;
			assert_string_equal(q->text, "The harvest is lost for this year");
			assert_string_equal(q->speaker, "Tom Becker");
		}
	}
	assert_true(rebuild && harvest);
	assert_int_equal(wn_stories_get(s, story_of(s, index_of("chess-1")), &st), 0);
	assert_int_equal(st.quote_count, 0);
	wn_stories_stats stats;
	wn_stories_get_stats(s, &stats);
	assert_int_equal(stats.shared_quotes, 2);
	assert_true(stats.quotes >= 4);
	wn_stories_free(s);
}

static void explain_pairs(void **state)
{
	wn_stories *s = group_corpus(NULL, 1);
	wn_story_explain e;
	assert_int_equal(wn_stories_explain(s, index_of("valdoria-1"), index_of("valdoria-2"), &e), 0);
	assert_true(e.similar);
	assert_true(e.same_story);
	assert_true(e.similarity >= e.threshold);
	assert_true(e.entity_cosine > 0.2);
	assert_int_equal(e.shared_quotes, 2);
	assert_int_equal(e.shared_quote_count, 2);
	assert_true(e.gap_days == 2.0);
	assert_true(e.shared_term_count > 0);
	int valdoria = 0;
	for (size_t i = 0; i < e.shared_entity_count; i++)
		valdoria |= !strcmp(e.shared_entities[i], "Valdoria");
	assert_true(valdoria);

	/* the two floods share words, not names */
	assert_int_equal(wn_stories_explain(s, index_of("valdoria-1"), index_of("brekka-1"), &e), 0);
	assert_false(e.same_story);
	assert_false(e.similar);
	assert_true(e.term_cosine > 0);
	assert_true(e.entity_cosine < 0.2);

	assert_int_equal(wn_stories_explain(s, index_of("recipe"), index_of("match"), &e), 0);
	assert_false(e.similar);
	assert_int_equal(e.shared_quote_count, 0);
	assert_int_equal(wn_stories_explain(s, 0, CORPUS_SIZE, &e), WN_EINVAL);
	wn_stories_free(s);
}

static void json_record(void **state)
{
	wn_stories *s = group_corpus(NULL, 1);
	char path[] = "/tmp/test_story_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	wn_output *out;
	assert_int_equal(wn_output_open(&out, path), 0);
	for (size_t i = 0; i < wn_stories_count(s); i++) {
		assert_int_equal(wn_stories_write_json(s, i, out), 0);
		assert_int_equal(wn_output_puts(out, "\n"), 0);
	}
	assert_int_equal(wn_stories_write_json(s, wn_stories_count(s), out), WN_EINVAL);
	assert_int_equal(wn_output_commit(out), 0);

	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char line[8192];
	size_t lines = 0;
	while (fgets(line, sizeof(line), f)) {
		cJSON *o = cJSON_Parse(line);
		assert_non_null(o);
		assert_int_equal(cJSON_GetObjectItem(o, "story")->valuedouble, (double)lines);
		assert_true(cJSON_IsString(cJSON_GetObjectItem(o, "headline")));
		assert_true(cJSON_IsArray(cJSON_GetObjectItem(o, "sources")));
		assert_true(cJSON_IsString(cJSON_GetObjectItem(o, "first_date")));
		assert_true(cJSON_IsArray(cJSON_GetObjectItem(o, "top_terms")));
		cJSON *quotes = cJSON_GetObjectItem(o, "quotes");
		assert_true(cJSON_IsArray(quotes));
		if (lines == 0) {
			assert_int_equal(cJSON_GetObjectItem(o, "size")->valuedouble, 3);
			assert_int_equal(cJSON_GetArraySize(quotes), 2);
			cJSON *docs = cJSON_GetObjectItem(cJSON_GetArrayItem(quotes, 0), "docs");
			assert_string_equal(cJSON_GetArrayItem(docs, 0)->valuestring, "valdoria-1");
		}
		cJSON_Delete(o);
		lines++;
	}
	fclose(f);
	unlink(path);
	assert_int_equal(lines, wn_stories_count(s));
	wn_stories_free(s);
}

/* ---- lifecycle and options ----------------------------------------------------------- */

static void lifecycle(void **state)
{
	wn_stories *s;
	wn_story_options o;
	wn_story_options_init(&o);
	o.threshold = 0;
	assert_int_equal(wn_stories_new(&s, &o), WN_EINVAL);
	wn_story_options_init(&o);
	o.entity_weight = -1;
	assert_int_equal(wn_stories_new(&s, &o), WN_EINVAL);
	wn_story_options_init(&o);
	o.language = "no-such-language";
	assert_int_equal(wn_stories_new(&s, &o), WN_EINVAL);
	o.language = "german";
	assert_int_equal(wn_stories_new(&s, &o), 0);
	wn_stories_free(s);

	assert_int_equal(wn_stories_new(&s, NULL), 0);
	wn_story_doc info;
	wn_story st;
	wn_story_explain e;
	assert_int_equal(wn_stories_get_doc(s, 0, &info), WN_ESTATE);
	assert_int_equal(wn_stories_get(s, 0, &st), WN_ESTATE);
	assert_int_equal(wn_stories_explain(s, 0, 0, &e), WN_ESTATE);
	assert_int_equal(wn_stories_count(s), 0);
	/* an empty text, no title, no id: still a document */
	wn_doc d;
	memset(&d, 0, sizeof(d));
	assert_int_equal(wn_stories_add(s, &d, WN_NO_GROUP), 0);
	assert_int_equal(wn_stories_finish(s), 0);
	assert_int_equal(wn_stories_finish(s), WN_ESTATE);
	assert_int_equal(wn_stories_add(s, &d, WN_NO_GROUP), WN_ESTATE);
	assert_int_equal(wn_stories_set_group(s, 0, 1), WN_ESTATE);
	assert_int_equal(wn_stories_count(s), 1);
	assert_int_equal(wn_stories_get_doc(s, 0, &info), 0);
	assert_string_equal(info.id, "");
	assert_int_equal(wn_stories_get(s, 0, &st), 0);
	assert_string_equal(st.headline, "");
	assert_null(st.first_date);
	assert_int_equal(wn_stories_get_doc(s, 1, &info), WN_EINVAL);
	wn_stories_free(s);
	wn_stories_free(NULL);

	/* nothing added */
	assert_int_equal(wn_stories_new(&s, NULL), 0);
	assert_int_equal(wn_stories_finish(s), 0);
	assert_int_equal(wn_stories_count(s), 0);
	wn_stories_free(s);
}

/* Past the warm-up each document keeps a bounded number of terms; dated
 * stories close as the days go by. */
static void budget_and_closing(void **state)
{
	wn_stories *s;
	assert_int_equal(wn_stories_new(&s, NULL), 0);
	char text[4096], id[32], date[16];
	size_t docs = STORY_WARMUP_DOCS + 300;
	for (size_t i = 0; i < docs; i++) {
		/* a story every ten documents, a new day every five */
		size_t topic = i / 10;
		size_t n = (size_t)snprintf(text, sizeof(text), "Report %zu on matter Topic%zu and Place%zu. ", i,
					    topic, topic);
		for (size_t w = 0; w < 150 && n < sizeof(text) - 64; w++)
			n += (size_t)snprintf(text + n, sizeof(text) - n, "word%zu term%zu ", (i * 7 + w) % 997,
					      topic * 31 + w % 40);
		snprintf(id, sizeof(id), "d%zu", i);
		snprintf(date, sizeof(date), "2023-%02zu-%02zu", 1 + (i / 5 / 28) % 12, 1 + (i / 5) % 28);
		assert_int_equal(add_text(s, id, text, date, WN_NO_GROUP), 0);
	}
	doc_feats f;
	doc_feats_init(&f);
	for (size_t i = 0; i < docs; i++) {
		assert_int_equal(story_load_doc(s, (uint32_t)i, &f, 0), 0);
		assert_true(f.term_count <= STORY_KEEP_WORDS + STORY_KEEP_NAMES + STORY_KEEP_PHRASES);
	}
	doc_feats_release(&f);
	assert_true(s->warmed);
	assert_int_equal(wn_stories_finish(s), 0);
	wn_stories_stats st;
	wn_stories_get_stats(s, &st);
	assert_int_equal(st.docs, docs);
	assert_true(st.closed > 0);
	/* the documents of one topic share their story */
	assert_int_equal(story_of(s, 10), story_of(s, 15));
	assert_true(story_of(s, 10) != story_of(s, 20));
	wn_stories_free(s);
}

/* Past story_params.spill_bytes the features go to a temporary file and are
 * read back when clustering, and past doc_table_bytes the per-document
 * records do (here behind a cache of one page): the stories, their
 * quotations and an explanation are the same as with everything in memory. */
static int add_spill_corpus(wn_stories *s, size_t docs)
{
	char text[4096], id[32], date[16];
	for (size_t i = 0; i < docs; i++) {
		size_t topic = i / 8;
		size_t n = (size_t)snprintf(text, sizeof(text),
					    "Officials of Town%zu met on Tuesday. \xE2\x80\x9CWe will finish the "
					    "bridge over river %zu before the spring floods,\xE2\x80\x9D Mayor Anna "
					    "Keeler%zu said. ",
					    topic, topic, topic);
		for (size_t w = 0; w < 120 && n < sizeof(text) - 64; w++)
			n += (size_t)snprintf(text + n, sizeof(text) - n, "word%zu item%zu ", (i * 13 + w) % 991,
					      topic * 17 + w % 30);
		snprintf(id, sizeof(id), "s%zu", i);
		snprintf(date, sizeof(date), "2022-%02zu-%02zu", 1 + (i / 6 / 28) % 12, 1 + (i / 6) % 28);
		int rc = add_text(s, id, text, date, i % 50 == 7 ? (uint64_t)(i / 50) : WN_NO_GROUP);
		if (rc)
			return rc;
	}
	return 0;
}

static void spilled_features_are_read_back(void **state)
{
	(void)state;
	size_t docs = STORY_WARMUP_DOCS + 400;
	wn_stories *mem, *disk;
	assert_int_equal(wn_stories_new(&mem, NULL), 0);
	assert_int_equal(wn_stories_new(&disk, NULL), 0);
	mem->params.spill_bytes = SIZE_MAX;
	disk->params.spill_bytes = 0;   /* spill as soon as the warm-up is over */
	mem->params.doc_table_bytes = SIZE_MAX;
	disk->params.doc_table_bytes = 0;
	assert_int_equal(add_spill_corpus(mem, docs), 0);
	assert_int_equal(add_spill_corpus(disk, docs), 0);
	assert_null(mem->store.file);
	assert_non_null(disk->store.file);
	assert_true(mem->docs->fd < 0);
	assert_true(disk->docs->fd >= 0);
	assert_int_equal(disk->docs->pages, 1);
	assert_int_equal(disk->store.mem.len, 0);
	assert_int_equal(wn_stories_finish(mem), 0);
	assert_int_equal(wn_stories_finish(disk), 0);

	assert_int_equal(wn_stories_count(mem), wn_stories_count(disk));
	for (size_t i = 0; i < docs; i++) {
		wn_story_doc a, b;
		assert_int_equal(wn_stories_get_doc(mem, i, &a), 0);
		assert_int_equal(wn_stories_get_doc(disk, i, &b), 0);
		assert_string_equal(a.id, b.id);
		assert_int_equal(a.story, b.story);
		assert_true(a.similarity == b.similarity);
	}
	size_t quotes = 0;
	for (size_t k = 0; k < wn_stories_count(mem); k++) {
		wn_story a, b;
		assert_int_equal(wn_stories_get(mem, k, &a), 0);
		assert_int_equal(wn_stories_get(disk, k, &b), 0);
		assert_int_equal(a.size, b.size);
		assert_int_equal(a.quote_count, b.quote_count);
		for (size_t q = 0; q < a.quote_count; q++) {
			assert_string_equal(a.quotes[q].text, b.quotes[q].text);
			assert_string_equal(a.quotes[q].speaker, b.quotes[q].speaker);
			assert_int_equal(a.quotes[q].doc_count, b.quotes[q].doc_count);
		}
		quotes += a.quote_count;
	}
	/* the quotation of each topic is shared, with its speaker */
	assert_true(quotes > docs / 16);
	wn_story first;
	assert_int_equal(wn_stories_get(disk, story_of(disk, docs - 1), &first), 0);
	assert_true(first.quote_count >= 1);
	assert_non_null(first.quotes[0].speaker);
	assert_non_null(strstr(first.quotes[0].speaker, "Keeler"));

	/* the one-page cache was missed again and again, and gave the same;
	 * the closed stories, the numbers and the story records spilled too */
	assert_true(disk->docs->misses > docs / disk->docs->per_page);
	assert_true(disk->closed_recs->fd >= 0);
	assert_true(disk->out->numbers->fd >= 0);
	assert_non_null(disk->out->recs.file);
	assert_true(mem->closed_recs->fd < 0);
	assert_null(mem->out->recs.file);

	wn_story_explain ea, eb;
	assert_int_equal(wn_stories_explain(mem, docs - 2, docs - 1, &ea), 0);
	assert_int_equal(wn_stories_explain(disk, docs - 2, docs - 1, &eb), 0);
	assert_true(ea.similarity == eb.similarity);
	assert_int_equal(eb.shared_quote_count, 1);
	assert_string_equal(ea.shared_quote_texts[0], eb.shared_quote_texts[0]);
	assert_non_null(strstr(eb.shared_quote_texts[0], "bridge over river"));
	wn_stories_free(mem);
	wn_stories_free(disk);
}

/* The store gives back what it was given, in memory and spilled, and refuses
 * reads it cannot serve. */
static void store_round_trip(void **state)
{
	(void)state;
	const char *blobs[] = { "first blob", "", "a third, longer blob of bytes \x01\x02" };
	size_t lens[] = { 10, 0, 31 };
	for (int spill = 0; spill < 2; spill++) {
		feat_store fs;
		feat_store_init(&fs);
		uint64_t off[3];
		for (int i = 0; i < 3; i++)
			assert_int_equal(feat_store_put(&fs, blobs[i], lens[i], spill ? 0 : SIZE_MAX, 1, &off[i]), 0);
		assert_int_equal(fs.file != NULL, spill);
		assert_int_equal(off[2], lens[0] + lens[1]);
		wn_buf out;
		wn_buf_init(&out);
		if (spill)   /* a spilled store is read once sealed */
			assert_int_equal(feat_store_get(&fs, off[0], lens[0], &out), WN_ESTATE);
		assert_int_equal(feat_store_seal(&fs), 0);
		for (int i = 0; i < 3; i++) {
			assert_int_equal(feat_store_get(&fs, off[i], lens[i], &out), 0);
			assert_int_equal(out.len, lens[i]);
			assert_memory_equal(out.ptr, blobs[i], lens[i]);
		}
		/* past the end: nothing to read */
		assert_true(feat_store_get(&fs, off[2], lens[2] + 1, &out) < 0);
		uint64_t more;
		assert_int_equal(feat_store_put(&fs, "x", 1, SIZE_MAX, 1, &more), WN_ESTATE);
		wn_buf_release(&out);
		feat_store_release(&fs);
	}
}

/* A spill file that cannot be created is an I/O error, not a crash. */
static void spill_errors(void **state)
{
	(void)state;
	const char *old = getenv("TMPDIR");
	char *saved = old ? strdup(old) : NULL;
	setenv("TMPDIR", "/nonexistent/winnow-test-dir", 1);
	wn_stories *s;
	assert_int_equal(wn_stories_new(&s, NULL), 0);
	s->params.spill_bytes = 0;
	assert_int_equal(add_spill_corpus(s, STORY_WARMUP_DOCS + 10), WN_EIO);
	wn_stories_free(s);
	/* the per-document records: they spill after a page of them */
	assert_int_equal(wn_stories_new(&s, NULL), 0);
	s->params.doc_table_bytes = 0;
	assert_int_equal(add_spill_corpus(s, 200), WN_EIO);
	assert_true(s->doc_count < 200);
	wn_stories_free(s);
	if (saved) {
		setenv("TMPDIR", saved, 1);
		free(saved);
	} else {
		unsetenv("TMPDIR");
	}
}

/* Stories are numbered in the order of their first documents, whatever
 * moved during consolidation. Here a report that mixes two events (input
 * first, dated after the first event) joins the first event's story, then
 * moves to the second one's when the stories are consolidated: the first
 * story must be numbered at its own first document, not at the report's. */








static void add_words(wn_stories *s, const char *id, const char *date, size_t a_words, size_t b_words,
		      uint64_t *x)
{
	char text[4096];
	size_t n = 0;
	for (size_t w = 0; w < a_words + b_words; w++) {
		*x = *x * 6364136223846793005ull + 1442695040888963407ull;
		const char *pool = w < a_words ? "harbour" : "orchard";
		n += (size_t)snprintf(text + n, sizeof(text) - n, "%s%c ", pool, (char)('a' + (*x >> 40) % 16));
	}
	assert_int_equal(add_text(s, id, text, date, WN_NO_GROUP), 0);
}

static void numbers_follow_first_documents(void **state)
{
	(void)state;
	wn_stories *s;
	assert_int_equal(wn_stories_new(&s, NULL), 0);
	uint64_t x = 7;
	char id[16];
	/* 30 words of the first event, 50 of the second */
	add_words(s, "mixed", "2024-05-05", 30, 50, &x);
	for (int i = 0; i < 10; i++) {
		snprintf(id, sizeof(id), "a%d", i);
		add_words(s, id, "2024-05-01", 80, 0, &x);
	}
	for (int i = 0; i < 10; i++) {
		snprintf(id, sizeof(id), "b%d", i);
		add_words(s, id, "2024-05-06", 0, 80, &x);
	}
	assert_int_equal(wn_stories_finish(s), 0);
	wn_stories_stats st;
	wn_stories_get_stats(s, &st);
	assert_true(st.moved > 0);
	assert_int_equal(wn_stories_count(s), 2);
	assert_int_equal(story_of(s, 0), story_of(s, 11));   /* moved to the second event */
	assert_int_equal(story_of(s, 1), story_of(s, 10));
	uint64_t next = 0;
	for (size_t i = 0; i < 21; i++) {
		uint64_t k = story_of(s, i);
		assert_true(k <= next);
		if (k == next)
			next++;
	}
	assert_int_equal(next, wn_stories_count(s));
	for (uint64_t k = 0; k < wn_stories_count(s); k++) {
		wn_story story;
		assert_int_equal(wn_stories_get(s, k, &story), 0);
		assert_int_equal(story_of(s, story.docs[0]), k);
	}
	wn_stories_free(s);
}

/* The record table against a plain array: appends, reads and writes in a
 * scattered order, in memory and behind caches of one and of three pages
 * (so that pages are evicted dirty and read back). */
static void record_table_matches_an_array(void **state)
{
	(void)state;
	enum { N = 5000 };
	typedef struct { uint32_t a; uint64_t b; char c[12]; } rec;
	static rec model[N];
	size_t limits[] = { SIZE_MAX, 0, 3 * 4096 };
	for (size_t l = 0; l < 3; l++) {
		rec_table t;
		assert_int_equal(rec_table_init(&t, sizeof(rec), limits[l]), 0);
		for (uint32_t i = 0; i < N; i++) {
			memset(&model[i], 0, sizeof(rec));
			model[i].a = i;
			model[i].b = (uint64_t)i * 0x9E3779B97F4A7C15ull;
			snprintf(model[i].c, sizeof(model[i].c), "r%u", i);
			assert_int_equal(rec_table_append(&t, &model[i]), 0);
		}
		assert_int_equal(t.count, N);
		assert_int_equal(t.fd >= 0, l > 0);
		uint64_t x = 12345;
		for (int step = 0; step < 40000; step++) {
			x = x * 6364136223846793005ull + 1442695040888963407ull;
			size_t i = (size_t)(x >> 33) % N;
			rec r;
			assert_int_equal(rec_table_get(&t, i, &r), 0);
			assert_memory_equal(&r, &model[i], sizeof(rec));
			if (step % 3 == 0) {
				model[i].a += 7;
				model[i].b ^= x;
				assert_int_equal(rec_table_put(&t, i, &model[i]), 0);
			}
		}
		for (size_t i = 0; i < N; i++) {
			rec r;
			assert_int_equal(rec_table_get(&t, i, &r), 0);
			assert_memory_equal(&r, &model[i], sizeof(rec));
		}
		rec r;
		assert_int_equal(rec_table_get(&t, N, &r), WN_EINVAL);
		assert_int_equal(rec_table_put(&t, N, &r), WN_EINVAL);
		if (l > 0)
			assert_true(t.misses > 1000);
		rec_table_release(&t);
	}
	rec_table t;
	assert_int_equal(rec_table_init(&t, 0, 0), WN_EINVAL);
	assert_int_equal(rec_table_init(&t, 5000, 0), WN_EINVAL);
}

/* ---- terms, names, dates, tables --------------------------------------------------------- */

static int has_name(const term_list *tl, const char *surface)
{
	for (size_t i = 0; i < tl->count; i++) {
		const term_occ *t = &tl->items[i];
		if (t->kind == TERM_NAME && t->surf_len == strlen(surface) &&
		    !memcmp(tl->surfaces.ptr + t->surf_off, surface, t->surf_len))
			return 1;
	}
	return 0;
}

static uint64_t name_hash(const term_list *tl, const char *surface)
{
	for (size_t i = 0; i < tl->count; i++) {
		const term_occ *t = &tl->items[i];
		if (t->kind == TERM_NAME && t->surf_len == strlen(surface) &&
		    !memcmp(tl->surfaces.ptr + t->surf_off, surface, t->surf_len))
			return t->hash;
	}
	return 0;
}

static void names_and_terms(void **state)
{
	terms_ctx *ctx;
	assert_int_equal(terms_new(&ctx, "english"), 0);
	term_list tl;
	term_list_init(&tl);
	const char *text = "The Headline Of A Story In Title Case\n"
			   "Talks began after Ukrainian President Volodymyr Zelensky met Prime "
			   "Minister Anna Berg in Lisbon on Monday. Officials said they went well.";
	assert_int_equal(terms_extract(ctx, text, strlen(text), NULL, 0, 50, 200, &tl), 0);
	assert_true(has_name(&tl, "Volodymyr Zelensky"));
	assert_true(has_name(&tl, "Anna Berg"));
	assert_true(has_name(&tl, "Lisbon"));
	assert_true(has_name(&tl, "Ukrainian"));
	/* titles, weekdays, sentence-initial words and headline capitals are not names */
	assert_false(has_name(&tl, "President"));
	assert_false(has_name(&tl, "Monday"));
	assert_false(has_name(&tl, "Officials"));
	assert_false(has_name(&tl, "Headline"));
	uint64_t h = name_hash(&tl, "Zelensky");
	assert_true(h != 0);
	/* transliterations of one name are one name */
	const char *other = "He spoke to Zelenskyy, and later to Zelenskiy again.";
	assert_int_equal(terms_extract(ctx, other, strlen(other), NULL, 0, 50, 200, &tl), 0);
	assert_int_equal(name_hash(&tl, "Zelenskyy"), h);
	size_t names = 0;
	for (size_t i = 0; i < tl.count; i++)
		if (tl.items[i].kind == TERM_NAME) {
			names++;
			assert_int_equal(tl.items[i].count, 2);  /* both spellings */
		}
	assert_int_equal(names, 1);
	/* stems: "flooded" and "floods" are one word; stopwords are dropped */
	const char *words = "the river flooded the valley and the floods came";
	assert_int_equal(terms_extract(ctx, words, strlen(words), NULL, 0, 50, 200, &tl), 0);
	size_t word_terms = 0, phrases = 0;
	for (size_t i = 0; i < tl.count; i++) {
		word_terms += tl.items[i].kind == TERM_WORD;
		phrases += tl.items[i].kind == TERM_PHRASE;
	}
	assert_int_equal(word_terms, 3);  /* river, flood, valley ("came" is a stopword) */
	assert_true(phrases >= 2);
	/* title occurrences and the lead are counted apart */
	assert_int_equal(terms_extract(ctx, words, strlen(words), "River", 5, 2, 200, &tl), 0);
	for (size_t i = 0; i < tl.count; i++)
		if (tl.items[i].kind == TERM_WORD && !memcmp(tl.surfaces.ptr + tl.items[i].surf_off, "river", 5)) {
			assert_int_equal(tl.items[i].title, 1);
			assert_int_equal(tl.items[i].count, 1);
			assert_int_equal(tl.items[i].lead, 1);
		}
	/* hostile input: long tokens, invalid bytes */
	char junk[3000];
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (char)(i % 7 ? 'A' + i % 26 : (i % 3 ? ' ' : 0xFF));
	assert_int_equal(terms_extract(ctx, junk, sizeof(junk), NULL, 0, 50, 200, &tl), 0);
	term_list_release(&tl);
	terms_free(ctx);
	assert_int_equal(terms_new(&ctx, "klingon"), WN_EINVAL);
}

static void dates(void **state)
{
	char buf[11];
	struct {
		const char *in, *out;
	} cases[] = {
		{ "2022-03-09", "2022-03-09" },
		{ "2022-03-09T23:59:00Z", "2022-03-09" },
		{ "2024/02/29", "2024-02-29" },
		{ "20220309", "2022-03-09" },
		{ "Wed, 09 Mar 2022 10:00:00 GMT", "2022-03-09" },
		{ "9 March 2022", "2022-03-09" },
		{ "March 9, 2022", "2022-03-09" },
		{ "Sept. 1st, 1998", "1998-09-01" },
		{ "1970-01-01", "1970-01-01" },
		{ "1969-12-31", "1969-12-31" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int32_t day = story_parse_day(cases[i].in, strlen(cases[i].in));
		assert_true(day != STORY_NO_DAY);
		story_format_day(day, buf);
		assert_string_equal(buf, cases[i].out);
	}
	assert_int_equal(story_parse_day("1970-01-02", 10), 1);
	const char *bad[] = { "", "yesterday", "2023-02-29", "2022-13-01", "2022-00-10", "32 March 2022",
			      "March 2022" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(story_parse_day(bad[i], strlen(bad[i])), STORY_NO_DAY);
	assert_int_equal(story_parse_day(NULL, 0), STORY_NO_DAY);
}

static void tables_are_sorted(void **state)
{
	const char *const *t;
	size_t n = story_stopword_table(&t);
	for (size_t i = 1; i < n; i++)
		assert_true(strcmp(t[i - 1], t[i]) < 0);
	for (size_t i = 0; i < n; i++)
		assert_true(story_is_stopword(t[i], strlen(t[i])));
	n = story_name_prefix_table(&t);
	for (size_t i = 1; i < n; i++)
		assert_true(strcmp(t[i - 1], t[i]) < 0);
	for (size_t i = 0; i < n; i++)
		assert_true(story_is_name_prefix(t[i], strlen(t[i])));
	assert_false(story_is_stopword("flood", 5));
	assert_false(story_is_name_prefix("zelensky", 8));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(groups_stories_undated),
		cmocka_unit_test(groups_stories_dated),
		cmocka_unit_test(threshold_decides),
		cmocka_unit_test(stories_merge_before_closing),
		cmocka_unit_test(input_order_does_not_matter_much),
		cmocka_unit_test(dates_far_apart_close_stories),
		cmocka_unit_test(near_duplicates_join_as_one_unit),
		cmocka_unit_test(shared_quotations),
		cmocka_unit_test(explain_pairs),
		cmocka_unit_test(json_record),
		cmocka_unit_test(lifecycle),
		cmocka_unit_test(budget_and_closing),
		cmocka_unit_test(spilled_features_are_read_back),
		cmocka_unit_test(spill_errors),
		cmocka_unit_test(store_round_trip),
		cmocka_unit_test(record_table_matches_an_array),
		cmocka_unit_test(numbers_follow_first_documents),
		cmocka_unit_test(hashed_terms_past_the_cap),
		cmocka_unit_test(names_and_terms),
		cmocka_unit_test(dates),
		cmocka_unit_test(tables_are_sorted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
