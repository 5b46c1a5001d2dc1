/* clean_oracles.h - checks of the cleaner against a second way of computing
 * the same thing, shared by the unit tests (test_clean_scan.c) and the
 * fuzz harness (fuzz_clean_scan.c). Each returns NULL when the two agree,
 * else what differs. */
#ifndef WN_TESTS_CLEAN_ORACLES_H
#define WN_TESTS_CLEAN_ORACLES_H

#include <stdlib.h>
#include <string.h>

#include "clean/clean.h"
#include "text/text.h"
#include "winnow.h"

/* The site pass's scan of BODY (clean_scan_site()) against the full scan's
 * blocks: the hashes of the blocks with a letter (or a byte past ASCII), in
 * order, and the longest block's hash. */
static inline const char *site_scan_mismatch(const clean_lexicon *lex, wn_str body)
{
	const char *why = NULL;
	clean_page full, site;
	clean_page_init(&full);
	clean_page_init(&site);
	wn_str none = { NULL, 0 };
	uint64_t *hashes = NULL, longest = 0, want_longest = 0;
	size_t cap = 0, count = 0, n = 0, best = 0;
	if (clean_scan(&full, lex, body, none, CLEAN_SCAN_FULL) != 0 ||
	    clean_scan_site(&site, body, &hashes, &cap, &count, &longest) != 0)
		why = "a scan failed";
	for (size_t i = 0; !why && i < full.block_count; i++) {
		const clean_block *b = &full.blocks[i];
		if (b->len > best) {
			best = b->len;
			want_longest = b->hash;
		}
		int letters = b->alpha != 0;
		for (size_t k = 0; k < b->len && !letters; k++)
			letters = (unsigned char)body.ptr[b->start + k] >= 0x80;
		if (!letters)
			continue;
		if (n >= count || hashes[n] != b->hash)
			why = "a block's site hash differs";
		n++;
	}
	if (!why && n != count)
		why = "the site scan has more blocks";
	if (!why && longest != want_longest)
		why = "the longest block's hash differs";
	free(hashes);
	clean_page_release(&full);
	clean_page_release(&site);
	return why;
}

/* The tokens of BODY cleaned by CLEANER as clean_kept_tokens() hands them to
 * the sketch against text_tokenize() of the cleaned text (in REFERENCE);
 * *COUNT is how many there were. */
static inline const char *kept_tokens_mismatch(wn_cleaner *cleaner, text_tokens *scratch,
					       text_tokens *reference, wn_str body,
					       wn_str title, size_t *count)
{
	wn_doc doc;
	memset(&doc, 0, sizeof(doc));
	doc.text = body;
	doc.title = title;
	wn_clean_result res;
	const uint64_t *hashes;
	*count = 0;
	if (wn_cleaner_clean(cleaner, &doc, &res) != 0 ||
	    clean_kept_tokens(cleaner, &doc, scratch, &hashes, count) != 0 ||
	    text_tokenize(reference, res.text.ptr, res.text.len) != 0)
		return "cleaning or tokenising failed";
	if (*count != reference->count)
		return "a different number of tokens";
	for (size_t i = 0; i < *count; i++)
		if (hashes[i] != reference->hash[i])
			return "a token's hash differs";
	return NULL;
}

#endif
