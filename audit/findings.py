"""The findings table: its typed schema, construction from Finding records, merging and sorting.

Schema (columns in this order):

=========== ======= ==========================================================================
column      dtype   meaning
=========== ======= ==========================================================================
file        str     input the segment came from ("<memory>" for the Python API)
line        int64   1-based index of the segment in its input (a plain-text file's line number)
start       int64   0-based character offset of the phrase in the segment's target text
end         int64   end offset (exclusive): ``target[start:end] == phrase``
phrase      str     the suspect phrase
rule        str     stable rule code(s); several rules on one span are joined with "+"
category    str     MQM path, e.g. ``accuracy/mistranslation``
severity    str     ``minor``, ``major`` or ``critical``
suggestion  str     what to write instead ("" when there is nothing specific)
evidence    str     why the phrase is suspect (lexicon entry, source word, score ...)
confidence  float64 0-1
id          str     (extra) the unit id of a structured input (XLIFF, TMX, PO, TSV ...); the line number
                    for plain text
fingerprint str     (extra) stable identity of the finding for baselines: rule + phrase + the
                    normalised text around it, so it survives lines inserted above
=========== ======= ==========================================================================
"""

from __future__ import annotations

from dataclasses import astuple, dataclass, replace
from typing import Iterable

from audit.lazy import pandas as pd

from audit.rules import REFERENCE_PREFIX, SEVERITY_RANK

COLUMNS: dict[str, str] = {
    "file": "object",
    "line": "int64",
    "start": "int64",
    "end": "int64",
    "phrase": "object",
    "rule": "object",
    "category": "object",
    "severity": "object",
    "suggestion": "object",
    "evidence": "object",
    "confidence": "float64",
    # extra columns follow the documented eleven
    "id": "object",
    "fingerprint": "object",
}
SORT_KEYS = ["file", "line", "start", "end", "rule"]


@dataclass(frozen=True)
class Finding:
    """One suspect phrase in one segment."""

    file: str
    line: int
    start: int
    end: int
    phrase: str
    rule: str
    category: str
    severity: str
    suggestion: str
    evidence: str
    confidence: float


def empty_findings() -> pd.DataFrame:
    """A findings table with the schema and no rows."""
    return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in COLUMNS.items()})


def to_frame(findings: Iterable[Finding]) -> pd.DataFrame:
    """Build a typed findings table from records."""
    rows = [astuple(f) + ("", "") for f in findings]
    if not rows:
        return empty_findings()
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    return coerce(frame)


def coerce(frame: pd.DataFrame) -> pd.DataFrame:
    """Give a findings table exactly the schema's columns, order and dtypes."""
    frame = frame.copy()
    for extra in ("id", "fingerprint"):
        if extra not in frame.columns:
            frame[extra] = ""  # reports written before the column existed
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"findings table lacks columns: {', '.join(missing)}")
    out = frame[list(COLUMNS)].copy()
    for name, dtype in COLUMNS.items():
        if dtype == "object":
            out[name] = out[name].fillna("").astype(str).astype(object)
        else:
            out[name] = out[name].astype(dtype)
    return out


def fingerprint(rule: str, phrase: str, text: str, start: int, end: int, width: int = 30) -> str:
    """A finding's identity that survives line shifts: rule, phrase and the normalised text around it."""
    import hashlib
    import re

    def norm(part: str) -> str:
        return re.sub(r"\s+", " ", part.casefold()).strip()

    context = norm(text[max(0, start - width):start]) + "\x00" + norm(text[end:end + width])
    return hashlib.sha1("\x00".join((rule, norm(phrase), context)).encode()).hexdigest()[:16]


def add_fingerprints(findings: pd.DataFrame, segments: pd.DataFrame) -> pd.DataFrame:
    """Fill the id and fingerprint columns from the segments table the findings came from."""
    texts = {(f, l): t for f, l, t in zip(segments["file"], segments["line"], segments["target"])}
    id_column = segments["id"] if "id" in segments.columns else segments["line"]
    ids = {(f, l): str(i) for f, l, i in zip(segments["file"], segments["line"], id_column)}
    return add_fingerprints_from(findings, texts, ids)


def add_fingerprints_from(findings: pd.DataFrame, texts: dict[tuple[str, int], str],
                          ids: dict[tuple[str, int], str] | None = None) -> pd.DataFrame:
    """Fill the id (the line number when `ids` lacks it) and fingerprint columns from the segments' texts."""
    ids = ids or {}
    out = findings.copy()
    out["id"] = [ids.get((f, l), str(l)) for f, l in zip(findings["file"], findings["line"])]
    out["fingerprint"] = [
        fingerprint(r.rule, r.phrase, texts.get((r.file, r.line), ""), int(r.start), int(r.end))
        for r in findings.itertuples()
    ]
    return out


TEXT_COLUMNS = tuple(name for name, dtype in COLUMNS.items() if dtype == "object")


@dataclass(frozen=True)
class FindingRows:
    """Finished findings as plain tuples in the schema's column order, typed as `coerce` types them: what a
    streamed report part is written from without building a table (nor importing pandas)."""

    rows: list[tuple]

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> list:
        at = list(COLUMNS).index(name)
        return [row[at] for row in self.rows]

    def frame(self) -> pd.DataFrame:
        """The same findings as a typed table."""
        return coerce(pd.DataFrame(self.rows, columns=list(COLUMNS))) if self.rows else empty_findings()


def finding_rows(findings: Iterable[Finding], texts: dict[tuple[str, int], str],
                 ids: dict[tuple[str, int], str] | None = None) -> FindingRows:
    """`add_fingerprints_from(to_frame(findings), texts, ids)` as plain rows (the findings already merged)."""
    ids = ids or {}
    rows = []
    for f in findings:
        start, end = int(f.start), int(f.end)
        text = lambda value: "" if value is None else str(value)  # noqa: E731 - coerce's fillna("").astype(str)
        rows.append((text(f.file), int(f.line), start, end, text(f.phrase), text(f.rule), text(f.category),
                     text(f.severity), text(f.suggestion), text(f.evidence), float(f.confidence),
                     ids.get((f.file, f.line), str(f.line)),
                     fingerprint(f.rule, f.phrase, texts.get((f.file, f.line), ""), start, end)))
    return FindingRows(rows)


def _merge_group(group: list[Finding]) -> Finding:
    """Merge findings on the same span: the highest severity and its category win; rules and evidence join."""
    ranked = sorted(group, key=lambda f: (-SEVERITY_RANK[f.severity], -f.confidence, f.rule))
    best = ranked[0]
    rules = "+".join(dict.fromkeys(r for f in sorted(group, key=lambda f: f.rule) for r in f.rule.split("+")))
    evidence = " | ".join(dict.fromkeys(f.evidence for f in ranked if f.evidence))
    suggestion = next((f.suggestion for f in ranked if f.suggestion), "")
    # Independent signals on one span make it more likely to be a real error.
    miss = 1.0
    for f in group:
        miss *= 1.0 - f.confidence
    confidence = round(1.0 - miss, 3)
    return Finding(best.file, best.line, best.start, best.end, best.phrase, rules, best.category,
                   best.severity, suggestion, evidence, confidence)


def merge_findings(findings: Iterable[Finding], agreeing: str = REFERENCE_PREFIX) -> list[Finding]:
    """One finding per (file, line, start, end), sorted by file, line and start.

    A finding of a rule starting with `agreeing` (the reference family) that overlaps another rule's
    finding on the same segment, overlapping at least half of it, is folded into it: the same phrase found two
    independent ways is one row with both pieces of evidence and a higher confidence, on the other rule's
    (narrower) span.
    """
    groups: dict[tuple[str, int, int, int], list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.file, f.line, f.start, f.end), []).append(f)
    order = lambda f: (f.file, f.line, f.start, f.end, f.rule)  # noqa: E731
    merged = sorted((_merge_group(g) if len(g) > 1 else g[0] for g in groups.values()), key=order)
    return sorted(_fold_agreeing(merged, agreeing), key=order)  # the same whatever order findings came in


def _touches(a: Finding, b: Finding) -> bool:
    if a.start == a.end or b.start == b.end:
        return a.start <= b.end and b.start <= a.end
    return a.start < b.end and b.start < a.end


def _covers_half(host: Finding, f: Finding) -> bool:
    """Whether `host` overlaps at least half of `f`: the same phrase, not a word inside a sentence-wide
    finding (a shuffled sentence, RF005, keeps its own row beside a dropped word found in it)."""
    return f.start == f.end or 2 * (min(host.end, f.end) - max(host.start, f.start)) >= f.end - f.start


def _fold_agreeing(findings: list[Finding], prefix: str) -> list[Finding]:
    by_segment: dict[tuple[str, int], list[Finding]] = {}
    for f in findings:
        by_segment.setdefault((f.file, f.line), []).append(f)
    out: list[Finding] = []
    for group in by_segment.values():
        others = [f for f in group if not f.rule.startswith(prefix)]
        for f in group:
            if not f.rule.startswith(prefix):
                continue
            host = next((o for o in others if _touches(o, f) and _covers_half(o, f)), None)
            if host is None:
                out.append(f)
                continue
            folded = _merge_group([host, replace(f, start=host.start, end=host.end, phrase=host.phrase)])
            others[others.index(host)] = replace(folded, suggestion=host.suggestion or f.suggestion)
        out.extend(others)
    return out
