"""A small on-disk cache for data that is slow to unpack and the same on every run (a language-ID model,
word lists), built once into the user's cache directory. Every process pays the unpacking — every worker
of every run — so this is what makes a run start quickly. Three forms: a pickle (`cached`, small data),
a file read in place (`cached_file`, such as an sqlite database) and numeric arrays memory-mapped from one
file (`cached_arrays`): the last two unpickle nothing, and every worker shares their pages through the OS
page cache instead of holding its own copy.

Entries are keyed on what they were built from (a package version, a digest of a data file's bytes; for
the language-ID model, py3langid's version and its packaged model's size: a digest of its 4.5 MB would cost
every process ~25 ms, and a model patched to the same size under the same version would reuse the entry)
and on the code that built them (a digest of the builder's source file: an upgrade that changes what is stored
never reads an entry of the old shape), so every installation of the same packages and code shares one
entry. An entry replaces the older ones of its family (whatever their form):
the language-ID model is ~69 MB, and a cache that kept one per install would grow without end. Any failure
to read or write an entry falls back to building the data, and what is read is checked like any input:
a damaged or crafted entry is deleted and built again (`cached_arrays` takes a `check` of its contents).
"""

from __future__ import annotations

import hashlib
import inspect
import json
import math
import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable, TypeVar

if TYPE_CHECKING:
    import numpy as np

T = TypeVar("T")


def cache_dir() -> Path:
    """$XDG_CACHE_HOME/audit, or ~/.cache/audit; each family of entries has a folder in it."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "audit"


def cached(family: str, key: str, build: Callable[[], T]) -> T:
    """The pickled value stored for `family` under `key`, or `build()` (stored for next time when possible,
    in place of the family's entries under other keys)."""
    import pickle  # here: a run that reads no pickle does not import it

    path = cache_dir() / family / f"{key}-{code_key(build)}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, ImportError):
        pass
    value = build()
    temp = None
    try:
        import tempfile

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
        import tempfile

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
    are other processes' builds in progress. One that cannot be deleted (mapped by a running process,
    on a system that forbids that) is left for a later run."""
    for other in keep.parent.glob(pattern):
        if other != keep and not other.name.startswith(".") and other.is_file():
            try:
                other.unlink(missing_ok=True)
            except OSError:
                pass


ARRAYS_MAGIC = b"audit-arrays-1\n\0"  # a file of `cached_arrays`: this, the header's length, the header, the data
ALIGN = 64  # each array starts on a multiple of this (any dtype's alignment, and a cache line)


def cached_arrays(family: str, key: str, build: Callable[[], dict[str, "np.ndarray"]],
                  check: Callable[[dict[str, "np.ndarray"]], None] | None = None) -> dict[str, "np.ndarray"]:
    """The arrays `build()` returns (numbers or fixed-width strings, never Python objects), memory-mapped
    read-only from the file stored for `family` under `key`: built and stored when missing or damaged (in
    place of the family's other entries), in memory when the cache cannot be written. `check(arrays)`
    raises ValueError when the arrays read are not what `build` makes (names, types, shapes, values a
    reader indexes with): a file whose layout is whole can still hold anything."""
    def write(path: Path) -> None:
        write_arrays(path, build())

    for _ in range(2):  # a damaged file is deleted, then built again once
        path = cached_file(family, f"{key}-{code_key(build)}", ".arrays", write)
        if path is None:
            return build()
        try:
            arrays = read_arrays(path)
            if check is not None:
                check(arrays)
            return arrays
        except (OSError, ValueError):
            try:
                path.unlink(missing_ok=True)
            except OSError:  # cannot be removed: work in memory this time
                break
    return build()


def write_arrays(path: Path, arrays: dict[str, "np.ndarray"]) -> None:
    """Store `arrays` in one file that `read_arrays` maps: a JSON header names each array's dtype, shape
    and offset, then the arrays' bytes follow in C order. The file is written once and then replaced,
    never changed in place: a process that maps it would crash on a file cut short under it."""
    import numpy as np

    contiguous = {name: np.ascontiguousarray(array) for name, array in arrays.items()}
    entries, offset = {}, 0
    for name, array in contiguous.items():
        if array.dtype.hasobject:
            raise TypeError(f"{name}: an array of Python objects cannot be mapped")
        offset = _aligned(offset)
        entries[name] = {"dtype": array.dtype.str, "shape": list(array.shape), "offset": offset}
        offset += array.nbytes
    header = json.dumps(entries).encode()
    start = _aligned(len(ARRAYS_MAGIC) + 8 + len(header))
    with path.open("wb") as out:
        out.write(ARRAYS_MAGIC + len(header).to_bytes(8, "little") + header)
        for name, array in contiguous.items():
            out.seek(start + entries[name]["offset"])
            out.write(array.tobytes())
        out.truncate(start + offset)


def _aligned(offset: int) -> int:
    return -(-offset // ALIGN) * ALIGN


def read_arrays(path: Path) -> dict[str, "np.ndarray"]:
    """The arrays of a file `write_arrays` wrote, as read-only views of one shared memory map; ValueError
    when the file is not whole."""
    import mmap

    import numpy as np

    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
    if mapped[: len(ARRAYS_MAGIC)] != ARRAYS_MAGIC:
        raise ValueError(f"{path.name}: not an array file")
    try:  # the header is whatever the file says: any failure to read it is a damaged file
        length = int.from_bytes(mapped[len(ARRAYS_MAGIC): len(ARRAYS_MAGIC) + 8], "little")
        header_end = len(ARRAYS_MAGIC) + 8 + length
        entries = json.loads(bytes(mapped[len(ARRAYS_MAGIC) + 8: header_end]))
        start = _aligned(header_end)
        arrays = {}
        for name, entry in entries.items():
            dtype, shape = np.dtype(entry["dtype"]), tuple(int(n) for n in entry["shape"])
            count, offset = math.prod(shape), start + int(entry["offset"])
            if dtype.hasobject or min(shape, default=0) < 0 or offset < start or offset + count * dtype.itemsize > size:
                raise ValueError(f"{name} is out of the file")
            arrays[name] = np.frombuffer(mapped, dtype=dtype, count=count, offset=offset).reshape(shape)
    except Exception as exc:  # noqa: BLE001 - JSON nested 100,000 deep, 1e999 as an offset, a dtype numpy refuses
        raise ValueError(f"{path.name}: damaged ({type(exc).__name__})") from None
    return arrays


def package_version(distribution: str, package: str | None = None) -> str:
    """The installed version of `distribution` (imported as `package`, by default the same name), read from
    the name of its one `.dist-info` folder beside the package without importing it; importlib.metadata
    otherwise. Importing importlib.metadata costs 15-60 ms, a fair part of a one-line run."""
    from importlib.util import find_spec

    escaped = distribution.replace("-", "_").replace(".", "_")
    try:
        spec = find_spec(package or distribution)
    except (ImportError, ValueError):
        spec = None
    if spec is not None and spec.origin:
        folder = Path(spec.origin).parent
        if spec.submodule_search_locations:  # a package: its folder's parent holds the .dist-info
            folder = folder.parent
        found = [p.name for p in folder.glob("*.dist-info") if p.name.lower().startswith(f"{escaped.lower()}-")]
        if len(found) == 1:
            return found[0][len(escaped) + 1: -len(".dist-info")]
    from importlib.metadata import version

    return version(distribution)


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
