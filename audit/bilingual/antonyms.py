"""Target words that say the opposite of the source: an antonym where a translation belongs.

The opposites are English only: WordNet's antonym pairs (corpora/thesaurus, read by audit.alignment, which
the caller hands in: this package sits beside that module, not above it). With an English target, a source
word s means t (the pair's dictionary in either direction, our own opposites vocabulary, or a look-alike)
while the target has, unlinked to any source word, a word w listed as the opposite of t, and no target word
renders s. With an English source the mirror: s's opposite t is what the unlinked target word w means.

What keeps it quiet on free translations (measured on human translations, docs/evaluation.md): w must
stand where s's rendering belongs (a linked word pair beside both, and about the same place in both
segments); a negation beside s or w ("nicht einfach" → "difficult") makes the opposite a paraphrase;
light verbs (come/go, give/take) and "at least" are no opposites; a word with hundreds of dictionary
senses is read by its commonest ones only.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from audit.bilingual.dictionary import BilingualDictionary, bilingual_dictionary
from audit.bilingual.lexical import COGNATE, Alignment, cached_alignment, source_translations, target_meanings
from audit.bilingual.markers import negation_words
from audit.bilingual.words import Word, are_cognates, cached_words, fold_accents, function_words, lemma
from audit.corpora import corpora_dir, read_tsv
from audit.vocabulary import frequency

ENGLISH = "en"
NEGATION_KINDS = ("verbal", "marker", "particle", "lexical")
PHRASE_NEGATION_KINDS = ("verbal", "marker", "particle")  # a dictionary phrase's "nicht", not its "bis"
NEGATION_BEFORE, NEGATION_AFTER = 3, 1  # words before and after s or w a negation of it may stand in
NEGATIVE_PREFIXES = ("un", "in", "im", "il", "ir", "dis", "non")
# English words a source function word may mean for this rule (mehr, más, più, plus → more)
COMPARATIVES = frozenset({"more", "most", "less", "least", "fewer", "fewest"})
# function words whose opposite reverses a statement of time, order or identity (nach / before, stessa /
# different), read like the comparatives; up/down are not (shut down, shut up)
ORDER_WORDS = frozenset({"before", "after", "above", "below", "same"})
FUNCTION_OPPOSITES = COMPARATIVES | ORDER_WORDS
FOLLOWING_SOURCE, FOLLOWING_TARGET = 5, 3  # how near after s and w the words an order word governs stand
ADVERBIAL_FOLLOWERS = frozenset("that this which then all it".split())  # "after that": no noun governed
FUNCTION_WORD_MEANINGS = 12  # a source function word read as a comparative has a short entry (más: 4)
# English words too loose to read an opposite of in translation: light verbs with countless senses
# (come/go, give/take, make/break, have/lack, let/prevent), posture verbs (German "steht" for "is") and
# "second" (a German first floor is a US second)
LOOSE_OPPOSITES = frozenset(
    "come go give take make break have lack let get put keep bring stand sit lie second".split())
MAX_MEANINGS = 150  # a source word with more translations than this is read by its commonest ones only
COMMON_MEANINGS = 10
ANCHOR_TARGET, ANCHOR_SOURCE = 3, 4  # how near w and s a linked pair of words must stand
EDGE, EDGE_MIN_WORDS = 4, 15  # how near a segment's start or end, in segments how long
MAX_SHIFT = 0.2  # how far apart s and w may stand, as shares of their segments' lengths
IMPLIED_MAX_FREQUENCY = 100_000  # audit.vocabulary's English count
IMPLIED_KINDS = ("indirect", "prefix")  # the kinds of corpora/words/opposites_wordnet.tsv read
_CLITIC = re.compile(r"n['’]t$", re.IGNORECASE)


@dataclass(frozen=True)
class Opposite:
    """Target word w (its span) stands where source word s's rendering belongs and says the opposite."""

    start: int
    end: int
    source_word: str  # s
    meaning: str  # t: what s means (English target), or s's English opposite (English source)
    target_word: str  # w
    suggestion: str
    english_target: bool = True

    @property
    def evidence(self) -> str:
        if self.english_target:
            return f"the source's {self.source_word!r} means {self.meaning!r}; {self.target_word!r} is its opposite"
        return (f"the target's {self.target_word!r} means {self.meaning!r}, the opposite of the source's "
                f"{self.source_word!r}")


@lru_cache(maxsize=4)
def antonym_index(pairs: frozenset[tuple[str, str]]) -> dict[str, frozenset[str]]:
    """Word → its opposites, from the thesaurus's (a, b) pairs (both orders present) and ours
    (corpora/words/opposites.tsv: after / before)."""
    table: dict[str, set[str]] = {}
    for a, b in pairs:
        table.setdefault(a, set()).add(b)
    for row in read_tsv(corpora_dir() / "words" / "opposites.tsv"):
        table.setdefault(row["a"], set()).add(row["b"])
        table.setdefault(row["b"], set()).add(row["a"])
    return {word: frozenset(opposites) for word, opposites in table.items()}


@lru_cache(maxsize=1)
def implied_opposites() -> dict[str, frozenset[str]]:
    """Word → the opposites WordNet implies (corpora/words/opposites_wordnet.tsv, the kinds the rule reads),
    both ways, of content words only (WordNet's adjective "all", "such", "under" have a sense in some
    cluster, and a dozen opposites through it)."""
    function = function_words(ENGLISH)
    table: dict[str, set[str]] = {}
    for row in read_tsv(corpora_dir() / "words" / "opposites_wordnet.tsv"):
        a, b = row["a"], row["b"]
        if row["kind"] in IMPLIED_KINDS and a not in function and b not in function:
            table.setdefault(a, set()).add(b)
            table.setdefault(b, set()).add(a)
    return {word: frozenset(opposites) for word, opposites in table.items()}


def _all_opposites(forms: tuple[str, ...], index: dict[str, frozenset[str]]) -> frozenset[str]:
    """Direct opposites under every form, implied ones under the surface alone (the lemmatizer reads the
    noun "opening" as the verb "open", and blocked is an opposite of the adjective open) and only for a
    word less common than IMPLIED_MAX_FREQUENCY: the commonest words (new, little, light, used) have the
    most senses, and a sense-blind implied pair reads most of them wrong (new / weathered, light / troubling)."""
    direct = frozenset().union(*(index.get(form, ()) for form in forms))
    implied = implied_opposites().get(forms[0])
    if not implied or (frequency(forms[0], ENGLISH) or 0) > IMPLIED_MAX_FREQUENCY:
        return direct  # the count only where it decides: most words have no implied opposite
    return direct | implied


def _may_oppose(word: Word, text: str) -> bool:
    """A word an opposite may be read of: a content word, or a function word with an opposite (more/less,
    up/down), but no number, name or the "won" of "won't"."""
    if word.is_number or word.is_name or len(word.text) < 3:
        return False
    return word.is_content or text[word.end:word.end + 2] not in ("'t", "’t")


def _source_words_opposable(words: Sequence[Word]) -> list[tuple[int, Word]]:
    """The source words `_may_oppose` lets through, with their indices: the test inline (without the
    text, which only a target's "won't" needs), as it is asked of every source word of most segments."""
    return [(i, s) for i, s in enumerate(words) if not (s.is_number or s.is_name or len(s.text) < 3)]


@lru_cache(maxsize=None)
def _negations(lang: str, kinds: tuple[str, ...] = NEGATION_KINDS) -> frozenset[str]:
    return frozenset().union(*(negation_words(lang, kind) for kind in kinds))


def _negated_near(words: Sequence[Word], i: int, lang: str) -> bool:
    """Whether a negation stands just before word i (or just after: "verlor nicht"), the word itself
    aside."""
    negations = _negations(lang)
    near = list(words[max(0, i - NEGATION_BEFORE):i]) + list(words[i + 1:i + 1 + NEGATION_AFTER])
    return any(w.text.casefold() in negations or _CLITIC.search(w.text) for w in near)


def _paraphrased_by_negation(source: Sequence[Word], i: int, src: str, target: Sequence[Word], j: int,
                             tgt: str) -> bool:
    """A negation beside either word: "nicht einfach" rendered "difficult" says the same, and where both
    are negated the two negations may well negate different words."""
    return _negated_near(source, i, src) or _negated_near(target, j, tgt)


def _by_prefix(a: str, b: str) -> bool:
    """Whether one word is the other with a negative prefix (official / unofficial)."""
    short, long = sorted((a, b), key=len)
    return any(long == prefix + short or long == prefix + "-" + short for prefix in NEGATIVE_PREFIXES)


def _renders_other(alignment: Alignment, j: int, i: int, w: Word, t: str) -> bool:
    """Whether target word j renders a source word other than i, or i itself but by more than a look-alike
    with the negative prefix aside (unofficial looks like ufficiale because official does)."""
    prefixed = any(_by_prefix(form, t) for form in w.forms)
    return any(link.source != i or link.evidence != COGNATE or not prefixed for link in alignment.sources_of(j))


def _rendering_forms(target: Sequence[Word], pairs: frozenset[tuple[str, str]]) -> frozenset[str]:
    """The forms of the target words that may render a source content word: content words, and function
    words with an opposite (a dictionary's entries are full of function words: "to be first" gives be),
    ours among them (before: "bevor" rendered "before" leaves no source word meaning before unrendered)."""
    return frozenset(form for w in target if w.is_content or _has_opposite(w.forms, pairs) for form in w.forms)


@lru_cache(maxsize=16_384)
def _has_opposite(forms: tuple[str, ...], pairs: frozenset[tuple[str, str]]) -> bool:
    """Whether a word (its forms) has any opposite, remembered: a segment's function words are asked each
    time (a third of its words), and they are few."""
    return bool(_all_opposites(forms, antonym_index(pairs)))


def _commonest(words: Iterable[str], lang: str) -> str:
    """The most frequent one-word translation (a dictionary lists rare and odd ones beside the usual)."""
    single = sorted((w for w in words if " " not in w), key=lambda w: (-(frequency(w, lang) or 0), len(w), w))
    return single[0] if single else ""


def into_english(source: str, target: str, src: str, bidict: BilingualDictionary,
                 pairs: frozenset[tuple[str, str]]) -> list[Opposite]:
    """English target: an unlinked target word w opposite to t, a meaning of an unrendered source word s."""
    target_words = cached_words(target, ENGLISH)
    opposed = _opposed_by_word(pairs)
    for w in target_words:
        if w.text not in opposed:
            opposed[w.text] = _meanings_opposed(w.forms, pairs)
    # the remembered opposites asked first: most words have none, and the test needs no Python frame
    candidates = [(j, w, opposites) for j, w in enumerate(target_words)
                  if (opposites := opposed[w.text]) and _may_oppose(w, target)]
    if not candidates:
        return []  # no target word has an opposite: the source words need not be read
    source_words = cached_words(source, src)
    words = _SourceWords(source_words)
    candidates = [(j, w, a) for j, w, a in candidates if words.may_mean(bidict, src, a, j / len(target_words))]
    if not candidates:
        return []
    meanings = _SourceMeanings(source_words, words, bidict, src, _rendering_forms(target_words, pairs))
    readings = [(j, w, kept) for j, w, opposites in candidates
                if (kept := _readable(meanings, opposites, target_words, j))]
    if not readings:
        return []  # no pair passes the tests that need no alignment: most segments are not aligned
    alignment = cached_alignment(source, target, src, ENGLISH)
    renderers = _renderers(alignment)
    found = []
    for j, w, kept in readings:
        for t in kept:
            i = _unrendered(alignment, renderers, meanings.readers(t, w), t, j)
            if i is None or not _anchored(alignment, i, j) or not _may_read(meanings, t, i, target_words, j):
                continue
            if t in ORDER_WORDS and not _governs_the_same(alignment, i, j):
                continue
            found.append(Opposite(w.start, w.end, alignment.source[i].text, t, w.text, t))
            break
    return found


def _readable(meanings: _SourceMeanings, opposites: frozenset[str], target: tuple[Word, ...],
              j: int) -> list[str]:
    """The opposites t of target word j (w), in order, that a reader near w passes `_may_read` for (the
    words the alignment may link are read only for them)."""
    return [t for t in sorted(opposites)
            if any(_may_read(meanings, t, i, target, j) for i in meanings.readers(t, target[j], j / len(target)))]


def _may_read(meanings: _SourceMeanings, t: str, i: int, target: tuple[Word, ...], j: int) -> bool:
    """Whether source word i, one of t's readers for target word j (w), passes the tests of `into_english`
    that need no alignment: about the same place in both segments, no negation beside either, no idiom
    the other way round, no order word governing nothing, and w translating no other source word. A
    t no reader passes cannot be reported (the reader chosen after the alignment would fail them too)."""
    source, bidict, src = meanings.source, meanings.bidict, meanings.src
    if abs(i / len(source) - j / len(target)) > MAX_SHIFT:
        return False
    if _in_idiom(target, j) and not _idiom_swapped(bidict, source[i], src, t):
        return False
    if t in ORDER_WORDS and _adverbial(target, j):
        return False
    if _paraphrased_by_negation(source, i, src, target, j, ENGLISH):
        return False
    return not _translates_another(source, bidict, src, i, target[j])


def _translates_another(source: Sequence[Word], bidict: BilingualDictionary, src: str, i: int, w: Word) -> bool:
    """Whether w translates a source word other than s (i) that the alignment leaves unlinked to it: a
    function word on either side ("eher weniger" → "less"; a function word's entry only if short)."""
    for k, x in enumerate(source):
        if k == i or not (x.is_function or w.is_function):
            continue
        meanings = english_meanings(bidict, x, src)
        if (x.is_content or len(meanings) <= FUNCTION_WORD_MEANINGS) and not meanings.isdisjoint(w.forms):
            return True
    return False


def _anchored(alignment: Alignment, i: int, j: int) -> bool:
    """Whether a target word near w (j) renders a source word near s (i), or both stand at the same edge
    of long segments ("Secondo il noto politologo" / "According to the unknown political scientist": the
    sentence's start anchors them where function words link nothing): the opposite stands where s's
    rendering belongs, not in a sentence recast around it."""
    if abs(i / len(alignment.source) - j / len(alignment.target)) > MAX_SHIFT:
        return False
    if _at_the_same_edge(len(alignment.source), i, len(alignment.target), j):
        return True
    return any(link.target != j and abs(link.target - j) <= ANCHOR_TARGET and abs(link.source - i) <= ANCHOR_SOURCE
               for link in alignment.links)


def _at_the_same_edge(source_length: int, i: int, target_length: int, j: int) -> bool:
    """Both among the first EDGE words, or both among the last, of segments of EDGE_MIN_WORDS words or more
    (in a short segment every word is near an edge)."""
    if min(source_length, target_length) < EDGE_MIN_WORDS:
        return False
    return (i < EDGE and j < EDGE) or (source_length - i <= EDGE and target_length - j <= EDGE)


def _governs_the_same(alignment: Alignment, i: int, j: int) -> bool:
    """Whether a word just after w (j) renders words just after s (i) only: "después de dos años" / "before
    two years" swaps the order of the same two things, where "X, bevor Y" / "Y after X" only recasts the
    sentence around them ("nach Platz zwei zuvor auf Rang fünf" / "fifth after second place": place renders
    Platz, before zuvor, as well as Rang)."""
    for k in range(j + 1, min(j + FOLLOWING_TARGET + 1, len(alignment.target))):
        sources = [link.source for link in alignment.sources_of(k)]
        if sources and all(0 < source - i <= FOLLOWING_SOURCE for source in sources):
            return True
    return False


def _adverbial(words: Sequence[Word], j: int) -> bool:
    """An order word that governs no noun of its own ("after that", "before then", "after all"): the
    sentence says in what order things happen by another road ("A, bevor B" / "A, after that B")."""
    return j + 1 < len(words) and words[j + 1].text.casefold() in ADVERBIAL_FOLLOWERS


def _in_idiom(words: Sequence[Word], j: int) -> bool:
    """"at least", "at most": a comparative that compares nothing."""
    return j > 0 and words[j - 1].text.casefold() == "at" and words[j].text.casefold() in ("least", "most")


def _idiom_swapped(bidict: BilingualDictionary, s: Word, src: str, t: str) -> bool:
    """Whether s means the idiom's opposite as a whole: almeno is "at least", rendered "at most"."""
    return f"at {t}" in english_meanings(bidict, s, src)


@lru_cache(maxsize=65_536)
def _meanings_opposed(forms: tuple[str, ...], pairs: frozenset[tuple[str, str]]) -> frozenset[str]:
    """The opposites of an English word (its forms) a source word may mean: content words and the
    comparatives (a dictionary gives function words such as all, some, have for too many words to read
    an opposite from them)."""
    index = antonym_index(pairs)
    if any(form in LOOSE_OPPOSITES for form in forms):
        return frozenset()
    function = function_words(ENGLISH)
    opposites = _all_opposites(forms, index)
    return frozenset(t for t in opposites if (t not in function or t in FUNCTION_OPPOSITES) and t not in LOOSE_OPPOSITES)


_OPPOSED_LIMIT = 65_536  # remembered English words per thesaurus, forgotten all at once beyond it
_opposed: dict[frozenset[tuple[str, str]], dict[str, frozenset[str]]] = {}


def _opposed_by_word(pairs: frozenset[tuple[str, str]]) -> dict[str, frozenset[str]]:
    """`_meanings_opposed` of the English words seen, by spelling (an English token's forms follow from
    it): a plain dictionary keyed by the token, whose hash the string keeps, is read faster than the
    cache keyed by forms and thesaurus, and every target word is looked up."""
    table = _opposed.get(pairs)
    if table is None or len(table) >= _OPPOSED_LIMIT:
        # replaced, never cleared: a caller (a thread of a Dask worker) reads the table it was given whole
        if table is None:
            _opposed.clear()  # one thesaurus per run
        table = _opposed[pairs] = {}
    return table


@lru_cache(maxsize=None)
def opposite_vocabulary(lang: str) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """Our own translations of English words that have an opposite (corpora/dictionaries/opposites/,
    for languages whose FreeDict files lack them): (word → English words, English word → words)."""
    path = corpora_dir() / "dictionaries" / "opposites" / f"{lang}-en.tsv"
    to_english: dict[str, set[str]] = {}
    from_english: dict[str, set[str]] = {}
    for row in read_tsv(path) if path.is_file() else []:
        to_english.setdefault(row["source"], set()).add(row["target"])
        from_english.setdefault(row["target"], set()).add(row["source"])
    return ({w: frozenset(e) for w, e in to_english.items()}, {e: frozenset(w) for e, w in from_english.items()})


_NOTHING: frozenset[str] = frozenset()


def _vocabulary(forms: Iterable[str], lang: str, towards_english: bool) -> frozenset[str]:
    table = opposite_vocabulary(lang)[0 if towards_english else 1]
    if not table:
        return _NOTHING  # most languages have no list of ours
    return frozenset().union(*(table.get(form, ()) for form in forms))


def english_meanings(bidict: BilingualDictionary, word: Word, lang: str) -> frozenset[str]:
    """What a word of the other language means in English: the dictionary's translations and ours."""
    found = source_translations(bidict, word, lang) if bidict.src == lang else bidict.target_translations(*word.forms)
    ours = _vocabulary(word.forms, lang, True)
    return found | ours if ours else found  # a union copies the entry (hundreds of words for some)


def renderings(bidict: BilingualDictionary, word: Word) -> frozenset[str]:
    """What an English source word may be rendered as in the target language."""
    return source_translations(bidict, word, ENGLISH) | _vocabulary(word.forms, bidict.tgt, False)


@lru_cache(maxsize=4096)
def _commonest_meanings(meanings: frozenset[str]) -> frozenset[str]:
    """The English words of a long entry that are most often written: its usual senses."""
    return frozenset(sorted(meanings, key=lambda w: (-(frequency(w, ENGLISH) or 0), w))[:COMMON_MEANINGS])


def _negated_sense(back: frozenset[str], s: Word, lang: str) -> bool:
    """Whether the dictionary gives t as s negated ("inadvisable": "nicht zu empfehlen"): the words of such
    a phrase are read into s's entry, so s seems to mean t."""
    negations = _negations(lang, PHRASE_NEGATION_KINDS)
    phrases = (set(phrase.split()) for phrase in back if " " in phrase)
    return any(not words.isdisjoint(negations) and not words.isdisjoint(s.forms) for words in phrases)


def _means(s: Word, src: str, t: str, meanings: frozenset[str], back: frozenset[str]) -> frozenset[str] | None:
    """The translations of source word s (`meanings`) when t is among them (a content word by either
    dictionary direction, `back` being t's entry; a function word, mehr or più, only by its own entry and
    only as a comparative or an order word), else None."""
    if s.is_function and (t not in FUNCTION_OPPOSITES or len(meanings) > FUNCTION_WORD_MEANINGS):
        return None  # an article's entry (die, das) gives "most" among hundreds of words
    found = _meanings_with(meanings, back, s, src, t)
    # the dearer tests only where s means t at all (most pairs do not)
    if found is None or (len(meanings) > MAX_MEANINGS and t not in _commonest_meanings(meanings)):
        return None  # machen gives "bound" among 300 words; neu gives "new" among 400, and first
    return None if _negated_sense(back, s, src) else found


def _meanings_with(meanings: frozenset[str], back: frozenset[str], s: Word, src: str, t: str) -> frozenset[str] | None:
    """s's translations when t is among them, by s's entry, t's entry (`back`) or a look-alike; else None."""
    if t in meanings or (s.is_content and not back.isdisjoint(s.forms)):
        return meanings
    if s.is_content and _look_alike(s, src, t):
        return meanings | {t}  # a small dictionary lacks impopolare; its look-alike says what it means
    return None


class _SourceWords:
    """What the cheap half of `_means` reads of a segment's source words, before any alignment: their
    forms and places (as shares of the segment, which `_anchored` compares), and the content words by
    first letter, once for all the target words' candidate meanings."""

    def __init__(self, words: tuple[Word, ...]) -> None:
        self.opposable = opposable = _source_words_opposable(words)
        self.places = [i / len(words) for i, _ in opposable]  # ascending: a window of them is found by bisection
        self.words = [s for _, s in opposable]
        self.forms = set().union(*(s.forms for s in self.words))  # all the words': most meanings miss them
        self._by_initial: dict[str, list[int]] | None = None

    def may_mean(self, bidict: BilingualDictionary, src: str, meanings: frozenset[str], place: float) -> bool:
        """Whether a source word about at `place` may mean one of `meanings`: a word the dictionaries give
        for it, or a look-alike of it. Most segments need no alignment then."""
        given, by_initial = _source_words_meaning(bidict, src, meanings)
        # a meaning none of the segment's words translates needs no window: most do not
        if (any(not words.isdisjoint(self.forms) for words in given)
                and any(not words.isdisjoint(self.words[k].forms) for k in self._near(place) for words in given)):
            return True
        places, words, initials = self.places, self.words, self._initials()
        # a look-alike shares its first letter (`are_cognates`), so most words need no similarity test
        return any(abs(places[k] - place) <= MAX_SHIFT and _look_alike(words[k], src, t)
                   for initial, alike in by_initial for k in initials.get(initial, ()) for t in alike)

    def _near(self, place: float) -> list[int]:
        """The words within MAX_SHIFT of `place`: a window a little wider found by bisection, then the
        exact test (the bounds' rounding may differ from the difference's)."""
        low = bisect_left(self.places, place - MAX_SHIFT - 1e-9)
        high = bisect_right(self.places, place + MAX_SHIFT + 1e-9)
        return [k for k in range(low, high) if abs(self.places[k] - place) <= MAX_SHIFT]

    def _initials(self) -> dict[str, list[int]]:
        """First letter of a content word's surface or lemma, folded → the words."""
        if self._by_initial is None:
            by_initial: dict[str, list[int]] = {}
            for k, s in enumerate(self.words):
                if s.is_content:
                    for initial in _word_initials(s.text, s.lemma):
                        if initial in by_initial:
                            by_initial[initial].append(k)
                        else:
                            by_initial[initial] = [k]
            self._by_initial = by_initial
        return self._by_initial


@lru_cache(maxsize=16_384)
def _word_initials(text: str, lemma: str) -> tuple[str, ...]:
    """The first letters, folded, of a word's surface and lemma (one when they share it)."""
    first, second = fold_accents(text)[:1], fold_accents(lemma)[:1]
    return (first,) if first == second else (first, second)


@lru_cache(maxsize=4096)
def _source_words_meaning(bidict: BilingualDictionary, src: str, meanings: frozenset[str]
                          ) -> tuple[tuple[frozenset[str], ...], tuple[tuple[str, tuple[str, ...]], ...]]:
    """What `_SourceWords.may_mean` asks of a target word's opposites, once per set of them (most target words
    recur): the source words each is given as (`_words_for`'s sets, shared: no union of them is kept), and the
    opposites by the first letters a look-alike of them opens with (`_meaning_initials`)."""
    given = tuple(_words_for(bidict, src, t) for t in sorted(meanings))
    by_initial: dict[str, list[str]] = {}
    for t in sorted(meanings):
        for initial in sorted(_meaning_initials(t)):
            by_initial.setdefault(initial, []).append(t)
    return given, tuple((initial, tuple(alike)) for initial, alike in by_initial.items())


@lru_cache(maxsize=16_384)
def _meaning_initials(t: str) -> frozenset[str]:
    """The first letters, folded, of English t and of its lemma: a look-alike of either shares one."""
    return frozenset((fold_accents(t)[:1], fold_accents(_english_lemma(t))[:1]))


@lru_cache(maxsize=16_384)
def _words_for(bidict: BilingualDictionary, src: str, t: str) -> frozenset[str]:
    """The source-language words the dictionaries and our opposites list give for English t."""
    return bidict.target_translations(t) | _vocabulary((t,), src, False)


def _look_alike(s: Word, src: str, t: str) -> bool:
    """Whether s looks like t, or s's lemma like t's (ispirata: ispirare, inspired: inspire)."""
    return _spelt_like(s.text, s.lemma, src, t)


@lru_cache(maxsize=65_536)
def _spelt_like(text: str, lemma: str, src: str, t: str) -> bool:
    """`_look_alike` by the spellings alone, remembered: a segment's words are tested against the opposites
    of several target words, and the same pairs recur across segments (a third of the tests are new)."""
    t_lemma = _english_lemma(t)
    return (are_cognates(text, src, t, ENGLISH) or are_cognates(lemma, src, t, ENGLISH)
            or (t_lemma != t and are_cognates(lemma, src, t_lemma, ENGLISH)))


@lru_cache(maxsize=16_384)
def _english_lemma(t: str) -> str:
    return lemma(t, ENGLISH).casefold()


class _SourceMeanings:
    """What `into_english` reads of one segment pair's source words before any alignment, read once for
    all its candidate opposites: the words an opposite may be read of, their translations, and the forms
    of the target words that may render one (`_rendering_forms`)."""

    def __init__(self, source: tuple[Word, ...], opposable: _SourceWords, bidict: BilingualDictionary, src: str,
                 rendering: frozenset[str]) -> None:
        self.source, self.bidict, self.src, self.rendering = source, bidict, src, rendering
        # each word an opposite may be read of (`opposable`: those of `source`), with its first letters
        # (`_word_initials`) and its place (the share `_anchored` compares; ascending)
        self.places = opposable.places
        self.words = [(i, s, _word_initials(s.text, s.lemma), at)
                      for (i, s), at in zip(opposable.opposable, opposable.places)]
        self._unrendered: dict[int, frozenset[str] | None] = {}

    def readers(self, t: str, w: Word, place: float | None = None) -> list[int]:
        """The indices of the source words that mean t (`_means`) while no target word's form, w's in
        particular, is among their translations: the words `_unrendered` chooses from once aligned.
        With `place`, only those within MAX_SHIFT of it (`_anchored`'s first test)."""
        back = target_meanings(self.bidict, (t,))  # remembered: a fresh union per call copied the entry
        initials = _meaning_initials(t)
        function_opposite = t in FUNCTION_OPPOSITES
        unrendered = self._unrendered
        words = self.words
        if place is not None:  # the window a little wider by bisection, then the exact test (`_SourceWords._near`)
            words = words[bisect_left(self.places, place - MAX_SHIFT - 1e-9):
                          bisect_right(self.places, place + MAX_SHIFT + 1e-9)]
        found = []
        for i, s, own_initials, at in words:
            if place is not None and abs(at - place) > MAX_SHIFT:
                continue
            if s.is_function and not function_opposite:
                continue
            meanings = unrendered[i] if i in unrendered else self._unrendered_meanings(i, s)
            if meanings is None:
                continue  # `_means` adds to s's meanings: they already hold a target word's form
            # what `_means` tests first, inline: most words mean nothing near t
            if t not in meanings and not (s.is_content and (not back.isdisjoint(s.forms)
                                                            or not initials.isdisjoint(own_initials))):
                continue
            meanings = _means(s, self.src, t, meanings, back)
            if meanings is not None and meanings.isdisjoint(w.forms) and meanings.isdisjoint(self.rendering):
                found.append(i)
        return found

    def _unrendered_meanings(self, i: int, s: Word) -> frozenset[str] | None:
        """s's translations when none of them is the form of a target word that may render it (about half
        a segment's words), else None; remembered per word."""
        meanings = english_meanings(self.bidict, s, self.src)
        self._unrendered[i] = found = meanings if meanings.isdisjoint(self.rendering) else None
        return found


def _renderers(alignment: Alignment) -> dict[int, set[int]]:
    """Source word → the target words linked to it."""
    renderers: dict[int, set[int]] = {}
    for link in alignment.links:
        renderers.setdefault(link.source, set()).add(link.target)
    return renderers


def _unrendered(alignment: Alignment, renderers: dict[int, set[int]], readers: list[int], t: str, j: int) -> int | None:
    """The first of t's readers (`_SourceMeanings.readers`) rendered by no target word and not by target
    word j (w) in particular, if any."""
    w = alignment.target[j]
    for i in readers:
        rendered_by = renderers.get(i)
        if rendered_by and (len(rendered_by) > 1 or j not in rendered_by):
            continue  # a source word another target word renders is no candidate
        if not _renders_other(alignment, j, i, w, t):
            return i
    return None


def from_english(source: str, target: str, tgt: str, bidict: BilingualDictionary,
                 pairs: frozenset[tuple[str, str]]) -> list[Opposite]:
    """English source: an unlinked target word w that means t, an opposite of an unrendered source word s."""
    candidates = [(i, s, _meanings_opposed(s.forms, pairs)) for i, s in enumerate(cached_words(source, ENGLISH))
                  if s.is_content and _may_oppose(s, source)]
    candidates = [(i, s, a) for i, s, a in candidates if a]
    if not candidates:
        return []
    alignment = cached_alignment(source, target, ENGLISH, tgt)
    forms = frozenset(form for w in alignment.target if w.is_content for form in w.forms)
    found = []
    for i, s, opposites in candidates:
        meanings = renderings(bidict, s)
        if alignment.targets_of(i) or not meanings.isdisjoint(forms) or len(meanings) > MAX_MEANINGS:
            continue
        for j, w in enumerate(alignment.target):
            if not w.is_content or w.is_name or alignment.sources_of(j) or not _anchored(alignment, i, j):
                continue
            back = english_meanings(bidict, w, tgt)
            means = back & opposites
            if not means or not back.isdisjoint(s.forms) or len(back) > MAX_MEANINGS:
                continue
            if not _paraphrased_by_negation(alignment.source, i, ENGLISH, alignment.target, j, tgt):
                found.append(Opposite(w.start, w.end, s.text, _commonest(means, ENGLISH), w.text,
                                      _commonest(meanings, tgt), english_target=False))
                break
    return found


def opposite_words(source: str, target: str, src: str, tgt: str,
                   antonym_pairs: frozenset[tuple[str, str]]) -> list[Opposite]:
    """The target words of one segment pair that say the opposite of a source word (one side English,
    with the pair's dictionary; nothing otherwise)."""
    if src == tgt or ENGLISH not in (src, tgt) or not antonym_pairs:
        return []
    bidict = bilingual_dictionary(src, tgt)
    if bidict is None:
        return []
    if tgt == ENGLISH:
        return into_english(source, target, src, bidict, antonym_pairs)
    return from_english(source, target, tgt, bidict, antonym_pairs)
