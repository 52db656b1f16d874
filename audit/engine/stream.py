"""Streaming: a plain-text input read line by line, audited block by block and its report written part by
part, so a run over millions of segments holds one block (and its findings) at a time.

Used by `audit check` for one plain-text target (with line-aligned --src/--ref files) when the report
format can be appended to (csv, jsonl, parquet); other inputs and formats are read whole. The report is
the same either way (tested), and it is still replaced atomically at the end.
"""

from __future__ import annotations

from contextlib import ExitStack
from itertools import chain, zip_longest
from pathlib import Path
from typing import Iterator, Sequence

from audit.engine.finish import Finish
from audit.engine.progress import Progress
from audit.engine.result import AuditResult
from audit.engine.run import Stream, audit_blocks
from audit.engine.settings import RunSettings
from audit.errors import AuditError
from audit.inputs.formats import is_structured
from audit.inputs.load import resolve_languages
from audit.inputs.readers import STDIN, current_decoding, decode_text, open_input, split_segments
from audit.report.writers import ReportParts
from audit.scores import CorpusScores
from audit.segments import Segment

STREAMED_FORMATS = ("csv", "jsonl", "parquet")


def can_stream(target: str, fmt: str, ref_doc: str | None) -> bool:
    """Whether a run can stream: one plain-text target, an appendable format, no document reference (its
    sentences are aligned to the whole target) and an ASCII-compatible encoding (lines are cut at newline
    bytes). Either engine: the Dask engine's chunks go through the same run loop (`audit.engine.run.chunk_pool`)."""
    if fmt not in STREAMED_FORMATS or ref_doc:
        return False
    if current_decoding().encoding.startswith(("utf-16", "utf-32")):
        return False
    return target == STDIN or (Path(target).is_file() and not is_structured(target))


READ_BYTES = 1 << 20  # bytes decoded at a time (extended to the end of a line)


def iter_lines(path: str) -> Iterator[str]:
    """The segments of a plain-text file, one per line, read lazily a megabyte at a time: the same lines
    and the same errors as `readers.read_segments` (CRLF and lone CR end lines; a BOM is dropped; NUL
    bytes, undecodable bytes and lone surrogates are errors naming the line — of the first megabyte that
    has one, where the whole-file reader names a NUL byte anywhere before an undecodable byte; bytes
    that look like UTF-16/32 name that encoding), both by way of `readers.decode_text`."""
    name = "<stdin>" if path == STDIN else path
    with ExitStack() as stack:
        handle = open_input(path)
        if path != STDIN:
            stack.enter_context(handle)
        offset, lines_before = 0, 0
        while True:
            data = handle.read(READ_BYTES)
            if not data:
                return
            if not data.endswith(b"\n"):
                data += handle.readline()  # whole lines only: a multi-byte character is never cut
            yield from split_segments(decode_text(data, name, offset, lines_before))
            offset += len(data)
            lines_before += data.count(b"\n")


def aligned_segments(target: str, sides: Sequence[tuple[str, str, str]]) -> Iterator[tuple[str, ...]]:
    """(target, *sides) line by line; `sides` are (path, name, what) of line-aligned files. A file with a
    different number of lines is the same one-line error as for files read whole."""
    streams = [iter_lines(target)] + [iter_lines(path) for path, _, _ in sides]
    for count, row in enumerate(zip_longest(*streams)):  # a line is never None: None is a file's end
        if None in row:
            ends = [count + (value is not None) + sum(1 for _ in stream) for value, stream in zip(row, streams)]
            for (path, name, what), lines in zip(sides, ends[1:]):
                if lines != ends[0]:
                    raise AuditError(f"{name or path}: {lines} lines, but the target has {ends[0]}; "
                                     f"{what} must be line-aligned")
        yield row


def language_sample(rows: Iterator[tuple[str, ...]], columns: int,
                    chars: int = 401) -> tuple[list[list[str]], Iterator[tuple[str, ...]]]:
    """The first lines of each of the first `columns` columns, enough of them to judge each language as
    the whole text would be judged (language ID reads the first 400 characters, after at least 20 that
    are not blank), and the rows again from the start."""
    head: list[tuple[str, ...]] = []
    sizes, letters = [0] * columns, [0] * columns
    for row in rows:
        head.append(row)
        for k in range(columns):
            value = row[k] or ""
            sizes[k] += len(value) + 1
            letters[k] += len(value) - sum(c.isspace() for c in value)
        if all(size > chars and count >= 20 for size, count in zip(sizes, letters)):
            break
    samples = [[row[k] or "" for row in head] for k in range(columns)]
    return samples, chain(head, rows)




def _present(value: str | None) -> str | None:
    return value if value is not None and value.strip() else None


def _segment(file: str, line: int, row: tuple[str | None, ...], has_source: bool) -> Segment:
    """A segment from a row of (target, [source,] references...): blank sides count as absent."""
    if len(row) == 1:
        return Segment(file, line, row[0] or "")
    target, rest = row[0] or "", row[1:]
    source = _present(rest[0]) if has_source else None
    references = rest[1:] if has_source else rest
    more = tuple(r for r in references[1:] if _present(r))
    return Segment(file, line, target, source, _present(references[0]) if references else None, more)


def audit_streamed(target: str, report: Path, settings: RunSettings) -> AuditResult:
    """Audit one plain-text target (and the line-aligned source and references of `settings`) block by
    block, writing the report part by part and renaming it into place at the end; returns the result with
    its tally (the findings themselves are in the report). A single document: the feed-level passes,
    which compare documents, have nothing to compare."""
    source, references = settings.source, settings.references
    sides = ([(source, source, "source and target")] if source else []) + [
        (path, path, "reference and target") for path in references]
    samples, rows = language_sample(aligned_segments(target, sides), 2 if source else 1)
    src, tgt = resolve_languages(samples[0], samples[1] if source else None, settings.src_lang, settings.tgt_lang,
                                 settings.langid)
    file = "<stdin>" if target == STDIN else target
    segments = (_segment(file, line, row, bool(source)) for line, row in enumerate(rows, start=1))
    metrics = tuple(settings.metrics) if references else ()
    finish, corpus = Finish(settings), CorpusScores(metrics)
    progress = Progress(None, enabled=settings.progress)
    with ReportParts(report, settings.fmt, scores=bool(metrics), csv_safe=settings.csv_safe,
                     overwrite=settings.overwrite) as sink:
        for result in audit_blocks([Stream(file, src, tgt, segments)], settings, metrics=metrics,
                                   width=max(len(references), 1), progress=progress):
            sink.add(finish.block(result))
            for part in result.scored:
                sink.add_scores(corpus.add(part))
        progress.close(finish.tally.findings)
        outcome = AuditResult(None, None, src, tgt, finish.tally, settings.to_meta(),
                              settings.langid, settings.ref_minor, settings.max_segment_chars,
                              corpus_scores=corpus.result(), targets=[target], holds_findings=False)
        sink.commit(outcome.meta())
    return outcome
