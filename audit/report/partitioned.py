"""Partitioned reports: a directory of parts and `_summary.json`, read back in order, replaced whole."""

from __future__ import annotations

from pathlib import Path

from audit.lazy import pandas as pd


SUMMARY = "_summary.json"


def part_name(index: int, fmt: str) -> str:
    return f"part-{index:05d}.{fmt}"


def read_parts(directory: Path) -> pd.DataFrame:
    """A partitioned report's findings: its parts in order, as one typed table."""
    from audit.findings import coerce, empty_findings
    from audit.report.writers import read_report

    parts = sorted(p for p in directory.iterdir() if p.name.startswith("part-"))
    frames = [read_report(p) for p in parts]
    return coerce(pd.concat(frames, ignore_index=True)) if frames else empty_findings()


def replace_directory(new: Path, old: Path) -> None:
    """Put directory `new` where `old` is: the previous one is moved aside first (to a fresh name, so no
    other directory is ever removed) and removed after, so a reader sees either the whole previous report
    or the whole new one. The caller has checked that `old` is a previous partitioned report."""
    import os
    import secrets
    import shutil

    if not old.exists():
        os.replace(new, old)
        return
    aside = old.with_name(f".{old.name}.{secrets.token_hex(6)}.previous.tmp")
    os.replace(old, aside)
    try:
        os.replace(new, old)
    except OSError:
        os.replace(aside, old)  # put the previous report back
        raise
    shutil.rmtree(aside, ignore_errors=True)
