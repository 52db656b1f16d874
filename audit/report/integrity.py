"""Report integrity: what a report was made from and what it holds, recorded in its meta file and verified
by `audit gate --report`.

The meta file (`<report>.meta.json`, or a partitioned report's `_summary.json`) records
- `inputs`: each input file (targets, --src, --ref, --ref-doc, --baseline, --ignore) with its size and
  sha256, so a report left by an earlier run is recognised as stale once its inputs have changed;
- `report`: the report file's size and sha256 and its rows overall and per severity (for a partitioned
  report, the same per part), so a report cut short, edited, or missing a part is refused.

No timestamps: the same inputs give the same meta file.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from pathlib import Path
from typing import Callable, Iterable

from audit.errors import AuditError

STDIN_NAMES = ("-", "<stdin>")
SEVERITY_ORDER = ("critical", "major", "minor")
INPUT_ROLES = (("source", "source"), ("reference", "reference"), ("ref_doc", "ref_doc"),
               ("baseline", "baseline"), ("ignore", "ignore"))

_digests: dict[tuple, tuple[int, str]] = {}  # (path, device, inode, size, mtime) → (size, sha256)


def digest_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: str | Path) -> tuple[int, str]:
    """A file's size and sha256, read a megabyte at a time (remembered while the file is unchanged)."""
    stat = os.stat(path)
    key = (str(path), stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
    if key not in _digests:
        digest, size = hashlib.sha256(), 0
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
                size += len(chunk)
        _digests[key] = (size, digest.hexdigest())
    return _digests[key]


def identity(role: str, path: str) -> dict:
    """One input's identity: role, path as given, size and sha256 (none for standard input)."""
    if path in STDIN_NAMES:
        return {"role": role, "path": "<stdin>", "size": None, "sha256": None}
    try:
        size, sha256 = file_digest(path)
    except OSError:
        return {"role": role, "path": path, "size": None, "sha256": None}
    return {"role": role, "path": path, "size": size, "sha256": sha256}


def input_identities(targets: Iterable[str], options: dict) -> list[dict]:
    """Every input file of a run, targets first, then the side files its options name."""
    found = [identity("target", t) for t in targets]
    for role, key in INPUT_ROLES:
        value = options.get(key)
        for path in (value if isinstance(value, list) else [value] if value else []):
            found.append(identity(role, path))
    return found


def severity_counts(severities: Iterable[str]) -> dict[str, int]:
    counts = Counter(severities)
    return {s: int(counts.get(s, 0)) for s in SEVERITY_ORDER}


def content_identity(data: bytes, rows: int, by_severity: dict[str, int]) -> dict:
    """A report file's identity: size, sha256, rows overall and per severity."""
    return {"bytes": len(data), "sha256": digest_bytes(data), "rows": int(rows),
            "by_severity": {s: int(by_severity.get(s, 0)) for s in SEVERITY_ORDER}}


def with_report_identity(meta: dict, data: bytes | str, severities: Iterable[str]) -> dict:
    """The meta file with the identity of the report whose bytes are `data` and rows' severities given."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    counts = severity_counts(severities)
    return {**meta, "report": content_identity(data, sum(counts.values()), counts)}


def with_file_identity(meta: dict, path: Path) -> dict:
    """The meta file with the identity of the report written to `path`; its rows are the meta's counts
    (a streamed run counts exactly the rows it writes)."""
    counts = meta.get("counts", {})
    by_severity = {s: int(counts.get("by_severity", {}).get(s, 0)) for s in SEVERITY_ORDER}
    return {**meta, "report": content_identity(path.read_bytes(), int(counts.get("findings", 0)), by_severity)}


# --- verification -------------------------------------------------------------------------------------

def _refuse(report: Path, what: str) -> AuditError:
    return AuditError(f"{report}: refused — {what}")


def _recorded(meta: dict, report: Path) -> dict:
    recorded = meta.get("report")
    if not isinstance(recorded, dict) or not isinstance(recorded.get("rows"), int):
        raise _refuse(report, "its meta file records no digest of the report (written by an older audit or by "
                              "hand); run `audit check` again")
    return recorded


def _check_content(path: Path, recorded: dict, report: Path) -> None:
    """The bytes of one report file (or part) against its recorded size and digest."""
    if not path.is_file():
        raise _refuse(report, f"{path.name} is missing (the meta file records it)")
    size, sha256 = file_digest(path)
    if size != recorded.get("bytes") or sha256 != recorded.get("sha256"):
        raise _refuse(report, f"{path.name} does not match the digest its meta file records "
                              f"({size} bytes, {recorded.get('bytes')} recorded): cut short or changed since written")


def _check_rows(findings, recorded: dict, what: str, report: Path) -> None:
    rows = len(findings)
    by_severity = severity_counts(findings["severity"])
    wanted = recorded.get("by_severity", {})
    if rows != recorded.get("rows") or any(by_severity[s] != wanted.get(s, 0) for s in SEVERITY_ORDER):
        shown = ", ".join(f"{wanted.get(s, 0)} {s}" for s in SEVERITY_ORDER)
        raise _refuse(report, f"{what} holds {rows} rows, its meta file records {recorded.get('rows')} ({shown})")


def _check_counts(meta: dict, recorded: dict, report: Path) -> None:
    """The counts the summary shows must be the rows the report holds."""
    counts = meta.get("counts", {})
    by_severity = counts.get("by_severity", {}) if isinstance(counts.get("by_severity"), dict) else {}
    if counts.get("findings") != recorded["rows"] or any(
            by_severity.get(s, 0) != recorded.get("by_severity", {}).get(s, 0) for s in SEVERITY_ORDER):
        raise _refuse(report, "the meta file's counts do not match the rows it records for the report")


def verify_report_file(report: Path, meta: dict, findings) -> None:
    """A single-file report: digest, rows and severities as its meta file records."""
    recorded = _recorded(meta, report)
    _check_counts(meta, recorded, report)
    _check_rows(findings, recorded, "the report", report)
    _check_content(report, recorded, report)


def verify_parts(report: Path, meta: dict) -> None:
    """A partitioned report: every recorded part present and matching, and no other part."""
    recorded = _recorded(meta, report)
    _check_counts(meta, recorded, report)
    parts = meta.get("parts")
    if not isinstance(parts, list) or not all(isinstance(p, dict) and isinstance(p.get("part"), str) for p in parts):
        raise _refuse(report, "its summary records no parts")
    names = [p["part"] for p in parts]
    extra = sorted(p.name for p in report.iterdir() if p.name.startswith("part-") and p.name not in names)
    if extra:
        raise _refuse(report, f"{extra[0]} is not a part its summary records")
    if sum(int(p.get("rows", -1)) for p in parts) != recorded["rows"]:
        raise _refuse(report, "its parts' rows do not add up to the rows its summary records")
    for part in parts:
        if Path(part["part"]).name != part["part"] or not part["part"].startswith("part-"):
            raise _refuse(report, f"its summary names a part outside the report: {part['part']!r}")
        _check_content(report / part["part"], part, report)


def verify_report(report: Path, meta: dict, read: Callable[[Path], object]):
    """The report's findings (read with `read`), once its digests, parts and rows match its meta file."""
    recorded = _recorded(meta, report)
    if report.is_dir():
        verify_parts(report, meta)
        for part in meta["parts"]:
            _check_rows(read(report / part["part"]), part, part["part"], report)
        findings = read(report)
        _check_rows(findings, recorded, "the report", report)
        return findings
    findings = read(report)
    verify_report_file(report, meta, findings)
    return findings


def verify_inputs(meta: dict, report: Path) -> list[str]:
    """Re-hash the recorded inputs that exist here: any that changed makes the report stale (refused).
    Returns the recorded inputs not found here (not verified)."""
    inputs = meta.get("inputs")
    if not isinstance(inputs, list):
        raise _refuse(report, "its meta file records no inputs (written by an older audit); run `audit check` again")
    absent = []
    for entry in inputs:
        if not isinstance(entry, dict) or not entry.get("sha256"):
            continue  # standard input: nothing to compare
        path = str(entry.get("path"))
        if not Path(path).is_file():
            absent.append(path)
            continue
        if file_digest(path) != (entry.get("size"), entry.get("sha256")):
            raise _refuse(report, f"stale: {path} ({entry.get('role')}) changed since the report was written; "
                                  "run `audit check` again")
    return absent


def recorded_inputs(meta: dict, role: str) -> list[dict]:
    return [e for e in meta.get("inputs", []) if isinstance(e, dict) and e.get("role") == role]


def verify_targets(meta: dict, report: Path, targets: list[str]) -> None:
    """The given target files must be, by content, the targets the report was made from."""
    recorded = Counter(e.get("sha256") for e in recorded_inputs(meta, "target"))
    given = Counter()
    for target in targets:
        if target in STDIN_NAMES:
            raise _refuse(report, "standard input cannot be compared with a report; give the file")
        try:
            _, sha256 = file_digest(target)
        except OSError as exc:
            raise AuditError(f"{target}: cannot read ({exc.strerror or exc})") from None
        if recorded[sha256] <= given[sha256]:
            raise _refuse(report, f"{target} is not an input it was made from (its content differs)")
        given[sha256] += 1
    if sum(given.values()) != sum(recorded.values()):
        raise _refuse(report, f"it was made from {sum(recorded.values())} target file(s), not {len(targets)}")
