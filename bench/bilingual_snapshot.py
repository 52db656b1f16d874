"""Every BL finding on a fixed sample, one line each, for comparing two versions of the layer (a speed-up
must not change what it finds): the human translations of bench/false_alarms.py (segments FIRST..LAST of
each set) and the DEMETR items of bench/bilingual_demetr.py (same perturbations) for the source languages given.

    .venv/bin/python bench/bilingual_snapshot.py FIRST LAST [de,es,it] > before.tsv
    ... change the code ...
    .venv/bin/python bench/bilingual_snapshot.py FIRST LAST [de,es,it] > after.tsv && diff before.tsv after.tsv
"""
import sys
sys.path.insert(0, "bench")
from false_alarms import human_sets
from eval_demetr import DATA, read, audit_items
from audit.api import run_audit

lo, hi = int(sys.argv[1]), int(sys.argv[2])
langs = sys.argv[3].split(",") if len(sys.argv) > 3 else ["de", "es", "it"]
NAMES = ["critical_id8_negation", "critical_id7_antonym", "critical_id6_addition", "critical_id23_noun_removed",
         "critical_id22_verb_removed", "critical_id24_subj_removed", "critical_id21_adj_adv_removed",
         "critical_id25_ne_removed", "critical_id10_numbers_replaced", "critical_id9_ne_replaced", "base_id35_reference"]
COLUMNS = ["rule", "severity", "start", "end", "phrase", "evidence", "suggestion"]


def show(label: str, findings) -> None:
    bl = findings[findings["rule"].str.startswith("BL")]
    for row in bl.sort_values(["where", "rule", "start"]).itertuples():
        print(label, row.where, *(getattr(row, c) for c in COLUMNS), sep="\t")
    print(f"# {label}: {len(bl)} BL findings", file=sys.stderr)


for name, (targets, sources, src, tgt) in human_sets().items():
    findings = run_audit(targets[lo:hi], sources[lo:hi], src_lang=src, tgt_lang=tgt).findings.copy()
    findings["where"] = findings["line"]
    show(name, findings)
base = read(DATA / "base.tsv").set_index("id")
items = read(DATA / "perturbations.tsv.gz")
items = items[items["pert_name"].isin(NAMES) & items["src_lang"].isin(langs)].reset_index(drop=True)
items["source"] = [base.loc[i, "source"] for i in items["id"]]
findings = audit_items(items, True)
findings["where"] = findings["row"]
show(f"DEMETR {','.join(langs)}", findings)
