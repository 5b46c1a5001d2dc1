/* clean/lexicon.c - the cleaner's word table: one open-addressing hash table
 * from lower-cased word hashes to stopword, pronoun and word-class bits and to
 * the cue phrases that start with the word. Built once, then read-only. */
#include "clean.h"

#include <stdlib.h>
#include <string.h>

#define LEX_SLOTS 8192   /* power of two, about 3x the words we put in */

static clean_lex_entry *slot_for(clean_lexicon *lex, uint64_t hash)
{
	if (hash == 0)
		hash = 1;    /* 0 marks an empty slot */
	size_t i = (size_t)(hash >> 20) & lex->mask;   /* word hashes are mixed */
	for (;;) {
		clean_lex_entry *e = &lex->slots[i];
		if (e->hash == hash)
			return e;
		if (e->hash == 0) {
			e->hash = hash;
			e->cue_first = -1;
			e->cue_inner = -1;
			lex->filter[(hash >> 6) & 1023] |= 1ULL << (hash & 63);
			return e;
		}
		i = (i + 1) & lex->mask;
	}
}

/* Adds every word of LIST (one token each; a list word the tokenizer splits
 * is added by its first token) with the given bits. */
static void add_words(clean_lexicon *lex, const char *const *list, uint16_t stop, uint16_t we,
		      uint16_t you, uint16_t flags)
{
	for (size_t i = 0; list[i]; i++) {
		uint64_t h;
		if (clean_hash_words(list[i], strlen(list[i]), &h, 1) == 0)
			continue;
		clean_lex_entry *e = slot_for(lex, h);
		e->stop |= stop;
		e->we |= we;
		e->you |= you;
		e->flags |= flags;
	}
}

int clean_lexicon_build(clean_lexicon *lex)
{
	memset(lex, 0, sizeof(*lex));
	lex->slots = calloc(LEX_SLOTS, sizeof(clean_lex_entry));
	lex->phrases = wn_malloc_array(clean_cue_def_count, sizeof(clean_cue_phrase));
	/* phrases have at most 8 words */
	lex->cue_words = wn_malloc_array(clean_cue_def_count * 8, sizeof(uint64_t));
	if (!lex->slots || !lex->phrases || !lex->cue_words) {
		clean_lexicon_release(lex);
		return WN_ENOMEM;
	}
	lex->mask = LEX_SLOTS - 1;
	for (int l = 0; l < LANG_COUNT; l++) {
		uint16_t bit = (uint16_t)(1u << l);
		add_words(lex, clean_stopwords[l], bit, 0, 0, 0);
		add_words(lex, clean_we_words[l], 0, bit, 0, 0);
		add_words(lex, clean_you_words[l], 0, 0, bit, 0);
	}
	for (size_t c = 0; c < clean_word_class_count; c++)
		add_words(lex, clean_word_classes[c].words, 0, 0, 0, clean_word_classes[c].flag);

	/* Phrases are chained from their first word, in table order. */
	for (size_t i = 0; i < clean_cue_def_count; i++) {
		const clean_cue_def *d = &clean_cue_defs[i];
		uint64_t words[8];
		size_t n = clean_hash_words(d->phrase, strlen(d->phrase), words, 8);
		if (n == 0 || n > 8)
			continue;
		clean_cue_phrase *p = &lex->phrases[lex->phrase_count];
		p->word_first = (uint32_t)lex->cue_word_count;
		p->word_count = (uint16_t)n;
		p->cue = d->cue;
		p->mode = d->mode;
		p->max_words = d->max_words;
		if (d->mode == CUE_END || d->mode == CUE_ANY) {
			size_t limit = d->max_words ? d->max_words
				     : d->mode == CUE_END ? CLEAN_CUE_END_WORDS : CLEAN_CUE_ANY_WORDS;
			if (limit > lex->cue_inner_max)
				lex->cue_inner_max = limit;
		}
		p->next = -1;
		p->next_inner = -1;
		memcpy(lex->cue_words + lex->cue_word_count, words, n * sizeof(uint64_t));
		lex->cue_word_count += n;
		clean_lex_entry *e = slot_for(lex, words[0]);
		if (e->cue_first < 0) {
			e->cue_first = (int32_t)lex->phrase_count;
		} else {
			int32_t k = e->cue_first;
			while (lex->phrases[k].next >= 0)
				k = lex->phrases[k].next;
			lex->phrases[k].next = (int32_t)lex->phrase_count;
		}
		if (p->mode == CUE_END || p->mode == CUE_ANY) {
			if (e->cue_inner < 0) {
				e->cue_inner = (int32_t)lex->phrase_count;
			} else {
				int32_t k = e->cue_inner;
				while (lex->phrases[k].next_inner >= 0)
					k = lex->phrases[k].next_inner;
				lex->phrases[k].next_inner = (int32_t)lex->phrase_count;
			}
		}
		lex->phrase_count++;
	}
	return 0;
}

void clean_lexicon_release(clean_lexicon *lex)
{
	free(lex->slots);
	free(lex->phrases);
	free(lex->cue_words);
	memset(lex, 0, sizeof(*lex));
}
