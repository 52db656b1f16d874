"""Does the auditor rank DiaBLa fr→en MT the way its readers judged it? Source given, no reference.

    PYTHONPATH=. .venv/bin/python bench/diabla_ranking.py [PATH_TO_diabla_utterances.tsv]

DiaBLa (../shared/data/diabla, CC BY-SA 4.0): 2018 RNN MT in spontaneous dialogues, every MT sentence
judged perfect / medium / poor by the participant who received it. Each dialogue is one document. For
each judgment: how many segments carry a major-or-critical finding, and which rules fired on the poor ones.
The issue's target: poor segments flagged at least 3× as often as perfect ones.

Halves: dialogues are numbered in the order of their ids in the file given; "even" and "odd" are the
parity of that number. The shared folder holds only half of DiaBLa's 144 dialogues (the other half is
held out for evaluation and absent), so on it both halves are part of the development data.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pandas as pd

from audit.engine.run import audit_segments

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "diabla" / "diabla_utterances.tsv"
JUDGMENTS = ("perfect", "medium", "poor")
SERIOUS = ("major", "critical")


def read_fr_en(path: Path) -> pd.DataFrame:
    """The judged fr→en rows, with each dialogue's number in id order."""
    rows = pd.read_csv(path, sep="\t", quoting=3, keep_default_na=False, dtype=str)
    rows = rows[(rows["lp"] == "fr-en") & rows["judgment"].isin(JUDGMENTS)].reset_index(drop=True)
    number = {d: n for n, d in enumerate(sorted(rows["dialogue_id"].unique()))}
    rows["half"] = ["even" if number[d] % 2 == 0 else "odd" for d in rows["dialogue_id"]]
    return rows


def audit_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Findings per row (column `row`), one document per dialogue."""
    segments = pd.DataFrame({
        "file": list(rows["dialogue_id"]),
        "line": list(rows.groupby("dialogue_id").cumcount() + 1),
        "id": [str(i) for i in rows.index],
        "target": list(rows["mt"]),
        "source": list(rows["source"]),
        "reference": None,
        "src_lang": "fr",
        "tgt_lang": "en",
    })
    findings = audit_segments(segments)
    row_of = {(f, line): i for i, (f, line) in enumerate(zip(segments["file"], segments["line"]))}
    findings["row"] = [row_of[(f, int(line))] for f, line in zip(findings["file"], findings["line"])]
    return findings


def rates(rows: pd.DataFrame, flagged: set[int]) -> dict[str, tuple[int, int]]:
    """(flagged, total) per judgment."""
    return {j: (sum(i in flagged for i in rows.index[rows["judgment"] == j]), int((rows["judgment"] == j).sum()))
            for j in JUDGMENTS}


def show(label: str, counts: dict[str, tuple[int, int]]) -> None:
    cells = [f"{k}/{n} = {k / n:.3f}" if n else "—" for k, n in counts.values()]
    poor, perfect = (counts["poor"][0] / max(counts["poor"][1], 1), counts["perfect"][0] / max(counts["perfect"][1], 1))
    ratio = f"{poor / perfect:.2f}" if perfect else ("∞" if poor else "—")
    print(f"| {label} | {' | '.join(cells)} | {ratio} |")


def main() -> None:
    rows = read_fr_en(Path(sys.argv[1]) if len(sys.argv) > 1 else DATA)
    findings = audit_rows(rows)
    serious = findings[findings["severity"].isin(SERIOUS)]
    flagged = set(serious["row"])
    print(f"DiaBLa fr→en MT, source given, no reference: {len(rows)} judged segments, "
          f"{rows['dialogue_id'].nunique()} dialogues")
    print("| dialogues | perfect flagged major+ | medium | poor | poor ÷ perfect |")
    print("|---|---|---|---|---|")
    show("all", rates(rows, flagged))
    for half in ("even", "odd"):
        part = rows[rows["half"] == half]
        show(f"{half} ({part['dialogue_id'].nunique()})", rates(part, flagged))
    anything = set(findings["row"])
    print(f"| all, a finding of any severity | {' | '.join(f'{k}/{n} = {k / n:.3f}' for k, n in rates(rows, anything).values())} | |")
    for judgment in JUDGMENTS:
        on = serious[serious["row"].isin(rows.index[rows["judgment"] == judgment])]
        print(f"major+ findings on {judgment} segments by rule: {dict(Counter(on['rule']).most_common())}")


if __name__ == "__main__":
    main()
