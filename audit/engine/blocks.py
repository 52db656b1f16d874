"""The audit's one loop: a document read as blocks of segments, each block cut into chunks audited over
worker processes, the findings handed on block by block — so a report can be written as it goes and
memory stays flat whatever the input size.

A block carries margins of neighbouring segments so every rule sees what it would see in the whole
document: the segment rules read their two non-blank neighbours on either side, at most CONTEXT_SPAN
segments away (`Document.window`), and a family's whole-document pass declares how far it reads
(`Detector.document_reach`) or keeps what it must remember from block to block in a state the loop hands
it (`Detector.detect_document`). The margins are a fixed number of segments, so the time is linear and
the memory bounded whatever the input (a million blank lines included). The report
does not depend on the block size, the chunk size or the number of processes (property-tested).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain, islice, repeat
from typing import Iterable, Iterator

from audit.engine.settings import BLOCK_SEGMENTS, CHUNK_SEGMENTS  # noqa: F401 - named here too
from audit.findings import Finding
from audit.segments import CONTEXT_SPAN, Document, Segment

# The first chunks are small so progress shows early (with references, TER alone takes ~20 ms for a
# segment of 30 words) ...
FIRST_CHUNKS = (5, 25, 100, 250)
FIRST_BLOCK = 1_000  # ... and so is the first block, read before any chunk is handed out
CONTEXT = 2  # non-blank neighbours on either side a segment rule may read (Document.window)


@dataclass(frozen=True)
class Block:
    """Consecutive core segments of one document, inside `doc` with their margins: doc.segments[lo:hi]."""

    doc: Document
    lo: int
    hi: int

    @property
    def core(self) -> tuple[Segment, ...]:
        return self.doc.segments[self.lo:self.hi]

    def margined(self, reach: int) -> Document:
        """The core with `reach` segments on either side (as many as the block holds)."""
        lo, hi = max(0, self.lo - reach), min(len(self.doc.segments), self.hi + reach)
        return Document(self.doc.file, self.doc.segments[lo:hi], self.doc.src_lang, self.doc.tgt_lang,
                        self.doc.langid)


def margin_size(reach: int) -> int:
    """The segments a block carries on either side: what the whole-document passes read (`reach`) and at
    least what a segment's context may reach (CONTEXT_SPAN). A fixed count, never a scan: a run of blank
    lines costs each block the same as a run of text."""
    return max(reach, CONTEXT_SPAN)


def iter_blocks(segments: Iterable[Segment], file: str, src_lang: str | None, tgt_lang: str | None,
                langid: str, size: int = BLOCK_SEGMENTS, reach: int = 0) -> Iterator[Block]:
    """Cut a stream of segments into blocks of `size` core segments with `margin_size(reach)` segments of
    margin on either side, reading ahead only that far (memory: one block and its margins; time: each
    segment is read once and held by at most a fixed number of blocks). The first block is smaller
    (FIRST_BLOCK), so the first chunks reach the workers before a whole block has been read."""
    source = iter(segments)
    margin = margin_size(reach)
    buffer: list[Segment] = []
    start = 0  # index in `buffer` of the next block's first core segment
    sizes = chain([min(size, FIRST_BLOCK)], repeat(size))
    while True:
        size = next(sizes)
        buffer.extend(islice(source, max(0, start + size + margin - len(buffer))))
        if start >= len(buffer):
            return
        end = min(start + size, len(buffer))
        lo = max(0, start - margin)
        doc = Document(file, tuple(buffer[lo:]), src_lang, tgt_lang, langid)
        yield Block(doc, start - lo, end - lo)
        keep = max(0, end - margin)
        del buffer[:keep]
        start = end - keep


def chunk_sizes(size: int, ramp: bool) -> Iterator[int]:
    """Chunk sizes: `size` throughout, after a few small first ones when `ramp` (the run's first block)."""
    if ramp:
        yield from (s for s in FIRST_CHUNKS if s < size)
    while True:
        yield size


def block_chunks(block: Block, size: int, ramp: bool = False) -> Iterator[tuple[Document, int, int]]:
    """The block's core as chunks (piece with its context, first core line, last core line)."""
    sizes = chunk_sizes(max(size, 1), ramp)
    index = block.lo
    while index < block.hi:
        end = min(index + next(sizes), block.hi)
        yield block.doc.piece(index, end, CONTEXT)
        index = end




def core_lines(findings: Iterable[Finding], block: Block) -> list[Finding]:
    """The findings on the block's core segments (its margins belong to the blocks either side)."""
    first, last = block.core[0].line, block.core[-1].line
    return [f for f in findings if first <= f.line <= last]

