/* fuzz_clean.c - libFuzzer harness for the cleaner: any bytes as a page
 * (optionally with a title: the input's first line when it starts with
 * '#'), cleaned alone, in language-independent mode, and after an observe
 * pass over the same page under three sites. Nothing may crash, leak or
 * read out of bounds, and the result must keep its invariants: lines in
 * order, inside the text, their count and the removed count consistent,
 * the kept text exactly the kept lines joined by newlines. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "winnow.h"

#include "fuzz_check.h"

static void check_result(const wn_doc *doc, const wn_clean_result *r)
{
	const char *base = doc->text.ptr;
	size_t removed = 0, kept_bytes = 0, kept = 0;
	uint32_t last = 0;
	for (size_t i = 0; i < r->line_count; i++) {
		const wn_clean_line *l = &r->lines[i];
		CHECK(l->line > last);
		last = l->line;
		CHECK(l->text.ptr >= base && l->text.ptr + l->text.len <= base + doc->text.len);
		CHECK((unsigned)l->reason < WN_REASON_COUNT);
		CHECK(wn_clean_reason_name(l->reason) != NULL);
		if (l->reason != WN_KEEP) {
			removed++;
			continue;
		}
		/* the kept text is the kept lines in order, one newline between */
		if (kept)
			CHECK(kept_bytes < r->text.len && r->text.ptr[kept_bytes++] == '\n');
		CHECK(kept_bytes + l->text.len <= r->text.len);
		CHECK(memcmp(r->text.ptr + kept_bytes, l->text.ptr, l->text.len) == 0);
		kept_bytes += l->text.len;
		kept++;
	}
	CHECK(kept_bytes == r->text.len);
	CHECK(removed == r->removed_count);
	CHECK(r->text.ptr != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	wn_doc doc;
	memset(&doc, 0, sizeof(doc));
	const char *text = (const char *)data;
	size_t len = size;
	if (len && text[0] == '#') {
		const char *nl = memchr(text, '\n', len);
		size_t tl = nl ? (size_t)(nl - text) : len;
		doc.title.ptr = text + 1;
		doc.title.len = tl ? tl - 1 : 0;
		text += nl ? tl + 1 : len;
		len -= nl ? tl + 1 : len;
	}
	doc.id.ptr = "fuzz";
	doc.id.len = 4;
	doc.text.ptr = text;
	doc.text.len = len;
	doc.file = "fuzz/input.jsonl";
	doc.line = 1;

	wn_clean_options o;
	wn_clean_options_init(&o);
	o.site_min_pages = 2;
	wn_cleaner *c;
	CHECK(wn_cleaner_new(&c, &o) == 0);
	wn_clean_result r;
	CHECK(wn_cleaner_clean(c, &doc, &r) == 0);
	check_result(&doc, &r);

	/* the same page under three sites: its blocks become each site's template */
	static const char *const sites[] = { "a.example", "b.example", "c.example" };
	for (int i = 0; i < 3; i++) {
		doc.source.ptr = sites[i];
		doc.source.len = strlen(sites[i]);
		CHECK(wn_cleaner_observe(c, &doc) == 0);
		CHECK(wn_cleaner_observe(c, &doc) == 0);
	}
	wn_cleaner *clone;
	CHECK(wn_cleaner_clone(&clone, c) == 0);
	CHECK(wn_cleaner_clean(clone, &doc, &r) == 0);
	check_result(&doc, &r);
	wn_cleaner_free(clone);
	wn_cleaner_free(c);

	o.language_independent = 1;
	o.site_repeat = 0;
	CHECK(wn_cleaner_new(&c, &o) == 0);
	CHECK(wn_cleaner_clean(c, &doc, &r) == 0);
	check_result(&doc, &r);
	wn_cleaner_free(c);
	return 0;
}
