"""BL002 on injected scale slips, with the command:

    .venv/bin/python bench/bilingual_magnitude.py

Every human translation in ../shared/data (WMT22 de→en ref_A/ref_B, fr→de, DiaBLa, DEMETR references)
whose source and target both carry a scaled number of the same value gets its target scale word swapped
(million ↔ billion, Millionen ↔ Milliarden, thousand → million); recall = flagged copies, false alarms =
flagged originals.
"""
import re
import sys
sys.path.insert(0, "bench")
from false_alarms import human_sets
from audit.api import run_audit
from audit.bilingual.markers import quantities

SWAPS = {"en": {"million": "billion", "billion": "million", "thousand": "million", "millions": "billions", "billions": "millions"},
         "de": {"Millionen": "Milliarden", "Milliarden": "Millionen", "Million": "Milliarde", "Milliarde": "Million", "Mio.": "Mrd.", "Mrd.": "Mio."},
         "fr": {"millions": "milliards", "milliards": "millions", "million": "milliard", "milliard": "million"}}
from eval_demetr import DATA, read
sets = dict(human_sets())
base = read(DATA / "base.tsv").set_index("id")
refs = read(DATA / "perturbations.tsv.gz")
refs = refs[refs["pert_name"] == "base_id35_reference"]
for lang, group in refs.groupby("src_lang"):
    sets[f"DEMETR references {lang}"] = (list(group["pert_sent"]), [base.loc[i, "source"] for i in group["id"]], lang, "en")
clean, injected, sources, meta = [], [], [], []
for name, (targets, srcs, src, tgt) in sets.items():
    for target, source in zip(targets, srcs):
        tq, sq = quantities(target, tgt), quantities(source, src)
        if not tq or not sq or not (set().union(*(q.values for q in tq)) & set().union(*(q.values for q in sq))):
            continue
        for word, other in SWAPS.get(tgt, {}).items():
            pattern = r"(?<=\d[\s\u00a0])" + re.escape(word) + r"(?!\w)"
            if re.search(pattern, target):
                injected.append((re.sub(pattern, other, target, count=1), source, src, tgt))
                clean.append((target, source, src, tgt))
                break
print(f"{len(injected)} segments with a scaled number in source and target")
for label, rows in (("injected", injected), ("untouched", clean)):
    flagged = 0
    for pair in sorted({(r[2], r[3]) for r in rows}):
        part = [r for r in rows if (r[2], r[3]) == pair]
        f = run_audit([r[0] for r in part], [r[1] for r in part], src_lang=pair[0], tgt_lang=pair[1]).findings
        flagged += f[f["rule"].str.contains("BL002")]["line"].nunique()
    print(f"{label}: {flagged}/{len(rows)} segments flagged by BL002")
