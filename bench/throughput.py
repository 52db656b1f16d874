"""Throughput and memory of `audit check`, side by side with the peers, on real MT text.

    .venv/bin/pip install translate-toolkit tabulate   # pofilter, the peer (GPL: benchmark only, never a
                                                       # dependency), and pandas' Markdown tables
    .venv/bin/python bench/throughput.py [--sizes 10000,100000] [--ref-sizes 10000,100000] [--jobs 1,2]
                                         [--no-peers] [--no-append]
    .venv/bin/python bench/throughput.py --quick   # under 2 minutes: run it before and after a change

`--quick` measures the start-up (a one-line file, one that loads the language-ID model, `--version`,
`rules`, and sacrebleu's CLI, taking turns; median of 5) and 1,000 segments
reference-free and with source (`--jobs 1` and every core) and 200 with a reference, without the peers,
and appends nothing: compare its table before and after your change on the same machine, back to back.
The audit runs as `python -m audit` from this checkout (not whatever `audit` is installed).

Inputs are built from ../shared/data/wmt_general_triples/wmt22_deen.tsv (German sources, two human
references, nine MT systems): each unit joins two random rows (seeded) — target = MT output of one system
for both rows, source and reference likewise — so a large set holds far more distinct segments than the
file has lines and no cache can inflate the figures; the distinct count is reported.

Modes: reference-free (target only, --src-lang de), with source (--src), with reference (--src --ref).
`audit` runs with --progress on a pipe: "first progress s" is when its first line with a findings count
appeared on stderr.
Peers, each run as it runs by default (one process): translate-toolkit's `pofilter` (all checks) on the
same units as a PO file, for the first two modes; sacrebleu's sentence BLEU + chrF + TER alone on the same
pairs, for the third. Peak RSS sums every process of the run (sampled every 100 ms). The table is printed
and appended to BENCHMARKS.md with the machine and date.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pandas as pd
from benchfile import ROOT, append, heading, read_wmt22

PYTHON = sys.executable
BIN = Path(PYTHON).parent


def build_units(n: int, seed: int = 7) -> tuple[list[str], list[str], list[str], int]:
    table, systems = read_wmt22()
    rng = random.Random(seed)
    rows = len(table)
    targets, sources, references = [], [], []
    for _ in range(n):
        a, b, system = rng.randrange(rows), rng.randrange(rows), rng.choice(systems)
        targets.append(f"{table.at[a, system]} {table.at[b, system]}")
        sources.append(f"{table.at[a, 'source']} {table.at[b, 'source']}")
        references.append(f"{table.at[a, 'ref_A']} {table.at[b, 'ref_A']}")
    return targets, sources, references, len(set(targets))


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            found += [int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
    except OSError:
        pass
    return found


def _tree_rss(root: int) -> int:
    """Resident memory (bytes) of a process and all its descendants, from /proc (cheap: the sampler
    must not take a core from what it measures)."""
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(_children(pid))
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


def measure(command: list[str]) -> tuple[float, int, str, float | None]:
    """Wall time, peak RSS of the whole process tree, stdout of one command, and when (seconds after the
    start) it first wrote a progress line with a findings count to stderr."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    peak = 0
    done = threading.Event()
    first_progress: list[float] = []
    errors: list[bytes] = []

    def watch() -> None:
        for line in proc.stderr:
            if b"findings" in line and not first_progress:
                first_progress.append(time.perf_counter() - started)
            errors.append(line)

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.1)

    sampler, watcher = threading.Thread(target=sample, daemon=True), threading.Thread(target=watch, daemon=True)
    sampler.start()
    watcher.start()
    out = proc.stdout.read()
    proc.wait()
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    watcher.join()
    if proc.returncode not in (0,):
        raise SystemExit(f"{command[:3]} failed ({proc.returncode}): {b''.join(errors).decode()[-500:]}")
    return elapsed, peak, out.decode(), (round(first_progress[0], 2) if first_progress else None)


def write_po(path: Path, targets: list[str], sources: list[str]) -> None:
    import polib

    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "en"}
    for k, (source, target) in enumerate(zip(sources, targets)):
        po.append(polib.POEntry(msgid=source, msgstr=target, msgctxt=str(k)))
    po.save(str(path))


SACREBLEU_ALONE = """
import sys
from sacrebleu.metrics import BLEU, CHRF, TER
hyps = open(sys.argv[1], encoding="utf-8").read().split("\\n")[:-1]
refs = open(sys.argv[2], encoding="utf-8").read().split("\\n")[:-1]
bleu, chrf, ter = BLEU(effective_order=True), CHRF(), TER()
for h, r in zip(hyps, refs):
    bleu.sentence_score(h, [r]); chrf.sentence_score(h, [r]); ter.sentence_score(h, [r])
"""


def row(tool: str, mode: str, n: int, words: int, elapsed: float, peak: int, note: str = "",
        first: float | None = None) -> dict:
    return {"mode": mode, "segments": n, "tool": tool, "seconds": round(elapsed, 2),
            "segments/s": round(n / elapsed), "words/s": round(words / elapsed), "peak RSS MB": round(peak / 2**20),
            "first progress s": first if first is not None else "", "note": note}


def run_size(n: int, with_reference: bool, folder: Path, jobs: list[int], peers: bool = True) -> list[dict]:
    targets, sources, references, distinct = build_units(n)
    words = sum(len(t.split()) for t in targets)
    files = {name: folder / f"{name}.{n}.txt" for name in ("tgt", "src", "ref")}
    for name, lines in (("tgt", targets), ("src", sources), ("ref", references)):
        files[name].write_text("\n".join(lines) + "\n", encoding="utf-8")
    audit = [PYTHON, "-m", "audit", "check", str(files["tgt"]), "--tgt-lang", "en", "--progress"]
    rows = []
    peer: dict | None = None  # pofilter reads the same PO units in both modes: run once, shown in both
    modes = [("reference-free", ["--src-lang", "de"]), ("with source", ["--src", str(files["src"])])]
    if with_reference:
        modes = [("with reference", ["--src", str(files["src"]), "--ref", str(files["ref"])])]
    note = f"{distinct:,} distinct segments"
    for mode, extra in modes:
        for j in jobs:
            out = folder / f"report.{n}.{j}.csv"
            elapsed, peak, _, first = measure(audit + extra + ["--jobs", str(j), "-o", str(out)])
            rows.append(row(f"audit --jobs {j}", mode, n, words, elapsed, peak, note, first))
        if not peers:
            continue
        if with_reference:
            script = folder / "sacrebleu_alone.py"
            script.write_text(SACREBLEU_ALONE)
            elapsed, peak, _, _ = measure([PYTHON, str(script), str(files["tgt"]), str(files["ref"])])
            rows.append(row("sacrebleu BLEU+chrF+TER (1 process)", mode, n, words, elapsed, peak))
        elif (BIN / "pofilter").exists():
            if peer is None:
                po = folder / f"units.{n}.po"
                write_po(po, targets, sources)
                elapsed, peak, _, _ = measure([str(BIN / "pofilter"), "--progress=none", str(po), str(folder / "out.po")])
                peer = row("pofilter, 46 checks (1 process)", mode, n, words, elapsed, peak, "one run, both modes")
            rows.append({**peer, "mode": mode})
    return rows


STARTUP_REPEATS = 5


def children_cpu() -> float:
    """User + system CPU seconds of every child process waited for so far (a run's workers included)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def startup_rows(folder: Path, repeats: int = STARTUP_REPEATS) -> list[dict]:
    """Start-up: the median wall time of `audit check` on a one-line file (languages given; then a German
    line, for which the language-ID model loads), of `audit --version` and `audit rules`, and of
    sacrebleu's CLI on the same file (when installed). The commands take turns, so a change in the
    machine's load touches them all alike; the note gives the median CPU time (user + system), which
    the load disturbs less than the wall time."""
    one, german = folder / "one.txt", folder / "german.txt"
    one.write_text("Get rid of the diet\n", encoding="utf-8")
    german.write_text("Der Ausschuss hat den neuen Haushalt am Dienstag genehmigt.\n", encoding="utf-8")
    commands = {
        "audit check (1 line)": [PYTHON, "-m", "audit", "check", str(one), "--src-lang", "fr", "--tgt-lang", "en",
                                 "-o", str(folder / "one.csv")],
        "audit check (1 line, language ID)": [PYTHON, "-m", "audit", "check", str(german), "--src-lang", "de",
                                              "--tgt-lang", "en", "-o", str(folder / "german.csv")],
        "audit --version": [PYTHON, "-m", "audit", "--version"],
        "audit rules": [PYTHON, "-m", "audit", "rules"],
    }
    if (BIN / "sacrebleu").exists():
        commands["sacrebleu CLI (1 line)"] = [str(BIN / "sacrebleu"), str(one), "-i", str(one)]
    # warm: bytecode and the user cache written, as after an install's first run; the check with a source
    # also builds the dictionary index, which no timed command below may pay for (a fresh cache put ~17 s
    # and ~650 MB of index building into the first timed run with the source)
    english = folder / "english.txt"
    english.write_text("The committee approved the new budget on Tuesday.\n", encoding="utf-8")
    warm_with_source = [PYTHON, "-m", "audit", "check", str(english), "--src", str(german), "--src-lang", "de",
                        "--tgt-lang", "en", "-o", str(folder / "warm.csv")]
    for command in [*commands.values(), warm_with_source]:
        measure(command)
    runs: dict[str, list[tuple[float, int, float]]] = {tool: [] for tool in commands}
    for _ in range(repeats):
        for tool, command in commands.items():
            before = children_cpu()
            elapsed, peak = measure(command)[:2]
            runs[tool].append((elapsed, peak, children_cpu() - before))
    rows = []
    for tool, measured in runs.items():
        elapsed, peak, _ = sorted(measured)[len(measured) // 2]
        cpu = sorted(c for _, _, c in measured)[len(measured) // 2]
        rows.append(row(tool, "start-up", 1, 5, elapsed, peak, f"median of {repeats}, CPU {cpu:.2f} s"))
    return rows


def ratios(rows: list[dict]) -> list[str]:
    lines = []
    frame = pd.DataFrame(rows)
    for (mode, n), group in frame.groupby(["mode", "segments"], sort=False):
        peer = group[~group["tool"].str.startswith("audit")]
        if peer.empty:
            continue
        for r in group[group["tool"].str.startswith("audit")].itertuples():
            ratio = peer.iloc[0]["seconds"] / r.seconds  # the same segments: the speed ratio (segments/s is rounded)
            lines.append(f"- {mode}, {n:,} segment{'s' if n != 1 else ''}: `{r.tool}` runs at {ratio:.2f}× the speed of "
                         f"{peer.iloc[0]['tool'].split(' (')[0]} (its time is {1 / ratio:.2f}× the peer's)")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--ref-sizes", default="10000,100000")
    parser.add_argument("--jobs", default=f"1,{os.cpu_count() or 1}")
    parser.add_argument("--no-append", action="store_true")
    parser.add_argument("--no-peers", action="store_true", help="audit only (to re-measure it after a change)")
    parser.add_argument("--quick", action="store_true",
                        help="start-up, 1,000 segments and 200 with a reference, no peers, nothing appended")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.ref_sizes, args.no_peers, args.no_append = "1000", "200", True, True
    jobs = sorted({int(j) for j in args.jobs.split(",")})
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows += startup_rows(folder)
        print(pd.DataFrame(rows).to_string(index=False), flush=True)
        for n in [int(s) for s in args.sizes.split(",") if s]:
            rows += run_size(n, False, folder, jobs, not args.no_peers)
            print(pd.DataFrame(rows).tail(3).to_string(index=False), flush=True)
        for n in [int(s) for s in args.ref_sizes.split(",") if s]:
            rows += run_size(n, True, folder, jobs, not args.no_peers)
            print(pd.DataFrame(rows).tail(3).to_string(index=False), flush=True)
    table = pd.DataFrame(rows)
    command = ("--quick" if args.quick else f"--sizes {args.sizes} --ref-sizes {args.ref_sizes} --jobs {args.jobs}"
               + (" --no-peers" if args.no_peers else ""))
    header = heading(f".venv/bin/python bench/throughput.py {command}")
    text = header + table.to_markdown(index=False) + "\n\n" + "\n".join(ratios(rows)) + "\n"
    print("\n" + text)
    if not args.no_append:
        append(text)

if __name__ == "__main__":
    main()
