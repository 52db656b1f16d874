"""Report writers: the findings table as CSV or JSONL, a `.meta.json` signature beside it, written atomically."""

from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pandas as pd

from audit.errors import AuditError
from audit.findings import COLUMNS, coerce, empty_findings

FORMATS = {"csv": ".csv", "jsonl": ".jsonl"}


def default_report_path(target: str, fmt: str = "csv", directory: str | Path = "reports") -> Path:
    """`reports/<target-stem>.audit.<ext>`, or `reports/stdin.audit.<ext>` for standard input."""
    stem = "stdin" if target == "-" else Path(target).stem
    return Path(directory) / f"{stem}.audit{FORMATS[fmt]}"


def meta_path(report: Path) -> Path:
    """Where the signature and counts of a report live: `<report>.meta.json`."""
    return report.with_name(report.name + ".meta.json")


def findings_to_text(findings: pd.DataFrame, fmt: str) -> str:
    """Serialize a findings table: CSV with a header (even when empty), or one JSON object per line."""
    findings = coerce(findings)
    if fmt == "csv":
        return findings.to_csv(index=False, lineterminator="\n")
    if fmt == "jsonl":
        records = findings.to_dict(orient="records")
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    raise AuditError(f"unknown report format {fmt!r} (choose from {', '.join(FORMATS)})")


def read_report(path: str | Path) -> pd.DataFrame:
    """Read a CSV or JSONL report back into a typed findings table."""
    path = Path(path)
    if not path.exists():
        raise AuditError(f"{path}: no such report")
    if path.suffix == ".jsonl":
        frame = pd.read_json(path, lines=True, dtype=False) if path.stat().st_size else empty_findings()
    else:
        frame = pd.read_csv(path, keep_default_na=False, dtype={c: str for c, t in COLUMNS.items() if t == "object"})
    return coerce(frame)


@contextmanager
def _temporary_beside(path: Path) -> Iterator[Path]:
    """A temporary file in the destination's directory (so the final rename is atomic), removed on failure."""
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
    finally:
        if temp.exists():
            temp.unlink()


def write_atomically(files: dict[Path, str]) -> None:
    """Write every file to a temporary beside it, then rename them all into place.

    A failure before the renames leaves every previous file untouched and no partial file behind.
    """
    for path in files:
        if path.is_dir():
            raise AuditError(f"{path}: is a directory; give a file name for the report")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise AuditError(f"{path}: cannot create the report's directory ({exc.strerror or exc})") from None
    try:
        with _stack_of_temporaries(list(files)) as temps:
            for (path, text), temp in zip(files.items(), temps):
                temp.write_text(text, encoding="utf-8")
            for path, temp in zip(files, temps):
                os.replace(temp, path)
    except OSError as exc:
        raise AuditError(f"cannot write the report: {exc.filename or ''}: {exc.strerror or exc}") from None


@contextmanager
def _stack_of_temporaries(paths: list[Path]) -> Iterator[list[Path]]:
    if not paths:
        yield []
        return
    with _temporary_beside(paths[0]) as first, _stack_of_temporaries(paths[1:]) as rest:
        yield [first, *rest]


def write_report(findings: pd.DataFrame, path: Path, fmt: str, meta: dict) -> None:
    """Write the findings and their `.meta.json` atomically."""
    write_atomically({
        meta_path(path): json.dumps(meta, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
        path: findings_to_text(findings, fmt),
    })
