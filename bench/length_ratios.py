"""Measure target/source length ratios per language pair on human translations; writes corpora/language/length_ratios.tsv."""
import pandas as pd, numpy as np
def read(p): return pd.read_csv(p, sep="\t", quoting=3, keep_default_na=False)
from pathlib import Path
D=str(Path(__file__).resolve().parent.parent.parent / "shared" / "data") + "/"
pairs={}
b=read(D+"demetr/base.tsv")
for lang,g in b.groupby("src_lang"):
    pairs[f"{lang}-en"]=[(s,t) for s,t in zip(g.source,g.reference_en)]
w=read(D+"wmt_general_triples/wmt22_deen.tsv"); pairs["de-en"]+= list(zip(w.source,w.ref_A))
f=read(D+"wmt_general_triples/wmt22_frde.tsv"); pairs["fr-de"]=list(zip(f.source,f.ref_A))
d=read(D+"diabla/diabla_utterances.tsv")
pairs["fr-en"]=list(zip(d[d.lp=="fr-en"].source,d[d.lp=="fr-en"].reference))
pairs["en-fr"]=list(zip(d[d.lp=="en-fr"].source,d[d.lp=="en-fr"].reference))
pairs["en-de"]=list(zip(w.ref_A,w.source))
out=["# Target/source length ratios (characters) measured on human translations in ../shared/data",
     "# (DEMETR references, WMT22 de-en/fr-de, DiaBLa), for source segments of 20+ characters.",
     "# en-de is WMT22 de-en read in reverse. Regenerate with: .venv/bin/python bench/length_ratios.py",
     "pair\tsegments\tmedian\tp01\tp99"]
for p,rows in sorted(pairs.items()):
    r=np.array([len(t)/len(s) for s,t in rows if len(s)>=20 and t])
    out.append(f"{p}\t{len(r)}\t{np.median(r):.3f}\t{np.percentile(r,1):.3f}\t{np.percentile(r,99):.3f}")
print("\n".join(out))
open(Path(__file__).resolve().parent.parent / "corpora" / "language" / "length_ratios.tsv", "w").write("\n".join(out)+"\n")
