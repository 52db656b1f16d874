"""The audit as importable functions: inputs → segments table → detectors → findings table."""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Sequence

from audit.lazy import pandas as pd

from audit import __version__
from audit.corpora import data_fingerprint
from audit.detectors import all_detectors, find_repeated_lines
from audit.detectors.consistency import repeated_line_findings
from audit.engine import BLOCK_SEGMENTS, CHUNK_SEGMENTS, Block, InOrderPool, block_chunks, core_lines, iter_blocks
from audit.errors import AuditError
from audit.findings import Finding, add_fingerprints, merge_findings, to_frame
from audit.langid import DEFAULT_BACKEND
from audit.languages import detect_language, detect_target_language, normalize_language
from audit.progress import Progress
from audit.detectors import ruleset_hash
from audit.scores import METRICS, ScoredPart, references_of, score, score_rows
from audit.segments import Document, Segment, build_segments, count_words, iter_documents
from audit.stream import Tally



MAX_SEGMENT_CHARS = 20_000  # longer segments get the cheap (linear, light) detector families only
# ... and at most this many findings of each family: a hostile 50 MB line of repeated words would
# otherwise hold a million findings (2.2 GB). Such a segment already fails the gate (`capped_segments`).
MAX_FINDINGS_PER_CAPPED_SEGMENT = 100


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
    tally: Tally | None = None  # a streamed run's counts: its findings and segments went to the report
    targets: list[str] = field(default_factory=list)  # the target files, for the meta's input identities

    @property
    def words(self) -> int:
        if self.tally is not None:
            return self.tally.words
        return int(sum(count_words(t) for t in self.segments["target"]))

    @property
    def language_note(self) -> str | None:
        """Why the target language is unknown when it could not be told (never a silent "?"): the rules
        that need it did not run."""
        if self.tgt_lang is not None or not self.words:
            return None
        if not self.segments.empty and self.segments["tgt_lang"].notna().any():
            return None  # several inputs in several languages: each document has its own
        return ("the target language could not be told (too little text, or no clear lead even with the "
                "source language as a prior); only the language-independent rules ran: give --tgt-lang")

    @property
    def untranslated(self) -> int:
        if self.tally is not None:
            return self.tally.untranslated
        return untranslated_units(self.segments)

    def target_files(self) -> list[str]:
        """The target files audited: as set by the caller, else the feed's inputs, else the segments' files."""
        if self.targets:
            return list(self.targets)
        if self.options.get("inputs"):
            return list(self.options["inputs"])
        return list(dict.fromkeys(str(f) for f in self.segments["file"])) if "file" in self.segments else []

    def _dictionaries(self) -> dict:
        if self.tally is not None:
            has_source = self.tally.with_source
        else:
            has_source = "source" in self.segments and bool(self.segments["source"].notna().any())
        return _dictionaries_meta(self.src_lang, self.tgt_lang) if has_source else {}

    def meta(self) -> dict:
        """The report's signature and counts, for `<report>.meta.json`, and the identity (path, size,
        sha256) of every input file, so `gate --report` can tell a stale report."""
        from audit.integrity import input_identities

        streamed = self.tally
        severities = streamed.severities if streamed else Counter(self.findings["severity"])
        categories = streamed.categories if streamed else Counter(self.findings["category"])
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
            "languages": {"source": self.src_lang, "target": self.tgt_lang,
                          **({"target_note": self.language_note} if self.language_note else {})},
            "options": self.options,
            "counts": {
                "segments": streamed.segments if streamed else int(len(self.segments)),
                "words": self.words,
                "findings": streamed.findings if streamed else int(len(self.findings)),
                "suppressed": self.suppressed,
                "capped_segments": self.capped,
                "untranslated": self.untranslated,
                "by_severity": {s: int(severities.get(s, 0)) for s in ("critical", "major", "minor")},
                "by_category": dict(sorted(categories.items())),
            },
            **({"scores": self.corpus_scores} if self.corpus_scores else {}),
            **({"reference_alignment": self.reference_alignment} if self.reference_alignment else {}),
            **self._dictionaries(),
            "max_segment_chars": self.max_segment_chars,
            "inputs": input_identities(self.target_files(), self.options),
        }


def is_untranslated(target: object, source: object) -> bool:
    """An empty target whose source is not empty: a unit left untranslated."""
    return isinstance(source, str) and bool(source.strip()) and not (isinstance(target, str) and target.strip())


def untranslated_units(segments: pd.DataFrame) -> int:
    """How many segments are untranslated (`is_untranslated`)."""
    if "source" not in segments or segments.empty:
        return 0
    return sum(is_untranslated(t, s) for t, s in zip(segments["target"], segments["source"]))

def _dictionaries_meta(src_lang: str | None, tgt_lang: str | None) -> dict:
    """The pair's FreeDict dictionaries (or which rules were skipped without them), for the meta file."""
    from audit.bilingual.dictionary import pair_status

    status = pair_status(src_lang, tgt_lang)
    return {"dictionaries": status} if status["pair"] else {}


def _check_aligned(name: str, values: Sequence[str] | None, expected: int, what: str) -> None:
    if values is not None and len(values) != expected:
        raise AuditError(f"{name}: {len(values)} lines, but the target has {expected}; {what} must be line-aligned")


def resolve_languages(
    targets: Sequence[str], sources: Sequence[str] | None, src_lang: str | None, tgt_lang: str | None,
    langid: str = DEFAULT_BACKEND,
) -> tuple[str | None, str | None]:
    """Validate the given codes; detect what is missing (source when a source is given, then the target,
    with the source language as a prior for short texts)."""
    src = normalize_language(src_lang, "--src-lang")
    tgt = normalize_language(tgt_lang, "--tgt-lang")
    if src is None and sources is not None:  # a structured file may give a source for some units only
        src = detect_language("\n".join(s or "" for s in sources), backend=langid)
    if tgt is None:
        tgt = detect_target_language("\n".join(targets), src, backend=langid)
    return src, tgt


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


def quiet_worker(parent: int | None = None) -> None:
    """A worker process's set-up: signals are the parent's to handle, and the worker does not outlive it."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: one line, exit 130
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, inherited through fork
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_DFL)  # likewise (a hang-up is handled like SIGTERM)
    if parent is not None:
        _die_with(parent)


def _die_with(parent: int) -> None:
    """Have the kernel kill this process when its parent dies (Linux's PR_SET_PDEATHSIG). A parent killed
    outright (SIGKILL, out of memory) cannot stop its workers, and they would otherwise wait for tasks
    forever, holding their memory. Elsewhere this does nothing."""
    import ctypes
    import os
    import signal
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def resolve_jobs(jobs: int | None) -> int:
    """0 or None means every core."""
    import os

    return jobs if jobs and jobs > 0 else (os.cpu_count() or 1)


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
        from audit.dask_engine import map_chunks_on_dask

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


def common_value(values: pd.Series) -> str | None:
    """The one value a column holds (missing values aside), or None when it holds several or none."""
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
    progress.close(len(findings))
    result = AuditResult(findings, segments, common_value(segments["src_lang"]), common_value(segments["tgt_lang"]),
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
