"""Where the data the auditor ships lives (lexicons, boilerplate lists) and how it is read."""

from __future__ import annotations

import csv
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


def data_files(subdir: str, pattern: str = "*.tsv") -> list[Path]:
    """The data files in one corpora subdirectory, in name order."""
    return sorted((corpora_dir() / subdir).glob(pattern))


USER_LEXICONS_ENV = "AUDIT_LEXICONS"  # os.pathsep-separated user lexicon files; worker processes inherit it


def user_lexicon_paths() -> tuple[str, ...]:
    """The user lexicon files in force (`--lexicon`, `lexicons = [...]` in the configuration, or the
    AUDIT_LEXICONS environment variable)."""
    return tuple(p for p in os.environ.get(USER_LEXICONS_ENV, "").split(os.pathsep) if p)


def data_fingerprint() -> bytes:
    """The bytes of every shipped lexicon and list, and of the user lexicons in force, for the rule-set
    hash (a report made with other lexicons is made by another rule set)."""
    parts = []
    for sub in ("lexicons", "boilerplate"):
        for path in data_files(sub):
            parts.append(path.name.encode() + b"\0" + path.read_bytes())
    for name in user_lexicon_paths():
        parts.append(b"user:" + Path(name).name.encode() + b"\0" + Path(name).read_bytes())
    return b"\0".join(parts)
