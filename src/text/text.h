/* text/text.h - text normalisation for matching: UTF-8 validation (invalid
 * bytes replaced by U+FFFD and counted), Unicode NFKC with case folding
 * (utf8proc), typographic quotes, apostrophes and dashes folded to ASCII, and
 * Unicode-aware word tokens: runs of letters, digits and marks; each CJK
 * ideograph (and kana/hangul syllable) is a token of its own. ASCII text takes
 * a fast path that never calls utf8proc. Internal to libwinnow. */
#ifndef WN_TEXT_H
#define WN_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

/* The tokens of one text. Reused across documents: text_tokenize() resets it.
 * _init allocates nothing; _release frees. */
typedef struct text_tokens {
	wn_buf norm;          /* normalised tokens, each followed by one ' ' */
	uint32_t *start;      /* token i is norm.ptr[start[i]] .. + length[i] */
	uint32_t *length;
	uint64_t *hash;       /* wn_hash64 of each token's bytes, seed 0 */
	size_t count;
	size_t cap;
	size_t invalid_bytes; /* invalid UTF-8 bytes replaced in this text */
} text_tokens;

void text_tokens_init(text_tokens *t);
void text_tokens_release(text_tokens *t);

/* Normalises and tokenises IN (LEN bytes, any bytes at all) into T.
 * Returns 0 or WN_ENOMEM; a text over 4 GiB is WN_ETOOBIG. */
int text_tokenize(text_tokens *t, const char *in, size_t len);

/* Writes the normalised form of IN (NFKC, case-folded, quotes and dashes
 * folded, invalid bytes replaced) to OUT, keeping all non-token characters.
 * Sets *INVALID (may be NULL) to the number of invalid bytes. */
int text_normalize(wn_buf *out, const char *in, size_t len, size_t *invalid);

/* Replaces invalid UTF-8 in IN with U+FFFD into OUT; returns the number of
 * invalid bytes through *INVALID. Returns 0 or WN_ENOMEM. */
int text_utf8_sanitize(wn_buf *out, const char *in, size_t len, size_t *invalid);

#endif
