"""Readers: turn input files into lists of segment texts, with one-line errors for bad input."""

from __future__ import annotations

import codecs
import contextlib
import sys
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator

from audit.errors import AuditError

STDIN = "-"


@dataclass(frozen=True)
class Decoding:
    """How input bytes become text: a codec name and what to do with bytes it cannot decode."""

    encoding: str = "utf-8"
    errors: str = "strict"  # or "replace": undecodable bytes become U+FFFD


_DECODING: ContextVar[Decoding] = ContextVar("decoding", default=Decoding())


@contextlib.contextmanager
def decoding(encoding: str = "utf-8", errors: str = "strict") -> Iterator[Decoding]:
    """Read input files with `encoding` and `errors` inside the block (--encoding, --errors)."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise AuditError(f"--encoding: unknown encoding {encoding!r}") from None
    if errors not in ("strict", "replace"):
        raise AuditError(f"--errors: {errors!r}; use strict or replace")
    token = _DECODING.set(Decoding(name, errors))
    try:
        yield _DECODING.get()
    finally:
        _DECODING.reset(token)


def current_decoding() -> Decoding:
    """The encoding and error handling input files are read with here (see `decoding`)."""
    return _DECODING.get()


def _input_file(path: str) -> Path:
    """The path of an input file, or AuditError when there is no file to read there."""
    p = Path(path)
    if not p.exists():
        raise AuditError(f"{path}: no such file")
    if p.is_dir():
        raise AuditError(f"{path}: is a directory, not a text file")
    return p


def open_input(path: str) -> BinaryIO:
    """Open an input file (or standard input for "-") for reading bytes, turning OS errors into AuditError."""
    if path == STDIN:
        return sys.stdin.buffer
    try:
        return _input_file(path).open("rb")
    except OSError as exc:
        raise AuditError(f"{path}: cannot read ({exc.strerror or exc})") from None


def read_bytes(path: str) -> bytes:
    """Read a file (or standard input for "-") as bytes, turning OS errors into AuditError."""
    if path == STDIN:
        return sys.stdin.buffer.read()
    try:
        return _input_file(path).read_bytes()
    except OSError as exc:
        raise AuditError(f"{path}: cannot read ({exc.strerror or exc})") from None


def decode_text(data: bytes, name: str, offset: int = 0, lines_before: int = 0) -> str:
    """Decode input text (UTF-8 unless --encoding says otherwise), dropping a leading BOM; binary data and
    undecodable bytes are errors naming the line and byte offset (with --errors replace, the bytes become
    U+FFFD instead). `offset` and `lines_before` place `data` in its file when it is one block of it."""
    chosen = _DECODING.get()
    wide = chosen.encoding.startswith(("utf-16", "utf-32"))  # NUL bytes are normal there
    if b"\x00" in data and not wide:
        at = data.index(b"\x00")
        line = lines_before + data.count(b"\n", 0, at) + 1
        raise AuditError(f"{name}: binary data (NUL byte at line {line}, byte offset {offset + at}), expected text")
    try:
        text = data.decode(chosen.encoding, errors=chosen.errors)
    except UnicodeDecodeError as exc:
        line = lines_before + data.count(b"\n", 0, exc.start) + 1
        label = "UTF-8" if chosen.encoding == "utf-8" else chosen.encoding
        raise AuditError(
            f"{name}: not valid {label} at line {line}, byte offset {offset + exc.start} "
            f"(byte 0x{data[exc.start]:02x}); see --encoding and --errors replace"
        ) from None
    if "\x00" in text:
        raise AuditError(f"{name}: binary data (a NUL character after decoding), expected text")
    return text.removeprefix("\ufeff") if offset == 0 else text


def split_segments(text: str) -> list[str]:
    """One segment per line; CRLF and lone CR end lines too; blank lines are kept as empty segments."""
    if not text:
        return []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines[-1] == "":
        lines.pop()
    return lines


def read_text(path: str) -> str:
    """A UTF-8 text file (or - for stdin) as one string, without a byte-order mark."""
    return decode_text(read_bytes(path), "<stdin>" if path == STDIN else path)


def read_segments(path: str) -> list[str]:
    """Read a plain-text file of one segment per line."""
    return split_segments(read_text(path))


def read_toml(path: Path, what: str = "file") -> dict:
    """Parse a TOML configuration file; a missing, unreadable or invalid file is an AuditError."""
    import tomllib

    if not path.is_file():
        raise AuditError(f"{path}: no such {what}")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise AuditError(f"{path}: cannot read ({exc.strerror or exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise AuditError(f"{path}: not valid TOML ({exc})") from None
