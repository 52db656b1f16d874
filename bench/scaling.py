"""Scaling of `audit check` (issue 18, item 3): two processes against one, the Dask engine against the
local one, and the peak memory of every process at a million segments.

    .venv/bin/python bench/scaling.py [--size 100000] [--rounds 2] [--memory-size 1000000]
                                      [--parts jobs,dask,memory] [--no-append]

The units are `throughput.build_units` (seeded WMT22 de→en pairs, German source), written once as
line-aligned text files. Runs that are compared alternate (A B A B ...) so that a change in the load of a
shared machine falls on both sides; the load average is recorded before each run and the medians are
quoted.

- jobs: `--jobs 1` against `--jobs 2`, reference-free and with the source.
- dask: `--engine dask --jobs 2` (a LocalCluster of two worker processes, one thread each) against the
  local engine `--jobs 2`, reference-free and with the source.
- memory (reference-free) and memory-source (with the source): `--jobs 2` on `--memory-size` units (the
  streamed path), once, under `/usr/bin/time -v` (its maximum resident set is that of the largest single
  process) while `throughput.measure` samples the resident memory summed over the whole process tree
  every 100 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from benchfile import append, heading
from throughput import PYTHON, build_units, measure


def write_units(folder: Path, n: int) -> dict[str, Path]:
    """Target and source of `n` units as text files; the distinct target count is returned as well."""
    targets, sources, _, distinct = build_units(n)
    files = {"tgt": folder / f"tgt.{n}.txt", "src": folder / f"src.{n}.txt"}
    files["tgt"].write_text("\n".join(targets) + "\n", encoding="utf-8")
    files["src"].write_text("\n".join(sources) + "\n", encoding="utf-8")
    return {**files, "distinct": distinct}


def audit_command(files: dict, mode: str, jobs: int, engine: str, out: Path) -> list[str]:
    extra = ["--src-lang", "de"] if mode == "reference-free" else ["--src", str(files["src"])]
    return [PYTHON, "-m", "audit", "check", str(files["tgt"]), "--tgt-lang", "en", *extra, "--jobs", str(jobs),
            "--engine", engine, "--progress", "-o", str(out)]


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def alternate(sides: dict[str, list[str]], rounds: int) -> dict[str, list[dict]]:
    """Run each side once per round, in turn, recording the load before each run."""
    runs: dict[str, list[dict]] = {name: [] for name in sides}
    for r in range(rounds):
        for name, command in sides.items():
            before = load()
            elapsed, peak, _, first = measure(command)
            runs[name].append({"seconds": elapsed, "peak": peak, "load": before, "first": first})
            print(f"round {r + 1} {name}: {elapsed:.2f} s, {peak / 2**20:.0f} MB, load {before}", flush=True)
    return runs


def table(n: int, runs: dict[str, list[dict]]) -> list[str]:
    lines = ["| run | load before each run | seconds, each run | median s | segments/s | peak RSS MB (max) |",
             "|:--|:--|:--|--:|--:|--:|"]
    for name, rs in runs.items():
        median = statistics.median(r["seconds"] for r in rs)
        lines.append(f"| {name} | {', '.join(r['load'] for r in rs)} | {' '.join(format(r['seconds'], '.2f') for r in rs)} "
                     f"| {median:.2f} | {n / median:,.0f} | {max(r['peak'] for r in rs) / 2**20:.0f} |")
    return lines


def ratio_line(runs: dict[str, list[dict]], slow: str, fast: str, what: str) -> str:
    a = statistics.median(r["seconds"] for r in runs[slow])
    b = statistics.median(r["seconds"] for r in runs[fast])
    return f"- {what}: {a / b:.2f} (median {slow} {a:.2f} s / median {fast} {b:.2f} s)"


def compare_jobs(files: dict, n: int, rounds: int, folder: Path) -> list[str]:
    text = []
    for mode in ("reference-free", "with source"):
        sides = {f"{mode}, --jobs {j}": audit_command(files, mode, j, "local", folder / f"jobs{j}.csv") for j in (1, 2)}
        runs = alternate(sides, rounds)
        text += table(n, runs) + ["", ratio_line(runs, *sides, f"{mode}: `--jobs 2` speed-up over `--jobs 1`"), ""]
    return text


def compare_dask(files: dict, n: int, rounds: int, folder: Path) -> list[str]:
    text = []
    for mode in ("reference-free", "with source"):
        sides = {f"{mode}, local --jobs 2": audit_command(files, mode, 2, "local", folder / "local.csv"),
                 f"{mode}, dask LocalCluster --jobs 2": audit_command(files, mode, 2, "dask", folder / "dask.csv")}
        runs = alternate(sides, rounds)
        names = list(sides)
        text += table(n, runs) + ["", ratio_line(runs, names[1], names[0], f"{mode}: Dask time / local time"), ""]
    return text


def memory(files: dict, n: int, folder: Path, mode: str = "reference-free") -> list[str]:
    timing = folder / "time.txt"
    command = ["/usr/bin/time", "-v", "-o", str(timing), *audit_command(files, mode, 2, "local", folder / "big.csv")]
    before = load()
    elapsed, peak, _, first = measure(command)
    largest = next(int(line.split()[-1]) for line in timing.read_text().splitlines() if "Maximum resident" in line)
    cpu = sum(float(line.split()[-1]) for line in timing.read_text().splitlines()
              if "User time" in line or "System time" in line)
    return ["| run | load before | seconds | segments/s | CPU s (user+sys, all processes) | peak RSS MB, all processes "
            "(sampled) | max RSS MB, largest process (/usr/bin/time) | first progress s |",
            "|:--|:--|--:|--:|--:|--:|--:|--:|",
            f"| {mode}, --jobs 2, {n:,} units | {before} | {elapsed:.1f} | {n / elapsed:,.0f} | {cpu:.1f} "
            f"| {peak / 2**20:.0f} | {largest / 1024:.0f} | {first} |", ""]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--memory-size", type=int, default=1000000)
    parser.add_argument("--parts", default="jobs,dask,memory")
    parser.add_argument("--no-append", action="store_true")
    args = parser.parse_args()
    parts = args.parts.split(",")
    started = time.perf_counter()
    text: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if "jobs" in parts or "dask" in parts:
            files = write_units(folder, args.size)
            note = f"{args.size:,} units ({files['distinct']:,} distinct targets)"
            if "jobs" in parts:
                text += [f"**`--jobs 2` against `--jobs 1`**, {note}, alternating, {args.rounds} rounds:", ""]
                text += compare_jobs(files, args.size, args.rounds, folder)
            if "dask" in parts:
                text += [f"**Dask engine against the local engine**, {note}, alternating, {args.rounds} rounds:", ""]
                text += compare_dask(files, args.size, args.rounds, folder)
        if "memory" in parts or "memory-source" in parts:
            files = write_units(folder, args.memory_size)
            text += [f"**Memory at {args.memory_size:,} units** ({files['distinct']:,} distinct targets, streamed):", ""]
            for part, mode in (("memory", "reference-free"), ("memory-source", "with source")):
                if part in parts:
                    text += memory(files, args.memory_size, folder, mode)
    command = (f".venv/bin/python bench/scaling.py --size {args.size} --rounds {args.rounds} "
               f"--memory-size {args.memory_size} --parts {args.parts}")
    out = heading(command, "scaling (issue 18, item 3)") + "\n".join(text) + \
        f"\nThe whole run took {time.perf_counter() - started:.0f} s.\n"
    print("\n" + out)
    if not args.no_append:
        append(out)


if __name__ == "__main__":
    main()
