"""Readers for translation files: TSV/CSV/JSONL/Parquet with named columns, XLIFF 1.2/2.0, TMX and PO.

Each returns a `Units` record: the target, source and reference texts in file order, the unit ids, and
the language codes the file declares. Errors name the file and, where it applies, the line.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator
from xml.etree import ElementTree as ET

from audit.errors import AuditError
from audit.inputs.readers import decode_text, read_bytes, without_lone_surrogates
from audit.inputs.xml import local_name, parse_xml_lines, text_form

TABLE_SUFFIXES = {".tsv": "\t", ".csv": ","}
STRUCTURED_SUFFIXES = (*TABLE_SUFFIXES, ".jsonl", ".parquet", ".xlf", ".xliff", ".tmx", ".po", ".pot",
                       ".rss", ".atom", ".html", ".htm")  # and an .xml feed, by content: is_structured
DEFAULT_COLUMNS = {"target": "target", "source": "source", "reference": "reference", "id": "id"}
# Why a unit is not audited by default (`--include` names the ones to audit): a PO entry flagged fuzzy,
# an empty target for a source (counted by the gate as untranslated all the same), an XLIFF unit marked
# translate="no", an XLIFF 1.2 target in state "new" or "needs-translation".
SKIP_REASONS = ("fuzzy", "untranslated", "translate-no", "needs-translation")
NEEDS_TRANSLATION_STATES = frozenset({"new", "needs-translation"})


@dataclass
class Units:
    targets: list[str] = field(default_factory=list)
    sources: list[str | None] = field(default_factory=list)
    references: list[str | None] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    src_lang: str | None = None
    tgt_lang: str | None = None
    lines: list[int] = field(default_factory=list)  # the line in the file where each unit's target is
    states: list[str] = field(default_factory=list)  # "" or the file's reason not to audit it (SKIP_REASONS)

    def add(self, target: str, source: str | None = None, reference: str | None = None, unit_id: str = "",
            line: int = 0, state: str = "") -> None:
        self.targets.append(target)
        self.sources.append(source)
        self.references.append(reference)
        self.ids.append(unit_id or str(len(self.targets)))
        self.lines.append(line or len(self.targets))
        self.states.append(state)

    @property
    def has_sources(self) -> bool:
        return any(s is not None for s in self.sources)

    @property
    def has_references(self) -> bool:
        return any(r is not None for r in self.references)


def parse_columns(spec: str | None) -> dict[str, str]:
    """`target=mt,source=src` -> the column names for each role (defaults for roles not named)."""
    columns = dict(DEFAULT_COLUMNS)
    for part in (spec or "").split(","):
        if not part.strip():
            continue
        role, _, name = part.partition("=")
        if role.strip() not in DEFAULT_COLUMNS or not name.strip():
            raise AuditError(f"--columns: {part!r} is not ROLE=COLUMN with ROLE one of {', '.join(DEFAULT_COLUMNS)}")
        columns[role.strip()] = name.strip()
    return columns


def _text(path: str) -> str:
    return decode_text(read_bytes(path), path)


def read_table(path: str, columns: dict[str, str]) -> Units:
    """TSV or CSV with a header row naming the columns."""
    delimiter = TABLE_SUFFIXES[Path(path).suffix.lower()]
    rows = _table_rows(path, _text(path), delimiter)
    _, header = next(rows, (1, None))
    if header is None or columns["target"] not in header:
        raise AuditError(f"{path}:1: no {columns['target']!r} column in the header (use --columns target=NAME)")
    index = {name: k for k, name in enumerate(header)}  # a repeated name: its last column, as before

    def cell(row: list[str], role: str) -> str | None:
        k = index.get(columns[role])
        return row[k] if k is not None and k < len(row) else None

    units = Units()
    for line, row in rows:
        if len(row) > len(header):
            raise AuditError(f"{path}:{line}: more fields than the header names")
        units.add(cell(row, "target") or "", cell(row, "source"), cell(row, "reference"), cell(row, "id") or "",
                  line=line)
    return units


def _table_rows(path: str, text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(line where the row starts, fields) for each non-blank row, with quotes as spreadsheets write them
    (a field that starts with a quote runs to the next lone quote; doubled quotes inside stand for one).

    A quote that is never closed, or closed and followed by more text, would merge the rows after it
    into one field: an error naming the line where that row (and its quote) began. In TSV a row is one
    line, so a quoted field may not run past its line's end either; CSV allows it (RFC 4180). A field is
    never longer than the file, so no field size limit applies (long fields are capped like long lines)."""
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))  # process-wide; only ever raised
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise AuditError(f"{path}:{start}: unbalanced quote in the row that starts here ({exc}); a quoted "
                             f"field ends with a quote before the delimiter or the line end, a quote inside it "
                             f"is written twice") from None
        if delimiter == "\t" and reader.line_num > start and len(row) > 0:
            raise AuditError(f"{path}:{start}: unbalanced quote: the quoted field that starts in this row runs "
                             f"past the end of its line (a TSV row is one line); a quote inside a quoted field "
                             f"is written twice")
        if row:
            yield start, row
        start = reader.line_num + 1


def read_jsonl(path: str, columns: dict[str, str]) -> Units:
    """One JSON object per line, with the target (and optional source, reference, id) under named keys."""
    units = Units()
    for number, line in enumerate(_text(path).splitlines(), 1):
        if not line.strip():
            continue
        record = _json_record(path, number, line)
        if not isinstance(record, dict) or not isinstance(record.get(columns["target"]), str):
            raise AuditError(f"{path}:{number}: no text under {columns['target']!r}")

        def text(key: str) -> str | None:
            value = record.get(columns[key])
            return without_lone_surrogates(value, path, line=number) if isinstance(value, str) else None

        unit_id = without_lone_surrogates(str(record.get(columns["id"], "")), path, line=number)
        units.add(text("target") or "", text("source"), text("reference"), unit_id, line=number)
    return units


def _json_record(path: str, number: int, line: str):
    """One JSONL line parsed; malformed or absurdly nested JSON is an AuditError naming the line."""
    try:
        return json.loads(line)
    except ValueError as exc:
        raise AuditError(f"{path}:{number}: not valid JSON ({exc.msg})") from None
    except RecursionError:  # the C scanner counts nesting against the recursion limit
        raise AuditError(f"{path}:{number}: JSON nested too deeply") from None


def read_parquet(path: str, columns: dict[str, str]) -> Units:
    """A Parquet table (needs pyarrow) with the target (and optional source, reference, id) in named columns."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise AuditError(f"{path}: reading Parquet needs pyarrow: pip install 'audit[parquet]'") from None
    try:
        table = pq.read_table(path)
    except (OSError, ValueError) as exc:
        raise AuditError(f"{path}: not a readable Parquet file ({exc})") from None
    names = table.column_names
    if columns["target"] not in names:
        raise AuditError(f"{path}: no {columns['target']!r} column (use --columns target=NAME)")

    def column(role: str) -> list:
        return table.column(columns[role]).to_pylist() if columns[role] in names else [None] * table.num_rows

    units = Units()
    for target, source, reference, unit_id in zip(column("target"), column("source"), column("reference"),
                                                  column("id")):
        text = lambda value: None if value is None else str(value)  # noqa: E731
        units.add(text(target) or "", text(source), text(reference), "" if unit_id is None else str(unit_id))
    return units


def _parse_xml(path: str) -> tuple[ET.Element, dict[ET.Element, int]]:
    return parse_xml_lines(read_bytes(path), path)


def _child(element: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in element if local_name(c.tag) == name), None)


def _line_of(lines: dict[ET.Element, int], *elements: ET.Element | None) -> int:
    """The line of the first element given that exists (the target, else its unit)."""
    return next((lines.get(e, 0) for e in elements if e is not None), 0)


def _xliff_units(element: ET.Element, translate: str = "yes") -> Iterator[tuple[ET.Element, str]]:
    """The <trans-unit> and <unit> elements under `element`, each with its translate="yes|no" as
    inherited from its <file> and <group> ancestors."""
    for child in element:
        own = child.get("translate", translate)
        if local_name(child.tag) in ("trans-unit", "unit"):
            yield child, own
        else:
            yield from _xliff_units(child, own)  # depth bounded by MAX_DEPTH


def _xliff_state(translate: str, target: ET.Element | None) -> str:
    if translate == "no":
        return "translate-no"
    if target is not None and target.get("state") in NEEDS_TRANSLATION_STATES:
        return "needs-translation"
    return ""


def read_xliff(path: str) -> Units:
    """XLIFF 1.2 (<trans-unit>) and 2.0 (<unit>/<segment>); languages from the file's attributes; each
    unit's line is its <target>'s (its unit's when it has none); translate="no" and 1.2 states new and
    needs-translation are recorded (`SKIP_REASONS`)."""
    root, lines = _parse_xml(path)
    units = Units()
    version = root.get("version", "")
    for element in root.iter():
        if local_name(element.tag) == "file" and version.startswith("1"):
            units.src_lang = units.src_lang or element.get("source-language")
            units.tgt_lang = units.tgt_lang or element.get("target-language")
    for element, translate in _xliff_units(root):
        if local_name(element.tag) == "trans-unit":
            target = _child(element, "target")
            units.add(text_form(target) or "", text_form(_child(element, "source")), unit_id=element.get("id", ""),
                      line=_line_of(lines, target, element), state=_xliff_state(translate, target))
            continue
        for number, segment in enumerate((c for c in element if local_name(c.tag) == "segment"), 1):
            unit_id = element.get("id", "") + (f"/{segment.get('id') or number}" if number > 1 else "")
            target = _child(segment, "target")
            units.add(text_form(target) or "", text_form(_child(segment, "source")), unit_id=unit_id,
                      line=_line_of(lines, target, segment), state=_xliff_state(translate, None))
    if version.startswith("2"):
        units.src_lang, units.tgt_lang = root.get("srcLang"), root.get("trgLang")
    return units


def read_tmx(path: str, tgt_lang: str | None) -> Units:
    """TMX: the source language from the header, the target is the other <tuv> (or the one in --tgt-lang)."""
    root, lines = _parse_xml(path)
    header = _child(root, "header")
    src = header.get("srclang") if header is not None else None
    units = Units(src_lang=src if src and src != "*all*" else None)
    lang_attr = "{http://www.w3.org/XML/1998/namespace}lang"
    for tu in root.iter("tu"):
        tuvs = {(tuv.get(lang_attr) or tuv.get("lang") or ""): tuv for tuv in tu.iter("tuv")}
        variants = {lang: text_form(_child(tuv, "seg")) or "" for lang, tuv in tuvs.items()}
        source = next((text for lang, text in variants.items() if src and lang.lower().startswith(src.lower())), None)
        others = {lang: text for lang, text in variants.items() if not (src and lang.lower().startswith(src.lower()))}
        if tgt_lang:
            others = {lang: t for lang, t in others.items() if lang.lower().startswith(tgt_lang.lower())} or others
        lang, target = next(iter(others.items()), ("", ""))
        units.tgt_lang = units.tgt_lang or (lang or None)
        tuv = tuvs.get(lang)
        units.add(target, source, unit_id=tu.get("tuid", ""),
                  line=_line_of(lines, _child(tuv, "seg") if tuv is not None else None, tu))
    return units


# polib.pofile() takes a path *or* content, and opens a string that names an existing file. A string with
# a NUL character names no file (os.path.isfile raises ValueError, which polib takes as "content"), and
# decoded input never holds one, so this comment line, added after the last line, keeps the content
# content whatever it says. polib reads it as a translator comment of no entry: no entry or line
# number changes (tested for the polib range in pyproject.toml).
_NOT_A_PATH = "\n# \x00"


@dataclass(frozen=True)
class PoUnit:
    """One audited text of a PO file: an entry's msgstr, or one form of a plural entry's msgstr[n]."""

    entry: object  # polib.POEntry
    form: int | None  # None for a singular entry
    target: str
    source: str
    line: int  # the line of the `msgstr` / `msgstr[n]` keyword (the entry's first line if absent)


def parse_po(text: str, path: str):
    """The polib catalogue of a PO file's text (given as content, never as a path)."""
    import polib

    try:
        return polib.pofile(text + _NOT_A_PATH, encoding="utf-8")
    except (OSError, ValueError) as exc:
        raise AuditError(f"{path}: malformed PO file ({exc})") from None


def po_units(catalogue, text: str) -> Iterator[PoUnit]:
    """The units of a catalogue, in file order (obsolete #~ entries left out), with their msgstr lines.
    The reader and the `--format po` writer both walk this, so unit k is the same entry in both."""
    lines = text.splitlines()
    cursor = 0  # entries come in file order: each search starts where the previous one ended
    for entry in catalogue:
        if entry.obsolete:
            continue
        cursor = max(cursor, entry.linenum - 1)
        if not entry.msgid_plural:
            line, cursor = _keyword_line(lines, cursor, "msgstr", entry.linenum)
            yield PoUnit(entry, None, entry.msgstr, entry.msgid, line)
            continue
        for form, target in sorted(entry.msgstr_plural.items()) or [(0, "")]:
            line, cursor = _keyword_line(lines, cursor, f"msgstr[{form}]", entry.linenum)
            yield PoUnit(entry, form, target, entry.msgid if form == 0 else entry.msgid_plural, line)


def _keyword_line(lines: list[str], start: int, keyword: str, fallback: int) -> tuple[int, int]:
    """(1-based line, index after it) of the first line from `start` opening with `keyword` (an entry's
    msgstr follows its msgid, its forms come in order); (fallback, start) when there is none."""
    for k in range(start, len(lines)):
        stripped = lines[k].lstrip()
        if stripped.startswith(keyword) and stripped[len(keyword):len(keyword) + 1] in (" ", "\t", '"'):
            return k + 1, k + 1
    return fallback, start


def read_po(path: str) -> Units:
    """Gettext PO (polib, given the text we read, never a path): msgid is the source, msgstr the target;
    each form of a plural entry is a unit of its own (msgstr[0] with msgid as source, msgstr[n] with
    msgid_plural, id `<id>[n]`); obsolete (#~) entries are skipped; fuzzy entries are marked (`SKIP_REASONS`);
    each unit's line is its msgstr's; the Language header gives the target."""
    text = _text(path)
    catalogue = parse_po(text, path)
    units = Units(tgt_lang=catalogue.metadata.get("Language") or None)
    for unit in po_units(catalogue, text):
        unit_id = unit.entry.msgctxt or str(unit.entry.linenum)
        state = "fuzzy" if "fuzzy" in unit.entry.flags else ""
        units.add(unit.target, unit.source, unit_id=unit_id if unit.form is None else f"{unit_id}[{unit.form}]",
                  line=unit.line, state=state)
    return units


def read_units(path: str, columns: dict[str, str] | None = None, tgt_lang: str | None = None) -> Units | None:
    """Units from a structured file, or None for plain text (one segment per line)."""
    from audit.inputs.feeds import is_document_input, read_documents

    if is_document_input(path):  # feeds and pages: one document per item
        return read_documents(path)
    suffix = Path(path).suffix.lower()
    columns = columns or dict(DEFAULT_COLUMNS)
    if suffix in TABLE_SUFFIXES:
        return read_table(path, columns)
    if suffix == ".jsonl":
        return read_jsonl(path, columns)
    if suffix == ".parquet":
        return read_parquet(path, columns)
    if suffix in (".xlf", ".xliff"):
        return read_xliff(path)
    if suffix == ".tmx":
        return read_tmx(path, tgt_lang)
    if suffix in (".po", ".pot"):
        return read_po(path)
    return None


def is_structured(path: str) -> bool:
    """Whether `path` is read by a structured reader (by its suffix, or an .xml file by its root element)."""
    from audit.inputs.feeds import is_document_input

    return Path(path).suffix.lower() in STRUCTURED_SUFFIXES or is_document_input(path)
