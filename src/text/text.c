/* text/text.c - UTF-8 repair, NFKC case folding and word tokens with an ASCII
 * fast path. The normal form, the token rules and the fast-path strategy are
 * described in text.h; text_normalize_reference() at the end of this file is
 * the plain definition everything else is tested against. */
#include "text/text.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/* NFKC + full case folding + removal of default-ignorable code points.
 * STABLE keeps composition exclusions excluded, as NFC requires. */
#define NORM_OPTIONS                                                        \
	((utf8proc_option_t)(UTF8PROC_STABLE | UTF8PROC_COMPAT |            \
			     UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD |         \
			     UTF8PROC_IGNORE))

/* ASCII gaps shorter than this between two non-ASCII runs are normalised
 * with them, so that text in a non-Latin script costs one segment per
 * paragraph rather than one per word. */
#define SEGMENT_GAP 32

/* A segment ends at the first boundary after this many code points, which
 * bounds the scratch memory on long texts in other scripts. */
#define SEGMENT_MAX_CPS 65536

/* Marks in a run longer than this are ordered by a counting sort, so that a
 * hostile run of marks costs linear time (bubble sort would be quadratic). */
#define SMALL_RUN 32

/* Token classes. */
enum { TC_SEP = 0, TC_WORD = 1, TC_SINGLE = 2, TC_MARK = 3 };

/* Bits of a code point's cached class. */
#define INFO_KEEP 0x01u  /* its normal form is itself and it starts a span */
#define INFO_TC_SHIFT 1  /* two bits of token class */
#define INFO_VALID 0x80u /* the cache slot is filled */

/* word_lower[b]: the folded byte for an ASCII letter or digit, 0 for every
 * other byte (ASCII separators and all bytes >= 0x80). */
static const uint8_t word_lower[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 0, 0, 0, 0, 0, 0,
	0, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
	'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 0, 0, 0, 0, 0,
	0, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
	'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* Reads little-endian words on any host. */
static inline uint64_t le64(uint64_t x)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return __builtin_bswap64(x);
#else
	return x;
#endif
}

/* Under NORM_OPTIONS an ASCII character only changes case. */
static inline uint8_t ascii_fold(uint8_t b)
{
	return (uint8_t)(b + ((unsigned)(b - 'A') < 26u ? 32 : 0));
}

/* ---- UTF-8 ---------------------------------------------------------------- */

/* Decodes one character of S (AVAIL >= 1 bytes, S[0] >= 0x80). Returns the
 * bytes consumed and sets *CP, or -1 for an ill-formed sequence, in which
 * case the bytes consumed are its maximal subpart (Unicode table 3-7 gives
 * the valid second bytes after E0, ED, F0 and F4). */
static inline size_t utf8_decode(const uint8_t *s, size_t avail, int32_t *cp)
{
	uint8_t b0 = s[0];
	size_t need;
	uint8_t lo = 0x80, hi = 0xBF;
	int32_t c;

	if (b0 < 0xC2) {
		*cp = -1; /* continuation byte, or C0/C1 (always overlong) */
		return 1;
	} else if (b0 < 0xE0) {
		need = 1;
		c = b0 & 0x1F;
	} else if (b0 < 0xF0) {
		need = 2;
		c = b0 & 0x0F;
		if (b0 == 0xE0)
			lo = 0xA0; /* overlong */
		else if (b0 == 0xED)
			hi = 0x9F; /* surrogates */
	} else if (b0 < 0xF5) {
		need = 3;
		c = b0 & 0x07;
		if (b0 == 0xF0)
			lo = 0x90; /* overlong */
		else if (b0 == 0xF4)
			hi = 0x8F; /* above U+10FFFF */
	} else {
		*cp = -1;
		return 1;
	}
	if (avail < 2 || s[1] < lo || s[1] > hi) {
		*cp = -1;
		return 1;
	}
	c = (c << 6) | (s[1] & 0x3F);
	for (size_t i = 2; i <= need; i++) {
		if (i >= avail || (s[i] & 0xC0) != 0x80) {
			*cp = -1;
			return i;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	*cp = c;
	return need + 1;
}

/* Encodes a valid scalar value CP at O; returns the bytes written (1-4). */
static inline size_t utf8_encode(int32_t cp, char *o)
{
	uint8_t *u = (uint8_t *)o;
	if (cp < 0x80) {
		u[0] = (uint8_t)cp;
		return 1;
	}
	if (cp < 0x800) {
		u[0] = (uint8_t)(0xC0 | (cp >> 6));
		u[1] = (uint8_t)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		u[0] = (uint8_t)(0xE0 | (cp >> 12));
		u[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (uint8_t)(0x80 | (cp & 0x3F));
		return 3;
	}
	u[0] = (uint8_t)(0xF0 | (cp >> 18));
	u[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
	u[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
	u[3] = (uint8_t)(0x80 | (cp & 0x3F));
	return 4;
}

int text_utf8_sanitize(wn_buf *out, const char *in_, size_t len, size_t *invalid)
{
	const uint8_t *in = (const uint8_t *)in_;
	size_t bad = 0;

	if (invalid)
		*invalid = 0;
	wn_buf_reset(out);
	/* Output never exceeds 3 bytes per input byte (one U+FFFD per byte). */
	if (len > (SIZE_MAX - 1) / 3)
		return WN_ETOOBIG;
	WN_TRY(wn_buf_grow(out, len));
	size_t i = 0;
	while (i < len) {
		size_t j = i;
		while (j < len && in[j] < 0x80)
			j++;
		if (j > i) {
			memcpy(out->ptr + out->len, in + i, j - i);
			out->len += j - i;
			i = j;
			if (i == len)
				break;
		}
		int32_t cp;
		size_t k = utf8_decode(in + i, len - i, &cp);
		if (cp < 0) {
			/* U+FFFD is 3 bytes; the subpart may be 1: make room. */
			WN_TRY(wn_buf_grow(out, 3 + (len - i - k)));
			memcpy(out->ptr + out->len, "\xEF\xBF\xBD", 3);
			out->len += 3;
			bad += k;
		} else {
			memcpy(out->ptr + out->len, in + i, k);
			out->len += k;
		}
		i += k;
	}
	out->ptr[out->len] = '\0';
	if (invalid)
		*invalid = bad;
	return 0;
}

/* ---- code point properties ------------------------------------------------- */

static inline int32_t fold_typographic(int32_t cp)
{
	if (cp < 0x00AB)
		return cp;
	if (cp < 0x2010) {
		switch (cp) {
		case 0x00AB: /* << */
		case 0x00BB: /* >> */
		case 0x02BA: /* modifier letter double prime */
			return '"';
		case 0x00B4: /* acute accent, typed for an apostrophe */
		case 0x02B9: /* modifier letter prime */
		case 0x02BB: /* modifier letter turned comma */
		case 0x02BC: /* modifier letter apostrophe */
			return '\'';
		default:
			return cp;
		}
	}
	if (cp <= 0x2015) /* hyphen, non-breaking hyphen, figure/en/em dash, bar */
		return '-';
	if (cp < 0x2018)
		return cp;
	if (cp <= 0x201B) /* single quotation marks */
		return '\'';
	if (cp <= 0x201F) /* double quotation marks */
		return '"';
	switch (cp) {
	case 0x2032: /* prime */
	case 0x2035: /* reversed prime */
	case 0x2039: /* single guillemets */
	case 0x203A:
		return '\'';
	case 0x2033: /* double prime */
	case 0x2036: /* reversed double prime */
		return '"';
	case 0x2043: /* hyphen bullet */
	case 0x2212: /* minus sign */
	case 0x2E3A: /* two-em dash */
	case 0x2E3B: /* three-em dash */
	case 0xFE58: /* small em dash */
		return '-';
	default:
		return cp;
	}
}

static int is_mark_category(int category)
{
	return category == UTF8PROC_CATEGORY_MN || category == UTF8PROC_CATEGORY_MC ||
	       category == UTF8PROC_CATEGORY_ME;
}

/* Conjoining jamo compose algorithmically; utf8proc's tables omit them. */
static int is_conjoining_jamo(int32_t cp)
{
	return (cp >= 0x1100 && cp < 0x1200) || (cp >= 0xA960 && cp < 0xA980) ||
	       (cp >= 0xD7B0 && cp < 0xD800);
}

/* Scripts written without spaces between words: each letter is a token. */
static int is_spaceless_script(int32_t cp)
{
	if (cp < 0x0E00)
		return 0;
	if (cp < 0x0F00) /* Thai, Lao */
		return 1;
	if (cp < 0x1000)
		return 0;
	if (cp < 0x10A0) /* Myanmar */
		return 1;
	if (cp >= 0x1780 && cp < 0x1800) /* Khmer */
		return 1;
	if (cp < 0x2E80)
		return 0;
	/* CJK radicals, symbols and punctuation (their letters: iteration
	 * marks, ideographic zero), kana, bopomofo, CJK compatibility, ext. A,
	 * unified ideographs, Yi: only letters and numbers get this far. */
	if (cp < 0xA4D0)
		return 1;
	if ((cp >= 0xA9E0 && cp < 0xAA80) || /* Myanmar extensions */
	    (cp >= 0xAC00 && cp < 0xD7B0) || /* hangul syllables */
	    (cp >= 0xF900 && cp < 0xFB00) || /* CJK compatibility ideographs */
	    (cp >= 0xFF66 && cp < 0xFFA0) || /* halfwidth katakana */
	    (cp >= 0x16FE0 && cp < 0x16FF0) || /* ideographic symbols */
	    (cp >= 0x1B000 && cp < 0x1B300) || /* kana supplements */
	    (cp >= 0x20000 && cp < 0x40000))   /* ideographs ext. B-H */
		return 1;
	return 0;
}

static unsigned token_class_of(int32_t cp)
{
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return is_spaceless_script(cp) ? TC_SINGLE : TC_WORD;
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		return TC_MARK;
	default:
		return TC_SEP;
	}
}

static int compose_span(text_scratch *s, int32_t *cps, size_t n, size_t *out_n);

/* Whether the non-ASCII, already pre-folded CP can be copied to the normal
 * form as it is and marks a point where normalisation can restart: its own
 * normal form is itself, it is a starter, and it is not a mark or jamo
 * (every code point that composes with a preceding one is a mark or a jamo;
 * every code point with a non-zero combining class is a mark). */
static int keeps_itself(int32_t cp)
{
	const utf8proc_property_t *pr = utf8proc_get_property(cp);
	if (fold_typographic(cp) != cp || pr->combining_class != 0 ||
	    is_mark_category(pr->category) || is_conjoining_jamo(cp))
		return 0;
	utf8proc_int32_t buf[32];
	int boundclass = 0;
	utf8proc_ssize_t n = utf8proc_decompose_char(cp, buf, 32, NORM_OPTIONS, &boundclass);
	if (n < 1 || n > 32)
		return 0; /* ignorable (removed), or an unexpected expansion */
	/* A canonical decomposition that recomposes to CP (e.g. U+00E9) is
	 * kept composed. A run of at most 32 marks is sorted in place, so
	 * compose_span() needs no scratch here. */
	size_t m = (size_t)n;
	if (n > 1 && compose_span(NULL, buf, (size_t)n, &m) < 0)
		return 0;
	return m == 1 && buf[0] == cp;
}

static unsigned cp_info_compute(int32_t cp)
{
	return (keeps_itself(cp) ? INFO_KEEP : 0) | (token_class_of(cp) << INFO_TC_SHIFT);
}

/* The class bits of a non-ASCII code point, through the direct-mapped cache
 * (a few hundred distinct code points make up most non-English text). */
static inline unsigned cp_info(text_scratch *s, int32_t cp)
{
	uint32_t *slot = &s->cache[(uint32_t)cp & (TEXT_CACHE_SIZE - 1)];
	uint32_t e = *slot;
	if ((e >> 8) == (uint32_t)cp && (e & INFO_VALID))
		return e & 0x7F;
	unsigned info = cp_info_compute(cp);
	*slot = ((uint32_t)cp << 8) | INFO_VALID | info;
	return info;
}

static inline unsigned info_token_class(unsigned info)
{
	return (info >> INFO_TC_SHIFT) & 3u;
}

/* ---- normalising a segment ----------------------------------------------- */

static void scratch_init(text_scratch *s)
{
	memset(s, 0, sizeof(*s));
}

static void scratch_release(text_scratch *s)
{
	free(s->cps);
	free(s->tmp);
	scratch_init(s);
}

static int scratch_reserve(text_scratch *s, size_t need)
{
	return wn_grow_array((void **)&s->cps, &s->cap, need, sizeof(int32_t));
}

static inline uint8_t ccc_of(int32_t cp)
{
	return cp < 0x300 ? 0 : (uint8_t)utf8proc_get_property(cp)->combining_class;
}

/* Stable sort of a run of non-starters by combining class: the canonical
 * ordering algorithm (Unicode section 3.11). */
static int sort_marks(text_scratch *s, int32_t *run, size_t n)
{
	if (n <= SMALL_RUN) {
		for (size_t i = 1; i < n; i++) {
			int32_t cp = run[i];
			uint8_t c = ccc_of(cp);
			size_t j = i;
			while (j > 0 && ccc_of(run[j - 1]) > c) {
				run[j] = run[j - 1];
				j--;
			}
			run[j] = cp;
		}
		return 0;
	}
	WN_TRY(wn_grow_array((void **)&s->tmp, &s->tmp_cap, n, sizeof(int32_t)));
	size_t pos[257] = { 0 };
	for (size_t i = 0; i < n; i++)
		pos[ccc_of(run[i]) + 1]++;
	for (size_t c = 1; c < 257; c++)
		pos[c] += pos[c - 1];
	for (size_t i = 0; i < n; i++)
		s->tmp[pos[ccc_of(run[i])]++] = run[i];
	memcpy(run, s->tmp, n * sizeof(int32_t));
	return 0;
}

/* Puts the fully decomposed code points CPS[0..N) in canonical order and
 * composes them; *OUT_N is the composed length. */
static int compose_span(text_scratch *s, int32_t *cps, size_t n, size_t *out_n)
{
	size_t i = 0;
	while (i < n) {
		if (ccc_of(cps[i]) == 0) {
			i++;
			continue;
		}
		size_t j = i + 1;
		while (j < n && ccc_of(cps[j]) != 0)
			j++;
		if (j - i > 1)
			WN_TRY(sort_marks(s, cps + i, j - i));
		i = j;
	}
	utf8proc_ssize_t m = utf8proc_normalize_utf32(cps, (utf8proc_ssize_t)n, NORM_OPTIONS);
	*out_n = m < 0 ? n : (size_t)m;
	return 0;
}

/* Decodes the character at S (AVAIL >= 1 bytes) with the pre-fold applied:
 * ASCII lowercased, typographic characters folded, an ill-formed subpart
 * as U+FFFD (its length added to *INVALID when INVALID is not NULL). */
static inline size_t decode_folded(const uint8_t *s, size_t avail, int32_t *cp, size_t *invalid)
{
	if (s[0] < 0x80) {
		*cp = ascii_fold(s[0]);
		return 1;
	}
	size_t k = utf8_decode(s, avail, cp);
	if (*cp < 0) {
		if (invalid)
			*invalid += k;
		*cp = 0xFFFD;
	} else {
		*cp = fold_typographic(*cp);
	}
	return k;
}

/* Appends the full decomposition (compatibility, case-folded, post-folded)
 * of CP to s->cps at *COUNT. */
static int push_decomposed(text_scratch *s, size_t *count, int32_t cp)
{
	if (cp < 0x80) {
		WN_TRY(scratch_reserve(s, *count + 1));
		s->cps[(*count)++] = cp;
		return 0;
	}
	for (;;) {
		WN_TRY(scratch_reserve(s, *count + 32));
		size_t room = s->cap - *count;
		int boundclass = 0;
		utf8proc_ssize_t r = utf8proc_decompose_char(cp, s->cps + *count,
							     (utf8proc_ssize_t)room,
							     NORM_OPTIONS, &boundclass);
		if (r < 0) { /* not expected without REJECTNA: keep it */
			s->cps[(*count)++] = cp;
			return 0;
		}
		if ((size_t)r <= room) {
			for (size_t i = 0; i < (size_t)r; i++)
				s->cps[*count + i] = fold_typographic(s->cps[*count + i]);
			*count += (size_t)r;
			return 0;
		}
		WN_TRY(scratch_reserve(s, *count + (size_t)r));
	}
}

/* The number of ASCII bytes at P (AVAIL bytes readable), counting at most
 * SEGMENT_GAP of them. */
static inline size_t ascii_gap(const uint8_t *p, size_t avail)
{
#if defined(__SSE2__) && SEGMENT_GAP == 32
	if (avail >= 32) {
		unsigned high = (unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)p)) |
				(unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(p + 16))) << 16;
		return high ? (size_t)__builtin_ctz(high) : 32;
	}
#endif
	size_t lim = avail < SEGMENT_GAP ? avail : SEGMENT_GAP, n = 0;
	while (n < lim && p[n] < 0x80)
		n++;
	return n;
}

/* Normalises the segment that starts at SEG (AVAIL bytes readable, any
 * bytes) into s->cps[0..*OUT_N) and sets *CONSUMED to its length. SEG must
 * start at a normalisation boundary: an ASCII byte, or a non-ASCII byte that
 * follows nothing that composes. The segment runs over non-ASCII text and
 * ASCII gaps shorter than SEGMENT_GAP, and ends before a longer ASCII run or
 * one that reaches the end (an ASCII byte is always a boundary), or at the
 * first boundary after SEGMENT_MAX_CPS code points.
 * Code points that keep themselves are copied; around one that does not, the
 * span from the last kept code point to the next one is decomposed and
 * recomposed. */
static int seg_normalize(text_scratch *s, const uint8_t *seg, size_t avail, size_t *invalid,
			 size_t *consumed, size_t *out_n)
{
	size_t count = 0, win_in = 0, win_out = 0, i = 0;
	while (i < avail) {
		if (count >= SEGMENT_MAX_CPS) {
			/* End before the next ASCII or kept code point (the
			 * peek counts no invalid bytes). */
			int32_t next;
			if (seg[i] < 0x80 ||
			    (decode_folded(seg + i, avail - i, &next, NULL),
			     next < 0x80 || (cp_info(s, next) & INFO_KEEP)))
				break;
		}
		if (seg[i] < 0x80) {
			size_t gap = ascii_gap(seg + i, avail - i);
			if (gap >= SEGMENT_GAP || i + gap == avail)
				break;
			WN_TRY(scratch_reserve(s, count + gap));
			for (size_t k = 0; k < gap; k++)
				s->cps[count++] = ascii_fold(seg[i + k]);
			i += gap;
			win_in = i - 1; /* ASCII is kept: a span may start there */
			win_out = count - 1;
			continue;
		}
		int32_t cp;
		size_t k = decode_folded(seg + i, avail - i, &cp, invalid);
		if (cp < 0x80 || (cp_info(s, cp) & INFO_KEEP)) {
			if (count == s->cap)
				WN_TRY(scratch_reserve(s, count + 1));
			win_in = i;
			win_out = count;
			s->cps[count++] = cp;
			i += k;
			continue;
		}
		/* Redo from the last kept code point: nothing before it can
		 * interact with what follows. Bytes before I were already
		 * counted as invalid; after I, an ill-formed subpart becomes
		 * U+FFFD, which is kept, so the span ends before it. */
		count = win_out;
		size_t j = win_in;
		while (j < avail) {
			int32_t c2;
			size_t k2 = decode_folded(seg + j, avail - j, &c2, NULL);
			if (j > i && (c2 < 0x80 || (cp_info(s, c2) & INFO_KEEP)))
				break;
			WN_TRY(push_decomposed(s, &count, c2));
			j += k2;
		}
		size_t m;
		WN_TRY(compose_span(s, s->cps + win_out, count - win_out, &m));
		count = win_out + m;
		i = j;
	}
	*consumed = i;
	*out_n = count;
	return 0;
}

/* Common typographic punctuation recognised without the general path.
 * Returns the bytes of the character at P (0 if it is not one of them) and
 * sets *CP to the code point. None of them is a token character, and none
 * composes with a neighbour (no canonical composition starts or ends with
 * one), so to the tokeniser each is a separator. Most normalise to ASCII
 * punctuation, space or dots; text_normalize() sends the others (daggers,
 * the bullet, the middle dot, the copyright sign: their own normal forms)
 * down the general path. */
static inline size_t inline_punct(const uint8_t *p, const uint8_t *end, int32_t *cp)
{
	if (p[0] == 0xE2 && end - p >= 3 && p[1] == 0x80 && p[2] >= 0x90 && p[2] <= 0xA7) {
		*cp = 0x2000 + (p[2] - 0x80); /* U+2010 .. U+2027 */
		return 3;
	}
	if (p[0] == 0xC2 && end - p >= 2 &&
	    (p[1] == 0xA0 || p[1] == 0xA9 || p[1] == 0xAB || p[1] == 0xB7 || p[1] == 0xBB)) {
		/* NBSP, copyright sign, guillemets, middle dot (menus, bylines) */
		*cp = p[1];
		return 2;
	}
	return 0;
}

int text_normalize(wn_buf *out, const char *in_, size_t len, size_t *invalid)
{
	const uint8_t *in = (const uint8_t *)in_;
	size_t bad = 0;
	int rc = 0;
	text_scratch *s = NULL;

	if (invalid)
		*invalid = 0;
	wn_buf_reset(out);
	if (len >= TEXT_MAX_LEN)
		return WN_ETOOBIG;
	WN_TRY(wn_buf_grow(out, len));
	if (len == 0) /* IN may be NULL */
		return 0;
	const uint8_t *p = in, *end = in + len;
	while (p < end) {
		/* ASCII: 1 byte in, 1 byte out, room reserved. */
		char *o = out->ptr + out->len;
		while (p < end && *p < 0x80)
			*o++ = (char)ascii_fold(*p++);
		out->len = (size_t)(o - out->ptr);
		if (p == end)
			break;

		int32_t cp;
		size_t k = inline_punct(p, end, &cp);
		if (k) {
			int32_t f = fold_typographic(cp);
			if (f < 0x80 || cp == 0x2026 || cp == 0xA0) {
				/* At most 3 bytes for at least 2: room reserved. */
				if (cp == 0x2026)
					memcpy(out->ptr + out->len, "...", 3), out->len += 3;
				else
					out->ptr[out->len++] = cp == 0xA0 ? ' ' : (char)f;
				p += k;
				continue;
			}
		}

		if (!s) {
			s = malloc(sizeof(*s));
			if (!s) {
				rc = WN_ENOMEM;
				goto done;
			}
			scratch_init(s);
		}
		const uint8_t *seg = p;
		if (p > in && p[-1] < 0x80) {
			seg = p - 1; /* a base letter composes with a following mark */
			out->len--;
		}
		size_t consumed, n;
		rc = seg_normalize(s, seg, (size_t)(end - seg), &bad, &consumed, &n);
		if (rc < 0)
			goto done;
		const uint8_t *q = seg + consumed;
		/* Keep room for the rest of the text at 1 byte per byte. */
		size_t need = 4 * n + (size_t)(end - q);
		if (out->len + need >= TEXT_MAX_LEN) {
			rc = WN_ETOOBIG;
			goto done;
		}
		rc = wn_buf_grow(out, need);
		if (rc < 0)
			goto done;
		char *w = out->ptr + out->len;
		for (size_t i = 0; i < n; i++)
			w += utf8_encode(s->cps[i], w);
		out->len = (size_t)(w - out->ptr);
		p = q;
	}
done:
	if (out->ptr)
		out->ptr[out->len] = '\0';
	if (s) {
		scratch_release(s);
		free(s);
	}
	if (rc < 0)
		wn_buf_reset(out);
	else if (invalid)
		*invalid = bad;
	return rc;
}

/* ---- tokens ---------------------------------------------------------------- */

void text_tokens_init(text_tokens *t)
{
	wn_buf_init(&t->norm);
	t->start = NULL;
	t->length = NULL;
	t->hash = NULL;
	t->count = 0;
	t->cap = 0;
	t->invalid_bytes = 0;
	scratch_init(&t->scratch);
}

void text_tokens_release(text_tokens *t)
{
	wn_buf_release(&t->norm);
	free(t->start);
	free(t->length);
	free(t->hash);
	scratch_release(&t->scratch);
	text_tokens_init(t);
}

static int tokens_grow(text_tokens *t)
{
	size_t cap = t->cap ? t->cap * 2 : 256;
	if (cap > SIZE_MAX / sizeof(uint64_t))
		return WN_ENOMEM;
	/* Each array keeps its old contents if a later one fails; cap only
	 * changes once all three have grown. */
	uint32_t *start = realloc(t->start, cap * sizeof(uint32_t));
	if (!start)
		return WN_ENOMEM;
	t->start = start;
	uint32_t *length = realloc(t->length, cap * sizeof(uint32_t));
	if (!length)
		return WN_ENOMEM;
	t->length = length;
	uint64_t *hash = realloc(t->hash, cap * sizeof(uint64_t));
	if (!hash)
		return WN_ENOMEM;
	t->hash = hash;
	t->cap = cap;
	return 0;
}

/* Room kept in t->norm past everything written: copy_word() stores 16 bytes
 * at a time, and token_hash_padded() loads 16 bytes from a token's start. */
#define SLACK 16

/* text_token_hash() of P[0..N), N >= 1, reading 16 bytes at P whatever N.
 * Up to 16 bytes: text_token_hash_words() of the zero-padded bytes (the
 * length-dispatch of XXH3 costs more than the rest of the tokeniser's work
 * on a short word). */
static inline uint64_t token_hash_padded(const char *p, size_t n)
{
	if (n > 16)
		return wn_hash64(p, n, 0);
	uint64_t lo, hi;
	memcpy(&lo, p, 8);
	memcpy(&hi, p + 8, 8);
	lo = le64(lo);
	hi = le64(hi);
	return text_token_hash_masked(lo, hi, n);
}

uint64_t text_token_hash(const void *data, size_t len)
{
	char padded[16] = { 0 };
	if (len == 0 || len > 16)
		return wn_hash64(data, len, 0);
	memcpy(padded, data, len);
	return token_hash_padded(padded, len);
}

uint64_t text_ascii_word_hash(const char *s, size_t n)
{
	/* letters and digits: lower case is the case bit set */
	if (n == 0 || n > 16)
		return wn_hash64_case_bit(s, n, 0);
	char buf[16] = { 0 };
	for (size_t i = 0; i < n; i++)
		buf[i] = (char)(s[i] | 0x20);
	return token_hash_padded(buf, n);
}

/* Where the tokeniser is in t->norm. */
typedef struct tok_state {
	char *base;   /* t->norm.ptr */
	size_t w;     /* bytes written */
	size_t start; /* start of the open token */
	int open;     /* a token is open */
	int single;   /* it is one character of a spaceless script */
	/* Copies of t's arrays and count: the compiler cannot keep t's
	 * fields in registers across the byte stores into norm. */
	uint32_t *tok_start, *tok_length;
	uint64_t *tok_hash;
	size_t count, cap;
} tok_state;

static void tok_state_init(tok_state *st, text_tokens *t)
{
	memset(st, 0, sizeof(*st));
	st->base = t->norm.ptr;
	st->tok_start = t->start;
	st->tok_length = t->length;
	st->tok_hash = t->hash;
	st->count = t->count;
	st->cap = t->cap;
}

/* Gives T its tokens and normal form. */
static void tok_state_finish(tok_state *st, text_tokens *t)
{
	t->count = st->count;
	t->norm.len = st->w;
	t->norm.ptr[st->w] = '\0';
}

/* Ends the open token: records it and writes its separating space. */
static inline int tok_close(text_tokens *t, tok_state *st)
{
	if (st->count == st->cap) {
		t->count = st->count;
		WN_TRY(tokens_grow(t));
		st->tok_start = t->start;
		st->tok_length = t->length;
		st->tok_hash = t->hash;
		st->cap = t->cap;
	}
	size_t n = st->w - st->start;
	st->tok_start[st->count] = (uint32_t)st->start;
	st->tok_length[st->count] = (uint32_t)n;
	st->tok_hash[st->count] = token_hash_padded(st->base + st->start, n);
	st->count++;
	st->base[st->w++] = ' ';
	st->open = 0;
	st->single = 0;
	return 0;
}

/* Feeds normalised code point CP of token class TC. Room for 5 bytes
 * (the character and a closing space) must be reserved. */
static inline int tok_feed(text_tokens *t, tok_state *st, int32_t cp, unsigned tc)
{
	switch (tc) {
	case TC_WORD:
		if (st->single)
			WN_TRY(tok_close(t, st));
		if (!st->open) {
			st->open = 1;
			st->start = st->w;
		}
		st->w += utf8_encode(cp, st->base + st->w);
		return 0;
	case TC_SINGLE:
		if (st->open)
			WN_TRY(tok_close(t, st));
		st->open = 1;
		st->single = 1;
		st->start = st->w;
		st->w += utf8_encode(cp, st->base + st->w);
		return 0;
	case TC_MARK:
		if (st->open)
			st->w += utf8_encode(cp, st->base + st->w);
		return 0;
	default:
		if (st->open)
			WN_TRY(tok_close(t, st));
		return 0;
	}
}

/* Makes room in t->norm for NEED more bytes after st->w, and SLACK more. */
static int tok_reserve(text_tokens *t, tok_state *st, size_t need)
{
	if (need >= TEXT_MAX_LEN || st->w + need >= TEXT_MAX_LEN)
		return WN_ETOOBIG;
	t->norm.len = st->w;
	WN_TRY(wn_buf_grow(&t->norm, need + SLACK));
	st->base = t->norm.ptr;
	return 0;
}

#if defined(__SSE2__)
/* The ASCII letters and digits among the 16 bytes V, as a bit mask, and V
 * lowercased in *LOWER. Unsigned "x - lo <= span" as min(x - lo, span) ==
 * x - lo; bytes >= 0x80 are never letters or digits. */
static inline unsigned ascii_word_mask(__m128i v, __m128i *lower)
{
	const __m128i case_bit = _mm_set1_epi8(0x20), a = _mm_set1_epi8('a');
	const __m128i zero = _mm_set1_epi8('0');
	const __m128i z25 = _mm_set1_epi8(25), z9 = _mm_set1_epi8(9);
	__m128i folded = _mm_or_si128(v, case_bit);
	__m128i lc = _mm_sub_epi8(folded, a), dg = _mm_sub_epi8(v, zero);
	__m128i letter = _mm_cmpeq_epi8(_mm_min_epu8(lc, z25), lc);
	__m128i digit = _mm_cmpeq_epi8(_mm_min_epu8(dg, z9), dg);
	*lower = _mm_or_si128(v, _mm_and_si128(letter, case_bit));
	return (unsigned)_mm_movemask_epi8(_mm_or_si128(letter, digit));
}

/* keep_bytes + 16 - N, loaded as 16 bytes: N bytes 0xFF, then zeros. */
static const uint8_t keep_bytes[32] = {
	0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
	0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
};
#endif

/* Copies the run of ASCII letters and digits at P (before END) to O,
 * lowercased; returns its length. May write up to SLACK bytes past the run:
 * tok_reserve() keeps them. */
static inline size_t copy_word(const uint8_t *p, const uint8_t *end, char *o)
{
	size_t n = 0, avail = (size_t)(end - p);
#if defined(__SSE2__)
	while (avail - n >= 16) {
		__m128i lower;
		unsigned word = ascii_word_mask(_mm_loadu_si128((const __m128i *)(p + n)), &lower);
		_mm_storeu_si128((__m128i *)(o + n), lower);
		if (word != 0xFFFF)
			return n + (size_t)__builtin_ctz(~word);
		n += 16;
	}
#endif
	uint8_t l;
	while (n < avail && (l = word_lower[p[n]]) != 0)
		o[n++] = (char)l;
	return n;
}

#if defined(__SSE2__)
/* The word-character mask of the 64 bytes at P (bit i: P[i] is an ASCII
 * letter or digit); *HIGH gets the mask of bytes >= 0x80. */
static inline uint64_t block_word_mask(const uint8_t *p, uint64_t *high)
{
	uint64_t word = 0, hi = 0;
	for (int k = 0; k < 4; k++) {
		__m128i v = _mm_loadu_si128((const __m128i *)(p + 16 * k)), unused;
		word |= (uint64_t)ascii_word_mask(v, &unused) << (16 * k);
		hi |= (uint64_t)(unsigned)_mm_movemask_epi8(v) << (16 * k);
	}
	*high = hi;
	return word;
}

/* The hot loop of news text, 64 bytes at a time: at *PP a word starts, the
 * byte before it (if any) is an ASCII separator, and no token is open. The
 * word characters of a block and of the next one are found as bit masks; the
 * words starting in the block are then taken from the mask's set bits (a
 * word's length is the run of ones from its start), each lowercased, stored
 * and hashed from a 16-byte register. Nothing depends on the previous word
 * but the output position, so the words of a block overlap in the pipeline,
 * and the only data-dependent branches are per block, not per byte or per
 * word (the VM pays dearly for mispredicted branches). Both blocks must be
 * ASCII but for inline_punct() characters (news has a curly quote or a dash
 * every few hundred bytes), which separate like ASCII punctuation: a word
 * of < 16 bytes then always ends at a separator. Stops at a word of 16
 * bytes or more, at other non-ASCII text or near the end, leaving *PP at a
 * word start with no token open or at a separator, where the byte-wise code
 * takes over. */
/* Are the bytes >= 0x80 of the 64-byte block at BLOCK (mask HIGH) all
 * inline_punct() characters? *CHECKED: where the characters checked so far
 * end (one may reach into this block); advanced. */
static int block_punct_only(const uint8_t *block, uint64_t high, const uint8_t **checked,
			    const uint8_t *end)
{
	if (*checked > block)
		high &= *checked - block >= 64 ? 0 : ~0ULL << (*checked - block);
	while (high) {
		unsigned q = (unsigned)__builtin_ctzll(high);
		int32_t cp;
		size_t k = inline_punct(block + q, end, &cp);
		if (!k)
			return 0;
		*checked = block + q + k;
		high &= q + k >= 64 ? 0 : ~0ULL << (q + k);
	}
	return 1;
}

static int tokenize_ascii_blocks(text_tokens *t, tok_state *st, const uint8_t **pp,
				 const uint8_t *end)
{
	const uint8_t *p = *pp, *resume = p, *checked = p;
	if (end - p < 128)
		return 0;
	uint64_t high;
	uint64_t word = block_word_mask(p, &high), carry = 0;
	if (high && !block_punct_only(p, high, &checked, end))
		return 0;
	char *base = st->base;
	size_t w = st->w, count = st->count;
	int rc = 0;
	while (end - p >= 128) {
		uint64_t next = block_word_mask(p + 64, &high);
		if (high && !block_punct_only(p + 64, high, &checked, end))
			break;
		/* at most 32 words start in 64 bytes */
		while (st->cap - count < 32) {
			t->count = count;
			if ((rc = tokens_grow(t)) < 0)
				goto out;
			st->tok_start = t->start;
			st->tok_length = t->length;
			st->tok_hash = t->hash;
			st->cap = t->cap;
		}
		uint64_t starts = word & ~((word << 1) | carry);
		while (starts) {
			unsigned i = (unsigned)__builtin_ctzll(starts);
			starts &= starts - 1;
			/* the run from bit i on, continued into the next block;
			 * (next << 1) << (63 - i) is next << (64 - i), defined at i = 0 */
			uint64_t run = (word >> i) | ((next << 1) << (63 - i));
			unsigned n = (unsigned)__builtin_ctzll(~run | (1ULL << 16));
			if (n == 16) { /* a long word: the byte-wise code */
				resume = p + i;
				p = resume;
				goto out;
			}
			/* setting bit 5 lowercases a letter and leaves a digit
			 * (0x30-0x39) as it is: within the word, nothing else */
			__m128i lower = _mm_or_si128(_mm_loadu_si128((const __m128i *)(p + i)),
						     _mm_set1_epi8(0x20));
			_mm_storeu_si128((__m128i *)(base + w), lower);
			__m128i kept = _mm_and_si128(
				lower, _mm_loadu_si128((const __m128i *)(keep_bytes + 16 - n)));
			uint64_t lo = (uint64_t)_mm_cvtsi128_si64(kept);
			uint64_t hi = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(kept, kept));
			st->tok_start[count] = (uint32_t)w;
			st->tok_length[count] = n;
			st->tok_hash[count] = text_token_hash_words(lo, hi, n);
			count++;
			w += n;
			base[w++] = ' ';
			resume = p + i + n;
		}
		carry = word >> 63;
		word = next;
		p += 64;
	}
	/* a word that ran into this block was taken whole, and so was a
	 * character that did (only the separators of inline_punct() have
	 * bytes >= 0x80 here, and no token is open) */
	if (resume > p)
		p = resume;
	while ((*p & 0xC0) == 0x80)
		p++;
out:
	st->w = w;
	st->count = count;
	*pp = p;
	return rc;
}
#endif

/* Tokenises the ASCII text at *P up to the first byte >= 0x80 or END, and
 * advances *P there; a token still open at that byte is left open. */
static inline int tokenize_ascii(text_tokens *t, tok_state *st, const uint8_t **pp,
				 const uint8_t *end)
{
	const uint8_t *p = *pp;
	uint8_t c = *p;
	if (word_lower[c]) {
		if (st->single)
			WN_TRY(tok_close(t, st));
		if (!st->open) {
			st->open = 1;
			st->start = st->w;
		}
		goto word;
	}
	for (;;) {
		/* C, at P, is not a letter or digit */
		if (c >= 0x80)
			break;
		if (st->open)
			WN_TRY(tok_close(t, st));
		do {
			if (++p == end)
				goto out;
			c = *p;
		} while (!word_lower[c] && c < 0x80);
		if (c >= 0x80)
			break;
#if defined(__SSE2__)
		if (end - p >= 128) {
			WN_TRY(tokenize_ascii_blocks(t, st, &p, end));
			c = *p;
			if (c >= 0x80)
				break;
			if (!word_lower[c])
				continue;
		}
#endif
		st->open = 1;
		st->start = st->w;
word:
		{
			size_t n = copy_word(p, end, st->base + st->w);
			p += n;
			st->w += n;
		}
		if (p == end)
			break;
		c = *p;
	}
out:
	*pp = p;
	return 0;
}

static int tokenize_fast(text_tokens *t, const uint8_t *in, size_t len)
{
	tok_state st;
	tok_state_init(&st, t);

	/* ASCII writes at most one byte per byte read, plus the final space:
	 * the room reserved here is kept after every non-ASCII segment. */
	WN_TRY(tok_reserve(t, &st, len + 1));
	if (len == 0) { /* IN may be NULL */
		tok_state_finish(&st, t);
		return 0;
	}
	const uint8_t *p = in, *end = in + len;
	while (p < end) {
		if (*p < 0x80) {
			WN_TRY(tokenize_ascii(t, &st, &p, end));
			if (p == end)
				break;
		}

		int32_t cp;
		size_t k = inline_punct(p, end, &cp);
		if (k) { /* all of them separate */
			if (st.open)
				WN_TRY(tok_close(t, &st));
			p += k;
			continue;
		}

		const uint8_t *seg = p;
		if (p > in && p[-1] < 0x80) {
			/* Take the ASCII byte before back: it may compose with
			 * what follows. It was the last byte of the open token
			 * if it is a letter or digit; a separator wrote nothing. */
			seg = p - 1;
			if (word_lower[p[-1]]) {
				st.w--;
				if (st.w == st.start)
					st.open = 0;
			}
		}
		size_t consumed, n;
		WN_TRY(seg_normalize(&t->scratch, seg, (size_t)(end - seg), &t->invalid_bytes,
				     &consumed, &n));
		const uint8_t *q = seg + consumed;
		/* Each code point writes at most 4 bytes and one space. */
		if (n > (SIZE_MAX - len) / 5)
			return WN_ETOOBIG;
		WN_TRY(tok_reserve(t, &st, 5 * n + (size_t)(end - q) + 1));
		for (size_t i = 0; i < n; i++) {
			int32_t c2 = t->scratch.cps[i];
			unsigned tc = c2 < 0x80 ? (word_lower[c2] ? TC_WORD : TC_SEP)
						: info_token_class(cp_info(&t->scratch, c2));
			WN_TRY(tok_feed(t, &st, c2, tc));
		}
		p = q;
	}
	if (st.open)
		WN_TRY(tok_close(t, &st));
	tok_state_finish(&st, t);
	return 0;
}

static void tokens_reset(text_tokens *t)
{
	t->count = 0;
	t->invalid_bytes = 0;
	wn_buf_reset(&t->norm);
}

int text_tokenize(text_tokens *t, const char *in, size_t len)
{
	tokens_reset(t);
	if (len >= TEXT_MAX_LEN)
		return WN_ETOOBIG;
	int rc = tokenize_fast(t, (const uint8_t *)in, len);
	if (rc < 0)
		tokens_reset(t);
	return rc;
}

/* ---- the reference definitions --------------------------------------------- */

/* Appends the code points of valid UTF-8 S[0..N), each passed through
 * fold_typographic(), to OUT. */
static int append_folded(wn_buf *out, const uint8_t *s, size_t n)
{
	WN_TRY(wn_buf_grow(out, n));
	size_t i = 0;
	while (i < n) {
		int32_t cp;
		size_t k = s[i] < 0x80 ? (cp = s[i], 1) : utf8_decode(s + i, n - i, &cp);
		if (cp < 0)
			cp = 0xFFFD; /* not reached for valid input */
		out->len += utf8_encode(fold_typographic(cp), out->ptr + out->len);
		i += k;
	}
	out->ptr[out->len] = '\0';
	return 0;
}

int text_normalize_reference(wn_buf *out, const char *in, size_t len, size_t *invalid)
{
	wn_buf repaired, folded;
	size_t bad = 0;
	int rc;

	if (invalid)
		*invalid = 0;
	wn_buf_reset(out);
	if (len >= TEXT_MAX_LEN)
		return WN_ETOOBIG;
	wn_buf_init(&repaired);
	wn_buf_init(&folded);
	rc = text_utf8_sanitize(&repaired, in, len, &bad);
	if (rc == 0)
		rc = append_folded(&folded, (const uint8_t *)repaired.ptr, repaired.len);
	if (rc == 0) {
		utf8proc_uint8_t *mapped = NULL;
		utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)folded.ptr,
						  (utf8proc_ssize_t)folded.len, &mapped,
						  NORM_OPTIONS);
		if (m < 0)
			rc = m == UTF8PROC_ERROR_NOMEM ? WN_ENOMEM : WN_EINVAL;
		else
			rc = append_folded(out, mapped, (size_t)m);
		free(mapped);
	}
	if (rc == 0 && out->len >= TEXT_MAX_LEN)
		rc = WN_ETOOBIG;
	wn_buf_release(&repaired);
	wn_buf_release(&folded);
	if (rc < 0)
		wn_buf_reset(out);
	else if (invalid)
		*invalid = bad;
	return rc;
}

int text_tokenize_reference(text_tokens *t, const char *in, size_t len)
{
	wn_buf norm;
	int rc;

	tokens_reset(t);
	wn_buf_init(&norm);
	rc = text_normalize_reference(&norm, in, len, &t->invalid_bytes);
	if (rc < 0)
		goto done;
	tok_state st;
	tok_state_init(&st, t);
	const uint8_t *s = (const uint8_t *)norm.ptr;
	size_t i = 0;
	while (i < norm.len) {
		int32_t cp;
		size_t k = s[i] < 0x80 ? (cp = s[i], 1) : utf8_decode(s + i, norm.len - i, &cp);
		rc = tok_reserve(t, &st, 5);
		if (rc < 0)
			goto done;
		rc = tok_feed(t, &st, cp, token_class_of(cp));
		if (rc < 0)
			goto done;
		i += k;
	}
	rc = tok_reserve(t, &st, 1);
	if (rc == 0 && st.open)
		rc = tok_close(t, &st);
	if (rc == 0)
		tok_state_finish(&st, t);
done:
	wn_buf_release(&norm);
	if (rc < 0)
		tokens_reset(t);
	return rc;
}
