"""Words of a segment as the bilingual layer sees them: spans, lemmas (simplemma), function or content,
accent-folded forms and cognate tests."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import NamedTuple

from audit.bilingual.script import latin
from audit.corpora import word_rows
from audit.lazy import LazyModule
from audit.text import capitalises_nouns, number_or_letter_word_spans

# rapidfuzz (~7 ms to import) loads when first used: a run without a source or reference never uses it
distance = LazyModule("rapidfuzz.distance")

COGNATE_MIN_LENGTH = 5
COGNATE_MIN_SIMILARITY = 0.8


class Word(NamedTuple):
    """One token of a segment: its span in the text, surface form, lemma and role. A named tuple, not a
    dataclass: a segment's words are built by the hundred thousand, and a tuple is built in one step.
    As a tuple it equals (and hashes like) a plain tuple of the same values and orders field by field:
    never mix Words with other tuples in one set, dictionary or sort."""

    start: int
    end: int
    text: str
    lang: str
    is_function: bool
    is_number: bool
    is_name: bool  # capitalised away from a sentence start
    is_content: bool  # neither a function word nor a number, and longer than two letters
    lemma: str  # simplemma's (the text itself for a number)
    forms: tuple[str, ...]  # surface and lemma, case-folded: the keys a dictionary is looked up with


@lru_cache(maxsize=1)
def _function_words() -> dict[str, frozenset[str]]:
    """Closed-class words per language and the bilingual layer's supplement ("loose"), case-folded."""
    table: dict[str, set[str]] = {}
    for name in ("closed", "loose"):
        for row in word_rows("function_words.tsv", name):
            table.setdefault(row["lang"], set()).add(row["word"].casefold())
    return {lang: frozenset(words) for lang, words in table.items()}


def function_words(lang: str) -> frozenset[str]:
    return _function_words().get(lang, frozenset())


def _lemmatize(word: str, lang: str) -> str:
    """simplemma's lemma, not remembered (`_spelling` remembers it)."""
    from audit.bilingual.lemmas import lemmatizer  # here: simplemma loads only when a run reads lemmas

    try:
        return lemmatizer().lemmatize(word, lang)
    except (ValueError, KeyError):
        return word


def lemma(word: str, lang: str) -> str:
    """The word's lemma by simplemma (the word itself for a language simplemma does not know)."""
    return _spelling(word, lang)[2] if word and not word[0].isdigit() else _lemmatize(word, lang)


@lru_cache(maxsize=200_000)
def _spelling(token: str, lang: str) -> tuple[bool, bool, str, tuple[str, ...]]:
    """What a token's spelling alone decides, remembered (most words of a feed recur): whether it is a
    number, whether a closed-class word, and its `Word.lemma` and `Word.forms` (nearly every word's forms
    are read, so they are looked up once per token rather than on demand)."""
    is_number = token[0].isdigit()
    surface = token.casefold()
    lemma = token if is_number else _lemmatize(token, lang)
    folded = lemma.casefold()
    return is_number, surface in function_words(lang), lemma, (surface,) if folded == surface else (surface, folded)


_OPENING = frozenset(" \"'“”«»‘’(—–-\u00a0")


def _starts_sentence(text: str, start: int) -> bool:
    """Whether only quotes, dashes and spaces stand between `start` and a sentence end (or the text's start)."""
    i = start
    while i > 0 and text[i - 1] in _OPENING:  # a backward scan: slicing the prefix made tokenizing quadratic
        i -= 1
    return i == 0 or text[i - 1] in ".!?:;…\n"


class _Reading(NamedTuple):
    """What a token alone decides of its Word (`_spelling`), with its role unless a clitic follows it."""

    is_number: bool
    closed: bool
    lemma: str
    forms: tuple[str, ...]
    is_content: bool  # unless "'t" follows ("won't": a function word)
    may_be_name: bool  # capitalised, no number, and not a German noun: a name unless it opens a sentence


# remembered tokens per language, forgotten all at once beyond it: ~180 bytes each beside `_spelling`'s entry (a
# 20,000-segment feed has ~9,000 per language), so at most ~9 MB per language and process
_READINGS_LIMIT = 50_000
# per language, by token: a plain dictionary is read faster than `_spelling`'s cache with its two-part key
_readings: dict[str, dict[str, _Reading]] = {}


def _read_token(token: str, lang: str) -> _Reading:
    is_number, closed, lemma, forms = _spelling(token, lang)
    is_content = not closed and not is_number and len(token) > 2
    capitalised_noun = capitalises_nouns(lang) and not closed  # German capitalises every noun
    return _Reading(is_number, closed, lemma, forms, is_content, not is_number and token[0].isupper() and not capitalised_noun)


def _readings_of(lang: str) -> dict[str, _Reading]:
    table = _readings.get(lang)
    if table is None:
        table = _readings[lang] = {}
    elif len(table) >= _READINGS_LIMIT:
        table.clear()
    return table


def tokenize(text: str, lang: str) -> list[Word]:
    """The words of `text` with their spans; numbers are one token ("12 000", "1,5")."""
    words = []
    new = tuple.__new__  # Word's own __new__ is a Python function taking keywords: 4x the cost
    readings = _readings_of(lang)
    clitic = "'t" in text or "’t" in text  # "won't": read after a word only where the text has one
    for match in number_or_letter_word_spans(text):
        token = match[0]
        start, end = match.span()
        reading = readings.get(token)
        if reading is None:
            reading = readings[token] = _read_token(token, lang)
        is_number, closed, lemma, forms, is_content, may_be_name = reading
        if clitic and text[end:end + 2] in ("'t", "’t"):
            is_function, is_content = True, False
        else:
            is_function = closed
        is_name = may_be_name and not _starts_sentence(text, start)
        words.append(new(Word, (start, end, token, lang, is_function, is_number, is_name, is_content, lemma, forms)))
    return words


@lru_cache(maxsize=256)
def cached_words(text: str, lang: str) -> tuple[Word, ...]:
    """`tokenize`, remembered: the rules' cheap checks and the alignment read the same segments."""
    return tuple(tokenize(text, lang))


@lru_cache(maxsize=200_000)
def fold_accents(word: str) -> str:
    """Case-folded without diacritics (ß stays ss by case folding), Cyrillic and Devanagari in Latin letters."""
    decomposed = latin(unicodedata.normalize("NFD", word.casefold()))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _suffix_table() -> dict[str, list[tuple[str, str]]]:
    table: dict[str, list[tuple[str, str]]] = {}
    for row in word_rows("suffixes.tsv"):
        table.setdefault(row["lang"], []).append((fold_accents(row["suffix"]), row["common"]))
    return {lang: sorted(pairs, key=lambda p: -len(p[0])) for lang, pairs in table.items()}


@lru_cache(maxsize=100_000)
def cognate_forms(word: str, lang: str) -> tuple[str, ...]:
    """The word folded, and with its suffix rewritten to the shared form (nationalité → nationality)."""
    folded = fold_accents(word)
    for suffix, common in _suffix_table().get(lang, []):
        if folded.endswith(suffix) and len(folded) - len(suffix) >= 3:
            return folded, folded[: len(folded) - len(suffix)] + common
    return (folded,)


def cognate_similarity(a: str, a_lang: str, b: str, b_lang: str) -> float:
    """How alike two words of two languages are once folded and suffix-normalised (0–1)."""
    if min(len(a), len(b)) < COGNATE_MIN_LENGTH:
        return 1.0 if fold_accents(a) == fold_accents(b) else 0.0
    return max(distance.Indel.normalized_similarity(x, y) for x in cognate_forms(a, a_lang) for y in cognate_forms(b, b_lang))


def are_cognates(a: str, a_lang: str, b: str, b_lang: str) -> bool:
    """Orthographically alike after accent folding and suffix correspondences, sharing their first letter."""
    if fold_accents(a)[:1] != fold_accents(b)[:1]:
        return False
    return cognate_similarity(a, a_lang, b, b_lang) >= COGNATE_MIN_SIMILARITY
