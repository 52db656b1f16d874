"""Report writers: the findings table as CSV or JSONL, a `.meta.json` signature beside it, written atomically."""

from __future__ import annotations

import json
import os
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Iterable, Iterator, Protocol, Sequence

from audit.lazy import pandas as pd

from audit.errors import AuditError
from audit.findings import COLUMNS, TEXT_COLUMNS, FindingRows, coerce, empty_findings
from audit.rules import Rule
from audit.report.outputs import (META_SUFFIX, SCORES_SUFFIX, beside, guard_cells, is_our_scores_table,
                                  refuse_foreign_report, refuse_unsafe_file, unguard_cells, visible, xml_text)
from audit.report.temporaries import create_beside, remove_stale_temporaries, signals_deferred

FORMATS = {"csv": ".csv", "jsonl": ".jsonl", "json": ".json", "junit": ".junit.xml", "github": ".github.txt",
           "sarif": ".sarif"}
EXTENSIONS = {**FORMATS, "html": ".html", "parquet": ".parquet", "po": ".po"}
SARIF_LEVELS = {"critical": "error", "major": "error", "minor": "warning"}
GITHUB_LEVELS = {"critical": "error", "major": "error", "minor": "warning"}


def default_report_path(target: str, fmt: str = "csv", directory: str | Path = "reports") -> Path:
    """`reports/<target-stem>.audit.<ext>`, `reports/<directory-name>.audit.<ext>` for a directory (`.`
    too: its real name), or `reports/stdin.audit.<ext>` for standard input."""
    path = Path(target)
    stem = "stdin" if target == "-" else (path.resolve().name or "root") if path.is_dir() else path.stem
    return Path(directory) / f"{stem}.audit{EXTENSIONS[fmt]}"


def report_stem(target: str) -> str:
    """A target's folders and stem joined by `__` (`a/x.txt` -> `a__x`): the name of its default report
    when another target of the same run has the same stem."""
    path = Path(target)
    parts = [p for p in path.parent.parts if p not in (path.anchor, ".", "..")]
    return "__".join([*parts, path.stem])


def default_report_paths(targets: Sequence[str], fmt: str = "csv") -> dict[str, Path]:
    """Each target's default report; targets whose stems collide (`a/x.txt`, `b/x.txt`) get their
    folders in the name (`reports/a__x.audit.csv`, `reports/b__x.audit.csv`). A collision left even then
    is a one-line error: one report must never overwrite another silently."""
    plain = {t: default_report_path(t, fmt) for t in targets}
    taken = [p for p in plain.values()]
    paths = {t: (p if taken.count(p) == 1 else Path("reports") / f"{report_stem(t)}.audit{EXTENSIONS[fmt]}")
             for t, p in plain.items()}
    seen: dict[Path, str] = {}
    for target, path in paths.items():
        if path in seen:
            raise AuditError(f"{target} and {seen[path]} would both be reported in {path}; give them once each, "
                             "or gate them in two runs with -o")
        seen[path] = target
    return paths


def meta_path(report: Path) -> Path:
    """Where the signature and counts of a report live: `<report>.meta.json`, or a partitioned report's
    `_summary.json` inside its directory."""
    if report.is_dir():
        return report / "_summary.json"
    return beside(report, META_SUFFIX)


def table_to_csv(table: pd.DataFrame, csv_safe: bool = True, header: bool = True) -> str:
    """A table as CSV text; spreadsheet-safe text cells unless `csv_safe` is off (`--csv-raw`)."""
    return (guard_cells(table) if csv_safe else table).to_csv(index=False, header=header, lineterminator="\n")


def rows_to_csv(rows: list[tuple], csv_safe: bool = True) -> str:
    """Findings rows (schema order, typed as `coerce` types them) as CSV lines, byte for byte what
    `table_to_csv(..., header=False)` writes for the same table (tests/test_stream.py)."""
    import csv
    import io

    if csv_safe:
        from audit.report.outputs import spreadsheet_safe

        text = [name in TEXT_COLUMNS for name in COLUMNS]
        rows = [tuple(spreadsheet_safe(v) if t else v for v, t in zip(row, text)) for row in rows]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def file_lines(segments: pd.DataFrame | None) -> dict[str, list[int]]:
    """Per input file, the line in the file of each segment (index k: segment k + 1), for the inputs
    whose segments are not one per line (PO, XLIFF, TMX, TSV, JSONL); plain text has none."""
    if segments is None or "file_line" not in segments or segments.empty:
        return {}
    out: dict[str, list[int]] = {}
    for file, rows in segments.groupby("file", sort=False):
        lines = [int(v) for v in rows["file_line"]]
        if lines != [int(v) for v in rows["line"]]:
            out[str(file)] = lines
    return out


def in_file(records: list[dict], lines: dict[str, list[int]]) -> list[dict]:
    """The records with `line` as the line in the input file (see `file_lines`); `id` is kept."""
    if not lines:
        return records
    def line_of(row: dict) -> int:
        known = lines.get(row["file"], [])
        return known[row["line"] - 1] if 0 < row["line"] <= len(known) else row["line"]
    return [{**row, "line": line_of(row)} for row in records]


def findings_to_text(findings: pd.DataFrame, fmt: str, csv_safe: bool = True,
                     lines: dict[str, list[int]] | None = None, rules: Sequence[Rule] = ()) -> str:
    """Serialize a findings table: CSV with a header (even when empty; spreadsheet-safe text cells unless
    `csv_safe` is off), one JSON object per line, JSON, JUnit XML, GitHub annotations or SARIF (its rule
    entries named and described from `rules`: the catalogue, `audit.detectors.all_rules()`). CSV, JSON
    and JSONL keep `line` as the segment's index; the formats read by CI tools and editors (JUnit, GitHub,
    SARIF) give the line in the input file (`lines`, from `file_lines`)."""
    findings = coerce(findings)
    if fmt == "csv":
        return table_to_csv(findings, csv_safe)
    records = findings.to_dict(orient="records")
    if fmt in ("junit", "github", "sarif"):
        records = in_file(records, lines or {})
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    if fmt == "json":
        return json.dumps({"findings": records}, ensure_ascii=False, indent=2) + "\n"
    if fmt == "junit":
        return junit_xml(records)
    if fmt == "github":
        return "".join(github_annotation(r) + "\n" for r in records)
    if fmt == "sarif":
        return json.dumps(sarif_log(records, rules), ensure_ascii=False, indent=2) + "\n"
    raise AuditError(f"unknown report format {fmt!r} (choose from {', '.join(FORMATS)})")


def _github_escape(text: str, property_value: bool = False) -> str:
    """A workflow command's value: percent-escaped as GitHub decodes it, after the control characters are
    made visible (an escape sequence in a file name must not reach the job's log as one)."""
    text = visible(text, keep_newlines=True).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def github_annotation(row: dict) -> str:
    """One GitHub Actions workflow command: ::warning file=F,line=L,col=C,title=T::message."""
    level = GITHUB_LEVELS[row["severity"]]
    title = f"{row['rule']} {row['category']} ({row['severity']})"
    message = f"{row['phrase']!r}: {row['evidence']}" + (f" — suggestion: {row['suggestion']}" if row["suggestion"] else "")
    return (f"::{level} file={_github_escape(row['file'], True)},line={row['line']},col={row['start'] + 1},"
            f"endColumn={row['end'] + 1},title={_github_escape(title, True)}::{_github_escape(message)}")


def sarif_log(records: list[dict], rules: Sequence[Rule] = ()) -> dict:
    """SARIF 2.1.0: one run of the audit tool, the rules it reported (described from `rules`; a code not
    among them is named by its code), and one result per finding on its line."""
    from audit.version import __version__

    catalogue = {rule.code: rule for rule in rules}
    used = sorted({code for row in records for code in row["rule"].split("+")})
    rules = [{"id": code, "name": catalogue[code].name if code in catalogue else code,
              "shortDescription": {"text": catalogue[code].what if code in catalogue else code},
              "properties": {"category": catalogue[code].category if code in catalogue else ""}} for code in used]
    results = []
    for row in records:
        message = f"{row['phrase']!r}: {row['evidence']}" + (f" Suggestion: {row['suggestion']}." if row["suggestion"] else "")
        results.append({
            "ruleId": row["rule"].split("+")[0],
            "level": SARIF_LEVELS[row["severity"]],
            "message": {"text": message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": row["file"]},
                "region": {"startLine": int(row["line"]), "startColumn": int(row["start"]) + 1,
                           "endColumn": int(row["end"]) + 1, "snippet": {"text": row["phrase"]}},
            }}],
            "properties": {"category": row["category"], "severity": row["severity"], "rules": row["rule"],
                           "confidence": row["confidence"]},
            "partialFingerprints": {"auditFingerprint/v1": row.get("fingerprint", "")},
        })
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "audit", "version": __version__,
                                      "rules": rules}},
                  "results": results}],
    }


def junit_xml(records: list[dict]) -> str:
    """JUnit XML: one test suite per input file, one failing test case per finding."""
    from xml.etree import ElementTree as ET

    root = ET.Element("testsuites", name="audit", tests=str(len(records)), failures=str(len(records)))
    by_file: dict[str, list[dict]] = {}
    for row in records:
        by_file.setdefault(row["file"], []).append(row)
    for file, rows in by_file.items():
        name = xml_text(file)
        suite = ET.SubElement(root, "testsuite", name=name, tests=str(len(rows)), failures=str(len(rows)))
        for row in rows:
            case = ET.SubElement(suite, "testcase", classname=name,
                                 name=xml_text(f"line {row['line']} {row['rule']}: {row['phrase']}"))
            failure = ET.SubElement(case, "failure", type=xml_text(row["category"]),
                                    message=xml_text(f"{row['severity']}: {row['evidence']}"))
            failure.text = xml_text(f"{row['file']}:{row['line']}:{row['start']}-{row['end']} {row['phrase']!r} "
                                    f"→ {row['suggestion']}")
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def read_report(path: str | Path) -> pd.DataFrame:
    """Read a CSV, JSONL, JSON or Parquet report (or a partitioned report's directory) back into a typed
    findings table. Anything that is not such a report — cut short, not UTF-8, not the report's columns
    and types, random bytes — is a one-line error (exit 2)."""
    path = Path(path)
    if not path.exists():
        raise AuditError(f"{path}: no such report")
    if path.is_dir():
        from audit.report.partitioned import SUMMARY, read_parts

        if not (path / SUMMARY).is_file():
            raise AuditError(f"{path}: a directory without {SUMMARY}; not a partitioned report")
        parts = read_parts(path)
        return coerce(unguard_cells(parts)) if written_csv_safe(path) else parts
    if path.name.endswith((".junit.xml", ".github.txt", ".sarif", ".html", ".po")):
        raise AuditError(f"{path}: {path.suffix} reports are for CI tools and people; read the CSV, JSONL or JSON report")
    kind = _report_kind(path)
    try:
        findings = coerce(_parse_report(path, kind))
    except AuditError:
        raise
    except Exception as exc:  # noqa: BLE001 - hostile bytes: any parser failure is bad input, never a traceback
        raise AuditError(f"{path}: not a readable {kind} report ({_one_line(exc)})") from None
    _check_values(findings, path)
    if kind == "CSV" and written_csv_safe(path):
        findings = coerce(unguard_cells(findings))
    return findings


def _report_kind(path: Path) -> str:
    return {".jsonl": "JSONL", ".parquet": "Parquet", ".json": "JSON"}.get(path.suffix, "CSV")


def _one_line(exc: Exception, limit: int = 160) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _parse_report(path: Path, kind: str) -> pd.DataFrame:
    """The table in a report file, untyped; text reports must end with a newline (ours always do: a file
    that does not was cut short)."""
    if kind == "Parquet":
        return pd.read_parquet(path)
    data = path.read_bytes()
    text = data.decode("utf-8")
    if kind in ("CSV", "JSONL") and text and not text.endswith("\n"):
        raise AuditError(f"{path}: not a complete {kind} report (cut short: its last line has no newline)")
    if kind == "JSONL":
        records = [json.loads(line) for line in text.splitlines() if line.strip()]
        return pd.DataFrame(records) if records else empty_findings()
    if kind == "JSON":
        document = json.loads(text)
        if not isinstance(document, dict) or not isinstance(document.get("findings", []), list):
            raise AuditError(f"{path}: not a JSON report (an object with a findings list)")
        records = document.get("findings", [])
        return pd.DataFrame(records) if records else empty_findings()
    import io

    return pd.read_csv(io.StringIO(text), keep_default_na=False,
                       dtype={c: str for c, t in COLUMNS.items() if t == "object"})


def _check_values(findings: pd.DataFrame, path: Path) -> None:
    """Values a report of ours always has: known severities, line numbers from 1, offsets from 0."""
    from audit.rules import SEVERITIES

    unknown = sorted(set(findings["severity"]) - set(SEVERITIES))
    if unknown:
        raise AuditError(f"{path}: not an audit report (unknown severity {unknown[0][:40]!r})")
    if len(findings) and (int(findings["line"].min()) < 0 or int(findings["start"].min()) < 0
                          or bool((findings["end"] < findings["start"]).any())):
        raise AuditError(f"{path}: not an audit report (negative line or offsets, or an end before its start)")


def report_file_lines(report: Path) -> dict[str, list[int]]:
    """The `file_lines` a report's meta file records (none when it has none or cannot be read)."""
    try:
        lines = json.loads(meta_path(Path(report)).read_text(encoding="utf-8")).get("file_lines", {})
    except (OSError, ValueError, AttributeError):
        return {}
    return lines if isinstance(lines, dict) else {}


def written_csv_safe(report: Path) -> bool:
    """Whether a report's CSV cells were written spreadsheet-safe (its meta options say `csv_safe`); a
    report without a readable meta file is read as it is."""
    try:
        meta = json.loads(meta_path(report).read_text(encoding="utf-8"))
        return meta.get("options", {}).get("csv_safe") is True
    except (OSError, ValueError, AttributeError):
        return False


def with_csv_choice(meta: dict, csv_safe: bool) -> dict:
    """The meta with the CSV choice recorded in its options (what `read_report` undoes)."""
    return {**meta, "options": {**meta.get("options", {}), "csv_safe": csv_safe}}


def csv_choice(meta: dict) -> bool:
    """Spreadsheet-safe CSV unless the run's options turned it off (`--csv-raw`)."""
    return meta.get("options", {}).get("csv_safe", True) is not False


@contextmanager
def _temporary_beside(path: Path) -> Iterator[Path]:
    """A temporary file in the destination's directory (so the final rename is atomic), removed on failure."""
    temp = create_beside(path)
    try:
        yield temp
    finally:
        if temp.exists():
            temp.unlink()


def _make_room(path: Path) -> None:
    """Check a report path names a regular file or nothing yet (never a directory, FIFO or device) and
    create its directory, with one-line errors."""
    refuse_unsafe_file(path, {})
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AuditError(f"{path}: cannot create the report's directory ({exc.strerror or exc})") from None


def write_atomically(files: dict[Path, str], binary: dict[Path, bytes] | None = None) -> None:
    """Write every file to a temporary beside it, then rename them all into place (a signal waits until
    the last rename is done).

    A failure before the renames leaves every previous file untouched and no partial file behind.
    """
    contents: dict[Path, str | bytes] = {**files, **(binary or {})}
    for path in contents:
        _make_room(path)
    current = next(iter(contents), Path())
    try:
        with _stack_of_temporaries(list(contents)) as temps:
            for (current, content), temp in zip(contents.items(), temps):
                if isinstance(content, bytes):
                    temp.write_bytes(content)
                else:
                    temp.write_text(content, encoding="utf-8")
            with signals_deferred():
                for current, temp in zip(contents, temps):
                    os.replace(temp, current)
    except OSError as exc:
        raise _write_error(exc, current) from None


def _write_error(exc: OSError, path: Path) -> AuditError:
    """One line naming the file that could not be written and why (a full disk, a quota, permissions)."""
    return AuditError(f"cannot write {path}: {exc.strerror or exc}")


@contextmanager
def _stack_of_temporaries(paths: list[Path]) -> Iterator[list[Path]]:
    if not paths:
        yield []
        return
    with _temporary_beside(paths[0]) as first, _stack_of_temporaries(paths[1:]) as rest:
        yield [first, *rest]


def scores_path(report: Path) -> Path:
    """Where the per-segment reference scores live: `<report>.segments.csv`."""
    return beside(report, SCORES_SUFFIX)


def drop_scores_table(report: Path) -> None:
    """Remove the scores table of an earlier run, which would not match this report (a file of that name
    that is not a scores table of ours is left alone)."""
    path = scores_path(report)
    if is_our_scores_table(path):
        path.unlink(missing_ok=True)
    remove_stale_temporaries(path)


def write_report(findings: pd.DataFrame, path: Path, fmt: str, meta: dict,
                 segments: pd.DataFrame | None = None, scores: pd.DataFrame | None = None,
                 rules: Sequence[Rule] = ()) -> None:
    """Write the findings, their `.meta.json` and (with references) the per-segment scores table
    `.segments.csv`, all atomically (the HTML page also needs the segments). The meta file records the
    report's digest and rows (`audit.report.integrity`) and whether its CSV cells are spreadsheet-safe."""
    csv_safe = csv_choice(meta)
    if fmt == "csv" or scores is not None:
        meta = with_csv_choice(meta, csv_safe)
    texts = {}
    if scores is not None:
        texts[scores_path(path)] = table_to_csv(scores, csv_safe)
    lines = file_lines(segments)
    if lines:
        meta = {**meta, "file_lines": lines}
    body = render_report(findings, fmt, meta, segments, rules, scores)
    texts[meta_path(path)] = meta_text(_with_identity(meta, body, findings))
    if isinstance(body, bytes):
        write_atomically(texts, {path: body})
    else:
        write_atomically({**texts, path: body})
    if scores is None:
        drop_scores_table(path)


def render_report(findings: pd.DataFrame, fmt: str, meta: dict, segments: pd.DataFrame | None = None,
                  rules: Sequence[Rule] = (), scores: pd.DataFrame | None = None) -> str | bytes:
    """A report's body in any format (the HTML page and the PO file also need the segments, the page the
    segment scores too); the CSV choice and the input files' lines are read from `meta`."""
    if fmt == "html":
        from audit.report.html import render_html

        return render_html(coerce(findings), segments, meta, scores)
    if fmt == "parquet":
        return write_parquet_bytes(coerce(findings))
    if fmt == "po":
        from audit.report.po import render_po

        return render_po(coerce(findings), segments)
    return findings_to_text(findings, fmt, csv_choice(meta), meta.get("file_lines") or file_lines(segments), rules)


def meta_text(meta: dict) -> str:
    """The meta file's text (every report's: beside a file, or a partitioned report's `_summary.json`)."""
    return json.dumps(meta, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _with_identity(meta: dict, body: str | bytes, findings: pd.DataFrame) -> dict:
    """The meta with the report's digest and rows per severity (see `audit.report.integrity`)."""
    from audit.report.integrity import with_report_identity

    return with_report_identity(meta, body, findings["severity"])


def write_parquet(findings: pd.DataFrame, path: Path, texts: dict[Path, str]) -> None:
    """Parquet (needs pyarrow: pip install 'audit[parquet]'), written beside and renamed like the others."""
    write_atomically(texts, {path: write_parquet_bytes(findings)})


def write_parquet_bytes(findings: pd.DataFrame) -> bytes:
    """A findings table as Parquet bytes (needs pyarrow: pip install 'audit[parquet]')."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise AuditError("the parquet format needs pyarrow: pip install 'audit[parquet]'") from None
    import io

    buffer = io.BytesIO()
    coerce(findings).to_parquet(buffer, index=False)
    return buffer.getvalue()


def csv_header(columns: Iterable[str]) -> str:
    """A CSV header line as pandas writes it (the schema's names need no quoting), without importing pandas:
    a streamed run opens its report before the first block is audited."""
    return ",".join(columns) + "\n"


class ReportSink(Protocol):
    """Where a run's report goes, whatever the driver: opened before the audit, findings (and per-segment
    scores) handed to it as they are finished — or, for a partitioned report, parts written into it by
    the workers — then `commit` with the meta, which puts the whole report in place at once. Leaving
    the `with` block without a commit leaves any previous report as it was."""

    def __enter__(self) -> "ReportSink": ...

    def __exit__(self, *exc_info) -> None: ...

    def commit(self, meta: dict) -> None: ...


class WholeReport:
    """A report written in one go at the commit (any format, the HTML page with its segments). The commit
    replaces only our own previous report (`refuse_foreign_report`, checked again: the audit may have
    taken hours) unless `overwrite` is on."""

    def __init__(self, path: Path, fmt: str, segments: pd.DataFrame | None = None, rules: Sequence[Rule] = (),
                 overwrite: bool = False) -> None:
        self.path, self.fmt, self.segments, self.rules, self.overwrite = path, fmt, segments, rules, overwrite
        self.findings, self.scores = empty_findings(), None

    def __enter__(self) -> "WholeReport":
        return self

    def __exit__(self, *exc_info) -> None:
        pass

    def add(self, findings: pd.DataFrame) -> None:
        self.findings = findings if self.findings.empty else pd.concat([self.findings, findings], ignore_index=True)

    def add_scores(self, table: pd.DataFrame | None) -> None:
        self.scores = table

    def commit(self, meta: dict) -> None:
        if not self.overwrite:
            refuse_foreign_report(self.path)
        write_report(self.findings, self.path, self.fmt, meta, self.segments, self.scores, self.rules)


class ReportParts:
    """A report written part by part (csv, jsonl or parquet) to temporaries beside its paths, with the
    per-segment scores table when asked; `commit` writes the meta file and renames them all into place.
    Leaving the block without a commit (an error, Ctrl-C, a full disk) removes the temporaries: the
    previous report stays as it was. CSV text cells are spreadsheet-safe unless `csv_safe` is off. Like
    `WholeReport`, the commit replaces only our own previous report unless `overwrite` is on."""

    def __init__(self, path: Path, fmt: str, scores: bool = False, csv_safe: bool = True,
                 overwrite: bool = False) -> None:
        self.path, self.fmt, self.scores, self.csv_safe, self.overwrite = path, fmt, scores, csv_safe, overwrite
        self._stack = ExitStack()
        self._temps: dict[Path, Path] = {}
        self._parquet = None

    def __enter__(self) -> "ReportParts":
        for path in (self.path, meta_path(self.path), *([scores_path(self.path)] if self.scores else [])):
            _make_room(path)
        try:
            self._findings = self._open(self.path, binary=self.fmt == "parquet")
            self._scores = self._open(scores_path(self.path)) if self.scores else None
            if self.fmt == "csv":
                self._findings.write(csv_header(COLUMNS))
            if self._scores is not None:
                from audit.scores import SEGMENT_SCORE_COLUMNS

                self._scores.write(csv_header(SEGMENT_SCORE_COLUMNS))
        except OSError as exc:
            self._stack.close()
            raise _write_error(exc, self.path) from None
        return self

    def _open(self, path: Path, binary: bool = False):
        temp = self._stack.enter_context(_temporary_beside(path))
        self._temps[path] = temp
        handle = temp.open("wb") if binary else temp.open("w", encoding="utf-8", newline="")
        self._stack.callback(_close_quietly, handle)  # before the temporary's removal (last in, first out)
        return handle

    @contextmanager
    def _writing(self, path: Path) -> Iterator[None]:
        """Turn a failed write (a full disk: ENOSPC, EFBIG; a quota) into one line naming the file."""
        try:
            yield
        except OSError as exc:
            raise _write_error(exc, path) from None

    def add(self, findings: pd.DataFrame | FindingRows) -> None:
        """Append findings (in report order) to the report; plain rows go to a CSV report without a table."""
        if isinstance(findings, FindingRows):
            if self.fmt == "csv":
                with self._writing(self.path):
                    self._findings.write(rows_to_csv(findings.rows, self.csv_safe))
                return
            findings = findings.frame()
        findings = coerce(findings)
        with self._writing(self.path):
            if self.fmt == "parquet":
                self._write_parquet(findings)
            elif self.fmt == "csv":
                self._findings.write(table_to_csv(findings, self.csv_safe, header=False))
            else:
                self._findings.write(findings_to_text(findings, self.fmt))

    def add_scores(self, table: pd.DataFrame) -> None:
        """Append rows to the per-segment scores table."""
        with self._writing(scores_path(self.path)):
            self._scores.write(table_to_csv(table, self.csv_safe, header=False))

    def _write_parquet(self, findings: pd.DataFrame) -> None:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise AuditError("the parquet format needs pyarrow: pip install 'audit[parquet]'") from None
        types = {"object": pa.string(), "int64": pa.int64(), "float64": pa.float64()}
        schema = pa.schema([(name, types[dtype]) for name, dtype in COLUMNS.items()])
        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self._findings, schema)
            self._stack.callback(_close_quietly, self._parquet)
        self._parquet.write_table(pa.Table.from_pandas(findings, schema=schema, preserve_index=False))

    def commit(self, meta: dict) -> None:
        """Finish the files, write the meta file, and rename everything into place."""
        if self.fmt == "csv" or self.scores:
            meta = with_csv_choice(meta, self.csv_safe)
        if not self.overwrite:
            refuse_foreign_report(self.path)
        try:
            if self.fmt == "parquet" and self._parquet is None:
                self._write_parquet(empty_findings())
            for handle in (self._parquet, self._findings, self._scores):
                if handle is not None:
                    handle.close()
            meta = self._with_identity(meta)
            with self._open(meta_path(self.path)) as handle:
                handle.write(meta_text(meta))
            with signals_deferred():
                for path, temp in self._temps.items():
                    os.replace(temp, path)
        except OSError as exc:
            raise _write_error(exc, self.path) from None
        if not self.scores:
            drop_scores_table(self.path)

    def _with_identity(self, meta: dict) -> dict:
        """The meta with the digest of the findings file as written (read back from its closed temporary)."""
        from audit.report.integrity import with_file_identity

        return with_file_identity(meta, self._temps[self.path])

    def __exit__(self, *exc_info) -> None:
        self._stack.close()


def _close_quietly(handle) -> None:
    """Close a temporary's handle on the way out of a failed write: its unwritten buffer cannot be written
    either (the disk is still full), and the temporary is removed next."""
    try:
        handle.close()
    except OSError:
        pass
