"""BL004 (antonym) on DEMETR, source given, no reference: recall on `critical_id7_antonym` per source
language, items with an even numeric `id` (tuned on) and odd (held out) apart, and BL004's findings on the
error-free rows: the human references (`base_id35_reference`) and the unperturbed MT (`mt_en` of base.tsv).

    .venv/bin/python bench/bilingual_antonym.py [de,es,it]

Each item is audited as its own document by the whole auditor (bench/eval_demetr.py's `audit_items`); an
item counts as found when a BL004 finding overlaps the perturbed span.
"""
import sys

import pandas as pd

sys.path.insert(0, "bench")
from eval_demetr import DATA, audit_items, is_found, read

RULE = "BL004"


def main(langs: list[str]) -> None:
    base = read(DATA / "base.tsv").set_index("id")
    items = read(DATA / "perturbations.tsv.gz")
    items = items[items["src_lang"].isin(langs) & items["pert_name"].isin(["critical_id7_antonym", "base_id35_reference"])]
    mt = base[base["src_lang"].isin(langs)].reset_index()
    mt = pd.DataFrame({"id": mt["id"], "src_lang": mt["src_lang"], "pert_name": "unperturbed_mt", "pert_sent": mt["mt_en"],
                       "diff_spans_json": "[]"})
    items = pd.concat([items, mt], ignore_index=True)
    items["source"] = [base.loc[i, "source"] for i in items["id"]]
    findings = audit_items(items, True)
    findings = findings[findings["rule"] == RULE]
    by_row = {row: group for row, group in findings.groupby("row")}
    empty = findings.iloc[0:0]
    antonyms = items[items["pert_name"] == "critical_id7_antonym"]
    print(f"DEMETR critical_id7_antonym, source given, no reference; {RULE} recall (source languages {','.join(langs)})")
    print("| source | even ids (tuned on) | odd ids (held out) | all |")
    print("|---|---|---|---|")
    for lang in langs + ["all"]:
        group = antonyms if lang == "all" else antonyms[antonyms["src_lang"] == lang]
        cells = []
        for part in (group[group["id"] % 2 == 0], group[group["id"] % 2 == 1], group):
            found = sum(is_found(item, by_row.get(i, empty)) for i, item in part.iterrows())
            cells.append(f"{found}/{len(part)} = {found / max(len(part), 1):.3f}")
        print(f"| {lang} | " + " | ".join(cells) + " |")
    for name, label in (("base_id35_reference", "human references"), ("unperturbed_mt", "unperturbed MT")):
        rows = items[items["pert_name"] == name]
        hits = findings[findings["row"].isin(rows.index)]
        words = sum(len(t.split()) for t in rows["pert_sent"])
        print(f"{label}: {len(rows)} rows, {words} words, {RULE} findings {len(hits)} = {1000 * len(hits) / words:.2f} per 1,000 words")
        for row in hits.itertuples():
            print("   ", repr(row.phrase), "|", row.evidence, "|", items.loc[row.row, "source"][:100], "|", items.loc[row.row, "pert_sent"][:100])


if __name__ == "__main__":
    main(sys.argv[1].split(",") if len(sys.argv) > 1 else ["de", "es", "it"])
