"""Word lists per language, for telling a source-language word left in a target from a target word.

Backed by pyspellchecker's frequency lists (MIT; en de fr es it pt nl ru and a few more), one language at
a time: each list is built once into an sqlite file in the user cache (`audit.store.Store`) and read
in place, so a process pays no unpickling (~0.1 s for English) and the workers share its pages.
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache

from audit.store import Store

RARE_FLOOR = 1000  # the count reported for a listed loanword
AVAILABLE = frozenset({"en", "es", "fr", "it", "pt", "de", "ru", "ar", "lv", "eu", "nl", "fa"})


class WordCounts:
    """One language's word → count list, queried in a cached sqlite file (`audit.store.Store`)."""

    def __init__(self, lang: str) -> None:
        from audit.cache import package_version

        self.lang = lang
        self._store = Store(f"words-{lang}", package_version("pyspellchecker", "spellchecker"),
                            lambda connection: _fill(connection, lang))

    def most(self, forms: set[str]) -> int:
        """The highest count among `forms` (0 when none is listed)."""
        marks = ",".join("?" * len(forms))
        row = self._store.connection().execute(f"SELECT max(count) FROM words WHERE word IN ({marks})",
                                               tuple(forms)).fetchone()
        return row[0] or 0

    def at_least(self, count: int) -> frozenset[str]:
        """The words listed with at least `count` (one query: ~20 ms for English's ~19,000 at 1,000)."""
        rows = self._store.connection().execute("SELECT word FROM words WHERE count >= ?", (count,))
        return frozenset(word for word, in rows)


def _counts(lang: str) -> dict[str, int]:
    from spellchecker import SpellChecker

    return dict(SpellChecker(language=lang, distance=1).word_frequency.dictionary)


def _fill(connection: sqlite3.Connection, lang: str) -> None:
    connection.execute("CREATE TABLE words (word TEXT PRIMARY KEY, count INTEGER NOT NULL) WITHOUT ROWID")
    connection.executemany("INSERT INTO words VALUES (?, ?)", _counts(lang).items())


@lru_cache(maxsize=None)
def _frequencies(lang: str) -> WordCounts | None:
    return WordCounts(lang) if lang in AVAILABLE else None


@lru_cache(maxsize=None)
def loanwords(lang: str) -> frozenset[str]:
    """Borrowed words a language keeps in their original spelling (corpora/words/loanwords.tsv)."""
    from audit.corpora import word_rows

    rows = word_rows("loanwords.tsv")
    return frozenset(r["word"].lower() for r in rows if r["lang"] == lang)


def has_vocabulary(lang: str | None) -> bool:
    return lang in AVAILABLE


@lru_cache(maxsize=1 << 16)  # words recur (Zipf): most look-ups are answered here
def frequency(word: str, lang: str | None) -> int | None:
    """How common `word` is in `lang` (the list's raw count, in any of its usual casings); None if unknown."""
    table = _frequencies(lang) if lang else None
    if table is None:
        return None
    if word.lower() in loanwords(lang):
        return RARE_FLOOR
    return table.most(_forms(word, lang))


def at_least(word: str, lang: str | None, count: int) -> bool:
    """`(frequency(word, lang) or 0) >= count`. The first ASKED_ONE_BY_ONE words a process asks about are
    looked up one by one (a short run asks a few: reading the list's common words would cost more); later
    ones are told from the words listed with `count` or more, read once (`WordCounts.at_least`), without a
    query each. Both answer alike: a word's frequency is the highest count of its forms (`_forms`), so it
    reaches `count` exactly when one of its forms is listed with `count` or more."""
    table = _frequencies(lang) if lang else None
    if count <= 0 or table is None:
        return count <= 0
    if word.lower() in loanwords(lang):
        return RARE_FLOOR >= count
    listed = _listed_at_least.get((lang, count))
    if listed is None:
        asked = _asked_one_by_one[lang, count] = _asked_one_by_one.get((lang, count), 0) + 1
        if asked <= ASKED_ONE_BY_ONE:
            return table.most(_forms(word, lang)) >= count
        listed = _listed_at_least[lang, count] = table.at_least(count)
    return not listed.isdisjoint(_forms(word, lang))


# A query per word takes ~15 µs; reading the common words once, ~20 ms for English's ~19,000 at 1,000 (~60
# for German's list, the longest): after this many words the list is read, so neither way costs much more
# than the other would have.
ASKED_ONE_BY_ONE = 1_000
_asked_one_by_one: dict[tuple[str, int], int] = {}
_listed_at_least: dict[tuple[str, int], frozenset[str]] = {}


def _forms(word: str, lang: str) -> set[str]:
    """The casings (and for English the American spellings) under which the list may hold `word`."""
    forms = {word, word.lower(), word.capitalize()}
    if lang == "en":
        forms |= set(_american_spellings(word.lower()))
    return forms


def _american_spellings(word: str) -> list[str]:
    """US spellings of a British word, since the English list is mostly American (civilisation, colour)."""
    variants = []
    for british, american in (("isation", "ization"), ("ise", "ize"), ("ised", "ized"), ("ising", "izing"),
                              ("our", "or"), ("tre", "ter"), ("ogue", "og"), ("ence", "ense"), ("lled", "led")):
        if word.endswith(british):
            variants.append(word[: -len(british)] + american)
    if "our" in word:
        variants.append(word.replace("our", "or"))
    return variants
