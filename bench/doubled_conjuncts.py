"""FL004 (doubled conjunct) on real translations: how often it fires on human translations (false alarms) and
on MT, and, on MQM-annotated MT, whether the raters marked an error where it fires. Source given.

    PYTHONPATH=. .venv/bin/python bench/doubled_conjuncts.py

Sets: WMT22 de→en (two human references, nine MT systems) and fr→de (one reference, seven systems), DiaBLa
fr→en and en→fr (MT and references), MQM TED zh→en and en→de (MT and human rows, with the raters' error
spans: one row per system and segment, the first rater's). Every MT finding is printed to be read.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from audit.engine.run import audit_segments

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
CODE = "FL004"


def read_tsv(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, sep="\t", quoting=3, keep_default_na=False, dtype=str)


def sets() -> dict[str, tuple[list[str], list[str], str, str, list | None]]:
    """name → (targets, sources, source language, target language, rater spans or None)."""
    out: dict[str, tuple] = {}
    for pair, (src, tgt) in {"wmt22_deen": ("de", "en"), "wmt22_frde": ("fr", "de")}.items():
        table = read_tsv(DATA / "wmt_general_triples" / f"{pair}.tsv")
        refs = [c for c in table.columns if c.startswith("ref_")]
        mts = [c for c in table.columns if c.startswith("mt_")]
        out[f"{pair} human"] = (sum((list(table[c]) for c in refs), []), list(table["source"]) * len(refs), src, tgt, None)
        out[f"{pair} MT"] = (sum((list(table[c]) for c in mts), []), list(table["source"]) * len(mts), src, tgt, None)
    dia = read_tsv(DATA / "diabla" / "diabla_utterances.tsv")
    for lp in ("fr-en", "en-fr"):
        rows = dia[dia["lp"] == lp]
        src, tgt = lp.split("-")
        out[f"DiaBLa {lp} human"] = (list(rows["reference"]), list(rows["source"]), src, tgt, None)
        out[f"DiaBLa {lp} MT"] = (list(rows["mt"]), list(rows["source"]), src, tgt, None)
    for lp in ("zhen", "ende"):
        seen: dict[tuple, dict] = {}
        for line in (DATA / "mqm_google_ted" / f"mqm_ted_{lp}.jsonl").open(encoding="utf-8"):
            record = json.loads(line)
            seen.setdefault((record["system"], record["seg_id"]), record)
        records = list(seen.values())
        src, tgt = lp[:2], lp[2:]
        for human in (True, False):
            chosen = [r for r in records if r["is_human_reference"] == human]
            out[f"MQM TED {src}→{tgt} {'human' if human else 'MT'}"] = (
                [r["target"] for r in chosen], [r["source"] for r in chosen], src, tgt,
                [[(e["start"], e["end"]) for e in r["errors"] if e.get("side") == "target"] for r in chosen])
    return out


def audit(targets: list[str], sources: list[str], src: str, tgt: str) -> pd.DataFrame:
    segments = pd.DataFrame({
        "file": "set", "line": range(1, len(targets) + 1), "id": [str(i) for i in range(len(targets))],
        "target": targets, "source": sources, "reference": None, "src_lang": src, "tgt_lang": tgt,
    })
    findings = audit_segments(segments)
    return findings[findings["rule"].str.split("+").map(lambda codes: CODE in codes)]


def main() -> None:
    rows = []
    for name, (targets, sources, src, tgt, spans) in sets().items():
        found = audit(targets, sources, src, tgt)
        words = sum(len(t.split()) for t in targets)
        marked = None
        if spans is not None:
            marked = sum(any(s < int(f.end) and int(f.start) < e for s, e in spans[int(f.line) - 1])
                         for f in found.itertuples())
        rows.append({"set": name, "segments": len(targets), "words": words, "FL004": len(found),
                     "per 1,000 words": round(1000 * len(found) / max(words, 1), 3),
                     "overlapping a rater's error span": "" if marked is None else marked})
        if "MT" in name or len(found):
            for f in found.itertuples():
                print(f"{name}: {f.phrase!r} | {targets[int(f.line) - 1][:110]!r}")
    print(pd.DataFrame(rows).to_markdown(index=False))


if __name__ == "__main__":
    main()
