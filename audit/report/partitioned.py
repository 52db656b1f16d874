"""Partitioned reports: a directory of parts and `_summary.json`, read back in order, replaced whole."""

from __future__ import annotations

from pathlib import Path

from audit.lazy import pandas as pd


SUMMARY = "_summary.json"


def part_name(index: int, fmt: str) -> str:
    return f"part-{index:05d}.{fmt}"


def read_parts(directory: Path) -> pd.DataFrame:
    """A partitioned report's findings: its parts in order, as one typed table."""
    from audit.findings import coerce, empty_findings
    from audit.report.writers import read_report

    parts = sorted(p for p in directory.iterdir() if p.name.startswith("part-"))
    frames = [read_report(p) for p in parts]
    return coerce(pd.concat(frames, ignore_index=True)) if frames else empty_findings()


def replace_directory(new: Path, old: Path) -> None:
    """Put directory `new` where `old` is: the previous one is moved aside first (to a fresh name, so no
    other directory is ever removed) and removed after, so a reader sees either the whole previous report
    or the whole new one. The caller has checked that `old` is a previous partitioned report."""
    import os
    import shutil

    from audit.report.temporaries import ASIDE, signals_deferred, temporary_name

    if not old.exists():
        os.replace(new, old)
        return
    aside = temporary_name(old, ASIDE)  # a killed run's is put back by the next (`remove_stale_temporaries`)
    with signals_deferred():
        os.replace(old, aside)
        try:
            os.replace(new, old)
        except OSError:
            os.replace(aside, old)  # put the previous report back
            raise
    shutil.rmtree(aside, ignore_errors=True)


class PartitionedReport:
    """A partitioned report as a report sink: a fresh directory beside `path` (following the umask, like
    the parts in it) that the workers write their parts into (`part_path`); `commit` writes
    `_summary.json` — the meta with each part's identity (size, sha256, rows per severity) and the rows
    of the whole — and puts the directory in place of `path`, replacing only a previous partitioned
    report (`refuse_unsafe_directory`, checked again: the audit may have taken hours). Leaving without a
    commit removes the directory."""

    def __init__(self, path: Path, fmt: str, inputs: list[str]) -> None:
        self.path, self.fmt, self.inputs = path, fmt, inputs
        self.parts: list[dict] = []

    def __enter__(self) -> "PartitionedReport":
        from audit.errors import AuditError
        from audit.report.outputs import refuse_unsafe_directory
        from audit.report.temporaries import create_beside

        refuse_unsafe_directory(self.path, self.inputs)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.folder = create_beside(self.path, directory=True)
        except OSError as exc:
            raise AuditError(f"{self.path}: cannot create the report's directory ({exc.strerror or exc})") from None
        return self

    def part_path(self, index: int) -> Path:
        return self.folder / part_name(index, self.fmt)

    def add_part(self, file: str, part: str, size: int, sha256: str, rows: int, by_severity: dict[str, int]) -> None:
        """Record a part a worker wrote (in report order)."""
        self.parts.append({"file": file, "part": part, "bytes": size, "sha256": sha256, "rows": rows,
                           "by_severity": by_severity})

    def commit(self, meta: dict) -> None:
        from audit.errors import AuditError
        from audit.report.integrity import SEVERITY_ORDER
        from audit.report.outputs import refuse_unsafe_directory
        from audit.report.writers import meta_text

        by_severity = {s: sum(p["by_severity"][s] for p in self.parts) for s in SEVERITY_ORDER}
        report = {"rows": sum(p["rows"] for p in self.parts), "parts": len(self.parts), "by_severity": by_severity}
        try:
            (self.folder / SUMMARY).write_text(meta_text({**meta, "report": report, "parts": self.parts}),
                                               encoding="utf-8")
            refuse_unsafe_directory(self.path, self.inputs)
            replace_directory(self.folder, self.path)
        except OSError as exc:
            raise AuditError(f"cannot write the partitioned report {self.path}: {exc.strerror or exc}") from None

    def __exit__(self, *exc_info) -> None:
        import shutil

        shutil.rmtree(self.folder, ignore_errors=True)
