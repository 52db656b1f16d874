"""Output safety: where a report may be written, spreadsheet-safe CSV cells, and text made visible before
it reaches a terminal or an XML file.

Every input is hostile, and so is every path a user (or a CI script built from a feed's file names) gives
to `-o`: a report is written only over a report of ours, never over an input, a special file, a file we
cannot recognise as one we wrote (unless `--overwrite` says so) or a directory of someone else's files.
The checks run before the audit, so a refusal costs nothing.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Callable, Iterable

from audit.errors import AuditError
from audit.report.partitioned import SUMMARY

# ---- where a report may be written ----

PART_NAME = re.compile(r"part-\d{5}\.(csv|jsonl|parquet)")


def _identity(path: str | Path) -> tuple[int, int] | None:
    """The (device, inode) of what a path names, following symbolic links; None when it names nothing."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


def input_identities(inputs: Iterable[str | Path | None]) -> dict[tuple[int, int], str]:
    """The identities of the files a run reads (standard input and missing names left out), by name."""
    found = {}
    for name in inputs:
        if name and str(name) != "-" and (identity := _identity(name)) is not None:
            found.setdefault(identity, str(name))
    return found


def refuse_unsafe_file(path: Path, inputs: dict[tuple[int, int], str]) -> None:
    """Refuse (one line, exit 2) to write a report file over an input, a directory or anything but a
    regular file. A symbolic link is judged by what it points to."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return  # a new file (or a dangling link, which the rename replaces)
    except OSError as exc:
        raise AuditError(f"{path}: cannot check the report path ({exc.strerror or exc})") from None
    if (info.st_dev, info.st_ino) in inputs:
        raise AuditError(f"{path}: is an input of this run ({inputs[info.st_dev, info.st_ino]}); "
                         "refusing to write a report over it (give another -o)")
    if stat.S_ISDIR(info.st_mode):
        raise AuditError(f"{path}: is a directory; give a file name for the report")
    if not stat.S_ISREG(info.st_mode):
        raise AuditError(f"{path}: is not a regular file (a device, FIFO or socket); "
                         "refusing to write a report over it (give another -o)")


def refuse_unsafe_report(paths: Iterable[Path], inputs: Iterable[str | Path | None]) -> None:
    """Check every file a report writes (the report, its `.meta.json`, its `.segments.csv`)."""
    identities = input_identities(inputs)
    for path in paths:
        refuse_unsafe_file(path, identities)


META_SUFFIX = ".meta.json"
SCORES_SUFFIX = ".segments.csv"
OVERWRITE_HINT = "give --overwrite to replace it, or another -o"


def beside(report: Path, suffix: str) -> Path:
    """A file named after a report file: its meta file (`META_SUFFIX`) or scores table (`SCORES_SUFFIX`)."""
    return report.with_name(report.name + suffix)


MAX_META_BYTES = 1 << 30  # a larger "meta file" is not one of ours: it is not read to find out


def _audit_meta(path: Path) -> dict | None:
    """A meta file audit writes (a JSON object from the tool `audit` recording a report's identity), or
    None when `path` is anything else or cannot be read."""
    import json

    try:
        if os.stat(path).st_size > MAX_META_BYTES:
            return None
        with open(path, "rb") as handle:
            meta = json.loads(handle.read())
    except (OSError, ValueError):
        return None
    ours = isinstance(meta, dict) and meta.get("tool") == "audit" and isinstance(meta.get("report"), dict)
    return meta if ours else None


def is_audit_meta(path: Path) -> bool:
    return _audit_meta(path) is not None


def is_our_report(report: Path) -> bool:
    """Whether `report` is byte for byte the report its meta file beside it records (size and sha256,
    `audit.report.integrity`): one audit wrote and nobody has changed since. Every format qualifies."""
    from audit.report.integrity import file_digest

    meta = _audit_meta(beside(report, META_SUFFIX))
    if meta is None:
        return False
    recorded = meta["report"]
    try:
        if os.stat(report).st_size != recorded.get("bytes"):
            return False  # the size first: a foreign file of another size is not hashed
        return file_digest(report) == (recorded.get("bytes"), recorded.get("sha256"))
    except OSError:
        return False


def is_our_scores_table(path: Path) -> bool:
    """A per-segment scores table audit writes: its first line is the table's header."""
    from audit.scores import SEGMENT_SCORE_COLUMNS

    header = (",".join(SEGMENT_SCORE_COLUMNS) + "\n").encode()
    try:
        with open(path, "rb") as handle:
            return handle.read(len(header)) == header
    except OSError:
        return False


def refuse_foreign_file(path: Path, ours: Callable[[Path], bool], what: str) -> None:
    """Refuse (one line, exit 2) to replace an existing regular file that `ours` does not recognise as a
    file audit wrote (`what` it should be); a new path, or anything but a regular file, is left to
    `refuse_unsafe_file`."""
    try:
        regular = stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return
    if regular and not ours(path):
        raise AuditError(f"{path}: exists and is not {what}; refusing to replace it ({OVERWRITE_HINT})")


def refuse_foreign_report(report: Path) -> None:
    """Refuse to replace a report file, its meta file or its scores table unless each is absent or ours:
    the report as its meta file records it, an audit meta file, a scores table (`--overwrite` skips this)."""
    refuse_foreign_file(report, is_our_report, f"a report audit wrote (no {beside(report, META_SUFFIX).name} "
                                               "beside it records it: another file, or a report changed since)")
    refuse_foreign_file(beside(report, META_SUFFIX), is_audit_meta, "a meta file audit wrote")
    refuse_foreign_file(beside(report, SCORES_SUFFIX), is_our_scores_table, "a scores table audit wrote")


def is_previous_partitioned_report(directory: Path) -> bool:
    """A directory we wrote: its `_summary.json` and nothing but part files, all regular files."""
    entries = list(directory.iterdir())
    names = {entry.name for entry in entries}
    return (SUMMARY in names and all(entry.name == SUMMARY or PART_NAME.fullmatch(entry.name) for entry in entries)
            and all(stat.S_ISREG(entry.lstat().st_mode) for entry in entries))


def refuse_unsafe_directory(directory: Path, inputs: Iterable[str | Path | None]) -> None:
    """Refuse to replace a directory with a partitioned report unless it is new, empty or a previous
    partitioned report, and never when it holds (or is) an input."""
    if directory.name in ("", ".", ".."):
        raise AuditError(f"{directory}: give a directory name for the partitioned report (a new one, or a "
                         "previous report's)")
    real = Path(os.path.realpath(directory))
    for name in inputs:
        if name and str(name) != "-":
            source = Path(os.path.realpath(name))
            if real == source or real in source.parents:
                raise AuditError(f"{directory}: holds an input of this run ({name}); refusing to replace it "
                                 "with the report (give another -o)")
    try:
        info = directory.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise AuditError(f"{directory}: cannot check the report path ({exc.strerror or exc})") from None
    if stat.S_ISLNK(info.st_mode):
        raise AuditError(f"{directory}: is a symbolic link; give the partitioned report's directory itself")
    if not stat.S_ISDIR(info.st_mode):
        raise AuditError(f"{directory}: is a file; a partitioned report is a directory (give another -o)")
    try:
        if any(directory.iterdir()) and not is_previous_partitioned_report(directory):
            raise AuditError(f"{directory}: is not a previous partitioned report (it holds other files than "
                             f"{SUMMARY} and part-NNNNN files); refusing to replace it (give a new directory)")
    except OSError as exc:
        raise AuditError(f"{directory}: cannot read the directory ({exc.strerror or exc})") from None


# ---- spreadsheet-safe CSV cells (the OWASP CSV-injection rule) ----

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"


def spreadsheet_safe(text: str) -> str:
    """A text cell a spreadsheet shows as text: a leading `=`, `+`, `-`, `@`, tab or carriage return gets
    a `'` before it. A leading `'` gets one too, so the guard is always undone exactly (injective)."""
    return GUARD + text if text.startswith(FORMULA_STARTS + (GUARD,)) else text


def spreadsheet_original(text: str) -> str:
    """The cell as the feed had it: `spreadsheet_safe` undone."""
    return text[1:] if text.startswith(GUARD) else text


def _text_columns(frame) -> list[str]:
    return [name for name in frame.columns if frame[name].dtype.kind == "O"]  # object or pandas' str


def guard_cells(frame):
    """A copy of a table with every text cell spreadsheet-safe (numbers are left as numbers)."""
    return _map_text_cells(frame, spreadsheet_safe)


def unguard_cells(frame):
    """A table read back from a spreadsheet-safe CSV, its text cells as they were before the guard."""
    return _map_text_cells(frame, spreadsheet_original)


def _map_text_cells(frame, function):
    columns = _text_columns(frame)
    if not columns or frame.empty:
        return frame
    frame = frame.copy()
    for name in columns:
        frame[name] = frame[name].map(lambda v: function(v) if isinstance(v, str) else v)
    return frame


# ---- text made visible ----

# C0 and C1 controls, DEL, and the Unicode formatting characters that reorder or hide what a terminal shows
# (bidirectional overrides and isolates, line and paragraph separators).
INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
INVISIBLE_KEEPING_NEWLINES = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: object, keep_newlines: bool = False) -> str:
    """Text safe to print on a terminal: control characters (ESC, CSI, BEL, OSC...) and the characters
    that reorder a line are written as escapes (`\\x1b`), so a file name or phrase cannot move the cursor,
    retitle the window, hide text or make a link."""
    pattern = INVISIBLE_KEEPING_NEWLINES if keep_newlines else INVISIBLE
    return pattern.sub(_escape, str(text))


XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: object) -> str:
    """Text XML 1.0 can hold: the characters it forbids (most C0 controls, lone surrogates, U+FFFE/FFFF)
    written as visible `\\uXXXX` escapes."""
    return XML_FORBIDDEN.sub(lambda m: f"\\u{ord(m.group()):04x}", str(text))
