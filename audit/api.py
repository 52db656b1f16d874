"""The audit as importable functions: `check` (texts or a DataFrame in, findings table out), `run_audit`
(one input in memory, the whole result) and `run_check` (files in, a report written)."""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from audit.lazy import pandas as pd

from audit.engine.result import AuditResult
from audit.engine.run import audit_prepared
from audit.engine.settings import MAX_SEGMENT_CHARS
from audit.errors import AuditError
from audit.inputs.load import expand_target, load_input, parse_include, prepare_segments, resolve_languages
from audit.inputs.readers import decoding
from audit.langid import DEFAULT_BACKEND
from audit.report.outputs import refuse_unsafe_directory, refuse_unsafe_report
from audit.report.writers import default_report_path, meta_path, scores_path, write_report

__all__ = ["AuditError", "AuditResult", "check", "run_audit", "run_check"]


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
    result = audit_prepared(segments, options, langid)
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


def run_check(target: str, source: str | None, reference: tuple[str, ...] | str | None, src_lang: str | None,
              tgt_lang: str | None, output: str | None, fmt: str, langid: str, baseline: str | None = None,
              ignore: str | None = None, columns: str | None = None, write: bool = True,
              ref_doc: str | None = None, ref_minor: bool = False, scores: str | None = "bleu,chrf,ter",
              progress: bool | None = False, encoding: str = "utf-8", decode_errors: str = "strict",
              max_segment_chars: int = MAX_SEGMENT_CHARS, jobs: int = 1, engine: str = "local",
              scheduler: str | None = None, partitions: int | None = None, csv_raw: bool = False,
              protected: tuple[str, ...] = (), lexicons: tuple[str, ...] = (),
              include: str | None = None) -> tuple[AuditResult, Path]:
    """Read the input(s), audit them, drop accepted findings and write one report; returns result and path.

    Before any audit, refuses a report path that would write over an input (or one of the `protected`
    files, such as the gate's policy), a special file, or a directory that is not a previous report."""
    from audit.config import use_lexicons, use_target_region

    from audit.pool import resolve_jobs
    from audit.scores import parse_metrics
    from audit.engine.stream import audit_streamed, can_stream
    from audit.gate.suppress import load_baseline, load_ignore, suppress

    references = (reference,) if isinstance(reference, str) else tuple(reference or ())
    try:
        metrics = parse_metrics(scores)
    except ValueError as exc:
        raise AuditError(f"--scores: {exc}") from None
    lexicons = use_lexicons(lexicons)
    use_target_region(tgt_lang)
    accepted = load_baseline(baseline) if baseline else None
    ignored = load_ignore(ignore) if ignore else None
    files = expand_target(target)
    included = parse_include(include)
    if fmt == "po":
        from audit.report.po import check_po_inputs

        check_po_inputs(files)
    if len(files) > 1 and (source or references or ref_doc):
        raise AuditError("--src and --ref pair with one target file; give a directory of TSV/XLIFF/TMX/PO files instead")
    stem = target if len(files) == 1 else (Path(target).name if Path(target).is_dir() else "feed")
    report = Path(output) if output else default_report_path(stem, fmt)
    partitioned = engine == "dask" and len(files) > 1
    if write:
        refuse_unsafe_output(report, partitioned, [*files, source, *references, ref_doc, baseline, ignore, *protected])
    writes_csv = fmt == "csv" or bool(metrics and (references or ref_doc))
    options = {"source": source, "reference": list(references) or None, "ref_doc": ref_doc,
               "ref_minor": ref_minor or None, "scores": ",".join(metrics) if references or ref_doc else None,
               "src_lang": src_lang, "tgt_lang": tgt_lang,
               "format": fmt, "langid": langid, "baseline": baseline, "ignore": ignore, "columns": columns,
               "inputs": files if len(files) > 1 else None,
               "encoding": encoding if encoding.lower().replace("_", "-") not in ("utf-8", "utf8") else None,
               "errors": decode_errors if decode_errors != "strict" else None,
               "engine": engine if engine != "local" else None, "scheduler": scheduler,
               "lexicons": lexicons or None, "csv_safe": not csv_raw if writes_csv else None,
               "include": ",".join(sorted(included)) or None}
    options = {k: v for k, v in options.items() if v is not None}
    if partitioned and write:
        from audit.engine.shards import ShardSettings, run_partitioned

        settings = ShardSettings(fmt, columns, src_lang, tgt_lang, langid, ref_minor, max_segment_chars, encoding,
                                 decode_errors, accepted, tuple(ignored or ()), csv_safe=not csv_raw)
        return run_partitioned(files, report, settings, options, scheduler, resolve_jobs(jobs)), report
    with decoding(encoding, decode_errors):
        if write and len(files) == 1 and can_stream(files[0], fmt, engine, ref_doc):
            result = audit_streamed(files[0], source, references, src_lang, tgt_lang, report, fmt, options, langid,
                                    ref_minor, metrics, max_segment_chars, resolve_jobs(jobs), progress,
                                    accepted, ignored)
            return result, report
        loaded = [load_input(f, source, references, src_lang, tgt_lang, columns, langid, ref_doc, included)
                  for f in files]
    segments = pd.concat([frame for frame, _ in loaded], ignore_index=True)
    result = audit_prepared(segments, options, langid,
                            ref_minor=ref_minor, metrics=metrics, show_progress=progress,
                            max_segment_chars=max_segment_chars, jobs=jobs, engine=engine,
                            scheduler=scheduler, partitions=partitions)
    result.reference_alignment = loaded[0][1] if len(loaded) == 1 else {}
    result.targets = files  # the meta records each input's identity
    if segments.empty:
        from audit.languages import normalize_language

        result.src_lang = normalize_language(src_lang, "--src-lang")
        result.tgt_lang = normalize_language(tgt_lang, "--tgt-lang")
    if accepted or ignored:
        result.findings, result.suppressed = suppress(result.findings, accepted, ignored)
    if write:
        write_report(result.findings, report, fmt, result.meta(), result.segments, result.scores)
    return result, report


def refuse_unsafe_output(report: Path, partitioned: bool, inputs: list[str | None]) -> None:
    """One line and exit 2, before the audit, when the report (its `.meta.json` and `.segments.csv`, or a
    partitioned report's directory) would land on an input, a special file or someone else's directory."""
    if partitioned:
        refuse_unsafe_directory(report, inputs)
    else:
        refuse_unsafe_report([report, meta_path(report), scores_path(report)], inputs)
