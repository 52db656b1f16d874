"""Which source words a target renders: a lexical alignment of one segment pair.

Evidence, strongest first: the same number or name, a dictionary translation (either direction, by
surface form or lemma; a German compound also by its head), a cognate (folded, suffix-normalised), the
same token. Every source word gets the target words that render it; nothing is forced one-to-one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from audit.bilingual.dictionary import BilingualDictionary, base_language, bilingual_dictionary
from audit.bilingual.script import across_scripts, sound_alike
from audit.bilingual.words import Word, are_cognates, cached_words, fold_accents

NUMBER = "number"
SAME = "identical"
DICTIONARY = "dictionary"
COGNATE = "cognate"


@dataclass(frozen=True)
class Link:
    source: int  # index into Alignment.source
    target: int  # index into Alignment.target
    evidence: str


@dataclass
class Alignment:
    """The words of both sides and the links between them."""

    source: list[Word]
    target: list[Word]
    links: list[Link] = field(default_factory=list)

    def targets_of(self, i: int) -> list[Link]:
        return [link for link in self.links if link.source == i]

    def sources_of(self, j: int) -> list[Link]:
        return [link for link in self.links if link.target == j]

    def source_linked(self) -> set[int]:
        return {link.source for link in self.links}

    def target_linked(self) -> set[int]:
        return {link.target for link in self.links}

    def coverage(self, side: str) -> float:
        """The share of content words and numbers on `side` ("source" or "target") that are linked."""
        words = self.source if side == "source" else self.target
        linked = self.source_linked() if side == "source" else self.target_linked()
        content = [i for i, w in enumerate(words) if w.is_content or w.is_number]
        return sum(i in linked for i in content) / len(content) if content else 1.0


def number_readings(token: str) -> frozenset[float]:
    """The values a digit string can mean in either decimal convention ("1.500" is 1500 or 1.5; "1,2" is 1.2)."""
    plain = re.sub(r"[\u00a0\u202f ]", "", token)
    values = set()
    for decimal, group in ((".", ","), (",", ".")):
        whole, _, fraction = plain.partition(decimal)
        groups = whole.split(group)
        if len(groups) > 1 and not all(len(g) == 3 for g in groups[1:]):
            continue
        if group in fraction or decimal in fraction:
            continue
        try:
            values.add(float("".join(groups) + ("." + fraction if fraction else "")))
        except ValueError:
            pass
    return frozenset(values)


def _compound_translations(bidict: BilingualDictionary, folded: str) -> frozenset[str]:
    """Translations of a German compound's head and modifier (Kurzarbeit → Arbeit, kurz), by its
    case-folded lemma."""
    for cut in range(3, len(folded) - 3):
        head, modifier = folded[cut:], folded[:cut]
        if len(head) < 4:
            break
        translations = bidict.source_entry(head)
        if translations is not None:
            return translations | bidict.source_translations(modifier, modifier.rstrip("s"))
    return frozenset()


def source_translations(bidict: BilingualDictionary, word: Word, lang: str) -> frozenset[str]:
    """What the forward dictionary says a source word means (a compound's parts when it has no entry)."""
    return _source_meanings(bidict, word.forms, lang)


@lru_cache(maxsize=65_536)
def _source_meanings(bidict: BilingualDictionary, forms: tuple[str, ...], lang: str) -> frozenset[str]:
    found = bidict.source_translations(*forms)
    if not found and lang == "de":
        found = _compound_translations(bidict, forms[-1])  # the last form is the lemma
    return found


@lru_cache(maxsize=65_536)
def target_meanings(bidict: BilingualDictionary, forms: tuple[str, ...]) -> frozenset[str]:
    return bidict.target_translations(*forms)


class _Side:
    """What the linking loop reads of one word, computed once per word rather than once per pair (a plain
    class with slots: a frozen dataclass's __init__ cost a third of building the sides)."""

    __slots__ = ("word", "forms", "folded", "meanings")

    def __init__(self, word: Word, forms: frozenset[str], folded: str, meanings: frozenset[str]) -> None:
        self.word, self.forms, self.folded = word, forms, folded
        self.meanings = meanings  # its translations into the other language


# remembered words per pair of owners (~600 bytes each): each owner keeps up to half, forgotten all at once
# beyond it, and up to _OWNERS_LIMIT owners at a time: 100,000 words, ~60 MB per process at most
_WORD_KEYS_LIMIT = 50_000
# per owner (dictionary and side), by spelling and role: keys of strings and flags, which the garbage
# collector stops tracking (a key holding the dictionary stayed tracked, and every full collection read it)
_OWNERS_LIMIT = 4
_word_keys: dict[tuple, dict[tuple[str, str, bool, bool], tuple[frozenset[str], str, frozenset[str]]]] = {}


def _remembered(owner: tuple) -> dict[tuple[str, str, bool, bool], tuple[frozenset[str], str, frozenset[str]]]:
    """The words remembered for `owner`: half the limit each (a pair has two owners, its sides), forgotten
    all at once beyond it, and those of a few owners at a time."""
    known = _word_keys.get(owner)
    if known is None:
        if len(_word_keys) >= _OWNERS_LIMIT:
            _word_keys.clear()
        known = _word_keys[owner] = {}
    elif len(known) >= _WORD_KEYS_LIMIT // 2:
        known.clear()
    return known


def _sides(words: list[Word], meanings, owner: tuple) -> list[_Side]:
    """Content words get their dictionary meanings; function words link by spelling only (their
    dictionary entries are huge and no rule reads their links), so their forms (lemmas) are never read:
    a function word is only compared with function words, which have no meanings.

    What a word gives depends only on its spelling, language and role (and on `owner`: the dictionary
    and side asked), so it is remembered across segments: most words of a feed recur."""
    none: frozenset[str] = frozenset()
    known = _remembered(owner)
    sides = []
    for w in words:
        key = (w.text, w.lang, w.is_function, w.is_content)
        keys = known.get(key)
        if keys is None:
            keys = known[key] = (none if w.is_function else frozenset(w.forms), fold_accents(w.text),
                                 meanings(w) if w.is_content else none)
        sides.append(_Side(w, *keys))
    return sides


def link_evidence(s: _Side, t: _Side, src: str, tgt: str) -> str | None:
    """Why target word `t` renders source word `s`, or None."""
    if s.word.is_number or t.word.is_number:
        both = s.word.is_number and t.word.is_number
        return NUMBER if both and number_readings(s.word.text) & number_readings(t.word.text) else None
    if s.folded == t.folded and (not across_scripts(s.word.text, t.word.text) or _name_or_loanword(s, t)):
        return SAME
    if t.forms & s.meanings or s.forms & t.meanings:
        return DICTIONARY
    if not (s.word.is_content and t.word.is_content and s.folded[:1] == t.folded[:1]):
        return None
    if are_cognates(s.word.text, src, t.word.text, tgt) or are_cognates(s.word.lemma, src, t.word.lemma, tgt):
        return COGNATE
    if across_scripts(s.word.text, t.word.text) and _name_or_loanword(s, t) and sound_alike(s.word.text, t.word.text):
        return COGNATE
    return None


def _name_or_loanword(s: _Side, t: _Side) -> bool:
    """For two words of two scripts read in Latin letters: content words of four letters or more that the
    dictionary does not translate (Путин / Putin, रिपोर्टर / reporter). Short or known words read alike by
    chance (мы / my, сад / sad, правда / provide)."""
    return (s.word.is_content and t.word.is_content and len(s.folded) >= 4 and len(t.folded) >= 4
            and not s.meanings)


class _Candidates:
    """The target words indexed by what `link_evidence` compares, so that each source word is tested only
    against the targets it can link to (the same numbers for a number; otherwise the same folded
    spelling, a dictionary translation either way, or a content word with the same initial)."""

    def __init__(self, targets: list[_Side], sources: list[_Side]) -> None:
        self.numbers: list[int] = []
        self.by_folded: dict[str, list[int]] = {}
        self.by_form: dict[str, list[int]] = {}
        # a source form → the targets whose meanings hold it: the meanings are large (hundreds of words
        # for "make"), so only their intersection with the segment's source forms is indexed
        self.by_meaning: dict[str, list[int]] = {}
        self.by_initial: dict[str, list[int]] = {}  # content words only: the cognate test
        source_forms = frozenset().union(*(s.forms for s in sources))
        for j, t in enumerate(targets):
            if t.word.is_number:
                self.numbers.append(j)
                continue
            self.by_folded.setdefault(t.folded, []).append(j)
            for form in t.forms:
                self.by_form.setdefault(form, []).append(j)
            if t.meanings:
                for form in t.meanings & source_forms:
                    self.by_meaning.setdefault(form, []).append(j)
            if t.word.is_content:
                self.by_initial.setdefault(t.folded[:1], []).append(j)
        self.target_forms = frozenset(self.by_form)

    def of(self, s: _Side) -> list[int]:
        """The indices of the targets `s` may link to, in order."""
        if s.word.is_number:
            return self.numbers
        found = set(self.by_folded.get(s.folded, ()))
        if s.meanings:
            for form in s.meanings & self.target_forms:
                found.update(self.by_form[form])
        for form in s.forms:
            found.update(self.by_meaning.get(form, ()))
        if s.word.is_content:
            found.update(self.by_initial.get(s.folded[:1], ()))
        return sorted(found)


def align(source: str, target: str, src_lang: str, tgt_lang: str) -> Alignment:
    """The lexical alignment of one segment pair (dictionaries used when installed for the pair)."""
    src, tgt = base_language(src_lang) or "", base_language(tgt_lang) or ""
    bidict = bilingual_dictionary(src, tgt)
    alignment = Alignment(list(cached_words(source, src)), list(cached_words(target, tgt)))
    none = lambda word: frozenset()  # noqa: E731
    sources = _sides(alignment.source, (lambda w: source_translations(bidict, w, src)) if bidict else none,
                     (bidict, "source"))
    targets = _sides(alignment.target, (lambda w: target_meanings(bidict, w.forms)) if bidict else none,
                     (bidict, "target"))
    candidates = _Candidates(targets, sources)
    for i, s in enumerate(sources):
        for j in candidates.of(s):
            t = targets[j]
            if s.word.is_function != t.word.is_function and not (s.word.is_number or t.word.is_number):
                continue  # a function word renders a function word, a content word a content word
            evidence = link_evidence(s, t, src, tgt)
            if evidence:
                alignment.links.append(Link(i, j, evidence))
    return alignment


@lru_cache(maxsize=256)  # the rules of one segment share it; 4,096 kept ~170 MB of old alignments per process
def cached_alignment(source: str, target: str, src_lang: str, tgt_lang: str) -> Alignment:
    """`align`, remembered for the few rules that read the same pair."""
    return align(source, target, src_lang, tgt_lang)
