/* story/quotes.c - quotations and their speakers.
 * A quotation is the text between a pair of quotation marks (“…”, "…", «…»,
 * „…“, ‚…‘, ‘…’, ‹…›, 「…」, 『…』), outermost pairs only, of at least MIN_WORDS
 * words once normalised as Quotebank does (Vaucher et al., WSDM 2021: lower
 * case, punctuation removed). It may span single line breaks; a blank line
 * ends it unclosed (dropped), and so does the news convention of reopening
 * the quotation at the start of the next paragraph (kept: the first paragraph
 * is a whole quotation). The speaker comes from a reporting pattern next to the
 * quotation, as in Quootstrap (Pavllo et al., ICWSM 2018): `“Q,” X said`,
 * `“Q,” said X`, `“Q,” X, <apposition>, told …`, `X said: “Q”`, `according to
 * X`; a pronoun (`he said`) takes the nearest name before it that reported
 * something, and a quotation with no pattern that follows another one in the
 * same paragraph continues its speaker. */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "story/story.h"

void quote_list_init(quote_list *list)
{
	memset(list, 0, sizeof(*list));
	wn_buf_init(&list->strings);
}

void quote_list_release(quote_list *list)
{
	free(list->items);
	wn_buf_release(&list->strings);
	quote_list_init(list);
}

/* ---- normalisation -------------------------------------------------------- */

long quotes_normalize(wn_buf *out, const char *in, size_t len)
{
	const unsigned char *p = (const unsigned char *)in;
	long words = 0;
	int in_word = 0;
	size_t i = 0;
	while (i < len) {
		int32_t cp;
		int step = story_utf8_next(p + i, len - i, &cp);
		int cls = story_char_class(cp);
		if (cls == CH_LOWER || cls == CH_UPPER || cls == CH_DIGIT || (cls == CH_MARK && in_word)) {
			if (!in_word) {
				if (words > 0 && wn_buf_putc(out, ' '))
					return WN_ENOMEM;
				words++;
				in_word = 1;
			}
			if (cp < 0x80) {
				char c = (char)cp;
				if (c >= 'A' && c <= 'Z')
					c = (char)(c + 32);
				if (wn_buf_putc(out, c))
					return WN_ENOMEM;
			} else {
				utf8proc_uint8_t enc[4];
				utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_tolower(cp), enc);
				if (wn_buf_append(out, enc, (size_t)m))
					return WN_ENOMEM;
			}
		} else if (cls == CH_SPACE || cp == 0x2014 || cp == 0x2013 || cp == 0x2026 || cp == '/') {
			/* spaces, dashes, ellipses and slashes part words ... */
			in_word = 0;
		}
		/* ... other punctuation is removed, so "cease-fire" == "ceasefire" */
		i += (size_t)step;
	}
	return words;
}

/* ---- finding the marks ------------------------------------------------------ */

enum { Q_NONE = 0, Q_CURLY, Q_LOW9, Q_GUILLEMET, Q_GUILLEMET_REV, Q_SINGLE, Q_LOW9_SINGLE,
       Q_ANGLE_SINGLE, Q_CJK, Q_CJK_WHITE, Q_ASCII };

static int is_letter_or_digit(int32_t cp)
{
	int c = story_char_class(cp);
	return c == CH_LOWER || c == CH_UPPER || c == CH_DIGIT;
}

static int32_t cp_at(const unsigned char *p, size_t len, size_t i)
{
	int32_t cp;
	if (i >= len)
		return -2;
	story_utf8_next(p + i, len - i, &cp);
	return cp;
}

/* The code point that ends before byte I (or -2 at the start). */
static int32_t cp_before(const unsigned char *p, size_t i)
{
	if (i == 0)
		return -2;
	size_t j = i - 1;
	while (j > 0 && (p[j] & 0xC0) == 0x80 && i - j < 4)
		j--;
	int32_t cp;
	story_utf8_next(p + j, i - j, &cp);
	return cp;
}

/* May an opening mark stand after the code point PREV? */
static int opens_after(int32_t prev)
{
	if (prev == -2)
		return 1;
	int c = story_char_class(prev);
	return c == CH_SPACE || prev == '(' || prev == '[' || prev == '{' || prev == ':' ||
	       prev == ',' || prev == 0x2014 || prev == 0x2013 || prev == '-' || prev == '>';
}

/* The kind of quotation that the mark CP at byte I opens, or Q_NONE. */
static int opening_kind(const unsigned char *p, size_t len, size_t i, int32_t cp, int step)
{
	int32_t next = cp_at(p, len, i + (size_t)step);
	int32_t prev = cp_before(p, i);
	switch (cp) {
	case 0x201C: return Q_CURLY;
	case 0x201E: return Q_LOW9;
	case 0x00AB: return Q_GUILLEMET;
	case 0x00BB:
		return opens_after(prev) && next >= 0 && story_char_class(next) != CH_SPACE
			       ? Q_GUILLEMET_REV : Q_NONE;
	case 0x2039: return Q_ANGLE_SINGLE;
	case 0x300C: return Q_CJK;
	case 0x300E: return Q_CJK_WHITE;
	case 0x2018:
		return opens_after(prev) && is_letter_or_digit(next) ? Q_SINGLE : Q_NONE;
	case 0x201A:
		return opens_after(prev) && is_letter_or_digit(next) ? Q_LOW9_SINGLE : Q_NONE;
	case '"':
		return opens_after(prev) && next >= 0 && story_char_class(next) != CH_SPACE ? Q_ASCII
											       : Q_NONE;
	default: return Q_NONE;
	}
}

/* Does CP at byte I close a quotation of KIND? */
static int closes(int kind, const unsigned char *p, size_t len, size_t i, int32_t cp, int step)
{
	int32_t next = cp_at(p, len, i + (size_t)step);
	switch (kind) {
	case Q_CURLY:
		return cp == 0x201D || (cp == '"' && !is_letter_or_digit(next));
	case Q_LOW9: return cp == 0x201C || cp == 0x201D;
	case Q_GUILLEMET: return cp == 0x00BB;
	case Q_GUILLEMET_REV: return cp == 0x00AB;
	case Q_ANGLE_SINGLE: return cp == 0x203A;
	case Q_CJK: return cp == 0x300D;
	case Q_CJK_WHITE: return cp == 0x300F;
	case Q_SINGLE:
	case Q_LOW9_SINGLE:
		/* ’ is also the apostrophe: it closes only when no letter follows */
		return (cp == 0x2019 || cp == 0x2018) && !is_letter_or_digit(next);
	case Q_ASCII: return cp == '"';
	default: return 0;
	}
}

/* Is the mark CP a new opening of KIND (for the reopened paragraph)? */
static int same_opening(int kind, int32_t cp)
{
	switch (kind) {
	case Q_CURLY: return cp == 0x201C;
	case Q_LOW9: return cp == 0x201E;
	case Q_GUILLEMET: return cp == 0x00AB;
	case Q_ASCII: return cp == '"';
	default: return 0;
	}
}

typedef struct span {
	size_t open, body, body_end, close_end;   /* mark, content, end of content, after the closing mark */
	int closed;                                /* 0: ended by a reopened paragraph */
} span;

/* Is there a ” further in this paragraph? Then a '"' before it is a quotation
 * inside the curly one, not a sloppy closing mark. */
static int curly_close_ahead(const unsigned char *p, size_t len, size_t from, size_t body)
{
	for (size_t i = from; i + 2 < len && i - body <= QUOTES_MAX_BYTES; i++) {
		if (p[i] == '\n')
			return 0;
		if (p[i] == 0xE2 && p[i + 1] == 0x80 && p[i + 2] == 0x9D)
			return 1;
	}
	return 0;
}

/* Finds the end of the quotation of KIND whose content starts at BODY.
 * A line break inside a quotation is soft (a wrapped line) unless the line
 * ends a sentence, a blank line follows, or the next line opens a quotation:
 * then the paragraph ended with the quotation open. Returns 1 and fills S, or
 * 0 when it is unbalanced. */
static int find_close(const unsigned char *p, size_t len, int kind, size_t body, span *s)
{
	size_t i = body;
	while (i < len && i - body <= QUOTES_MAX_BYTES) {
		if (p[i] == '\n') {
			size_t j = i + 1;
			int blank = 0;
			while (j < len && (p[j] == ' ' || p[j] == '\t' || p[j] == '\r' || p[j] == '\n')) {
				if (p[j] == '\n')
					blank = 1;
				j++;
			}
			int32_t next = -2;
			int next_step = 1;
			if (j < len)
				next_step = story_utf8_next(p + j, len - j, &next);
			if (same_opening(kind, next)) {
				/* the next paragraph reopens it: this one was whole */
				s->body = body;
				s->body_end = i;
				s->close_end = i;
				s->closed = 0;
				return 1;
			}
			size_t k = i;
			while (k > body && (p[k - 1] == ' ' || p[k - 1] == '\t' || p[k - 1] == '\r'))
				k--;
			int32_t last = cp_before(p, k);
			if (blank || next == -2 || last == '.' || last == '!' || last == '?' ||
			    last == 0x2026 || opening_kind(p, len, j, next, next_step) != Q_NONE)
				return 0;
			i = j;
			continue;
		}
		int32_t cp;
		int step = story_utf8_next(p + i, len - i, &cp);
		if (closes(kind, p, len, i, cp, step) && !(kind == Q_CURLY && cp == '"' &&
							    curly_close_ahead(p, len, i + 1, body))) {
			s->body = body;
			s->body_end = i;
			s->close_end = i + (size_t)step;
			s->closed = 1;
			return 1;
		}
		i += (size_t)step;
	}
	return 0;
}

/* ---- words around a quotation -------------------------------------------- */

/* A word of a window of text, for the reporting patterns. */
typedef struct qword {
	size_t start, len;
	uint8_t cap;       /* starts with a capital letter */
	uint8_t poss;      /* ends in 's */
	uint8_t comma;     /* a comma (or other pause) stands right after it */
	uint8_t stop;      /* a sentence end, a colon or a quotation mark stands right after it */
} qword;

#define WINDOW_WORDS 48

/* Reads up to MAX words of P[FROM..TO). */
static size_t window_words(const unsigned char *p, size_t from, size_t to, qword *w, size_t max)
{
	size_t n = 0, i = from;
	while (i < to && n < max) {
		int32_t cp;
		int step = story_utf8_next(p + i, to - i, &cp);
		int cls = story_char_class(cp);
		if (cls == CH_LOWER || cls == CH_UPPER || cls == CH_DIGIT) {
			qword *q = &w[n++];
			memset(q, 0, sizeof(*q));
			q->start = i;
			q->cap = cls == CH_UPPER;
			while (i < to) {
				step = story_utf8_next(p + i, to - i, &cp);
				cls = story_char_class(cp);
				if (cls == CH_LOWER || cls == CH_UPPER || cls == CH_DIGIT || cls == CH_MARK ||
				    cp == '-') {
					i += (size_t)step;
					continue;
				}
				if ((cp == '\'' || cp == 0x2019) && i + (size_t)step < to &&
				    is_letter_or_digit(cp_at(p, to, i + (size_t)step))) {
					i += (size_t)step;
					continue;
				}
				break;
			}
			q->len = i - q->start;
			if (q->len >= 2 && (p[q->start + q->len - 1] == 's' || p[q->start + q->len - 1] == 'S')) {
				int32_t a = cp_before(p, q->start + q->len - 1);
				if (a == '\'' || a == 0x2019)
					q->poss = 1;
			}
			continue;
		}
		if (n > 0 && cls != CH_SPACE) {
			if (cp == ',' || cp == ';' || cp == '(' || cp == ')' || cp == 0x2014 || cp == 0x2013)
				w[n - 1].comma = 1;
			else
				w[n - 1].stop = 1;
		}
		i += (size_t)step;
	}
	return n;
}

/* Compares a word to a lower-case ASCII literal, ignoring case. */
static int word_is(const unsigned char *p, const qword *w, const char *lit)
{
	size_t n = strlen(lit);
	if (w->len != n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[w->start + i];
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c + 32);
		if (c != (unsigned char)lit[i])
			return 0;
	}
	return 1;
}

static int word_in(const unsigned char *p, const qword *w, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (word_is(p, w, list[i]))
			return 1;
	return 0;
}

static const char *const reporting_verbs[] = {
	"said", "says", "say", "told", "tells", "added", "adds", "asked", "asks", "explained",
	"explains", "stated", "states", "wrote", "writes", "noted", "notes", "continued",
	"insisted", "insists", "argued", "argues", "warned", "warns", "declared", "announced",
	"replied", "recalled", "claimed", "claims", "stressed", "acknowledged", "admitted",
	"tweeted", "posted", "commented", "remarked", "concluded", "suggested", "observed",
	"emphasized", "emphasised", "predicted", "promised", "vowed", "urged", "conceded",
	"confirmed", "countered", "responded", "reiterated", "quipped", "joked", "shouted",
	"cried", "whispered", "testified", "announces", "assured", "boasted", "complained",
	NULL
};

static const char *const pronouns[] = { "he", "she", "they", "i", "we", NULL };

/* Titles dropped from the front of a speaker's name. */
static const char *const titles[] = {
	"president", "vice", "prime", "minister", "secretary", "senator", "sen", "rep",
	"representative", "gov", "governor", "mayor", "dr", "mr", "mrs", "ms", "miss", "judge",
	"justice", "general", "gen", "col", "colonel", "lt", "sgt", "capt", "captain",
	"chancellor", "king", "queen", "prince", "princess", "pope", "coach", "chief", "officer",
	"director", "spokesman", "spokeswoman", "spokesperson", "ambassador", "commissioner",
	"chairman", "chairwoman", "ceo", "professor", "prof", "sir", "lord", "lady", "deputy",
	"foreign", "defense", "defence", "interior", "finance", "attorney", "detective",
	"sheriff", "inspector", "superintendent", "councillor", "councilman", "state", "former",
	"u", "s", "us", "uk", "premier", "speaker", "sheikh", "emir", NULL
};

static int is_name_word(const unsigned char *p, const qword *w)
{
	if (!w->cap || w->len < 2)
		return 0;
	char low[12];
	if (w->len < sizeof(low)) {
		for (size_t i = 0; i < w->len; i++) {
			unsigned char c = p[w->start + i];
			low[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
		if (story_is_stopword(low, w->len))
			return 0;
	}
	return !word_in(p, w, reporting_verbs);
}

/* A speaker found next to a quotation: a byte range of the text, or a
 * pronoun to resolve. */
typedef struct speaker_ref {
	size_t start, end;   /* end == 0: none */
	int pronoun;
} speaker_ref;

/* The name of words W[FROM..TO) without leading titles. */
static void set_name(speaker_ref *r, const unsigned char *p, const qword *w, size_t from, size_t to)
{
	/* "Turkish President Tayyip Erdogan": the name follows the last title */
	for (size_t i = to - 1; i > from; i--)
		if (word_in(p, &w[i - 1], titles)) {
			from = i;
			break;
		}
	while (to - from > 1 && word_in(p, &w[from], titles))
		from++;
	if (word_in(p, &w[from], titles) && to - from == 1)
		return;
	r->start = w[from].start;
	r->end = w[to - 1].start + w[to - 1].len;
	if (w[to - 1].poss)
		r->end -= (p[r->end - 2] == '\'') ? 2 : 4;
	r->pronoun = 0;
}

/* The capitalised run that ends at word END (inclusive), at most 5 words and
 * never across punctuation; returns its first word or SIZE_MAX. */
static size_t name_back(const unsigned char *p, const qword *w, size_t end)
{
	if (!is_name_word(p, &w[end]) || w[end].poss)
		return SIZE_MAX;
	size_t from = end;
	while (from > 0 && end - from < 4 && is_name_word(p, &w[from - 1]) && !w[from - 1].comma &&
	       !w[from - 1].stop && !w[from - 1].poss)
		from--;
	return from;
}

/* The capitalised run that starts at word FROM; returns its end (exclusive) or FROM. */
static size_t name_forward(const unsigned char *p, const qword *w, size_t n, size_t from)
{
	size_t to = from;
	while (to < n && to - from < 5 && is_name_word(p, &w[to])) {
		to++;
		if (w[to - 1].comma || w[to - 1].stop || w[to - 1].poss)
			break;
	}
	return to;
}

/* After the closing mark: `, X said`, `, said X`, `, X, <apposition>, said`,
 * `, he said`, `, according to X`. */
static void speaker_after(const unsigned char *p, size_t len, size_t from, speaker_ref *r)
{
	qword w[WINDOW_WORDS];
	size_t to = from + 240 < len ? from + 240 : len;
	/* stop at the end of the sentence or the next quotation */
	for (size_t i = from; i < to; i++) {
		if (p[i] == '\n' || p[i] == '"' || (p[i] == 0xE2 && i + 2 < len && p[i + 1] == 0x80 &&
						   (p[i + 2] == 0x9C || p[i + 2] == 0x9E))) {
			to = i;
			break;
		}
	}
	size_t n = window_words(p, from, to, w, WINDOW_WORDS);
	if (n == 0)
		return;
	if (word_in(p, &w[0], reporting_verbs)) {
		if (n > 1 && word_in(p, &w[1], pronouns)) {
			r->pronoun = 1;
			return;
		}
		if (n > 1 && !w[0].stop) {
			size_t end = name_forward(p, w, n, 1);
			if (end > 1)
				set_name(r, p, w, 1, end);
		}
		return;
	}
	if (word_in(p, &w[0], pronouns)) {
		if (n > 1 && word_in(p, &w[1], reporting_verbs) && !w[0].stop)
			r->pronoun = 1;
		return;
	}
	if (n > 2 && word_is(p, &w[0], "according") && word_is(p, &w[1], "to")) {
		size_t at = 2 + (word_is(p, &w[2], "the") && n > 3);
		size_t end = name_forward(p, w, n, at);
		if (end > at)
			set_name(r, p, w, at, end);
		return;
	}
	/* a lower-case description may precede the name: "union leader X said" */
	size_t at = 0;
	while (at < n && at < 3 && !w[at].cap && !w[at].comma && !w[at].stop &&
	       !word_in(p, &w[at], reporting_verbs))
		at++;
	if (at > 0 && (at >= n || !w[at].cap))
		return;
	size_t end = name_forward(p, w, n, at);
	if (end == at || end >= n || w[end - 1].stop)
		return;
	if (at > 0 && !word_in(p, &w[end], reporting_verbs))
		return;
	size_t verb = end;
	if (w[end - 1].comma) {
		/* an apposition: ", Zelenskiy's deputy chief of staff, said" */
		size_t j = end;
		while (j < n && j - end < 15 && !w[j].comma && !w[j].stop)
			j++;
		if (j >= n || !w[j].comma)
			return;
		verb = j + 1;
	} else if (w[end - 1].poss) {
		return;
	}
	/* an adverb may stand before the verb: "X later said" */
	if (verb < n && !word_in(p, &w[verb], reporting_verbs) && verb + 1 < n &&
	    p[w[verb].start + w[verb].len - 1] == 'y' && !w[verb].comma)
		verb++;
	if (verb < n && word_in(p, &w[verb], reporting_verbs))
		set_name(r, p, w, at, end);
}

/* Before the opening mark, in the same sentence: `X said: “Q”`, `X said that
 * … “Q”`, `X, <apposition>, said “Q”`, `he said “Q”`, `according to X, “Q”`. */
static void speaker_before(const unsigned char *p, size_t open, speaker_ref *r)
{
	size_t from = open > 300 ? open - 300 : 0;
	/* back to the start of the sentence */
	for (size_t i = open; i > from; i--) {
		unsigned char c = p[i - 1];
		if (c == '\n' || ((c == '.' || c == '!' || c == '?') && i < open && p[i] == ' ') ||
		    c == '"' || (c == 0x9D && i >= 3 && p[i - 2] == 0x80 && p[i - 3] == 0xE2)) {
			from = i;
			break;
		}
	}
	qword w[WINDOW_WORDS];
	size_t n = window_words(p, from, open, w, WINDOW_WORDS);
	if (n == WINDOW_WORDS || n == 0)
		return;
	for (size_t v = n; v-- > 0;) {
		if (word_is(p, &w[v], "according") && v + 2 < n && word_is(p, &w[v + 1], "to")) {
			size_t at = v + 2 + (word_is(p, &w[v + 2], "the") && v + 3 < n);
			size_t end = name_forward(p, w, n, at);
			if (end > at)
				set_name(r, p, w, at, end);
			return;
		}
		if (!word_in(p, &w[v], reporting_verbs))
			continue;
		if (v == 0)
			return;
		if (word_in(p, &w[v - 1], pronouns)) {
			r->pronoun = 1;
			return;
		}
		size_t last = v - 1;
		/* "X later said", "X also told" */
		if (!w[last].cap && last > 0 && !w[last - 1].comma && !w[last - 1].stop &&
		    (word_is(p, &w[last], "also") || p[w[last].start + w[last].len - 1] == 'y'))
			last--;
		if (w[last].comma && last > 0) {
			/* an apposition: walk back to the comma that opens it */
			size_t j = last;
			while (j > 0 && last - j < 15 && !w[j - 1].comma && !w[j - 1].stop)
				j--;
			if (j == 0 || !w[j - 1].comma)
				return;
			last = j - 1;
		}
		size_t first = name_back(p, w, last);
		if (first != SIZE_MAX)
			set_name(r, p, w, first, last + 1);
		return;
	}
}

/* The referent of a pronoun before OPEN, within a few sentences: the nearest
 * of a name that reported something ("Zhovkva said ...", "said Zhovkva") and
 * a name that opens a sentence, its subject ("Tom Becker, whose farm ...,
 * was blunt."). */
static void nearest_reporter(const unsigned char *p, size_t open, speaker_ref *r)
{
	size_t from = open > 600 ? open - 600 : 0;
	qword w[128];
	size_t n = window_words(p, from, open, w, 128);
	for (size_t v = n; v-- > 0;) {
		/* a sentence-initial name */
		if ((v == 0 ? from == 0 : w[v - 1].stop) && is_name_word(p, &w[v])) {
			size_t end = name_forward(p, w, n, v);
			if (end > v && !w[end - 1].poss) {
				set_name(r, p, w, v, end);
				return;
			}
		}
		if (v == 0 || !word_in(p, &w[v], reporting_verbs))
			continue;
		size_t first = name_back(p, w, v - 1);
		if (first != SIZE_MAX && !w[v - 1].comma && !w[v - 1].stop) {
			set_name(r, p, w, first, v);
			return;
		}
		if (v + 1 < n && !w[v].stop && !w[v].comma) {
			size_t end = name_forward(p, w, n, v + 1);
			if (end > v + 1) {
				set_name(r, p, w, v + 1, end);
				return;
			}
		}
	}
}

/* ---- extraction ---------------------------------------------------------- */

/* Appends the whitespace-collapsed, trimmed wording S to STRINGS, cut at a
 * word boundary past QUOTES_MAX_TEXT bytes. */
static int append_wording(wn_buf *strings, const unsigned char *s, size_t len, uint32_t *off,
			  uint32_t *out_len)
{
	while (len > 0 && (s[0] == ' ' || s[0] == '\n' || s[0] == '\t' || s[0] == '\r'))
		s++, len--;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\n' || s[len - 1] == '\t' ||
			   s[len - 1] == '\r' || s[len - 1] == ',' || s[len - 1] == ';' || s[len - 1] == ':'))
		len--;
	*off = (uint32_t)strings->len;
	WN_TRY(wn_buf_grow(strings, len < QUOTES_MAX_TEXT + 8 ? len : QUOTES_MAX_TEXT + 8));
	size_t start = strings->len;
	int space = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = s[i];
		/* NUL bytes would cut the C string the API hands out */
		if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\0') {
			space = 1;
			continue;
		}
		/* past the cap: cut at a word, or at a character in a long word */
		size_t have = strings->len - start;
		if ((have >= QUOTES_MAX_TEXT && (space || (c & 0xC0) != 0x80)) || have >= QUOTES_MAX_TEXT + 3) {
			WN_TRY(wn_buf_append(strings, space ? " \xE2\x80\xA6" : "\xE2\x80\xA6", space ? 4 : 3));
			break;
		}
		if (space) {
			WN_TRY(wn_buf_putc(strings, ' '));
			space = 0;
		}
		WN_TRY(wn_buf_putc(strings, (char)c));
	}
	*out_len = (uint32_t)(strings->len - start);
	return 0;
}

static int append_speaker(wn_buf *strings, const unsigned char *s, size_t len, quote_item *q)
{
	if (len > QUOTES_MAX_SPEAKER)
		return 0;
	uint32_t off, n;
	WN_TRY(append_wording(strings, s, len, &off, &n));
	q->speaker_off = off;
	q->speaker_len = n;
	return 0;
}

int quotes_extract(quote_list *out, const char *text, size_t len, size_t min_words)
{
	const unsigned char *p = (const unsigned char *)text;
	out->count = 0;
	out->dropped = 0;
	wn_buf_reset(&out->strings);
	if (len > UINT32_MAX)
		len = UINT32_MAX;   /* offsets are 32-bit; documents are far smaller */
	if (min_words == 0)
		min_words = 1;
	size_t i = 0;
	size_t prev_close = SIZE_MAX;   /* where the previous quotation ended */
	while (i < len) {
		/* quotation marks all start with '"' or a byte >= 0xC2 */
		if (p[i] != '"' && p[i] < 0xC2) {
			i++;
			continue;
		}
		int32_t cp;
		int step = story_utf8_next(p + i, len - i, &cp);
		int kind = opening_kind(p, len, i, cp, step);
		if (kind == Q_NONE) {
			i += (size_t)step;
			continue;
		}
		span s;
		s.open = i;
		if (!find_close(p, len, kind, i + (size_t)step, &s)) {
			i += (size_t)step;
			continue;
		}
		i = s.close_end > i ? s.close_end : i + (size_t)step;
		if (out->count >= QUOTES_MAX_PER_DOC) {
			out->dropped++;
			continue;
		}
		size_t norm_start = out->strings.len;
		long words = quotes_normalize(&out->strings, text + s.body, s.body_end - s.body);
		if (words < 0)
			return (int)words;
		if ((size_t)words < min_words) {
			if (out->strings.ptr) {
				out->strings.len = norm_start;
				out->strings.ptr[norm_start] = '\0';
			}
			continue;
		}
		/* keep at most QUOTES_MAX_WORDS normalised words for matching */
		size_t norm_len = out->strings.len - norm_start;
		if (words > QUOTES_MAX_WORDS) {
			size_t seen = 0;
			for (size_t k = norm_start; k < out->strings.len; k++)
				if (out->strings.ptr[k] == ' ' && ++seen == QUOTES_MAX_WORDS) {
					norm_len = k - norm_start;
					break;
				}
			out->strings.len = norm_start + norm_len;
			out->strings.ptr[out->strings.len] = '\0';
		}
		WN_TRY(wn_grow_array((void **)&out->items, &out->cap, out->count + 1, sizeof(quote_item)));
		quote_item *q = &out->items[out->count];
		memset(q, 0, sizeof(*q));
		q->norm_off = (uint32_t)norm_start;
		q->norm_len = (uint32_t)norm_len;
		q->word_count = (uint32_t)words;
		q->start = (uint32_t)s.open;
		WN_TRY(append_wording(&out->strings, p + s.body, s.body_end - s.body, &q->text_off,
				      &q->text_len));

		speaker_ref r = { 0, 0, 0 };
		if (s.closed)
			speaker_after(p, len, s.close_end, &r);
		if (!r.end && !r.pronoun)
			speaker_before(p, s.open, &r);
		if (r.pronoun)
			nearest_reporter(p, s.open, &r);
		if (r.end > r.start) {
			WN_TRY(append_speaker(&out->strings, p + r.start, r.end - r.start, q));
		} else if (out->count > 0 && prev_close != SIZE_MAX) {
			/* a quotation right after another one in the same paragraph
			 * continues its speaker */
			int same_par = 1;
			for (size_t k = prev_close; k < s.open; k++)
				if (p[k] == '\n') {
					same_par = 0;
					break;
				}
			quote_item *prev = &out->items[out->count - 1];
			if (same_par && s.open - prev_close < 400 && prev->speaker_len) {
				q->speaker_off = prev->speaker_off;
				q->speaker_len = prev->speaker_len;
			}
		}
		prev_close = s.close_end;
		out->count++;
	}
	return 0;
}
