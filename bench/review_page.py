"""How fast the review page (`--format html`) opens and filters in headless Chromium, at 100,000 segments.

    .venv/bin/python bench/review_page.py [--units PREFIX | --size N] [--report PAGE] [--runs 3] [--no-append]

Inputs: PREFIX.{tgt,src,ref}.txt (default /tmp/audit-identical-units/units100000, as bench/identical.py
leaves them), else `--size` units built like bench/throughput.py's (WMT22 de→en from ../shared/data).
The page is made by the CLI with the source and the reference beside the target:
`audit check tgt --src src --ref ref --scores none --format html` (sentence scores are left out: sacreBLEU
scores 100,000 pairs in ~40 minutes here; they add three numbers per segment to the page).

Each figure is the page's own clock (`performance.now()`, from navigation start, written into data-*
attributes of <html> by the page's script) in Chromium without --virtual-time-budget, median of --runs:
- open: the first page of 200 segments rendered (file read, HTML parse, data parse, render);
- open with filters: the same with `#severity=major&flagged=1&rule=…` in the URL;
- filter changes after opening (`#bench=1`): severity+flagged, a rule, the last page, the findings table
  sorted by phrase, back to no filter — each the time to recompute and render.
The whole Chromium process from start to a screenshot of the page is given too (browser start included;
the --dump-dom runs are not timed as a whole: serializing a 70 MB DOM takes Chromium ~10 s). Printed and appended to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchfile import ROOT, append, heading

PYTHON = sys.executable
DEFAULT_UNITS = Path("/tmp/audit-identical-units/units100000")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def unit_files(prefix: Path | None, size: int, directory: Path) -> dict[str, Path]:
    """tgt/src/ref files: the given prefix's, or built from WMT22 like bench/throughput.py's."""
    if prefix is not None and all(Path(f"{prefix}.{k}.txt").is_file() for k in ("tgt", "src", "ref")):
        return {k: Path(f"{prefix}.{k}.txt") for k in ("tgt", "src", "ref")}
    from throughput import build_units

    targets, sources, references, _ = build_units(size)
    files = {}
    for kind, lines in (("tgt", targets), ("src", sources), ("ref", references)):
        files[kind] = directory / f"units{size}.{kind}.txt"
        files[kind].write_text("".join(line.replace("\n", " ") + "\n" for line in lines), encoding="utf-8")
    return files


def make_page(files: dict[str, Path], page: Path) -> float:
    """Run the CLI to write the review page; its wall time in seconds."""
    command = [PYTHON, "-m", "audit", "check", str(files["tgt"]), "--src", str(files["src"]), "--ref",
               str(files["ref"]), "--scores", "none", "--src-lang", "de", "--tgt-lang", "en", "--format", "html",
               "-o", str(page)]
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def open_page(url: str) -> tuple[dict[str, str], float]:
    """The page's data-* timing attributes after Chromium loaded it, and the process's wall time."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("review_page: Chromium is not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as profile:
        started = time.perf_counter()
        out = subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
                             capture_output=True, timeout=600).stdout
        wall = time.perf_counter() - started
    tag = re.search(rb"<html[^>]*>", out)
    attributes = dict(re.findall(r'data-([a-z-]+)="([^"]*)"', tag.group().decode())) if tag else {}
    if attributes.get("ready") != "1":
        raise SystemExit(f"review_page: the page's script did not finish for {url[:120]}")
    return attributes, wall


def screenshot_seconds(url: str, shot: Path) -> float:
    """Chromium's wall time from start to a screenshot of the loaded page (browser start included)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with tempfile.TemporaryDirectory() as profile:
        started = time.perf_counter()
        subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", "--window-size=1400,1000",
                        f"--screenshot={shot}", url], capture_output=True, timeout=600)
        return time.perf_counter() - started


def median_runs(url: str, runs: int, shot: Path) -> tuple[dict[str, float], float, dict[str, str]]:
    samples, walls, last = [], [], {}
    for _ in range(runs):
        attributes, _ = open_page(url)
        samples.append({k: float(v) for k, v in attributes.items() if k.endswith("-ms")})
        walls.append(screenshot_seconds(url, shot))
        last = attributes
    return {k: statistics.median(s[k] for s in samples) for k in samples[0]}, statistics.median(walls), last


def first_rule(page: Path) -> str:
    """The first rule in the page's rule filter (what `#bench=1` also picks)."""
    text = page.read_text(encoding="utf-8", errors="replace")
    found = re.search(r'<select id="rule"><option value="">all</option><option value="([^"]+)"', text)
    return found.group(1) if found else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=Path, default=DEFAULT_UNITS, help="PREFIX of PREFIX.{tgt,src,ref}.txt")
    parser.add_argument("--size", type=int, default=100_000, help="units to build when PREFIX is missing")
    parser.add_argument("--report", type=Path, help="an existing page to time (else one is made)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-append", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        page = args.report
        made = None
        if page is None or not page.is_file():
            files = unit_files(args.units, args.size, Path(scratch))
            page = page or Path(scratch) / "review.html"
            made = make_page(files, page)
        counts = json.loads(page.with_name(page.name + ".meta.json").read_text(encoding="utf-8"))["counts"]
        size_mb = page.stat().st_size / 1e6
        rows = []
        rule = first_rule(page)
        scenarios = [("open", ""), ("open with filters from the URL", f"#severity=major&flagged=1&rule={rule}"),
                     ("open, then filter changes (#bench=1)", "#bench=1")]
        steps = ""
        for name, fragment in scenarios:
            times, wall, attributes = median_runs(page.as_uri() + fragment, args.runs, Path(scratch) / "shot.png")
            rows.append((name, fragment, times["rendered-ms"], times["parse-ms"], times["first-render-ms"], wall))
            steps = attributes.get("bench-steps", steps)
    table = ["| scenario | URL hash | first page rendered ms | data parse ms | render ms | Chromium start to screenshot s |",
             "|:--|:--|--:|--:|--:|--:|"]
    table += [f"| {n} | `{f or '-'}` | {r:.0f} | {p:.0f} | {d:.0f} | {w:.2f} |" for n, f, r, p, d, w in rows]
    filters = ", ".join(f"{name} {float(ms):.0f} ms" for name, ms in (s.split(":") for s in steps.split()))
    command = "python bench/review_page.py " + " ".join(sys.argv[1:])
    text = (heading(command.strip(), "Review page (`--format html`) in headless Chromium")
            + f"Page: {counts['segments']:,} segments (source, target and reference), {counts['findings']:,} findings, "
              f"{size_mb:.1f} MB" + (f", written by `audit check --format html` in {made:.0f} s" if made else "") + ".\n"
            + f"Chromium {chromium_version()}; medians of {args.runs} runs; times from the page's performance.now().\n\n"
            + "\n".join(table) + "\n\n"
            + f"- filter changes after opening (recompute + render one page): {filters}\n")
    print(text)
    if not args.no_append:
        append(text)


def chromium_version() -> str:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or "chromium"
    out = subprocess.run([chromium, "--version"], capture_output=True, text=True).stdout
    found = re.search(r"[\d.]+", out)
    return found.group() if found else "?"


if __name__ == "__main__":
    os.environ.setdefault("PYTHONPATH", str(ROOT))
    main()
