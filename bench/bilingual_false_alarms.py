"""BL findings per rule on the human translations in ../shared/data (bench/false_alarms.py's sets), source given.

    .venv/bin/python bench/bilingual_false_alarms.py FIRST LAST [show]

Audits segments FIRST..LAST of each set (0 2600: all of them); `show` prints every major+ BL finding.
"""
import sys
import time
sys.path.insert(0, "bench")
from false_alarms import human_sets
from audit.api import run_audit
lo, hi = int(sys.argv[1]), int(sys.argv[2])
show = len(sys.argv) > 3
tot_w = tot_s = 0
for name, (targets, sources, src, tgt) in human_sets().items():
    t0 = time.time()
    r = run_audit(targets[lo:hi], sources[lo:hi], src_lang=src, tgt_lang=tgt)
    f = r.findings
    bl = f[f["rule"].str.contains("BL")]
    serious = bl[bl.severity.isin(["major", "critical"])]
    tot_w += r.words; tot_s += len(serious)
    print(f"{name}: segments {lo}-{min(hi,len(targets))}, {r.words} words, BL findings {len(bl)}, major+ {len(serious)} = {1000*len(serious)/max(r.words,1):.2f}/1000; by rule {bl.rule.value_counts().to_dict()} ({time.time()-t0:.0f}s)")
    if show:
        for row in serious.itertuples():
            print("   ", row.rule, repr(row.phrase), "|", row.evidence[:110], "|", sources[lo+row.line-1][:150], "|", targets[lo+row.line-1][:150])
print(f"total: {tot_w} words, {tot_s} major+ = {1000*tot_s/tot_w:.2f}/1000")
