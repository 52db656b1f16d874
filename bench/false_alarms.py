"""False alarms on professional human translations in ../shared/data, reference-free, source given.

    .venv/bin/python bench/false_alarms.py

Human references should raise almost nothing: the issue's target is at most one major-or-critical
finding per 2,000 words (0.5 per 1,000).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from audit.api import run_audit

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, sep="\t", quoting=3, keep_default_na=False)


def human_sets() -> dict[str, tuple[list[str], list[str], str, str]]:
    wmt = read(DATA / "wmt_general_triples" / "wmt22_deen.tsv")
    frde = read(DATA / "wmt_general_triples" / "wmt22_frde.tsv")
    dia = read(DATA / "diabla" / "diabla_utterances.tsv")
    fe, ef = dia[dia["lp"] == "fr-en"], dia[dia["lp"] == "en-fr"]
    return {
        "WMT22 de→en ref_A": (list(wmt["ref_A"]), list(wmt["source"]), "de", "en"),
        "WMT22 de→en ref_B": (list(wmt["ref_B"]), list(wmt["source"]), "de", "en"),
        "WMT22 fr→de ref_A": (list(frde["ref_A"]), list(frde["source"]), "fr", "de"),
        "DiaBLa fr→en references": (list(fe["reference"]), list(fe["source"]), "fr", "en"),
        "DiaBLa en→fr references": (list(ef["reference"]), list(ef["source"]), "en", "fr"),
    }


def main() -> None:
    print("| human translation | segments | words | findings | per 1,000 words | major or critical | per 1,000 words |")
    print("|---|---|---|---|---|---|---|")
    for name, (targets, sources, src, tgt) in human_sets().items():
        result = run_audit(targets, sources, src_lang=src, tgt_lang=tgt)
        findings = result.findings
        serious = int(findings["severity"].isin(["major", "critical"]).sum())
        print(f"| {name} | {len(targets)} | {result.words} | {len(findings)} | {1000 * len(findings) / result.words:.2f} "
              f"| {serious} | {1000 * serious / result.words:.2f} |")


if __name__ == "__main__":
    main()
