"""Span-level evaluation of a findings table against gold error spans.

A gold span is *found* when a finding on its segment overlaps it by at least one character (a zero-width
gold span, an omission, is found by a finding that touches its position). A finding is *correct* when
it overlaps some gold span. Precision = correct findings / findings; recall = found gold spans / gold spans.

Gold files are JSONL, one span per line: {"file": ..., "line": 3, "start": 10, "end": 14,
"category": "accuracy/mistranslation", "phrase": "diet"}; "file" may be omitted to match on line only.
"""

from __future__ import annotations

import json
from pathlib import Path

from audit.lazy import pandas as pd

from audit.errors import AuditError

GOLD_COLUMNS = ["file", "line", "start", "end", "category", "phrase", "family"]


def load_gold(path: str | Path) -> pd.DataFrame:
    """Read a gold JSONL file; errors name the line."""
    path = Path(path)
    if not path.is_file():
        raise AuditError(f"{path}: no such gold file")
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            rows.append({
                "file": str(record.get("file", "")), "line": int(record["line"]),
                "start": int(record["start"]), "end": int(record["end"]),
                "category": str(record.get("category", "")), "phrase": str(record.get("phrase", "")),
                "family": str(record.get("family", "")),
            })
        except (ValueError, KeyError, TypeError) as exc:
            raise AuditError(f"{path}:{number}: not a gold span ({exc})") from None
    return pd.DataFrame(rows, columns=GOLD_COLUMNS)


def _overlaps(s1: int, e1: int, s2: int, e2: int) -> bool:
    if s1 == e1:
        return s2 <= s1 <= e2
    if s2 == e2:
        return s1 <= s2 <= e1
    return max(s1, s2) < min(e1, e2)


def match_spans(findings: pd.DataFrame, gold: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """(finding is correct, gold span is found), aligned with the two tables' rows."""
    use_file = bool((gold["file"] != "").all()) if len(gold) else False
    # files are matched by name, so a report made from "corpora/eval/injected/fr-en.tgt.txt" meets gold
    # that says "fr-en.tgt.txt"
    key = (lambda f, l: (Path(f).name, l)) if use_file else (lambda f, l: l)
    gold_by_segment: dict = {}
    for index, row in gold.iterrows():
        gold_by_segment.setdefault(key(row["file"], row["line"]), []).append((index, row["start"], row["end"]))
    correct = pd.Series(False, index=findings.index)
    found = pd.Series(False, index=gold.index)
    for index, row in findings.iterrows():
        for gold_index, start, end in gold_by_segment.get(key(row["file"], row["line"]), []):
            if _overlaps(int(row["start"]), int(row["end"]), start, end):
                correct[index] = True
                found[gold_index] = True
    return correct, found


def _ratio(a: int, b: int) -> float:
    return a / b if b else float("nan")


def score(findings: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """Precision, recall and F1 overall, per rule (precision) and per category (both)."""
    correct, found = match_spans(findings, gold)
    rows = []

    def add(group: str, name: str, f_mask, g_mask) -> None:
        n_find, n_correct = int(f_mask.sum()), int((correct & f_mask).sum())
        n_gold, n_found = int(g_mask.sum()), int((found & g_mask).sum())
        p, r = _ratio(n_correct, n_find), _ratio(n_found, n_gold)
        f1 = 2 * p * r / (p + r) if n_find and n_gold and (p + r) else float("nan")
        rows.append({"group": group, "name": name, "findings": n_find, "correct": n_correct,
                     "precision": p, "gold": n_gold, "found": n_found, "recall": r, "f1": f1})

    add("all", "all", pd.Series(True, index=findings.index), pd.Series(True, index=gold.index))
    for rule in sorted({r for rules in findings["rule"] for r in rules.split("+")}):
        mask = findings["rule"].map(lambda rules, rule=rule: rule in rules.split("+")).astype(bool)
        add("rule", rule, mask, pd.Series(False, index=gold.index))
    for category in sorted(set(findings["category"]) | set(gold["category"]) - {""}):
        add("category", category, findings["category"] == category, gold["category"] == category)
    families = rule_families()
    finding_families = findings["rule"].map(lambda rules: {families.get(r, "") for r in rules.split("+")})
    for family in sorted(set(gold["family"]) - {""}):
        add("family", family, finding_families.map(lambda fams, family=family: family in fams).astype(bool),
            gold["family"] == family)
    return pd.DataFrame(rows)


def rule_families() -> dict[str, str]:
    """Rule code -> detector family, from the catalogue."""
    from audit.detectors import all_rules

    return {rule.code: rule.family for rule in all_rules()}


def format_scores(table: pd.DataFrame) -> str:
    """A plain-text table; '-' where a figure is undefined (no findings or no gold spans)."""
    shown = table.copy()
    for column in ("precision", "recall", "f1"):
        shown[column] = shown[column].map(lambda v: "-" if pd.isna(v) else f"{v:.3f}")
    return shown.to_string(index=False)
