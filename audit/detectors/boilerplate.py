"""Page furniture ("Published on:", "Comments are closed.") translated into the article body."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from audit.corpora import corpora_dir, data_files, read_tsv
from audit.detectors.base import Detector, make_finding
from audit.findings import Finding
from audit.rules import DataSource, Languages, Rule
from audit.segments import Document
from audit.text import texts_holding

PAGE_FURNITURE = Rule(
    code="BP001",
    name="page-furniture",
    family="boilerplate",
    category="style/boilerplate",
    severity="minor",
    what="Finds labels and widgets of a web page (dates, share buttons, comment boxes, related-article "
    "links) that were translated along with the article, from a list per language in corpora/boilerplate/.",
    why="Scraped pages carry their furniture into the MT input; published in the body it tells readers "
    "the text was machine-processed.",
    example="Published on: Amended:",
    instead="Remove the line, or keep the label outside the translated body.",
    languages=Languages(data="boilerplate"),
)

# What may stand beside furniture on a furniture line: dates, times, numbers, separators, "by", "at".
_FILLER = re.compile(
    r"[\d\W_]+|\b(?:at|by|on|le|am|pm|a\.m|p\.m|gmt|utc|cet|h|min|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|"
    r"dec|january|february|march|april|june|july|august|september|october|november|december)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FurnitureEntry:
    phrase: str
    scope: str
    note: str
    pattern: re.Pattern[str]
    lowered: str = ""  # the phrase in lower case, as a segment's lower-cased text is searched for it


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    left = r"(?<!\w)" if phrase[0].isalnum() else ""
    right = r"(?!\w)" if phrase[-1].isalnum() else ""
    return re.compile(left + re.escape(phrase) + right, re.IGNORECASE)


@lru_cache(maxsize=None)
def furniture_entries(lang: str) -> tuple[FurnitureEntry, ...]:
    """The furniture list for a target language, longest phrases first (so they win over their prefixes)."""
    path = corpora_dir() / "boilerplate" / f"{lang}.tsv"
    if not path.exists():
        return ()
    rows = read_tsv(path)
    entries = [FurnitureEntry(r["phrase"], r["scope"], r["note"], _phrase_pattern(r["phrase"]), r["phrase"].lower())
               for r in rows]
    return tuple(sorted(entries, key=lambda e: -len(e.phrase)))


@lru_cache(maxsize=None)
def furniture_keys(lang: str) -> tuple[str, ...]:
    """The lower-cased phrases of `lang`'s list that hold no other phrase of it ("share", not "share on
    facebook"): every phrase holds one of them, so a segment holding none holds no furniture, and the
    ~60 phrases need not be looked for one by one (43 keys for English)."""
    phrases = {entry.lowered for entry in furniture_entries(lang)}
    return tuple(sorted(p for p in phrases if not any(q != p and q in p for q in phrases)))


def _listed_languages() -> str:
    listed = " ".join(path.stem for path in data_files("boilerplate"))
    return f"{listed} (targets with a list in corpora/boilerplate/)"


FURNITURE_LINE_MAX = 1000  # a longer line is body text: only a leading label can be furniture in it


def find_furniture(text: str, entries: tuple[FurnitureEntry, ...],
                   keys: tuple[str, ...] | None = None) -> list[tuple[int, int, FurnitureEntry]]:
    """Spans of furniture in one segment: all of them on a furniture line, else a leading 'start' entry.
    With the list's `keys` (`furniture_keys`), a segment holding none of them is passed over at once."""
    lead = len(text) - len(text.lstrip())
    if len(text) > FURNITURE_LINE_MAX:  # skip scanning every entry over a long text (linear, not ×entries)
        for entry in entries:
            match = entry.pattern.match(text, lead) if entry.scope == "start" else None
            if match:
                return [(match.start(), match.end(), entry)]
        return []
    lowered = text.lower()
    if keys is not None and not any(map(lowered.__contains__, keys)):
        return []
    taken: list[tuple[int, int, FurnitureEntry]] = []
    for entry in entries:
        if entry.lowered not in lowered:
            continue  # a substring test first: the phrases are literal
        for match in entry.pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end, _ in taken):
                continue
            taken.append((match.start(), match.end(), entry))
    if not taken:
        return []
    taken.sort(key=lambda t: t[0])
    rest = list(text)
    for start, end, _ in taken:
        rest[start:end] = [" "] * (end - start)
    leftover = _FILLER.sub(" ", "".join(rest)).split()
    if len(leftover) <= 1:
        return taken
    return [t for t in taken if t[2].scope == "start" and t[0] == lead]


class BoilerplateDetector(Detector):
    """Translated page furniture in the body."""
    cheap = True

    rules = (PAGE_FURNITURE,)
    data_sources = (DataSource("boilerplate", lambda src, tgt: bool(tgt and furniture_entries(tgt)), _listed_languages),)

    def detect(self, doc: Document) -> Iterator[Finding]:
        entries, keys = furniture_entries(doc.tgt_lang or ""), furniture_keys(doc.tgt_lang or "")
        holding = _holding_a_key(doc, keys)
        for k, segment in enumerate(doc.segments):
            if k not in holding and len(segment.target) <= FURNITURE_LINE_MAX:
                continue  # `find_furniture` would find no key in it
            for start, end, entry in find_furniture(segment.target, entries, keys):
                yield make_finding(
                    PAGE_FURNITURE, segment, start, end,
                    evidence=f"page furniture: {entry.note}", suggestion="", confidence=0.85,
                )


def _holding_a_key(doc: Document, keys: tuple[str, ...]) -> set[int]:
    """The positions of the segments up to FURNITURE_LINE_MAX characters whose lower-cased target holds
    one of `keys`, searched for in the whole chunk at once: what `find_furniture` asks of each."""
    lowered = [s.target.lower() if len(s.target) <= FURNITURE_LINE_MAX else "" for s in doc.segments]
    return texts_holding(lowered, keys)
