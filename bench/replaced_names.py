"""BL006 replaced name (audit/bilingual/omission.py, `replaced_names`) measured on DEMETR, source given.

    PYTHONPATH=. .venv/bin/python bench/replaced_names.py [de,es,it,cs,pl,ru,hi] [--show even|odd]

Recall counts a `critical_id9_ne_replaced` item only when a finding's span overlaps a replaced span
(DEMETR's diff span in pert_sent). Beside it, the share of the same items' unperturbed MT (`mt_en`, or the
file's `mt_sent_override`) and of DEMETR's human reference rows (`base_id35_reference`, held out: read the
figure, not the rows) with any finding. Even numeric ids are the tuning half, odd ids are reported apart.
`--show even` prints the even half's findings on clean MT (the odd half is the test: do not read it to tune).
"""

from __future__ import annotations

import argparse
import json
import sys

sys.path.insert(0, "bench")
from eval_demetr import DATA, read

from audit.bilingual.omission import replaced_names

REPLACED = "critical_id9_ne_replaced"
REFERENCE = "base_id35_reference"


def hit(item, found) -> bool:
    spans = [s for s in json.loads(item["diff_spans_json"] or "[]") if s["op"] in ("replace", "insert")]
    return any(f.start < s["end"] and s["start"] < f.end for f in found for s in spans)


def rate(n: int, d: int) -> str:
    return f"{n}/{d} = {n / max(d, 1):.3f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("langs", nargs="?", default="de,es,it,cs,pl,ru,hi")
    parser.add_argument("--show", choices=("even", "odd"))
    args = parser.parse_args()
    langs = args.langs.split(",")
    base = read(DATA / "base.tsv").set_index("id")
    items = read(DATA / "perturbations.tsv.gz")
    items = items[items["pert_name"].isin([REPLACED, REFERENCE]) & items["src_lang"].isin(langs)].reset_index(drop=True)
    items["source"] = [base.loc[i, "source"] for i in items["id"]]
    items["mt"] = [o or base.loc[i, "mt_en"] for i, o in zip(items["id"], items["mt_sent_override"])]
    items["half"] = ["even" if int(i) % 2 == 0 else "odd" for i in items["id"]]
    print(f"DEMETR, source languages {langs}; BL006 span overlaps the replaced span\n")
    print("| half | lang | ne_replaced recall | any finding on ne_replaced | unperturbed MT rows | reference rows |")
    print("|---|---|---|---|---|---|")
    for half in ("even", "odd"):
        for lang in langs + ["all"]:
            part = items[(items["half"] == half) & ((items["src_lang"] == lang) | (lang == "all"))]
            group = part[part["pert_name"] == REPLACED]
            found = [replaced_names(r["source"], r["pert_sent"], r["src_lang"], "en") for _, r in group.iterrows()]
            hits = sum(hit(r, f) for (_, r), f in zip(group.iterrows(), found))
            clean = [replaced_names(r["source"], r["mt"], r["src_lang"], "en") for _, r in group.iterrows()]
            refs = part[part["pert_name"] == REFERENCE]
            fired = sum(bool(replaced_names(r["source"], r["pert_sent"], r["src_lang"], "en")) for _, r in refs.iterrows())
            print(f"| {half} | {lang} | {rate(hits, len(group))} | {rate(sum(map(bool, found)), len(group))} "
                  f"| {rate(sum(map(bool, clean)), len(group))} | {rate(fired, len(refs))} |")
            if args.show == half and lang != "all":
                for (_, r), f in zip(group.iterrows(), clean):
                    for x in f:
                        print(f"    CLEAN {r['id']} {lang}: {r['mt'][x.start:x.end]!r} — {x.evidence}\n      {r['source']}\n      {r['mt']}")
                for (_, r), f in zip(group.iterrows(), found):
                    if not hit(r, f):
                        print(f"    MISS {r['id']} {lang}: {r['diff_spans_json']} {[r['pert_sent'][x.start:x.end] for x in f]}\n      {r['source']}\n      {r['pert_sent']}")


if __name__ == "__main__":
    main()
