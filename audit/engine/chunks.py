"""The unit of parallel work: one chunk of a document (its core lines with the neighbours their rules read
as context) audited by every applicable family's segment pass, on a worker process or a Dask worker."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Iterator

from audit.detectors import all_detectors
from audit.engine.settings import MAX_FINDINGS_PER_CAPPED_SEGMENT, MAX_SEGMENT_CHARS
from audit.errors import AuditError
from audit.findings import Finding
from audit.scores import ScoredPart, references_of, score_rows
from audit.segments import Document, Segment
from audit.text import count_words_from_runs


def run_detector(detector, doc, state: dict | None = None, capped_lines: frozenset[int] = frozenset()) -> list[Finding]:
    """One family on one document (or chunk); a failure is an error naming both, never a traceback or a
    silent gap. With a `state` dict, the family's whole-document pass runs instead of its segment pass.
    On `capped_lines` (segments over the length cap) at most MAX_FINDINGS_PER_CAPPED_SEGMENT are kept,
    the rest dropped as they come, so memory stays bounded however long the segment."""
    try:
        found = detector.detect(doc) if state is None else detector.detect_document(doc, state)
        return list(_at_most_per_line(found, capped_lines) if capped_lines else found)
    except Exception as exc:  # noqa: BLE001 - any failure must stop the run with a clear message
        raise AuditError(f"{doc.file}: internal error in the {detector.family} detector "
                         f"({type(exc).__name__}: {exc}); no report written — please report this") from exc


def _at_most_per_line(findings: Iterable[Finding], lines: frozenset[int]) -> Iterator[Finding]:
    """The findings, with at most MAX_FINDINGS_PER_CAPPED_SEGMENT (the first ones) on each of `lines`."""
    counts: Counter = Counter()
    for finding in findings:
        if finding.line in lines:
            counts[finding.line] += 1
            if counts[finding.line] > MAX_FINDINGS_PER_CAPPED_SEGMENT:
                continue
        yield finding


def capped_line_numbers(doc: Document, max_segment_chars: int) -> frozenset[int]:
    return frozenset(doc.segments[k].line for k in doc.longer_than(max_segment_chars))


def applicable(doc, ref_minor: bool) -> list:
    return [d for d in all_detectors(ref_minor) if d.applies_to(doc.src_lang, doc.tgt_lang)]


def as_read_by(detector, doc, max_segment_chars: int, capped=None):
    """The document as `detector` may read it: segments over the cap blanked unless the family is cheap
    (`capped`: that blanked document, when the caller already has it)."""
    if detector.cheap:
        return doc
    return capped if capped is not None else doc.blanked(doc.longer_than(max_segment_chars))


@dataclass(frozen=True)
class ChunkTask:
    """One unit of parallel work: a piece of a document (its core lines `first`..`last` with the
    neighbours their rules read as context) and what the run's settings say about auditing it."""

    piece: Document
    first: int
    last: int
    ref_minor: bool = False
    max_segment_chars: int = MAX_SEGMENT_CHARS
    metrics: tuple[str, ...] = ()  # reference scores to compute on the core lines (none: no scores)
    width: int = 1  # reference streams (see `scores.score_rows`)

    def __reduce__(self):
        """Pickled with its segments as plain tuples: a dataclass pickles its fields' names with every
        segment, and the program pickles every task it hands to a worker (100,000 units: ~0.05 s of the
        program's CPU less; the workers' unpickling about the same)."""
        piece = self.piece
        if type(self) is not ChunkTask or type(piece) is not Document or not all(
                type(s) is Segment and s.file == piece.file for s in piece.segments):
            return super().__reduce__()  # a subclass, or segments of other files, keep the plain pickling
        rows = [(s.line, s.target, s.source, s.reference, s.more_references) for s in piece.segments]
        return (_task_from_rows, (piece.file, piece.src_lang, piece.tgt_lang, piece.langid, rows, self.first,
                                  self.last, self.ref_minor, self.max_segment_chars, self.metrics, self.width))


def _task_from_rows(file: str, src_lang: str | None, tgt_lang: str | None, langid: str, rows: list[tuple],
                    *rest) -> ChunkTask:
    """A `ChunkTask` from its pickled form (`ChunkTask.__reduce__`)."""
    segments = tuple(Segment(file, *row) for row in rows)
    return ChunkTask(Document(file, segments, src_lang, tgt_lang, langid), *rest)


def audit_chunk(task: ChunkTask) -> list[Finding]:
    """The segment-level findings of one chunk's core lines (its context margin is judged elsewhere)."""
    piece = task.piece
    over = piece.longer_than(task.max_segment_chars)
    capped = piece.blanked(over)  # once for every family of the chunk
    lines = frozenset(piece.segments[k].line for k in over)
    return [f for detector in applicable(piece, task.ref_minor)
            for f in run_detector(detector, as_read_by(detector, piece, task.max_segment_chars, capped), None, lines)
            if task.first <= f.line <= task.last]


@dataclass
class ChunkResult:
    """What a worker sends back for one chunk: its findings, counts and (with references) scores."""

    findings: list[Finding]
    segments: int
    words: int
    capped: int
    scored: ScoredPart | None = None


def audit_chunk_counted(task: ChunkTask) -> ChunkResult:
    """audit_chunk, plus the core segments' words, how many are over the cap, and their reference scores."""
    piece, first, last = task.piece, task.first, task.last
    findings = audit_chunk(task)
    core = [k for k, s in enumerate(piece.segments) if first <= s.line <= last]
    capped = len(piece.longer_than(task.max_segment_chars).intersection(core))
    words = sum(count_words_from_runs(piece.segments[k].target) for k in core)  # runs listed by the families
    rows = [(s.file, s.line, str(s.line), s.target, refs) for k in core
            if (refs := references_of(s := piece.segments[k]))] if task.metrics else []
    return ChunkResult(findings, len(core), words, capped,
                       score_rows((rows, task.metrics, task.width)) if rows else None)
