"""BENCHMARKS.md, shared by the benchmark scripts: a section's heading names the date and the machine, and
sections are appended, newest last."""

from __future__ import annotations

import os
import platform
from datetime import date
from pathlib import Path

PATH = Path(__file__).resolve().parent.parent / "BENCHMARKS.md"


def heading(command: str, what: str = "") -> str:
    """The section's first lines: date, what was measured, machine, and the command that measured it."""
    machine = (f"{platform.node() or 'machine'}: {os.cpu_count()} cores, {platform.python_implementation()} "
               f"{platform.python_version()}, {platform.system()}")
    return f"## {date.today().isoformat()} — {what + ', ' if what else ''}{machine}\n\nCommand: `{command}`\n\n"


def append(text: str) -> None:
    """Add a section to BENCHMARKS.md (creating it with its introduction)."""
    intro = "" if PATH.exists() else "# Benchmarks\n\nFigures as measured by the scripts in `bench/`; newest last.\n\n"
    with PATH.open("a", encoding="utf-8") as handle:
        handle.write(intro + text + "\n")
