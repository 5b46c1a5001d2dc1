/* text/text.h - text normalisation for matching: UTF-8 validation (invalid
 * bytes replaced by U+FFFD and counted), Unicode NFKC with case folding
 * (utf8proc), typographic quotes, apostrophes and dashes folded to ASCII, and
 * Unicode-aware word tokens: runs of letters, digits and marks; each CJK
 * ideograph (and kana/hangul syllable) is a token of its own. ASCII text takes
 * a fast path that never calls utf8proc. Internal to libwinnow.
 *
 * The normal form, exactly:
 *  1. UTF-8 repair: each maximal subpart of an ill-formed sequence becomes one
 *     U+FFFD ("substitution of maximal subparts", Unicode 15 section 3.9,
 *     table 3-8; the W3C/WHATWG decoder practice). Overlongs, surrogates and
 *     code points above U+10FFFF are ill-formed. The count reported is of
 *     invalid BYTES, not of replacements.
 *  2. Typographic folding (before NFKC, so U+2033 becomes '"' and not two
 *     primes, and again on NFKC's output, so that U+FE31 and the like fold
 *     too): quotes and primes ' " (U+2018-201F, 2032-2036, 2039/203A, 00AB,
 *     00BB, 00B4, 02B9-02BC), dashes and minus - (U+2010-2015, 2043, 2212,
 *     2E3A/2E3B, FE58). The ellipsis is left to NFKC ("...").
 *  3. NFKC with full case folding and removal of default-ignorable code points
 *     (utf8proc STABLE|COMPAT|COMPOSE|CASEFOLD|IGNORE): soft hyphens, zero-width
 *     spaces and joiners, bidi marks vanish, so "co\u00ADop" is "coop". Marks
 *     are kept: "cafe" and "cafe\u0301" differ. Case folding is the default
 *     (not Turkic) one: "STRASSE", "Stra\u00DFe" -> "strasse"; U+0130 (I with
 *     dot) -> "i\u0307", U+0131 (dotless i) stays, so Turkish "I" -> "i".
 *
 * Tokens are taken from the normal form: maximal runs of letters (L*) and
 * numbers (Nd, Nl, No: NFKC has already turned most No, e.g. superscripts,
 * into Nd), plus the marks (M*) that follow a token character; a mark with no
 * token before it is dropped. Everything else separates, including the
 * apostrophe ("don't" -> "don" "t", whichever apostrophe the outlet used),
 * '_', '-' and U+FFFD. Each character of a script written without spaces is a
 * token of its own (with its marks): Han ideographs, hiragana, katakana,
 * bopomofo, Yi, hangul syllables, and also Thai, Lao, Myanmar and Khmer,
 * where a run of letters would be a whole clause.
 *
 * Speed (the tokeniser runs before every sketch, so it is built for news
 * text that is nearly all ASCII):
 *  - ASCII: a 256-entry byte table classifies; runs of letters and digits are
 *    lowercased and copied 16 bytes at a time (SSE2 where available); no
 *    utf8proc call, no per-byte branch inside a word. With SSE2, long ASCII
 *    stretches go 64 bytes at a time: the block's word characters become a
 *    bit mask, and each word of < 16 bytes that starts in it is lowercased,
 *    stored and hashed straight from one 16-byte register, with no branch
 *    per word or per byte (in the style of simdjson's structural masks);
 *    the common typographic punctuation below may sit in such a block.
 *  - Common typographic punctuation (U+2010-2027, NBSP, guillemets, the
 *    middle dot, the copyright sign) is recognised inline: it only
 *    separates.
 *  - Any other non-ASCII text becomes a segment: the ASCII byte before it (a
 *    base letter composes with a following mark), the non-ASCII run, and
 *    ASCII gaps of < 32 bytes up to the next non-ASCII byte, so text in
 *    another script costs one segment per paragraph, not one per word. A
 *    segment is decoded once; a code point whose normal form is itself and
 *    that is a starter (looked up once per code point in a small cache in
 *    the object) is copied; utf8proc decomposes and recomposes only the span
 *    between two such code points around one that needs it.
 *  - Token hashes: text_token_hash(), branch-free for tokens of <= 16 bytes.
 *  - text_tokens keeps all its buffers between texts: no allocation per text
 *    once they have grown.
 * text_normalize_reference() and text_tokenize_reference() are the plain
 * definitions (one utf8proc_map() over the whole text) the fast paths are
 * tested against, code point by code point and by fuzzing. */
#ifndef WN_TEXT_H
#define WN_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "util/util.h"

/* Texts and normal forms are capped at 4 GiB (offsets are uint32). */
#define TEXT_MAX_LEN ((size_t)UINT32_MAX)

#define TEXT_CACHE_SIZE 1024 /* code-point property cache slots, power of 2 */

/* Reusable working memory of the non-ASCII path. Zero (or _init) is empty. */
typedef struct text_scratch {
	int32_t *cps;          /* code points of the segment being normalised */
	size_t cap;
	int32_t *tmp;          /* reordering buffer for long runs of marks */
	size_t tmp_cap;
	uint32_t cache[TEXT_CACHE_SIZE]; /* (cp << 8) | 0x80 | class bits */
} text_scratch;

/* The tokens of one text. Reused across documents: text_tokenize() resets it.
 * _init allocates nothing; _release frees. */
typedef struct text_tokens {
	wn_buf norm;          /* normalised tokens, each followed by one ' ' */
	uint32_t *start;      /* token i is norm.ptr[start[i]] .. + length[i] */
	uint32_t *length;
	uint64_t *hash;       /* text_token_hash() of each token's bytes */
	size_t count;
	size_t cap;
	size_t invalid_bytes; /* invalid UTF-8 bytes replaced in this text */
	text_scratch scratch; /* private */
} text_tokens;

void text_tokens_init(text_tokens *t);
void text_tokens_release(text_tokens *t);

/* Normalises and tokenises IN (LEN bytes, any bytes at all) into T.
 * Returns 0 or WN_ENOMEM; a text over 4 GiB is WN_ETOOBIG (also when its
 * normal form would pass 4 GiB). On error T holds no tokens. */
int text_tokenize(text_tokens *t, const char *in, size_t len);

/* Writes the normalised form of IN (NFKC, case-folded, quotes and dashes
 * folded, invalid bytes replaced) to OUT, keeping all non-token characters.
 * OUT's previous contents are replaced. Sets *INVALID (may be NULL) to the
 * number of invalid bytes. Returns 0, WN_ENOMEM or WN_ETOOBIG (over 4 GiB).
 * Allocates a little scratch memory per call; text_tokenize() does not. */
int text_normalize(wn_buf *out, const char *in, size_t len, size_t *invalid);

/* Replaces invalid UTF-8 in IN with U+FFFD into OUT (previous contents
 * replaced; one U+FFFD per maximal subpart, see above); returns the number of
 * invalid bytes through *INVALID (may be NULL). Returns 0 or WN_ENOMEM. */
int text_utf8_sanitize(wn_buf *out, const char *in, size_t len, size_t *invalid);

/* The definitions the fast paths must match, for tests and fuzzing: slow.
 * text_normalize_reference() runs the whole repaired, pre-folded text through
 * one utf8proc_map() call and post-folds the result; text_tokenize_reference()
 * tokenises that, classifying every code point (ASCII too) by its Unicode
 * category. Same results and errors as text_normalize()/text_tokenize(). */
int text_normalize_reference(wn_buf *out, const char *in, size_t len, size_t *invalid);
int text_tokenize_reference(text_tokens *t, const char *in, size_t len);

/* text_token_hash() of a token of N bytes, 1 <= N <= 16, given as its
 * bytes zero-padded to 16 and read as two little-endian words: LO (bytes
 * 0-7) and HI (8-15). It is splitmix64(LO * K1 ^ rotl(HI * K2, 29) ^ N):
 * no branch on the length, and no two tokens of up to 8 bytes collide (an
 * odd multiplier and splitmix64 are bijections). The cleaner hashes its
 * ASCII words with it, so that a cleaned page's words are the sketch's
 * tokens. */
static inline uint64_t text_token_hash_words(uint64_t lo, uint64_t hi, size_t n)
{
	hi *= 0xc2b2ae3d27d4eb4fULL;
	hi = (hi << 29) | (hi >> 35);
	return wn_mix64((lo * 0x9e3779b97f4a7c15ULL) ^ hi ^ (uint64_t)n);
}

/* The same for words LO and HI that may hold bytes past the token: they are
 * masked to its N bytes first. */
static inline uint64_t text_token_hash_masked(uint64_t lo, uint64_t hi, size_t n)
{
	size_t lo_bytes = n < 8 ? n : 8, hi_bytes = n - lo_bytes;
	lo &= ~0ULL >> (64 - 8 * lo_bytes);
	hi &= (0ULL - (uint64_t)(hi_bytes != 0)) & (~0ULL >> ((64 - 8 * hi_bytes) & 63));
	return text_token_hash_words(lo, hi, n);
}

/* text_token_hash() of the ASCII word S[0..N) (letters and digits only)
 * lower-cased, which is its token's: for the cleaner's words. */
uint64_t text_ascii_word_hash(const char *s, size_t n);

/* The 64-bit hash of a token's bytes, as in text_tokens.hash. Not
 * wn_hash64(): tokens of up to 16 bytes (nearly all) take a branch-free
 * multiply-xorshift hash of their zero-padded bytes (for tokens of up to 8
 * bytes, collision-free); longer ones and LEN 0 are wn_hash64(DATA, LEN, 0).
 * The XXH3 behind wn_hash64 dispatches on the length class, which costs
 * more on a stream of short words than the rest of tokenising. */
uint64_t text_token_hash(const void *data, size_t len);

#endif
