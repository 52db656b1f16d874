"""The segments table (one row per input segment) and the per-document view detectors work on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Sequence

from audit.lazy import pandas as pd
from audit.text import text_or_none

SEGMENT_COLUMNS = ["file", "line", "id", "target", "source", "reference", "src_lang", "tgt_lang", "more_references",
                   "file_line", "skip"]

# A segment's context (its non-blank neighbours) lies at most this many segments away: a longer run of
# blank lines ends it. This bounds what one segment's context costs and how far ahead a block must read,
# so a run of a million blank lines is read once, in linear time and bounded memory (issue 13).
CONTEXT_SPAN = 100


@dataclass(frozen=True)
class Segment:
    """One line of the target with whatever is aligned to it."""

    file: str
    line: int
    target: str
    source: str | None = None
    reference: str | None = None
    more_references: tuple[str, ...] = ()  # further references (`--ref` given several times)

    @property
    def references(self) -> tuple[str, ...]:
        """Every reference of the segment, the first one first."""
        return ((self.reference,) if self.reference is not None else ()) + self.more_references


@dataclass(frozen=True)
class Document:
    """The segments of one input file, in order, with the language pair they are in."""

    file: str
    segments: tuple[Segment, ...]
    src_lang: str | None
    tgt_lang: str | None
    langid: str = "py3langid"

    @property
    def has_source(self) -> bool:
        return any(s.source is not None for s in self.segments)

    def longer_than(self, limit: int) -> set[int]:
        """Indexes of segments whose target, source or a reference is longer than `limit` characters."""
        return {k for k, s in enumerate(self.segments)
                if len(s.target) > limit or len(s.source or "") > limit or len(s.reference or "") > limit
                or (s.more_references and max(map(len, s.more_references)) > limit)}

    def blanked(self, indexes: set[int]) -> "Document":
        """The document with the segments at `indexes` emptied (for detectors too costly for them)."""
        if not indexes:
            return self
        segments = tuple(Segment(s.file, s.line, "") if k in indexes else s for k, s in enumerate(self.segments))
        return Document(self.file, segments, self.src_lang, self.tgt_lang, self.langid)

    def chunks(self, size: int, radius: int = 2) -> Iterator[tuple["Document", int, int]]:
        """Consecutive pieces of about `size` segments (see `piece`)."""
        step = max(size, 1)
        for start in range(0, len(self.segments), step):
            yield self.piece(start, min(start + step, len(self.segments)), radius)

    def piece(self, start: int, end: int, radius: int = 2) -> tuple["Document", int, int]:
        """The segments [start, end) as (piece, first core line, last core line): the piece carries its
        `radius` non-blank neighbours on either side as context, so every core segment sees the same
        window as in the whole document."""
        lo, hi = self._reach(start, -1, radius), self._reach(end - 1, 1, radius)
        piece = Document(self.file, self.segments[lo:hi + 1], self.src_lang, self.tgt_lang, self.langid)
        return piece, self.segments[start].line, self.segments[end - 1].line

    def _reach(self, index: int, step: int, radius: int) -> int:
        """The index of the `radius`-th non-blank segment from `index` in direction `step`, at most
        CONTEXT_SPAN segments away (or the farthest non-blank one there, or `index` when there is none)."""
        found, i, last = 0, index, index
        while found < radius and 0 <= i + step < len(self.segments) and abs(i + step - index) <= CONTEXT_SPAN:
            i += step
            if self.segments[i].target.strip():
                found, last = found + 1, i
        return last

    def window(self, index: int, radius: int = 2) -> str:
        """The text of the segment at `index` and its `radius` nearest non-blank neighbours on either side
        (within CONTEXT_SPAN segments), for context cues."""
        texts: list[str] = [self.segments[index].target]
        for step in (-1, 1):
            i, found = index + step, 0
            while 0 <= i < len(self.segments) and found < radius and abs(i - index) <= CONTEXT_SPAN:
                if self.segments[i].target.strip():
                    texts.append(self.segments[i].target)
                    found += 1
                i += step
        return "\n".join(texts)


def build_segments(
    targets: Sequence[str],
    sources: Sequence[str] | None = None,
    references: Sequence[str] | None = None,
    file: str = "<memory>",
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    ids: Sequence[str] | None = None,
    more_references: Sequence[Sequence[str]] = (),
    file_lines: Sequence[int] | None = None,
    skip: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The segments table for one input: file, line, id, target, source, reference, src_lang, tgt_lang,
    more_references (a tuple of the further references' lines, empty when there is one reference),
    file_line (the line in the input file where the segment's target is: `line` for plain text) and skip
    ("" or why the segment is not audited: a fuzzy PO entry, an untranslated unit ...).

    A blank source or reference line means there is none for that segment.
    """
    n = len(targets)
    sources = [s if s is not None and s.strip() else None for s in sources] if sources is not None else None
    references = [r if r is not None and r.strip() else None for r in references] if references is not None else None
    frame = pd.DataFrame(
        {
            "file": [file] * n,
            "line": pd.Series(range(1, n + 1), dtype="int64"),
            "id": pd.Series(list(ids) if ids is not None else [str(i) for i in range(1, n + 1)], dtype=object),
            "target": pd.Series(list(targets), dtype=object),
            "source": pd.Series(list(sources) if sources is not None else [None] * n, dtype=object),
            "reference": pd.Series(list(references) if references is not None else [None] * n, dtype=object),
            "src_lang": pd.Series([src_lang] * n, dtype=object),
            "tgt_lang": pd.Series([tgt_lang] * n, dtype=object),
            "more_references": pd.Series(
                [tuple(r[k] for r in more_references if r[k] is not None and r[k].strip()) for k in range(n)],
                dtype=object),
            "file_line": pd.Series(list(file_lines) if file_lines is not None else range(1, n + 1), dtype="int64"),
            "skip": pd.Series(list(skip) if skip is not None else [""] * n, dtype=object),
        }
    )
    return frame[SEGMENT_COLUMNS]


def empty_segments() -> pd.DataFrame:
    """A segments table with no rows."""
    return build_segments([])


def iter_documents(segments: pd.DataFrame, langid: str = "py3langid") -> Iterator[Document]:
    """Group the segments table into documents, one per input file, in input order."""
    for file, rows in segments.groupby("file", sort=False):
        first = rows.iloc[0]
        yield Document(
            file=str(file),
            segments=tuple(
                Segment(str(r.file), int(r.line), "") if getattr(r, "skip", "") else  # not audited: a blank line
                Segment(str(r.file), int(r.line), str(r.target), text_or_none(r.source), text_or_none(r.reference),
                        tuple(getattr(r, "more_references", ()) or ()))
                for r in rows.itertuples(index=False)
            ),
            src_lang=text_or_none(first.src_lang),
            tgt_lang=text_or_none(first.tgt_lang),
            langid=langid,
        )
