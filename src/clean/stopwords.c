/* clean/stopwords.c - word lists written for the project: common function
 * words of ten languages (stopword density, the jusText signal), and the
 * pronouns of the reader appeal ("we", "our", "you"). Lower case; words with
 * an apostrophe are split as the scanner splits them ("don't" -> "don", "t").
 * They need not be complete: the density threshold in classify.c was set
 * with lists of this size. */
#include "clean.h"

#include <stddef.h>

static const char *const stop_en[] = {
	"a", "about", "above", "according", "across", "after", "again", "against", "ago", "all",
	"almost", "along", "already", "also", "although", "always", "am", "among", "an", "and",
	"another", "any", "anyone", "anything", "are", "around", "as", "at", "away", "back",
	"be", "became", "because", "become", "been", "before", "being", "below", "between",
	"both", "but", "by", "can", "cannot", "could", "did", "didn", "do", "does", "doesn",
	"doing", "don", "down", "during", "each", "either", "else", "enough", "even", "ever",
	"every", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her",
	"here", "hers", "herself", "him", "himself", "his", "how", "however", "i", "if", "in",
	"into", "is", "isn", "it", "its", "itself", "just", "last", "least", "less", "like",
	"ll", "made", "make", "many", "may", "me", "might", "more", "most", "much", "must",
	"my", "myself", "neither", "never", "no", "nor", "not", "now", "of", "off", "often",
	"on", "once", "one", "only", "or", "other", "others", "our", "ours", "out", "over",
	"own", "per", "re", "rather", "s", "said", "same", "say", "says", "she", "should",
	"since", "so", "some", "something", "still", "such", "t", "than", "that", "the",
	"their", "them", "themselves", "then", "there", "these", "they", "this", "those",
	"though", "through", "thus", "to", "too", "toward", "towards", "under", "until", "up",
	"upon", "us", "ve", "very", "was", "wasn", "way", "we", "were", "what", "when",
	"where", "whether", "which", "while", "who", "whom", "whose", "why", "will", "with",
	"within", "without", "won", "would", "yet", "you", "your", "yours", NULL
};

static const char *const stop_de[] = {
	"aber", "alle", "allem", "allen", "aller", "alles", "als", "also", "am", "an",
	"andere", "anderen", "anderer", "anderes", "auch", "auf", "aus", "bei", "beim",
	"bereits", "bin", "bis", "bisher", "bist", "da", "dabei", "dadurch", "dafür", "dagegen",
	"damit", "dann", "darauf", "darin", "darum", "das", "dass", "daß", "dazu", "dein",
	"deine", "dem", "den", "denen", "denn", "der", "deren", "des", "dessen", "deshalb",
	"die", "dies", "diese", "diesem", "diesen", "dieser", "dieses", "doch", "dort", "du",
	"durch", "ein", "eine", "einem", "einen", "einer", "eines", "einige", "er", "es",
	"etwa", "etwas", "euch", "euer", "für", "gegen", "gewesen", "hab", "habe", "haben",
	"hat", "hatte", "hätte", "hatten", "hier", "hin", "hinter", "ich", "ihm", "ihn",
	"ihnen", "ihr", "ihre", "ihrem", "ihren", "ihrer", "ihres", "im", "immer", "in",
	"indem", "ins", "ist", "ja", "jede", "jedem", "jeden", "jeder", "jedes", "jedoch",
	"jetzt", "kann", "kein", "keine", "keinen", "können", "könnte", "laut", "man", "mehr",
	"mein", "meine", "mit", "muss", "musste", "nach", "nachdem", "nicht", "nichts", "noch",
	"nun", "nur", "ob", "oder", "ohne", "schon", "sehr", "sei", "sein", "seine", "seinem",
	"seinen", "seiner", "seit", "selbst", "sich", "sie", "sind", "so", "sodass", "soll",
	"sollen", "sollte", "sondern", "sowie", "um", "und", "uns", "unser", "unsere", "unter",
	"viel", "viele", "vom", "von", "vor", "während", "wann", "war", "waren", "warum",
	"was", "weil", "weiter", "welche", "welcher", "wenn", "wer", "werde", "werden",
	"wie", "wieder", "will", "wir", "wird", "wo", "wollen", "wollte", "worden", "wurde",
	"wurden", "zu", "zum", "zur", "zwar", "zwischen", "über", NULL
};

static const char *const stop_fr[] = {
	"a", "afin", "ai", "ainsi", "alors", "après", "au", "aucun", "aucune", "aujourd",
	"auprès", "aussi", "autre", "autres", "aux", "avait", "avaient", "avant", "avec",
	"avoir", "c", "car", "ce", "ceci", "cela", "celle", "celles", "celui", "cependant",
	"ces", "cet", "cette", "ceux", "chaque", "chez", "comme", "comment", "contre", "d",
	"dans", "de", "depuis", "des", "donc", "dont", "du", "déjà", "elle", "elles", "en",
	"encore", "entre", "est", "et", "eu", "fait", "faire", "fois", "il", "ils", "j",
	"je", "jusqu", "l", "la", "le", "les", "leur", "leurs", "lors", "lorsqu", "lui",
	"m", "ma", "mais", "me", "mes", "moi", "moins", "mon", "même", "n", "ne", "ni",
	"non", "nos", "notre", "nous", "on", "ont", "ou", "où", "par", "parce", "pas",
	"pendant", "peu", "peut", "plus", "pour", "pourquoi", "puis", "qu", "quand", "que",
	"quel", "quelle", "quelles", "quels", "qui", "s", "sa", "sans", "se", "selon", "sera",
	"seront", "serait", "ses", "si", "sinon", "son", "sont", "sous", "sur", "t", "ta",
	"tandis", "te", "tes", "toi", "ton", "tous", "tout", "toute", "toutes", "très", "tu",
	"un", "une", "vers", "via", "vos", "votre", "vous", "y", "à", "ça", "été", "étaient",
	"était", "être", NULL
};

static const char *const stop_es[] = {
	"a", "al", "algo", "algunas", "algunos", "ante", "antes", "aquí", "así", "aun",
	"aunque", "cada", "casi", "como", "con", "contra", "cual", "cuando", "cómo", "de",
	"del", "desde", "donde", "dos", "durante", "e", "el", "ella", "ellas", "ellos", "en",
	"entre", "era", "eran", "es", "esa", "esas", "ese", "eso", "esos", "esta", "estaba",
	"estas", "este", "esto", "estos", "está", "están", "fue", "fueron", "ha", "había",
	"habían", "han", "hasta", "hay", "he", "hoy", "la", "las", "le", "les", "lo", "los",
	"luego", "mientras", "mismo", "muy", "más", "me", "mi", "mis", "nada", "ni", "ningún",
	"ninguna", "no", "nos", "nosotros", "nuestra", "nuestro", "nuestros", "o", "os",
	"otra", "otras", "otro", "otros", "para", "pero", "poco", "por", "porque", "pues",
	"puede", "que", "quien", "quienes", "qué", "se", "sea", "según", "ser", "si", "sido",
	"siempre", "sin", "sino", "sobre", "son", "su", "sus", "sí", "también", "tan",
	"tanto", "te", "tiene", "tienen", "todas", "todo", "todos", "tras", "tu", "tus",
	"tú", "u", "un", "una", "uno", "unos", "usted", "y", "ya", "yo", "él", NULL
};

static const char *const stop_it[] = {
	"a", "ad", "agli", "ai", "al", "all", "alla", "alle", "allo", "anche", "ancora",
	"avere", "aveva", "avevano", "c", "che", "chi", "ci", "come", "con", "contro", "cosa",
	"così", "cui", "d", "da", "dai", "dal", "dall", "dalla", "dalle", "degli", "dei",
	"del", "dell", "della", "delle", "dello", "di", "dopo", "dove", "e", "ed", "era",
	"erano", "essere", "fa", "fino", "fra", "già", "gli", "ha", "hanno", "ho", "i", "il",
	"in", "io", "l", "la", "le", "lei", "lo", "loro", "lui", "ma", "mai", "mentre", "mi",
	"mio", "molto", "ne", "negli", "nei", "nel", "nell", "nella", "nelle", "nello", "noi",
	"non", "nostra", "nostro", "o", "ogni", "oggi", "per", "perché", "però", "più", "poi",
	"proprio", "quale", "quali", "quando", "quanto", "quella", "quelle", "quelli",
	"quello", "questa", "queste", "questi", "questo", "qui", "se", "secondo", "sempre",
	"senza", "si", "sia", "siamo", "sono", "sta", "stata", "state", "stati", "stato",
	"su", "sua", "sue", "sui", "sul", "sull", "sulla", "sulle", "suo", "suoi", "tra",
	"tutta", "tutte", "tutti", "tutto", "un", "una", "uno", "vi", "voi", "è", NULL
};

static const char *const stop_pt[] = {
	"a", "ainda", "além", "ao", "aos", "apenas", "após", "as", "assim", "até", "cada",
	"com", "como", "contra", "da", "das", "de", "dela", "dele", "deles", "depois", "desde",
	"disse", "do", "dos", "durante", "e", "ela", "elas", "ele", "eles", "em", "entre",
	"era", "essa", "essas", "esse", "esses", "esta", "estas", "este", "estes", "está",
	"estão", "eu", "foi", "foram", "há", "isso", "isto", "já", "lhe", "lhes", "mais",
	"mas", "me", "mesmo", "meu", "minha", "muito", "na", "nas", "nem", "no", "nos",
	"nossa", "nosso", "num", "numa", "não", "nós", "o", "onde", "os", "ou", "para",
	"pela", "pelas", "pelo", "pelos", "pode", "porque", "por", "quando", "que", "quem",
	"se", "segundo", "sem", "ser", "seu", "seus", "sido", "sobre", "sua", "suas", "são",
	"também", "tem", "ter", "teve", "toda", "todas", "todo", "todos", "três", "um", "uma",
	"umas", "uns", "você", "vocês", "à", "às", "é", NULL
};

static const char *const stop_nl[] = {
	"aan", "al", "alle", "alleen", "als", "andere", "bij", "daar", "dan", "dat", "de",
	"deze", "die", "dit", "door", "dus", "een", "eens", "en", "er", "geen", "had",
	"heb", "hebben", "heeft", "hem", "het", "hier", "hij", "hoe", "hun", "ik", "in", "is",
	"ja", "je", "jij", "jullie", "kan", "kon", "kunnen", "maar", "me", "meer", "men",
	"met", "mij", "mijn", "moet", "moeten", "na", "naar", "niet", "niets", "nog", "nu",
	"of", "om", "omdat", "ons", "onze", "ook", "op", "over", "sinds", "te", "tegen",
	"toch", "toen", "tot", "u", "uit", "uw", "van", "veel", "voor", "want", "waren",
	"was", "wat", "we", "wel", "werd", "werden", "wie", "wij", "wordt", "worden", "zal",
	"ze", "zei", "zelf", "zich", "zij", "zijn", "zo", "zoals", "zonder", "zou", "zullen",
	NULL
};

static const char *const stop_ru[] = {
	"а", "без", "более", "бы", "был", "была", "были", "было", "быть", "в", "вам", "вас",
	"весь", "во", "вот", "все", "всего", "всех", "вы", "где", "да", "даже", "для", "до",
	"его", "ее", "её", "если", "есть", "еще", "ещё", "же", "за", "здесь", "и", "из",
	"или", "им", "их", "к", "как", "какой", "когда", "кото", "которая", "которые",
	"который", "которых", "кто", "ли", "между", "меня", "мне", "может", "можно", "мы",
	"на", "над", "нам", "нас", "не", "него", "нее", "неё", "нет", "ни", "них", "но", "ну",
	"о", "об", "однако", "он", "она", "они", "оно", "от", "очень", "перед", "по", "под",
	"после", "потом", "потому", "почти", "при", "про", "раз", "с", "сам", "свое", "своей",
	"свои", "свой", "себе", "себя", "со", "так", "также", "такой", "там", "тем", "то",
	"того", "тоже", "той", "только", "том", "тот", "тут", "ты", "у", "уже", "чем", "через",
	"что", "чтобы", "эта", "эти", "это", "этого", "этой", "этом", "этот", "эту", "я",
	NULL
};

static const char *const stop_uk[] = {
	"а", "або", "але", "б", "без", "би", "більше", "був", "була", "були", "було", "бути",
	"в", "вам", "вас", "вже", "ви", "від", "він", "вона", "вони", "воно", "все", "всі",
	"всього", "де", "для", "до", "є", "ж", "же", "з", "за", "зі", "и", "й", "і", "із",
	"її", "їх", "їм", "коли", "лише", "між", "ми", "мене", "мені", "може", "можна",
	"на", "над", "нам", "нас", "не", "ні", "нього", "них", "о", "от", "про", "під",
	"після", "по", "при", "саме", "свій", "своє", "своїх", "себе", "та", "так", "також",
	"там", "те", "тим", "ти", "тих", "то", "того", "той", "тому", "треба", "тут", "ті",
	"тільки", "у", "уже", "усі", "це", "цей", "ці", "цих", "цього", "цієї", "ця", "через",
	"чи", "що", "щоб", "як", "яка", "які", "який", "якого", "яке", "яких", "якій", "я",
	NULL
};

static const char *const stop_pl[] = {
	"a", "aby", "albo", "ale", "ani", "bardzo", "bez", "bo", "by", "był", "była", "było",
	"były", "być", "będzie", "będą", "chociaż", "co", "czy", "dla", "dlatego", "do",
	"gdy", "gdzie", "go", "i", "ich", "im", "jak", "jako", "jednak", "jego", "jej",
	"jest", "jeszcze", "jeśli", "już", "każdy", "kiedy", "kto", "która", "które",
	"którego", "której", "który", "których", "którym", "lub", "ma", "mają", "mi",
	"między", "mnie", "może", "można", "my", "na", "nad", "nam", "nas", "nasz", "nasza",
	"nasze", "nawet", "nic", "nich", "nie", "niż", "nim", "o", "od", "około", "oraz",
	"po", "pod", "podczas", "przed", "przez", "przy", "się", "sobie", "są", "tak",
	"także", "te", "tego", "tej", "ten", "to", "tu", "tylko", "tym", "u", "w", "we",
	"według", "więc", "wszystko", "z", "za", "ze", "został", "została", "zostały",
	"że", "żeby", NULL
};

/* First person plural: the voice of a publisher speaking to its readers. */
static const char *const we_en[] = { "we", "us", "our", "ours", "ourselves", NULL };
static const char *const we_de[] = { "wir", "uns", "unser", "unsere", "unserem", "unseren",
	"unserer", "unseres", NULL };
static const char *const we_fr[] = { "nous", "notre", "nos", NULL };
static const char *const we_es[] = { "nosotros", "nosotras", "nuestro", "nuestra",
	"nuestros", "nuestras", NULL };
static const char *const we_it[] = { "noi", "nostro", "nostra", "nostri", "nostre", NULL };
static const char *const we_pt[] = { "nós", "nosso", "nossa", "nossos", "nossas", NULL };
static const char *const we_nl[] = { "wij", "we", "ons", "onze", NULL };
static const char *const we_ru[] = { "мы", "нас", "нам", "наш", "наша", "наше", "наши",
	"нашего", "нашей", "нашу", "наших", "нашим", NULL };
static const char *const we_uk[] = { "ми", "нас", "нам", "наш", "наша", "наше", "наші",
	"нашого", "нашої", "нашу", "наших", "нашим", NULL };
static const char *const we_pl[] = { "my", "nas", "nam", "nasz", "nasza", "nasze",
	"naszego", "naszej", "naszych", "naszym", NULL };

/* Second person: the reader addressed. */
static const char *const you_en[] = { "you", "your", "yours", "yourself", NULL };
static const char *const you_de[] = { "du", "dich", "dir", "dein", "deine", "deinen",
	"euch", "euer", "eure", NULL };
static const char *const you_fr[] = { "vous", "votre", "vos", NULL };
static const char *const you_es[] = { "usted", "ustedes", "tu", "tus", NULL };
static const char *const you_it[] = { "voi", "vostro", "vostra", "tuo", "tua", NULL };
static const char *const you_pt[] = { "você", "vocês", "teu", "tua", NULL };
static const char *const you_nl[] = { "jij", "jouw", "jullie", "uw", NULL };
static const char *const you_ru[] = { "вы", "вас", "вам", "ваш", "ваша", "ваше", "ваши",
	NULL };
static const char *const you_uk[] = { "ви", "вас", "вам", "ваш", "ваша", "ваше", "ваші",
	NULL };
static const char *const you_pl[] = { "wy", "was", "wam", "wasz", "wasza", "wasze", NULL };

const char *const *const clean_stopwords[LANG_COUNT] = {
	stop_en, stop_de, stop_fr, stop_es, stop_it, stop_pt, stop_nl, stop_ru, stop_uk, stop_pl
};
const char *const *const clean_we_words[LANG_COUNT] = {
	we_en, we_de, we_fr, we_es, we_it, we_pt, we_nl, we_ru, we_uk, we_pl
};
const char *const *const clean_you_words[LANG_COUNT] = {
	you_en, you_de, you_fr, you_es, you_it, you_pt, you_nl, you_ru, you_uk, you_pl
};

const char *clean_lang_name(int lang)
{
	static const char *const names[] = { "en", "de", "fr", "es", "it",
					     "pt", "nl", "ru", "uk", "pl" };
	return lang >= 0 && lang < LANG_COUNT ? names[lang] : "none";
}
