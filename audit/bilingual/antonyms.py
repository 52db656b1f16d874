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
from typing import Iterable

from audit.bilingual.dictionary import BilingualDictionary, bilingual_dictionary
from audit.bilingual.lexical import COGNATE, Alignment, cached_alignment, source_translations
from audit.bilingual.markers import negation_words
from audit.bilingual.words import Word, are_cognates, cached_words, fold_accents, function_words
from audit.corpora import corpora_dir, read_tsv
from audit.vocabulary import frequency

ENGLISH = "en"
NEGATION_KINDS = ("verbal", "marker", "particle", "lexical")
PHRASE_NEGATION_KINDS = ("verbal", "marker", "particle")  # a dictionary phrase's "nicht", not its "bis"
NEGATION_BEFORE, NEGATION_AFTER = 3, 1  # words before and after s or w a negation of it may stand in
NEGATIVE_PREFIXES = ("un", "in", "im", "il", "ir", "dis", "non")
# English words a source function word may mean for this rule (mehr, más, più, plus → more)
COMPARATIVES = frozenset({"more", "most", "less", "least", "fewer", "fewest"})
FUNCTION_WORD_MEANINGS = 12  # a source function word read as a comparative has a short entry (más: 4)
# English words too loose to read an opposite of in translation: light verbs with countless senses
# (come/go, give/take, make/break, have/lack, let/prevent), posture verbs (German "steht" for "is") and
# "second" (a German first floor is a US second)
LOOSE_OPPOSITES = frozenset(
    "come go give take make break have lack let get put keep bring stand sit lie second".split())
MAX_MEANINGS = 150  # a source word with more translations than this is read by its commonest ones only
COMMON_MEANINGS = 10
ANCHOR_TARGET, ANCHOR_SOURCE = 3, 4  # how near w and s a linked pair of words must stand
MAX_SHIFT = 0.2  # how far apart s and w may stand, as shares of their segments' lengths
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
    """Word → its opposites, from the thesaurus's (a, b) pairs (both orders present)."""
    table: dict[str, set[str]] = {}
    for a, b in pairs:
        table.setdefault(a, set()).add(b)
    return {word: frozenset(opposites) for word, opposites in table.items()}


def opposites_of(word: Word, index: dict[str, frozenset[str]]) -> frozenset[str]:
    """The English word's opposites under its surface form and its lemma."""
    return frozenset().union(*(index.get(form, ()) for form in word.forms))


def _may_oppose(word: Word, text: str) -> bool:
    """A word an opposite may be read of: a content word, or a function word with an opposite (more/less,
    up/down), but no number, name or the "won" of "won't"."""
    if word.is_number or word.is_name or len(word.text) < 3:
        return False
    return word.is_content or text[word.end:word.end + 2] not in ("'t", "’t")


@lru_cache(maxsize=None)
def _negations(lang: str, kinds: tuple[str, ...] = NEGATION_KINDS) -> frozenset[str]:
    return frozenset().union(*(negation_words(lang, kind) for kind in kinds))


def _negated_near(words: tuple[Word, ...] | list[Word], i: int, lang: str) -> bool:
    """Whether a negation stands just before word i (or just after: "verlor nicht"), the word itself
    aside."""
    negations = _negations(lang)
    near = list(words[max(0, i - NEGATION_BEFORE):i]) + list(words[i + 1:i + 1 + NEGATION_AFTER])
    return any(w.text.casefold() in negations or _CLITIC.search(w.text) for w in near)


def _paraphrased_by_negation(source: list[Word], i: int, src: str, target: list[Word], j: int, tgt: str) -> bool:
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


def _rendering_forms(alignment: Alignment, index: dict[str, frozenset[str]]) -> frozenset[str]:
    """The forms of the target words that may render a source content word: content words, and function
    words with an opposite (a dictionary's entries are full of function words: "to be first" gives be)."""
    return frozenset(form for w in alignment.target if w.is_content or opposites_of(w, index) for form in w.forms)


def _commonest(words: Iterable[str], lang: str) -> str:
    """The most frequent one-word translation (a dictionary lists rare and odd ones beside the usual)."""
    single = sorted((w for w in words if " " not in w), key=lambda w: (-(frequency(w, lang) or 0), len(w), w))
    return single[0] if single else ""


def into_english(source: str, target: str, src: str, bidict: BilingualDictionary,
                 pairs: frozenset[tuple[str, str]]) -> list[Opposite]:
    """English target: an unlinked target word w opposite to t, a meaning of an unrendered source word s."""
    target_words = cached_words(target, ENGLISH)
    candidates = [(j, w, _meanings_opposed(w.forms, pairs)) for j, w in enumerate(target_words)
                  if _may_oppose(w, target)]
    words = _SourceWords(cached_words(source, src))
    candidates = [(j, w, a) for j, w, a in candidates
                  if a and any(words.may_mean(bidict, src, t, j / len(target_words)) for t in a)]
    if not candidates:
        return []
    alignment = cached_alignment(source, target, src, ENGLISH)
    rendering = _rendering_forms(alignment, antonym_index(pairs))
    found = []
    for j, w, opposites in candidates:
        for t in sorted(opposites):
            i = _source_meaning(alignment, bidict, src, t, j, rendering)
            if i is None or not _anchored(alignment, i, j) or _in_idiom(alignment.target, j):
                continue
            if _translates_another(alignment, bidict, src, i, w):
                continue
            if not _paraphrased_by_negation(alignment.source, i, src, alignment.target, j, ENGLISH):
                found.append(Opposite(w.start, w.end, alignment.source[i].text, t, w.text, t))
                break
    return found


def _translates_another(alignment: Alignment, bidict: BilingualDictionary, src: str, i: int, w: Word) -> bool:
    """Whether w translates a source word other than s (i) that the alignment leaves unlinked to it: a
    function word on either side ("eher weniger" → "less"; a function word's entry only if short)."""
    for k, x in enumerate(alignment.source):
        if k == i or not (x.is_function or w.is_function):
            continue
        meanings = english_meanings(bidict, x, src)
        if (x.is_content or len(meanings) <= FUNCTION_WORD_MEANINGS) and not meanings.isdisjoint(w.forms):
            return True
    return False


def _anchored(alignment: Alignment, i: int, j: int) -> bool:
    """Whether a target word near w (j) renders a source word near s (i): the opposite stands where s's
    rendering belongs, not in a sentence recast around it."""
    if abs(i / len(alignment.source) - j / len(alignment.target)) > MAX_SHIFT:
        return False
    return any(link.target != j and abs(link.target - j) <= ANCHOR_TARGET and abs(link.source - i) <= ANCHOR_SOURCE
               for link in alignment.links)


def _in_idiom(words: list[Word], j: int) -> bool:
    """"at least", "at most": a comparative that compares nothing."""
    return j > 0 and words[j - 1].text.casefold() == "at" and words[j].text.casefold() in ("least", "most")


@lru_cache(maxsize=65_536)
def _meanings_opposed(forms: tuple[str, ...], pairs: frozenset[tuple[str, str]]) -> frozenset[str]:
    """The opposites of an English word (its forms) a source word may mean: content words and the
    comparatives (a dictionary gives function words such as all, some, have for too many words to read
    an opposite from them)."""
    index = antonym_index(pairs)
    if any(form in LOOSE_OPPOSITES for form in forms):
        return frozenset()
    function = function_words(ENGLISH)
    opposites = frozenset().union(*(index.get(form, ()) for form in forms))
    return frozenset(t for t in opposites if (t not in function or t in COMPARATIVES) and t not in LOOSE_OPPOSITES)


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


def _vocabulary(forms: Iterable[str], lang: str, towards_english: bool) -> frozenset[str]:
    table = opposite_vocabulary(lang)[0 if towards_english else 1]
    return frozenset().union(*(table.get(form, ()) for form in forms))


def english_meanings(bidict: BilingualDictionary, word: Word, lang: str) -> frozenset[str]:
    """What a word of the other language means in English: the dictionary's translations and ours."""
    found = source_translations(bidict, word, lang) if bidict.src == lang else bidict.target_translations(*word.forms)
    return found | _vocabulary(word.forms, lang, True)


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


def _means(bidict: BilingualDictionary, s: Word, src: str, t: str) -> frozenset[str] | None:
    """The translations of source word s when t is among them (a content word by either dictionary
    direction; a function word, mehr or più, only by its own entry and only as a comparative), else None."""
    if s.is_function and t not in COMPARATIVES:
        return None
    meanings = english_meanings(bidict, s, src)
    if s.is_function and len(meanings) > FUNCTION_WORD_MEANINGS:
        return None  # an article's entry (die, das) gives "most" among hundreds of words
    back = bidict.target_translations(t)
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
    forms and places (as shares of the segment, which `_anchored` compares)."""

    def __init__(self, words: tuple[Word, ...]) -> None:
        placed = [(i / len(words), s) for i, s in enumerate(words) if _may_oppose(s, "")]
        self.places = [at for at, _ in placed]  # ascending: a window of them is found by bisection
        self.words = [s for _, s in placed]
        self._initials: dict[int, tuple[str, str]] = {}

    def may_mean(self, bidict: BilingualDictionary, src: str, t: str, place: float) -> bool:
        """Whether a source word about at `place` may mean t: a word the dictionaries give for t, or a
        look-alike of t. Most segments need no alignment then."""
        near = self._near(place)
        if not near:
            return False
        back = _words_for(bidict, src, t)
        initial = fold_accents(t)[:1]
        return any(not back.isdisjoint(s.forms) or (s.is_content and initial in self._initials_of(k)
                                                     and _look_alike(s, src, t)) for k, s in near)

    def _near(self, place: float) -> list[tuple[int, Word]]:
        """The words within MAX_SHIFT of `place`: a window a little wider found by bisection, then the
        exact test (the bounds' rounding may differ from the difference's)."""
        low = bisect_left(self.places, place - MAX_SHIFT - 1e-9)
        high = bisect_right(self.places, place + MAX_SHIFT + 1e-9)
        return [(k, self.words[k]) for k in range(low, high) if abs(self.places[k] - place) <= MAX_SHIFT]

    def _initials_of(self, k: int) -> tuple[str, str]:
        """The first letters of word k's surface and lemma, folded: a look-alike shares one of them
        (`are_cognates`), so most words need no similarity test."""
        if k not in self._initials:
            s = self.words[k]
            self._initials[k] = (fold_accents(s.text)[:1], fold_accents(s.lemma)[:1])
        return self._initials[k]


@lru_cache(maxsize=16_384)
def _words_for(bidict: BilingualDictionary, src: str, t: str) -> frozenset[str]:
    """The source-language words the dictionaries and our opposites list give for English t."""
    return bidict.target_translations(t) | _vocabulary((t,), src, False)


def _look_alike(s: Word, src: str, t: str) -> bool:
    return are_cognates(s.text, src, t, ENGLISH) or are_cognates(s.lemma, src, t, ENGLISH)


def _source_meaning(alignment: Alignment, bidict: BilingualDictionary, src: str, t: str, j: int,
                    rendering: frozenset[str]) -> int | None:
    """The index of a source word that means t, is rendered by no target word and not by target word j
    (w) in particular, if any."""
    w = alignment.target[j]
    rendered_elsewhere = {link.source for link in alignment.links if link.target != j}
    for i, s in enumerate(alignment.source):
        # a source word another target word renders is no candidate: the cheapest test first
        if i in rendered_elsewhere or not _may_oppose(s, ""):
            continue
        meanings = _means(bidict, s, src, t)
        if meanings is None or not meanings.isdisjoint(w.forms) or not meanings.isdisjoint(rendering):
            continue
        if _renders_other(alignment, j, i, w, t):
            continue
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
