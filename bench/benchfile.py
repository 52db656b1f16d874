"""What the benchmark scripts share: the WMT22 de→en table they build inputs from, and BENCHMARKS.md (a
section's heading names the date and the machine; sections are appended, newest last)."""

from __future__ import annotations

import os
import platform
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATH = ROOT / "BENCHMARKS.md"
WMT22 = ROOT.parent / "shared" / "data" / "wmt_general_triples" / "wmt22_deen.tsv"


def read_wmt22():
    """The WMT22 de→en table (source, two references, nine systems' outputs) and its MT columns."""
    import pandas as pd

    table = pd.read_csv(WMT22, sep="\t", quoting=3, keep_default_na=False)
    return table, [c for c in table.columns if c.startswith("mt_")]


def heading(command: str, what: str = "") -> str:
    """The section's first lines: date, what was measured, machine, and the command that measured it."""
    machine = (f"{platform.node() or 'machine'}: {os.cpu_count()} cores, {platform.python_implementation()} "
               f"{platform.python_version()}, {platform.system()}, load average at the start "
               + "/".join(f"{load:.1f}" for load in os.getloadavg()))
    return f"## {date.today().isoformat()} — {what + ', ' if what else ''}{machine}\n\nCommand: `{command}`\n\n"


def append(text: str) -> None:
    """Add a section to BENCHMARKS.md (creating it with its introduction)."""
    intro = "" if PATH.exists() else "# Benchmarks\n\nFigures as measured by the scripts in `bench/`; newest last.\n\n"
    with PATH.open("a", encoding="utf-8") as handle:
        handle.write(intro + text + "\n")
