"""Omission and addition gaps (audit/bilingual/omission.py) measured honestly on DEMETR, source given.

    PYTHONPATH=. .venv/bin/python bench/bilingual_omission.py [de,es,it] [--tolerance 3] [--humans]

Recall counts an item only when a gap is found where the perturbation is: an omission's zero-width point
within `--tolerance` characters of the deletion point (DEMETR's diff span in pert_sent; a sentence-initial
`replace` counts at its start), an addition's word overlapping the inserted span. Beside it, the rate of
gaps on the same items' unperturbed MT (`mt_en`, or the file's `mt_sent_override`) and on DEMETR's human
reference rows (`base_id35_reference`, held out: look at the figure, not the rows). Items with an even
numeric `id` are the tuning half, odd ids are reported apart. `--humans` adds the rate per 1,000 words on
the human translation sets of bench/false_alarms.py.

Each row is a kind of gap (name / word: a dictionary-known content word) and a condition on the
segment: bracketed (the renderings of the word's two neighbours stand next to each other), surplus (the
side's unrendered words outnumber the other side's unaligned content words by at least that many).
BL005 ships "name: any" for the source languages other than German; the rest is measured, not shipped
(docs/evaluation.md, "Omission and addition").
"""

from __future__ import annotations

import argparse
import json
import sys

sys.path.insert(0, "bench")
from eval_demetr import DATA, read

from audit.bilingual.dictionary import bilingual_dictionary
from audit.bilingual.lexical import cached_alignment
from audit.bilingual.omission import additions, omissions, omitted_names
from audit.bilingual.words import cached_words

REMOVALS = ["critical_id23_noun_removed", "critical_id22_verb_removed", "critical_id24_subj_removed",
            "critical_id21_adj_adv_removed", "critical_id25_ne_removed"]
ADDITION = "critical_id6_addition"
REFERENCE = "base_id35_reference"
KINDS = ("name", "word")
CONDITIONS = {
    "any": lambda g: True,
    "bracketed": lambda g: g.bracketed,
    "surplus ≥ 1": lambda g: g.surplus >= 1,
    "surplus ≥ 2": lambda g: g.surplus >= 2,
    "bracketed, surplus ≥ 1": lambda g: g.bracketed and g.surplus >= 1,
}


def find(source: str, target: str, src: str, addition: bool, kinds=KINDS, condition: str = "any"):
    """The gaps of one pair of the kinds asked that meet the condition."""
    alignment = cached_alignment(source, target, src, "en")
    bidict = bilingual_dictionary(src, "en")
    found = additions(alignment, bidict, src, "en") if addition else omissions(alignment, bidict, src, "en")
    return [g for g in found if g.kind in kinds and CONDITIONS[condition](g)]


def same_slot(text: str, a: int, b: int) -> bool:
    """Whether no content word of `text` stands between offsets a and b."""
    lo, hi = min(a, b), max(a, b)
    return not any(lo < w.start and w.end <= hi and (w.is_content or w.is_number) for w in cached_words(text, "en"))


class Shipped:
    """BL005 as the auditor runs it (`omitted_names`), read like a list of gaps."""

    def __init__(self, at: int) -> None:
        self.at = at


def shipped(source: str, target: str, src: str) -> list[Shipped]:
    return [Shipped(o.at) for o in omitted_names(source, target, src, "en")]


def hit(item, gaps, addition: bool, tolerance: int | None) -> bool:
    """Whether a gap is where the perturbation is (tolerance None: in the same slot between content words)."""
    spans = json.loads(item["diff_spans_json"] or "[]")
    if addition:
        targeted = [s for s in spans if s["op"] in ("insert", "replace")]
        return any(g.word.start < s["end"] and s["start"] < g.word.end for g in gaps for s in targeted)
    points = [s["start"] for s in spans if s["op"] in ("delete", "replace")]
    if tolerance is None:
        return any(same_slot(item["pert_sent"], g.at, p) for g in gaps for p in points)
    return any(abs(g.at - p) <= tolerance for g in gaps for p in points)


def settings():
    for kinds in (("name",), ("word",), KINDS):
        for condition in CONDITIONS:
            yield kinds, condition


def label(kinds, condition) -> str:
    return f"{'+'.join(kinds)}: {condition}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("langs", nargs="?", default="de,es,it")
    parser.add_argument("--tolerance", type=int, default=3)
    parser.add_argument("--slot", action="store_true", help="count an omission found when its point is in "
                        "the deletion's slot between two content words, at any distance")
    parser.add_argument("--humans", action="store_true")
    args = parser.parse_args()
    langs = args.langs.split(",")
    tolerance = None if args.slot else args.tolerance
    base = read(DATA / "base.tsv").set_index("id")
    items = read(DATA / "perturbations.tsv.gz")
    items = items[items["pert_name"].isin(REMOVALS + [ADDITION, REFERENCE]) & items["src_lang"].isin(langs)]
    items = items.reset_index(drop=True)
    items["source"] = [base.loc[i, "source"] for i in items["id"]]
    items["mt"] = [o or base.loc[i, "mt_en"] for i, o in zip(items["id"], items["mt_sent_override"])]
    items["half"] = ["even" if int(i) % 2 == 0 else "odd" for i in items["id"]]
    print(f"DEMETR, source languages {langs}, " + ("same slot" if args.slot else f"tolerance {args.tolerance} characters"))
    for half in ("even", "odd"):
        part = items[items["half"] == half]
        print(f"\n## {half} ids\n")
        print("| gaps | " + " | ".join(n.split("_", 2)[2] for n in REMOVALS) + " | clean MT (removal items) | reference rows "
              "| reference rows, additions | addition | clean MT (addition items) |")
        print("|---|" + "---|" * (len(REMOVALS) + 5))
        for kinds, condition in settings():
            cells = []
            for name in REMOVALS:
                group = part[part["pert_name"] == name]
                found = sum(hit(r, find(r["source"], r["pert_sent"], r["src_lang"], False, kinds, condition), False,
                                tolerance) for _, r in group.iterrows())
                cells.append(f"{found}/{len(group)} = {found / max(len(group), 1):.3f}")
            clean = part[part["pert_name"].isin(REMOVALS)].drop_duplicates("id")
            fired = sum(bool(find(r["source"], r["mt"], r["src_lang"], False, kinds, condition)) for _, r in clean.iterrows())
            cells.append(f"{fired}/{len(clean)} = {fired / max(len(clean), 1):.3f}")
            refs = part[part["pert_name"] == REFERENCE]
            fired = sum(bool(find(r["source"], r["pert_sent"], r["src_lang"], False, kinds, condition)) for _, r in refs.iterrows())
            cells.append(f"{fired}/{len(refs)} = {fired / max(len(refs), 1):.3f}")
            fired = sum(bool(find(r["source"], r["pert_sent"], r["src_lang"], True, kinds, condition)) for _, r in refs.iterrows())
            cells.append(f"{fired}/{len(refs)} = {fired / max(len(refs), 1):.3f}")
            group = part[part["pert_name"] == ADDITION]
            found = sum(hit(r, find(r["source"], r["pert_sent"], r["src_lang"], True, kinds, condition), True, 0)
                        for _, r in group.iterrows())
            cells.append(f"{found}/{len(group)} = {found / max(len(group), 1):.3f}")
            fired = sum(bool(find(r["source"], r["mt"], r["src_lang"], True, kinds, condition)) for _, r in group.iterrows())
            cells.append(f"{fired}/{len(group)} = {fired / max(len(group), 1):.3f}")
            print(f"| {label(kinds, condition)} | " + " | ".join(cells) + " |")
        cells = []
        for name in REMOVALS:
            group = part[part["pert_name"] == name]
            found = sum(hit(r, shipped(r["source"], r["pert_sent"], r["src_lang"]), False, tolerance)
                        for _, r in group.iterrows())
            cells.append(f"{found}/{len(group)} = {found / max(len(group), 1):.3f}")
        for rows, column in ((part[part["pert_name"].isin(REMOVALS)].drop_duplicates("id"), "mt"),
                             (part[part["pert_name"] == REFERENCE], "pert_sent")):
            fired = sum(bool(shipped(r["source"], r[column], r["src_lang"])) for _, r in rows.iterrows())
            cells.append(f"{fired}/{len(rows)} = {fired / max(len(rows), 1):.3f}")
        print("| **BL005 as shipped** | " + " | ".join(cells) + " | | | |")
    if args.humans:
        humans()


def humans() -> None:
    from false_alarms import human_sets
    print("\n## human translation sets: gaps per 1,000 words\n")
    print("| set | words | " + " | ".join(f"omission {label(k, c)}" for k, c in settings()) + " | "
          + " | ".join(f"addition {label(k, c)}" for k, c in settings()) + " |")
    for name, (targets, sources, src, tgt) in human_sets().items():
        if tgt != "en" or bilingual_dictionary(src, tgt) is None:
            continue
        words = sum(len(t.split()) for t in targets)
        cells = []
        for addition in (False, True):
            for kinds, condition in settings():
                n = sum(len(find(s, t, src, addition, kinds, condition)) for s, t in zip(sources, targets) if s.strip() and t.strip())
                cells.append(f"{n} ({1000 * n / words:.2f})")
        print(f"| {name} | {words} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
