"""The input files a directory or a glob stands for: each real file once, in a sorted order, and never an
endless walk. Recursion (a directory target, `**` in a glob) does not enter symbolically linked
directories, so a link to a parent cannot make a loop; a file reached by several names (a symbolic link
to it, a linked directory named in the pattern) is audited once, under its own name when it has one."""

from __future__ import annotations

import os
import re
from glob import has_magic
from pathlib import Path
from typing import Iterable

from audit.errors import AuditError


DEFAULT_REPORT_DIRECTORY = "reports"  # where reports go unless -o says otherwise (relative to the current directory)
PART_FILE = re.compile(r"part-\d{5}\.(csv|jsonl|parquet)")


def is_report_of_ours(path: Path) -> bool:
    """Whether a file is one of the files a run writes, never to be read back as input: anything in the
    default report directory (`./reports`), a report (a file with a `.meta.json` beside it), its
    `.meta.json` or `.segments.csv`, or a part of a partitioned report (beside its `_summary.json`)."""
    name = path.name
    if name.endswith(".meta.json") or path.with_name(name + ".meta.json").is_file():
        return True
    if name.endswith(".segments.csv") and path.with_name(name.removesuffix(".segments.csv") + ".meta.json").is_file():
        return True
    if PART_FILE.fullmatch(name) and (path.parent / "_summary.json").is_file():
        return True
    reports = Path(DEFAULT_REPORT_DIRECTORY).absolute()
    return reports in path.absolute().parents


def files_in_directory(folder: Path, suffixes: tuple[str, ...]) -> list[str]:
    """The files under `folder` with one of `suffixes`, without entering linked directories, and never
    our own reports (`is_report_of_ours`): `audit check .` twice audits the same files twice."""
    return [str(f) for f in folder.rglob("*")
            if f.suffix.lower() in suffixes and f.is_file() and not is_report_of_ours(f)]


def files_matching(pattern: str) -> list[str]:
    """The files a glob pattern matches (`**`: any depth, not through linked directories). Like the
    shell, wildcards do not match hidden names unless the pattern names a hidden one."""
    parts = Path(pattern).parts
    first = next((k for k, part in enumerate(parts) if has_magic(part)), len(parts))
    base = Path(*parts[:first]) if first else Path(".")
    rest = [part if part == "**" else part.replace("**", "*") for part in parts[first:]]  # as glob.glob reads them
    if not rest:
        return [pattern] if Path(pattern).is_file() else []
    try:
        found = list(base.glob("/".join(rest)))
    except (ValueError, OSError) as exc:
        raise AuditError(f"{pattern}: not a usable pattern ({exc})") from None
    show_hidden = any(part.startswith(".") for part in rest)
    return [str(f) for f in found
            if f.is_file() and (show_hidden or not any(p.startswith(".") for p in f.relative_to(base).parts))
            and not is_report_of_ours(f)]


def _through_a_link(path: str) -> bool:
    """Whether `path` or one of its directories is a symbolic link."""
    parts = Path(path).parts
    return any(Path(*parts[:k]).is_symlink() for k in range(1, len(parts) + 1))


def each_file_once(paths: Iterable[str]) -> list[str]:
    """`paths` sorted, with every real file kept once (by its resolved path): under a name that goes
    through no symbolic link when it has one, else its first name in sorted order."""
    chosen: dict[str, str] = {}
    for path in sorted(set(paths), key=lambda p: (_through_a_link(p), p)):
        chosen.setdefault(os.path.realpath(path), path)
    return sorted(chosen.values())
