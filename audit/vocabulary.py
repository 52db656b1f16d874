"""Word lists per language, for telling a source-language word left in a target from a target word.

Backed by pyspellchecker's frequency lists (MIT; en de fr es it pt nl ru and a few more), loaded lazily,
one language at a time.
"""

from __future__ import annotations

from functools import lru_cache

AVAILABLE = frozenset({"en", "es", "fr", "it", "pt", "de", "ru", "ar", "lv", "eu", "nl", "fa"})


@lru_cache(maxsize=None)
def _frequencies(lang: str) -> dict[str, int] | None:
    if lang not in AVAILABLE:
        return None
    from spellchecker import SpellChecker

    return dict(SpellChecker(language=lang, distance=1).word_frequency.dictionary)


def has_vocabulary(lang: str | None) -> bool:
    return lang in AVAILABLE


def frequency(word: str, lang: str | None) -> int | None:
    """How common `word` is in `lang` (the list's raw count, in any of its usual casings); None if unknown."""
    table = _frequencies(lang) if lang else None
    if table is None:
        return None
    forms = {word, word.lower(), word.capitalize()}
    return max(table.get(form, 0) for form in forms)
