"""FL003 (dropped word) measured: DEMETR's word removals found where the word was removed, and its false
alarms on unperturbed MT, human references and human translations.

    PYTHONPATH=. .venv/bin/python bench/dropped_words.py [--show N]

DEMETR (English targets; the rule reads the target only): an item counts when a finding's span comes within
3 characters of the deletion point (DEMETR's diff span in pert_sent). Items with an even numeric `id` were
read while choosing the word classes, odd ones are reported apart. Beside them: the share of DEMETR's
unperturbed MT rows (`mt_en`) and human reference rows (`base_id35_reference`, held out: the figure only)
with a finding; the findings per 1,000 words on the human translations with English targets of
bench/false_alarms.py; and the findings on the nine WMT22 de→en MT systems' outputs (`--show N` prints N of
them to read).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

sys.path.insert(0, "bench")
from eval_demetr import DATA, read
from false_alarms import human_sets

from audit.detectors.fluency import dropped_word_grammar, find_dropped_words
from audit.segments import Segment

REMOVALS = ["critical_id23_noun_removed", "critical_id22_verb_removed", "critical_id24_subj_removed",
            "critical_id21_adj_adv_removed", "critical_id25_ne_removed", "major_id5_pp_removed"]
TOLERANCE = 3


def spans(text: str) -> list[tuple[int, int, str]]:
    segment = Segment(file="-", line=1, target=text)
    return [(f.start, f.end, f.phrase) for f in find_dropped_words(segment, dropped_word_grammar("en"))]


def at_deletion(text: str, points: list[int]) -> bool:
    return any(start - TOLERANCE <= p <= end + TOLERANCE for start, end, _ in spans(text) for p in points)


def demetr_recall(perturbations) -> None:
    found, total = Counter(), Counter()
    for row in perturbations.itertuples():
        if row.pert_name not in REMOVALS:
            continue
        half = "even" if int(row.id) % 2 == 0 else "odd"
        points = [span["start"] for span in json.loads(row.diff_spans_json)]
        total[row.pert_name, half] += 1
        found[row.pert_name, half] += at_deletion(row.pert_sent, points)
    print(f"{'DEMETR removal (strict, 3 characters)':40s} {'even ids':>16s} {'odd ids':>16s}")
    for name in REMOVALS:
        cells = [f"{found[name, h]}/{total[name, h]} = {found[name, h] / max(1, total[name, h]):.3f}" for h in ("even", "odd")]
        print(f"{name:40s} {cells[0]:>16s} {cells[1]:>16s}")


def clean_rates(base, perturbations) -> None:
    mt = [row.mt_en for row in base.itertuples()]
    refs = list(perturbations[perturbations.pert_name == "base_id35_reference"].pert_sent)
    for label, texts in (("DEMETR unperturbed MT rows", mt), ("DEMETR human reference rows", refs)):
        flagged = sum(bool(spans(t)) for t in texts)
        print(f"{label:40s} {flagged}/{len(texts)} with a finding")


def human_rates() -> None:
    for name, (targets, _sources, _src, tgt) in human_sets().items():
        if tgt != "en":
            continue
        texts = [str(t) for t in targets]
        words = sum(len(t.split()) for t in texts)
        hits = [(t, s) for t in texts for s in spans(t)]
        print(f"{name:40s} {len(hits)} findings in {words} words = {1000 * len(hits) / words:.2f} per 1,000")
        for text, (start, end, phrase) in hits:
            print(f"    {phrase!r}: …{text[max(0, start - 40):end + 30]}…")


def wmt_mt(show: int) -> None:
    import pandas as pd
    wmt = pd.read_csv(DATA.parent / "wmt_general_triples" / "wmt22_deen.tsv", sep="\t", quoting=3,
                      keep_default_na=False)
    hits = []
    for column in (c for c in wmt.columns if c.startswith("mt_")):
        hits += [(column, t, s) for t in wmt[column] for s in spans(t)]
    words = sum(len(t.split()) for c in wmt.columns if c.startswith("mt_") for t in wmt[c])
    print(f"{'WMT22 de→en, nine MT systems':40s} {len(hits)} findings in {words} words")
    for column, text, (start, end, phrase) in hits[:show]:
        print(f"    {column}: {phrase!r}: …{text[max(0, start - 40):end + 30]}…")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0, help="print this many findings on WMT22 MT outputs")
    args = parser.parse_args()
    base, perturbations = read(DATA / "base.tsv"), read(DATA / "perturbations.tsv.gz")
    demetr_recall(perturbations)
    clean_rates(base, perturbations)
    human_rates()
    wmt_mt(args.show)


if __name__ == "__main__":
    main()
