"""Precision and recall per detector family on the injected set (corpora/eval/injected), source given.

    .venv/bin/python bench/eval_injected.py

Rebuild the set first with `corpora/eval/make_injected.py` if its generator changed.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from audit.api import run_audit
from audit.evaluate import format_scores, load_gold, score
from audit.inputs.readers import read_segments

HERE = Path(__file__).resolve().parent.parent / "corpora" / "eval" / "injected"
PAIRS = ["fr-en", "es-en", "de-en", "it-en", "pt-en", "en-fr", "en-es", "en-de"]


def audit_injected(directory: Path = HERE) -> tuple[pd.DataFrame, int]:
    frames, words = [], 0
    for pair in PAIRS:
        src, tgt = pair.split("-")
        result = run_audit(read_segments(str(directory / f"{pair}.tgt.txt")), read_segments(str(directory / f"{pair}.src.txt")),
                           src_lang=src, tgt_lang=tgt, file=f"{pair}.tgt.txt")
        frames.append(result.findings)
        words += result.words
    return pd.concat(frames, ignore_index=True), words


def main() -> None:
    findings, words = audit_injected()
    table = score(findings, load_gold(HERE / "gold.jsonl"))
    print(f"injected set: {len(PAIRS)} pairs, {words} words, {len(findings)} findings\n")
    print(format_scores(table[table["group"].isin(["all", "family"])]))
    print()
    print(format_scores(table[table["group"] == "rule"]))


if __name__ == "__main__":
    main()
