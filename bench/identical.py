"""Reports before and after a change, byte for byte: the proof a restructure left behaviour unchanged.

    .venv/bin/python bench/identical.py write DIR [--sizes 100000] [--jobs 2] [--units /tmp/audit-identical-units]
    .venv/bin/python bench/identical.py compare DIR_BEFORE DIR_AFTER

`write` audits, through the command line as a user would, the seed article, the injected evaluation set
(every pair, source given), benchmark units built from ../shared/data (the three modes of
bench/throughput.py: reference-free, with source, with source and reference) and a small feed on the Dask
engine (one input, and several inputs as a partitioned report); every report, its segment scores and its
meta file go to DIR. `compare` says which files differ. Meta files are compared without the fields that
name the code itself (version, signature, rule-set hash) and the inputs' paths; everything else —
counts, options, languages, scores — must match.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

PAIRS = ["fr-en", "es-en", "de-en", "it-en", "pt-en", "en-fr", "en-es", "en-de"]
CODE_FIELDS = ("version", "signature", "ruleset_hash")


def audit(out: Path, name: str, *args: str) -> None:
    """`audit check ARGS -o out/name.csv`; a failure stops the run (a report that was not made proves nothing)."""
    report = out / name
    command = [sys.executable, "-m", "audit", "check", *args, "-o", str(report), "--no-progress"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{name}: exit {done.returncode}: {done.stderr.strip()}")
    print(f"{name}: {done.stdout.splitlines()[0]}", flush=True)


def write_units(folder: Path, size: int) -> tuple[Path, Path, Path]:
    from throughput import build_units

    targets, sources, references, _ = build_units(size)
    paths = tuple(folder / f"units{size}.{side}.txt" for side in ("tgt", "src", "ref"))
    for path, lines in zip(paths, (targets, sources, references)):
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return paths


def write(out: Path, units: Path, sizes: list[int], jobs: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    audit(out, "seed.csv", "seeds/kazakh-regime-afp-mt.en.txt", "--src-lang", "fr")
    audit(out, "seed.jsonl", "seeds/kazakh-regime-afp-mt.en.txt", "--src-lang", "fr", "--format", "jsonl")
    injected = Path("corpora/eval/injected")  # relative to ROOT: the same paths in any checkout
    for pair in PAIRS:
        src, tgt = pair.split("-")
        audit(out, f"injected-{pair}.csv", str(injected / f"{pair}.tgt.txt"), "--src", str(injected / f"{pair}.src.txt"),
              "--src-lang", src, "--tgt-lang", tgt)
    units.mkdir(parents=True, exist_ok=True)
    for size in sizes:
        tgt, src, ref = write_units(units, size)
        common = ("--src-lang", "de", "--tgt-lang", "en", "-j", str(jobs))
        audit(out, f"bench{size}-free.csv", str(tgt), *common)
        audit(out, f"bench{size}-source.csv", str(tgt), "--src", str(src), *common)
        audit(out, f"bench{size}-reference.csv", str(tgt), "--src", str(src), "--ref", str(ref), *common)
    feed = units / "feed"
    feed.mkdir(exist_ok=True)
    tgt, src, ref = write_units(units, 600)
    lines = tgt.read_text(encoding="utf-8").splitlines()
    for k in range(3):  # three documents sharing some lines, so the feed-level check (CN002) has work
        (feed / f"doc{k}.txt").write_text("\n".join(lines[k * 150:k * 150 + 300]) + "\n", encoding="utf-8")
    audit(out, "dask-one.csv", str(tgt), "--src", str(src), "--engine", "dask", "-j", "2")
    audit(out, "local-one.csv", str(tgt), "--src", str(src), "--format", "jsonl")
    audit(out, "dask-feed", str(feed), "--engine", "dask", "-j", "2", "--tgt-lang", "en")
    audit(out, "local-feed.csv", str(feed), "--tgt-lang", "en")


def comparable(path: Path) -> bytes:
    """The file's bytes; for a meta or summary file, its JSON without the fields that name the code."""
    if not path.name.endswith((".meta.json", "_summary.json")):
        return path.read_bytes()
    meta = json.loads(path.read_text(encoding="utf-8"))
    for key in CODE_FIELDS:
        meta.pop(key, None)
    for entry in meta.get("inputs", []):
        entry.pop("path", None)
    return json.dumps(meta, sort_keys=True).encode()


def compare(before: Path, after: Path) -> int:
    names = sorted({p.relative_to(before) for p in before.rglob("*") if p.is_file() }
                   | {p.relative_to(after) for p in after.rglob("*") if p.is_file() })
    differ = [n for n in names if not (before / n).exists() or not (after / n).exists()
              or comparable(before / n) != comparable(after / n)]
    for name in differ:
        print(f"differs: {name}")
    print(f"{len(names) - len(differ)} of {len(names)} files identical")
    return 1 if differ else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    writer = commands.add_parser("write")
    writer.add_argument("out", type=Path)
    writer.add_argument("--sizes", default="100000")
    writer.add_argument("--jobs", type=int, default=2)
    writer.add_argument("--units", type=Path, default=Path("/tmp/audit-identical-units"),
                        help="where the benchmark inputs go (the same place before and after: paths are in reports)")
    comparer = commands.add_parser("compare")
    comparer.add_argument("before", type=Path)
    comparer.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "write":
        write(args.out.resolve(), args.units.resolve(), [int(s) for s in args.sizes.split(",") if s], args.jobs)
    else:
        sys.exit(compare(args.before, args.after))


if __name__ == "__main__":
    main()
