"""Word lists per language, for telling a source-language word left in a target from a target word.

Backed by pyspellchecker's frequency lists (MIT; en de fr es it pt nl ru and a few more), loaded lazily,
one language at a time.
"""

from __future__ import annotations

from functools import lru_cache

RARE_FLOOR = 1000  # the count reported for a listed loanword
AVAILABLE = frozenset({"en", "es", "fr", "it", "pt", "de", "ru", "ar", "lv", "eu", "nl", "fa"})


@lru_cache(maxsize=None)
def _frequencies(lang: str) -> dict[str, int] | None:
    if lang not in AVAILABLE:
        return None
    from importlib.metadata import version

    from spellchecker import SpellChecker

    from audit.cache import cached

    return cached(f"pyspellchecker-{lang}", version("pyspellchecker"),
                  lambda: dict(SpellChecker(language=lang, distance=1).word_frequency.dictionary))


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
    forms = {word, word.lower(), word.capitalize()}
    if word.lower() in loanwords(lang):
        return RARE_FLOOR
    if lang == "en":
        forms |= set(_american_spellings(word.lower()))
    return max(table.get(form, 0) for form in forms)


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
