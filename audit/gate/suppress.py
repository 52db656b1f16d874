"""Accepting findings once: a baseline of fingerprints, and an ignore file of rules and phrases."""

from __future__ import annotations

import fnmatch
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from audit.lazy import pandas as pd

from audit.version import __version__
from audit.errors import AuditError
from audit.inputs.readers import read_toml
from audit.report.writers import write_atomically

BASELINE_VERSION = 2  # 2: each fingerprint records how many times it was accepted (`count`)


class Baseline:
    """Accepted findings: how many times each fingerprint was accepted. Suppressing a finding uses one
    acceptance up, so a baseline that accepted a finding once accepts one copy of it, not every copy: a
    run uses a fresh Baseline (each `load_baseline` is one)."""

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = dict(counts)
        self.left = Counter(self.counts)

    def __bool__(self) -> bool:
        return bool(self.counts)

    def fresh(self) -> "Baseline":
        """The same acceptances, none used yet."""
        return Baseline(self.counts)

    def take(self, fingerprint: str) -> bool:
        """Use one acceptance of `fingerprint` up; False when there is none left."""
        if self.left[fingerprint] <= 0:
            return False
        self.left[fingerprint] -= 1
        return True

    def used(self) -> dict[str, int]:
        """How many acceptances of each fingerprint were used."""
        return {fp: n - self.left[fp] for fp, n in self.counts.items() if n > self.left[fp]}


def write_baseline(findings: pd.DataFrame, path: Path, overwrite: bool = False) -> None:
    """Record the findings' fingerprints as accepted, with how many times each occurs (atomically),
    replacing only an audit baseline unless `overwrite` is on."""
    if not overwrite:
        refuse_foreign_baseline(path)
    accepted: dict[str, dict] = {}
    for fp, rule, phrase, file, line in zip(findings["fingerprint"], findings["rule"], findings["phrase"],
                                            findings["file"], findings["line"]):
        entry = accepted.setdefault(fp, {"rule": rule, "phrase": phrase, "file": file, "line": int(line), "count": 0})
        entry["count"] += 1
    data = {"tool": "audit", "version": __version__, "baseline_version": BASELINE_VERSION,
            "findings": dict(sorted(accepted.items()))}
    write_atomically({path: json.dumps(data, indent=2, ensure_ascii=False) + "\n"})


def is_baseline_file(path: Path) -> bool:
    """A baseline `audit baseline` wrote (and perhaps a person edited since): a JSON object from the tool
    `audit` with a baseline version and its accepted findings."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (isinstance(data, dict) and data.get("tool") == "audit" and "baseline_version" in data
            and isinstance(data.get("findings"), dict))


def refuse_foreign_baseline(path: Path) -> None:
    """One line, exit 2: `path` holds a file that is not an audit baseline (`--overwrite` to replace it)."""
    from audit.report.outputs import refuse_foreign_file

    refuse_foreign_file(path, is_baseline_file, "an audit baseline")


def load_baseline(path: str | Path) -> Baseline:
    """A baseline file's acceptances; an entry without `count` (files written before counts) counts 1."""
    path = Path(path)
    if not path.is_file():
        raise AuditError(f"{path}: no such baseline file (make one with `audit baseline`)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["findings"]
        if not isinstance(entries, dict):
            raise TypeError("findings is not an object")
    except (ValueError, KeyError, TypeError) as exc:
        raise AuditError(f"{path}: not an audit baseline ({' '.join(str(exc).split())})") from None
    return Baseline({str(fp): _count(entry, fp, path) for fp, entry in entries.items()})


def _count(entry: object, fingerprint: str, path: Path) -> int:
    count = entry.get("count", 1) if isinstance(entry, dict) else None
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise AuditError(f"{path}: finding {fingerprint[:40]!r}: count must be a whole number of at least 1, "
                         f"not {json.dumps(count)[:40]}")
    return count


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
    return ignore_entries(data.get("ignore", []), str(path))


def ignore_entries(items: object, origin: str) -> list[IgnoreEntry]:
    """[[ignore]] tables (an ignore file's, or the configuration's) as entries; one-line errors."""
    if not isinstance(items, list):
        raise AuditError(f"{origin}: ignore must be a list of [[ignore]] tables")
    entries = []
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict) or set(item) - {"rule", "phrase", "file"} or not (item.get("rule") or item.get("phrase")) \
                or not all(isinstance(v, str) for v in item.values()):
            raise AuditError(f"{origin}: ignore entry {number} needs rule and/or phrase (and optionally file) only, as text")
        entries.append(IgnoreEntry(item.get("rule"), item.get("phrase"), item.get("file")))
    return entries


def suppress(findings: pd.DataFrame, baseline: Baseline | None = None,
             ignore: list[IgnoreEntry] | None = None) -> tuple[pd.DataFrame, int]:
    """Findings that are neither ignored nor accepted by the baseline, and how many were suppressed. Each
    accepted finding uses one of its fingerprint's acceptances up (in report order)."""
    keep = []
    for fp, rule, phrase, file in zip(findings["fingerprint"], findings["rule"], findings["phrase"], findings["file"]):
        ignored = any(entry.matches(rule, phrase, file) for entry in ignore or [])
        keep.append(not (ignored or (baseline is not None and baseline.take(fp))))
    mask = pd.Series(keep, index=findings.index, dtype=bool)
    return findings.loc[mask].reset_index(drop=True), int((~mask).sum())
