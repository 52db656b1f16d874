"""The audit as importable functions: inputs → segments table → detectors → findings table."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterator, Sequence

import pandas as pd

from audit import __version__
from audit.corpora import data_fingerprint
from audit.detectors import all_detectors, find_repeated_lines
from audit.errors import AuditError
from audit.findings import Finding, add_fingerprints, merge_findings, to_frame
from audit.langid import DEFAULT_BACKEND
from audit.languages import detect_language, normalize_language
from audit.progress import Progress
from audit.rules import ruleset_hash
from audit.scores import METRICS, score
from audit.segments import build_segments, count_words, iter_documents



MAX_SEGMENT_CHARS = 20_000  # longer segments get the cheap (linear, light) detector families only


@dataclass
class AuditResult:
    """Findings plus what the report's signature and summary need."""

    findings: pd.DataFrame
    segments: pd.DataFrame
    src_lang: str | None
    tgt_lang: str | None
    options: dict = field(default_factory=dict)
    langid: str = DEFAULT_BACKEND
    suppressed: int = 0  # findings dropped by a baseline or an ignore file
    scores: pd.DataFrame | None = None  # per-segment BLEU/chrF/TER when there are references
    corpus_scores: dict = field(default_factory=dict)  # metric → score, signature, segments
    reference_alignment: dict = field(default_factory=dict)  # --ref-doc pairing counts
    capped: int = 0  # segments over the length cap, audited by the cheap detectors only
    max_segment_chars: int = MAX_SEGMENT_CHARS

    @property
    def words(self) -> int:
        return int(sum(count_words(t) for t in self.segments["target"]))

    def meta(self) -> dict:
        """The report's signature and counts, for `<report>.meta.json`."""
        severities = Counter(self.findings["severity"])
        categories = Counter(self.findings["category"])
        rules_hash = ruleset_hash(data_fingerprint())
        signature = (
            f"audit:{__version__}|rules:{rules_hash}|langid:{self.langid}"
            f"|src:{self.src_lang or '-'}|tgt:{self.tgt_lang or '-'}"
        )
        return {
            "tool": "audit",
            "version": __version__,
            "signature": signature,
            "ruleset_hash": rules_hash,
            "language_id": self.langid,
            "languages": {"source": self.src_lang, "target": self.tgt_lang},
            "options": self.options,
            "counts": {
                "segments": int(len(self.segments)),
                "words": self.words,
                "findings": int(len(self.findings)),
                "suppressed": self.suppressed,
                "capped_segments": self.capped,
                "by_severity": {s: int(severities.get(s, 0)) for s in ("critical", "major", "minor")},
                "by_category": dict(sorted(categories.items())),
            },
            **({"scores": self.corpus_scores} if self.corpus_scores else {}),
            **({"reference_alignment": self.reference_alignment} if self.reference_alignment else {}),
            "max_segment_chars": self.max_segment_chars,
        }


def _check_aligned(name: str, values: Sequence[str] | None, expected: int, what: str) -> None:
    if values is not None and len(values) != expected:
        raise AuditError(f"{name}: {len(values)} lines, but the target has {expected}; {what} must be line-aligned")


def resolve_languages(
    targets: Sequence[str], sources: Sequence[str] | None, src_lang: str | None, tgt_lang: str | None,
    langid: str = DEFAULT_BACKEND,
) -> tuple[str | None, str | None]:
    """Validate the given codes; detect what is missing (target always, source when a source is given)."""
    src = normalize_language(src_lang, "--src-lang")
    tgt = normalize_language(tgt_lang, "--tgt-lang")
    if tgt is None:
        tgt = detect_language("\n".join(targets), backend=langid)
    if src is None and sources is not None:
        src = detect_language("\n".join(sources), backend=langid)
    return src, tgt


def capped_segments(segments: pd.DataFrame, limit: int = MAX_SEGMENT_CHARS) -> int:
    """How many segments are longer than the cap (target, source or a reference)."""
    return sum(len(doc.longer_than(limit)) for doc in iter_documents(segments))


CHUNK_SEGMENTS = 500  # segments per unit of parallel work


def run_detector(detector, doc, whole: bool = False) -> list[Finding]:
    """One family on one document (or chunk); a failure is an error naming both, never a traceback or a
    silent gap. `whole` runs the family's whole-document pass instead of its segment pass."""
    try:
        return list(detector.detect_document(doc) if whole else detector.detect(doc))
    except Exception as exc:  # noqa: BLE001 - any failure must stop the run with a clear message
        raise AuditError(f"{doc.file}: internal error in the {detector.family} detector "
                         f"({type(exc).__name__}: {exc}); no report written — please report this") from exc


def _families(doc, ref_minor: bool, max_segment_chars: int, whole: bool) -> list[Finding]:
    long_ones = doc.longer_than(max_segment_chars)
    found: list[Finding] = []
    for detector in all_detectors(ref_minor):
        if detector.applies_to(doc.src_lang, doc.tgt_lang):
            found.extend(run_detector(detector, doc if detector.cheap else doc.blanked(long_ones), whole))
    return found


def audit_chunk(task: tuple) -> list[Finding]:
    """The segment-level findings of one chunk's core lines (its context margin is judged elsewhere)."""
    piece, first, last, ref_minor, max_segment_chars = task
    return [f for f in _families(piece, ref_minor, max_segment_chars, whole=False) if first <= f.line <= last]


def _quiet_worker() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: one line, exit 130


def map_chunks(tasks: list[tuple], jobs: int) -> Iterator[list[Finding]]:
    """audit_chunk over the tasks, in order: in this process, or over `jobs` worker processes."""
    if jobs <= 1 or len(tasks) < 2:
        yield from map(audit_chunk, tasks)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), initializer=_quiet_worker) as pool:
        yield from pool.map(audit_chunk, tasks)


def resolve_jobs(jobs: int | None) -> int:
    """0 or None means every core."""
    import os

    return jobs if jobs and jobs > 0 else (os.cpu_count() or 1)


def audit_segments(segments: pd.DataFrame, langid: str = DEFAULT_BACKEND, ref_minor: bool = False,
                   progress: Progress | None = None, max_segment_chars: int = MAX_SEGMENT_CHARS,
                   jobs: int = 1, chunk_size: int = CHUNK_SEGMENTS, engine: str = "local",
                   scheduler: str | None = None, partitions: int | None = None) -> pd.DataFrame:
    """Run every applicable detector over the segments table and return the merged findings table.

    Documents are cut into chunks of `chunk_size` segments (each with its context margin) audited in
    order, over `jobs` processes; whole-document passes and feed-level checks run here. The result does
    not depend on `jobs` or `chunk_size`. Segments longer than `max_segment_chars` get only the cheap
    detector families. `progress` is advanced as chunks finish. `engine="dask"` audits the chunks with
    `map_partitions` on a Dask cluster (`scheduler` address, or a local one of `jobs` processes) in
    `partitions` partitions: the same report.
    """
    documents = list(iter_documents(segments, langid))
    found: list[Finding] = []
    for doc in documents:
        found.extend(_families(doc, ref_minor, max_segment_chars, whole=True))
    tasks = [(piece, first, last, ref_minor, max_segment_chars)
             for doc in documents for piece, first, last in doc.chunks(chunk_size)]
    if engine == "dask":
        from audit.dask_engine import map_chunks_on_dask

        chunk_found = map_chunks_on_dask(tasks, partitions or 2 * jobs, scheduler, jobs)
        found.extend(chunk_found)
        if progress is not None:
            progress.advance(len(segments), len(chunk_found))
    else:
        for task, chunk_found in zip(tasks, map_chunks(tasks, jobs)):
            found.extend(chunk_found)
            if progress is not None:
                progress.advance(task[2] - task[1] + 1, len(chunk_found))
    found.extend(find_repeated_lines(documents))  # a feed-level check: it compares documents
    return add_fingerprints(to_frame(merge_findings(found)), segments)


def prepare_segments(
    targets: Sequence[str],
    sources: Sequence[str] | None = None,
    references: Sequence[str] | None = None,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    file: str = "<memory>",
    names: dict[str, str] | None = None,
    langid: str = DEFAULT_BACKEND,
    ids: Sequence[str] | None = None,
    more_references: Sequence[Sequence[str]] = (),
) -> pd.DataFrame:
    """Check one input's sides line up, settle its languages, and build its segments table."""
    names = names or {}
    _check_aligned(names.get("source", "sources"), sources, len(targets), "source and target")
    _check_aligned(names.get("reference", "references"), references, len(targets), "reference and target")
    for k, more in enumerate(more_references, start=2):
        _check_aligned(names.get(f"reference{k}", f"reference {k}"), more, len(targets), "reference and target")
    src, tgt = resolve_languages(targets, sources, src_lang, tgt_lang, langid)
    return build_segments(targets, sources, references, file=file, src_lang=src, tgt_lang=tgt, ids=ids,
                          more_references=more_references)


def _common(values: pd.Series) -> str | None:
    distinct = {v for v in values if v is not None and not (isinstance(v, float) and pd.isna(v))}
    return distinct.pop() if len(distinct) == 1 else None


def audit_prepared(segments: pd.DataFrame, options: dict | None = None, langid: str = DEFAULT_BACKEND,
                   ref_minor: bool = False, metrics: Sequence[str] = METRICS,
                   show_progress: bool | None = False, max_segment_chars: int = MAX_SEGMENT_CHARS,
                   jobs: int = 1, engine: str = "local", scheduler: str | None = None,
                   partitions: int | None = None) -> AuditResult:
    """Audit a segments table (one input or a whole feed) into a result with its signature; with
    references, score each segment and the whole with `metrics` (sacrebleu). `show_progress`: True, False,
    or None for "on a terminal"."""
    progress = Progress(len(segments), enabled=show_progress)
    findings = audit_segments(segments, langid, ref_minor, progress, max_segment_chars, resolve_jobs(jobs),
                              engine=engine, scheduler=scheduler, partitions=partitions)
    progress.close()
    result = AuditResult(findings, segments, _common(segments["src_lang"]), _common(segments["tgt_lang"]),
                         options or {}, langid, capped=capped_segments(segments, max_segment_chars),
                         max_segment_chars=max_segment_chars)
    if segments["reference"].notna().any() and metrics:
        result.scores, result.corpus_scores = score(segments, metrics, resolve_jobs(jobs))
    return result


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
