"""`--format po`: the audited PO file written back with its findings where PO editors show them.

Each entry with findings gets one translator comment per finding,
`# audit: RULE severity: 'phrase': evidence → suggestion` (with `(msgstr[n])` for a plural form), and the
`fuzzy` flag when a finding is major or critical, so Poedit, Lokalize or Weblate put it back in the
translator's queue. On each audited entry, comments from an earlier run (`# audit:`) are replaced, so
running again gives the findings of this run only (entries not audited, such as fuzzy ones without
`--include fuzzy`, keep theirs); the other comments, flags and entries are kept (polib writes the file, so
long lines are wrapped at 78 columns as gettext's tools do).
"""

from __future__ import annotations

from pathlib import Path

from audit.lazy import pandas as pd

from audit.errors import AuditError
from audit.inputs.formats import parse_po, po_units
from audit.inputs.readers import decode_text, read_bytes

COMMENT_PREFIX = "audit: "
FLAGGING = ("major", "critical")


def check_po_inputs(files: list[str]) -> None:
    """`--format po` writes one PO file back: one .po input and nothing else (a one-line error)."""
    if len(files) != 1 or Path(files[0]).suffix.lower() != ".po":
        given = files[0] if len(files) == 1 else f"{len(files)} inputs"
        raise AuditError(f"--format po writes a PO input back with its findings: give one .po file (got {given})")


def render_po(findings: pd.DataFrame, segments: pd.DataFrame) -> str:
    """The PO file the segments came from, with the findings as translator comments and fuzzy flags."""
    files = list(dict.fromkeys(str(f) for f in segments["file"]))
    check_po_inputs(files)
    path = files[0]
    text = decode_text(read_bytes(path), path)
    catalogue = parse_po(text, path)
    units = list(po_units(catalogue, text))
    if len(units) != len(segments):
        raise AuditError(f"{path}: changed while it was audited ({len(units)} units now, {len(segments)} audited)")
    skipped = list(segments["skip"]) if "skip" in segments else [""] * len(units)
    audited = {id(unit.entry) for unit, reason in zip(units, skipped) if not reason}
    comments: dict[int, list[str]] = {}  # id(entry) -> its new comment lines
    flagged: set[int] = set()
    for row in findings.sort_values(["line", "start", "end", "rule"], kind="stable").itertuples():
        unit = units[int(row.line) - 1]
        comments.setdefault(id(unit.entry), []).append(comment_line(row, unit.form))
        if row.severity in FLAGGING:
            flagged.add(id(unit.entry))
    markers: dict[str, str] = {}  # polib wraps long comments: each is a short marker until it has written
    for entry in catalogue:
        if id(entry) in audited:
            lines = comments.get(id(entry), [])
        else:  # not audited this time (fuzzy, untranslated ...): its comments stay as they were
            lines = [line for line in (entry.tcomment or "").split("\n") if line.startswith(COMMENT_PREFIX)]
        names = [f"{COMMENT_PREFIX}#{len(markers) + k}" for k in range(len(lines))]
        markers.update(zip(names, lines))
        _annotate(entry, names, id(entry) in flagged)
    out = "\n".join(_unmarked(line, markers) for line in str(catalogue).split("\n"))
    if out.startswith("#\n") and not text.lstrip("\ufeff").startswith("#"):
        out = out[2:]  # polib writes an empty header comment as "#"
    return out.rstrip("\n") + "\n"


def _unmarked(line: str, markers: dict[str, str]) -> str:
    return f"# {markers[line[2:]]}" if line.startswith(f"# {COMMENT_PREFIX}#") and line[2:] in markers else line


def comment_line(row, form: int | None) -> str:
    """`audit: RULE severity: 'phrase': evidence → suggestion` on one line."""
    where = f" (msgstr[{form}])" if form is not None else ""
    text = f"{COMMENT_PREFIX}{row.rule} {row.severity}{where}: {row.phrase!r}: {row.evidence}"
    if row.suggestion:
        text += f" → {row.suggestion}"
    return " ".join(text.split())  # one comment line whatever the evidence holds


def _annotate(entry, lines: list[str], fuzzy: bool) -> None:
    """Replace an entry's earlier `audit:` comments with `lines`; add the fuzzy flag when asked."""
    kept = [line for line in (entry.tcomment or "").split("\n") if line and not line.startswith(COMMENT_PREFIX)]
    entry.tcomment = "\n".join(kept + lines) if kept or lines else ""
    if fuzzy and "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
