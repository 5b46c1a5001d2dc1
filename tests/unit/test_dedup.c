/* test_dedup.c - grouping decisions of the deduplicator, through the public
 * API: exact copies, near copies, teasers (containment), distinct stories
 * sharing a paragraph, the kept document, empty documents. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "winnow.h"

/* Appends N pseudo-random words (drawn by SEED) to BUF. Words are made of
 * syllables, so every text is ordinary ASCII prose-like tokens. */
static void words(char *buf, size_t cap, unsigned seed, int n)
{
	static const char *const syl[] = { "ka", "lo", "mi", "ter", "un", "sa", "ro", "vel",
					   "da", "pin", "or", "tes", "bu", "ne", "gar", "il" };
	uint64_t x = seed * 0x9e3779b97f4a7c15ULL + 1;
	size_t len = strlen(buf);
	for (int i = 0; i < n && len + 16 < cap; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		int parts = 1 + (int)(x % 3);
		for (int p = 0; p < parts; p++)
			len += (size_t)snprintf(buf + len, cap - len, "%s", syl[(x >> (8 + 4 * p)) & 15]);
		buf[len++] = (i % 12 == 11) ? '.' : ' ';
		if (i % 12 == 11)
			buf[len++] = ' ';
		buf[len] = '\0';
	}
}

typedef struct corpus {
	char text[16][8192];
	const char *id[16];
	const char *date[16];
	int count;
} corpus;

static wn_dedup *run(const corpus *c, const wn_dedup_options *opts)
{
	wn_dedup *d;
	assert_int_equal(wn_dedup_new(&d, opts), 0);
	for (int i = 0; i < c->count; i++) {
		wn_doc doc;
		memset(&doc, 0, sizeof(doc));
		doc.id.ptr = c->id[i];
		doc.id.len = strlen(c->id[i]);
		doc.text.ptr = c->text[i];
		doc.text.len = strlen(c->text[i]);
		if (c->date[i]) {
			doc.date.ptr = c->date[i];
			doc.date.len = strlen(c->date[i]);
		}
		assert_int_equal(wn_dedup_add(d, &doc), 0);
	}
	assert_int_equal(wn_dedup_finish(d), 0);
	return d;
}

static wn_dup_info get(wn_dedup *d, size_t i)
{
	wn_dup_info info;
	assert_int_equal(wn_dedup_get(d, i, &info), 0);
	return info;
}

static void test_exact_and_near(void **state)
{
	static corpus c;
	memset(&c, 0, sizeof(c));
	words(c.text[0], sizeof(c.text[0]), 1, 400);
	/* 1: the same text with other case, spacing and quotes: exact. */
	for (size_t i = 0, j = 0; c.text[0][i]; i++) {
		char ch = c.text[0][i];
		c.text[1][j++] = (i % 7 == 0 && ch >= 'a' && ch <= 'z') ? (char)(ch - 32) : ch;
		if (ch == ' ' && i % 5 == 0)
			c.text[1][j++] = ' ';
	}
	/* 2: one word in 150 changed: near-duplicate (Jaccard ~ 0.93). */
	strcpy(c.text[2], c.text[0]);
	for (size_t i = 0, w = 0; c.text[2][i]; i++)
		if (c.text[2][i] == ' ' && ++w % 150 == 0)
			c.text[2][i + 1] = 'q';
	/* 3: unrelated. */
	words(c.text[3], sizeof(c.text[3]), 2, 400);
	c.id[0] = "a"; c.id[1] = "b"; c.id[2] = "c"; c.id[3] = "d";
	c.count = 4;
	wn_dedup *d = run(&c, NULL);
	wn_dup_info a = get(d, 0), b = get(d, 1), n = get(d, 2), u = get(d, 3);
	assert_int_equal(a.keeper, 0);
	assert_int_equal(b.keeper, 0);
	assert_true(b.exact);
	assert_true(b.similarity == 1.0);
	assert_int_equal(n.keeper, 0);
	assert_false(n.exact);
	assert_true(n.similarity > 0.8 && n.similarity < 1.0);
	assert_int_equal(u.keeper, 3);
	assert_true(u.cluster != a.cluster);
	wn_dedup_stats st;
	wn_dedup_get_stats(d, &st);
	assert_int_equal(st.docs, 4);
	assert_int_equal(st.exact_dups, 1);
	assert_int_equal(st.near_dups, 1);
	assert_int_equal(st.groups, 1);
	wn_dedup_free(d);
}

static void test_teaser_and_shared_paragraph(void **state)
{
	static corpus c;
	memset(&c, 0, sizeof(c));
	words(c.text[0], sizeof(c.text[0]), 10, 500);            /* article */
	/* 1: a teaser: the first 35% of the article, then "Read more". */
	memcpy(c.text[1], c.text[0], strlen(c.text[0]) * 35 / 100);
	strcat(c.text[1], " Read more");
	/* 2: another story that quotes one paragraph (60 words) of the first. */
	words(c.text[2], sizeof(c.text[2]), 11, 300);
	size_t at = strlen(c.text[2]);
	memcpy(c.text[2] + at, c.text[0] + 400, 420);
	c.text[2][at + 420] = '\0';
	words(c.text[2], sizeof(c.text[2]), 12, 200);
	c.id[0] = "article"; c.id[1] = "teaser"; c.id[2] = "other";
	c.count = 3;
	wn_dedup *d = run(&c, NULL);
	assert_int_equal(get(d, 1).keeper, 0);
	assert_true(get(d, 1).similarity >= 0.7);
	assert_int_equal(get(d, 2).keeper, 2);
	wn_dedup_free(d);

	/* With containment off, the teaser stands alone. */
	wn_dedup_options o;
	wn_dedup_options_init(&o);
	o.containment = 0;
	d = run(&c, &o);
	assert_int_equal(get(d, 1).keeper, 1);
	wn_dedup_free(d);
}

static void test_keeper_by_date(void **state)
{
	static corpus c;
	memset(&c, 0, sizeof(c));
	words(c.text[0], sizeof(c.text[0]), 20, 300);
	strcpy(c.text[1], c.text[0]);
	strcpy(c.text[2], c.text[0]);
	c.id[0] = "late"; c.date[0] = "2024-05-02T10:00:00Z";
	c.id[1] = "undated";
	c.id[2] = "early"; c.date[2] = "2024-05-01";
	c.count = 3;
	wn_dedup *d = run(&c, NULL);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(get(d, i).keeper, 2);
		assert_int_equal(get(d, i).cluster, 2);
	}
	assert_string_equal(get(d, 2).id, "early");
	wn_dedup_free(d);
}

static void test_empty_documents(void **state)
{
	static corpus c;
	memset(&c, 0, sizeof(c));
	strcpy(c.text[0], "");
	strcpy(c.text[1], "  ... !!! ");
	strcpy(c.text[2], "");
	c.id[0] = "e1"; c.id[1] = "e2"; c.id[2] = "e3";
	c.count = 3;
	wn_dedup *d = run(&c, NULL);
	for (int i = 0; i < 3; i++)
		assert_int_equal(get(d, i).keeper, i); /* kept, each alone */
	wn_dedup_stats st;
	wn_dedup_get_stats(d, &st);
	assert_int_equal(st.empty, 3);
	assert_int_equal(st.groups, 0);
	wn_dedup_free(d);
}

/* Every method and option set gives the same groups on clear cases, and a
 * second run gives identical results. */
static void test_methods_agree(void **state)
{
	static corpus c;
	memset(&c, 0, sizeof(c));
	for (int g = 0; g < 4; g++) {
		words(c.text[2 * g], sizeof(c.text[0]), 30 + g, 350);
		strcpy(c.text[2 * g + 1], c.text[2 * g]);
		c.text[2 * g + 1][100] = 'z'; /* one word changed */
	}
	static const char *ids[8] = { "0", "1", "2", "3", "4", "5", "6", "7" };
	for (int i = 0; i < 8; i++)
		c.id[i] = ids[i];
	c.count = 8;
	wn_dedup_method methods[] = { WN_METHOD_MINHASH, WN_METHOD_MINHASH_CLASSIC,
				      WN_METHOD_SIMHASH };
	for (size_t m = 0; m < 3; m++) {
		wn_dedup_options o;
		wn_dedup_options_init(&o);
		o.method = methods[m];
		o.containment = 0;
		/* One word in 350 moves an unweighted SimHash by about 6 bits. */
		o.simhash_distance = 8;
		wn_dedup *d = run(&c, &o);
		for (int i = 0; i < 8; i++) {
			if (get(d, i).keeper != (uint64_t)(i & ~1))
				print_error("method %d, document %d\n", (int)m, i);
			assert_int_equal(get(d, i).keeper, (uint64_t)(i & ~1));
		}
		wn_dedup_free(d);
	}
}

static void test_options_and_compare(void **state)
{
	wn_dedup *d;
	wn_dedup_options o;
	wn_dedup_options_init(&o);
	o.threshold = 1.5;
	assert_int_equal(wn_dedup_new(&d, &o), WN_EINVAL);
	wn_dedup_options_init(&o);
	o.num_perm = 64;
	o.bands = 65;
	assert_int_equal(wn_dedup_new(&d, &o), WN_EINVAL);
	wn_dedup_options_init(&o);
	assert_int_equal(wn_dedup_new(&d, &o), 0);
	wn_dedup_params p;
	wn_dedup_get_params(d, &p);
	assert_true(p.bands * p.rows <= p.num_perm);
	assert_int_equal(wn_dedup_get(d, 0, &(wn_dup_info){ 0 }), WN_ESTATE);
	assert_int_equal(wn_dedup_finish(d), 0);
	wn_doc doc = { 0 };
	assert_int_equal(wn_dedup_add(d, &doc), WN_ESTATE);
	wn_dedup_free(d);

	const char *x = "one two three four five six seven eight nine ten";
	const char *y = "one two three four five six seven eight";
	double j, cont;
	wn_str a = { x, strlen(x) }, b = { y, strlen(y) };
	assert_int_equal(wn_dedup_compare(NULL, a, b, &j, &cont), 0);
	/* 6 and 4 distinct 5-gram shingles, 4 shared. */
	assert_true(j > 0.66 && j < 0.67);
	assert_true(cont == 1.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact_and_near),
		cmocka_unit_test(test_teaser_and_shared_paragraph),
		cmocka_unit_test(test_keeper_by_date),
		cmocka_unit_test(test_empty_documents),
		cmocka_unit_test(test_methods_agree),
		cmocka_unit_test(test_options_and_compare),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
