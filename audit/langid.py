"""Language identification behind one small interface, chosen by measurement (docs/langid.md).

The default backend is py3langid (BSD-3-Clause): on 1,400 labelled news sentences from
../shared/data it was the most accurate on 3- and 5-word fragments and ~20x faster than langdetect.
langdetect stays selectable. Both are deterministic here (langdetect is seeded on every call).
py3langid's model is scored by `MappedModel` over its arrays memory-mapped from the user cache, with the
same results as py3langid: a process loads it in milliseconds and unpickles nothing, and the workers of
a run share its pages.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path
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
    """py3langid's naive Bayes model; restriction renormalises its log-probabilities."""

    name = "py3langid"

    def __init__(self) -> None:
        self._model = MappedModel(_py3langid_arrays())

    # Each entry holds a score for every language the model knows (~0.6 KB): the cache only serves the
    # rules that ask about the same segment one after the other, so it stays small.
    @lru_cache(maxsize=256)
    def _label_scores(self, text: str):
        return self._model.label_scores(text)

    def scores(self, text: str, candidates: Iterable[str] | None = None) -> list[tuple[str, float]]:
        """The softmax of `rank`'s best ten, or of its entries for `candidates`: the candidates' scores are
        read alone and put in `rank`'s order (best first, ties in the model's order) without ranking all."""
        model, kept = self._model, self._label_scores(text)
        if candidates is None:
            return _softmax(model.ranked(kept, 10))
        columns = sorted({model.label_index[lang] for lang in set(candidates) if lang in model.label_index})
        ranked = [(model.labels[c], float(kept[c])) for c in columns]
        return _softmax(sorted(ranked, key=lambda pair: -pair[1]))  # stable: ties stay in the model's order


class MappedModel:
    """py3langid's model (a byte-level DFA that finds the features, naive Bayes weights per language)
    scored over arrays mapped from the user cache: `rank` answers exactly as py3langid's `rank` with
    `norm_probs=False` (tests/test_langid.py compares them), and nothing is unpickled."""

    def __init__(self, arrays: dict) -> None:
        import numpy as np

        self._np = np
        self.classes: list[str] = arrays["classes"].tolist()
        self._weights, self._priors = arrays["weights"], arrays["priors"]  # feature x language, per language
        self._moves = memoryview(arrays["moves"])  # the DFA's distinct rows of 256 next states
        # Indexed at every byte: Python lists read faster than mapped arrays (a few MB per process).
        self._row_starts: list[int] = arrays["row_starts"].tolist()  # state -> its row's first index in moves
        self._features: list[int] = arrays["features"].tolist()  # state -> the feature it completes, or -1
        self._floor = float(np.finfo(np.float32).min)  # the score of every language for a featureless text
        self._aliases = _alias_pairs(self.classes)
        aliased = {alias for _, alias in self._aliases}
        # each label once, at its first column (the one `rank` keeps), in the model's order
        self._label_columns = np.array([c for c in range(len(self.classes)) if c not in aliased], dtype=np.intp)
        self.labels = [self.classes[c] for c in self._label_columns.tolist()]
        self.label_index = {label: k for k, label in enumerate(self.labels)}

    def _feature_counts(self, data: bytes) -> Counter:
        moves, starts, features = self._moves, self._row_starts, self._features
        state, found = 0, []
        append = found.append
        for byte in data:
            state = moves[starts[state] + byte]
            feature = features[state]
            if feature >= 0:
                append(feature)
        return Counter(found)

    def _raw_scores(self, text: str):
        np = self._np
        counts = self._feature_counts(_model_bytes(text))
        if not counts:
            return np.full(len(self.classes), self._floor, dtype=np.float32)
        index = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
        weight = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
        return np.log1p(weight) @ self._weights[index] + self._priors

    def rank(self, text: str) -> list[tuple[str, float]]:
        """Every language the model knows with its log-probability score, best first."""
        return self.ranked(self.label_scores(text))

    def label_scores(self, text: str):
        """Each label's score (`labels`' order): one label under two scripts scores as its better column."""
        scores = self._raw_scores(text)
        for first, alias in self._aliases:
            scores[first] = max(scores[first], scores[alias])
        return scores[self._label_columns]

    def ranked(self, kept, limit: int | None = None) -> list[tuple[str, float]]:
        """The labels with their scores `kept`, best first, ties in the model's order (what a stable sort
        of the labels by score, reversed, gives); the first `limit` of them."""
        order = self._np.argsort(-kept, kind="stable")[:limit]
        return list(zip(map(self.labels.__getitem__, order.tolist()), kept[order].tolist()))


def _model_bytes(text: str) -> bytes:
    """The bytes the model reads: an all-capitals text lowercased, NFC, UTF-8."""
    if text.isupper():
        text = text.lower()
    return unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")


def _alias_pairs(classes: list[str]) -> list[tuple[int, int]]:
    """(first column, later column) for each label the model lists twice (one language, two scripts)."""
    first: dict[str, int] = {}
    pairs = []
    for column, lang in enumerate(classes):
        if lang in first:
            pairs.append((first[lang], column))
        else:
            first[lang] = column
    return pairs


PY3LANGID_MODEL = ("data", "model.npz.xz")  # py3langid's packaged model, beside its modules


def _py3langid_arrays() -> dict:
    """py3langid's model as arrays memory-mapped from the user's cache (`audit.cache.cached_arrays`):
    unpacking the packaged model (LZMA) takes ~0.9 s, mapping the cached arrays a few ms, and every
    worker shares their pages. Keyed on py3langid's version and the packaged model's size (a digest of
    its 4.5 MB would cost ~25 ms in every process)."""
    from audit.cache import cached_arrays, package_version

    packaged = _packaged_model()
    return cached_arrays("py3langid", f"{package_version('py3langid')}-{packaged.stat().st_size}",
                         lambda: _unpack_py3langid(packaged), check=check_model_arrays)


MODEL_DTYPES = {"weights": "<f2", "priors": "<f4", "classes": "<U", "moves": "<u4", "row_starts": "<i8",
                "features": "<i4"}
MODEL_DIMENSIONS = {"weights": 2, "priors": 1, "classes": 1, "moves": 1, "row_starts": 1, "features": 1}


def check_model_arrays(arrays: dict) -> None:
    """ValueError unless `arrays` are a model `MappedModel` can score without reading out of bounds: the
    names, types and dimensions `_unpack_py3langid` makes, shapes that agree, every DFA move a state, every
    state's row inside the moves, every feature a row of the weights (~10 ms: it reads the moves once)."""
    if set(arrays) != set(MODEL_DTYPES):
        raise ValueError(f"model arrays {sorted(arrays)}")
    for name, dtype in MODEL_DTYPES.items():
        if not arrays[name].dtype.str.startswith(dtype) or arrays[name].ndim != MODEL_DIMENSIONS[name]:
            raise ValueError(f"model array {name}: {arrays[name].dtype.str}, {arrays[name].ndim} dimensions")
    weights, moves, starts, features = arrays["weights"], arrays["moves"], arrays["row_starts"], arrays["features"]
    languages, states = len(arrays["classes"]), len(starts)
    if weights.shape[1] != languages or len(arrays["priors"]) != languages or len(features) != states:
        raise ValueError("model arrays of disagreeing shapes")
    if not states or not moves.size or moves.size % 256:
        raise ValueError("model moves are not whole rows of 256")
    if int(moves.max()) >= states or int(starts.min()) < 0 or int(starts.max()) + 256 > moves.size:
        raise ValueError("model moves or rows out of range")
    if int(features.min()) < -1 or int(features.max()) >= weights.shape[0]:
        raise ValueError("model features out of range")


def _packaged_model() -> Path:
    from importlib.util import find_spec

    spec = find_spec("py3langid")
    if spec is not None and spec.submodule_search_locations:
        path = Path(next(iter(spec.submodule_search_locations)), *PY3LANGID_MODEL)
        if path.is_file():
            return path
    from py3langid.langid import MODEL_DIR, MODEL_FILE  # another layout: ask the package

    return Path(MODEL_DIR) / MODEL_FILE


def _unpack_py3langid(packaged: Path) -> dict:
    """The packaged model's arrays, in the shapes `MappedModel` reads, taken from the model py3langid loads."""
    import numpy as np
    from py3langid.langid import LanguageIdentifier as Model

    model = Model.from_modelpath(packaged, norm_probs=False)
    return {
        "weights": np.asarray(model.nb_ptc),
        "priors": np.asarray(model.nb_pc),
        "classes": np.array(model.nb_classes, dtype=str),
        "moves": np.asarray(model.tk_nextmove),
        "row_starts": np.asarray(model.tk_row, dtype=np.int64) << 8,
        "features": np.asarray(model.tk_output, dtype=np.int32),
    }


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
