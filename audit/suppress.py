"""Accepting findings once: a baseline of fingerprints, and an ignore file of rules and phrases."""

from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass
from pathlib import Path

from audit.lazy import pandas as pd

from audit import __version__
from audit.errors import AuditError
from audit.readers import read_toml
from audit.report import write_atomically

BASELINE_VERSION = 1


def write_baseline(findings: pd.DataFrame, path: Path) -> None:
    """Record the findings' fingerprints as accepted (atomically)."""
    accepted = {
        fp: {"rule": rule, "phrase": phrase, "file": file, "line": int(line)}
        for fp, rule, phrase, file, line in zip(findings["fingerprint"], findings["rule"], findings["phrase"],
                                                findings["file"], findings["line"])
    }
    data = {"tool": "audit", "version": __version__, "baseline_version": BASELINE_VERSION,
            "findings": dict(sorted(accepted.items()))}
    write_atomically({path: json.dumps(data, indent=2, ensure_ascii=False) + "\n"})


def load_baseline(path: str | Path) -> set[str]:
    path = Path(path)
    if not path.is_file():
        raise AuditError(f"{path}: no such baseline file (make one with `audit baseline`)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return set(data["findings"])
    except (ValueError, KeyError, TypeError) as exc:
        raise AuditError(f"{path}: not an audit baseline ({exc})") from None


@dataclass(frozen=True)
class IgnoreEntry:
    """Suppress findings of a rule and/or with a phrase, everywhere or in files matching a glob."""

    rule: str | None = None
    phrase: str | None = None
    file: str | None = None

    def matches(self, rule: str, phrase: str, file: str) -> bool:
        if self.rule and self.rule.upper() not in rule.split("+"):
            return False
        if self.phrase is not None and self.phrase.casefold() != phrase.casefold():
            return False
        return not self.file or fnmatch.fnmatch(file, self.file) or fnmatch.fnmatch(Path(file).name, self.file)


def load_ignore(path: str | Path) -> list[IgnoreEntry]:
    """Read an ignore file: TOML with [[ignore]] tables holding rule, phrase and/or file."""
    path = Path(path)
    data = read_toml(path, "ignore file")
    entries = []
    for number, item in enumerate(data.get("ignore", []), 1):
        unknown = set(item) - {"rule", "phrase", "file"}
        if unknown or not (item.get("rule") or item.get("phrase")):
            raise AuditError(f"{path}: ignore entry {number} needs rule and/or phrase (and optionally file) only")
        entries.append(IgnoreEntry(item.get("rule"), item.get("phrase"), item.get("file")))
    return entries


def suppress(findings: pd.DataFrame, baseline: set[str] | None = None,
             ignore: list[IgnoreEntry] | None = None) -> tuple[pd.DataFrame, int]:
    """Findings that are neither in the baseline nor ignored, and how many were suppressed."""
    keep = []
    for fp, rule, phrase, file in zip(findings["fingerprint"], findings["rule"], findings["phrase"], findings["file"]):
        accepted = bool(baseline) and fp in baseline
        ignored = any(entry.matches(rule, phrase, file) for entry in ignore or [])
        keep.append(not (accepted or ignored))
    mask = pd.Series(keep, index=findings.index, dtype=bool)
    return findings.loc[mask].reset_index(drop=True), int((~mask).sum())
