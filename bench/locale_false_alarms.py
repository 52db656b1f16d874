"""Findings of the locale rules (LC*) on human translations: per set, per rule, per 1,000 words.

    .venv/bin/python bench/locale_false_alarms.py [--show N]

The sets: WMT22 fr→de and DiaBLa en→fr references (../shared/data, as in bench/false_alarms.py) and the
target side of corpora/eval/injected/*.clean.tsv for de, es and fr targets; the source is given.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from audit.api import run_audit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from false_alarms import human_sets  # noqa: E402

INJECTED = Path(__file__).resolve().parent.parent / "corpora" / "eval" / "injected"


def injected_sets() -> dict[str, tuple[list[str], list[str], str, str]]:
    sets = {}
    for pair in ("en-de", "en-es", "en-fr"):
        with (INJECTED / f"{pair}.clean.tsv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\"))
        src, tgt = pair.split("-")
        sets[f"injected {pair} clean targets"] = ([r["target"] for r in rows], [r["source"] for r in rows], src, tgt)
    return sets


def main(show: int = 0) -> None:
    wanted = {k: v for k, v in human_sets().items() if v[3] != "en"} | injected_sets()
    print("| human translation | words | LC findings | per 1,000 words | major+ | per 1,000 words | by rule |")
    print("|---|---|---|---|---|---|---|")
    shown = []
    for name, (targets, sources, src, tgt) in wanted.items():
        result = run_audit(targets, sources, src_lang=src, tgt_lang=tgt)
        mine = result.findings[result.findings["rule"].str.startswith("LC")]
        serious = int(mine["severity"].isin(["major", "critical"]).sum())
        by_rule = ", ".join(f"{r} {n}" for r, n in sorted(mine["rule"].value_counts().items()))
        print(f"| {name} | {result.words} | {len(mine)} | {1000 * len(mine) / result.words:.2f} | {serious} "
              f"| {1000 * serious / result.words:.2f} | {by_rule or '-'} |")
        shown += [(name, row.rule, row.severity, row.phrase, targets[row.line - 1]) for row in mine.itertuples()]
    for name, rule, severity, phrase, text in shown[:show]:
        print(f"{name}\t{rule}\t{severity}\t{phrase!r}\t{text}")


if __name__ == "__main__":
    main(int(sys.argv[sys.argv.index("--show") + 1]) if "--show" in sys.argv else 0)
