"""Per-language markers the layer reads from corpora/words: negations and scale words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from audit.bilingual.lexical import number_readings
from audit.corpora import word_rows
from audit.bilingual.words import fold_accents, lemma
from audit.text import MARK, letter_word_spans

_CLITIC = re.compile(r"n['’]t\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _negation_rows() -> dict[tuple[str, str], list[str]]:
    """(lang, kind) → the polarity rule's words (phrases for idioms), case-folded, in file order."""
    table: dict[tuple[str, str], list[str]] = {}
    for row in word_rows("negation.tsv", "polarity"):
        table.setdefault((row["lang"], row["kind"]), []).append(row["word"].casefold())
    return table


@lru_cache(maxsize=None)
def _negation_table() -> dict[tuple[str, str], frozenset[str]]:
    return {key: frozenset(words) for key, words in _negation_rows().items() if key[1] != "idiom"}


@lru_cache(maxsize=None)
def idioms(lang: str) -> tuple[str, ...]:
    """Phrases whose negation negates nothing, longest first."""
    phrases = _negation_rows().get((lang, "idiom"), [])
    return tuple(sorted(phrases, key=len, reverse=True))


def negation_words(lang: str, kind: str = "marker") -> frozenset[str]:
    return _negation_table().get((lang, kind), frozenset())


GAP = "…"  # in an idiom, up to GAP_WORDS words of the same clause ("not … until": "did not leave until dawn")
GAP_WORDS = 6


@lru_cache(maxsize=None)
def _gapped_idioms(lang: str) -> re.Pattern[str] | None:
    """One pattern for the language's idioms with a gap, None without any. A part opening with the
    English clitic ("n't … until") matches inside its word ("didn't"). The gap holds no clause mark, no
    word that opens a clause (kind `clause`: "I don't know why he waited until Friday") and no negation
    ("je ne pense pas que" is no "ne … que")."""
    parts = []
    for phrase in idioms(lang):
        if GAP not in phrase:
            continue
        head, tail = (p.strip() for p in phrase.split(GAP, 1))
        left = "" if head.startswith(("n'", "n’")) else r"(?<!\w)"
        parts.append(left + _apostrophes(re.escape(head)) + _gap(lang) + _apostrophes(re.escape(tail)) + r"(?!\w)")
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def _gap(lang: str) -> str:
    """Up to GAP_WORDS words of one clause, none of them a negation or a clause opener."""
    kinds = ("clause", "verbal", "marker", "context", "particle")
    stops = sorted(frozenset().union(*(negation_words(lang, k) for k in kinds)), key=len, reverse=True)
    barred = r"(?!(?:%s)(?![\w'’])|[\w'’]*n['’]t(?!\w))" % "|".join(map(re.escape, stops)) if stops else ""
    return r"(?:\s+%s[^\s,;:.!?()\"“”«»—–]+){0,%d}?\s+" % (barred, GAP_WORDS)


@lru_cache(maxsize=None)
def _plain_idioms(lang: str) -> re.Pattern[str] | None:
    """The language's idioms without a gap, as one pattern (read in the text itself, case aside, so its
    offsets are the text's: case-folding moves them after a "ß")."""
    phrases = [p for p in idioms(lang) if GAP not in p]
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, phrases)) + r")(?!\w)", re.IGNORECASE) if phrases else None


def _apostrophes(escaped: str) -> str:
    """Either apostrophe where the phrase has one."""
    return re.sub("['’]", "['’]", escaped)


def _idiom_spans(text: str, lang: str, gapped: bool = True) -> list[tuple[int, int]]:
    spans = []
    for pattern in (_plain_idioms(lang), _gapped_idioms(lang) if gapped else None):
        if pattern is not None:
            spans += [(m.start(), m.end()) for m in pattern.finditer(text)]
    if lang == "en":
        spans += [(m.start(), m.end()) for m in _TAG_QUESTION.finditer(text)]
    return spans


# An English tag question ("could we?", "couldn't we?") asks for agreement; its "n't" negates nothing.
_TAG_QUESTION = re.compile(r"n['’]t\s+(?:i|you|we|they|he|she|it|there)\s*\?", re.IGNORECASE)


def _outside(spans: list[tuple[int, int]], idioms: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [(a, b) for a, b in spans if not any(i <= a and b <= j for i, j in idioms)]


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group().casefold()) for m in letter_word_spans(text)]


def _has_particle(words: list[tuple[int, int, str]], lang: str) -> bool:
    particles = negation_words(lang, "particle")
    return any(re.split(r"['’]", w)[0] in particles for _, _, w in words)


@lru_cache(maxsize=None)
def _verbal_anywhere(lang: str) -> re.Pattern[str] | None:
    """Any verbal negation as a substring of the case-folded text: a cheap test before reading words."""
    verbal = sorted(negation_words(lang, "verbal"), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in verbal)) if verbal else None


def negating_verb_prefix(word: str, lang: str) -> str | None:
    """The prefix that negates `word` when it is a negated verb (Czech "nevím": ne), else None: the word
    opens with a verbal prefix, and its lemma is a verb's infinitive that does not (simplemma lemmatizes
    "nevím" to "vědět"; "nese" to "nést", a verb of its own; accents aside)."""
    for prefix in negation_words(lang, "verbal_prefix"):
        if word.startswith(prefix) and len(word) > len(prefix) + 1:
            base = fold_accents(lemma(word, lang))  # "nést" opens with ne- too
            if not base.startswith(prefix) and base.endswith(tuple(negation_words(lang, "infinitive"))):
                return prefix
    return None


def _may_have_verbal_negation(text: str, lang: str) -> bool:
    if negation_words(lang, "verbal_prefix"):
        return True
    pattern = _verbal_anywhere(lang)
    if pattern is not None and pattern.search(text.casefold()):
        return True
    return lang == "en" and _CLITIC.search(text) is not None


def verbal_negations(text: str, lang: str, gapped: bool = True) -> list[tuple[int, int]]:
    """Spans of the verb negations the polarity rule may flag: not, n't, never, nicht, (ne …) pas, no …
    outside the idioms whose negation negates nothing (with `gapped` False, outside the idioms without a
    gap only: "don't get back till later" then counts, as a word comparison sees it)."""
    if not _may_have_verbal_negation(text, lang):
        return []
    words = _words(text)
    if negation_words(lang, "particle") and not _has_particle(words, lang):
        return []  # French "pas" without "ne" is too often something else (un pas, pourquoi pas)
    verbal = negation_words(lang, "verbal")
    found = [(a, b) for a, b, w in words if w in verbal]
    if negation_words(lang, "verbal_prefix"):
        found += [(a, a + len(prefix)) for a, _, w in words if (prefix := negating_verb_prefix(w, lang))]
    if lang == "en":
        found += [(m.start(), m.end()) for m in _CLITIC.finditer(text)]
    if not found:
        return []
    return sorted(_outside(found, _idiom_spans(text, lang, gapped)))


@lru_cache(maxsize=None)
def _broad_negations(lang: str) -> frozenset[str]:
    """Every word `is_negated` reads as a negation by itself (the particles among them)."""
    kinds = ("verbal", "marker", "context", "particle", "lexical")
    return frozenset().union(*(negation_words(lang, kind) for kind in kinds))


_PIECE = re.compile(r"['’-]")


def is_negated(text: str, lang: str, knows: Callable[[str], bool] | None = None) -> bool:
    """Whether `text` carries any negation, read leniently: markers (in idioms too: "not only" still
    negates), French "ne" alone, colloquial "pas", words that negate in themselves, a negative prefix on
    a word the dictionary knows."""
    words = _words(text)
    broad = _broad_negations(lang)
    if any(w in broad or _PIECE.split(w, 1)[0] in broad for _, _, w in words):
        return True
    if negation_words(lang, "verbal_prefix") and any(negating_verb_prefix(w, lang) for _, _, w in words):
        return True
    if lang == "en" and _CLITIC.search(text):
        return True
    return knows is not None and any(_negative_prefix(w, lang, knows) for _, _, w in words)


def _negative_prefix(word: str, lang: str, knows: Callable[[str], bool]) -> bool:
    for prefix in negation_words(lang, "prefix"):
        rest = word[len(prefix):].lstrip("-")
        if word.startswith(prefix) and len(rest) >= 4 and knows(rest):
            return True
    return False


@dataclass(frozen=True)
class Quantity:
    """A number with a scale word after it ("1,2 Milliarden", "5 M€", "$3bn")."""

    start: int
    end: int
    mantissas: frozenset[float]
    scale: float

    @property
    def values(self) -> frozenset[float]:
        return frozenset(m * self.scale for m in self.mantissas)


@lru_cache(maxsize=None)
def scale_words(lang: str, locale: str | None) -> tuple[tuple[str, float], ...]:
    """(word, value) for the language (and locale), longest first."""
    region = (locale or "").replace("_", "-").lower()
    rows = [r for r in word_rows("scales.tsv")
            if r["lang"] == lang and (not r["locale"] or r["locale"].lower() == region or not region)]
    return tuple(sorted(((r["word"].casefold(), float(r["value"])) for r in rows), key=lambda p: -len(p[0])))


@lru_cache(maxsize=None)
def _quantity_pattern(lang: str, locale: str | None) -> re.Pattern[str] | None:
    words = scale_words(lang, locale)
    if not words:
        return None
    alternatives = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w, _ in words)
    return re.compile(
        r"(?<![\w.,])(\d+(?:[.,]\d+|[\u00a0\u202f ]\d{3}(?!\d))*)[\u00a0\u202f ]?(" + alternatives
        + rf")(?![\w{MARK}])\.?",
        re.IGNORECASE,
    )


def quantities(text: str, lang: str, locale: str | None = None) -> list[Quantity]:
    """The scaled numbers of `text`."""
    pattern = _quantity_pattern(lang, locale)
    if pattern is None:
        return []
    scales = dict(scale_words(lang, locale))
    found = []
    for match in pattern.finditer(text):
        scale = scales[re.sub(r"\s+", " ", match.group(2).casefold())]
        found.append(Quantity(match.start(), match.end(2), number_readings(match.group(1)), scale))
    return found
