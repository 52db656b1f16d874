"""Recall of the BL rules per DEMETR perturbation (source given, no reference), for the source languages
given (default de,es,it: those with a FreeDict dictionary into English), with the whole auditor's recall
beside it and BL's false alarms on DEMETR's human reference rows (held out: never used to tune).

    .venv/bin/python bench/bilingual_demetr.py [de,es,it]
"""
import sys
sys.path.insert(0, "bench")
from eval_demetr import DATA, read, audit_items, is_found

NAMES = ["critical_id8_negation", "critical_id7_antonym", "critical_id6_addition", "critical_id23_noun_removed",
         "critical_id22_verb_removed", "critical_id24_subj_removed", "critical_id21_adj_adv_removed",
         "critical_id25_ne_removed", "critical_id10_numbers_replaced", "critical_id9_ne_replaced", "base_id35_reference"]
langs = sys.argv[1].split(",") if len(sys.argv) > 1 else ["de", "es", "it"]
base = read(DATA / "base.tsv").set_index("id")
items = read(DATA / "perturbations.tsv.gz")
items = items[items["pert_name"].isin(NAMES) & items["src_lang"].isin(langs)].reset_index(drop=True)
items["source"] = [base.loc[i, "source"] for i in items["id"]]
findings = audit_items(items, True)
everything = findings
findings = findings[findings["rule"].str.contains("BL")]
by_row = {row: g for row, g in findings.groupby("row")}
all_by_row = {row: g for row, g in everything.groupby("row")}
empty = findings.iloc[0:0]
print(f"source languages {langs}; {len(items)} items")
print("| perturbation | items | BL recall | BL any finding | whole auditor recall |")
print("|---|---|---|---|---|")
for name, group in items.groupby("pert_name", sort=True):
    found = sum(is_found(item, by_row.get(i, empty)) for i, item in group.iterrows())
    found_all = sum(is_found(item, all_by_row.get(i, empty)) for i, item in group.iterrows())
    flagged = sum(i in by_row for i in group.index)
    print(f"| {name} | {len(group)} | {found/len(group):.3f} | {flagged/len(group):.3f} | {found_all/len(group):.3f} |")
refs = items[items["pert_name"] == "base_id35_reference"]
rf = findings[findings["row"].isin(refs.index)]
words = sum(len(t.split()) for t in refs["pert_sent"])
serious = rf[rf["severity"].isin(["major", "critical"])]
print(f"reference rows (human, held out): {len(refs)} items, {words} words, BL major+ {len(serious)} = {1000*len(serious)/words:.2f} per 1,000 words; by rule {serious['rule'].value_counts().to_dict()}")
for row in serious.itertuples():
    print("   ", row.rule, repr(row.phrase), "|", row.evidence[:100], "|", items.loc[row.row, "source"][:120], "|", items.loc[row.row, "pert_sent"][:120])
neg = items[items["pert_name"] == "critical_id8_negation"]
for lang, group in neg.groupby("src_lang"):
    found = sum(is_found(item, by_row.get(i, empty)) for i, item in group.iterrows())
    halves = {name: group[group["id"].astype(int) % 2 == parity] for name, parity in (("even", 0), ("odd", 1))}
    split = {name: sum(is_found(item, by_row.get(i, empty)) for i, item in half.iterrows()) for name, half in halves.items()}
    print(f"negation recall, source {lang}: {found}/{len(group)} = {found/len(group):.3f}; "
          + "; ".join(f"{name} ids {split[name]}/{len(half)} = {split[name]/max(len(half), 1):.3f}" for name, half in halves.items()))
