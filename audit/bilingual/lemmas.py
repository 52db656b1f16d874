"""simplemma's lemmas without unpacking its word lists in every process.

simplemma decompresses a language's whole list on its first word (German: 1.1 million forms, ~1.5 s and
~150 MB per process). Its lemmatizer takes the lists from a dictionary factory; this one serves them from
a database written once per language and simplemma version into the user cache, so the same algorithm
on the same data gives the same lemmas at the cost of one indexed query per form looked up.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from functools import lru_cache

import simplemma
from simplemma.strategies import DefaultStrategy
from simplemma.strategies.dictionaries import DefaultDictionaryFactory
from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES

from audit.store import Store, create_table

_TABLE = "forms"


class StoredForms(Mapping):
    """One language's form → lemma list, read from its database."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        value = self._store.get(_TABLE, key)
        return default if value is None else value

    def __getitem__(self, key: str) -> str:
        value = self._store.get(_TABLE, key)
        if value is None:
            raise KeyError(key)
        return value

    def __iter__(self) -> Iterator[str]:
        return (row[0] for row in self._store.connection().execute(f"SELECT key FROM {_TABLE}"))

    def __len__(self) -> int:
        return self._store.connection().execute(f"SELECT count(*) FROM {_TABLE}").fetchone()[0]


def _fill(lang: str):
    def fill(connection: sqlite3.Connection) -> None:
        create_table(connection, _TABLE, DefaultDictionaryFactory().get_dictionary(lang).items())
    return fill


class StoredDictionaryFactory:
    """A simplemma dictionary factory (its `get_dictionary` protocol) over the cached databases."""

    @lru_cache(maxsize=None)
    def get_dictionary(self, lang: str) -> Mapping[str, str]:
        if lang not in SUPPORTED_LANGUAGES:
            raise ValueError(f"Unsupported language: {lang}")
        return StoredForms(Store(f"simplemma/{lang}", simplemma.__version__, _fill(lang)))


@lru_cache(maxsize=1)
def lemmatizer() -> simplemma.Lemmatizer:
    """simplemma's default (non-greedy) lemmatizer, as `simplemma.lemmatize` uses it, on the stored lists."""
    return simplemma.Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=StoredDictionaryFactory()))
