/* story/stopwords.c - the English function words that carry no story signal.
 * A short list in the spirit of the classic SMART and Snowball lists, written
 * for news: pronouns, articles, auxiliaries, prepositions, conjunctions,
 * contractions and the reporting verbs that every article uses. Rarer words
 * are left to IDF. Lookup is a binary search on a sorted table (no state). */
#include <string.h>

#include "story/story.h"

/* Sorted in byte order (checked by the unit test). Contractions use the
 * ASCII apostrophe; terms.c folds U+2019 to it before the lookup. */
static const char *const stopwords[] = {
	"a", "about", "above", "after", "again", "against", "ago", "all", "almost",
	"along", "already", "also", "although", "always", "am", "among", "an", "and",
	"another", "any", "anyone", "anything", "are", "aren't", "around", "as", "at",
	"away", "back", "be", "became", "because", "become", "been", "before",
	"being", "below", "between", "both", "but", "by", "came", "can", "can't",
	"cannot", "come", "could", "couldn't", "did", "didn't", "do", "does",
	"doesn't", "doing", "don't", "done", "down", "during", "each", "either",
	"else", "enough", "even", "ever", "every", "few", "for", "from", "further",
	"get", "gets", "getting", "go", "goes", "going", "got", "had", "hadn't",
	"has", "hasn't", "have", "haven't", "having", "he", "he'd", "he'll", "he's",
	"her", "here", "here's", "hers", "herself", "him", "himself", "his", "how",
	"however", "i", "i'd", "i'll", "i'm", "i've", "if", "in", "into", "is",
	"isn't", "it", "it's", "its", "itself", "just", "least", "less", "let's",
	"like", "made", "make", "many", "may", "me", "might", "more", "most", "mr",
	"mrs", "ms", "much", "must", "mustn't", "my", "myself", "neither", "never",
	"no", "nor", "not", "now", "of", "off", "often", "on", "once", "one", "only",
	"onto", "or", "other", "others", "otherwise", "our", "ours", "ourselves",
	"out", "over", "own", "per", "perhaps", "put", "rather", "really", "said",
	"same", "say", "saying", "says", "see", "seen", "several", "shall", "shan't",
	"she", "she'd", "she'll", "she's", "should", "shouldn't", "since", "so",
	"some", "something", "still", "such", "take", "than", "that", "that's",
	"the", "their", "theirs", "them", "themselves", "then", "there", "there's",
	"these", "they", "they'd", "they'll", "they're", "they've", "this", "those",
	"though", "through", "thus", "to", "told", "too", "toward", "towards",
	"under", "unless", "until", "up", "upon", "us", "use", "used", "very", "via",
	"was", "wasn't", "we", "we'd", "we'll", "we're", "we've", "well", "were",
	"weren't", "what", "what's", "whatever", "when", "where", "whether", "which",
	"while", "who", "who's", "whom", "whose", "why", "will", "with", "within",
	"without", "won't", "would", "wouldn't", "yet", "you", "you'd", "you'll",
	"you're", "you've", "your", "yours", "yourself", "yourselves",
};

/* Compares W (LEN bytes) with the C string S, as strcmp would. */
static int cmp_word(const char *w, size_t len, const char *s)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char a = (unsigned char)w[i], b = (unsigned char)s[i];
		if (a != b || !b)
			return (int)a - (int)b;
	}
	return s[len] ? -1 : 0;
}

static int in_table(const char *const *table, size_t n, const char *w, size_t len)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_word(w, len, table[mid]);
		if (c == 0)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

int story_is_stopword(const char *w, size_t len)
{
	if (len == 0 || len > 10)
		return 0;
	return in_table(stopwords, sizeof(stopwords) / sizeof(stopwords[0]), w, len);
}

/* Capitalised words that do not name anyone: titles stand before names
 * ("President Volodymyr Zelensky"), weekdays and months fill datelines.
 * Sorted in byte order. */
static const char *const name_prefixes[] = {
	"adm", "ambassador", "april", "attorney", "august", "brig", "capt", "captain", "cardinal",
	"chairman", "chairwoman", "chancellor", "chief", "col", "colonel", "commissioner",
	"congressman", "congresswoman", "cpl", "december", "deputy", "detective", "director",
	"dr", "emperor", "february", "foreign", "former", "friday", "gen", "gov",
	"governor", "inspector", "january", "judge", "july", "june", "justice", "king",
	"lord", "lt", "maj", "march", "mayor", "minister", "monday", "mr", "mrs", "ms",
	"november", "october", "officer", "pope", "premier", "president", "prime", "prince",
	"princess", "prof", "professor", "queen", "rabbi", "rep", "representative", "rev",
	"reverend", "saturday", "secretary", "sen", "senator", "september", "sergeant", "sgt",
	"sheikh", "sheriff", "sir", "speaker", "spokesman", "spokeswoman", "sunday", "thursday",
	"tuesday", "vice", "wednesday",
};

int story_is_name_prefix(const char *w, size_t len)
{
	if (len == 0 || len > 14)
		return 0;
	return in_table(name_prefixes, sizeof(name_prefixes) / sizeof(name_prefixes[0]), w, len);
}

size_t story_name_prefix_table(const char *const **table)
{
	*table = name_prefixes;
	return sizeof(name_prefixes) / sizeof(name_prefixes[0]);
}

size_t story_stopword_table(const char *const **table)
{
	*table = stopwords;
	return sizeof(stopwords) / sizeof(stopwords[0]);
}
