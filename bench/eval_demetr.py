"""Recall per DEMETR perturbation type, and false alarms on its error-free reference rows.

    .venv/bin/python bench/eval_demetr.py [--no-source]

DEMETR (../shared/data/demetr, MIT) perturbs post-edited English MT in one controlled way per file. A
perturbed item counts as found when a finding on it overlaps the perturbed span (for whole-sentence and
deletion perturbations: any finding on the item). The `base_id35_reference` rows are human references:
findings there are false alarms. Reference-free mode: the source is given (unless --no-source), no reference.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from audit.engine.run import audit_segments
from audit.evaluate import _overlaps

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "demetr"
TARGETED = ["critical_id4_codemix", "minor_id1_repeat2", "minor_id2_repeat4", "minor_id29_punc_addition",
            "critical_id10_numbers_replaced"]


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, sep="\t", quoting=3, keep_default_na=False)


def audit_items(items: pd.DataFrame, with_source: bool) -> pd.DataFrame:
    """Findings for every item, keyed by the item's row position. Each item is its own document: the
    items are independent sentences (many share a source), so no document-level context may leak."""
    segments = pd.DataFrame({
        "file": [str(i) for i in items.index],
        "line": 1,
        "id": [str(i) for i in items["id"]],
        "target": list(items["pert_sent"]),
        "source": list(items["source"]) if with_source else None,
        "reference": None,
        "src_lang": list(items["src_lang"]),
        "tgt_lang": "en",
    })
    findings = audit_segments(segments)
    findings = findings[findings["rule"] != "CN002"].copy()  # the items are not a feed of documents
    findings["row"] = findings["file"].astype(int)
    return findings


def is_found(item: pd.Series, findings: pd.DataFrame) -> bool:
    if findings.empty:
        return False
    spans = json.loads(item["diff_spans_json"] or "[]")
    targeted = [s for s in spans if s["op"] in ("insert", "replace")]
    if not targeted:
        return True
    return any(_overlaps(int(f.start), int(f.end), s["start"], s["end"]) for f in findings.itertuples() for s in targeted)


def evaluate(data: Path = DATA, names: list[str] | None = None, with_source: bool = True) -> tuple[pd.DataFrame, dict]:
    """Recall per perturbation and false-alarm figures on the reference rows."""
    base = read(data / "base.tsv").set_index("id")
    items = read(data / "perturbations.tsv.gz")
    items = items[items["pert_name"] != "base_id33_empty"]
    if names is not None:
        items = items[items["pert_name"].isin(names + ["base_id35_reference"])]
    items = items.reset_index(drop=True)
    items["source"] = [base.loc[i, "source"] for i in items["id"]]
    findings = audit_items(items, with_source)
    by_row = {row: group for row, group in findings.groupby("row")}
    empty = findings.iloc[0:0]
    rows = []
    for name, group in items.groupby("pert_name", sort=True):
        found = sum(is_found(item, by_row.get(index, empty)) for index, item in group.iterrows())
        flagged = sum(index in by_row for index in group.index)
        rows.append({"perturbation": name, "items": len(group), "recall": found / len(group),
                     "any_finding": flagged / len(group)})
    refs = items[items["pert_name"] == "base_id35_reference"]
    ref_findings = findings[findings["row"].isin(refs.index)]
    words = sum(len(t.split()) for t in refs["pert_sent"])
    serious = int(ref_findings["severity"].isin(["major", "critical"]).sum())
    stats = {"items": len(refs), "words": words, "findings": len(ref_findings), "serious": serious,
             "serious_per_1000": 1000 * serious / words, "findings_per_1000": 1000 * len(ref_findings) / words,
             "by_rule": ref_findings["rule"].value_counts().to_dict(), "total_items": len(items)}
    return pd.DataFrame(rows), stats


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-source", action="store_true")
    args = parser.parse_args()
    table, refs = evaluate(with_source=not args.no_source)
    mode = "source given, no reference" if not args.no_source else "no source, no reference"
    print(f"DEMETR ({mode}); {refs['total_items']} items\n")
    print("| perturbation | items | recall (finding overlaps the perturbed span) | items with any finding |")
    print("|---|---|---|---|")
    for r in table.itertuples():
        mark = " **(target ≥ 0.80)**" if r.perturbation in TARGETED else ""
        print(f"| {r.perturbation}{mark} | {r.items} | {r.recall:.3f} | {r.any_finding:.3f} |")
    print(f"\nError-free human references (base_id35_reference): {refs['items']} items, {refs['words']} words, "
          f"{refs['findings']} findings ({refs['findings_per_1000']:.2f} per 1,000 words), "
          f"{refs['serious']} major or critical ({refs['serious_per_1000']:.2f} per 1,000 words)")
    print("by rule:", refs["by_rule"])


if __name__ == "__main__":
    main()
