"""Source-locale conventions left in the target: decimal commas, foreign quotation marks, time formats."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from audit.corpora import corpora_dir, read_tsv
from audit.detectors.base import Detector, make_finding
from audit.findings import Finding
from audit.rules import Rule, register
from audit.segments import Document, Segment

DECIMAL_COMMA = Rule(
    code="LC001",
    name="decimal-comma",
    family="locale",
    category="locale/number-format",
    severity="major",
    what="Finds numbers written with the source's separators in a target that uses a decimal point: a "
    "decimal comma (3,2) or dots between thousands (1.500.000).",
    why="In English 3,2 is not a number and 1.500 reads as one and a half: the reader gets the wrong value.",
    example="Inflation reached 3,2 % in March.",
    instead="Inflation reached 3.2% in March.",
    languages="targets that write a decimal point (en, zh, ja, ko, he, hi, th ...)",
)
FOREIGN_PUNCTUATION = Rule(
    code="LC002",
    name="source-locale-punctuation",
    family="locale",
    category="locale/convention",
    severity="minor",
    what="Finds quotation marks and punctuation of another locale: guillemets « » or German „ “ in English, "
    "inverted ¿ ¡ outside Spanish, and a space before % where the target writes none.",
    why="These marks are right in the source language and wrong in the target; they show the text was "
    "carried over rather than translated.",
    example="He called it an « occupation », 3.2 % of the vote.",
    instead="He called it an “occupation”, 3.2% of the vote.",
    languages="en",
)
TIME_FORMAT = Rule(
    code="LC003",
    name="source-time-format",
    family="locale",
    category="locale/date-time",
    severity="major",
    what="Finds times of day rendered word for word from a 24-hour source: \"at 20 hours\" (20 h), "
    "\"9.15 clock\" (9.15 Uhr), \"20h30\".",
    why="\"At 20 hours\" reads as a duration, and \"clock\" after a number is not English.",
    example="The curfew starts at 20 hours.",
    instead="The curfew starts at 8 p.m. (or 20:00).",
    languages="en",
)
register(DECIMAL_COMMA, FOREIGN_PUNCTUATION, TIME_FORMAT)

_DECIMAL_COMMA = re.compile(r"(?<![\d.,])\d+,\d{1,2}(?![\d,.])|(?<![\d.,])\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?(?![\d.])|(?<![\d.,])\d{1,3}\.\d{3},\d+(?![\d.])")
_GUILLEMETS = re.compile(r"«[^»]*»|«|»|„")
_INVERTED = re.compile(r"[¿¡]")
_SPACE_PERCENT = re.compile(r"(?<=\d)[ \u00a0\u202f]%")
_TIME_PATTERNS = (
    re.compile(r"\b(?:at|until|till|before|since) (?:1[3-9]|2[0-4]|0?\d)(?:[.:h]\d{2})? hours\b", re.IGNORECASE),
    re.compile(r"\b\d{1,2}(?:[.:]\d{2})? clock\b", re.IGNORECASE),
    re.compile(r"\b(?:1[3-9]|2[0-4])(?:[.:]\d{2})? o'clock\b", re.IGNORECASE),
    re.compile(r"\b(?:[01]?\d|2[0-3])h[0-5]\d\b"),
)


@lru_cache(maxsize=1)
def decimal_comma_languages() -> frozenset[str]:
    return frozenset(r["lang"] for r in read_tsv(corpora_dir() / "locale" / "decimal_comma.tsv"))


def _to_point(number: str) -> str:
    if "," in number:
        whole, _, fraction = number.rpartition(",")
        return whole.replace(".", ",") + "." + fraction
    return number.replace(".", ",")


def find_decimal_commas(segment: Segment) -> Iterator[Finding]:
    for match in _DECIMAL_COMMA.finditer(segment.target):
        yield make_finding(DECIMAL_COMMA, segment, match.start(), match.end(), confidence=0.75,
                           evidence="decimal comma or dot-grouped thousands in a decimal-point language",
                           suggestion=_to_point(match.group()))


def find_foreign_punctuation(segment: Segment) -> Iterator[Finding]:
    text = segment.target
    for match in _GUILLEMETS.finditer(text):
        yield make_finding(FOREIGN_PUNCTUATION, segment, match.start(), match.end(), confidence=0.8,
                           evidence="quotation marks of another locale",
                           suggestion="“" + match.group()[1:-1].strip() + "”" if len(match.group()) > 1 else "")
    for match in _INVERTED.finditer(text):
        yield make_finding(FOREIGN_PUNCTUATION, segment, match.start(), match.end(), confidence=0.8,
                           evidence="inverted question or exclamation mark (Spanish convention)")
    for match in _SPACE_PERCENT.finditer(text):
        yield make_finding(FOREIGN_PUNCTUATION, segment, match.start(), match.end(), confidence=0.7,
                           evidence="space before % (French and German convention)", suggestion="%")


def find_time_formats(segment: Segment) -> Iterator[Finding]:
    for pattern in _TIME_PATTERNS:
        for match in pattern.finditer(segment.target):
            yield make_finding(TIME_FORMAT, segment, match.start(), match.end(), confidence=0.7,
                               evidence="24-hour source time rendered word for word")


class LocaleDetector(Detector):
    """Conventions of the source locale left in the target."""
    cheap = True

    rules = (DECIMAL_COMMA, FOREIGN_PUNCTUATION, TIME_FORMAT)

    def applies_to(self, src_lang: str | None, tgt_lang: str | None) -> bool:
        return tgt_lang is not None and tgt_lang not in decimal_comma_languages()

    def detect(self, doc: Document) -> Iterator[Finding]:
        english = doc.tgt_lang == "en"
        for segment in doc.segments:
            if not segment.target.strip():
                continue
            yield from find_decimal_commas(segment)
            if english:
                yield from find_foreign_punctuation(segment)
                yield from find_time_formats(segment)
