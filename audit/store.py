"""Read-only tables in an sqlite database built once into the user cache and read in place.

Large indexes (a FreeDict pair, simplemma's lemma lists, pyspellchecker's word counts): unpickling them
cost seconds and hundreds of MB in every process. A database is opened in milliseconds, queried per
distinct word, and its pages are shared by every worker through the OS page cache. When the cache cannot be written
the database is built in memory instead (slow, never an error).
"""

from __future__ import annotations

import os
import sqlite3
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

from audit.cache import cached_file, code_key

SEPARATOR = "\x1f"  # between the words of a stored set: no dictionary phrase contains it
Fill = Callable[[sqlite3.Connection], None]


def create_table(connection: sqlite3.Connection, table: str, rows: Iterable[tuple[str, str]]) -> None:
    """A key → value table with its keys indexed (the primary key is the table's own b-tree)."""
    connection.execute(f"CREATE TABLE {table} (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID")
    connection.executemany(f"INSERT INTO {table} VALUES (?, ?)", rows)


class Store:
    """A cached database of key → value tables, opened lazily once per process (a forked worker opens
    its own connection: sqlite connections must not cross a fork)."""

    def __init__(self, family: str, key: str, fill: Fill, memo: int = 262_144) -> None:
        self.family, self.key, self._fill = family, key, fill
        self._connection: sqlite3.Connection | None = None
        self._pid = -1
        self.get = lru_cache(maxsize=memo)(self._query)

    def _write(self, path: Path) -> None:
        connection = sqlite3.connect(path)
        try:
            self._fill(connection)
            connection.commit()
        finally:
            connection.close()

    def _open(self) -> sqlite3.Connection | None:
        """The cached database, built first if missing; None when it cannot be written or read."""
        key = f"{self.key}-{code_key(self._fill)}"  # the fill function decides the content, not only `_write`
        path = cached_file(self.family, key, ".sqlite", self._write, errors=(OSError, sqlite3.Error))
        if path is None:
            return None
        try:  # immutable: the file is replaced, never changed in place, so no locking is needed
            connection = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            if connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                return connection
        except sqlite3.Error:
            pass
        path.unlink(missing_ok=True)  # damaged or empty: the next process builds it again
        return None

    def _connect(self) -> sqlite3.Connection:
        connection = self._open()
        if connection is None:
            connection = sqlite3.connect(":memory:", check_same_thread=False)
            self._fill(connection)
        return connection

    def connection(self) -> sqlite3.Connection:
        if self._connection is None or self._pid != os.getpid():
            self._connection, self._pid = self._connect(), os.getpid()
        return self._connection

    def _query(self, table: str, key: str) -> str | None:
        row = self.connection().execute(f"SELECT value FROM {table} WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None
