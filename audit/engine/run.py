"""The audit's run loop: documents block by block, each block's chunks over worker processes, then the
whole-document passes and the feed-level checks (see `audit.engine.blocks` for blocks and margins)."""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Sequence

from audit.lazy import pandas as pd

from audit.detectors import all_detectors, find_repeated_lines
from audit.detectors.consistency import repeated_line_findings
from audit.engine.blocks import BLOCK_SEGMENTS, CHUNK_SEGMENTS, Block, block_chunks, core_lines, iter_blocks
from audit.engine.progress import Progress
from audit.engine.settings import MAX_FINDINGS_PER_CAPPED_SEGMENT, MAX_SEGMENT_CHARS
from audit.errors import AuditError
from audit.findings import Finding, add_fingerprints, merge_findings, to_frame
from audit.langid import DEFAULT_BACKEND
from audit.pool import InOrderPool, resolve_jobs
from audit.scores import METRICS, ScoredPart, references_of, score, score_rows
from audit.engine.result import AuditResult, common_value
from audit.segments import Document, Segment, iter_documents
from audit.text import count_words


def capped_segments(segments: pd.DataFrame, limit: int = MAX_SEGMENT_CHARS) -> int:
    """How many segments are longer than the cap (target, source or a reference)."""
    return sum(len(doc.longer_than(limit)) for doc in iter_documents(segments))


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


def _capped_lines(doc: Document, max_segment_chars: int) -> frozenset[int]:
    return frozenset(doc.segments[k].line for k in doc.longer_than(max_segment_chars))


def _applicable(doc, ref_minor: bool) -> list:
    return [d for d in all_detectors(ref_minor) if d.applies_to(doc.src_lang, doc.tgt_lang)]


def _for(detector, doc, max_segment_chars: int, capped=None):
    """The document as `detector` may read it: segments over the cap blanked unless the family is cheap
    (`capped`: that blanked document, when the caller already has it)."""
    if detector.cheap:
        return doc
    return capped if capped is not None else doc.blanked(doc.longer_than(max_segment_chars))


def audit_chunk(task: tuple) -> list[Finding]:
    """The segment-level findings of one chunk's core lines (its context margin is judged elsewhere)."""
    piece, first, last, ref_minor, max_segment_chars = task
    over = piece.longer_than(max_segment_chars)
    capped = piece.blanked(over)  # once for every family of the chunk
    lines = frozenset(piece.segments[k].line for k in over)
    return [f for detector in _applicable(piece, ref_minor)
            for f in run_detector(detector, _for(detector, piece, max_segment_chars, capped), None, lines)
            if first <= f.line <= last]


@dataclass
class ChunkResult:
    """What a worker sends back for one chunk: its findings, counts and (with references) scores."""

    findings: list[Finding]
    segments: int
    words: int
    capped: int
    scored: ScoredPart | None = None


def audit_chunk_counted(task: tuple) -> ChunkResult:
    """audit_chunk, plus the core segments' words, how many are over the cap, and their reference scores."""
    piece, first, last, ref_minor, max_segment_chars, metrics, width = task
    findings = audit_chunk((piece, first, last, ref_minor, max_segment_chars))
    core = [k for k, s in enumerate(piece.segments) if first <= s.line <= last]
    capped = len(piece.longer_than(max_segment_chars).intersection(core))
    words = sum(count_words(piece.segments[k].target) for k in core)
    rows = [(s.file, s.line, str(s.line), s.target, refs) for k in core
            if (refs := references_of(s := piece.segments[k]))] if metrics else []
    return ChunkResult(findings, len(core), words, capped, score_rows((rows, metrics, width)) if rows else None)


@dataclass
class BlockResult:
    """One block's core: its findings (not yet merged) and what its chunks counted."""

    block: Block
    findings: list[Finding]
    segments: int = 0
    words: int = 0
    capped: int = 0
    scored: list[ScoredPart] = field(default_factory=list)


@dataclass(frozen=True)
class Stream:
    """One document's segments as they are read, with its language pair."""

    file: str
    src_lang: str | None
    tgt_lang: str | None
    segments: Iterable[Segment]


def audit_blocks(streams: Iterable[Stream], langid: str = DEFAULT_BACKEND, ref_minor: bool = False,
                 max_segment_chars: int = MAX_SEGMENT_CHARS, jobs: int = 1, chunk_size: int = CHUNK_SEGMENTS,
                 block_size: int = BLOCK_SEGMENTS, metrics: Sequence[str] = (), width: int = 1,
                 progress: Progress | None = None) -> Iterator[BlockResult]:
    """Audit documents block by block (see `audit.engine`): each block's chunks over `jobs` processes,
    then its whole-document passes here; yields each block's result as soon as it is complete."""
    pending: deque = deque()  # (block, states, number of chunks) whose chunks are submitted

    def tasks() -> Iterator[tuple]:
        ramp = True
        for stream in streams:
            probe = Document(stream.file, (), stream.src_lang, stream.tgt_lang, langid)
            reach = max((d.document_reach for d in _applicable(probe, ref_minor) if d.has_document_pass), default=0)
            states: dict[str, dict] = {}
            for block in iter_blocks(stream.segments, stream.file, stream.src_lang, stream.tgt_lang, langid,
                                     block_size, reach):
                chunks = list(block_chunks(block, chunk_size, ramp))
                ramp = False
                pending.append((block, states, len(chunks)))
                for piece, first, last in chunks:
                    yield piece, first, last, ref_minor, max_segment_chars, tuple(metrics), width

    done: list[ChunkResult] = []
    with InOrderPool(audit_chunk_counted, jobs) as pool:
        for result in pool.map(tasks()):
            done.append(result)
            if progress is not None:
                progress.advance(result.segments, len(result.findings))
            block, states, count = pending[0]
            if len(done) == count:
                pending.popleft()
                yield _finish_block(block, states, done, ref_minor, max_segment_chars)
                done = []


def _finish_block(block: Block, states: dict[str, dict], chunks: list[ChunkResult], ref_minor: bool,
                  max_segment_chars: int) -> BlockResult:
    """A block's chunk results plus its whole-document passes, each on the margin the family reads."""
    found = [f for chunk in chunks for f in chunk.findings]
    for detector in _applicable(block.doc, ref_minor):
        if detector.has_document_pass:
            margined = block.margined(detector.document_reach)
            doc = _for(detector, margined, max_segment_chars)
            state = states.setdefault(detector.family, {})
            found += core_lines(run_detector(detector, doc, state, _capped_lines(margined, max_segment_chars)), block)
    return BlockResult(block, found, sum(c.segments for c in chunks), sum(c.words for c in chunks),
                       sum(c.capped for c in chunks), [c.scored for c in chunks if c.scored is not None])


def document_passes(doc: Document, ref_minor: bool, max_segment_chars: int) -> list[Finding]:
    """Every family's whole-document pass over a whole document."""
    lines = _capped_lines(doc, max_segment_chars)
    return [f for detector in _applicable(doc, ref_minor) if detector.has_document_pass
            for f in run_detector(detector, _for(detector, doc, max_segment_chars), {}, lines)]


def audit_segments(segments: pd.DataFrame, langid: str = DEFAULT_BACKEND, ref_minor: bool = False,
                   progress: Progress | None = None, max_segment_chars: int = MAX_SEGMENT_CHARS,
                   jobs: int = 1, chunk_size: int = CHUNK_SEGMENTS, engine: str = "local",
                   scheduler: str | None = None, partitions: int | None = None,
                   block_size: int = BLOCK_SEGMENTS,
                   repeated: dict[bytes, tuple[int, int]] | None = None) -> pd.DataFrame:
    """Run every applicable detector over the segments table and return the merged findings table.

    Documents are audited block by block and chunk by chunk (each with its context margin) over `jobs`
    processes; feed-level checks run at the end. The result does not depend on `jobs`, `chunk_size` or
    `block_size`. Segments longer than `max_segment_chars` get only the cheap detector families.
    `progress` is advanced as chunks finish. `engine="dask"` audits the chunks with `map_partitions` on
    a Dask cluster (`scheduler` address, or a local one of `jobs` processes) in `partitions` partitions:
    the same report. `repeated` gives the feed's repeated lines (`repeated_line_counts`) when the
    segments are one shard of a larger feed; otherwise they are counted over these documents.
    """
    documents = list(iter_documents(segments, langid))
    found: list[Finding] = []
    if engine == "dask":
        from audit.engine.dask import map_chunks_on_dask

        tasks = [(piece, first, last, ref_minor, max_segment_chars)
                 for doc in documents for piece, first, last in doc.chunks(chunk_size)]
        found = map_chunks_on_dask(tasks, partitions or 2 * jobs, scheduler, jobs)
        for doc in documents:
            found.extend(document_passes(doc, ref_minor, max_segment_chars))
        if progress is not None:
            progress.advance(len(segments), len(found))
    else:
        streams = (Stream(doc.file, doc.src_lang, doc.tgt_lang, doc.segments) for doc in documents)
        for result in audit_blocks(streams, langid, ref_minor, max_segment_chars, jobs, chunk_size, block_size,
                                   progress=progress):
            found.extend(result.findings)
    if repeated is None:
        found.extend(find_repeated_lines(documents))  # a feed-level check: it compares documents
    else:
        found.extend(f for doc in documents for f in repeated_line_findings(doc, repeated))
    return add_fingerprints(to_frame(merge_findings(found)), segments)


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
    progress.close(len(findings))
    result = AuditResult(findings, segments, common_value(segments["src_lang"]), common_value(segments["tgt_lang"]),
                         options or {}, langid, capped=capped_segments(segments, max_segment_chars),
                         max_segment_chars=max_segment_chars)
    if segments["reference"].notna().any() and metrics:
        result.scores, result.corpus_scores = score(segments, metrics, resolve_jobs(jobs))
    return result
