"""Cost of the bilingual family: WMT22 de→en ref_A and DiaBLa fr→en, source given, each audited twice in
one process (the second run is warm: the words looked up in the dictionary and lemmatizer databases
are remembered; the alignment cache is cleared).

    .venv/bin/python bench/bilingual_cost.py [--without | --without-antonym]

(`--without` drops the bilingual family, `--without-antonym` only BL004.)
"""
import resource
import sys
import time
sys.path.insert(0, "bench")
from false_alarms import human_sets
import audit.api as api
import audit.engine.chunks as run  # the families the chunks and block passes run
without = "--without" in sys.argv
if without:
    original = run.all_detectors
    run.all_detectors = lambda ref_minor=False: [d for d in original(ref_minor) if d.family != "bilingual"]
label = "without BL" if without else "with BL"
if "--without-antonym" in sys.argv:
    import audit.detectors.bilingual as bilingual
    bilingual.find_antonyms = lambda segment, src, tgt: iter(())
    label = "BL without BL004"
sets = human_sets()
for name in ("WMT22 de→en ref_A", "WMT22 de→en ref_A", "DiaBLa fr→en references", "DiaBLa fr→en references"):
    targets, sources, src, tgt = sets[name]
    from audit.bilingual.lexical import cached_alignment
    cached_alignment.cache_clear()
    t0 = time.time()
    r = api.run_audit(targets, sources, src_lang=src, tgt_lang=tgt)
    print(f"{label}: {name}: {len(targets)} segments in {time.time()-t0:.2f} s")
print(f"max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")
