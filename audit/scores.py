"""Reference-based scores: sacrebleu's sentence BLEU, chrF and TER per segment, and corpus scores with
sacrebleu's signature so a figure can be reproduced.

Only segments that have a reference are scored. The per-segment table is written beside the findings as
`<report>.segments.csv`; the corpus scores and their signatures go into the report's meta file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from audit.lazy import pandas as pd

METRICS = ("bleu", "chrf", "ter")
# TER costs ~17x BLEU and chrF together (bench/metric_cost.py, BENCHMARKS.md): asked for with --scores
DEFAULT_METRICS = ("bleu", "chrf")
SEGMENT_SCORE_COLUMNS = {"file": "object", "line": "int64", "id": "object", "references": "int64",
                         "bleu": "float64", "chrf": "float64", "ter": "float64"}


def parse_metrics(spec: str | None) -> tuple[str, ...]:
    """`--scores bleu,chrf` → ("bleu", "chrf"); "none" or "" → no scores; None → the defaults (BLEU and
    chrF). Raises ValueError on a typo."""
    if spec is None:
        return DEFAULT_METRICS
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
    rows = [(seg, references_of(seg)) for seg in segments.itertuples(index=False)]
    rows = [(str(seg.file), int(seg.line), str(seg.id), seg.target, refs) for seg, refs in rows if refs]
    width = max((len(row[4]) for row in rows), default=0)
    tally = CorpusScores(metrics)
    if not rows:
        return tally.frame([]), tally.result()
    tasks = [(rows[k:k + size], tuple(metrics), width) for size in [_slice(len(rows), jobs)]
             for k in range(0, len(rows), size)]
    parts = _in_parallel(score_rows, tasks, jobs if len(rows) >= PARALLEL_MIN_PAIRS else 1)
    return tally.frame([tally.add(part) for part in parts]), tally.result()


PARALLEL_MIN_PAIRS = 400  # fewer pairs are scored in this process: starting workers would cost more

ScoreRow = tuple  # (file, line, id, target, references)


def _slice(count: int, jobs: int) -> int:
    return max(1, -(-count // (max(jobs, 1) * 4)))


def score_rows(task: tuple[list[ScoreRow], tuple[str, ...], int]) -> "ScoredPart":
    """sacrebleu's statistics of each (target, references) row: the rows' sentence scores and the
    statistics summed for the corpus score. References are padded to `width` streams with the first."""
    rows, metrics, width = task
    hyps = [row[3] for row in rows]
    padded = [[refs[k] if k < len(refs) else refs[0] for k in range(width)] for *_, refs in rows]
    streams = [list(stream) for stream in zip(*padded)]
    sentence: dict[str, list[float]] = {}
    sums: dict[str, list] = {}
    for name in METRICS:
        if name not in metrics:
            continue
        stats = segment_statistics(_metric(name, effective_order=False), hyps, streams)
        single = _metric(name, effective_order=True)
        sentence[name] = [round(score_of_statistics(single, [s]).score, 4) for s in stats]
        sums[name] = [sum(column) for column in zip(*stats)]
    first = (hyps[0], padded[0]) if rows else None
    _forget_tokenized_lines()
    return ScoredPart([row[:3] + (len(row[4]),) for row in rows], sentence, sums, first)


# sacrebleu has no public call for "statistics of each segment" and "score of summed statistics": its
# `sentence_score` and `corpus_score` each extract the statistics themselves, so using them would extract
# every segment's twice (TER's are costly) and could not sum statistics computed in other processes or
# partitions. These two wrappers are the only uses of its private methods (present since sacrebleu 2.0);
# pyproject.toml pins the tested range, and tests/test_sacrebleu_api.py fails if they disappear or stop
# giving the figures of the public calls.

def segment_statistics(metric, hyps: list[str], streams: list[list[str]]) -> list:
    """sacrebleu's statistics of each hypothesis against its references (`streams`: one list per reference)."""
    return list(metric._extract_corpus_statistics(hyps, streams))


def score_of_statistics(metric, stats: list):
    """sacrebleu's score (a Score object) of the sum of the statistics `stats`."""
    return metric._aggregate_and_compute(stats)


def _forget_tokenized_lines() -> None:
    """Empty sacrebleu's tokenizer caches. Each tokenizer memoizes up to 65,536 lines; lines do not recur
    from one part to the next, so in a long run the caches only fill a worker's memory (measured: +45 MB
    per worker over 10,000 two-sentence pairs, and growing)."""
    import sys

    for name, module in list(sys.modules.items()):
        if name.startswith("sacrebleu.tokenizers."):
            for value in vars(module).values():
                call = getattr(value, "__call__", None) if isinstance(value, type) else None
                if hasattr(call, "cache_clear"):
                    call.cache_clear()


@dataclass
class ScoredPart:
    """Scores of some rows: (file, line, id, references) per row, sentence scores and summed statistics."""

    rows: list[tuple]
    sentence: dict[str, list[float]]
    sums: dict[str, list]
    first: tuple[str, list[str]] | None


class CorpusScores:
    """Sums the statistics of scored parts, in any number of parts, into corpus scores with signatures."""

    def __init__(self, metrics: Sequence[str]) -> None:
        self.metrics = [name for name in METRICS if name in metrics]
        self.sums: dict[str, list] = {}
        self.segments = 0
        self.first: tuple[str, list[str]] | None = None

    def add(self, part: ScoredPart) -> pd.DataFrame:
        """Count one part in; return its per-segment table."""
        for name, sums in part.sums.items():
            self.sums[name] = [a + b for a, b in zip(self.sums[name], sums)] if name in self.sums else list(sums)
        self.segments += len(part.rows)
        self.first = self.first or part.first
        frame = pd.DataFrame(part.rows, columns=["file", "line", "id", "references"])
        for name in METRICS:
            frame[name] = part.sentence.get(name, [float("nan")] * len(part.rows))
        return frame.astype(SEGMENT_SCORE_COLUMNS)[list(SEGMENT_SCORE_COLUMNS)]

    @staticmethod
    def frame(parts: list[pd.DataFrame]) -> pd.DataFrame:
        """The per-segment table of the parts, in order (typed and empty when there are none)."""
        if not parts:
            return pd.DataFrame({c: pd.Series(dtype=t) for c, t in SEGMENT_SCORE_COLUMNS.items()})
        return pd.concat(parts, ignore_index=True)

    def result(self) -> dict[str, dict]:
        """metric → score, sacrebleu signature and number of segments scored."""
        corpus: dict[str, dict] = {}
        if self.first is None:
            return corpus
        for name in self.metrics:
            whole = _metric(name, effective_order=False)
            hyp, refs = self.first
            whole.corpus_score([hyp], [[r] for r in refs])  # learns nrefs, for the signature
            result = score_of_statistics(whole, [self.sums[name]])
            corpus[name] = {"score": round(result.score, 4), "signature": str(whole.get_signature()),
                            "segments": self.segments}
        return corpus


def _in_parallel(function, tasks: list, jobs: int) -> list:
    """function over the tasks, in order, in this process or over `jobs` worker processes."""
    from audit.pool import InOrderPool

    with InOrderPool(function, jobs if len(tasks) > 1 else 1) as pool:
        return list(pool.map(tasks))


def references_of(segment) -> list[str]:
    """The non-blank references of a segment (a Segment or a segments-table row)."""
    first = getattr(segment, "reference", None)
    refs = [first] if isinstance(first, str) and first.strip() else []
    refs += [r for r in (getattr(segment, "more_references", ()) or ()) if r and r.strip()]
    return refs

