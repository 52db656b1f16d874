"""A small on-disk cache for data that is slow to unpack and the same on every run (a language-ID model,
word lists): pickled once into the user's cache directory, read back in a fraction of the time. Every
process pays the unpacking — every worker of every run — so this is what makes a run start quickly.

Entries are keyed on what they were built from (a package version, a file's size and time); any failure
to read or write one falls back to building the data.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")


def cache_dir() -> Path:
    """$XDG_CACHE_HOME/audit, or ~/.cache/audit."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "audit"


def cached(name: str, build: Callable[[], T]) -> T:
    """The pickled value stored under `name`, or `build()` (stored for next time when possible)."""
    path = cache_dir() / f"{name}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, ImportError):
        pass
    value = build()
    temp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)  # atomic: a concurrent reader sees the whole file or none
    except OSError:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
    return value


def file_key(path: Path) -> str:
    """A short key for a data file: its size and modification time."""
    stat = path.stat()
    return f"{stat.st_size}-{int(stat.st_mtime)}"
