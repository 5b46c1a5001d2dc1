/* clean/features.c - the per-block scan: word tokens (ASCII fast path,
 * utf8proc for the rest), lexicon look-ups, punctuation, quotation state,
 * link-like chunks and cue phrases; then the page-level pass that picks the
 * language by stopword hits and counts stopwords and pronouns per block. */
#include "clean.h"
#include "text/text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if WN_X86_DISPATCH
#include <immintrin.h>
#endif

/* ---- word tokens ------------------------------------------------------ */

/* ASCII character classes. */
enum { CH_OTHER = 0, CH_LOWER, CH_UPPER, CH_DIGIT, CH_SPACE };

static const uint8_t ascii_class[128] = {
	['\t'] = CH_SPACE, ['\n'] = CH_SPACE, ['\v'] = CH_SPACE, ['\f'] = CH_SPACE,
	['\r'] = CH_SPACE, [' '] = CH_SPACE,
	['0'] = CH_DIGIT, ['1'] = CH_DIGIT, ['2'] = CH_DIGIT, ['3'] = CH_DIGIT, ['4'] = CH_DIGIT,
	['5'] = CH_DIGIT, ['6'] = CH_DIGIT, ['7'] = CH_DIGIT, ['8'] = CH_DIGIT, ['9'] = CH_DIGIT,
	['A'] = CH_UPPER, ['B'] = CH_UPPER, ['C'] = CH_UPPER, ['D'] = CH_UPPER, ['E'] = CH_UPPER,
	['F'] = CH_UPPER, ['G'] = CH_UPPER, ['H'] = CH_UPPER, ['I'] = CH_UPPER, ['J'] = CH_UPPER,
	['K'] = CH_UPPER, ['L'] = CH_UPPER, ['M'] = CH_UPPER, ['N'] = CH_UPPER, ['O'] = CH_UPPER,
	['P'] = CH_UPPER, ['Q'] = CH_UPPER, ['R'] = CH_UPPER, ['S'] = CH_UPPER, ['T'] = CH_UPPER,
	['U'] = CH_UPPER, ['V'] = CH_UPPER, ['W'] = CH_UPPER, ['X'] = CH_UPPER, ['Y'] = CH_UPPER,
	['Z'] = CH_UPPER,
	['a'] = CH_LOWER, ['b'] = CH_LOWER, ['c'] = CH_LOWER, ['d'] = CH_LOWER, ['e'] = CH_LOWER,
	['f'] = CH_LOWER, ['g'] = CH_LOWER, ['h'] = CH_LOWER, ['i'] = CH_LOWER, ['j'] = CH_LOWER,
	['k'] = CH_LOWER, ['l'] = CH_LOWER, ['m'] = CH_LOWER, ['n'] = CH_LOWER, ['o'] = CH_LOWER,
	['p'] = CH_LOWER, ['q'] = CH_LOWER, ['r'] = CH_LOWER, ['s'] = CH_LOWER, ['t'] = CH_LOWER,
	['u'] = CH_LOWER, ['v'] = CH_LOWER, ['w'] = CH_LOWER, ['x'] = CH_LOWER, ['y'] = CH_LOWER,
	['z'] = CH_LOWER,
};

/* A decoded code point and its class for tokenising. */
typedef struct cp_info {
	int32_t cp;
	uint8_t len;      /* bytes */
	uint8_t cls;      /* CH_ */
	uint8_t alone;    /* an ideograph or kana: a word of its own */
} cp_info;

static int is_ideograph(int32_t cp)
{
	return (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x3400 && cp <= 0x4dbf) ||
	       (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff) ||
	       (cp >= 0x20000 && cp <= 0x2ffff);
}

static inline void decode(const unsigned char *s, size_t len, cp_info *ci)
{
	if (s[0] < 0x80) {
		ci->cp = s[0];
		ci->len = 1;
		ci->cls = ascii_class[s[0]];
		ci->alone = 0;
		return;
	}
	utf8proc_int32_t cp;
	utf8proc_ssize_t n = utf8proc_iterate(s, (utf8proc_ssize_t)(len > 4 ? 4 : len), &cp);
	ci->alone = 0;
	if (n <= 0) {         /* an invalid byte: skip it as punctuation */
		ci->cp = 0xfffd;
		ci->len = 1;
		ci->cls = CH_OTHER;
		return;
	}
	ci->cp = cp;
	ci->len = (uint8_t)n;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LT:
		ci->cls = CH_UPPER;
		break;
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		ci->cls = CH_LOWER;
		ci->alone = (uint8_t)is_ideograph(cp);
		break;
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		ci->cls = CH_DIGIT;
		break;
	case UTF8PROC_CATEGORY_ZS:
		ci->cls = CH_SPACE;
		break;
	default:
		ci->cls = CH_OTHER;
	}
}

/* Word hashes. A word of ASCII letters and digits only (most words of most
 * pages) gets text_token_hash() of its lower-cased bytes, the hash the
 * sketch's tokeniser gives the same token (clean_kept_tokens() relies on
 * it): OR-ing 0x20 into each byte lower-cases a letter and leaves a digit
 * alone, so a word of up to 16 bytes is two loads, two ORs and one mix. A
 * word with any other character is hashed by FNV-1a over its lower-cased
 * UTF-8 bytes. Which of the two a word gets depends only on its characters,
 * so every path that reads a word (page, title, lexicon) gives it the same
 * hash. */
#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL
#define LOWER_BITS 0x2020202020202020ULL

static inline uint64_t fnv_byte(uint64_t h, unsigned char c)
{
	return (h ^ c) * FNV_PRIME;
}

static inline uint64_t fnv_cp(uint64_t h, int32_t cp)
{
	unsigned char buf[4];
	utf8proc_ssize_t n = utf8proc_encode_char(cp, buf);
	for (utf8proc_ssize_t i = 0; i < n; i++)
		h = fnv_byte(h, buf[i]);
	return h;
}

/* Up to 8 bytes of S as a little-endian word; AVAIL bytes may be read. */
static inline uint64_t load_upto8(const unsigned char *s, size_t want, size_t avail)
{
	uint64_t v = 0;
	if (avail >= 8) {
		memcpy(&v, s, 8);
		if (want < 8)
			v &= (1ULL << (want * 8)) - 1;
	} else {
		memcpy(&v, s, want);
	}
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

/* 64x64 -> 128-bit multiply, folded: one multiplication that mixes every
 * input bit into the low and high halves (the "mum" of wyhash). */
static inline uint64_t mum(uint64_t a, uint64_t b)
{
#if defined(__SIZEOF_INT128__)
	unsigned __int128 p = (unsigned __int128)a * b;
	return (uint64_t)p ^ (uint64_t)(p >> 64);
#else
	return wn_mix64(a * (b | 1));   /* 32-bit targets: a mixer instead */
#endif
}

/* The hash of the ASCII word S[0..LEN) (letters and digits) of 1..16 bytes
 * with 16 bytes readable at S: text_token_hash() of the lower-cased word,
 * the hash the sketch's tokeniser gives the same token, so that the words of
 * a cleaned ASCII block can be the sketch's tokens without a second pass.
 * No branch on the length: word lengths follow no pattern, so branches on
 * them cost a misprediction on many words. Any other word length or place:
 * text_ascii_word_hash(). */
static inline uint64_t ascii_word_hash16(const unsigned char *s, size_t len)
{
	return text_token_hash_masked(load_upto8(s, 8, 16) | LOWER_BITS,
				      load_upto8(s + 8, 8, 8) | LOWER_BITS, len);
}

/* The run of ASCII letters and digits at the start of S (AVAIL bytes):
 * returns its length; *LETTERS counts its letters up to 2 (what the flags
 * need), *LOWER says whether one of them is lower case. */
static inline size_t ascii_run(const unsigned char *s, size_t avail, unsigned *letters,
			       unsigned *lower)
{
	size_t n = 0;
	unsigned l = 0, lo = 0;
#if defined(__SSE2__)
	const __m128i a = _mm_set1_epi8('a'), zero = _mm_set1_epi8('0');
	const __m128i bit = _mm_set1_epi8(0x20), z25 = _mm_set1_epi8(25), z9 = _mm_set1_epi8(9);
	while (avail - n >= 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(s + n));
		__m128i lc = _mm_sub_epi8(_mm_or_si128(x, bit), a);
		__m128i sm = _mm_sub_epi8(x, a);
		__m128i dg = _mm_sub_epi8(x, zero);
		/* unsigned v <= k as min(v, k) == v */
		unsigned ml = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(lc, z25), lc));
		unsigned ms = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(sm, z25), sm));
		unsigned md = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(dg, z9), dg));
		unsigned run = (unsigned)__builtin_ctz(~(ml | md) | 0x10000u);
		unsigned keep = run == 16 ? 0xffffu : (1u << run) - 1;
		unsigned lk = ml & keep;
		l += lk ? ((lk & (lk - 1)) ? 2 : 1) : 0;
		lo |= ms & keep;
		n += run;
		if (run < 16)
			goto done;
	}
#endif
	for (; n < avail; n++) {
		uint8_t cls = s[n] < 0x80 ? ascii_class[s[n]] : CH_OTHER;
		if (cls == CH_LOWER)
			l++, lo = 1;
		else if (cls == CH_UPPER)
			l++;
		else if (cls != CH_DIGIT)
			break;
	}
#if defined(__SSE2__)
done:
#endif
	*letters = l > 2 ? 2 : l;
	*lower = lo != 0;
	return n;
}

/* FIRST_CLS is the class of the word's first character; LETTERS its letters
 * (2 meaning two or more), LOWER whether one is lower case. */
static inline uint8_t word_flags(uint8_t first_cls, unsigned letters, unsigned lower)
{
	uint8_t f = first_cls == CH_DIGIT ? WDF_NUMBER : first_cls == CH_UPPER ? WDF_CAP : 0;
	if (letters)
		f |= WDF_ALPHA;
	if (letters >= 2 && !lower)
		f |= WDF_UPPER;
	return f;
}

/* Reads the word starting at S[0] (a word character); returns its length in
 * bytes and sets *FLAGS and *HASH (of the lower-cased word). Apostrophes end
 * a word; an ideograph is a word of its own. */
static inline __attribute__((always_inline)) size_t read_word(const unsigned char *s, size_t len,
							      uint8_t *flags, uint64_t *hash)
{
	uint64_t h = FNV_OFFSET;
	size_t pos = 0;
	unsigned letters = 0, uppers = 0;
	uint8_t first_cls;

	if (s[0] < 0x80) {
		/* the common case: ASCII letters and digits up to a space or
		 * punctuation (or any character that is not a letter) */
		unsigned lower;
		size_t n = ascii_run(s, len, &letters, &lower);
		int ends = n == len || s[n] < 0x80;
		if (!ends) {
			cp_info next;
			decode(s + n, len - n, &next);
			ends = next.alone || (next.cls != CH_LOWER && next.cls != CH_UPPER &&
					      next.cls != CH_DIGIT);
		}
		first_cls = ascii_class[s[0]];
		if (ends) {
			uint8_t f = word_flags(first_cls, letters, lower);
			*flags = f;
			uint64_t wh = n <= 16 && len >= 16 ? ascii_word_hash16(s, n)
							   : text_ascii_word_hash((const char *)s, n);
			*hash = wh;
			return n;
		}
		letters = uppers = 0;   /* a word that goes on past ASCII: below */
	} else {
		cp_info ci;
		decode(s, len, &ci);
		if (ci.alone) {
			*flags = WDF_ALPHA;
			*hash = wn_mix64(fnv_cp(h, ci.cp));
			return ci.len;
		}
		first_cls = ci.cls;
	}
	while (pos < len) {
		unsigned char c = s[pos];
		if (c < 0x80) {
			uint8_t cls = ascii_class[c];
			if (cls == CH_LOWER) {
				letters++;
				h = fnv_byte(h, c);
			} else if (cls == CH_UPPER) {
				letters++;
				uppers++;
				h = fnv_byte(h, (unsigned char)(c | 0x20));
			} else if (cls == CH_DIGIT) {
				h = fnv_byte(h, c);
			} else {
				break;
			}
			pos++;
			continue;
		}
		cp_info ci;
		decode(s + pos, len - pos, &ci);
		if (ci.alone || (ci.cls != CH_LOWER && ci.cls != CH_UPPER && ci.cls != CH_DIGIT))
			break;
		if (ci.cls != CH_DIGIT) {
			letters++;
			uppers += ci.cls == CH_UPPER;
		}
		h = fnv_cp(h, ci.cls == CH_UPPER ? utf8proc_tolower(ci.cp) : ci.cp);
		pos += ci.len;
	}
	uint8_t f = word_flags(first_cls, letters > 2 ? 2 : letters, uppers < letters);
	*flags = f;
	*hash = wn_mix64(h);
	return pos;
}

/* read_word() as a call, for the rare word a caller's hot loop leaves over. */
static __attribute__((noinline)) size_t read_word_outline(const unsigned char *s, size_t len,
							  uint8_t *flags, uint64_t *hash)
{
	return read_word(s, len, flags, hash);
}

size_t clean_hash_words(const char *text, size_t len, uint64_t *out, size_t cap)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t pos = 0, n = 0;
	while (pos < len) {
		cp_info ci;
		decode(s + pos, len - pos, &ci);
		if (ci.cls == CH_LOWER || ci.cls == CH_UPPER || ci.cls == CH_DIGIT) {
			uint8_t flags;
			uint64_t hash;
			size_t wl = read_word(s + pos, len - pos, &flags, &hash);
			if (text[pos] == '#' || (flags & WDF_NUMBER))
				hash = CLEAN_NUMBER_HASH;
			if (n < cap)
				out[n] = hash;
			n++;
			pos += wl;
		} else if (ci.cp == '#') {
			if (n < cap)
				out[n] = CLEAN_NUMBER_HASH;
			n++;
			pos++;
		} else {
			pos += ci.len;
		}
	}
	return n;
}

/* ---- page scratch ----------------------------------------------------- */

void clean_page_init(clean_page *page)
{
	memset(page, 0, sizeof(*page));
	page->lang = LANG_NONE;
}

void clean_page_release(clean_page *page)
{
	free(page->blocks);
	free(page->words);
	free(page->line_block);
	free(page->line_start);
	free(page->line_len);
	free(page->line_number);
	free(page->tmp_hash);
	free(page->back);
	free(page->coh);
	free(page->coh_slots);
	clean_page_init(page);
}

static int push_line(clean_page *page, uint32_t start, uint32_t len, uint32_t number)
{
	if (page->line_count == page->line_cap) {
		size_t cap = page->line_cap;
		size_t need = page->line_count + 1;
		WN_TRY(wn_grow_array((void **)&page->line_start, &cap, need, sizeof(uint32_t)));
		cap = page->line_cap;
		WN_TRY(wn_grow_array((void **)&page->line_len, &cap, need, sizeof(uint32_t)));
		cap = page->line_cap;
		WN_TRY(wn_grow_array((void **)&page->line_number, &cap, need, sizeof(uint32_t)));
		cap = page->line_cap;
		WN_TRY(wn_grow_array((void **)&page->line_block, &cap, need, sizeof(uint32_t)));
		page->line_cap = cap;
	}
	page->line_start[page->line_count] = start;
	page->line_len[page->line_count] = len;
	page->line_number[page->line_count] = number;
	page->line_count++;
	return 0;
}

/* ---- lines and blocks ------------------------------------------------- */

static int is_blank(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v')
			continue;
		if (c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] == 0xa0) {
			i++;    /* no-break space */
			continue;
		}
		return 0;
	}
	return 1;
}

/* Last byte that is not white space or a closing quote/bracket. */
static int ends_sentence(const char *s, size_t len)
{
	while (len > 0) {
		unsigned char c = (unsigned char)s[len - 1];
		if (c == ' ' || c == '\t' || c == '"' || c == '\'' || c == ')' || c == ']')
			len--;
		else if (c >= 0x80 && len >= 3 && (unsigned char)s[len - 3] == 0xe2 &&
			 (unsigned char)s[len - 2] == 0x80)
			len -= 3;  /* U+2019, U+201D and other punctuation of the 2000 block */
		else
			break;
	}
	if (len == 0)
		return 0;
	char c = s[len - 1];
	return c == '.' || c == '!' || c == '?' || c == ':' || c == ';';
}

/* Hard-wrapped text (e-mail style, ~72 columns) carries its paragraphs over
 * several lines: then a block is a paragraph. Judged on the lines that are
 * followed by another non-blank line: they are short enough to be wrapped and
 * most do not end a sentence. Pages dumped one element per line fail it.
 * Returns the wrap width (the longest such line), 0 when not wrapped. */
static uint32_t looks_wrapped(const clean_page *page, const char *text)
{
	size_t n = page->line_count, cont = 0, open = 0, longest_ok = 0, in_range = 0;
	uint32_t width = 0;
	if (n < 6)
		return 0;
	for (size_t i = 0; i + 1 < n; i++) {
		if (page->line_number[i + 1] != page->line_number[i] + 1)
			continue;
		cont++;
		uint32_t len = page->line_len[i];
		if (len <= 120) {
			longest_ok++;
			width = len > width ? len : width;
		}
		if (len >= 30)
			in_range++;
		if (!ends_sentence(text + page->line_start[i], len))
			open++;
	}
	int wrapped = cont * 2 >= n && longest_ok * 20 >= cont * 19 && in_range * 4 >= cont * 3 &&
		      open * 5 >= cont * 3;
	return wrapped ? width : 0;
}

/* ---- link-like chunks -------------------------------------------------- */

static int is_alpha_ascii(unsigned char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* A whitespace-free chunk that reads as a URL, a domain, an e-mail, a
 * @handle or a #tag. */
static int chunk_is_link(const unsigned char *s, size_t len)
{
	while (len > 0 && (s[len - 1] == ',' || s[len - 1] == '.' || s[len - 1] == ')' ||
			   s[len - 1] == ';' || s[len - 1] == ':' || s[len - 1] == '"'))
		len--;
	while (len > 0 && (s[0] == '(' || s[0] == '"'))
		s++, len--;
	if (len < 3)
		return 0;
	if ((s[0] == '@' || s[0] == '#') && is_alpha_ascii(s[1]))
		return 1;
	size_t dot = 0, letters_before = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == ':' && i + 2 < len && s[i + 1] == '/' && s[i + 2] == '/')
			return 1;
		if (s[i] == '@' && i > 0 && i + 1 < len && is_alpha_ascii(s[i + 1]))
			return 1;
		if (s[i] == '.')
			dot = i;
		if (!dot && is_alpha_ascii(s[i]))
			letters_before++;
	}
	if (len >= 4 && (s[0] | 0x20) == 'w' && (s[1] | 0x20) == 'w' && (s[2] | 0x20) == 'w' &&
	    s[3] == '.')
		return 1;
	/* name.tld: 2-6 lower-case letters after the last dot */
	if (dot && letters_before >= 2 && len - dot - 1 >= 2 && len - dot - 1 <= 6) {
		for (size_t i = dot + 1; i < len; i++)
			if (s[i] < 'a' || s[i] > 'z')
				return 0;
		return 1;
	}
	return 0;
}

/* Code points that separate menu items: | . > >> / bullets, arrows. */
static int is_separator_cp(int32_t cp)
{
	switch (cp) {
	case '|': case '>': case '/': case '\\': case 0x00b7: case 0x2022: case 0x00bb:
	case 0x203a: case 0x2192: case 0x25b6: case 0x25ba: case 0x25b8: case 0x25aa:
	case 0x2023: case 0x25e6: case 0x276f: case 0x00a6:
		return 1;
	default:
		return 0;
	}
}

static int is_open_quote(int32_t cp)
{
	return cp == 0x201c || cp == 0x201e || cp == 0x00ab || cp == 0x300c || cp == 0x2039;
}

static int is_close_quote(int32_t cp)
{
	return cp == 0x201d || cp == 0x00bb || cp == 0x300d || cp == 0x203a;
}

static int is_sentence_end(int32_t cp)
{
	return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 || cp == 0x3002 ||
	       cp == 0xff01 || cp == 0xff1f;
}

/* ---- cue phrases -------------------------------------------------------- */

static int phrase_at(const clean_lexicon *lex, const clean_cue_phrase *p,
		     const clean_word *w, size_t count, size_t at)
{
	if (at + p->word_count > count)
		return 0;
	const uint64_t *pw = lex->cue_words + p->word_first;
	for (size_t k = 0; k < p->word_count; k++)
		if (clean_word_key(&w[at + k]) != pw[k])
			return 0;
	return 1;
}

/* Strength of a mode: a whole-block match says more than a phrase inside. */
static int mode_rank(int mode)
{
	switch (mode) {
	case CUE_WHOLE: return 3;
	case CUE_START:
	case CUE_END: return 2;
	default: return 1;
	}
}

/* AT[0..AT_COUNT) are the positions, in order, of the block's words from
 * which a cue phrase could start (the first word's cue_first chain, the
 * others' cue_inner chain, not empty): the scan noted them, so the words
 * that start no phrase (nearly all) are not read again. */
static void match_cues(const clean_lexicon *lex, clean_block *b, const clean_word *w,
		       const uint8_t *at, size_t at_count)
{
	size_t n = b->words;
	/* Trailing numbers do not change what a block is ("Comments (12)"). */
	size_t core = n;
	while (core > 0 && (w[core - 1].flags & WDF_NUMBER))
		core--;
	int best_rank = 0;
	if (n > CLEAN_CUE_MAX_WORDS)
		return;
	/* past the first word only phrases that may sit inside a block, and
	 * none of them applies to a block longer than cue_inner_max */
	size_t last = n > lex->cue_inner_max ? 1 : n;
	for (size_t a = 0; a < at_count && at[a] < last; a++) {
		size_t i = at[a];
		int32_t pi = i == 0 ? w[i].lex->cue_first : w[i].lex->cue_inner;
		for (; pi >= 0; pi = i == 0 ? lex->phrases[pi].next : lex->phrases[pi].next_inner) {
			const clean_cue_phrase *p = &lex->phrases[pi];
			int ok = 0;
			switch (p->mode) {
			case CUE_WHOLE:
				ok = i == 0 && (p->word_count == core || p->word_count == n);
				break;
			case CUE_START:
				ok = i == 0 && n <= (p->max_words ? p->max_words : CLEAN_CUE_START_WORDS);
				break;
			case CUE_END:
				ok = i + p->word_count == core &&
				     n <= (p->max_words ? p->max_words : CLEAN_CUE_END_WORDS);
				break;
			default:
				ok = n <= (p->max_words ? p->max_words : CLEAN_CUE_ANY_WORDS);
			}
			if (!ok || !phrase_at(lex, p, w, n, i))
				continue;
			int rank = mode_rank(p->mode);
			if (rank > best_rank) {
				best_rank = rank;
				b->cue = p->cue;
				b->cue_mode = p->mode;
			}
		}
	}
}

/* ---- one block ------------------------------------------------------------ */

/* Stopword counts per language, packed: bit L of a word's 10-bit mask goes
 * to a 6-bit field of a 64-bit counter, so that one add counts a word for
 * every language without a loop over its bits; 63 words fill a field. */
#define LANG_FIELD_BITS 6
#define LANG_FIELD_MAX 63
_Static_assert(LANG_COUNT * LANG_FIELD_BITS <= 64, "packed language counters");

#define SPREAD1(m, l) ((uint64_t)(((m) >> (l)) & 1) << ((l) * LANG_FIELD_BITS))
#define SPREAD5(m) (SPREAD1(m, 0) | SPREAD1(m, 1) | SPREAD1(m, 2) | SPREAD1(m, 3) | SPREAD1(m, 4))
#define SPREAD_ROW(m) SPREAD5(m), SPREAD5((m) + 1), SPREAD5((m) + 2), SPREAD5((m) + 3)
static const uint64_t spread5[32] = {   /* a 5-bit mask spread to five fields */
	SPREAD_ROW(0), SPREAD_ROW(4), SPREAD_ROW(8), SPREAD_ROW(12),
	SPREAD_ROW(16), SPREAD_ROW(20), SPREAD_ROW(24), SPREAD_ROW(28),
};

static inline uint64_t lang_spread(unsigned mask)
{
	return spread5[mask & 31] | spread5[(mask >> 5) & 31] << (5 * LANG_FIELD_BITS);
}

typedef struct scan_ctx {
	clean_page *page;
	const clean_lexicon *lex;
	const char *text;
	size_t text_len;
	int scalar;          /* the per-character path only (CLEAN_SCAN_SCALAR) */
	int avx512;          /* the stretch for AVX-512BW and BMI2 */
} scan_ctx;

/* Whether the title has the word HASH: one probe of a small open-addressing
 * set, at most half full. */
#define TITLE_SLOTS (2 * CLEAN_TITLE_WORDS)

static inline size_t title_slot(uint64_t hash)
{
	return (size_t)(hash >> 57) & (TITLE_SLOTS - 1);
}

static inline int title_has(const clean_page *page, uint64_t hash)
{
	hash |= 1;   /* 0 marks an empty slot */
	for (size_t i = title_slot(hash); page->title_set[i]; i = (i + 1) & (TITLE_SLOTS - 1))
		if (page->title_set[i] == hash)
			return 1;
	return 0;
}

static void title_add(clean_page *page, uint64_t hash)
{
	hash |= 1;
	size_t i = title_slot(hash);
	while (page->title_set[i] && page->title_set[i] != hash)
		i = (i + 1) & (TITLE_SLOTS - 1);
	page->title_set[i] = hash;
}

/* Word-class signals that need the whole block: date lines, share bars,
 * cookie banners, bylines. */
static void block_word_classes(clean_block *b, const clean_word *w)
{
	size_t n = b->words;
	unsigned numbers = b->numbers, alpha = b->words - b->numbers;
	unsigned social = b->social_words, date = b->date_words;
	/* words that are neither dates nor stopwords of any language */
	unsigned other_alpha = 0;
	if (n <= 12)
		for (size_t i = 0; i < n; i++)
			other_alpha += !(w[i].flags & WDF_NUMBER) &&
				       !(w[i].lex && ((w[i].lex->flags & LEXF_DATE) || w[i].lex->stop));
	/* "12 March 2024, 10:31 GMT", "3 hours ago", "Updated: 12.03.2024" */
	if (n <= 12 && (numbers >= 1 || date >= 2) && date + numbers >= 2 && other_alpha == 0)
		b->flags |= BF_DATE;
	if (n >= 1 && n <= 12 && alpha >= 1 && social == alpha && !b->cue) {
		b->cue = CUE_SHARE;
		b->cue_mode = CUE_WHOLE;
	}
	if (b->cookie_words && b->cookie_context && n <= 80 && b->cue != CUE_LEGAL) {
		b->cue = CUE_COOKIE;
		b->cue_mode = n <= 12 ? CUE_WHOLE : CUE_ANY;
	}
	/* "Jane Doe is a health reporter at ...": a name, "is", a job */
	if (n >= 5 && n <= 60 && b->job_words && !b->cue && (w[0].flags & WDF_CAP) &&
	    (w[1].flags & WDF_CAP)) {
		for (size_t i = 2; i < 5; i++) {
			if (w[i].lex && (w[i].lex->flags & LEXF_COPULA)) {
				b->cue = CUE_BIO;
				b->cue_mode = CUE_ANY;
				break;
			}
			if (!(w[i].flags & WDF_CAP))
				break;
		}
	}
	/* "By Jane Doe and John Roe, Reuters", "By Jane Doe, health reporter":
	 * the lead word, then a name of capitalised words, in a short block */
	if (n >= 2 && n <= 12 && w[0].lex && (w[0].lex->flags & LEXF_BYLEAD) &&
	    (w[1].flags & WDF_CAP) && b->sentence_ends == 0) {
		unsigned caps = 0, rest = 0;
		for (size_t i = 1; i < n; i++) {
			if (!(w[i].flags & WDF_ALPHA))
				continue;
			rest++;
			caps += (w[i].flags & WDF_CAP) != 0;
		}
		int name = n >= 3 && (w[2].flags & WDF_CAP);
		if ((rest && caps * 10 >= rest * 7) || (name && (b->job_words || n <= 6)))
			b->flags |= BF_BYLINE;
	}
}

/* ---- block hashes ---------------------------------------------------------- */

/* A block's hash, for repetition on the page and across a site: of its
 * bytes, white space trimmed, with every ASCII digit read as '0' so that
 * counters, dates and times of the same shape match ("Comments (12)" and
 * "Comments (47)"). Templates repeat byte for byte, so no more normalising
 * is needed, and the site pass then hashes every block of the corpus at
 * memory speed instead of reading its words. The bytes are taken 16 at a
 * time, normalised in a register and folded into the hash with one 64x64 ->
 * 128-bit multiply (the "mum" step of wyhash), the last few with a masked
 * load; the hash is only compared within one run (site table, page). *LETTERS
 * tells whether the block has an ASCII letter or any non-ASCII byte (worth
 * counting). AVAIL >= LEN bytes may be read at S. */
#define BLOCK_K0 0xa0761d6478bd642fULL   /* wyhash's secrets */
#define BLOCK_K1 0xe7037ed1a0b428dbULL
#define BLOCK_K2 0x8ebc6af09c88c6e3ULL

/* Digits to '0' in the 16 bytes at P; returns the mask of ASCII letters
 * and bytes >= 0x80 among them, and the two halves in *LO and *HI. */
static inline unsigned block_chunk(const unsigned char *p, uint64_t *lo, uint64_t *hi)
{
#if defined(__SSE2__)
	const __m128i zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9);
	const __m128i a = _mm_set1_epi8('a'), z25 = _mm_set1_epi8(25), bit = _mm_set1_epi8(0x20);
	__m128i x = _mm_loadu_si128((const __m128i *)p);
	__m128i d = _mm_sub_epi8(x, zero);
	__m128i isdig = _mm_cmpeq_epi8(_mm_min_epu8(d, nine), d);
	__m128i l = _mm_sub_epi8(_mm_or_si128(x, bit), a);
	__m128i islet = _mm_cmpeq_epi8(_mm_min_epu8(l, z25), l);
	unsigned seen = (unsigned)_mm_movemask_epi8(_mm_or_si128(islet, x));
	x = _mm_or_si128(_mm_andnot_si128(isdig, x), _mm_and_si128(isdig, zero));
	*lo = (uint64_t)_mm_cvtsi128_si64(x);
	*hi = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(x, x));
	return seen;
#else
	unsigned char buf[16];
	unsigned seen = 0;
	for (int i = 0; i < 16; i++) {
		unsigned char ch = p[i];
		buf[i] = ch >= '0' && ch <= '9' ? '0' : ch;
		seen |= ch >= 0x80 || (unsigned char)((ch | 0x20) - 'a') <= 25;
	}
	*lo = load_upto8(buf, 8, 16);
	*hi = load_upto8(buf + 8, 8, 8);
	return seen;
#endif
}

static uint64_t block_hash(const unsigned char *s, size_t len, size_t avail, int *letters)
{
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	while (len && (s[0] == ' ' || s[0] == '\t'))
		s++, len--, avail--;
	uint64_t h = BLOCK_K0 ^ len, lo, hi;
	unsigned seen = 0;
	size_t at = 0;
	for (; len - at >= 16; at += 16) {
		seen |= block_chunk(s + at, &lo, &hi);
		h = mum(lo ^ h ^ BLOCK_K1, hi ^ BLOCK_K2);
	}
	if (at < len) {
		/* the last 1..15 bytes, zero-padded (the length is in the hash) */
		static const unsigned char keep[32] = {
			0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
			0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		};
		unsigned char tail[16];
		size_t rem = len - at;
		if (avail - at >= 16) {
			memcpy(tail, s + at, 16);
			for (int i = 0; i < 16; i++)   /* an AND of two registers */
				tail[i] &= keep[16 - rem + (size_t)i];
		} else {
			memset(tail, 0, sizeof(tail));
			memcpy(tail, s + at, rem);
		}
		seen |= block_chunk(tail, &lo, &hi);
		h = mum(lo ^ h ^ BLOCK_K1, hi ^ BLOCK_K2);
	}
	*letters = seen != 0;
	return mum(h ^ BLOCK_K1, len ^ BLOCK_K0);
}

/* ---- the character scan ------------------------------------------------------ */

/* Where the scan of a block stands. The per-character path and the 64-byte
 * path below share it, so that either takes over where the other stopped:
 * never inside a word or a character. */
typedef struct scan_state {
	size_t pos;               /* next byte of the block */
	size_t chunk_start;       /* the open whitespace-free chunk; SIZE_MAX: none */
	unsigned chunk_has_word;  /* ... it has a word character */
	unsigned chunk_marks;     /* ... it has one of . @ # : (could be a link) */
	unsigned in_quote;        /* inside "..." or curly quotes */
	unsigned first;           /* no character but white space read yet */
	unsigned last_was_word;   /* the character before POS ended a word */
} scan_state;

/* The page's word array as the scan fills it: locals, not the page's fields,
 * so that stores of words do not force the counters out of registers. */
typedef struct word_vec {
	clean_page *page;
	clean_word *words;
	size_t count, cap;
} word_vec;

static inline int word_vec_reserve(word_vec *wv, size_t more)
{
	if (wv->cap - wv->count >= more)
		return 0;
	wv->page->word_count = wv->count;
	WN_TRY(wn_grow_array((void **)&wv->page->words, &wv->page->word_cap, wv->count + more,
			     sizeof(clean_word)));
	wv->words = wv->page->words;
	wv->cap = wv->page->word_cap;
	return 0;
}

/* Appends a word (room reserved) and counts it in the block. */
static inline __attribute__((always_inline)) void add_word(word_vec *wv, clean_block *b,
							   uint64_t hash, uint8_t flags,
							   unsigned quoted)
{
	if (quoted)
		flags |= WDF_QUOTED;
	clean_word *w = &wv->words[wv->count++];
	w->hash = hash;
	w->flags = flags;
	b->alpha += (flags & WDF_ALPHA) != 0;
	b->caps += (flags & (WDF_CAP | WDF_ALPHA)) == (WDF_CAP | WDF_ALPHA);
	b->numbers += (flags & WDF_NUMBER) != 0;
	b->quoted += quoted;
}

/* Closes the open chunk, which ends before byte END. */
static inline void close_chunk(scan_state *st, clean_block *b, const unsigned char *s, size_t end)
{
	if (st->chunk_has_word && st->chunk_marks &&
	    chunk_is_link(s + st->chunk_start, end - st->chunk_start))
		b->links++;
	st->chunk_start = SIZE_MAX;
}

/* Whether a sentence end before byte NEXT of S[0..LEN) is followed by a
 * space, a quotation mark, a bracket, U+201D or U+2019, or the end. */
static inline int sentence_end_follows(const unsigned char *s, size_t next, size_t len)
{
	return next >= len || s[next] == ' ' || s[next] == '"' || s[next] == ')' ||
	       (s[next] == 0xe2 && next + 2 < len && s[next + 1] == 0x80 &&
		(s[next + 2] == 0x9d || s[next + 2] == 0x99));
}

/* One step of the per-character path: a word, or one character that is not
 * part of a word. */
static inline __attribute__((always_inline)) int scan_step(scan_state *st, clean_block *b,
							   const unsigned char *s, size_t len,
							   word_vec *wv)
{
	size_t pos = st->pos;
	cp_info ci;
	if (s[pos] == ' ') {
		/* the byte between most words, without decoding it */
		ci.cls = CH_SPACE;
		ci.len = 1;
	} else {
		decode(s + pos, len - pos, &ci);
	}
	if (ci.cls == CH_SPACE) {
		if (st->chunk_start != SIZE_MAX)
			close_chunk(st, b, s, pos);
		st->pos = pos + ci.len;
		st->last_was_word = 0;
		return 0;
	}
	if (st->chunk_start == SIZE_MAX) {
		/* chunks are counted as they open, as the 64-byte path does */
		b->chunks++;
		st->chunk_start = pos;
		st->chunk_has_word = 0;
		st->chunk_marks = 0;
	}
	if (st->first) {
		st->first = 0;
		if (ci.cp == '"' || is_open_quote(ci.cp) || ci.cp == 0x2018 || ci.cp == '\'')
			b->flags |= BF_OPEN_QUOTE;
		if (ci.cp == 0x2022 || ci.cp == 0x00b7 || ci.cp == 0x25aa || ci.cp == 0x25e6 ||
		    ((ci.cp == '-' || ci.cp == '*' || ci.cp == 0x2013) && len > 1 && s[1] == ' '))
			b->flags |= BF_BULLET;
	}
	if (ci.cls == CH_LOWER || ci.cls == CH_UPPER || ci.cls == CH_DIGIT) {
		uint8_t wflags;
		uint64_t whash;
		size_t wl = read_word(s + pos, len - pos, &wflags, &whash);
		WN_TRY(word_vec_reserve(wv, 1));
		add_word(wv, b, whash, wflags, st->in_quote);
		st->chunk_has_word = 1;
		st->pos = pos + wl;
		st->last_was_word = 1;
		return 0;
	}
	if (ci.cp == '.' || ci.cp == '@' || ci.cp == '#' || ci.cp == ':')
		st->chunk_marks = 1;
	if (ci.cp == '"')
		st->in_quote = !st->in_quote;
	else if (is_open_quote(ci.cp))
		st->in_quote = 1;
	else if (is_close_quote(ci.cp) && (ci.cp != 0x00bb || st->in_quote))
		st->in_quote = 0;
	if (is_separator_cp(ci.cp) && !(ci.cp == '/' && st->last_was_word))
		b->separators++;
	if (is_sentence_end(ci.cp) && st->last_was_word && sentence_end_follows(s, pos + ci.len, len))
		b->sentence_ends++;
	if (ci.cp == 0x00a9)
		b->flags |= BF_COPYRIGHT;
	if (ci.cp == '(' && pos + 2 < len && (s[pos + 1] | 0x20) == 'c' && s[pos + 2] == ')')
		b->flags |= BF_COPYRIGHT;
	st->last_was_word = 0;
	st->pos = pos + ci.len;
	return 0;
}

/* ---- the 64-byte path ---------------------------------------------------------- */

/* Most of a news page is ASCII, and most of its bytes are letters and
 * spaces. The 64-byte path classifies up to 64 ASCII bytes at once into bit
 * masks (as text_tokenize() does for the dedup tokenizer): word starts and
 * lengths come from the letter and digit masks with ctz, chunks (runs
 * without white space) from the space mask, the quotation state at each word
 * from a prefix XOR of the '"' mask, and only the punctuation bytes, one in
 * twenty or so, are looked at one by one. It computes what the
 * per-character path would, byte for byte. */

/* Bit masks of 64 bytes: bit i is byte i. */
typedef struct stretch_masks {
	uint64_t letter, upper, digit, space, high;
} stretch_masks;

static inline void stretch_classify(const unsigned char *p, stretch_masks *m)
{
#if defined(__SSE2__)
	const __m128i a = _mm_set1_epi8('a'), up_a = _mm_set1_epi8('A'), zero = _mm_set1_epi8('0');
	const __m128i bit = _mm_set1_epi8(0x20), z25 = _mm_set1_epi8(25), z9 = _mm_set1_epi8(9);
	const __m128i tab = _mm_set1_epi8('\t'), z4 = _mm_set1_epi8(4);
	uint64_t letter = 0, upper = 0, digit = 0, space = 0, high = 0;
	for (int k = 0; k < 4; k++) {
		__m128i x = _mm_loadu_si128((const __m128i *)(p + 16 * k));
		__m128i lc = _mm_sub_epi8(_mm_or_si128(x, bit), a);
		__m128i uc = _mm_sub_epi8(x, up_a);
		__m128i dg = _mm_sub_epi8(x, zero);
		__m128i ct = _mm_sub_epi8(x, tab);
		/* unsigned v <= k as min(v, k) == v */
		__m128i isl = _mm_cmpeq_epi8(_mm_min_epu8(lc, z25), lc);
		__m128i isu = _mm_cmpeq_epi8(_mm_min_epu8(uc, z25), uc);
		__m128i isd = _mm_cmpeq_epi8(_mm_min_epu8(dg, z9), dg);
		/* ' ' and \t \n \v \f \r */
		__m128i iss = _mm_or_si128(_mm_cmpeq_epi8(x, bit),
					   _mm_cmpeq_epi8(_mm_min_epu8(ct, z4), ct));
		unsigned shift = 16 * (unsigned)k;
		letter |= (uint64_t)(unsigned)_mm_movemask_epi8(isl) << shift;
		upper |= (uint64_t)(unsigned)_mm_movemask_epi8(isu) << shift;
		digit |= (uint64_t)(unsigned)_mm_movemask_epi8(isd) << shift;
		space |= (uint64_t)(unsigned)_mm_movemask_epi8(iss) << shift;
		high |= (uint64_t)(unsigned)_mm_movemask_epi8(x) << shift;
	}
	m->letter = letter;
	m->upper = upper;
	m->digit = digit;
	m->space = space;
	m->high = high;
#else
	memset(m, 0, sizeof(*m));
	for (unsigned i = 0; i < 64; i++) {
		uint64_t one = 1ULL << i;
		if (p[i] >= 0x80) {
			m->high |= one;
			continue;
		}
		switch (ascii_class[p[i]]) {
		case CH_UPPER: m->upper |= one; /* fall through */
		case CH_LOWER: m->letter |= one; break;
		case CH_DIGIT: m->digit |= one; break;
		case CH_SPACE: m->space |= one; break;
		default: break;
		}
	}
#endif
}

#if WN_X86_DISPATCH
/* The same masks from one 64-byte register: each class is one compare into
 * a mask register, where SSE2 takes four loads, four compares and four
 * movemasks per class (about 190 instructions a stretch, a fifth of the
 * stretch's work). */
WN_TARGET_AVX512BW static inline void stretch_classify_avx512(const unsigned char *p,
							      stretch_masks *m)
{
	__m512i x = _mm512_loadu_si512((const void *)p);
	__m512i lc = _mm512_sub_epi8(_mm512_or_si512(x, _mm512_set1_epi8(0x20)),
				     _mm512_set1_epi8('a'));
	m->letter = _mm512_cmple_epu8_mask(lc, _mm512_set1_epi8(25));
	m->upper = _mm512_cmple_epu8_mask(_mm512_sub_epi8(x, _mm512_set1_epi8('A')),
					  _mm512_set1_epi8(25));
	m->digit = _mm512_cmple_epu8_mask(_mm512_sub_epi8(x, _mm512_set1_epi8('0')),
					  _mm512_set1_epi8(9));
	/* ' ' and \t \n \v \f \r */
	m->space = _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8(' ')) |
		   _mm512_cmple_epu8_mask(_mm512_sub_epi8(x, _mm512_set1_epi8('\t')),
					  _mm512_set1_epi8(4));
	m->high = _mm512_movepi8_mask(x);
}
#endif

/* The masks of the 64 bytes at P: from one AVX-512 register in the
 * AVX512 instance of the scan (a constant where it is inlined), else SSE2. */
static inline __attribute__((always_inline)) void stretch_masks_of(const unsigned char *p,
								   stretch_masks *m, int avx512)
{
#if WN_X86_DISPATCH
	if (avx512) {
		stretch_classify_avx512(p, m);
		return;
	}
#endif
	(void)avx512;
	stretch_classify(p, m);
}

/* wn_popcount64(), or the POPCNT instruction in the AVX512 instance. */
static inline __attribute__((always_inline)) unsigned stretch_popcount(uint64_t x, int avx512)
{
	return avx512 ? (unsigned)__builtin_popcountll(x) : wn_popcount64(x);
}

/* What an ASCII punctuation byte does in a block. */
enum {
	PK_MARK = 1,     /* . @ # : make a chunk a candidate link (bit 0: a mask shift) */
	PK_QUOTE = 2,    /* '"' opens or closes a quotation (bit 1) */
	PK_SEP = 4,      /* | > \ separate menu items */
	PK_SLASH = 8,    /* '/' does, unless it follows a word */
	PK_END = 16,     /* . ! ? end a sentence after a word */
	PK_PAREN = 32    /* '(' may open "(c)" */
};

static const uint8_t punct_kind[128] = {
	['.'] = PK_MARK | PK_END, ['@'] = PK_MARK, ['#'] = PK_MARK, [':'] = PK_MARK,
	['"'] = PK_QUOTE, ['|'] = PK_SEP, ['>'] = PK_SEP, ['\\'] = PK_SEP, ['/'] = PK_SLASH,
	['!'] = PK_END, ['?'] = PK_END, ['('] = PK_PAREN,
};

/* Bit i: the parity of the set bits of X at i and below. */
static inline uint64_t prefix_xor(uint64_t x)
{
	x ^= x << 1;
	x ^= x << 2;
	x ^= x << 4;
	x ^= x << 8;
	x ^= x << 16;
	x ^= x << 32;
	return x;
}

/* A non-ASCII byte this close to the start of the stretch sends the next 64
 * bytes to the per-character path: text in another script would otherwise
 * pay for a stretch's masks at every word. */
#define STRETCH_MIN_ASCII 16

#if WN_X86_DISPATCH
/* The flags of every word of a stretch at once (the AVX512 instance, with
 * BMI2): STARTS are the words' first bytes, WORD their bytes, the other
 * masks as in stretch_masks. What a word's flags need of its other bytes
 * (a letter; a second letter; a lower-case one) is found for all words by
 * one addition each: adding a word's start bit to the mask of its bytes
 * that are not what is looked for carries up to the first byte that is (a
 * bit it sets inside the word) or past the word's end (a bit outside it);
 * words are separated by bytes outside the mask, so carries stay in their
 * word, and each word gets one such bit, in order (a carry out of bit 63
 * can only be the last word's, and means "not found", as a missing bit
 * reads). PEXT keeps, per word in order, whether its bit landed on what
 * was looked for; PDEP puts that on the word's start. FLAG_AT[i] gets the
 * WDF_ flags of the word starting at byte i (others: don't care), and the
 * counts what the per-word loop adds up: the same as word_flags(). */
WN_TARGET_AVX512BW_BMI static inline void
stretch_word_flags(uint64_t starts, uint64_t word, uint64_t letter, uint64_t upper, uint64_t digit,
		   uint64_t inside, uint8_t flag_at[64], unsigned *alpha, unsigned *caps,
		   unsigned *numbers, unsigned *quoted)
{
	const uint64_t lower = letter & ~upper;
	const uint64_t no_letter = word & ~letter, no_lower = word & ~lower;
	/* the first letter of each word (or the byte after a word of digits) */
	const uint64_t land_letter = (no_letter + starts) & ~no_letter;
	const uint64_t has_letter = _pdep_u64(_pext_u64(letter, land_letter), starts);
	/* the first lower-case letter */
	const uint64_t land_lower = (no_lower + starts) & ~no_lower;
	const uint64_t has_lower = _pdep_u64(_pext_u64(lower, land_lower), starts);
	/* a letter after the first one: only words with a letter have one
	 * such bit, so PDEP puts it on their starts */
	const uint64_t after_first = (land_letter & letter) << 1;
	const uint64_t land_second = (no_letter + after_first) & ~no_letter;
	const uint64_t has_two = _pdep_u64(_pext_u64(letter, land_second), has_letter);
	const uint64_t cap = starts & upper, number = starts & digit, quote = starts & inside;
	const uint64_t shout = has_two & ~has_lower;
	__m512i f = _mm512_maskz_mov_epi8(cap, _mm512_set1_epi8(WDF_CAP));
	f = _mm512_or_si512(f, _mm512_maskz_mov_epi8(number, _mm512_set1_epi8(WDF_NUMBER)));
	f = _mm512_or_si512(f, _mm512_maskz_mov_epi8(has_letter, _mm512_set1_epi8(WDF_ALPHA)));
	f = _mm512_or_si512(f, _mm512_maskz_mov_epi8(shout, _mm512_set1_epi8(WDF_UPPER)));
	f = _mm512_or_si512(f, _mm512_maskz_mov_epi8(quote, _mm512_set1_epi8(WDF_QUOTED)));
	_mm512_storeu_si512((void *)flag_at, f);
	/* a capital starts a word with a letter */
	*alpha = (unsigned)__builtin_popcountll(has_letter);
	*caps = (unsigned)__builtin_popcountll(cap);
	*numbers = (unsigned)__builtin_popcountll(number);
	*quoted = (unsigned)__builtin_popcountll(quote);
}
#endif

/* The hash of the N-byte ASCII word at S + AT (READABLE bytes may be read
 * at S): from one 16-byte load when it fits, as nearly every word does. */
static inline __attribute__((always_inline)) uint64_t
stretch_word_hash(const unsigned char *s, size_t at, unsigned n, size_t readable)
{
	if (__builtin_expect(n <= 16 && readable - at >= 16, 1))
		return ascii_word_hash16(s + at, n);
	return text_ascii_word_hash((const char *)s + at, n);
}

/* Scans up to 64 bytes of S[0..LEN) from ST->pos, an ASCII byte that no word
 * runs into, up to the first non-ASCII byte; READABLE (>= LEN) bytes may be
 * read at S. A word that reaches the 64th byte is left to the next stretch; a
 * word that reaches a non-ASCII byte (or fills the stretch) is read whole by
 * read_word(). Returns 0, 1 if the path declines (a non-ASCII byte too
 * close), or WN_ENOMEM. Not inlined: its registers are its own. */
static inline __attribute__((always_inline)) int scan_stretch_body(scan_state *st, clean_block *b,
								    const unsigned char *s, size_t len,
								    size_t readable, word_vec *wv,
								    int avx512)
{
	const size_t base = st->pos;
	stretch_masks m;
	if (readable - base >= 64) {
		stretch_masks_of(s + base, &m, avx512);
	} else {
		/* the end of the text: a copy (the bytes past it are masked) */
		unsigned char copy[64] = { 0 };
		memcpy(copy, s + base, readable - base);
		stretch_masks_of(copy, &m, avx512);
	}
	/* the stretch: Q bytes; whether the block may go on after it */
	unsigned q = len - base < 64 ? (unsigned)(len - base) : 64;
	int open_end = len - base > 64;
	uint64_t valid = q == 64 ? ~0ULL : (1ULL << q) - 1;
	if (m.high & valid) {
		unsigned h = (unsigned)__builtin_ctzll(m.high & valid);
		if (h < STRETCH_MIN_ASCII)
			return 1;
		q = h;
		valid = (1ULL << q) - 1;
		open_end = 1;
	} else if (open_end) {
		/* a word that reaches the 64th byte is left to the next stretch,
		 * unless it started the stretch: the stretch ends before it */
		uint64_t word = (m.letter | m.digit) & valid;
		if (word >> 63) {
			unsigned last = 63 - (unsigned)__builtin_clzll(word & ~(word << 1));
			if (last) {
				q = last;
				valid = (1ULL << q) - 1;
			}
		}
	}
	const uint64_t letter = m.letter & valid, upper = m.upper & valid;
	const uint64_t digit = m.digit & valid, word = letter | digit;
	const uint64_t space = m.space & valid, nonspace = valid & ~space;
	/* bit i: the character before byte i ended a word */
	const uint64_t after_word = (word << 1) | st->last_was_word;

	if (st->first && nonspace) {
		unsigned char c = s[base + (unsigned)__builtin_ctzll(nonspace)];
		if (c == '"' || c == '\'')
			b->flags |= BF_OPEN_QUOTE;
		if ((c == '-' || c == '*') && len > 1 && s[1] == ' ')
			b->flags |= BF_BULLET;
		st->first = 0;
	}

	/* punctuation: what it does, and the masks of marks and quotes */
	uint64_t marks = 0, quotes = 0;
	for (uint64_t pm = nonspace & ~word; pm; pm &= pm - 1) {
		unsigned p = (unsigned)__builtin_ctzll(pm);
		size_t at = base + p;
		unsigned kind = punct_kind[s[at]];
		marks |= (uint64_t)(kind & PK_MARK) << p;
		quotes |= (uint64_t)((kind & PK_QUOTE) >> 1) << p;
		if (kind & (PK_SEP | PK_SLASH | PK_END | PK_PAREN)) {
			unsigned after = (unsigned)(after_word >> p) & 1;
			b->separators += (kind & PK_SEP) || ((kind & PK_SLASH) && !after);
			if ((kind & PK_END) && after && sentence_end_follows(s, at + 1, len))
				b->sentence_ends++;
			if ((kind & PK_PAREN) && at + 2 < len && (s[at + 1] | 0x20) == 'c' &&
			    s[at + 2] == ')')
				b->flags |= BF_COPYRIGHT;
		}
	}
	/* bit i: inside a quotation at byte i */
	uint64_t inside = st->in_quote ? ~0ULL : 0;
	if (quotes)
		inside ^= prefix_xor(quotes);
	st->in_quote = (unsigned)(inside >> (q - 1)) & 1;

	/* chunks: counted as they open; those with a mark are checked for a
	 * link where they end (here, or in a later step) */
	const unsigned open_in = st->chunk_start != SIZE_MAX;
	b->chunks += stretch_popcount(nonspace & ~((nonspace << 1) | open_in), avx512);
	if (!space) {
		/* one chunk over the whole stretch */
		if (!open_in) {
			st->chunk_start = base;
			st->chunk_has_word = 0;
			st->chunk_marks = 0;
		}
		st->chunk_has_word |= word != 0;
		st->chunk_marks |= marks != 0;
	} else {
		uint64_t pending = marks;
		if (open_in) {
			/* the chunk carried in ends at the first space */
			unsigned e = (unsigned)__builtin_ctzll(space);
			uint64_t head = (1ULL << e) - 1;
			st->chunk_has_word |= (word & head) != 0;
			st->chunk_marks |= (marks & head) != 0;
			close_chunk(st, b, s, base + e);
			pending &= ~head;
		}
		if ((nonspace >> (q - 1)) & 1) {
			/* a chunk goes on past the stretch: after its last space */
			unsigned from = 64 - (unsigned)__builtin_clzll(space);
			uint64_t tail = ~0ULL << from;
			st->chunk_start = base + from;
			st->chunk_has_word = (word & tail) != 0;
			st->chunk_marks = (marks & tail) != 0;
			pending &= ~tail;
		}
		/* the chunks with a mark in between, each from after a space (or
		 * the stretch's start) to the next space */
		while (pending) {
			unsigned p = (unsigned)__builtin_ctzll(pending);
			uint64_t below = space & ((1ULL << p) - 1);
			unsigned from = below ? 64 - (unsigned)__builtin_clzll(below) : 0;
			unsigned to = p + (unsigned)__builtin_ctzll(space >> p);
			uint64_t span = ((1ULL << to) - 1) & (~0ULL << from);
			if ((word & span) && chunk_is_link(s + base + from, to - from))
				b->links++;
			pending &= ~span;
		}
	}

	/* words: at most 32 start in 64 bytes; none runs in from before. The
	 * words go through a local pointer and the counts into locals: a
	 * word's flags are a byte, and a byte store may alias anything in
	 * memory, the block's counters included. A word that reaches the end
	 * of the stretch may go on past it: it is left to the general reader,
	 * after the loop, which stays small. */
	WN_TRY(word_vec_reserve(wv, 32));
	clean_word *out = wv->words + wv->count;
	uint64_t starts = word & ~(word << 1), last_start = 0;
	/* left over: a word that may go on past a non-ASCII byte or the
	 * stretch, or fills it (a loop word has fewer than 64 bytes) */
	if (((word >> (q - 1)) & 1) && (open_end || word == ~0ULL)) {
		last_start = 1ULL << (63 - __builtin_clzll(starts));
		starts ^= last_start;
	}
	const uint64_t lower = letter & ~upper;
	unsigned alpha = 0, caps = 0, numbers = 0, quoted = 0;
#if WN_X86_DISPATCH
	if (avx512) {
		/* every word's flags at once, then per word one byte */
		uint8_t flag_at[64];
		stretch_word_flags(starts, word, letter, upper, digit, inside, flag_at, &alpha,
				   &caps, &numbers, &quoted);
		for (; starts; starts &= starts - 1) {
			unsigned i = (unsigned)__builtin_ctzll(starts);
			unsigned n = (unsigned)__builtin_ctzll(~(word >> i));   /* < 64 */
			unsigned wflags = flag_at[i];
			uint64_t whash = stretch_word_hash(s, base + i, n, readable);
			out->hash = whash;
			out->flags = (uint8_t)wflags;
			out++;
		}
	} else
#endif
	/* the baseline instance: each word's flags from its bits */
	for (; starts; starts &= starts - 1) {
		unsigned i = (unsigned)__builtin_ctzll(starts);
		uint64_t rest = word >> i;
		unsigned n = (unsigned)__builtin_ctzll(~rest);   /* < 64: the word ends inside */
		uint64_t keep = (2ULL << (n - 1)) - 1;
		uint64_t letters = (letter >> i) & keep;
		uint64_t lowers = (lower >> i) & keep;
		unsigned cap = (unsigned)(upper >> i) & 1, number = (unsigned)(digit >> i) & 1;
		unsigned quote = (unsigned)(inside >> i) & 1, has_letter = letters != 0;
		/* as word_flags() */
		unsigned shout = (letters & (letters - 1)) != 0 && lowers == 0;
		unsigned wflags = cap * WDF_CAP | number * WDF_NUMBER | has_letter * WDF_ALPHA |
				  shout * WDF_UPPER | quote * WDF_QUOTED;
		uint64_t whash = stretch_word_hash(s, base + i, n, readable);
		out->hash = whash;
		out->flags = (uint8_t)wflags;
		out++;
		alpha += has_letter;
		caps += cap & has_letter;
		numbers += number;
		quoted += quote;
	}
	size_t next = base + q;
	unsigned last_was_word = 0;
	if (last_start) {
		unsigned i = (unsigned)__builtin_ctzll(last_start);
		size_t at = base + i;
		uint8_t wflags;
		uint64_t whash;
		next = at + read_word_outline(s + at, len - at, &wflags, &whash);
		unsigned quote = (unsigned)(inside >> i) & 1;
		out->hash = whash;
		out->flags = (uint8_t)(wflags | (quote ? WDF_QUOTED : 0));
		out++;
		alpha += (wflags & WDF_ALPHA) != 0;
		caps += (wflags & (WDF_CAP | WDF_ALPHA)) == (WDF_CAP | WDF_ALPHA);
		numbers += (wflags & WDF_NUMBER) != 0;
		quoted += quote;
		last_was_word = 1;
	}
	wv->count = (size_t)(out - wv->words);
	b->alpha += alpha;
	b->caps += caps;
	b->numbers += numbers;
	b->quoted += quoted;
	st->pos = next;
	st->last_was_word = last_was_word;
	return 0;
}

/* The stretch for baseline x86-64 (SSE2) and, chosen at run time, for a CPU
 * with AVX-512BW and BMI2: the same code, so the same results; the second
 * takes its masks from one register and its many shifts by a word's
 * position in one instruction each. Not inlined: their registers are their
 * own. */
static __attribute__((noinline)) int scan_stretch(scan_state *st, clean_block *b,
						  const unsigned char *s, size_t len,
						  size_t readable, word_vec *wv)
{
	return scan_stretch_body(st, b, s, len, readable, wv, 0);
}

#if WN_X86_DISPATCH
WN_TARGET_AVX512BW_BMI static __attribute__((noinline)) int
scan_stretch_avx512(scan_state *st, clean_block *b, const unsigned char *s, size_t len,
		    size_t readable, word_vec *wv)
{
	return scan_stretch_body(st, b, s, len, readable, wv, 1);
}
#endif

/* Scans the block's characters: words into the page's array, the counts of
 * punctuation, quotation and chunks into B. FAST: take the 64-byte path
 * where it applies (else the per-character path only, for tests). */
static inline __attribute__((always_inline)) int scan_chars(scan_ctx *ctx, clean_block *b,
							    word_vec *wv, int fast)
{
	const unsigned char *s = (const unsigned char *)ctx->text + b->start;
	const size_t len = b->len, readable = ctx->text_len - b->start;
	scan_state st = { 0, SIZE_MAX, 0, 0, 0, 1, 0 };
	while (st.pos < len) {
		size_t until = st.pos + 1;
		if (fast && s[st.pos] < 0x80) {
#if WN_X86_DISPATCH
			int rc = ctx->avx512 ? scan_stretch_avx512(&st, b, s, len, readable, wv)
					     : scan_stretch(&st, b, s, len, readable, wv);
#else
			int rc = scan_stretch(&st, b, s, len, readable, wv);
#endif
			if (rc <= 0) {
				WN_TRY(rc);
				continue;
			}
			until = st.pos + 64;   /* declined: much non-ASCII ahead */
		}
		do
			WN_TRY(scan_step(&st, b, s, len, wv));
		while (st.pos < until && st.pos < len);
	}
	if (st.chunk_start != SIZE_MAX)
		close_chunk(&st, b, s, len);
	return 0;
}

static int scan_block(scan_ctx *ctx, clean_block *out)
{
	/* The block is read into a local copy: stores through the page's word
	 * array could alias *OUT (a word's flags are bytes), which would make
	 * every counter a load and a store; the copy's address is not taken
	 * until its words are read. */
	clean_block blk = *out, *b = &blk;
	clean_page *page = ctx->page;
	const clean_lexicon *lexicon = ctx->lex;
	const unsigned char *s = (const unsigned char *)ctx->text + b->start;
	size_t len = b->len;
	uint32_t cue_words = 0;
	uint8_t cue_at[CLEAN_CUE_MAX_WORDS];   /* where they are, in blocks match_cues() reads */
	_Static_assert(CLEAN_CUE_MAX_WORDS <= 256, "cue positions are bytes");
	const int title = page->title_count != 0;

	word_vec wv = { page, page->words, page->word_count, page->word_cap };
	b->word_first = (uint32_t)wv.count;
	if (ctx->scalar)
		WN_TRY(scan_chars(ctx, b, &wv, 0));
	else
		WN_TRY(scan_chars(ctx, b, &wv, 1));
	clean_word *words = wv.words;
	size_t nw = wv.count;
	page->word_count = nw;
	b->words = (uint32_t)(nw - b->word_first);

	/* The words' lists, in loops of their own: the look-ups of successive
	 * words overlap, with none of the character loop's branches between.
	 * About half the words of prose are stopwords, so whether a word is in
	 * the lexicon is a coin toss for the branch predictor: the words are
	 * taken 63 at a time (what a packed count holds), the lexicon's
	 * filter sorts out those that may be in it without a branch, and only
	 * they go through the look-up loop, in their order (counts and the cue
	 * positions come out the same). */
	uint64_t chain = 0x5bd1e995u;
	for (size_t at = b->word_first; at < nw;) {
		uint32_t maybe[LANG_FIELD_MAX];
		size_t maybe_count = 0, end = nw - at < LANG_FIELD_MAX ? nw : at + LANG_FIELD_MAX;
		uint64_t stops = 0;   /* packed per-language counts */
		for (size_t k = at; k < end; k++) {
			clean_word *w = &words[k];
			uint64_t key = clean_word_key(w);
			chain = (chain ^ key) * 0x9e3779b97f4a7c15ULL;
			w->lex = NULL;
			w->stop = 0;
			if (title && title_has(page, key))
				b->title_words++;
			maybe[maybe_count] = (uint32_t)k;
			maybe_count += clean_lexicon_maybe(lexicon, key);
		}
		at = end;
		for (size_t mi = 0; mi < maybe_count; mi++) {
			size_t k = maybe[mi];
			clean_word *w = &words[k];
			uint8_t wflags = w->flags;
			/* the filter passed it already: the table alone */
			const clean_lex_entry *lex = clean_lexicon_probe(lexicon, clean_word_key(w));
			if (!lex)
				continue;   /* the filter's false positives: a few percent */
			w->lex = lex;
			w->stop = lex->stop;
			/* whether a cue phrase could start here: else match_cues()
			 * need not read the block again */
			int starts = (k == b->word_first ? lex->cue_first : lex->cue_inner) >= 0;
			if (k - b->word_first < CLEAN_CUE_MAX_WORDS)   /* kept if it starts one */
				cue_at[cue_words] = (uint8_t)(k - b->word_first);
			cue_words += starts;
			uint16_t lf = lex->flags;
			if (lf) {
				/* "subscription" in "The Best Book Subscription
				 * Boxes" is what the page is about, not what it
				 * asks for: words of the title do not count */
				b->appeal_words += (lf & LEXF_APPEAL) && !(wflags & WDF_QUOTED) &&
						   !(title && title_has(page, clean_word_key(w)));
				b->job_words += (lf & LEXF_JOB) != 0;
				if (!(wflags & WDF_NUMBER)) {
					b->social_words += (lf & LEXF_SOCIAL) != 0;
					b->date_words += (lf & LEXF_DATE) != 0;
					b->cookie_words += (lf & LEXF_COOKIE) != 0;
					b->cookie_context += (lf & LEXF_COOKIE_CTX) != 0;
				}
			}
			stops += lang_spread(lex->stop);
			if (lex->we | lex->you) {
				b->pronouns++;
				/* "we" and "you" count outside quotations and shouting;
				 * which language's, once it is known */
				if (!(wflags & (WDF_QUOTED | WDF_UPPER))) {
					for (unsigned m = lex->we; m; m &= m - 1)
						b->we_by_lang[__builtin_ctz(m)]++;
					for (unsigned m = lex->you; m; m &= m - 1)
						b->you_by_lang[__builtin_ctz(m)]++;
				}
			}
		}
		for (int l = 0; l < LANG_COUNT; l++)
			b->stop_by_lang[l] += (uint32_t)(stops >> (l * LANG_FIELD_BITS)) & LANG_FIELD_MAX;
	}

	/* How the block ends, closing quotes and brackets aside. */
	b->end = END_NONE;
	{
		size_t e = len;
		while (e > 0) {
			unsigned char last = s[e - 1];
			if (last == ' ' || last == '\t' || last == '"' || last == '\'' || last == ')' ||
			    last == ']' || last == '*')
				e--;
			else if (e >= 3 && s[e - 3] == 0xe2 && s[e - 2] == 0x80 &&
				 (last == 0x9d || last == 0x99))
				e -= 3;        /* U+201D, U+2019 */
			else if (e >= 2 && s[e - 2] == 0xc2 && last == 0xbb)
				e -= 2;        /* U+00BB */
			else
				break;
		}
		if (e > 0) {
			unsigned char last = s[e - 1];
			if (last == '.' && e >= 3 && s[e - 2] == '.' && s[e - 3] == '.')
				b->end = END_ELLIPSIS;
			else if (e >= 3 && s[e - 3] == 0xe2 && s[e - 2] == 0x80 && last == 0xa6)
				b->end = END_ELLIPSIS;
			else if (last == '.' || last == '!' || last == '?')
				b->end = END_STOP;
			else if (e >= 3 && s[e - 3] == 0xe3 && s[e - 2] == 0x80 && last == 0x82)
				b->end = END_STOP;   /* U+3002 */
			else if (last == ':')
				b->end = END_COLON;
		}
	}
	b->word_hash = wn_mix64(chain ^ b->words);
	int letters;
	b->hash = block_hash(s, len, ctx->text_len - b->start, &letters);
	if (b->words) {
		const clean_word *w = page->words + b->word_first;
		if (cue_words)
			match_cues(ctx->lex, b, w, cue_at,
				   cue_words < CLEAN_CUE_MAX_WORDS ? cue_words : CLEAN_CUE_MAX_WORDS);
		block_word_classes(b, w);
		if (b->flags & BF_BYLINE) {
			b->cue = CUE_BIO;
			b->cue_mode = CUE_START;
		}
	}
	*out = blk;
	return 0;
}

/* ---- the page --------------------------------------------------------------- */

static int push_block(clean_page *page, uint32_t line_first, uint32_t line_count)
{
	if (page->block_count == page->block_cap)
		WN_TRY(wn_grow_array((void **)&page->blocks, &page->block_cap, page->block_count + 1,
				     sizeof(clean_block)));
	clean_block *b = &page->blocks[page->block_count++];
	memset(b, 0, sizeof(*b));
	b->line_first = line_first;
	b->line_count = line_count;
	uint32_t last = line_first + line_count - 1;
	b->start = page->line_start[line_first];
	b->len = page->line_start[last] + page->line_len[last] - b->start;
	for (uint32_t i = line_first; i <= last; i++)
		page->line_block[i] = (uint32_t)(page->block_count - 1);
	return 0;
}

/* Picks the page's language: the list with most stopword hits among the
 * words of prose-like blocks (8+ words), if they are a fair share. */
static int pick_language(const clean_page *page)
{
	size_t hits[LANG_COUNT] = { 0 }, total = 0, hits_all[LANG_COUNT] = { 0 }, total_all = 0;
	for (size_t bi = 0; bi < page->block_count; bi++) {
		const clean_block *b = &page->blocks[bi];
		int prose = b->words >= 8;
		total_all += b->words;
		total += prose ? b->words : 0;
		for (int l = 0; l < LANG_COUNT; l++) {
			hits_all[l] += b->stop_by_lang[l];
			hits[l] += prose ? b->stop_by_lang[l] : 0;
		}
	}
	const size_t *h = total >= 30 ? hits : hits_all;
	size_t t = total >= 30 ? total : total_all;
	int best = LANG_NONE;
	size_t best_hits = 0;
	for (int l = 0; l < LANG_COUNT; l++)
		if (h[l] > best_hits) {
			best_hits = h[l];
			best = l;
		}
	/* Prose in a listed language has a quarter or more of its words on the
	 * list; an unlisted language that shares a few short words does not. */
	if (best == LANG_NONE || t == 0 || best_hits * 100 < t * 12)
		return LANG_NONE;
	return best;
}

/* The page's non-blank lines: their starts, lengths (a CR before the LF
 * dropped) and numbers. */
static int split_lines(clean_page *page, const char *t, size_t len)
{
	uint32_t number = 0;
	size_t pos = 0;
	while (pos < len) {
		const char *nl = memchr(t + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - t) : len;
		size_t n = end - pos;
		number++;
		if (n && t[pos + n - 1] == '\r')
			n--;
		if (!is_blank(t + pos, n))
			WN_TRY(push_line(page, (uint32_t)pos, (uint32_t)n, number));
		pos = end + 1;
	}
	return 0;
}

/* The end (one past the last line) of the block that starts at line I. A
 * block is a line, or on a wrapped page (WIDTH, from looks_wrapped()) a
 * paragraph: it goes on while its lines reach near the wrap width; a line
 * that stops well short of it (more than a long word's room) ended the
 * paragraph, as a menu item between paragraphs does on pages that have no
 * blank lines at all. */
static size_t block_lines_end(const clean_page *page, size_t i, uint32_t width)
{
	size_t j = i + 1;
	if (width)
		while (j < page->line_count && page->line_number[j] == page->line_number[j - 1] + 1 &&
		       page->line_len[j - 1] * 3 >= width * 2)
			j++;
	return j;
}

int clean_scan_site(clean_page *page, wn_str text, uint64_t **hashes, size_t *cap,
		    size_t *count, uint64_t *longest)
{
	page->block_count = page->word_count = page->line_count = 0;
	page->title_count = 0;
	*count = 0;
	*longest = 0;
	if (text.len > UINT32_MAX - 1)
		return WN_ETOOBIG;
	const char *t = text.ptr ? text.ptr : "";
	WN_TRY(split_lines(page, t, text.len));
	/* the blocks of clean_scan(), without their records: only the hashes */
	if (*cap < page->line_count)
		WN_TRY(wn_grow_array((void **)hashes, cap, page->line_count, sizeof(uint64_t)));
	uint32_t width = looks_wrapped(page, t);
	size_t n = 0, best = 0;
	for (size_t i = 0; i < page->line_count;) {
		size_t j = block_lines_end(page, i, width);
		size_t start = page->line_start[i];
		size_t len = page->line_start[j - 1] + page->line_len[j - 1] - start;
		int letters;
		uint64_t h = block_hash((const unsigned char *)t + start, len, text.len - start,
					&letters);
		(*hashes)[n] = h;
		n += letters != 0;
		if (len > best) {
			best = len;
			*longest = h;
		}
		i = j;
	}
	*count = n;
	return 0;
}

int clean_scan(clean_page *page, const clean_lexicon *lex, wn_str text, wn_str title,
	       int mode)
{
	page->block_count = page->word_count = page->line_count = 0;
	page->title_count = 0;
	page->lang = LANG_NONE;
	page->wrapped = 0;
	if (text.len > UINT32_MAX - 1)
		return WN_ETOOBIG;
	const int scalar = (mode & CLEAN_SCAN_SCALAR) != 0;
#if WN_X86_DISPATCH
	const int avx512 = !(mode & CLEAN_SCAN_BASELINE) && wn_cpu_has_avx512bw_bmi();
#else
	const int avx512 = 0;
#endif
	mode &= ~(CLEAN_SCAN_SCALAR | CLEAN_SCAN_BASELINE);
	const char *t = text.ptr ? text.ptr : "";

	WN_TRY(split_lines(page, t, text.len));

	/* title words */
	if (title.ptr && title.len) {
		uint64_t words[CLEAN_TITLE_WORDS];
		size_t n = clean_hash_words(title.ptr, title.len, words, CLEAN_TITLE_WORDS);
		page->title_count = n < CLEAN_TITLE_WORDS ? n : CLEAN_TITLE_WORDS;
		memset(page->title_set, 0, sizeof(page->title_set));   /* read only with a title */
		for (size_t i = 0; i < page->title_count; i++)
			title_add(page, words[i]);
	}

	/* blocks */
	uint32_t width = looks_wrapped(page, t);
	page->wrapped = width != 0;
	for (size_t i = 0; i < page->line_count;) {
		size_t j = block_lines_end(page, i, width);
		WN_TRY(push_block(page, (uint32_t)i, (uint32_t)(j - i)));
		i = j;
	}
	scan_ctx ctx = { page, lex, t, text.len, scalar, avx512 };
	for (size_t bi = 0; bi < page->block_count; bi++)
		WN_TRY(scan_block(&ctx, &page->blocks[bi]));

	/* language, then the per-language counts */
	page->lang = mode == CLEAN_SCAN_NO_LANGUAGE ? LANG_NONE : pick_language(page);
	if (page->lang != LANG_NONE) {
		for (size_t bi = 0; bi < page->block_count; bi++) {
			clean_block *b = &page->blocks[bi];
			b->stops = b->stop_by_lang[page->lang];
			b->we = b->we_by_lang[page->lang];
			b->you = b->you_by_lang[page->lang];
		}
	}

	/* blocks repeated on the page (menus shown twice, "Share" bars): an
	 * open-addressing set of block hashes, marking the second sighting and
	 * then the first */
	if (page->block_count > 1) {
		size_t cap = 16;
		while (cap < page->block_count * 2)
			cap <<= 1;
		if (page->tmp_cap < cap) {
			size_t c = page->tmp_cap;
			WN_TRY(wn_grow_array((void **)&page->tmp_hash, &c, cap, sizeof(uint64_t)));
			page->tmp_cap = c;
		}
		uint64_t *set = page->tmp_hash;   /* block index + 1; 0: empty */
		memset(set, 0, cap * sizeof(uint64_t));
		for (size_t bi = 0; bi < page->block_count; bi++) {
			clean_block *b = &page->blocks[bi];
			if (!b->alpha)
				continue;
			size_t i = (size_t)b->word_hash & (cap - 1);
			while (set[i] && page->blocks[set[i] - 1].word_hash != b->word_hash)
				i = (i + 1) & (cap - 1);
			if (set[i]) {
				b->flags |= BF_PAGE_REPEAT;
				page->blocks[set[i] - 1].flags |= BF_PAGE_REPEAT;
			} else {
				set[i] = bi + 1;
			}
		}
	}
	return 0;
}
