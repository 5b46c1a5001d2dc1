/* story/terms.c - the terms of one text: Snowball stems of the words that are
 * not stopwords, 4-digit years, phrases (two stems in a row within a clause)
 * and capitalised names. Text is read line by line; a line whose words are
 * nearly all capitalised (a headline) gives words but no names, since its
 * capitals say nothing. A title inside a run of capitals splits it ("Russian
 * President Vladimir Putin": "Russian", "Vladimir Putin"); transliterated
 * spellings of a name fold together (Zelensky, Zelenskiy, Zelenskyy). ASCII
 * takes a fast path; other code points are classified with utf8proc.
 * Stemming goes through a direct-mapped cache of 2^19 word forms (8 MiB):
 * a few thousand forms make up most of the tokens of news text, but the
 * long tail of a big corpus missed a 2^14 cache often enough that Snowball
 * showed as a fifth of the story stage in profiles. */
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>
#include <utf8proc.h>

#include "story/story.h"

/* ---- characters --------------------------------------------------------- */

int story_utf8_decode(const unsigned char *s, size_t len, int32_t *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t n = utf8proc_iterate(s, (utf8proc_ssize_t)(len > 4 ? 4 : len), &c);
	if (n <= 0) {
		*cp = -1;
		return 1;
	}
	*cp = c;
	return (int)n;
}

#define L CH_LOWER
#define U CH_UPPER
#define D CH_DIGIT
#define S CH_SPACE
const uint8_t story_ascii_class[128] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, S, S, S, S, S, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	S, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	D, D, D, D, D, D, D, D, D, D, 0, 0, 0, 0, 0, 0,
	0, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U,
	U, U, U, U, U, U, U, U, U, U, U, 0, 0, 0, 0, 0,
	0, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L,
	L, L, L, L, L, L, L, L, L, L, L, 0, 0, 0, 0, 0,
};
#undef L
#undef U
#undef D
#undef S

int story_unicode_class(int32_t cp)
{
	if (cp < 0)
		return CH_OTHER;
	if (cp < 0x80)
		return story_ascii_class[cp];
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LT:
		return CH_UPPER;
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
		return CH_LOWER;
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		return CH_MARK;
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return CH_DIGIT;
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
		return CH_SPACE;
	default:
		return CH_OTHER;
	}
}

/* ---- the per-document term table ----------------------------------------- */

/* Where a term occurs. */
enum { IN_BODY = 0, IN_LEAD = 1, IN_TITLE = 2 };

void term_list_init(term_list *list)
{
	memset(list, 0, sizeof(*list));
	wn_buf_init(&list->surfaces);
}

void term_list_release(term_list *list)
{
	free(list->items);
	free(list->slot_gen_idx);
	wn_buf_release(&list->surfaces);
	term_list_init(list);
}

static void term_list_reset(term_list *list)
{
	list->count = 0;
	list->tokens = 0;
	wn_buf_reset(&list->surfaces);
	/* A new generation empties every slot without touching them. */
	if (++list->gen == 0) {
		if (list->slot_gen_idx)
			memset(list->slot_gen_idx, 0, list->slot_cap * sizeof(uint64_t));
		list->gen = 1;
	}
}

static int term_list_rehash(term_list *list, size_t cap)
{
	uint64_t *slots = calloc(cap, sizeof(uint64_t));
	if (!slots)
		return WN_ENOMEM;
	for (size_t i = 0; i < list->count; i++) {
		size_t pos = (size_t)wn_mix64(list->items[i].hash) & (cap - 1);
		while (slots[pos])
			pos = (pos + 1) & (cap - 1);
		slots[pos] = ((uint64_t)list->gen << 32) | (uint64_t)(i + 1);
	}
	free(list->slot_gen_idx);
	list->slot_gen_idx = slots;
	list->slot_cap = cap;
	return 0;
}

/* Counts one occurrence of HASH in the body, the lead (also body) or the
 * title (WHERE); SURF is recorded the first time. */
static int term_list_add(term_list *list, uint64_t hash, int kind, int where,
			 const char *surf, size_t surf_len)
{
	int in_title = where == IN_TITLE;
	if ((list->count + 1) * 2 > list->slot_cap)
		WN_TRY(term_list_rehash(list, list->slot_cap ? list->slot_cap * 2 : 1024));
	size_t mask = list->slot_cap - 1;
	size_t pos = (size_t)wn_mix64(hash) & mask;
	for (;;) {
		uint64_t s = list->slot_gen_idx[pos];
		if ((uint32_t)(s >> 32) != list->gen || (uint32_t)s == 0)
			break;
		term_occ *t = &list->items[(uint32_t)s - 1];
		if (t->hash == hash && t->kind == kind) {
			if (in_title)
				t->title++;
			else
				t->count++;
			t->lead += where == IN_LEAD;
			return 0;
		}
		pos = (pos + 1) & mask;
	}
	WN_TRY(wn_grow_array((void **)&list->items, &list->cap, list->count + 1, sizeof(term_occ)));
	if (list->surfaces.len > UINT32_MAX - surf_len)
		return WN_ETOOBIG;
	term_occ *t = &list->items[list->count];
	t->hash = hash;
	t->kind = (uint8_t)kind;
	t->count = in_title ? 0 : 1;
	t->title = in_title ? 1 : 0;
	t->lead = where == IN_LEAD;
	t->surf_off = (uint32_t)list->surfaces.len;
	t->surf_len = (uint32_t)surf_len;
	if (surf_len)   /* phrases have none */
		WN_TRY(wn_buf_append(&list->surfaces, surf, surf_len));
	list->count++;
	list->slot_gen_idx[pos] = ((uint64_t)list->gen << 32) | (uint64_t)list->count;
	return 0;
}

/* ---- context: stemmer and stem cache ------------------------------------- */

#define STEM_CACHE_BITS 19      /* measured: 2^17 and 2^19 on 300 MB, 2^19 5% faster */
#define STEM_CACHE_SIZE ((size_t)1 << STEM_CACHE_BITS)

typedef struct stem_entry {
	uint64_t word;      /* hash of the lower-cased word; 0: empty */
	uint64_t stem;      /* hash of its stem; 0: a stopword */
} stem_entry;

#define WORD_SET_SIZE 1024

/* One token of the current line. */
typedef struct tok {
	uint64_t key;          /* stem_key() of a plain lower-case word, else 0 */
	uint32_t start, len;   /* bytes in the text */
	uint8_t flags;
	uint8_t sep;           /* what separates it from the previous token */
} tok;

enum { T_CAP = 1, T_ALLUP = 2, T_DIGIT = 4, T_ALPHA = 8, T_POSS = 16, T_APOS = 32, T_PLAIN = 64 };
enum { S_SPACE = 0, S_HYPHEN = 1, S_DOT = 2, S_PUNCT = 3, S_SENT = 4, S_LINE = 5 };

struct terms_ctx {
	struct sb_stemmer *stemmer;
	stem_entry *cache;
	tok *toks;
	size_t tok_cap;
	wn_buf word;        /* the current lower-cased word */
	wn_buf name;        /* the current name, lower-cased, for hashing */
	wn_buf name_surf;   /* the current name as written */
	wn_buf tmp;
	wn_buf surf;        /* a proper noun as written, lower-cased */
	size_t lead_words;
	size_t phrase_words;   /* phrases come from the first words only */
	/* the stopword and title tables as hash sets: the lookups are hot */
	uint64_t stop_set[WORD_SET_SIZE];
	uint64_t prefix_set[WORD_SET_SIZE];
};

static uint64_t word_key(const char *w, size_t len)
{
	return wn_hash64(w, len, 0x570b) | 1;
}

static void word_set_build(uint64_t *set, const char *const *table, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t k = word_key(table[i], strlen(table[i]));
		size_t pos = (size_t)k & (WORD_SET_SIZE - 1);
		while (set[pos])
			pos = (pos + 1) & (WORD_SET_SIZE - 1);
		set[pos] = k;
	}
}

/* A 64-bit hash stands for the word: a false match is as likely as a
 * collision of two words in the vocabulary. */
static int word_set_has(const uint64_t *set, const char *w, size_t len)
{
	if (len == 0 || len > 14)
		return 0;
	uint64_t k = word_key(w, len);
	size_t pos = (size_t)k & (WORD_SET_SIZE - 1);
	while (set[pos]) {
		if (set[pos] == k)
			return 1;
		pos = (pos + 1) & (WORD_SET_SIZE - 1);
	}
	return 0;
}

int terms_new(terms_ctx **out, const char *language)
{
	terms_ctx *ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return WN_ENOMEM;
	ctx->stemmer = sb_stemmer_new(language ? language : "english", NULL);
	if (!ctx->stemmer) {
		free(ctx);
		return WN_EINVAL;
	}
	ctx->cache = calloc(STEM_CACHE_SIZE, sizeof(stem_entry));
	if (!ctx->cache) {
		sb_stemmer_delete(ctx->stemmer);
		free(ctx);
		return WN_ENOMEM;
	}
	wn_buf_init(&ctx->word);
	wn_buf_init(&ctx->name);
	wn_buf_init(&ctx->name_surf);
	wn_buf_init(&ctx->tmp);
	wn_buf_init(&ctx->surf);
	const char *const *table;
	size_t n = story_stopword_table(&table);
	word_set_build(ctx->stop_set, table, n);
	n = story_name_prefix_table(&table);
	word_set_build(ctx->prefix_set, table, n);
	*out = ctx;
	return 0;
}

void terms_free(terms_ctx *ctx)
{
	if (!ctx)
		return;
	sb_stemmer_delete(ctx->stemmer);
	free(ctx->cache);
	free(ctx->toks);
	wn_buf_release(&ctx->word);
	wn_buf_release(&ctx->name);
	wn_buf_release(&ctx->name_surf);
	wn_buf_release(&ctx->tmp);
	wn_buf_release(&ctx->surf);
	free(ctx);
}

/* Appends the lower-cased form of S to B; apostrophes become ASCII '. */
static int lower_into(wn_buf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	WN_TRY(wn_buf_grow(b, len));
	size_t i = 0;
	while (i < len) {
		if (p[i] < 0x80) {
			unsigned char c = p[i];
			if (c >= 'A' && c <= 'Z')
				c = (unsigned char)(c + 32);
			b->ptr[b->len++] = (char)c;
			i++;
			continue;
		}
		int32_t cp;
		int n = story_utf8_next(p + i, len - i, &cp);
		if (cp == 0x2019 || cp == 0x2018) {
			b->ptr[b->len++] = '\'';
		} else if (cp < 0) {
			b->ptr[b->len++] = '?';
		} else {
			utf8proc_uint8_t enc[4];
			utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_tolower(cp), enc);
			WN_TRY(wn_buf_grow(b, (size_t)m + (len - i)));
			memcpy(b->ptr + b->len, enc, (size_t)m);
			b->len += (size_t)m;
		}
		i += (size_t)n;
	}
	b->ptr[b->len] = '\0';
	return 0;
}

/* Folds the spelling variants that transliteration gives a name, in place
 * on the lower-cased W: doubled letters collapse and a final "iy" or "y"
 * becomes "i", so that Zelensky, Zelenskiy and Zelenskyy are one name.
 * Accents are stripped by lower_name(). Returns the new length. */
static size_t fold_spelling(char *w, size_t len)
{
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		char c = w[i];
		if (o > 0 && c == w[o - 1] && c >= 'a' && c <= 'z')
			continue;
		w[o++] = c;
	}
	if (o >= 4 && w[o - 1] == 'y') {
		if (w[o - 2] == 'i')
			o--;
		else
			w[o - 1] = 'i';
	}
	return o;
}

/* Appends the lower-cased, accent-free form of S to B (for names). */
static int lower_name(wn_buf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		if (p[i] < 0x80) {
			size_t j = i;
			while (j < len && p[j] < 0x80)
				j++;
			WN_TRY(lower_into(b, s + i, j - i));
			i = j;
			continue;
		}
		int32_t cp;
		int n = story_utf8_next(p + i, len - i, &cp);
		if (cp == 0x2019 || cp == 0x2018) {
			WN_TRY(wn_buf_putc(b, '\''));
			i += (size_t)n;
			continue;
		}
		utf8proc_int32_t parts[8];
		utf8proc_ssize_t m = cp < 0 ? -1 : utf8proc_decompose_char(cp, parts, 8,
			UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD, NULL);
		if (m <= 0 || m > 8) {
			WN_TRY(lower_into(b, s + i, (size_t)n));
		} else {
			for (utf8proc_ssize_t k = 0; k < m; k++) {
				utf8proc_uint8_t enc[4];
				utf8proc_ssize_t e = utf8proc_encode_char(parts[k], enc);
				WN_TRY(wn_buf_append(b, enc, (size_t)e));
			}
		}
		i += (size_t)n;
	}
	return 0;
}

/* A token with an apostrophe: "Russia's" -> "russia", "o'brien" -> "obrien";
 * contractions stay whole for the stopword test. Works in place on W. */
static size_t fold_apostrophe(const terms_ctx *ctx, char *w, size_t len)
{
	if (len >= 2 && w[len - 2] == '\'' && w[len - 1] == 's')
		len -= 2;
	else if (len >= 1 && w[len - 1] == '\'')
		len -= 1;
	if (word_set_has(ctx->stop_set, w, len))
		return len;
	size_t o = 0;
	for (size_t i = 0; i < len; i++)
		if (w[i] != '\'')
			w[o++] = w[i];
	return o;
}

static uint64_t stem_key(const char *w, size_t len)
{
	return wn_hash64(w, len, 0x5eed) | 1;
}

static stem_entry *stem_slot(const terms_ctx *ctx, uint64_t key)
{
	return &ctx->cache[wn_mix64(key) & (STEM_CACHE_SIZE - 1)];
}

/* Looks up or computes the stem hash of the lower-cased word W (whose
 * stem_key() is KEY); 0 means "not a term" (stopword). */
static uint64_t stem_of(terms_ctx *ctx, const char *w, size_t len, uint64_t key)
{
	stem_entry *e = stem_slot(ctx, key);
	if (e->word == key)
		return e->stem;
	uint64_t stem = 0;
	if (!word_set_has(ctx->stop_set, w, len)) {
		const sb_symbol *s = sb_stemmer_stem(ctx->stemmer, (const sb_symbol *)w, (int)len);
		if (s) {
			int slen = sb_stemmer_length(ctx->stemmer);
			stem = wn_hash64(s, (size_t)slen, 0) | 1;
		} else {
			stem = wn_hash64(w, len, 0) | 1; /* out of memory in the stemmer: the word itself */
		}
	}
	e->word = key;
	e->stem = stem;
	return stem;
}

/* Years are the only numbers kept: they tell apart two events of one kind. */
static int is_year(const char *w, size_t len)
{
	if (len != 4)
		return 0;
	for (size_t i = 0; i < 4; i++)
		if (w[i] < '0' || w[i] > '9')
			return 0;
	int y = (w[0] - '0') * 1000 + (w[1] - '0') * 100 + (w[2] - '0') * 10 + (w[3] - '0');
	return y >= 1800 && y <= 2199;
}

static int is_quote_mark(int32_t cp)
{
	return cp == '"' || cp == 0x201C || cp == 0x201D || cp == 0x201E || cp == 0x00AB ||
	       cp == 0x00BB || cp == 0x2018 || cp == 0x201A || cp == 0x300C || cp == 0x300E;
}

/* Splits the line TEXT[BASE..BASE+LEN) into tokens, and classifies the gap
 * before each: a sentence end or an opening quotation mark make the next
 * word sentence-initial, where a capital says nothing. */
static int tokenize_line(terms_ctx *ctx, const char *text, size_t base, size_t len, size_t *count)
{
	const unsigned char *p = (const unsigned char *)text + base;
	size_t n = 0, i = 0;
	int gap_dot = 0, gap_hyph = 0, gap_other = 0, gap_sent = 0, gap_open_quote = 0;
	while (i < len) {
		int32_t cp;
		int step = story_utf8_next(p + i, len - i, &cp);
		int cls = story_char_class(cp);
		if (cls == CH_LOWER || cls == CH_UPPER || cls == CH_DIGIT) {
			int sep;
			if (n == 0)
				sep = S_LINE;
			else if (gap_sent || gap_open_quote || (gap_dot && gap_other) || gap_dot > 1)
				sep = S_SENT;
			else if (gap_dot)
				sep = ctx->toks[n - 1].len == 1 ? S_DOT : S_SENT;
			else if (gap_other || gap_hyph > 1)
				sep = S_PUNCT;
			else if (gap_hyph)
				sep = S_HYPHEN;
			else
				sep = S_SPACE;
			gap_dot = gap_hyph = gap_other = gap_sent = gap_open_quote = 0;

			size_t start = i;
			uint8_t flags = 0;
			int letters = 0, uppers = 0, first = 1;
			/* the common case first: ASCII lower case and digits */
			while (i < len && ((p[i] >= 'a' && p[i] <= 'z') || (p[i] >= '0' && p[i] <= '9'))) {
				if (p[i] >= 'a') {
					letters++;
					flags |= T_ALPHA;
				} else {
					flags |= T_DIGIT;
				}
				first = 0;
				i++;
			}
			if (i == len || story_char_class(p[i] < 0x80 ? p[i] : -1) == CH_SPACE ||
			    (p[i] < 0x80 && p[i] != '\'' && story_ascii_class[p[i]] == CH_OTHER))
				flags |= T_PLAIN;
			while (i < len && !(flags & T_PLAIN)) {
				step = story_utf8_next(p + i, len - i, &cp);
				cls = story_char_class(cp);
				if (cls == CH_LOWER || cls == CH_UPPER) {
					letters++;
					if (cls == CH_UPPER) {
						uppers++;
						if (first)
							flags |= T_CAP;
					}
					flags |= T_ALPHA;
				} else if (cls == CH_DIGIT) {
					flags |= T_DIGIT;
				} else if (cls == CH_MARK) {
					/* combining marks belong to the word */
				} else if ((cp == '\'' || cp == 0x2019) && i + (size_t)step < len) {
					/* an apostrophe followed by a letter stays in the word */
					int32_t nx;
					story_utf8_next(p + i + step, len - i - (size_t)step, &nx);
					int nc = story_char_class(nx);
					if (nc != CH_LOWER && nc != CH_UPPER)
						break;
					flags |= T_APOS;
				} else {
					break;
				}
				first = 0;
				i += (size_t)step;
			}
			if (letters > 1 && uppers == letters)
				flags |= T_ALLUP;
			if (n + 1 > ctx->tok_cap)
				WN_TRY(wn_grow_array((void **)&ctx->toks, &ctx->tok_cap, n + 1, sizeof(tok)));
			size_t tlen = i - start;
			ctx->toks[n].start = (uint32_t)(base + start);
			ctx->toks[n].len = tlen > UINT32_MAX ? UINT32_MAX : (uint32_t)tlen;
			ctx->toks[n].flags = flags;
			ctx->toks[n].sep = (uint8_t)sep;
			n++;
			continue;
		}
		if (cls != CH_SPACE) {
			gap_open_quote = 0;
			if (cp == '.')
				gap_dot++;
			else if (cp == '-')
				gap_hyph++;
			else if (cp == '!' || cp == '?' || cp == ':' || cp == ';' || cp == 0x2026)
				gap_sent++;
			else
				gap_other++;
			/* a quotation mark right before a word opens a quotation */
			if (is_quote_mark(cp))
				gap_open_quote = 1;
		} else {
			gap_open_quote = 0;
		}
		i += (size_t)step;
	}
	*count = n;
	return 0;
}

/* A line whose longer words are nearly all capitalised is a headline. */
static int headline_cased(const tok *toks, size_t n)
{
	size_t words = 0, caps = 0;
	for (size_t i = 0; i < n; i++) {
		if (!(toks[i].flags & T_ALPHA) || toks[i].len < 3)
			continue;
		words++;
		if (toks[i].flags & T_CAP)
			caps++;
	}
	return words >= 3 && caps * 5 >= words * 4;
}

static int emit_segment(terms_ctx *ctx, term_list *out, const char *text, const tok *toks,
			size_t from, size_t to, int where);

/* Emits the names of the capitalised run TOKS[FROM..TO): a title inside it
 * ends one name and starts the next ("Ukrainian President Volodymyr
 * Zelensky" is "Ukrainian" and "Volodymyr Zelensky"). */
static int emit_name(terms_ctx *ctx, term_list *out, const char *text, const tok *toks,
		     size_t from, size_t to, int where)
{
	size_t seg = from;
	for (size_t i = from; i < to; i++) {
		if (toks[i].len > 14)
			continue;
		wn_buf_reset(&ctx->tmp);
		WN_TRY(lower_into(&ctx->tmp, text + toks[i].start, toks[i].len));
		if (!word_set_has(ctx->prefix_set, ctx->tmp.ptr, ctx->tmp.len))
			continue;
		if (i > seg)
			WN_TRY(emit_segment(ctx, out, text, toks, seg, i, where));
		seg = i + 1;
	}
	return seg < to ? emit_segment(ctx, out, text, toks, seg, to, where) : 0;
}

static int emit_segment(terms_ctx *ctx, term_list *out, const char *text, const tok *toks,
			size_t from, size_t to, int where)
{
	/* Leading function words ("The", "But") and a lone sentence-initial
	 * word are not names. */
	while (from < to) {
		wn_buf_reset(&ctx->tmp);
		WN_TRY(lower_into(&ctx->tmp, text + toks[from].start, toks[from].len));
		if (!word_set_has(ctx->stop_set, ctx->tmp.ptr, ctx->tmp.len) &&
		    !word_set_has(ctx->prefix_set, ctx->tmp.ptr, ctx->tmp.len))
			break;
		from++;
	}
	if (from >= to)
		return 0;
	if (to - from == 1 && (toks[from].sep >= S_SENT || (toks[from].flags & T_ALLUP)))
		return 0;
	if (to - from > TERMS_MAX_NAME_WORDS)
		to = from + TERMS_MAX_NAME_WORDS;
	wn_buf_reset(&ctx->name);
	wn_buf_reset(&ctx->name_surf);
	for (size_t i = from; i < to; i++) {
		size_t mark = ctx->name.len;
		if (i > from) {
			WN_TRY(wn_buf_putc(&ctx->name, ' '));
			WN_TRY(wn_buf_putc(&ctx->name_surf, ' '));
			mark++;
		}
		WN_TRY(lower_name(&ctx->name, text + toks[i].start, toks[i].len));
		size_t wlen = fold_apostrophe(ctx, ctx->name.ptr + mark, ctx->name.len - mark);
		wlen = fold_spelling(ctx->name.ptr + mark, wlen);
		ctx->name.len = mark + wlen;
		const char *w = text + toks[i].start;
		size_t slen = toks[i].len;
		if (toks[i].flags & T_POSS)
			slen = slen >= 4 && (unsigned char)w[slen - 4] == 0xE2 ? slen - 4 : slen - 2;
		WN_TRY(wn_buf_append(&ctx->name_surf, w, slen));
		/* each word of a name is a name too: "Lohan" after "Lindsay Lohan" */
		if (to - from > 1 && wlen >= 2 && !word_set_has(ctx->stop_set, ctx->name.ptr + mark, wlen))
			WN_TRY(term_list_add(out, wn_hash64(ctx->name.ptr + mark, wlen, 1) | 1, TERM_NAME,
					     where, w, slen));
	}
	return term_list_add(out, wn_hash64(ctx->name.ptr, ctx->name.len, 1) | 1, TERM_NAME, where,
			     ctx->name_surf.ptr, ctx->name_surf.len);
}

static int extract_part(terms_ctx *ctx, const char *text, size_t len, int in_title, term_list *out)
{
	size_t seen = 0;   /* word tokens of this part so far: the lead is the first ones */
	size_t pos = 0;
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;
		size_t n;
		WN_TRY(tokenize_line(ctx, text, pos, end - pos, &n));
		tok *toks = ctx->toks;
		int headline = headline_cased(toks, n);
		/* the stem cache is bigger than the L2 cache: hash the plain words
		 * of the line first and ask for their slots, so that the misses
		 * overlap instead of stalling one token at a time */
		for (size_t i = 0; i < n; i++) {
			tok *t = &toks[i];
			t->key = 0;
			if ((t->flags & (T_PLAIN | T_DIGIT)) == T_PLAIN && t->len >= 2 && t->len <= TERMS_MAX_TOKEN) {
				t->key = stem_key(text + t->start, t->len);
				__builtin_prefetch(stem_slot(ctx, t->key));
			}
		}
		size_t run = SIZE_MAX;   /* start of the current capitalised run */
		uint64_t prev_stem = 0;
		int run_where = IN_BODY;
		for (size_t i = 0; i < n; i++) {
			tok *t = &toks[i];
			const char *w = text + t->start;
			out->tokens++;
			int where = in_title ? IN_TITLE : seen < ctx->lead_words ? IN_LEAD : IN_BODY;
			seen++;
			if (t->len > TERMS_MAX_TOKEN) {
				if (run != SIZE_MAX)
					WN_TRY(emit_name(ctx, out, text, toks, run, i, run_where));
				run = SIZE_MAX;
				continue;
			}
			/* a capital inside a sentence marks a proper noun: its spelling
			 * variants fold as a name's do */
			int proper = !headline && (t->flags & T_CAP) && t->sep < S_SENT;
			const char *word;
			size_t wlen;
			if (t->flags & T_PLAIN) {
				/* already lower case: no copy */
				word = w;
				wlen = t->len;
			} else {
				wn_buf_reset(&ctx->word);
				WN_TRY(proper ? lower_name(&ctx->word, w, t->len) : lower_into(&ctx->word, w, t->len));
				word = ctx->word.ptr;
				wlen = ctx->word.len;
			}
			if (t->flags & T_APOS) {
				size_t folded = fold_apostrophe(ctx, ctx->word.ptr, wlen);
				if (folded + 2 == wlen && ctx->word.ptr[folded] == '\'')
					t->flags |= T_POSS;
				wlen = folded;
			}
			/* the surface shown for the term keeps the spelling */
			const char *surf = word;
			size_t surf_len = wlen;
			if (proper) {
				wn_buf_reset(&ctx->surf);
				WN_TRY(wn_buf_append(&ctx->surf, ctx->word.ptr, wlen));
				surf = ctx->surf.ptr;
				wlen = fold_spelling(ctx->word.ptr, wlen);
			}
			/* names: runs of capitalised words joined by spaces (or a hyphen,
			 * or the dot of an initial) on a line that is not a headline */
			if (!headline) {
				int cap = (t->flags & T_CAP) && (t->flags & T_ALPHA);
				int joins = run != SIZE_MAX && cap &&
					    (t->sep == S_SPACE || t->sep == S_HYPHEN ||
					     (t->sep == S_DOT && toks[i - 1].len == 1)) &&
					    !(toks[i - 1].flags & T_POSS);
				if (run != SIZE_MAX && !joins) {
					WN_TRY(emit_name(ctx, out, text, toks, run, i, run_where));
					run = SIZE_MAX;
				}
				if (cap && run == SIZE_MAX) {
					run = i;
					run_where = where;
				}
			}
			if (wlen < 2)
				continue;
			if (t->flags & T_DIGIT) {
				if (is_year(word, wlen))
					WN_TRY(term_list_add(out, wn_hash64(word, wlen, 0) | 1, TERM_WORD,
							     where, word, wlen));
				continue;
			}
			uint64_t stem = stem_of(ctx, word, wlen, t->key ? t->key : stem_key(word, wlen));
			if (t->sep >= S_PUNCT)
				prev_stem = 0;
			if (stem) {
				WN_TRY(term_list_add(out, stem, TERM_WORD, where, surf, surf_len));
				if (prev_stem && seen <= ctx->phrase_words)
					WN_TRY(term_list_add(out, wn_mix64(prev_stem * 31 + stem) | 1, TERM_PHRASE,
							     where, NULL, 0));
				prev_stem = stem;
			}
		}
		if (run != SIZE_MAX)
			WN_TRY(emit_name(ctx, out, text, toks, run, n, run_where));
		pos = end + 1;
	}
	return 0;
}

int terms_extract(terms_ctx *ctx, const char *text, size_t len, const char *title, size_t title_len,
		  size_t lead_words, size_t phrase_words, term_list *out)
{
	ctx->lead_words = lead_words;
	ctx->phrase_words = phrase_words;
	term_list_reset(out);
	/* token offsets are 32-bit: a longer text is read up to 4 GiB */
	if (len > UINT32_MAX)
		len = UINT32_MAX;
	if (title_len > UINT32_MAX)
		title_len = UINT32_MAX;
	if (title && title_len)
		WN_TRY(extract_part(ctx, title, title_len, 1, out));
	return extract_part(ctx, text, len, 0, out);
}
