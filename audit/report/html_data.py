"""The review page's data: every segment and finding once, as compact column arrays plus one table of
distinct strings, ready to embed in the page (see `audit.report.html`).

Strings are made visible first (control characters written as `\\x1b`, as in every other report) and
stored once each, one a line in a raw-text <script> (with "<" written as U+E000); the arrays hold their indices. Offsets are moved onto the visible text and counted in
UTF-16 code units, as the page's script counts them. The few strings that `visible` changed are also kept
as they were (JSON-escaped), so the page exports the phrase and file `check` will compare against.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field

from audit.lazy import pandas as pd

from audit.report.outputs import INVISIBLE, visible
from audit.rules import SEVERITIES

# Stands for "<" in the page's string table (a raw-text <script> element: no "</script>" or "<!--" can
# form inside it, and the browser reads raw text twice as fast as escaped HTML); in the text itself it is
# shown as the escape "\ue000", like the characters `visible` escapes.
LESS_THAN = "\ue000"
SEVERITY_CODE = {name: number for number, name in enumerate(SEVERITIES)}  # minor 0, major 1, critical 2
SCORE_METRICS = ("bleu", "chrf", "ter")
SEGMENT_FIELDS = ("file", "line", "id", "target", "source", "reference", "src_lang", "tgt_lang")
FINDING_FIELDS = ("segment", "file", "line", "start", "end", "phrase", "rule", "category", "severity",
                  "suggestion", "evidence", "confidence", "fingerprint", "id")


@dataclass
class StringTable:
    """Distinct strings by first use; index 0 is the empty string (also standing for "none")."""

    strings: list[str] = field(default_factory=lambda: [""])
    index: dict[str, int] = field(default_factory=lambda: {"": 0})
    raw: dict[int, str] = field(default_factory=dict)

    def add(self, value: object) -> int:
        """The index of a value's visible text (0 for None, NaN and the empty string)."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return 0
        text = str(value)
        number = self.index.get(text)
        if number is None:
            number = self.index[text] = len(self.strings)
            shown = shown_text(text)
            self.strings.append(shown)
            if shown != text:
                self.raw[number] = text
        return number

    def as_script_text(self) -> str:
        """One visible string per line (visible text holds no newline), "<" written as LESS_THAN."""
        return "\n".join(self.strings).replace("<", LESS_THAN)


def shown_text(text: str) -> str:
    """The text as the page shows it: `visible`, and U+E000 (the page's stand-in for "<") as an escape."""
    return visible(text).replace(LESS_THAN, "\\ue000")


def utf16_offset(text: str, offset: int) -> int:
    """Where `offset` (in code points) falls in `shown_text(text)`, counted in UTF-16 code units."""
    prefix = text[:offset]
    if INVISIBLE.search(prefix) or LESS_THAN in prefix:
        prefix = shown_text(prefix)
    if prefix.isascii():
        return len(prefix)
    return len(prefix.encode("utf-16-le")) // 2


def _score(value: object) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else round(number, 2)


def _blank(value: object) -> bool:
    return not isinstance(value, str) or not value.strip()


def _score_lookup(scores: pd.DataFrame | None) -> dict[tuple[str, int], list]:
    if scores is None or scores.empty:
        return {}
    columns = [scores[m] if m in scores else [None] * len(scores) for m in SCORE_METRICS]
    return {(str(f), int(l)): [_score(v) for v in values]
            for f, l, *values in zip(scores["file"], scores["line"], *columns)}


def _segment_rows(segments: pd.DataFrame | None, keep: set[tuple[str, int]]) -> list[dict]:
    """The segments worth a row: any text (target, source or reference) or a finding."""
    if segments is None or segments.empty:
        return []
    rows = []
    columns = {name: segments[name] if name in segments else [None] * len(segments) for name in SEGMENT_FIELDS}
    for values in zip(*columns.values()):
        row = dict(zip(SEGMENT_FIELDS, values))
        key = (str(row["file"]), int(row["line"]))
        if key in keep or not (_blank(row["target"]) and _blank(row["source"]) and _blank(row["reference"])):
            rows.append(row)
    return rows


def build_page_data(findings: pd.DataFrame, segments: pd.DataFrame | None, meta: dict,
                    scores: pd.DataFrame | None = None) -> tuple[dict, StringTable]:
    """The page's column arrays and string table."""
    strings = StringTable()
    keys = set(zip(findings["file"].astype(str), findings["line"].astype(int)))
    rows = _segment_rows(segments, keys)
    sentence = _score_lookup(scores)
    seg: dict[str, list] = {name: [] for name in (*SEGMENT_FIELDS, *SCORE_METRICS)}
    where: dict[tuple[str, int], int] = {}
    texts: list[str] = []
    for number, row in enumerate(rows):
        key = (str(row["file"]), int(row["line"]))
        where.setdefault(key, number)
        texts.append(row["target"] if isinstance(row["target"], str) else "")
        for name in SEGMENT_FIELDS:
            seg[name].append(int(row[name]) if name == "line" else strings.add(row[name]))
        for metric, value in zip(SCORE_METRICS, sentence.get(key, (None, None, None))):
            seg[metric].append(value)
    found: dict[str, list] = {name: [] for name in FINDING_FIELDS}
    for row in findings.itertuples(index=False):
        number = where.get((str(row.file), int(row.line)), -1)
        text = texts[number] if number >= 0 else ""
        found["segment"].append(number)
        found["line"].append(int(row.line))
        found["start"].append(utf16_offset(text, int(row.start)))
        found["end"].append(utf16_offset(text, int(row.end)))
        found["severity"].append(SEVERITY_CODE.get(row.severity, 0))
        found["confidence"].append(round(float(row.confidence), 3))
        for name in ("file", "phrase", "rule", "category", "suggestion", "evidence", "fingerprint", "id"):
            found[name].append(strings.add(getattr(row, name, "")))
    if not any(value is not None for metric in SCORE_METRICS for value in seg[metric]):
        for metric in SCORE_METRICS:
            del seg[metric]
    data = {
        "version": meta.get("version", ""),
        "signature": strings.add(meta.get("signature", "")),
        "languages": {k: v for k, v in (meta.get("languages") or {}).items() if k in ("source", "target")},
        "counts": {k: v for k, v in (meta.get("counts") or {}).items() if isinstance(v, (int, float))},
        "corpus_scores": _corpus_scores(meta.get("scores") or {}),
        "severities": list(SEVERITIES),
        "segments": seg,
        "findings": found,
    }
    data["raw"] = {str(k): v for k, v in strings.raw.items()}
    return data, strings


def _corpus_scores(scores: dict) -> dict:
    """metric → {score, segments, signature} as numbers and visible text (the meta's `scores`)."""
    out = {}
    for metric, entry in scores.items():
        if isinstance(entry, dict):
            out[visible(metric)] = {"score": _score(entry.get("score")), "segments": entry.get("segments"),
                                    "signature": visible(entry.get("signature", ""))}
    return out


def script_json(data: dict) -> str:
    """JSON that can sit inside <script type="application/json">: ASCII only, and `<`, `>`, `&` escaped so
    no input text can close the element or open a comment (U+2028/2029 are escaped by ensure_ascii)."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page_key(data_json: str, strings_text: str) -> str:
    """The report's identity for the reviewer's decisions kept in the browser (localStorage)."""
    digest = hashlib.sha256(data_json.encode("utf-8"))
    digest.update(strings_text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:20]
