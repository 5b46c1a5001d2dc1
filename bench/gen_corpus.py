#!/usr/bin/env python3
"""gen_corpus.py - a synthetic news-like JSONL corpus with known duplicate groups.

Streams {"id", "title", "text", "source", "url", "date"} records of any size for
the speed and memory benchmark, with no external data: every content word is
invented from syllables; only English function words, punctuation and the
phrases of page chrome (menus, cookie banners, newsletter appeals, related-story
rails, footers) are written out here, so that a cleaner tuned for English sees
text with the stopword density of English prose (~40% of tokens).

Model, per document:
  - words are drawn from a Zipf-Mandelbrot law (s = 1.1, q = 1) over ~250,000
    ranks: function words at the top ranks, invented words below, shorter words
    at higher ranks; one token in five comes from the document's topic (one of
    64 topics, each a Zipf law over its own 3,000 words); about one token in 250
    is a fresh invented name, so the vocabulary keeps growing with corpus size;
  - the body length is lognormal (sigma 0.6) and chosen so that the whole text,
    page chrome included, averages --mean-chars (3,000) characters; clipped to
    200..60,000; sentences of 6-35 words, paragraphs of 1-4 sentences;
  - the outlet is one of --outlets (2,000) invented outlets, drawn Zipf-like;
    each outlet has fixed chrome (header lines, menu, cookie banner, appeals,
    a pool of related-story teasers, footer) that repeats on all its pages,
    with a per-page selection (which teasers, banner shown or not, where the
    appeal goes).
  - a share --dup-rate (0.2) of the documents are derived copies of an original
    of the same chunk, of four kinds (weights --mix):
      recrawl     the same page fetched again: same body, chrome re-rendered,
                  another URL (tracking parameters, AMP path), a later date;
      syndicated  the story on another outlet: a new headline, 1-3 sentences
                  edited, that outlet's chrome;
      teaser      a summary page: the title, the first 25-50% of the body and a
                  "Read more" line;
      updated     the page after an update: 1-2 paragraphs of another document
                  appended at the end (and a line saying it was updated).
    `exact=W` in --mix adds verbatim copies (same text, new id).

Determinism: work is cut into chunks of --chunk-docs documents; chunk k has its
own random generator seeded from (--seed, k), and copies point to originals of
their chunk only. The output bytes depend on --seed and the options, not on
--jobs or PYTHONHASHSEED. Generation stops at the first document boundary at or
past --size.

Gold: --gold writes {"id", "cluster"} for every document (the cluster is the
original's id); --meta writes {"id", "origin", "kind"} (origin null and kind
"original" for originals).

Python 3 standard library only.
"""

import argparse
import bisect
import datetime
import gzip
import itertools
import json
import math
import multiprocessing
import os
import random
import sys

# ---------------------------------------------------------------- the lexicon

# English function words (and the two commonest reporting verbs), roughly in
# frequency order. They take the top ranks of the Zipf law so that body text
# has the stopword density of English news.
FUNCTION_WORDS = """
the of and to a in that is was for on it with as he be at by said his have from
are this not but had has they were an which will been its who their would she
more or her after also there we one two new about up than last other into can
when could over out all some so what first only if them our no most against
while before under because should may between three since during any where such
those these told very then how many both still until through being made just
did now back even well much own off down each again further per here why few
do does you your i my me us him my our around across among within without upon
however although though whether either neither nor yet whose whom four five six
ten hundred thousand million billion several every another same next
""".split()
FUNCTION_WORDS = list(dict.fromkeys(FUNCTION_WORDS))    # unique, in order

# Syllables of the invented words.
ONSETS = ("b c d f g h j k l m n p r s t v w z bl br cl cr dr fl fr gl gr pl pr "
          "sc sk sl sm sn sp st str tr th sh ch qu").split()
VOWELS = "a e i o u a e i o u ai ea ee ia io ou oa".split()
CODAS = [""] * 6 + "n r s t l m nd rt st ck ng x".split()

# Page furniture. {name} is the outlet's name, {year} a year, {origin} the
# name of the outlet a teaser links to.
SECTION_NAMES = ("News World Politics Business Sport Culture Opinion Science Health "
                 "Tech Travel Weather Local Lifestyle Entertainment Video Podcasts "
                 "Markets Climate Education Money Books Music Film Food Cars "
                 "Property Jobs Puzzles Obituaries").split()
PAPER_NOUNS = ("Courier Herald Gazette Times Post Chronicle Observer Tribune Ledger "
               "Record Express Sentinel Journal Star Monitor Mail Review Dispatch "
               "Independent Voice Bulletin Echo Standard Register Telegraph Argus "
               "Examiner Mercury Enquirer Advocate Clarion Pioneer Beacon").split()
TLDS = ".com .com .com .net .org .news .co.uk .info".split()
MENU_SEPARATORS = (" | ", " · ", "  ", " / ", " - ")
SKIP_LINES = ("Skip to content", "Skip to main content", "Jump to navigation",
              "Menu", "Search", "Sign in | Subscribe", "Log in  Register")
COOKIE_LINES = (
    "We use cookies to improve your experience on {name}. By continuing to browse "
    "you agree to our use of cookies. Accept | Manage settings",
    "This website uses cookies to personalise content and ads and to analyse our "
    "traffic. Accept all cookies  Reject  Cookie settings",
    "{name} and our partners use cookies and similar technologies. You can change "
    "your choices at any time in Privacy settings. I agree",
    "Cookies help us deliver our services. By using our services, you agree to "
    "our use of cookies. Learn more  OK",
    "We value your privacy. We and our partners store and access information on "
    "your device, such as cookies. Accept  Decline",
    "By clicking Accept you consent to the storing of cookies on your device to "
    "enhance site navigation. Accept cookies",
)
APPEALS = (
    "Sign up for the {name} morning briefing and get the day's top stories in "
    "your inbox.",
    "Support independent journalism. Become a {name} member today from just 1 "
    "a month.",
    "Get our free newsletter: the best of {name}, every weekday. Subscribe now",
    "Enjoying this article? Subscribe to {name} for unlimited access to all our "
    "reporting.",
    "Our journalism relies on readers like you. Please consider a donation to "
    "{name}.",
    "Never miss a story: download the {name} app for iPhone and Android.",
    "Want more stories like this? Follow {name} on Facebook and Twitter.",
    "Newsletter: sign up to receive breaking news alerts from {name}.",
)
RELATED_HEADERS = ("Related stories", "More from {name}", "Most read",
                   "You may also like", "Recommended for you", "Read next",
                   "Latest news", "Trending now")
SHARE_LINES = ("Share this article: Facebook | Twitter | Email | WhatsApp",
               "Share  Tweet  Email  Print", "Share on Facebook  Share on Twitter",
               "Copy link  Share  Comment")
FOOTER_LINES = ("© {year} {name}. All rights reserved.",
                "Copyright {year} {name} Ltd. All rights reserved.",
                "About us | Contact | Advertise | Terms of use | Privacy policy",
                "Terms and conditions  Privacy notice  Cookie policy  Accessibility",
                "Follow us on Facebook, Twitter, Instagram and YouTube",
                "{name} is not responsible for the content of external sites.")
READ_MORE = ("Read more", "Read more at {origin}", "Continue reading",
             "Read the full story at {origin}", "Read more »", "Full story")
UPDATE_LINES = ("This article was updated with new information.",
                "Updated: this story has been updated with additional reporting.",
                "Update: more details have been added.",
                "This story is developing and will be updated.")
JOBS = ("staff reporter", "political correspondent", "business editor",
        "chief reporter", "sports writer", "health correspondent",
        "science editor", "senior writer", "local affairs reporter",
        "foreign correspondent")
MONTHS = ("January February March April May June July August September "
          "October November December").split()

KINDS = ("recrawl", "syndicated", "teaser", "updated", "exact")
DAYS_2015_2024 = 3653          # 2015-01-01 .. 2024-12-31
BASE_ORDINAL = 735599          # date(2015, 1, 1).toordinal()

# ----------------------------------------------------------- shared tables

class World:
    """The tables every chunk draws from: vocabulary, topics, outlets. Built
    from the seed alone, the same in every worker process."""

    def __init__(self, seed, vocab_size, outlets, topics=64, topic_words=3000):
        rng = random.Random(f"winnow-bench:{seed}:world")
        self.vocab = self._make_vocab(rng, vocab_size)
        v = len(self.vocab)
        # Zipf-Mandelbrot: weight of rank r (1-based) is 1 / (r + 1)^1.1.
        self.cum = list(itertools.accumulate((r + 2.0) ** -1.1 for r in range(v)))
        # Topic words: a slice of the mid ranks, each topic a Zipf law of its own.
        self.topics = []
        pool = self.vocab[len(FUNCTION_WORDS) + 200:][:120000]
        for _ in range(topics):
            self.topics.append(rng.sample(pool, min(topic_words, len(pool))))
        self.topic_cum = list(itertools.accumulate(1.0 / (r + 3.0)
                                                   for r in range(len(self.topics[0]))))
        # Outlets are drawn Zipf-like too (a few big sites, a long tail).
        self.outlet_count = outlets
        self.outlet_cum = list(itertools.accumulate(1.0 / (r + 5.0) ** 0.9
                                                    for r in range(outlets)))
        self.seed = seed
        self._outlets = {}

    @staticmethod
    def _make_vocab(rng, size):
        """Function words at the top ranks, then invented words, shorter ones
        first (as in natural languages: frequent words are short); every
        seventh invented word is a name, always capitalised."""
        taken = set(FUNCTION_WORDS)
        invented = []
        want = max(0, size - len(FUNCTION_WORDS))
        while len(invented) < want:
            w = invent_word(rng, rng.choice((1, 1, 2, 2, 2, 3, 3, 4)))
            if w not in taken:
                taken.add(w)
                invented.append(w)
        # Sort by length with noise, so word length grows with rank on average.
        invented.sort(key=lambda w: len(w) + rng.random() * 4.0)
        # Numbers appear among the mid ranks of news text.
        for i in range(300, min(len(invented), 60000), 400):
            invented[i] = str(rng.choice((rng.randint(2, 99), rng.randint(1950, 2024),
                                          rng.randint(100, 9999))))
        for i in range(3, len(invented), 7):
            invented[i] = invented[i].capitalize()
        # Interleave: function word i goes to rank about i^1.05.
        vocab = []
        fw = iter(FUNCTION_WORDS)
        inv = iter(invented)
        next_fw_rank = 0
        i_fw = 0
        nxt = next(fw, None)
        while nxt is not None or len(vocab) < size:
            if nxt is not None and len(vocab) >= next_fw_rank:
                vocab.append(nxt)
                i_fw += 1
                next_fw_rank = int(i_fw ** 1.05)
                nxt = next(fw, None)
            else:
                w = next(inv, None)
                if w is None:
                    if nxt is None:
                        break
                    next_fw_rank = 0
                    continue
                vocab.append(w)
        return vocab

    def outlet(self, index):
        o = self._outlets.get(index)
        if o is None:
            o = self._outlets[index] = Outlet(self, index)
        return o

    def pick_outlet(self, rng):
        return bisect.bisect(self.outlet_cum, rng.random() * self.outlet_cum[-1])


# Every onset-vowel-coda syllable, so that a word is one draw per syllable.
SYLLABLES = [o + v + c for o in ONSETS for v in VOWELS for c in CODAS]


def invent_word(rng, syllables):
    return "".join(rng.choices(SYLLABLES, k=syllables))


class Outlet:
    """An invented outlet and its page chrome; deterministic in (seed, index)."""

    def __init__(self, world, index):
        rng = random.Random(f"winnow-bench:{world.seed}:outlet:{index}")
        place = invent_word(rng, rng.choice((2, 2, 3))).capitalize()
        style = rng.random()
        if style < 0.55:
            self.name = f"The {place} {rng.choice(PAPER_NOUNS)}"
        elif style < 0.75:
            self.name = f"{place} {rng.choice(('Today', 'Daily', 'News', 'Online', 'Now'))}"
        elif style < 0.9:
            self.name = f"{place}{rng.choice(('Wire', 'Post', 'Report', 'Insider', 'Live'))}"
        else:
            self.name = f"{place} {rng.choice(PAPER_NOUNS)} and {rng.choice(PAPER_NOUNS)}"
        slug = "".join(c for c in self.name.lower().replace("the ", "", 1) if c.isalnum())
        self.domain = slug + rng.choice(TLDS)
        self.source = self.domain
        fmt = {"name": self.name, "year": 2015 + rng.randrange(10)}
        self.sections = rng.sample(SECTION_NAMES, rng.randint(5, 10))
        menu = rng.choice(MENU_SEPARATORS).join(self.sections)
        header = [rng.choice(SKIP_LINES), self.name, menu]
        if rng.random() < 0.4:
            header.append(rng.choice(SKIP_LINES))
        rng.shuffle(header)
        self.header = header
        self.cookie = rng.choice(COOKIE_LINES).format(**fmt)
        self.cookie_share = rng.choice((0.0, 0.5, 0.9, 1.0))
        self.appeals = [a.format(**fmt) for a in rng.sample(APPEALS, rng.randint(1, 3))]
        self.related = rng.choice(RELATED_HEADERS).format(**fmt)
        self.share = rng.choice(SHARE_LINES) if rng.random() < 0.6 else None
        self.footer = [f.format(**fmt) for f in rng.sample(FOOTER_LINES, rng.randint(1, 3))]
        topic = rng.randrange(len(world.topics))
        self.teasers = [make_title(rng, world, topic) for _ in range(rng.randint(12, 40))]
        self.date_style = rng.randrange(4)

    def date_line(self, ordinal):
        y, m, d = ymd(ordinal)
        s = self.date_style
        if s == 0:
            return f"Published {d} {MONTHS[m - 1]} {y}"
        if s == 1:
            return f"{MONTHS[m - 1]} {d}, {y}"
        if s == 2:
            return f"{y}-{m:02d}-{d:02d}"
        return f"Updated {d:02d}/{m:02d}/{y}"


def ymd(ordinal):
    t = datetime.date.fromordinal(ordinal)
    return t.year, t.month, t.day


# ----------------------------------------------------------------- text

SENT_LENS = list(range(6, 36))
SENT_CUM = list(itertools.accumulate(
    math.exp(-((n - 18) ** 2) / (2 * 6.0 ** 2)) for n in SENT_LENS))
TOKEN_CHARS = 5.9    # mean characters per token, space and punctuation included (measured)
CHROME_CHARS = 620    # mean characters of page chrome on a page


def draw_tokens(rng, world, topic, n):
    """N words: the Zipf law, one in five from the topic, a few fresh names."""
    toks = rng.choices(world.vocab, cum_weights=world.cum, k=n)
    m = n // 5
    if m:
        words = world.topics[topic]
        for pos, w in zip(rng.choices(range(n), k=m),
                          rng.choices(words, cum_weights=world.topic_cum, k=m)):
            toks[pos] = w
    for _ in range(n // 250):
        toks[rng.randrange(n)] = invent_word(rng, rng.randint(2, 3)).capitalize()
    return toks


def sentences_from(rng, toks):
    out = []
    i = 0
    n = len(toks)
    lens = rng.choices(SENT_LENS, cum_weights=SENT_CUM, k=n // 6 + 2)
    li = 0
    while i < n:
        L = lens[li]
        li += 1
        s = toks[i:i + L]
        i += L
        if len(s) < 3:
            if out:
                out[-1] = out[-1][:-1] + " " + " ".join(s) + "."
                continue
        s[0] = s[0][:1].upper() + s[0][1:]
        if len(s) > 8 and rng.random() < 0.6:
            k = rng.randrange(2, len(s) - 3)
            s[k] += ","
        r = rng.random()
        if r < 0.08 and len(s) > 6:
            # A quotation: “...,” Name said.
            speaker = s.pop().capitalize()
            out.append("\u201c" + " ".join(s) + ",\u201d " + speaker + " said.")
        elif r < 0.11:
            out.append(" ".join(s) + " \u2014 " + " ".join(toks[i:i + 3]) + ".")
            i += 3
        elif r < 0.13:
            out.append(" ".join(s) + "?")
        else:
            out.append(" ".join(s) + ".")
    return out


def paragraphs_from(rng, sents):
    paras = []
    i = 0
    while i < len(sents):
        k = rng.choice((1, 2, 2, 3, 3, 4))
        paras.append(sents[i:i + k])
        i += k
    return paras


def make_title(rng, world, topic):
    toks = draw_tokens(rng, world, topic, rng.randint(6, 12))
    toks[0] = toks[0][:1].upper() + toks[0][1:]
    return " ".join(toks)


def make_body(rng, world, topic, chars):
    n = max(12, int(chars / TOKEN_CHARS))
    return paragraphs_from(rng, sentences_from(rng, draw_tokens(rng, world, topic, n)))


# ---------------------------------------------------------------- documents

class Story:
    """The content of a page, before chrome: what copies share."""
    __slots__ = ("title", "paras", "byline", "topic", "outlet", "ordinal",
                 "section", "extra")

    def __init__(self, title, paras, byline, topic, outlet, ordinal, section):
        self.title = title
        self.paras = paras
        self.byline = byline
        self.topic = topic
        self.outlet = outlet
        self.ordinal = ordinal
        self.section = section
        self.extra = []          # lines added after the body (update notes, read more)


def render(rng, world, story):
    """The page text: chrome around the story, with a per-page selection."""
    o = world.outlet(story.outlet)
    lines = list(o.header)
    if rng.random() < o.cookie_share:
        lines.append(o.cookie)
    lines.append("")
    lines.append(story.title)
    lines.append("")
    if story.byline:
        lines.append(story.byline)
    lines.append(o.date_line(story.ordinal))
    lines.append("")
    appeal_at = rng.randrange(1, len(story.paras) + 1) if rng.random() < 0.5 else -1
    for k, p in enumerate(story.paras):
        if k == appeal_at:
            lines.append(rng.choice(o.appeals))
            lines.append("")
        lines.append(" ".join(p))
        lines.append("")
    for x in story.extra:
        lines.append(x)
        lines.append("")
    if appeal_at == len(story.paras):
        lines.append(rng.choice(o.appeals))
        lines.append("")
    if o.share:
        lines.append(o.share)
    if rng.random() < 0.85:
        lines.append(o.related)
        lines.extend(rng.sample(o.teasers, min(len(o.teasers), rng.randint(3, 6))))
        lines.append("")
    lines.extend(o.footer)
    return "\n".join(lines)


def url_of(world, story, serial, variant=None):
    o = world.outlet(story.outlet)
    y, m, d = ymd(story.ordinal)
    slug = "-".join(w.lower().strip(",.") for w in story.title.split()[:7])
    base = f"https://www.{o.domain}/{story.section.lower()}/{y}/{m:02d}/{d:02d}/{slug}-{serial}"
    if variant == "amp":
        return base + "/amp"
    if variant == "utm":
        return base + "?utm_source=feed&utm_medium=rss"
    return base


def copy_story(s, **changes):
    t = Story(s.title, s.paras, s.byline, s.topic, s.outlet, s.ordinal, s.section)
    for key, value in changes.items():
        setattr(t, key, value)
    return t


def other_outlet(rng, world, outlet):
    while True:
        o = world.pick_outlet(rng)
        if o != outlet or world.outlet_count < 2:
            return o


def edit_sentence(rng, world, topic, sentence):
    """An editor's touch: a sentence rewritten, trimmed, or a few words changed."""
    r = rng.random()
    if r < 0.15:
        return sentences_from(rng, draw_tokens(rng, world, topic, rng.randint(10, 25)))[0]
    words = sentence.split(" ")
    if r < 0.5 and len(words) > 8:
        return " ".join(words[:len(words) * 2 // 3]).rstrip(",") + "."
    for _ in range(rng.randint(1, 3)):
        words[rng.randrange(len(words))] = draw_tokens(rng, world, topic, 1)[0]
    return " ".join(words)


def derive(rng, world, stories, origin, originals, kind):
    """A copy of kind KIND of the original story at slot ORIGIN."""
    s = stories[origin]
    if kind in ("recrawl", "exact"):
        return copy_story(s)
    if kind == "syndicated":
        outlet = other_outlet(rng, world, s.outlet)
        title = make_title(rng, world, s.topic)
        if rng.random() < 0.5:   # a rewritten headline that keeps some words
            old = s.title.split()
            title = " ".join(old[:max(2, len(old) // 2)] + title.split()[len(old) // 2:])
        paras = [list(p) for p in s.paras]
        for _ in range(rng.randint(1, 3)):
            p = rng.randrange(len(paras))
            i = rng.randrange(len(paras[p]))
            paras[p][i] = edit_sentence(rng, world, s.topic, paras[p][i])
        byline = s.byline if rng.random() < 0.5 else None
        return copy_story(s, title=title, paras=paras, byline=byline, outlet=outlet,
                          ordinal=s.ordinal + rng.randint(0, 2),
                          section=rng.choice(world.outlet(outlet).sections))
    if kind == "teaser":
        outlet = s.outlet if rng.random() < 0.4 else other_outlet(rng, world, s.outlet)
        total = sum(len(x) + 1 for p in s.paras for x in p)
        want = total * rng.uniform(0.25, 0.5)
        paras, got = [], 0
        for p in s.paras:
            kept = []
            for x in p:
                if got >= want:
                    break
                kept.append(x)
                got += len(x) + 1
            if kept:
                paras.append(kept)
            if got >= want:
                break
        origin_name = world.outlet(s.outlet).name
        t = copy_story(s, paras=paras, byline=None, outlet=outlet,
                       ordinal=s.ordinal + rng.randint(0, 1),
                       section=rng.choice(world.outlet(outlet).sections))
        t.extra = [rng.choice(READ_MORE).format(origin=origin_name)]
        return t
    if kind == "updated":
        donors = [x for x in originals if x != origin]
        paras = list(s.paras)
        if donors:
            d = stories[rng.choice(donors)].paras
            k = rng.randint(1, 2)
            start = rng.randrange(max(1, len(d) - k + 1))
            paras += d[start:start + k]
        t = copy_story(s, paras=paras, ordinal=s.ordinal + rng.randint(0, 3))
        t.extra = [rng.choice(UPDATE_LINES)]
        return t
    raise ValueError(kind)


def gen_chunk(args):
    """Chunk K: (jsonl lines, gold lines, meta lines), in output order."""
    (k, chunk_docs, dup_rate, mix, mean_chars, sigma) = args
    world = WORLD
    rng = random.Random(f"winnow-bench:{world.seed}:chunk:{k}")
    # The whole page is lognormal; the body is that less the mean chrome.
    mu = math.log(mean_chars) - sigma * sigma / 2.0
    kinds, kind_cum = mix
    stories, kind_of, origin_of, texts = [], [], [], []
    originals = []
    for i in range(chunk_docs):
        if originals and rng.random() < dup_rate:
            origin = rng.choice(originals)
            kind = kinds[bisect.bisect(kind_cum, rng.random() * kind_cum[-1])]
            story = derive(rng, world, stories, origin, originals, kind)
        else:
            origin, kind = None, "original"
            topic = rng.randrange(len(world.topics))
            outlet = world.pick_outlet(rng)
            o = world.outlet(outlet)
            total = min(60000.0, max(200.0, rng.lognormvariate(mu, sigma)))
            body = max(120.0, total - CHROME_CHARS)
            byline = None
            if rng.random() < 0.7:
                first = invent_word(rng, rng.randint(1, 2)).capitalize()
                last = invent_word(rng, rng.randint(2, 3)).capitalize()
                byline = f"By {first} {last}, {rng.choice(JOBS)}"
            story = Story(make_title(rng, world, topic), make_body(rng, world, topic, body),
                          byline, topic, outlet, BASE_ORDINAL + rng.randrange(DAYS_2015_2024),
                          rng.choice(o.sections))
            originals.append(i)
        stories.append(story)
        kind_of.append(kind)
        origin_of.append(origin)
        texts.append(texts[origin] if kind == "exact" else render(rng, world, story))
    order = list(range(chunk_docs))
    rng.shuffle(order)
    pos_of = [0] * chunk_docs
    for pos, slot in enumerate(order):
        pos_of[slot] = pos
    base = k * chunk_docs
    docs, gold, meta = [], [], []
    for pos, slot in enumerate(order):
        story, kind, origin = stories[slot], kind_of[slot], origin_of[slot]
        doc_id = f"doc{base + pos:09d}"
        origin_id = None if origin is None else f"doc{base + pos_of[origin]:09d}"
        variant = rng.choice(("amp", "utm")) if kind == "recrawl" else None
        serial = base + (slot if origin is None or kind not in ("recrawl", "exact", "updated")
                         else origin)
        rec = {"id": doc_id, "title": story.title, "text": texts[slot],
               "source": world.outlet(story.outlet).source,
               "url": url_of(world, story, serial, variant),
               "date": "%04d-%02d-%02d" % ymd(story.ordinal)}
        docs.append(json.dumps(rec, ensure_ascii=False))
        gold.append(json.dumps({"id": doc_id, "cluster": origin_id or doc_id}))
        meta.append(json.dumps({"id": doc_id, "origin": origin_id, "kind": kind}))
    return docs, gold, meta


# ------------------------------------------------------------------ driver

WORLD = None


def init_world(seed, vocab, outlets):
    global WORLD
    WORLD = World(seed, vocab, outlets)


def parse_size(text):
    """'100M' -> 104857600 (binary units, K/M/G/T); plain numbers are bytes."""
    t = text.strip().upper().rstrip("B").rstrip("I")
    mult = 1
    if t and t[-1] in "KMGT":
        mult = 1024 ** ("KMGT".index(t[-1]) + 1)
        t = t[:-1]
    try:
        value = float(t)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 100M, 1G)")
    if value <= 0:
        raise argparse.ArgumentTypeError(f"size must be positive: {text!r}")
    return int(value * mult)


def parse_mix(text):
    weights = dict.fromkeys(KINDS[:4], 1.0)
    weights["exact"] = 0.0
    for part in filter(None, text.split(",")):
        name, _, w = part.partition("=")
        name = name.strip()
        if name not in weights:
            raise argparse.ArgumentTypeError(f"unknown copy kind {name!r} (one of {', '.join(KINDS)})")
        try:
            weights[name] = float(w)
        except ValueError:
            raise argparse.ArgumentTypeError(f"bad weight in {part!r}")
        if weights[name] < 0:
            raise argparse.ArgumentTypeError(f"negative weight in {part!r}")
    kinds = [k for k in KINDS if weights[k] > 0]
    if not kinds:
        raise argparse.ArgumentTypeError("--mix gives every kind weight 0")
    return kinds, list(itertools.accumulate(weights[k] for k in kinds))


def open_out(path):
    if path in (None, "-"):
        return sys.stdout.buffer
    if path.endswith(".gz"):
        return gzip.open(path, "wb", compresslevel=1)
    return open(path, "wb", buffering=1 << 20)


def chunks(args):
    """Chunk results in order: in this process, or from a pool that runs at
    most a few chunks ahead of the writer (the chunk stream is unbounded)."""
    task = lambda k: (k, args.chunk_docs, args.dup_rate, args.mix, args.mean_chars, args.sigma)
    if args.jobs <= 1:
        init_world(args.seed, args.vocab, args.outlets)
        for k in itertools.count():
            yield gen_chunk(task(k))
        return
    ctx = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    pool = ctx.Pool(args.jobs, initializer=init_world,
                    initargs=(args.seed, args.vocab, args.outlets))
    try:
        ahead = 2 * args.jobs
        pending = [pool.apply_async(gen_chunk, (task(k),)) for k in range(ahead)]
        k = ahead
        while True:
            result = pending.pop(0).get()
            pending.append(pool.apply_async(gen_chunk, (task(k),)))
            k += 1
            yield result
    finally:
        # When the writer stops, the few chunks in flight are finished and
        # dropped: close() and join(), not terminate() (what the pool's
        # "with" does), which with tasks in flight can deadlock on the task
        # queue's lock (about one run in a hundred on a loaded machine).
        pool.close()
        pool.join()


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Write a synthetic news-like JSONL corpus with known near-duplicate groups.")
    ap.add_argument("--size", type=parse_size, required=True,
                    help="bytes of corpus to write: 100M, 1G (binary units); stops at the "
                         "first document boundary at or past it")
    ap.add_argument("--out", default="-", help="corpus file (.gz: gzip level 1; - = stdout)")
    ap.add_argument("--gold", help='write {"id", "cluster"} lines here')
    ap.add_argument("--meta", help='write {"id", "origin", "kind"} lines here')
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dup-rate", type=float, default=0.2,
                    help="share of documents that are derived copies (default 0.2)")
    ap.add_argument("--mix", type=parse_mix, default=parse_mix(""),
                    help="weights of the copy kinds, e.g. recrawl=1,syndicated=1,teaser=1,"
                         "updated=1,exact=0 (the default)")
    ap.add_argument("--mean-chars", type=float, default=3000.0,
                    help="mean characters of a document's text, chrome included (default 3000)")
    ap.add_argument("--sigma", type=float, default=0.6, help="lognormal sigma of lengths")
    ap.add_argument("--outlets", type=int, default=2000)
    ap.add_argument("--vocab", type=int, default=250000, help="ranks of the Zipf vocabulary")
    ap.add_argument("--chunk-docs", type=int, default=1000,
                    help="documents per chunk; copies stay inside their chunk")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                    help="worker processes (default: all cores); does not change the output")
    args = ap.parse_args(argv)
    if not 0.0 <= args.dup_rate < 1.0:
        ap.error("--dup-rate must be in [0, 1)")
    if args.outlets < 1 or args.vocab < 1000 or args.chunk_docs < 1 or args.jobs < 1:
        ap.error("--outlets, --chunk-docs and --jobs must be >= 1, --vocab >= 1000")
    if not 100 <= args.mean_chars <= 100000:
        ap.error("--mean-chars must be in [100, 100000]")

    out = open_out(args.out)
    gold = open(args.gold, "w", encoding="utf-8") if args.gold else None
    meta = open(args.meta, "w", encoding="utf-8") if args.meta else None
    written = docs_written = 0
    try:
        for docs, glines, mlines in chunks(args):
            n = len(docs)
            buf = []
            for i, line in enumerate(docs):
                b = (line + "\n").encode("utf-8")
                buf.append(b)
                written += len(b)
                if written >= args.size:
                    n = i + 1
                    break
            out.write(b"".join(buf))
            if gold:
                gold.write("\n".join(glines[:n]) + "\n")
            if meta:
                meta.write("\n".join(mlines[:n]) + "\n")
            docs_written += n
            if written >= args.size:
                break
    finally:
        if out is not sys.stdout.buffer:
            out.close()
        else:
            out.flush()
        for f in (gold, meta):
            if f:
                f.close()
    print(f"gen_corpus: {docs_written} documents, {written} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
