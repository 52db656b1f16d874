"""Consistency within a document or feed: one source rendered several ways; a line repeated across documents."""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from typing import Iterator

from audit.detectors.base import Detector, make_finding
from audit.findings import Finding
from audit.rules import Rule, register
from audit.segments import Document

INCONSISTENT = Rule(
    code="CN001",
    name="inconsistent-translation",
    family="consistency",
    category="fluency/inconsistency",
    severity="minor",
    what="Finds a source segment of five or more words that occurs more than once in a document but is "
    "translated differently; reports each rendering after the first (the last 200,000 distinct source "
    "segments are remembered).",
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
    what="Finds a line of four or more words that recurs in three or more documents of a feed: page "
    "furniture or a template line translated into the body.",
    why="The same line in every article of a feed is furniture (a newsletter pitch, a legal notice), not content.",
    example="Subscribe to our newsletter to receive the latest news every morning.",
    instead="Strip template lines before translation, or mark them as boilerplate.",
)
register(INCONSISTENT, REPEATED_LINE)

MIN_WORDS = 4
MIN_REPEATS = 3  # documents a line must recur in (chat and forum text repeats short lines within one)
MIN_SOURCE_WORDS = 5  # short lines ("Kind regards") vary legitimately


MEMORY = 200_000  # distinct source segments remembered (oldest forgotten first): bounded memory on any input


_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _key(text: str) -> str:
    return " ".join(_words(text))


def _digest(key: str) -> bytes:
    return hashlib.blake2b(key.encode("utf-8"), digest_size=12).digest()


class ConsistencyDetector(Detector):
    """Inconsistent renderings within a document."""
    cheap = True

    rules = (INCONSISTENT,)

    def detect(self, doc: Document) -> Iterator[Finding]:
        return iter(())

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


def find_repeated_lines(documents: list[Document]) -> Iterator[Finding]:
    """Lines that recur across a feed's documents, or within one document."""
    seen: dict[str, list[tuple[int, int]]] = {}
    for d_index, doc in enumerate(documents):
        for s_index, segment in enumerate(doc.segments):
            key = _key(segment.target)
            if len(key.split()) >= MIN_WORDS:
                seen.setdefault(key, []).append((d_index, s_index))
    for places in seen.values():
        documents_with_it = {d for d, _ in places}
        if len(documents_with_it) < MIN_REPEATS:
            continue
        for d_index, s_index in places:
            segment = documents[d_index].segments[s_index]
            start = len(segment.target) - len(segment.target.lstrip())
            yield make_finding(REPEATED_LINE, segment, start, len(segment.target.rstrip()), confidence=0.6,
                               evidence=f"line occurs {len(places)} times in {len(documents_with_it)} document(s)")
