"""Readers: turn input files into lists of segment texts, with one-line errors for bad input."""

from __future__ import annotations

import codecs
import contextlib
import re
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
    name = text_encoding(encoding)
    if errors not in ("strict", "replace"):
        raise AuditError(f"--errors: {errors!r}; use strict or replace")
    token = _DECODING.set(Decoding(name, errors))
    try:
        yield _DECODING.get()
    finally:
        _DECODING.reset(token)


def text_encoding(encoding: str) -> str:
    """The codec's canonical name, or AuditError when `encoding` names no codec or one that does not turn
    bytes into text (rot13, base64, zlib, hex, bz2, uu, quopri ... map bytes to bytes or text to text)."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise AuditError(f"--encoding: unknown encoding {encoding!r}") from None
    try:
        b"a".decode(name, "replace")  # bytes.decode refuses non-text codecs with LookupError (b"" is a shortcut)
    except LookupError:
        raise AuditError(f"--encoding: {encoding!r} is not a text encoding; give one such as utf-8, latin-1 "
                         f"or utf-16") from None
    except (UnicodeError, ValueError):
        pass  # a text codec that cannot decode this sample: still a text codec
    return name


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
    """Decode input text (UTF-8 unless --encoding says otherwise), dropping a leading BOM; binary data,
    undecodable bytes and lone surrogates are errors naming the line and byte offset (with --errors
    replace, they become U+FFFD instead). Bytes that look like UTF-16/32 read as something else name the
    likely encoding. `offset` and `lines_before` place `data` in its file when it is one block of it."""
    chosen = _DECODING.get()
    wide = chosen.encoding.startswith(("utf-16", "utf-32"))  # NUL bytes are normal there
    if b"\x00" in data and not wide:
        at = data.index(b"\x00")
        line = lines_before + data.count(b"\n", 0, at) + 1
        raise AuditError(f"{name}: binary data (NUL byte at line {line}, byte offset {offset + at}), expected "
                         f"text{_wide_hint(data, offset == 0)}")
    label = "UTF-8" if chosen.encoding == "utf-8" else chosen.encoding
    try:
        text = data.decode(chosen.encoding, errors=chosen.errors)
    except UnicodeDecodeError as exc:
        line = lines_before + data.count(b"\n", 0, exc.start) + 1
        hint = _wide_hint(data, offset == 0) if not wide else ""
        raise AuditError(
            f"{name}: not valid {label} at line {line}, byte offset {offset + exc.start} "
            f"(byte 0x{data[exc.start]:02x}); see --encoding and --errors replace{hint}"
        ) from None
    except UnicodeError as exc:  # codecs such as idna refuse whole labels, with no byte position
        raise AuditError(f"{name}: cannot be read as {label} ({exc}); see --encoding") from None
    if "\x00" in text:
        raise AuditError(f"{name}: binary data (a NUL character after decoding), expected text")
    text = without_lone_surrogates(text, name, lines_before)
    return text.removeprefix("\ufeff") if offset == 0 else text


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def without_lone_surrogates(text: str, name: str, lines_before: int = 0, line: int | None = None) -> str:
    """`text` as it is when it holds no lone surrogate (U+D800-DFFF: no report can encode one; a JSON
    "\\ud800" escape or a codec such as utf-7 can produce them); with --errors replace they become U+FFFD,
    under strict they are an error naming the line (`line`, or counted from `lines_before`)."""
    found = _LONE_SURROGATE.search(text)
    if found is None:
        return text
    if _DECODING.get().errors == "replace":
        return _LONE_SURROGATE.sub("\ufffd", text)
    where = line if line is not None else lines_before + text.count("\n", 0, found.start()) + 1
    raise AuditError(f"{name}: a lone surrogate (U+{ord(found.group()):04X}) at line {where}, which no report "
                     f"can encode; see --errors replace")


_BOMS = ((codecs.BOM_UTF32_LE, "UTF-32", "utf-32"), (codecs.BOM_UTF32_BE, "UTF-32", "utf-32"),
         (codecs.BOM_UTF16_LE, "UTF-16", "utf-16"), (codecs.BOM_UTF16_BE, "UTF-16", "utf-16"))


def guess_wide_encoding(data: bytes, at_start: bool = True) -> tuple[str, str] | None:
    """(label, codec) when `data` looks like UTF-16 or UTF-32: a byte-order mark at the start, or the NUL
    bytes that text in a Latin script has in those encodings (one in two bytes, or three in four)."""
    if at_start:
        for bom, label, codec in _BOMS:
            if data.startswith(bom):
                return label, codec
    sample = data[:4096]
    if len(sample) < 8:
        return None

    def nuls(position: int, step: int) -> float:
        part = sample[position::step]
        return part.count(0) / len(part)

    high, low = 0.6, 0.2
    if nuls(2, 4) > high and nuls(3, 4) > high and nuls(0, 4) < low:
        return "UTF-32LE", "utf-32-le"
    if nuls(0, 4) > high and nuls(1, 4) > high and nuls(3, 4) < low:
        return "UTF-32BE", "utf-32-be"
    if nuls(1, 2) > high and nuls(0, 2) < low:
        return "UTF-16LE", "utf-16-le"
    if nuls(0, 2) > high and nuls(1, 2) < low:
        return "UTF-16BE", "utf-16-be"
    return None


def _wide_hint(data: bytes, at_start: bool) -> str:
    guess = guess_wide_encoding(data, at_start)
    return f"; it looks like {guess[0]}; try --encoding {guess[1]}" if guess else ""


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
