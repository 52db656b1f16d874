"""Precision and recall of the locale rules per target language on the conventions set
(corpora/eval/conventions, built by corpora/eval/make_conventions.py), source given.

    .venv/bin/python bench/eval_conventions.py

Only locale findings count: a locale finding that meets no injected slip is a false alarm.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from audit.api import run_audit
from audit.evaluate import load_gold, match_spans
from audit.inputs.readers import read_segments
from audit.detectors import all_rules

HERE = Path(__file__).resolve().parent.parent / "corpora" / "eval" / "conventions"


def locale_findings(name: str) -> pd.DataFrame:
    src, tgt = name.split("-")[:2]
    result = run_audit(read_segments(str(HERE / f"{name}.tgt.txt")), read_segments(str(HERE / f"{name}.src.txt")),
                       src_lang=src, tgt_lang=tgt, file=f"{name}.tgt.txt")
    locale = {rule.code for rule in all_rules() if rule.family == "locale"}
    findings = result.findings
    return findings[findings["rule"].map(lambda rules: bool(locale & set(rules.split("+"))))]


def scores_per_language() -> pd.DataFrame:
    gold = load_gold(HERE / "gold.jsonl")
    slips = [json.loads(line)["slip"] for line in (HERE / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    gold["slip"] = slips
    rows = []
    files = {name: name.split("-")[1] for name in (p.name.split(".")[0] for p in HERE.glob("*.tgt.txt"))}
    for lang in sorted(set(files.values())):
        names = sorted(name for name, target in files.items() if target == lang)
        findings = pd.concat([locale_findings(n) for n in names], ignore_index=True)
        mine = gold[gold["file"].map(lambda f: f.split(".")[0] in names)].reset_index(drop=True)
        correct, found = match_spans(findings, mine)
        missed = sorted(mine[~found]["slip"])
        rows.append({"language": lang, "slips": len(mine), "found": int(found.sum()), "findings": len(findings),
                     "correct": int(correct.sum()), "recall": found.mean() if len(mine) else float("nan"),
                     "precision": correct.mean() if len(findings) else float("nan"),
                     "missed": ", ".join(missed)})
    return pd.DataFrame(rows)


def main() -> None:
    print(scores_per_language().to_string(index=False))


if __name__ == "__main__":
    main()
