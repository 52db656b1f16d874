"""Segments per second of each reference score alone (sacrebleu statistics + sentence scores, as
`audit.scores.score_rows` computes them), on the same real WMT22 de→en pairs as bench/throughput.py.

    .venv/bin/python bench/metric_cost.py [--n 500] [--repeat 3]

Prints one line per metric: the median of `--repeat` timings, in segments per second, on one core.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from throughput import build_units  # noqa: E402

from audit.scores import METRICS, score_rows  # noqa: E402


def rate(rows: list[tuple], metric: str, repeat: int) -> float:
    """Median segments per second of `metric` alone over `rows`."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        score_rows((rows, (metric,), 1))
        times.append(time.perf_counter() - started)
    return len(rows) / statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    targets, _, references, _ = build_units(args.n)
    rows = [("mt.txt", k, str(k), t, (r,)) for k, (t, r) in enumerate(zip(targets, references), 1)]
    score_rows((rows[:5], METRICS, 1))  # sacrebleu imported and warmed before timing
    for metric in METRICS:
        print(f"{metric}\t{rate(rows, metric, args.repeat):,.0f} segments/s")


if __name__ == "__main__":
    main()
