"""Known MT confusions and false friends, kept as data per language pair in corpora/lexicons/.

Each entry names the MT's wrong phrase (a regular expression), what was meant, the source word(s)
that produce the confusion, and context cues: at least one `require` cue must occur in the segment or
its neighbours, and no `forbid` cue in the segment, so that legitimate uses stay quiet ("a healthy
diet" is fine; "get rid of the diet" next to "the regime" is not). When the source segment is given,
an entry fires only if one of its source triggers occurs there.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from audit.corpora import data_files, read_tsv
from audit.detectors.base import Detector, make_finding
from audit.findings import Finding
from audit.rules import Rule, register
from audit.segments import Document, Segment, count_words

FALSE_FRIEND = register(
    Rule(
        code="LX001",
        name="known-mt-confusion",
        family="lexicon",
        category="accuracy/mistranslation",
        severity="major",
        what="Finds words that machine translation is known to get wrong for a language pair (false friends "
        "and wrong senses: régime → 'diet' for regime, procès → 'process' for trial), using the lexicons in "
        "corpora/lexicons/ with their context cues; each entry sets its own severity.",
        why="These errors read fluently, so neither spell checkers nor a quick skim catch them, yet they "
        "change the meaning of a news text.",
        example="Get rid of the diet (French source: « Se débarrasser du régime »)",
        instead="Get rid of the regime",
        languages="fr-en es-en de-en it-en pt-en en-fr en-es en-de (lexicons in corpora/lexicons/)",
    )
)[0]

CONFIDENCE_WITH_SOURCE = 0.9
CONFIDENCE_WITH_PAIR = 0.65
CONFIDENCE_TARGET_ONLY = 0.5


def fold(text: str) -> str:
    """Lower case without accents, for matching source triggers and cues."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def cue_pattern(cues: str) -> re.Pattern[str] | None:
    """One regex for a '|'-separated list of words or phrases; a trailing * matches any word ending."""
    parts = [c.strip() for c in cues.split("|") if c.strip()]
    if not parts:
        return None
    alternatives = []
    for part in parts:
        stem = re.escape(fold(part.rstrip("*")))
        alternatives.append(stem + (r"\w*" if part.endswith("*") else "") + r"(?!\w)")
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")")


@dataclass(frozen=True)
class LexiconEntry:
    """One known confusion for one language pair."""

    id: str
    src: str
    tgt: str
    wrong: re.Pattern[str]
    intended: str
    source_triggers: re.Pattern[str] | None
    require: re.Pattern[str] | None
    forbid: re.Pattern[str] | None
    severity: str
    note: str
    flag_example: str
    pass_example: str

    @property
    def pair(self) -> str:
        return f"{self.src}-{self.tgt}"


def parse_entry(row: dict[str, str], path: Path) -> LexiconEntry:
    try:
        wrong = re.compile(r"(?<!\w)(?:" + row["wrong"] + r")(?!\w)", re.IGNORECASE)
    except re.error as exc:
        raise ValueError(f"{path}: entry {row['id']}: bad 'wrong' pattern: {exc}") from None
    return LexiconEntry(
        id=row["id"], src=row["src"], tgt=row["tgt"], wrong=wrong, intended=row["intended"],
        source_triggers=cue_pattern(row["source_triggers"]), require=cue_pattern(row["require"]),
        forbid=cue_pattern(row["forbid"]), severity=row["severity"] or "major", note=row["note"],
        flag_example=row["flag_example"], pass_example=row["pass_example"],
    )


@lru_cache(maxsize=1)
def load_lexicons() -> tuple[LexiconEntry, ...]:
    """Every entry of every lexicon file."""
    entries: list[LexiconEntry] = []
    for path in data_files("lexicons"):
        entries.extend(parse_entry(row, path) for row in read_tsv(path))
    return tuple(entries)


def entries_for(src_lang: str | None, tgt_lang: str | None) -> tuple[LexiconEntry, ...]:
    """Entries for the pair; with the source language unknown, every entry into the target language."""
    return tuple(
        e for e in load_lexicons()
        if e.tgt == tgt_lang and (src_lang is None or e.src == src_lang)
    )


SHORT_SEGMENT_WORDS = 8  # headlines and other short lines borrow context from their neighbours


def context_allows(entry: LexiconEntry, segment_text: str, window_text: str) -> bool:
    """The entry's context cues: no forbid cue in the segment; a require cue in the segment (or, for a
    short segment such as a headline, in its neighbours), and not outnumbered by forbid cues there."""
    segment = fold(segment_text)
    if entry.forbid and entry.forbid.search(segment):
        return False
    if entry.require is None:
        return True
    window = fold(window_text) if count_words(segment_text) < SHORT_SEGMENT_WORDS else segment
    required = len(entry.require.findall(window))
    if not required:
        return False
    forbidden = len(entry.forbid.findall(window)) if entry.forbid else 0
    return forbidden <= required


def find_confusions(
    entry: LexiconEntry, segment: Segment, window_text: str, src_known: bool
) -> Iterator[Finding]:
    """Findings of one lexicon entry in one segment."""
    matches = list(entry.wrong.finditer(segment.target))
    if not matches or not context_allows(entry, segment.target, window_text):
        return
    trigger = None
    if segment.source is not None and entry.source_triggers is not None:
        trigger = entry.source_triggers.search(fold(segment.source))
        if trigger is None:
            return
    if trigger is not None:
        confidence, where = CONFIDENCE_WITH_SOURCE, f"; source has {trigger.group()!r}"
    elif src_known:
        confidence, where = CONFIDENCE_WITH_PAIR, ""
    else:
        confidence, where = CONFIDENCE_TARGET_ONLY, f"; source language unknown, {entry.pair} entry"
    for match in matches:
        yield make_finding(
            FALSE_FRIEND, segment, match.start(), match.end(),
            evidence=f"lexicon {entry.pair}:{entry.id} — {entry.note}{where}",
            suggestion=entry.intended, confidence=confidence, severity=entry.severity,
        )


class LexiconDetector(Detector):
    """Known confusions for the document's language pair."""

    rules = (FALSE_FRIEND,)

    def applies_to(self, src_lang: str | None, tgt_lang: str | None) -> bool:
        return bool(entries_for(src_lang, tgt_lang))

    def detect(self, doc: Document) -> Iterator[Finding]:
        entries = entries_for(doc.src_lang, doc.tgt_lang)
        for index, segment in enumerate(doc.segments):
            if not segment.target.strip():
                continue
            window = None
            for entry in entries:
                if not entry.wrong.search(segment.target):
                    continue
                window = window if window is not None else doc.window(index)
                yield from find_confusions(entry, segment, window, doc.src_lang is not None)
