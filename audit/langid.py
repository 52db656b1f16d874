"""Language identification behind one small interface, chosen by measurement (docs/langid.md).

The default backend is py3langid (BSD-3-Clause): on 1,400 labelled news sentences from
../shared/data it was the most accurate on 3- and 5-word fragments and ~20x faster than langdetect.
langdetect stays selectable. Both are deterministic here (langdetect is seeded on every call).
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Iterable, Protocol

BACKENDS = ("py3langid", "langdetect")
DEFAULT_BACKEND = "py3langid"


class LanguageIdentifier(Protocol):
    name: str

    def scores(self, text: str, candidates: Iterable[str] | None = None) -> list[tuple[str, float]]:
        """(language, probability) pairs, best first; restricted to `candidates` when given."""


def _softmax(ranked: list[tuple[str, float]]) -> list[tuple[str, float]]:
    if not ranked:
        return []
    top = max(score for _, score in ranked)
    weights = [(lang, math.exp(score - top)) for lang, score in ranked]
    total = sum(w for _, w in weights)
    return sorted(((lang, w / total) for lang, w in weights), key=lambda p: -p[1])


class Py3LangId:
    """py3langid's naive Bayes model over 97 languages; restriction renormalises its log-probabilities."""

    name = "py3langid"

    def __init__(self) -> None:
        self._model = _py3langid_model()

    # Each entry holds a score for every language the model knows (~10 KB): the cache only serves the
    # rules that ask about the same segment one after the other, so it stays small.
    @lru_cache(maxsize=256)
    def _rank(self, text: str) -> tuple[tuple[str, float], ...]:
        return tuple(self._model.rank(text))

    def scores(self, text: str, candidates: Iterable[str] | None = None) -> list[tuple[str, float]]:
        ranked = list(self._rank(text))
        if candidates is not None:
            wanted = set(candidates)
            ranked = [(lang, score) for lang, score in ranked if lang in wanted]
        else:
            ranked = ranked[:10]
        return _softmax(ranked)


def _py3langid_model():
    """py3langid's model, through the user's cache (`audit.cache`): unpacking the packaged model (LZMA)
    takes ~0.6 s, the cached pickle ~0.1 s."""
    from importlib.metadata import version
    from pathlib import Path

    from py3langid.langid import MODEL_DIR, MODEL_FILE
    from py3langid.langid import LanguageIdentifier as Model

    from audit.cache import cached, file_key

    packaged = Path(MODEL_DIR) / MODEL_FILE
    return cached("py3langid", f"{version('py3langid')}-{file_key(packaged)}",
                  lambda: Model.from_modelpath(packaged, norm_probs=False))


class LangDetect:
    """langdetect (a port of Google's language-detection), seeded for determinism."""

    name = "langdetect"

    def scores(self, text: str, candidates: Iterable[str] | None = None) -> list[tuple[str, float]]:
        from langdetect import DetectorFactory, detect_langs
        from langdetect.lang_detect_exception import LangDetectException

        DetectorFactory.seed = 0
        try:
            found = [(str(item.lang).split("-")[0], float(item.prob)) for item in detect_langs(text)]
        except LangDetectException:
            return []
        if candidates is not None:
            wanted = set(candidates)
            found = [(lang, p) for lang, p in found if lang in wanted]
            total = sum(p for _, p in found)
            found = [(lang, p / total) for lang, p in found] if total else []
        return found


@lru_cache(maxsize=None)
def get_identifier(backend: str = DEFAULT_BACKEND) -> LanguageIdentifier:
    """A shared identifier for the backend (models load once per process)."""
    if backend == "py3langid":
        return Py3LangId()
    if backend == "langdetect":
        return LangDetect()
    raise ValueError(f"unknown language-ID backend {backend!r} (choose from {', '.join(BACKENDS)})")


IDENTIFY_CHARS = 400  # language ID reads this much of a text: more adds cost, not accuracy


def sample(text: str, limit: int = IDENTIFY_CHARS) -> str:
    """The first `limit` characters of a text, cut at a space so no word is split."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit]


def identify(text: str, candidates: Iterable[str] | None = None, backend: str = DEFAULT_BACKEND) -> tuple[str | None, float]:
    """The most likely language of `text` (judged on its first 400 characters) and its probability;
    (None, 0.0) when nothing can be said."""
    ranked = get_identifier(backend).scores(sample(text), tuple(candidates) if candidates is not None else None)
    return ranked[0] if ranked else (None, 0.0)
