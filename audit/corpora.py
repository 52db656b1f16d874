"""Where the data the auditor ships lives (corpora/, organised by kind: see corpora/README.md), how it is
read, and its fingerprint for the report's signature."""

from __future__ import annotations

import csv
import hashlib
import os
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def corpora_dir() -> Path:
    """`corpora/` beside the package in a checkout, or `audit/corpora/` inside an installed wheel."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "corpora", here.parent / "corpora"):
        if (candidate / "lexicons").is_dir():
            return candidate
    raise FileNotFoundError("the audit corpora directory is missing from this installation")


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a UTF-8 TSV with a header; lines starting with '#' are comments."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [{k: (v or "").strip() for k, v in row.items()} for row in reader]


def word_rows(name: str, list_name: str | None = None) -> list[dict[str, str]]:
    """Rows of the per-language word list `words/<name>` (one row per word); with `list_name`, only the rows
    whose `lists` column names it (function words and negations serve several readers from one file)."""
    rows = read_tsv(corpora_dir() / "words" / name)
    return rows if list_name is None else [r for r in rows if list_name in r["lists"].split()]


def word_classes(name: str, lang: str | None) -> dict[str, set[str]]:
    """The words of one language in the word list `words/<name>`, by their `class` column."""
    classes: dict[str, set[str]] = {}
    for row in word_rows(name):
        if row["lang"] == lang:
            classes.setdefault(row["class"], set()).add(row["word"])
    return classes


def data_files(subdir: str, pattern: str = "*.tsv") -> list[Path]:
    """The data files in one corpora subdirectory, in name order."""
    return sorted((corpora_dir() / subdir).glob(pattern))


USER_LEXICONS_ENV = "AUDIT_LEXICONS"  # os.pathsep-separated user lexicon files; worker processes inherit it


def user_lexicon_paths() -> tuple[str, ...]:
    """The user lexicon files in force (`--lexicon`, `lexicons = [...]` in the configuration, or the
    AUDIT_LEXICONS environment variable)."""
    return tuple(p for p in os.environ.get(USER_LEXICONS_ENV, "").split(os.pathsep) if p)


RUNTIME_SUFFIXES = (".tsv", ".toml", ".txt")  # the data formats the auditor reads; notes and scripts are not data
NOT_SHIPPED = ("eval",)  # evaluation corpora and test texts: in the repository only, never in the wheel


def runtime_data_files(root: Path | None = None) -> tuple[Path, ...]:
    """Every data file under `root` (the corpora directory) the auditor may read at run time, in the order
    of their relative paths: what the wheel ships and the signature hashes."""
    root = corpora_dir() if root is None else root
    files = (p for p in root.rglob("*") if p.is_file() and p.suffix in RUNTIME_SUFFIXES)
    shipped = (p for p in files if p.relative_to(root).parts[0] not in NOT_SHIPPED)
    return tuple(sorted(shipped, key=lambda p: p.relative_to(root).as_posix()))


def tree_digest(root: Path, paths: tuple[Path, ...]) -> bytes:
    """SHA-256 over each file's path relative to `root` and its bytes, in the given order."""
    digest = hashlib.sha256()
    for path in paths:
        data = path.read_bytes()
        digest.update(f"{path.relative_to(root).as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.digest()


@lru_cache(maxsize=4)
def shipped_data_digest(root: Path) -> bytes:
    """The digest of every run-time data file under `root`, computed once per process (~10 ms)."""
    return tree_digest(root, runtime_data_files(root))


def data_fingerprint() -> bytes:
    """The digest of every shipped data file the detectors read and the bytes of the user lexicons in force,
    for the rule-set hash (a report made with other data is made by another rule set). User lexicons are
    read on each call: they are small, and a process may change them between runs."""
    parts = [shipped_data_digest(corpora_dir())]
    for name in user_lexicon_paths():
        parts.append(b"user:" + Path(name).name.encode() + b"\0" + Path(name).read_bytes())
    return b"\0".join(parts)
