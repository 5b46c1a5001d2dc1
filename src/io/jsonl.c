/* io/jsonl.c - one-pass validation and field extraction of a JSONL record
 * (see jsonl.h). The grammar is RFC 8259; containers are walked with an
 * explicit stack, so hostile nesting costs no C stack. */
#include "io/jsonl.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

typedef unsigned char u8;

int jsonl_parser_init(jsonl_parser *p, const char *const *names, size_t count)
{
	memset(p, 0, sizeof(*p));
	wn_buf_init(&p->scratch);
	wn_buf_init(&p->key);
	if (count > JSONL_MAX_FIELDS)
		return WN_EINVAL;
	p->field_count = count;
	for (size_t i = 0; i < count; i++) {
		p->name[i] = names[i];
		p->name_len[i] = names[i] ? strlen(names[i]) : 0;
		p->alias[i] = (unsigned char)i;
		for (size_t j = 0; j < i; j++) {
			if (names[i] && names[j] && strcmp(names[i], names[j]) == 0) {
				p->alias[i] = (unsigned char)j;
				break;
			}
		}
	}
	return 0;
}

void jsonl_parser_release(jsonl_parser *p)
{
	wn_buf_release(&p->scratch);
	wn_buf_release(&p->key);
}

/* ---- errors ------------------------------------------------------------ */

static void describe(const u8 *at, const u8 *end, char *buf, size_t size)
{
	if (at >= end)
		snprintf(buf, size, "end of line");
	else if (*at >= 0x20 && *at < 0x7f)
		snprintf(buf, size, "'%c'", *at);
	else
		snprintf(buf, size, "byte 0x%02x", *at);
}

static int fail(jsonl_parser *p, const u8 *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(jsonl_parser *p, const u8 *at, const char *fmt, ...)
{
	size_t column = (size_t)((const char *)at - p->line) + 1;
	int n = snprintf(p->error, sizeof(p->error), "invalid JSON at byte %zu: ", column);
	if (n >= 0 && (size_t)n < sizeof(p->error)) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(p->error + n, sizeof(p->error) - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return WN_EPARSE;
}

static int fail_expected(jsonl_parser *p, const u8 *at, const u8 *end, const char *what)
{
	char found[24];
	describe(at, end, found, sizeof(found));
	return fail(p, at, "expected %s, found %s", what, found);
}

/* ---- tokens ------------------------------------------------------------ */

static inline int is_ws(u8 c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static inline const u8 *skip_ws(const u8 *s, const u8 *end)
{
	while (s < end && is_ws(*s))
		s++;
	return s;
}

static inline int is_digit(u8 c)
{
	return c >= '0' && c <= '9';
}

static inline int hex_value(u8 c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* The 4 hex digits at S, or -1. */
/* The byte a one-character escape \E stands for ('"', '\\', '/', 'b', 'f',
 * 'n', 'r', 't'); -1 for any other E. The one list of them: the string
 * scanner and both decoders ask it. */
static inline int escaped_byte(u8 e)
{
	switch (e) {
	case '"': case '\\': case '/': return e;
	case 'b': return '\b';
	case 'f': return '\f';
	case 'n': return '\n';
	case 'r': return '\r';
	case 't': return '\t';
	default: return -1;
	}
}

static int hex4(const u8 *s)
{
	int v = 0;
	for (int i = 0; i < 4; i++) {
		int h = hex_value(s[i]);
		if (h < 0)
			return -1;
		v = v << 4 | h;
	}
	return v;
}

/* Word-at-a-time test for a byte that ends the fast scan of a string: '"',
 * '\\' or a control character (Mycroft's zero-byte test; Anderson, "Bit
 * Twiddling Hacks"). Exact as a whole-word test, so nothing is missed. */
#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL
static inline int word_needs_look(uint64_t w)
{
	uint64_t q = w ^ (ONES * '"');
	uint64_t b = w ^ (ONES * '\\');
	uint64_t hit = ((q - ONES) & ~q) | ((b - ONES) & ~b) | ((w - ONES * 0x20) & ~w);
	return (hit & HIGHS) != 0;
}

/* The first byte at or after S (before END) that is '"', '\\' or a control
 * character; END if none. 16 bytes at a time with SSE2 (every x86-64), else
 * 8 at a time. */
static inline const u8 *skip_plain(const u8 *s, const u8 *end)
{
#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"');
	const __m128i backslash = _mm_set1_epi8('\\');
	const __m128i max_control = _mm_set1_epi8(0x1f);
	while (end - s >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
		__m128i hit = _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash));
		/* unsigned v <= 0x1f  <=>  max(v, 0x1f) == 0x1f */
		hit = _mm_or_si128(hit, _mm_cmpeq_epi8(_mm_max_epu8(v, max_control), max_control));
		unsigned mask = (unsigned)_mm_movemask_epi8(hit);
		if (mask)
			return s + __builtin_ctz(mask);
		s += 16;
	}
#endif
	while (end - s >= 8) {
		uint64_t w;
		memcpy(&w, s, 8);
		if (word_needs_look(w))
			break;
		s += 8;
	}
	while (s < end && *s != '"' && *s != '\\' && *s >= 0x20)
		s++;
	return s;
}

/* OPEN points at a string's opening quote. Returns its closing quote and sets
 * *ESCAPED when the string holds escapes; NULL on error (message set). */
static const u8 *string_end(jsonl_parser *p, const u8 *open, const u8 *end, int *escaped)
{
	const u8 *s = open + 1;
	int esc = 0;
	for (;;) {
		s = skip_plain(s, end);
		if (s >= end) {
			fail(p, open, "unterminated string");
			return NULL;
		}
		u8 c = *s;
		if (c == '"') {
			*escaped = esc;
			return s;
		}
		if (c == '\\') {
			esc = 1;
			if (end - s < 2) {
				fail(p, open, "unterminated string");
				return NULL;
			}
			if (escaped_byte(s[1]) >= 0) {
				s += 2;
				continue;
			}
			if (s[1] != 'u') {
				char what[24];
				describe(s + 1, end, what, sizeof(what));
				fail(p, s, "invalid escape: backslash followed by %s", what);
				return NULL;
			}
			if (end - s < 6 || hex4(s + 2) < 0) {
				fail(p, s, "invalid \\u escape: four hex digits expected");
				return NULL;
			}
			s += 6;
			continue;
		}
		if (c < 0x20) {
			fail(p, s, "control character 0x%02x inside a string (it must be escaped)", c);
			return NULL;
		}
		s++;
	}
}

static u8 *put_utf8(u8 *o, uint32_t cp)
{
	if (cp < 0x80) {
		*o++ = (u8)cp;
	} else if (cp < 0x800) {
		*o++ = (u8)(0xC0 | cp >> 6);
		*o++ = (u8)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		*o++ = (u8)(0xE0 | cp >> 12);
		*o++ = (u8)(0x80 | (cp >> 6 & 0x3F));
		*o++ = (u8)(0x80 | (cp & 0x3F));
	} else {
		*o++ = (u8)(0xF0 | cp >> 18);
		*o++ = (u8)(0x80 | (cp >> 12 & 0x3F));
		*o++ = (u8)(0x80 | (cp >> 6 & 0x3F));
		*o++ = (u8)(0x80 | (cp & 0x3F));
	}
	return o;
}

static int is_high_surrogate(uint32_t cp)
{
	return cp >= 0xD800 && cp <= 0xDBFF;
}

/* The code point of a \u escape CP. LO is the value of the \u escape that
 * follows a high surrogate (-1: none): the pair is one code point and *S
 * moves past the second escape; a lone surrogate becomes U+FFFD. */
static uint32_t surrogate_cp(uint32_t cp, int lo, const u8 **s)
{
	if (is_high_surrogate(cp)) {
		if (lo >= 0xDC00 && lo <= 0xDFFF) {
			*s += 6;
			return 0x10000 + ((cp - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
		}
		return 0xFFFD;
	}
	return cp >= 0xDC00 && cp <= 0xDFFF ? 0xFFFD : cp;
}

/* Appends the decoded contents of a string validated by string_end (S just
 * after the opening quote, CLOSE at the closing one) to OUT. The decoded form
 * is never longer than the escaped one, so one reservation suffices. */
static int decode_into(wn_buf *out, const u8 *s, const u8 *close)
{
	WN_TRY(wn_buf_grow(out, (size_t)(close - s)));
	u8 *o = (u8 *)out->ptr + out->len;
	while (s < close) {
		const u8 *bs = memchr(s, '\\', (size_t)(close - s));
		size_t run = (size_t)((bs ? bs : close) - s);
		memcpy(o, s, run);
		o += run;
		s += run;
		if (!bs)
			break;
		u8 e = s[1];
		s += 2;
		if (e != 'u') {
			*o++ = (u8)escaped_byte(e);   /* string_end() let only valid ones through */
			continue;
		}
		uint32_t cp = (uint32_t)hex4(s);
		s += 4;
		int lo = is_high_surrogate(cp) && close - s >= 6 && s[0] == '\\' && s[1] == 'u' ? hex4(s + 2) : -1;
		o = put_utf8(o, surrogate_cp(cp, lo, &s));
	}
	out->len = (size_t)(o - (u8 *)out->ptr);
	out->ptr[out->len] = '\0';
	return 0;
}

/* Room kept ahead of the output while decoding: one 16-byte store, or an
 * escape (at most 4 bytes), or the byte-wise tail of fewer than 16 bytes. */
#define DECODE_ROOM 32

/* Copies the plain bytes at *SP (up to '"', '\\', a control character or
 * END) to *OP, advancing both; stops early once *OP passes LIMIT (the
 * output has DECODE_ROOM bytes past LIMIT). A long run takes the branch
 * that loops, so that the next load does not wait for this one's compare. */
static inline void copy_plain(const u8 **sp, u8 **op, const u8 *end, const u8 *limit)
{
	const u8 *s = *sp;
	u8 *o = *op;
#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"');
	const __m128i backslash = _mm_set1_epi8('\\');
	const __m128i max_control = _mm_set1_epi8(0x1f);
	while (end - s >= 16 && o <= limit) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
		_mm_storeu_si128((__m128i *)(void *)o, v);
		__m128i hit = _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash));
		hit = _mm_or_si128(hit, _mm_cmpeq_epi8(_mm_max_epu8(v, max_control), max_control));
		unsigned mask = (unsigned)_mm_movemask_epi8(hit);
		if (mask) {
			s += __builtin_ctz(mask);
			o += __builtin_ctz(mask);
			goto done;
		}
		s += 16;
		o += 16;
	}
#endif
	while (s < end && o <= limit && *s != '"' && *s != '\\' && *s >= 0x20)
		*o++ = *s++;
#ifdef __SSE2__
done:
#endif
	*sp = s;
	*op = o;
}

/* Validates and decodes in one pass the string whose opening quote is at
 * OPEN, whose first escape is at FIRST (found by skip_plain), appending
 * its contents to p->scratch and setting *CLOSE to the closing quote.
 * string_end() then decode_into() read the text three times (a scan, a
 * memchr per escape, a copy); news text has an escaped newline every
 * paragraph. Checks exactly what string_end() does; returns 0, WN_ENOMEM,
 * or WN_EPARSE with no message (the caller runs string_end() for it) and
 * p->scratch as it was (its length; the bytes past it are scratch). */
static int decode_string(jsonl_parser *p, const u8 *open, const u8 *first, const u8 *end,
			 const u8 **close)
{
	wn_buf *out = &p->scratch;
	size_t start = out->len;
	const u8 *s = open + 1;
	WN_TRY(wn_buf_grow(out, (size_t)(first - s) + DECODE_ROOM));
	memcpy(out->ptr + out->len, s, (size_t)(first - s));
	/* O and LIMIT live in registers: stores through a byte pointer may
	 * alias OUT's fields, which would otherwise be reloaded every step */
	u8 *o = (u8 *)out->ptr + out->len + (first - s);
	u8 *limit = (u8 *)out->ptr + out->cap - 1 - DECODE_ROOM;
	s = first;
	for (;;) {
		if (o > limit) {
			size_t done = (size_t)(o - (u8 *)out->ptr);
			size_t more = (size_t)(end - s) < 4096 ? (size_t)(end - s) : 4096;
			out->len = done;
			if (wn_buf_grow(out, more + DECODE_ROOM) < 0) {
				out->len = start;
				return WN_ENOMEM;
			}
			o = (u8 *)out->ptr + done;
			limit = (u8 *)out->ptr + out->cap - 1 - DECODE_ROOM;
		}
		copy_plain(&s, &o, end, limit);
		if (s >= end)
			break;                          /* unterminated */
		u8 c = *s;
		if (c != '"' && c != '\\' && c >= 0x20)
			continue;                       /* out of room: grow */
		if (c < 0x20)
			break;                          /* a control character */
		if (c == '"') {
			out->len = (size_t)(o - (u8 *)out->ptr);
			out->ptr[out->len] = '\0';
			*close = s;
			return 0;
		}
		/* an escape: the same checks as string_end(), the same result
		 * as decode_into() */
		if (end - s < 2)
			break;
		int b = escaped_byte(s[1]);
		if (b >= 0) {
			*o++ = (u8)b;
			s += 2;
			continue;
		}
		int hi = s[1] == 'u' && end - s >= 6 ? hex4(s + 2) : -1;
		if (hi < 0)
			goto fail;
		uint32_t cp = (uint32_t)hi;
		s += 4;
		/* a low surrogate's escape, if one follows, is inside the string:
		 * it holds no quote */
		int lo = is_high_surrogate(cp) && end - (s + 2) >= 6 && s[2] == '\\' && s[3] == 'u' ? hex4(s + 4) : -1;
		o = put_utf8(o, surrogate_cp(cp, lo, &s));
		s += 2;
	}
fail:
	out->len = start;
	return WN_EPARSE;
}

/* Returns the end of the number at S (RFC 8259 grammar), or NULL. */
static const u8 *number_end(jsonl_parser *p, const u8 *s, const u8 *end)
{
	const u8 *q = s;
	if (*q == '-')
		q++;
	if (q >= end || !is_digit(*q)) {
		fail_expected(p, q, end, "a digit");
		return NULL;
	}
	if (*q == '0') {
		q++;
	} else {
		while (q < end && is_digit(*q))
			q++;
	}
	if (q < end && *q == '.') {
		q++;
		if (q >= end || !is_digit(*q)) {
			fail_expected(p, q, end, "a digit after '.'");
			return NULL;
		}
		while (q < end && is_digit(*q))
			q++;
	}
	if (q < end && (*q == 'e' || *q == 'E')) {
		q++;
		if (q < end && (*q == '+' || *q == '-'))
			q++;
		if (q >= end || !is_digit(*q)) {
			fail_expected(p, q, end, "a digit in the exponent");
			return NULL;
		}
		while (q < end && is_digit(*q))
			q++;
	}
	return q;
}

static const u8 *literal_end(jsonl_parser *p, const u8 *s, const u8 *end, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(end - s) < n || memcmp(s, word, n) != 0) {
		fail(p, s, "invalid literal (expected %s)", word);
		return NULL;
	}
	return s + n;
}

/* At a member of an object (whitespace skipped): a key, then ':'. Leaves
 * *PP after the ':'. */
static int skip_key(jsonl_parser *p, const u8 **pp, const u8 *end)
{
	const u8 *s = *pp;
	int esc;
	if (s >= end || *s != '"')
		return fail_expected(p, s, end, "a key string");
	const u8 *close = string_end(p, s, end, &esc);
	if (!close)
		return WN_EPARSE;
	s = skip_ws(close + 1, end);
	if (s >= end || *s != ':')
		return fail_expected(p, s, end, "':'");
	*pp = s + 1;
	return 0;
}

/* Validates one value of any kind at *PP, inside DEPTH0 open containers, and
 * leaves *PP just after it. */
static int skip_value(jsonl_parser *p, const u8 **pp, const u8 *end, size_t depth0)
{
	const u8 *s = *pp;
	size_t depth = depth0;
	int esc;
	for (;;) {
		/* A value starts here. */
		s = skip_ws(s, end);
		if (s >= end)
			return fail_expected(p, s, end, "a value");
		switch (*s) {
		case '"': {
			const u8 *close = string_end(p, s, end, &esc);
			if (!close)
				return WN_EPARSE;
			s = close + 1;
			break;
		}
		case '{':
		case '[': {
			u8 open = *s;
			if (depth >= JSONL_MAX_DEPTH)
				return fail(p, s, "nested deeper than %d levels", JSONL_MAX_DEPTH);
			s = skip_ws(s + 1, end);
			if (s < end && *s == (open == '{' ? '}' : ']')) {
				s++;
				break;          /* empty container: a complete value */
			}
			p->stack[depth++] = open;
			if (open == '{')
				WN_TRY(skip_key(p, &s, end));
			continue;               /* its first value */
		}
		case 't': s = literal_end(p, s, end, "true"); break;
		case 'f': s = literal_end(p, s, end, "false"); break;
		case 'n': s = literal_end(p, s, end, "null"); break;
		default:
			if (*s != '-' && !is_digit(*s))
				return fail_expected(p, s, end, "a value");
			s = number_end(p, s, end);
			break;
		}
		if (!s)
			return WN_EPARSE;
		/* A value ended: close containers, or go on to the next element. */
		for (;;) {
			if (depth == depth0) {
				*pp = s;
				return 0;
			}
			u8 open = p->stack[depth - 1];
			s = skip_ws(s, end);
			if (s < end && *s == ',') {
				s = skip_ws(s + 1, end);
				if (open == '{')
					WN_TRY(skip_key(p, &s, end));
				break;
			}
			if (s < end && *s == (open == '{' ? '}' : ']')) {
				s++;
				depth--;
				continue;
			}
			return fail_expected(p, s, end, open == '{' ? "',' or '}'" : "',' or ']'");
		}
	}
}

/* Which requested slot KEY (between K and KEND, escaped or not) names. */
static int match_field(jsonl_parser *p, const u8 *k, const u8 *kend, int escaped, int *field)
{
	const char *key = (const char *)k;
	size_t klen = (size_t)(kend - k);
	*field = -1;
	if (escaped) {
		wn_buf_reset(&p->key);
		WN_TRY(decode_into(&p->key, k, kend));
		key = p->key.ptr;
		klen = p->key.len;
	}
	for (size_t i = 0; i < p->field_count; i++) {
		if (p->name[i] && p->alias[i] == i && p->name_len[i] == klen &&
		    memcmp(p->name[i], key, klen) == 0) {
			*field = (int)i;
			break;
		}
	}
	return 0;
}

/* Reads the value of a requested field at *PP. */
static int capture(jsonl_parser *p, size_t field, const u8 **pp, const u8 *end)
{
	const u8 *s = *pp;
	jsonl_value *v = &p->value[field];
	p->scratch_off[field] = SIZE_MAX;       /* a repeated key: the last wins */
	if (s < end && *s == '"') {
		const u8 *first = skip_plain(s + 1, end), *close;
		if (first < end && *first == '"') {     /* no escape: in place */
			v->kind = JSONL_STRING;
			v->str.ptr = (const char *)s + 1;
			v->str.len = (size_t)(first - s - 1);
			*pp = first + 1;
			return 0;
		}
		if (first < end && *first == '\\') {
			size_t off = p->scratch.len;
			int rc = decode_string(p, s, first, end, &close);
			if (rc == 0) {
				v->kind = JSONL_STRING;
				p->scratch_off[field] = off;
				v->str.ptr = NULL;      /* set once scratch stops moving */
				v->str.len = p->scratch.len - off;
				*pp = close + 1;
				return 0;
			}
			if (rc != WN_EPARSE)
				return rc;
			/* string_end() finds the error again and says what it is
			 * (and the plain path below stays the reference) */
		}
		int esc;
		close = string_end(p, s, end, &esc);
		if (!close)
			return WN_EPARSE;
		v->kind = JSONL_STRING;
		if (esc) {
			size_t off = p->scratch.len;
			WN_TRY(decode_into(&p->scratch, s + 1, close));
			p->scratch_off[field] = off;
			v->str.ptr = NULL;      /* set once scratch stops moving */
			v->str.len = p->scratch.len - off;
		} else {
			v->str.ptr = (const char *)s + 1;
			v->str.len = (size_t)(close - s - 1);
		}
		*pp = close + 1;
		return 0;
	}
	const u8 *start = s;
	WN_TRY(skip_value(p, &s, end, 1));
	switch (*start) {
	case '{': v->kind = JSONL_OBJECT; break;
	case '[': v->kind = JSONL_ARRAY; break;
	case 't': case 'f': v->kind = JSONL_BOOL; break;
	case 'n': v->kind = JSONL_NULL; break;
	default: v->kind = JSONL_NUMBER; break;
	}
	v->str.ptr = (const char *)start;
	v->str.len = (size_t)(s - start);
	*pp = s;
	return 0;
}

static int not_an_object(jsonl_parser *p, const u8 *s, const u8 *end)
{
	const char *what = NULL;
	switch (*s) {
	case '[': what = "an array"; break;
	case '"': what = "a string"; break;
	case 't': case 'f': what = "a boolean"; break;
	case 'n': what = "null"; break;
	default:
		if (*s == '-' || is_digit(*s))
			what = "a number";
	}
	if (!what)
		return fail_expected(p, s, end, "'{'");
	snprintf(p->error, sizeof(p->error), "record is not a JSON object (it is %s)", what);
	return WN_EPARSE;
}

int jsonl_parse(jsonl_parser *p, const char *line, size_t len)
{
	const u8 *s = (const u8 *)line;
	const u8 *end = s + len;

	p->line = line;
	p->error[0] = '\0';
	wn_buf_reset(&p->scratch);
	for (size_t i = 0; i < p->field_count; i++) {
		p->value[i].kind = JSONL_ABSENT;
		p->value[i].str.ptr = NULL;
		p->value[i].str.len = 0;
		p->scratch_off[i] = SIZE_MAX;
	}

	s = skip_ws(s, end);
	if (s >= end)
		return fail(p, s, "empty record");
	if (*s != '{')
		return not_an_object(p, s, end);
	s = skip_ws(s + 1, end);
	if (s < end && *s == '}') {
		s++;
	} else {
		for (;;) {
			int esc, field;
			if (s >= end || *s != '"')
				return fail_expected(p, s, end, "a key string");
			const u8 *kclose = string_end(p, s, end, &esc);
			if (!kclose)
				return WN_EPARSE;
			WN_TRY(match_field(p, s + 1, kclose, esc, &field));
			s = skip_ws(kclose + 1, end);
			if (s >= end || *s != ':')
				return fail_expected(p, s, end, "':'");
			s = skip_ws(s + 1, end);
			if (field >= 0)
				WN_TRY(capture(p, (size_t)field, &s, end));
			else
				WN_TRY(skip_value(p, &s, end, 1));
			s = skip_ws(s, end);
			if (s < end && *s == ',') {
				s = skip_ws(s + 1, end);
				continue;
			}
			if (s < end && *s == '}') {
				s++;
				break;
			}
			return fail_expected(p, s, end, "',' or '}'");
		}
	}
	s = skip_ws(s, end);
	if (s < end) {
		char what[24];
		describe(s, end, what, sizeof(what));
		return fail(p, s, "unexpected %s after the record", what);
	}

	/* The scratch buffer may have moved while decoding: point into it now. */
	for (size_t i = 0; i < p->field_count; i++) {
		if (p->scratch_off[i] != SIZE_MAX)
			p->value[i].str.ptr = p->scratch.ptr + p->scratch_off[i];
	}
	for (size_t i = 0; i < p->field_count; i++) {
		if (p->alias[i] != i)
			p->value[i] = p->value[p->alias[i]];
	}
	return 0;
}
