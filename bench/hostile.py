"""Hostile-input benchmark (issue 13, item 4): time and peak memory of `audit check` on inputs built to be
slow or large — runs of blank lines and one very long line.

    python bench/hostile.py                 # every case, on this checkout
    python bench/hostile.py --case 1m-blank-lines --timeout 120 --root /path/to/another/checkout

Each case runs `python -m audit check FILE --tgt-lang en -o OUT.csv` in a child process (all cores, the
default), through a small wrapper that reports the wall time and the peak resident set size of the audit
and its worker processes (getrusage of the children: the largest one). A case still running after
--timeout seconds is stopped and reported as "> TIMEOUT s". The inputs are written to a temporary
directory and removed afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = "the cat sat on a mat and said hello to the dog who was not there".split()


def blank_lines(count: int) -> str:
    return "He said the regime was over.. Nobody knows.\n" + "\n" * count + "The the end.\n"


def long_line(chars: int) -> str:
    import random

    chooser = random.Random(1)  # the same line every run
    words, size = [], 0
    while size < chars:
        word = chooser.choice(WORDS)
        words.append(word)
        size += len(word) + 1
    return " ".join(words)[:chars] + "\n"


CASES = {
    "40k-blank-lines": lambda: blank_lines(40_000),
    "1m-blank-lines": lambda: blank_lines(1_000_000),
    "50mb-line": lambda: long_line(50_000_000),
}

WRAPPER = """
import json, resource, subprocess, sys, time
start = time.monotonic()
try:
    code = subprocess.run(sys.argv[2:], timeout=float(sys.argv[1]), stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE).returncode
except subprocess.TimeoutExpired:
    code = None
seconds = time.monotonic() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
print(json.dumps({"exit": code, "seconds": seconds, "peak_rss": peak}))
"""


def measure(case: str, root: Path, timeout: float) -> dict:
    """Build the case's input, audit it in a child process and return its exit code, time and peak RSS."""
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"{case}.txt"
        target.write_text(CASES[case](), encoding="utf-8")
        audit = [sys.executable, "-m", "audit", "check", str(target), "--tgt-lang", "en", "-o",
                 str(Path(folder) / "out.csv"), "--no-progress"]
        env = {**os.environ, "PYTHONPATH": str(root)}
        # run from the temporary directory: from a checkout, `-m audit` would import that checkout's audit
        out = subprocess.run([sys.executable, "-c", WRAPPER, str(timeout), *audit], env=env, cwd=folder,
                             capture_output=True, text=True, check=True).stdout
        return {"case": case, "bytes": target.stat().st_size, **json.loads(out)}


def describe(result: dict, timeout: float) -> str:
    seconds = f"> {timeout:.0f} s (stopped)" if result["exit"] is None else f"{result['seconds']:.1f} s"
    return (f"{result['case']:<16} {result['bytes']:>12,} bytes  {seconds:>18}  "
            f"peak RSS {result['peak_rss'] / 1e6:,.0f} MB  exit {result['exit']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", choices=sorted(CASES), action="append", help="run only this case (repeatable)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose `audit` to measure")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds before a case is stopped")
    args = parser.parse_args()
    print(f"audit from {args.root}; {os.cpu_count()} cores; {time.strftime('%Y-%m-%d')}")
    for case in args.case or list(CASES):
        print(describe(measure(case, args.root, args.timeout), args.timeout), flush=True)


if __name__ == "__main__":
    main()
