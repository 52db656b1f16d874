"""False alarms of the BL rules on MT that people judged correct, for the pairs the cs/pl/ru/hi extension
opened that the shared data has: Russian as a source and as a target (held out: never used to tune).

- MLQE-PE ru→en (../shared/data/mlqe_pe): MT segments the post-editor left unchanged (HTER 0).
- WMT22 QE MQM en→ru (../shared/data/wmt_qe2023_task2_spans): MT segments the annotator marked no error in
  (distinct source/target pairs).

    .venv/bin/python bench/bilingual_new_languages.py [show]
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from audit.engine.run import audit_segments  # noqa: E402

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def mlqe_ru_en() -> pd.DataFrame:
    rows = [r for r in read_jsonl(DATA / "mlqe_pe" / "wordlevel_ruen_test21.jsonl") if r["hter"] == 0]
    return pd.DataFrame({"source": [r["source"] for r in rows], "target": [r["mt"] for r in rows],
                         "src_lang": "ru", "tgt_lang": "en"})


def mqm_en_ru() -> pd.DataFrame:
    rows = [r for r in read_jsonl(DATA / "wmt_qe2023_task2_spans" / "wmt22_enru_test.jsonl") if not r["errors"]]
    pairs = list(dict.fromkeys((r["source"], r["target"]) for r in rows))
    return pd.DataFrame({"source": [s for s, _ in pairs], "target": [t for _, t in pairs],
                         "src_lang": "en", "tgt_lang": "ru"})


def bl_findings(items: pd.DataFrame) -> pd.DataFrame:
    """BL findings, each item its own document."""
    segments = items.assign(file=[str(i) for i in range(len(items))], line=1, id=[str(i) for i in range(len(items))],
                            reference=None)
    findings = audit_segments(segments)
    return findings[findings["rule"].str.contains("BL")]


def main() -> None:
    show = "show" in sys.argv[1:]
    print("| MT judged correct (source given) | segments | words | BL major+ | per 1,000 words |")
    print("|---|---|---|---|---|")
    for name, items in (("MLQE-PE ru→en, HTER 0", mlqe_ru_en()), ("WMT22 MQM en→ru, no error", mqm_en_ru())):
        findings = bl_findings(items)
        serious = findings[findings["severity"].isin(["major", "critical"])]
        words = sum(len(t.split()) for t in items["target"])
        rules = serious["rule"].value_counts().to_dict()
        print(f"| {name} | {len(items)} | {words} | {len(serious)} {rules or ''} | {1000 * len(serious) / words:.2f} |")
        if show:
            for f in serious.itertuples():
                item = items.iloc[int(f.file)]
                print("   ", f.rule, repr(f.phrase), "|", f.evidence[:90], "|", item["source"][:100], "|", item["target"][:100])


if __name__ == "__main__":
    main()
