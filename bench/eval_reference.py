"""Reference mode measured on real data: the issue-4 validation targets, reproducible by one command.

    .venv/bin/python bench/eval_reference.py [--quick]

1. MQM TED zh-en (../shared/data/mqm_google_ted): each MT system's output audited against the human
   translation rated alongside it (system `ref`); our major-or-critical findings scored against the raters'
   Major target-side spans. Precision: share of our findings that overlap a Major span; recall: share of
   Major spans overlapped by one of our findings (a zero-width omission overlaps a span it touches). The
   plain word diff (edit operations on lower-cased tokens, a block with any content word changed = one major
   finding) is scored the same way, as the baseline.
2. WMT22 de-en: the second human reference (`ref_B`) audited against the first (`ref_A`), and two MT
   systems likewise: major-or-critical findings per 1,000 words.
3. DEMETR critical perturbations with the source and the human reference given: recall (a major or
   critical finding overlapping the perturbed span; any major or critical finding for whole-sentence and
   deletion perturbations).
4. The seed with our own rendering as --ref-doc: diet→regime and inmates→injured found as major.
Reads ../shared/data by path; prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from audit.alignment import is_content, tokenize  # noqa: E402
from audit.engine.run import audit_segments
from audit.api import run_audit  # noqa: E402
from audit.inputs.docalign import align_document  # noqa: E402
from audit.evaluate import _overlaps  # noqa: E402
from audit.segments import build_segments  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
SERIOUS = ("major", "critical")


def read_tsv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, sep="\t", quoting=3, keep_default_na=False)


def audit_pairs(hyps: list[str], refs: list[str], sources: list[str] | None, src_lang: str | None,
                tgt_lang: str, per_item: bool = False) -> pd.DataFrame:
    """Findings (major or worse) for each pair; with `per_item`, each pair is its own document."""
    n = len(hyps)
    if per_item:
        tables = [build_segments([h], [s] if sources else None, [r], file=str(k), src_lang=src_lang, tgt_lang=tgt_lang)
                  for k, (h, r, s) in enumerate(zip(hyps, refs, sources or [None] * n))]
        segments = pd.concat(tables, ignore_index=True)
    else:
        segments = build_segments(hyps, sources, refs, file="0", src_lang=src_lang, tgt_lang=tgt_lang)
    findings = audit_segments(segments)
    findings = findings[findings["severity"].isin(SERIOUS) & (findings["rule"] != "CN002")].copy()
    findings["item"] = findings["file"].astype(int) if per_item else findings["line"] - 1
    return findings


def word_diff_baseline(hyp: str, ref: str) -> list[tuple[int, int]]:
    from rapidfuzz.distance import Levenshtein

    h, r = tokenize(hyp), tokenize(ref)
    spans = []
    for op in Levenshtein.opcodes([t.key for t in h], [t.key for t in r]):
        if op.tag == "equal" or not any(is_content(t, "en") for t in h[op.src_start:op.src_end] + r[op.dest_start:op.dest_end]):
            continue
        if op.src_start < op.src_end:
            spans.append((h[op.src_start].start, h[op.src_end - 1].end))
        else:
            point = h[op.src_start - 1].end if op.src_start else 0
            spans.append((point, point))
    return spans


def span_scores(found: list[list[tuple[int, int]]], gold: list[list[tuple[int, int]]]) -> tuple[float, float, int]:
    tp = total = hit = spans = 0
    for mine, theirs in zip(found, gold):
        total += len(mine)
        tp += sum(any(_overlaps(s, e, gs, ge) for gs, ge in theirs) for s, e in mine)
        spans += len(theirs)
        hit += sum(any(_overlaps(s, e, gs, ge) for s, e in mine) for gs, ge in theirs)
    return tp / max(1, total), hit / max(1, spans), total


def mqm_zhen(data: Path) -> dict:
    records = [json.loads(line) for line in (data / "mqm_google_ted" / "mqm_ted_zhen.jsonl").open(encoding="utf-8")]
    refs = {r["seg_id"]: r["target"] for r in records if r["system"] == "ref"}
    rated = [r for r in records if not r["system"].startswith("ref")]
    gold = [[(e["start"], e["end"]) for e in r["errors"] if e["severity"] == "Major" and e["side"] == "target"]
            for r in rated]
    findings = audit_pairs([r["target"] for r in rated], [refs[r["seg_id"]] for r in rated],
                           [r["source"] for r in rated], "zh", "en")
    by_item = findings.groupby("item")
    ours = [[(int(f.start), int(f.end)) for f in by_item.get_group(k).itertuples()] if k in by_item.groups else []
            for k in range(len(rated))]
    baseline = [word_diff_baseline(r["target"], refs[r["seg_id"]]) for r in rated]
    p, r, n = span_scores(ours, gold)
    bp, br, bn = span_scores(baseline, gold)
    return {"units": len(rated), "precision": p, "recall": r, "findings": n,
            "baseline_precision": bp, "baseline_recall": br, "baseline_findings": bn}


def wmt_human(data: Path) -> list[dict]:
    table = read_tsv(data / "wmt_general_triples" / "wmt22_deen.tsv")
    rows = []
    for column in ("ref_B", "mt_Online-B", "mt_JDExploreAcademy"):
        hyps = list(table[column])
        findings = audit_pairs(hyps, list(table["ref_A"]), list(table["source"]), "de", "en")
        words = sum(sum(t.is_word for t in tokenize(h)) for h in hyps)
        baseline = sum(len(word_diff_baseline(h, r)) for h, r in zip(hyps, table["ref_A"]))
        rows.append({"output": column, "words": words, "serious": len(findings),
                     "per_1000": 1000 * len(findings) / words, "baseline_per_1000": 1000 * baseline / words})
    return rows


PLACE_SLACK = 2  # characters: a finding this close to a deletion point is placed at it


def _near(start: int, end: int, span: dict) -> bool:
    """Whether a finding marks the perturbed place: it overlaps an inserted or replaced span, or (for a
    deletion, a point) starts or ends within PLACE_SLACK characters of it."""
    if span["op"] == "delete":
        point = span["start"]
        return start - PLACE_SLACK <= point <= end + PLACE_SLACK
    return _overlaps(start, end, span["start"], span["end"])


def demetr_critical(data: Path, quick: bool) -> tuple[pd.DataFrame, float]:
    base = read_tsv(data / "demetr" / "base.tsv").set_index("id")
    items = read_tsv(data / "demetr" / "perturbations.tsv.gz")
    items = items[items["severity"] == "critical"].reset_index(drop=True)
    if quick:
        items = items.groupby("pert_name", group_keys=False).head(100).reset_index(drop=True)
    refs = [base.loc[i, "reference_en"] for i in items["id"]]
    sources = [base.loc[i, "source"] for i in items["id"]]
    parts = []  # one run per source language, so the source-aware detectors know it
    for lang, group in items.groupby("src_lang"):
        got = audit_pairs(list(group["pert_sent"]), [refs[k] for k in group.index], [sources[k] for k in group.index],
                          lang, "en", per_item=True)
        got["item"] = [group.index[k] for k in got["item"]]
        parts.append(got)
    findings = pd.concat(parts, ignore_index=True)
    by_item = {k: g for k, g in findings.groupby("item")}
    rows = []
    for name, group in items.groupby("pert_name"):
        found = placed = 0
        for k, item in group.iterrows():
            mine = by_item.get(k)
            if mine is None:
                continue
            diffs = json.loads(item["diff_spans_json"] or "[]")
            spans = [s for s in diffs if s["op"] in ("insert", "replace")]
            found += not spans or any(_overlaps(int(f.start), int(f.end), s["start"], s["end"])
                                      for f in mine.itertuples() for s in spans)
            placed += bool(diffs) and any(_near(int(f.start), int(f.end), s) for f in mine.itertuples() for s in diffs)
        rows.append({"perturbation": name, "items": len(group), "recall": found / len(group),
                     "placed": placed / len(group)})
    # the same items before perturbation: how often "any major finding" fires without an injected error
    ids = sorted(set(items["id"]))
    controls = []
    for lang in sorted(set(base.loc[ids, "src_lang"])):
        chosen = [i for i in ids if base.loc[i, "src_lang"] == lang]
        got = audit_pairs([base.loc[i, "mt_en"] for i in chosen], [base.loc[i, "reference_en"] for i in chosen],
                          [base.loc[i, "source"] for i in chosen], lang, "en", per_item=True)
        controls.append(got["item"].nunique())
    rows.append({"perturbation": "(unperturbed MT: items with any major+ finding)", "items": len(ids),
                 "recall": sum(controls) / len(ids), "placed": float("nan")})
    table = pd.DataFrame(rows)
    scored = table.iloc[:-1]
    return table, float((scored["recall"] * scored["items"]).sum() / scored["items"].sum())


def seed_check() -> dict[str, str]:
    seed = (ROOT / "seeds" / "kazakh-regime-afp-mt.en.txt").read_text(encoding="utf-8").splitlines()
    clean = (ROOT / "corpora" / "eval" / "clean" / "kazakh-regime.en.txt").read_text(encoding="utf-8")
    refs = [r or "" for r in align_document(seed, clean).references]
    findings = run_audit(seed, references=refs, src_lang="fr", tgt_lang="en").findings
    found = {}
    for phrase in ("diet", "inmates"):
        rows = findings[(findings["phrase"] == phrase) & findings["rule"].str.contains("RF001")]
        found[phrase] = "; ".join(f"{r.severity} {r.rule} ({r.evidence.split(' | ')[-1]})" for r in rows.itertuples()) or "not found"
    gold = [json.loads(line) for line in (ROOT / "corpora" / "eval" / "seed.gold.jsonl").open(encoding="utf-8")]
    serious = findings[findings["severity"].isin(SERIOUS)]
    known = sum(any(g["line"] == r.line and _overlaps(r.start, r.end, g["start"], g["end"]) for g in gold)
                for r in serious.itertuples())
    found["major+ not among the known artifacts"] = f"{len(serious) - known} (of {len(serious)})"
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="DEMETR: 100 items per perturbation")
    args = parser.parse_args()
    started = time.time()
    mqm = mqm_zhen(DATA)
    print(f"## MQM TED zh-en ({mqm['units']} rated MT outputs; reference = the human translation `ref`)\n")
    print("| | major+ findings | precision (overlaps a Major span) | Major-span recall |\n|---|---|---|---|")
    print(f"| audit (reference mode) | {mqm['findings']} | {mqm['precision']:.3f} | {mqm['recall']:.3f} |")
    print(f"| plain word diff (baseline) | {mqm['baseline_findings']} | {mqm['baseline_precision']:.3f} | "
          f"{mqm['baseline_recall']:.3f} |\n")
    print("## WMT22 de-en against ref_A: major+ findings per 1,000 words\n")
    print("| output | words | audit | plain word diff |\n|---|---|---|---|")
    for row in wmt_human(DATA):
        print(f"| {row['output']} | {row['words']} | {row['per_1000']:.1f} | {row['baseline_per_1000']:.1f} |")
    table, overall = demetr_critical(DATA, args.quick)
    print(f"\n## DEMETR critical perturbations, source + human reference given{' (quick)' if args.quick else ''}\n")
    print("| perturbation | items | recall (any major+ finding for a deletion) | placed (at the perturbed place) |")
    print("|---|---|---|---|")
    for r in table.itertuples():
        print(f"| {r.perturbation} | {r.items} | {r.recall:.3f} | {r.placed:.3f} |")
    scored = table.iloc[:-1]
    placed = float((scored["placed"] * scored["items"]).sum() / scored["items"].sum())
    print(f"| **all critical** | {scored['items'].sum()} | **{overall:.3f}** | **{placed:.3f}** |\n")
    print("## Seed with our rendering as --ref-doc\n")
    for phrase, found in seed_check().items():
        print(f"- {phrase}: {found}")
    print(f"\n({time.time() - started:.0f} s)")


if __name__ == "__main__":
    main()
