"""Scaling of `audit check` (issue 18, item 3): two processes against one, the Dask engine against the
local one, and the peak memory of every process at a million segments.

    .venv/bin/python bench/scaling.py [--size 100000] [--rounds 2] [--memory-size 1000000]
                                      [--parts jobs,dask,memory,serial] [--small-size 1000] [--no-append]

The units are `throughput.build_units` (seeded WMT22 de→en pairs, German source), written once as
line-aligned text files. Runs that are compared alternate (A B A B ...) so that a change in the load of a
shared machine falls on both sides; the load average is recorded before each run and the medians are
quoted.

- jobs: `--jobs 1` against `--jobs 2`, reference-free and with the source.
- dask: `--engine dask --jobs 2` (a LocalCluster of two worker processes, one thread each) against the
  local engine `--jobs 2`, reference-free and with the source.
- serial: CPU seconds rather than wall time, for a busy machine: of the program itself and of its worker
  processes (`getrusage`), `--jobs 2` on `--size` units in both modes, and the Dask engine against the
  local one on `--small-size` units, where the Dask cluster's fixed cost dominates. The program's CPU is
  the part that does not run on the workers (reading, handing out chunks, whole-document passes,
  finishing and writing the report; with Dask, also the LocalCluster's scheduler).
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


# `audit` run in this interpreter, reporting at exit its own CPU and that of its (waited-for) children
CPU_WRAPPER = """import atexit, resource, sys
def report():
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"CPU {own.ru_utime + own.ru_stime:.3f} {children.ru_utime + children.ru_stime:.3f}", file=sys.stderr)
if __name__ == "__main__":
    atexit.register(report)
    from audit.cli import main
    sys.argv = ["audit", *sys.argv[1:]]
    main()
"""


def cpu_run(command: list[str]) -> dict:
    """Wall seconds and the CPU seconds of the program and of its workers, for an `audit_command`."""
    import subprocess

    wrapped = [PYTHON, "-c", CPU_WRAPPER, *command[3:]]  # command[:3] is PYTHON -m audit
    before, started = load(), time.perf_counter()
    proc = subprocess.run(wrapped, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    own, workers = (float(x) for x in proc.stderr.strip().splitlines()[-1].split()[1:])
    return {"wall": wall, "program": own, "workers": workers, "load": before}


def compare_cpu(sides: dict[str, list[str]], rounds: int) -> list[str]:
    """The sides in turn, `rounds` times: wall, program CPU and workers' CPU of each run."""
    runs: dict[str, list[dict]] = {name: [] for name in sides}
    for _ in range(rounds):
        for name, command in sides.items():
            runs[name].append(cpu_run(command))
            print(name, runs[name][-1], flush=True)
    lines = ["| run | load before each run | wall s | program CPU s | workers' CPU s |", "|:--|:--|:--|:--|:--|"]
    for name, rs in runs.items():
        cells = [", ".join(r["load"] for r in rs)] + [" ".join(format(r[k], ".2f") for r in rs)
                                                       for k in ("wall", "program", "workers")]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines + [""]


def serial(files: dict, small: dict, n: int, m: int, rounds: int, folder: Path) -> list[str]:
    text = [f"**The program's CPU with `--jobs 2`**, {n:,} units (CPU seconds: `getrusage` of the program and of "
            f"its workers), {rounds} rounds:", ""]
    text += compare_cpu({f"{mode}, --jobs 2": audit_command(files, mode, 2, "local", folder / "serial.csv")
                         for mode in ("reference-free", "with source")}, rounds)
    text += [f"**Dask's fixed cost**, {m:,} units reference-free, `--jobs 2`, alternating, {rounds} rounds:", ""]
    text += compare_cpu({engine: audit_command(small, "reference-free", 2, engine, folder / f"small-{engine}.csv")
                         for engine in ("local", "dask")}, rounds)
    return text


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
    parser.add_argument("--small-size", type=int, default=1000)
    parser.add_argument("--no-append", action="store_true")
    args = parser.parse_args()
    parts = args.parts.split(",")
    started = time.perf_counter()
    text: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if "jobs" in parts or "dask" in parts or "serial" in parts:
            files = write_units(folder, args.size)
            note = f"{args.size:,} units ({files['distinct']:,} distinct targets)"
            if "jobs" in parts:
                text += [f"**`--jobs 2` against `--jobs 1`**, {note}, alternating, {args.rounds} rounds:", ""]
                text += compare_jobs(files, args.size, args.rounds, folder)
            if "dask" in parts:
                text += [f"**Dask engine against the local engine**, {note}, alternating, {args.rounds} rounds:", ""]
                text += compare_dask(files, args.size, args.rounds, folder)
            if "serial" in parts:
                small = write_units(folder, args.small_size)
                text += serial(files, small, args.size, args.small_size, args.rounds, folder)
        if "memory" in parts or "memory-source" in parts:
            files = write_units(folder, args.memory_size)
            text += [f"**Memory at {args.memory_size:,} units** ({files['distinct']:,} distinct targets, streamed):", ""]
            for part, mode in (("memory", "reference-free"), ("memory-source", "with source")):
                if part in parts:
                    text += memory(files, args.memory_size, folder, mode)
    command = (f".venv/bin/python bench/scaling.py --size {args.size} --rounds {args.rounds} "
               f"--memory-size {args.memory_size} --small-size {args.small_size} --parts {args.parts}")
    out = heading(command, "scaling (issue 18, item 3)") + "\n".join(text) + \
        f"\nThe whole run took {time.perf_counter() - started:.0f} s.\n"
    print("\n" + out)
    if not args.no_append:
        append(out)


if __name__ == "__main__":
    main()
