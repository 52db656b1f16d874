"""Consistency within a document or feed: one source rendered several ways; a line repeated across documents."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from typing import Iterator

from audit.detectors.base import Detector, make_finding
from audit.findings import Finding
from audit.rules import Rule, spelled
from audit.segments import Document
from audit.text import counted, word_runs

MIN_WORDS = 4
MIN_REPEATS = 3  # documents a line must recur in (chat and forum text repeats short lines within one)
MIN_SOURCE_WORDS = 5  # short lines ("Kind regards") vary legitimately

MEMORY = 200_000  # distinct source segments remembered (oldest forgotten first): bounded memory on any input

INCONSISTENT = Rule(
    code="CN001",
    name="inconsistent-translation",
    family="consistency",
    category="fluency/inconsistency",
    severity="minor",
    what=f"Finds a source segment of {spelled(MIN_SOURCE_WORDS)} or more words that occurs more than once in a "
    f"document but is translated differently; reports each rendering after the first (the last "
    f"{spelled(MEMORY)} distinct source segments are remembered).",
    why="Readers and translation memories expect one source sentence to read one way; a second rendering "
    "is either an error or a needless variant.",
    example="Source line 3 and 9: « Les commentaires sont fermés. » — Target: Comments are closed. / Comments are shut.",
    instead="Use one rendering for every occurrence.",
)
REPEATED_LINE = Rule(
    code="CN002",
    name="repeated-boilerplate-line",
    family="consistency",
    category="style/boilerplate",
    severity="minor",
    what=f"Finds a line of {spelled(MIN_WORDS)} or more words that recurs in {spelled(MIN_REPEATS)} or more "
    "documents of a feed: page furniture or a template line translated into the body.",
    why="The same line in every article of a feed is furniture (a newsletter pitch, a legal notice), not content.",
    example="Subscribe to our newsletter to receive the latest news every morning.",
    instead="Strip template lines before translation, or mark them as boilerplate.",
)


def _words(text: str) -> list[str]:
    return word_runs(text.casefold())


def _key(text: str) -> str:
    return " ".join(_words(text))


def _digest(key: str) -> bytes:
    return hashlib.blake2b(key.encode("utf-8"), digest_size=12).digest()


class ConsistencyDetector(Detector):
    """Inconsistent renderings within a document (CN001), lines repeated across a feed's documents (CN002)."""
    cheap = True

    rules = (INCONSISTENT, REPEATED_LINE)

    feed_min_documents = MIN_REPEATS

    def detect(self, doc: Document) -> Iterator[Finding]:
        return iter(())

    def feed_keys(self, doc: Document) -> Iterator[bytes]:
        return (key for key, _ in line_keys(doc))

    def detect_feed(self, doc: Document, counts: dict[bytes, tuple[int, int]]) -> Iterator[Finding]:
        return repeated_line_findings(doc, counts)

    def detect_document(self, doc: Document, state: dict) -> Iterator[Finding]:
        first: OrderedDict[bytes, bytes] = state.setdefault("first", OrderedDict())
        for segment in doc.segments:
            if segment.source is None or not segment.target.strip():
                continue
            words = _words(segment.source)
            if len(words) < MIN_SOURCE_WORDS:
                continue
            key, rendering = _digest(" ".join(words)), _digest(_key(segment.target))
            if key not in first:
                first[key] = rendering
                if len(first) > MEMORY:
                    first.popitem(last=False)
                continue
            if rendering != first[key]:
                start = len(segment.target) - len(segment.target.lstrip())
                yield make_finding(INCONSISTENT, segment, start, len(segment.target.rstrip()), confidence=0.6,
                                   evidence="the same source segment was translated differently earlier in the document")


def line_keys(doc: Document) -> Iterator[tuple[bytes, int]]:
    """(digest of the normalised text, index) of each line of MIN_WORDS words or more: what CN002 counts."""
    for index, segment in enumerate(doc.segments):
        words = _words(segment.target)
        if len(words) >= MIN_WORDS:
            yield _digest(" ".join(words)), index


def repeated_line_findings(doc: Document, counts: dict[bytes, tuple[int, int]]) -> Iterator[Finding]:
    """CN002 on the document's lines that `counts` (the feed's lines in MIN_REPEATS documents or more) lists."""
    for key, index in line_keys(doc):
        if key in counts:
            segment = doc.segments[index]
            lines, documents = counts[key]
            start = len(segment.target) - len(segment.target.lstrip())
            yield make_finding(REPEATED_LINE, segment, start, len(segment.target.rstrip()), confidence=0.6,
                               evidence=f"line occurs {lines} times in {counted(documents, 'document')}")
