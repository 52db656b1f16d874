"""A small on-disk cache for data that is slow to unpack and the same on every run (a language-ID model,
word lists): pickled once into the user's cache directory, read back in a fraction of the time. Every
process pays the unpacking — every worker of every run — so this is what makes a run start quickly.

Entries are keyed on what they were built from (a package version, a digest of a data file's bytes) and
on the code that built them (a digest of the builder's source file: an upgrade that changes what is stored
never reads an entry of the old shape), so every installation of the same packages and code shares one
entry. An entry replaces the older ones of its family:
the model's pickle is ~69 MB, and a cache that kept one per install would grow without end. Any failure
to read or write an entry falls back to building the data.
"""

from __future__ import annotations

import hashlib
import inspect
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")


def cache_dir() -> Path:
    """$XDG_CACHE_HOME/audit, or ~/.cache/audit; each family of entries has a folder in it."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "audit"


def cached(family: str, key: str, build: Callable[[], T]) -> T:
    """The pickled value stored for `family` under `key`, or `build()` (stored for next time when possible,
    in place of the family's entries under other keys)."""
    path = cache_dir() / family / f"{key}-{code_key(build)}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, ImportError):
        pass
    value = build()
    temp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{key}.", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)  # atomic: a concurrent reader sees the whole file or none
        _remove_others(path)
    except OSError:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)
    return value


def cached_file(family: str, key: str, suffix: str, build: Callable[[Path], None],
                errors: tuple[type[BaseException], ...] = (OSError,)) -> Path | None:
    """The path of the file stored for `family` under `key`, built by `build(path)` when missing (in place
    of the family's other files). None when it cannot be written: the caller then works in memory.
    For data that is read in place rather than unpickled (a database many processes share through the
    OS page cache)."""
    path = cache_dir() / family / f"{key}-{code_key(build)}{suffix}"
    if path.is_file():
        return path
    temp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{key}.", suffix=".tmp")
        os.close(handle)
        build(Path(temp))
        os.replace(temp, path)  # atomic: a concurrent reader sees the whole file or none
        _remove_others(path, "*")
        return path
    except errors:
        return None
    finally:
        if temp is not None:
            Path(temp).unlink(missing_ok=True)  # gone already once it has replaced `path`


def _remove_others(keep: Path, pattern: str = "*.pickle") -> None:
    """Delete the family's entries other than `keep` (built from older packages or data); hidden files
    are other processes' builds in progress."""
    for other in keep.parent.glob(pattern):
        if other != keep and not other.name.startswith(".") and other.is_file():
            other.unlink(missing_ok=True)


def file_key(path: Path) -> str:
    """A short key for a data file: a digest of its bytes (the same in every installation, unlike its
    modification time)."""
    return hashlib.blake2b(path.read_bytes(), digest_size=8).hexdigest()


def code_key(function: Callable) -> str:
    """A short digest of the source file that defines `function` (of the method's function for a bound
    method): entries built by different code never share a name."""
    target = getattr(function, "__func__", function)
    try:
        source = inspect.getsourcefile(target)
    except TypeError:  # a builtin: no source of ours decides its output
        return "builtin"
    return _source_key(source) if source else "unknown"


@lru_cache(maxsize=None)
def _source_key(source: str) -> str:
    return file_key(Path(source))[:8]
