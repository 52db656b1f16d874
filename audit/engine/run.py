"""The audit's run loop: documents block by block, each block's chunks over worker processes, then the
whole-document passes and the feed-level passes (see `audit.engine.blocks` for blocks and margins); and
the driver of a whole segments table (`audit_prepared`)."""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from audit.lazy import pandas as pd

from audit.detectors import all_detectors
from audit.detectors.base import Detector
from audit.engine.blocks import Block, block_chunks, core_lines, iter_blocks
from audit.engine.chunks import (ChunkResult, ChunkTask, applicable, capped_line_numbers, as_read_by, audit_chunk_counted,
                                 run_detector)
from audit.engine.finish import Finish
from audit.engine.progress import Progress
from audit.engine.result import AuditResult, common_value
from audit.engine.settings import RunSettings
from audit.errors import AuditError
from audit.findings import Finding
from audit.pool import InOrderPool, resolve_jobs
from audit.scores import ScoredPart, score
from audit.segments import Document, Segment, iter_documents


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


def chunk_tasks(block: Block, settings: RunSettings, ramp: bool, metrics: tuple[str, ...] = (),
                width: int = 1) -> list[ChunkTask]:
    """The block's chunks as tasks (small first ones when `ramp`: see `blocks.chunk_sizes`)."""
    return [ChunkTask(piece, first, last, settings.ref_minor, settings.max_segment_chars, metrics, width)
            for piece, first, last in block_chunks(block, settings.chunk_size, ramp)]


def audit_blocks(streams: Iterable[Stream], settings: RunSettings = RunSettings(), metrics: tuple[str, ...] = (),
                 width: int = 1, progress: Progress | None = None) -> Iterator[BlockResult]:
    """Audit documents block by block (see `audit.engine`): each block's chunks over `settings.jobs`
    processes, then its whole-document passes here; yields each block's result as soon as it is complete.
    With `metrics`, the chunks' core lines are scored against their references (`width` streams)."""
    pending: deque = deque()  # (block, states, number of chunks) whose chunks are submitted
    pairs: dict[tuple, Document] = {}  # an empty document per language pair read so far

    def tasks() -> Iterator[ChunkTask]:
        ramp = True
        for stream in streams:
            probe = Document(stream.file, (), stream.src_lang, stream.tgt_lang, settings.langid)
            pairs.setdefault((stream.src_lang, stream.tgt_lang), probe)
            reach = max((d.document_reach for d in applicable(probe, settings.ref_minor) if d.has_document_pass),
                        default=0)
            states: dict[str, dict] = {}
            for block in iter_blocks(stream.segments, stream.file, stream.src_lang, stream.tgt_lang,
                                     settings.langid, settings.block_size, reach):
                chunks = chunk_tasks(block, settings, ramp, metrics, width)
                ramp = False
                pending.append((block, states, len(chunks)))
                yield from chunks

    done: list[ChunkResult] = []
    def load_shared() -> None:
        for probe in pairs.values():
            for detector in applicable(probe, settings.ref_minor):
                detector.load_shared(probe)

    with chunk_pool(settings, load_shared) as pool:
        for result in pool.map(tasks()):
            done.append(result)
            if progress is not None:
                progress.advance(result.segments, len(result.findings))
            block, states, count = pending[0]
            if len(done) == count:
                pending.popleft()
                yield _finish_block(block, states, done, settings.ref_minor, settings.max_segment_chars)
                done = []


def chunk_pool(settings: RunSettings, before_start: Callable[[], None]):
    """Where the chunks are audited: `settings.jobs` processes here, or a Dask cluster (`settings.engine`)."""
    if settings.engine == "dask":
        from audit.engine.dask import DaskPool

        return DaskPool(audit_chunk_counted, settings.scheduler, resolve_jobs(settings.jobs), before_start,
                        settings.partitions)
    return InOrderPool(audit_chunk_counted, resolve_jobs(settings.jobs), before_start)


def _finish_block(block: Block, states: dict[str, dict], chunks: list[ChunkResult], ref_minor: bool,
                  max_segment_chars: int) -> BlockResult:
    """A block's chunk results plus its whole-document passes, each on the margin the family reads."""
    found = [f for chunk in chunks for f in chunk.findings]
    for detector in applicable(block.doc, ref_minor):
        if detector.has_document_pass:
            margined = block.margined(detector.document_reach)
            doc = as_read_by(detector, margined, max_segment_chars)
            state = states.setdefault(detector.family, {})
            found += core_lines(run_detector(detector, doc, state, capped_line_numbers(margined, max_segment_chars)), block)
    return BlockResult(block, found, sum(c.segments for c in chunks), sum(c.words for c in chunks),
                       sum(c.capped for c in chunks), [c.scored for c in chunks if c.scored is not None])


FeedCounts = dict[str, dict[bytes, tuple[int, int]]]  # family → key → (occurrences, documents)


def feed_detectors(ref_minor: bool) -> list[Detector]:
    """The families with a feed-level pass (`Detector.detect_feed`)."""
    return [d for d in all_detectors(ref_minor) if d.has_feed_pass]


def feed_keys(documents: Iterable[Document], detectors: list[Detector]) -> Iterator[tuple[str, bytes, int]]:
    """(family, key, document number) of every key the feed-level families count in `documents`."""
    for number, doc in enumerate(documents):
        for detector in detectors:
            if detector.applies_to(doc.src_lang, doc.tgt_lang):
                for key in _guarded(detector, doc, detector.feed_keys(doc)):
                    yield detector.family, key, number


def count_feed(keyed: Iterable[tuple[str, bytes, object]], detectors: list[Detector]) -> FeedCounts:
    """family → key → (occurrences, documents), for the keys in at least the family's
    `feed_min_documents` documents."""
    places: Counter = Counter()
    documents: dict[tuple[str, bytes], set] = {}
    for family, key, document in keyed:
        places[family, key] += 1
        documents.setdefault((family, key), set()).add(document)
    least = {d.family: d.feed_min_documents for d in detectors}
    counts: FeedCounts = {d.family: {} for d in detectors}
    for (family, key), docs in documents.items():
        if len(docs) >= least[family]:
            counts[family][key] = (places[family, key], len(docs))
    return counts


def feed_findings(documents: list[Document], ref_minor: bool, counts: FeedCounts | None = None) -> list[Finding]:
    """Every family's feed-level pass over the documents, with the feed's `counts` (counted here over
    these documents when not given: a sharded feed's are counted over every shard first)."""
    detectors = feed_detectors(ref_minor)
    if counts is None:
        counts = count_feed(feed_keys(documents, detectors), detectors)
    return [f for doc in documents for detector in detectors if detector.applies_to(doc.src_lang, doc.tgt_lang)
            for f in _guarded(detector, doc, detector.detect_feed(doc, counts.get(detector.family, {})))]


def _guarded(detector: Detector, doc: Document, found: Iterable) -> list:
    """A feed-level pass's output; a failure is an error naming the family and the document."""
    try:
        return list(found)
    except Exception as exc:  # noqa: BLE001 - any failure must stop the run with a clear message
        raise AuditError(f"{doc.file}: internal error in the {detector.family} detector "
                         f"({type(exc).__name__}: {exc}); no report written — please report this") from exc


def document_findings(documents: list[Document], settings: RunSettings, progress: Progress | None) -> list[Finding]:
    """Every family's segment and whole-document passes over the documents: block by block and chunk by
    chunk (the chunks over `settings.jobs` processes, or on Dask: `settings.engine`). The findings do not
    depend on the jobs, chunk or block size, nor on the engine."""
    streams = (Stream(doc.file, doc.src_lang, doc.tgt_lang, doc.segments) for doc in documents)
    return [f for result in audit_blocks(streams, settings, progress=progress) for f in result.findings]


def audit_segments(segments: pd.DataFrame, settings: RunSettings = RunSettings(), progress: Progress | None = None,
                   feed: FeedCounts | None = None, finish: Finish | None = None) -> pd.DataFrame:
    """Run every applicable detector over the segments table and return the finished findings table
    (`Finish`: merged, fingerprinted, suppressed by the settings' baseline and ignore file, counted).

    Segment and whole-document passes as `document_findings`, then the feed-level passes; `feed` gives
    the feed's counts when the segments are one shard of a larger feed. Segments longer than
    `settings.max_segment_chars` get only the cheap detector families; `progress` is advanced as chunks
    finish.
    """
    documents = list(iter_documents(segments, settings.langid))
    found = document_findings(documents, settings, progress)
    found.extend(feed_findings(documents, settings.ref_minor, feed))
    return (finish or Finish(settings)).table(found, segments, settings.max_segment_chars)


def audit_prepared(segments: pd.DataFrame, settings: RunSettings = RunSettings(),
                   options: dict | None = None) -> AuditResult:
    """Audit a segments table (one input or a whole feed) into a result with its tally and signature;
    with references, score each segment and the whole with `settings.metrics` (sacrebleu). The meta's
    options are `settings.to_meta()` unless `options` are given."""
    progress = Progress(len(segments), enabled=settings.progress)
    finish = Finish(settings)
    findings = audit_segments(segments, settings, progress, finish=finish)
    progress.close(finish.tally.findings + finish.tally.suppressed)
    result = AuditResult(findings, segments, common_value(segments["src_lang"]), common_value(segments["tgt_lang"]),
                         finish.tally, settings.to_meta() if options is None else options, settings.langid,
                         settings.ref_minor, settings.max_segment_chars)
    if segments["reference"].notna().any() and settings.metrics:
        result.scores, result.corpus_scores = score(segments, settings.metrics, resolve_jobs(settings.jobs))
    return result
