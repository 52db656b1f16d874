"""The audit as importable functions: `check` (texts or a DataFrame in, findings table out), `run_audit`
(one input in memory, the whole result) and `run_check` (files in, a report written, with `RunSettings`
from `settle`)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Sequence

from audit.lazy import pandas as pd

from audit.detectors import all_rules
from audit.engine.result import AuditResult
from audit.engine.run import audit_prepared
from audit.engine.settings import RunSettings, settle
from audit.engine.shards import run_partitioned
from audit.engine.stream import audit_streamed, can_stream
from audit.errors import AuditError
from audit.inputs.load import expand_target, load_input, prepare_segments, resolve_languages
from audit.inputs.readers import decoding
from audit.langid import DEFAULT_BACKEND
from audit.languages import normalize_language
from audit.report.outputs import refuse_foreign_report, refuse_unsafe_directory, refuse_unsafe_report
from audit.report.writers import WholeReport, default_report_path, meta_path, scores_path

__all__ = ["AuditError", "AuditResult", "RunSettings", "check", "run_audit", "run_check", "settle"]


def run_audit(
    targets: Sequence[str],
    sources: Sequence[str] | None = None,
    references: Sequence[str] | None = None,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    file: str = "<memory>",
    names: dict[str, str] | None = None,
    options: dict | None = None,
    langid: str = DEFAULT_BACKEND,
    ids: Sequence[str] | None = None,
    more_references: Sequence[Sequence[str]] = (),
) -> AuditResult:
    """Audit one input; `names` says which file each side came from, for error messages."""
    segments = prepare_segments(targets, sources, references, src_lang, tgt_lang, file, names, langid, ids,
                                more_references)
    result = audit_prepared(segments, RunSettings(langid=langid), options or {})
    if segments.empty:  # no segments to read the languages from: keep what was settled
        result.src_lang, result.tgt_lang = resolve_languages(targets, sources, src_lang, tgt_lang, langid)
    return result


def _column(frame: pd.DataFrame, name: str) -> list[str] | None:
    if name not in frame.columns:
        return None
    return ["" if pd.isna(v) else str(v) for v in frame[name]]


def check(
    targets: Sequence[str] | pd.DataFrame,
    sources: Sequence[str] | None = None,
    references: Sequence[str] | None = None,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    file: str = "<memory>",
    langid: str = DEFAULT_BACKEND,
) -> pd.DataFrame:
    """Audit translated segments and return the findings table (see `audit.findings` for its schema).

    `targets` is a list of segment texts, or a DataFrame with a `target` column and optional `source`
    and `reference` columns. Languages are ISO 639-1 codes; the target language is detected when omitted.
    Raises `audit.AuditError` for bad input (mismatched lengths, unknown language codes).
    """
    if isinstance(targets, pd.DataFrame):
        frame = targets
        if "target" not in frame.columns:
            raise AuditError("the DataFrame needs a 'target' column")
        targets = _column(frame, "target") or []
        sources = sources if sources is not None else _column(frame, "source")
        references = references if references is not None else _column(frame, "reference")
    return run_audit(list(targets), sources, references, src_lang, tgt_lang, file=file, langid=langid).findings


def run_check(target: str, settings: RunSettings) -> tuple[AuditResult, Path]:
    """Read the input(s), audit them, drop accepted findings and write one report (unless
    `settings.write` is off); returns the result and the report's path. The driver follows from the
    input and the settings: a partitioned report for several inputs on Dask, a streamed report for one
    plain-text input in an appendable format, else the input read whole.

    Before any audit, refuses a report path that would write over an input (or one of the `protected`
    files, such as the gate's policy), a special file, or a directory that is not a previous report."""
    files = expand_target(target)
    references, ref_doc = settings.references, settings.ref_doc
    if settings.fmt == "po":
        from audit.report.po import check_po_inputs

        check_po_inputs(files)
    if len(files) > 1 and (settings.source or references or ref_doc):
        raise AuditError("--src and --ref pair with one target file; give a directory of TSV/XLIFF/TMX/PO files instead")
    settings = replace(settings, inputs=tuple(files))
    stem = target if len(files) == 1 or Path(target).is_dir() else "feed"
    report = Path(settings.output) if settings.output else default_report_path(stem, settings.fmt)
    partitioned = settings.engine == "dask" and len(files) > 1
    if settings.write:
        refuse_unsafe_output(report, partitioned, [*files, settings.source, *references, ref_doc, settings.baseline,
                                                   settings.ignore, *settings.protected], settings.overwrite)
    if partitioned and settings.write:
        return run_partitioned(files, report, settings), report
    with decoding(settings.encoding, settings.decode_errors):
        if settings.write and len(files) == 1 and can_stream(files[0], settings.fmt, ref_doc):
            return audit_streamed(files[0], report, settings), report
        loaded = [load_input(f, settings.source, references, settings.src_lang, settings.tgt_lang, settings.columns,
                             settings.langid, ref_doc, settings.include) for f in files]
    result = audit_whole(loaded, settings)
    if settings.write:
        with WholeReport(report, settings.fmt, result.segments, all_rules(), settings.overwrite) as sink:
            sink.add(result.findings)
            sink.add_scores(result.scores)
            sink.commit(result.meta())
    return result, report


def audit_whole(loaded: list[tuple[pd.DataFrame, dict]], settings: RunSettings) -> AuditResult:
    """Audit inputs read whole ((segments, reference alignment) each) as one segments table."""
    segments = pd.concat([frame for frame, _ in loaded], ignore_index=True)
    result = audit_prepared(segments, settings)
    result.reference_alignment = loaded[0][1] if len(loaded) == 1 else {}
    result.targets = list(settings.inputs)  # the meta records each input's identity
    if segments.empty:
        result.src_lang = normalize_language(settings.src_lang, "--src-lang")
        result.tgt_lang = normalize_language(settings.tgt_lang, "--tgt-lang")
    return result


def refuse_unsafe_output(report: Path, partitioned: bool, inputs: list[str | None], overwrite: bool = False) -> None:
    """One line and exit 2, before the audit, when the report (its `.meta.json` and `.segments.csv`, or a
    partitioned report's directory) would land on an input, a special file or someone else's directory,
    or (unless `overwrite`) replace a file that is not our own previous report."""
    if partitioned:
        refuse_unsafe_directory(report, inputs)
    else:
        refuse_unsafe_report([report, meta_path(report), scores_path(report)], inputs)
        if not overwrite:
            refuse_foreign_report(report)
