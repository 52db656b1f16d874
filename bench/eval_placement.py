"""Does checking a lexicon entry's source trigger *in the right sentence* help? (issue 4, item 5)

    .venv/bin/python bench/eval_placement.py

The lexicon family runs on real MT with its source, once with the trigger allowed anywhere in the
source segment and once required in the source sentence the flagged target sentence renders (when both
sides have the same number of sentences, two or more).

- WMT22 de→en (../shared/data/wmt_general_triples, nine systems): the rows as they are, and units of two
  random rows joined (seeded), as a feed of multi-sentence segments would be. A finding whose flagged
  phrase also occurs in the human reference (ref_A) counts as doubtful, the others as likely errors.
- DiaBLa fr→en and en→fr (../shared/data/diabla: chat turns, often several sentences, each MT turn judged
  by its reader): a finding on a turn judged with a "word choice" or "meaning" problem counts as likely.
"""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd

import audit.detectors.lexicon as lexicon
from audit.segments import Document, Segment

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
DATA = SHARED / "wmt_general_triples" / "wmt22_deen.tsv"


def units(table: pd.DataFrame, joined: bool, seed: int = 11) -> list[tuple[str, str, str]]:
    """(target, source, reference) for every system's output: rows as they are, or two rows joined."""
    systems = [c for c in table.columns if c.startswith("mt_")]
    rng = random.Random(seed)
    out = []
    for system in systems:
        for a in range(len(table)):
            rows = [a, rng.randrange(len(table))] if joined else [a]
            out.append(tuple(" ".join(str(table.at[r, c]) for r in rows) for c in (system, "source", "ref_A")))
    return out


def run(items: list[tuple[str, str, str]], place: bool, pair: tuple[str, str], likely) -> dict:
    """Lexicon findings on (target, source, label-or-reference) items; `likely(finding, item)` says
    whether a finding counts as a likely error."""
    lexicon.PLACE_TRIGGERS = place
    segments = tuple(Segment("mt", k + 1, t, s) for k, (t, s, _) in enumerate(items))
    findings = list(lexicon.LexiconDetector().detect(Document("mt", segments, *pair)))
    good = sum(bool(likely(f, items[f.line - 1])) for f in findings)
    return {"findings": len(findings), "likely errors": good,
            "share likely": round(good / len(findings), 3) if findings else float("nan")}


def not_in_reference(finding, item) -> bool:
    return finding.phrase.casefold() not in item[2].casefold()


def judged_wrong_word(finding, item) -> bool:
    return item[2]


def diabla(lp: str) -> list[tuple[str, str, bool]]:
    table = pd.read_csv(SHARED / "diabla" / "diabla_utterances.tsv", sep="\t", quoting=3, keep_default_na=False)
    table = table[table["lp"] == lp]
    return [(mt, src, any(p in problems for p in ("word choice", "meaning")))
            for mt, src, problems in zip(table["mt"], table["source"], table["problems"])]


def main() -> None:
    table = pd.read_csv(DATA, sep="\t", quoting=3, keep_default_na=False)
    inputs = [("WMT22 de→en rows", units(table, False), ("de", "en"), not_in_reference),
              ("WMT22 de→en, two rows joined", units(table, True), ("de", "en"), not_in_reference),
              ("DiaBLa fr→en turns", diabla("fr-en"), ("fr", "en"), judged_wrong_word),
              ("DiaBLa en→fr turns", diabla("en-fr"), ("en", "fr"), judged_wrong_word)]
    rows = []
    for name, items, pair, likely in inputs:
        multi = sum(len(lexicon.sentence_starts(t)) > 1 for t, _, _ in items)
        for place in (False, True):
            rows.append({"input": name, "units": len(items), "with 2+ sentences": multi,
                         "trigger": "in its sentence" if place else "anywhere in the segment",
                         **run(items, place, pair, likely)})
    lexicon.PLACE_TRIGGERS = True
    print(pd.DataFrame(rows).to_markdown(index=False))


if __name__ == "__main__":
    main()
