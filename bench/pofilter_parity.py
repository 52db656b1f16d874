"""audit beside pofilter on the localization cases of tests/data, and PH001/PH002 false alarms on clean text.

    /work/main/.venv/bin/pip install translate-toolkit   # GPL: for this benchmark only, never a dependency
    .venv/bin/python bench/pofilter_parity.py [--shared ../shared/data] [--markdown]

Part 1 runs pofilter's checks (translate-toolkit's StandardChecker, what `pofilter` runs by default) and
`audit check --include all` (so fuzzy, untranslated and translate="no" units are audited as pofilter audits
them) on tests/data/l10n.po, l10n.xlf and l10n2.xlf, unit by unit (a PO entry with all its plural forms;
an XLIFF unit). For each flag of pofilter's core checks it says whether audit flags the same unit with the
matching rule; then lists audit's own PH findings pofilter has no flag for, and pofilter's other checks
(style checks audit leaves to others) for the record.

Part 2 counts PH001/PH002 findings on human translations with their sources (../shared/data), per 1,000
segments: text with no placeholders must raise (almost) none.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CASES = [ROOT / "tests" / "data" / name for name in ("l10n.po", "l10n.xlf", "l10n2.xlf")]
# pofilter's core checks (translate.filters.checks) and what audit answers them with
CORE = {
    "printf": "PH001", "pythonformat": "PH001", "pythonbraceformat": "PH001", "variables": "PH001",
    "placeholders": "PH001", "xmltags": "PH002", "untranslated": "untranslated",
}


def pofilter_flags(path: Path) -> dict[str, set[str]]:
    """Unit key -> the names of pofilter's failing checks."""
    from translate.filters import checks
    from translate.storage import factory

    try:
        store = factory.getobject(str(path))
    except Exception:  # noqa: BLE001 - translate-toolkit wants its XLIFF 2 class for XLIFF 2
        from translate.storage import xliff2

        store = xliff2.Xliff2File.parsefile(str(path))
    checker = checks.StandardChecker()
    flags: dict[str, set[str]] = {}
    for unit in store.units:
        if unit.isheader() or not str(unit.source):
            continue
        flags[unit_key(path, unit)] = set(checker.run_filters(unit))
    return flags


def unit_key(path: Path, unit) -> str:
    """A unit's name both tools agree on: a PO entry's context and msgid, an XLIFF unit's id."""
    if path.suffix == ".po":
        return f"{unit.getcontext() or ''}\x04{unit.source.strings[0] if unit.hasplural() else unit.source}"
    return str(unit.getid()).split("\x04")[-1].split("::")[0]  # XLIFF 2: unit::segment


def audit_flags(path: Path) -> dict[str, set[str]]:
    """Unit key -> the rules audit reports on any segment of the unit, plus `untranslated` for a unit the
    gate counts as untranslated (an empty target for a source)."""
    from audit.api import run_check, settle
    from audit.engine.result import is_untranslated
    from audit.inputs.formats import parse_po, po_units
    from audit.inputs.readers import decode_text, read_bytes

    result, _ = run_check(str(path), settle(write=False, include="all", scores="none"))
    segments = result.segments.reset_index(drop=True)
    if path.suffix == ".po":
        text = decode_text(read_bytes(str(path)), str(path))
        keys = [f"{u.entry.msgctxt or ''}\x04{u.entry.msgid}" for u in po_units(parse_po(text, str(path)), text)]
    else:
        keys = [str(i).split("/")[0] for i in segments["id"]]
    flags: dict[str, set[str]] = defaultdict(set)
    for key, target, source in zip(keys, segments["target"], segments["source"]):
        flags[key]
        if is_untranslated(target, source):
            flags[key].add("untranslated")
    for row in result.findings.itertuples():
        flags[keys[int(row.line) - 1]].update(row.rule.split("+"))
    return dict(flags)


def compare(paths: list[Path]) -> dict:
    """Per core check: pofilter's flags, how many audit also raises; audit's own PH flags; pofilter's others."""
    core: dict[str, Counter] = defaultdict(Counter)
    missed: list[str] = []
    own: list[str] = []
    others: Counter = Counter()
    for path in paths:
        theirs, ours = pofilter_flags(path), audit_flags(path)
        for key in sorted(set(theirs) | set(ours)):
            them, us = theirs.get(key, set()), ours.get(key, set())
            name = f"{path.name}: {key.split(chr(4))[-1][:50]!r}"
            for check in sorted(them & set(CORE)):
                core[check]["pofilter"] += 1
                if CORE[check] in us:
                    core[check]["audit"] += 1
                else:
                    missed.append(f"{name} {check}")
            others.update(them - set(CORE))
            mapped = {CORE[c] for c in them & set(CORE)}
            for rule in sorted(us & {"PH001", "PH002"} - mapped):
                own.append(f"{name} {rule}")
    return {"core": core, "missed": missed, "own": own, "others": others}


def clean_rates(shared: Path) -> list[tuple[str, int, int]]:
    """(corpus, segments, PH findings) on human translations with their sources."""
    import pandas as pd

    from audit.detectors.placeholders import find_mismatches
    from audit.segments import Segment

    def read(path: Path) -> pd.DataFrame:
        return pd.read_csv(path, sep="\t", quoting=3, keep_default_na=False)

    corpora = []
    deen = read(shared / "wmt_general_triples" / "wmt22_deen.tsv")
    corpora += [(f"WMT22 de-en {c}", deen["source"], deen[c]) for c in ("ref_A", "ref_B")]
    frde = read(shared / "wmt_general_triples" / "wmt22_frde.tsv")
    corpora += [(f"WMT22 fr-de {c}", frde["source"], frde[c]) for c in frde.columns if c.startswith("ref")]
    diabla = read(shared / "diabla" / "diabla_utterances.tsv")
    corpora.append(("DiaBLa en-fr/fr-en reference", diabla["source"], diabla["reference"]))
    out = []
    for name, sources, targets in corpora:
        found = sum(1 for s, t in zip(sources, targets) if s and t
                    for _ in find_mismatches(Segment("x", 1, str(t), str(s))))
        out.append((name, len(targets), found))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    result = compare(CASES)
    print("| pofilter check | pofilter flags | audit flags too | audit rule |\n|---|---:|---:|---|")
    for check, counts in sorted(result["core"].items()):
        print(f"| {check} | {counts['pofilter']} | {counts['audit']} | {CORE[check]} |")
    total = sum(c["pofilter"] for c in result["core"].values())
    both = sum(c["audit"] for c in result["core"].values())
    print(f"| **all core checks** | **{total}** | **{both}** | |\n")
    print("pofilter flags audit misses:", *(result["missed"] or ["none"]), sep="\n- ")
    print("\naudit's own placeholder/markup findings (no pofilter core flag on the unit):",
          *(result["own"] or ["none"]), sep="\n- ")
    print("\npofilter's other checks (style, not in audit's PH scope):",
          ", ".join(f"{k} {v}" for k, v in sorted(result["others"].items())) or "none")
    if args.shared.is_dir():
        print("\n| clean corpus (human translation, with source) | segments | PH findings | per 1,000 segments |"
              "\n|---|---:|---:|---:|")
        for name, segments, found in clean_rates(args.shared):
            print(f"| {name} | {segments:,} | {found} | {1000 * found / max(segments, 1):.2f} |")


if __name__ == "__main__":
    main()
