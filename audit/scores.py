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


def score(segments: pd.DataFrame, metrics: Sequence[str] = METRICS, jobs: int = 1) -> tuple[pd.DataFrame, dict[str, dict]]:
    """Per-segment scores (one row per segment with a reference: file, line, id, number of references and
    each metric) and corpus scores with sacrebleu signatures.

    Each segment's statistics are extracted once and serve both: the sentence score is computed from the
    segment's own statistics (BLEU with effective order, as `sentence_bleu` does), the corpus score from
    their sum — the same figures as `sentence_score` and `corpus_score`, at half the cost (TER is costly).
    Segments with fewer references than the most any segment has repeat their first one: sacrebleu needs
    the same number of reference streams throughout, and a repeated reference changes no score.
    The statistics (TER's are costly) are extracted over `jobs` processes.
    """
    rows = [(seg, _references(seg)) for seg in segments.itertuples(index=False)]
    rows = [(seg, refs) for seg, refs in rows if refs]
    frame = pd.DataFrame({
        "file": [seg.file for seg, _ in rows], "line": [int(seg.line) for seg, _ in rows],
        "id": [str(seg.id) for seg, _ in rows], "references": [len(refs) for _, refs in rows],
    })
    corpus: dict[str, dict] = {}
    width = max((len(refs) for _, refs in rows), default=0)
    pairs = [(seg.target, [refs[k] if k < len(refs) else refs[0] for k in range(width)]) for seg, refs in rows]
    chosen = [name for name in METRICS if name in metrics]
    statistics = _statistics_in_parallel(pairs, chosen, jobs) if rows else {}
    for name in METRICS:
        if name not in statistics:
            frame[name] = float("nan")
            continue
        whole, single = _metric(name, effective_order=False), _metric(name, effective_order=True)
        stats = statistics[name]
        frame[name] = [round(single._aggregate_and_compute([s]).score, 4) for s in stats]
        whole._extract_corpus_statistics([pairs[0][0]], [[r] for r in pairs[0][1]])  # learns nrefs, for the signature
        result = whole._aggregate_and_compute(stats)
        corpus[name] = {"score": round(result.score, 4), "signature": str(whole.get_signature()),
                        "segments": len(rows)}
    return frame.astype(SEGMENT_SCORE_COLUMNS)[list(SEGMENT_SCORE_COLUMNS)], corpus


PARALLEL_MIN_PAIRS = 400  # fewer pairs are scored in this process: starting workers would cost more


def segment_statistics(task: tuple[list[tuple[str, list[str]]], tuple[str, ...]]) -> dict[str, list]:
    """sacrebleu's sufficient statistics of each (hypothesis, references) pair, per metric."""
    pairs, metrics = task
    hyps = [h for h, _ in pairs]
    streams = [list(refs) for refs in zip(*(r for _, r in pairs))]
    return {name: list(_metric(name, effective_order=False)._extract_corpus_statistics(hyps, streams))
            for name in metrics}


def _statistics_in_parallel(pairs: list[tuple[str, list[str]]], metrics: list[str], jobs: int) -> dict[str, list]:
    """segment_statistics over slices of the pairs in `jobs` processes, concatenated in order."""
    if jobs <= 1 or len(pairs) < PARALLEL_MIN_PAIRS:
        return segment_statistics((pairs, tuple(metrics)))
    from concurrent.futures import ProcessPoolExecutor

    from audit.api import _quiet_worker

    size = -(-len(pairs) // (jobs * 4))
    tasks = [(pairs[k:k + size], tuple(metrics)) for k in range(0, len(pairs), size)]
    merged: dict[str, list] = {name: [] for name in metrics}
    with ProcessPoolExecutor(max_workers=jobs, initializer=_quiet_worker) as pool:
        for part in pool.map(segment_statistics, tasks):
            for name in metrics:
                merged[name].extend(part[name])
    return merged


def _references(seg) -> list[str]:
    first = getattr(seg, "reference", None)
    refs = [first] if isinstance(first, str) and first.strip() else []
    refs += [r for r in (getattr(seg, "more_references", ()) or ()) if r and r.strip()]
    return refs
