"""Reference-based scores: sacrebleu's sentence BLEU, chrF and TER per segment, and corpus scores with
sacrebleu's signature so a figure can be reproduced.

Only segments that have a reference are scored. The per-segment table is written beside the findings as
`<report>.segments.csv`; the corpus scores and their signatures go into the report's meta file.
"""

from __future__ import annotations

from typing import Sequence

import pandas as pd

METRICS = ("bleu", "chrf", "ter")
SEGMENT_SCORE_COLUMNS = {"file": "object", "line": "int64", "id": "object", "references": "int64",
                         "bleu": "float64", "chrf": "float64", "ter": "float64"}


def parse_metrics(spec: str | None) -> tuple[str, ...]:
    """`--scores bleu,chrf` → ("bleu", "chrf"); "none" or "" → no scores. Raises ValueError on a typo."""
    if spec is None:
        return METRICS
    names = tuple(dict.fromkeys(p.strip().lower() for p in spec.split(",") if p.strip()))
    if names in ((), ("none",)):
        return ()
    unknown = [n for n in names if n not in METRICS]
    if unknown:
        raise ValueError(f"unknown score {unknown[0]!r}: choose from {', '.join(METRICS)} or none")
    return names


def _metric(name: str, effective_order: bool):
    from sacrebleu.metrics import BLEU, CHRF, TER

    if name == "bleu":
        return BLEU(effective_order=effective_order)
    return CHRF() if name == "chrf" else TER()


def segment_scores(segments: pd.DataFrame, metrics: Sequence[str] = METRICS) -> pd.DataFrame:
    """One row per segment with a reference: file, line, id, number of references and each metric."""
    scorers = {m: _metric(m, effective_order=True) for m in metrics}
    rows = []
    for seg in segments.itertuples(index=False):
        refs = _references(seg)
        if not refs:
            continue
        row = {"file": seg.file, "line": int(seg.line), "id": str(seg.id), "references": len(refs)}
        for name in METRICS:
            row[name] = round(scorers[name].sentence_score(seg.target, refs).score, 4) if name in scorers else float("nan")
        rows.append(row)
    frame = pd.DataFrame(rows, columns=list(SEGMENT_SCORE_COLUMNS))
    return frame.astype(SEGMENT_SCORE_COLUMNS)


def corpus_scores(segments: pd.DataFrame, metrics: Sequence[str] = METRICS) -> dict[str, dict]:
    """Corpus score and sacrebleu signature per metric, over the segments that have a reference.

    Segments with fewer references than the most any segment has repeat their first one, as sacrebleu
    needs the same number of reference streams for every segment.
    """
    pairs = [(seg.target, _references(seg)) for seg in segments.itertuples(index=False)]
    pairs = [(t, r) for t, r in pairs if r]
    if not pairs or not metrics:
        return {}
    width = max(len(r) for _, r in pairs)
    hyps = [t for t, _ in pairs]
    streams = [[r[k] if k < len(r) else r[0] for _, r in pairs] for k in range(width)]
    out = {}
    for name in metrics:
        metric = _metric(name, effective_order=False)
        result = metric.corpus_score(hyps, streams)
        out[name] = {"score": round(result.score, 4), "signature": str(metric.get_signature()),
                     "segments": len(pairs)}
    return out


def _references(seg) -> list[str]:
    first = getattr(seg, "reference", None)
    refs = [first] if isinstance(first, str) and first.strip() else []
    refs += [r for r in (getattr(seg, "more_references", ()) or ()) if r and r.strip()]
    return refs
