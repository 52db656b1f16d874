"""Numbers, URLs and e-mail addresses that differ between source and target, compared by value."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from audit.detectors.base import Detector, make_finding
from audit.findings import Finding
from audit.rules import Rule
from audit.segments import Document, Segment
from audit.numerals import ANY_DIGITS, number_table, number_values, prefix_values, same_value, source_values
from audit.text import hyphenated_word_spans
from audit.text import hyphenated_words

NUMBER_MISMATCH = Rule(
    code="NU001",
    name="number-mismatch",
    family="numbers",
    category="accuracy/mistranslation",
    severity="major",
    what="Finds a number in the target whose value appears nowhere in the source segment. Values are "
    "compared, not strings: 3,2 % = 3.2%, 12 000 = 12,000, 1,5 Mrd. = 1.5 billion, 150万 = 1.5 million, "
    "trois = 3.",
    why="A wrong figure in a news text (a death toll, an amount, a date) is a factual error that reads "
    "perfectly fluently.",
    example="Source: 25 Jahre — Target: over the past 21 years",
    instead="over the past 25 years",
)
LINK_MISMATCH = Rule(
    code="NU002",
    name="url-or-email-mismatch",
    family="numbers",
    category="accuracy/mistranslation",
    severity="major",
    what="Finds a URL or e-mail address in the target that is not in the source segment.",
    why="MT sometimes translates or mangles addresses, sending readers to the wrong place.",
    example="Source: www.interieur.gouv.fr — Target: www.interior.gouv.fr",
    instead="www.interieur.gouv.fr",
)

_DECADE = re.compile(r"\d{1,3}0s\b|\d{1,3}0's\b")
_LINK = re.compile(r"\b(?:https?://|www\.)[^\s<>\"”»]+[^\s<>\"”».,;:!?)]|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")


def decimal_mark(lang: str | None) -> str | None:
    """The decimal mark a target language writes, or None when unknown."""
    from audit.detectors.locale import decimal_comma_languages

    if lang is None:
        return None
    return "," if lang in decimal_comma_languages() else "."


def target_number_words(text: str, lang: str | None) -> list[tuple[int, int, set[float]]]:
    """Spelled-out numbers from two upwards ("four", "twenty"): "one" is too often a pronoun."""
    if _counted_words(lang or "").isdisjoint(map(str.casefold, hyphenated_words(text))):
        return []  # the words listed and looked up at once, without a match object each (most texts)
    return scan_number_words(text, lang)


def scan_number_words(text: str, lang: str | None) -> list[tuple[int, int, set[float]]]:
    """`target_number_words` without its shortcut: every word looked up."""
    words, _ = number_table()
    spelled = words.get(lang or "", {})
    found = []
    for match in hyphenated_word_spans(text):
        value = spelled.get(match.group().casefold())
        if value is not None and 2 <= value <= 90 and value != 12 and " " not in match.group():
            found.append((match.start(), match.end(), {value}))
    return found


@lru_cache(maxsize=None)
def _counted_words(lang: str) -> frozenset[str]:
    """The number words `target_number_words` reports (values 2 to 90 but 12), case-folded."""
    words, _ = number_table()
    return frozenset(w for w, value in words.get(lang, {}).items() if 2 <= value <= 90 and value != 12)


# Source languages whose number words (with their usual inflections) are listed well enough that a
# target number word missing from the source is a real mismatch.
WORD_COMPLETE_LANGUAGES = frozenset({"fr", "de", "es", "it", "pt", "zh", "ja"})


def _decade_in_words(candidates: set[float], known: set[float], source_has_digits: bool) -> bool:
    if not source_has_digits:
        return True
    for decade in candidates:
        century = int(decade) // 100 + 1
        if any(same_value(k, v) for k in known for v in (decade % 100, century)):
            return True
    return False


_TWELVE_HOUR = re.compile(r"\s?(?:[ap]\.?m\b\.?)", re.IGNORECASE)


def _hours(text: str, end: int, hour: float) -> set[float]:
    """The hour in both clocks when a.m./p.m. follows: '7 PM' is also 19, '12 a.m.' is also 0."""
    suffix = _TWELVE_HOUR.match(text, end)
    if not suffix:
        return {hour}
    if suffix.group().strip().lower().startswith("p") and hour < 12:
        return {hour, hour + 12}
    return {hour, 0.0} if hour == 12 else {hour}


_MINUTES_AFTER = re.compile(r": ?[0-5]\d\b")  # "2:00", and "2: 00" as MT spaces it
_HOUR_BEFORE = re.compile(r"\d: ?$")


# an hour as the source writes a time of day: 14h, 14 h 30, 14 heures, 14 Uhr, 14:00, 14.30 Uhr
_SOURCE_HOUR = re.compile(r"(?<![\d.,:])([01]?\d|2[0-3])(?=\s?(?:h\b|h\d|heures?\b|Uhr\b|horas?\b|ore\b|[:.][0-5]\d\b))",
                          re.IGNORECASE)


def source_hours(source: str) -> frozenset[float]:
    """The hours of the times of day the source writes on a 24-hour clock."""
    return frozenset(float(m.group(1)) for m in _SOURCE_HOUR.finditer(source))


def _clock_hours(text: str, end: int, hour: float, hours_in_source: frozenset[float]) -> set[float]:
    """`_hours`, and, with no a.m./p.m., an afternoon hour of the source's times written on a 12-hour clock
    (English renders 14h as 2:00)."""
    hours = _hours(text, end, hour)
    if 1 <= hour < 12 and not _TWELVE_HOUR.match(text, end) and hour + 12 in hours_in_source:
        hours.add(hour + 12)
    return hours


def _matches(text: str, start: int, end: int, candidates: set[float], known: set[float],
             hours_in_source: frozenset[float] = frozenset()) -> bool:
    token = text[start:end]
    found = lambda value: any(same_value(value, k) for k in known)  # noqa: E731
    if ":" in token or (re.fullmatch(r"\d{1,2}\.\d{2}", token) and _TWELVE_HOUR.match(text, end)):
        # a time or a score: the hour (in either clock) and every other part must be there
        first, *rest = [float(g) for g in re.split(r"[:.]", token) if g.isdecimal()]
        return any(found(h) for h in _clock_hours(text, end, first, hours_in_source)) and all(found(p) for p in rest if p)
    if token.isdecimal() and len(token) <= 2 and _MINUTES_AFTER.match(text, end):
        return any(found(h) for h in _clock_hours(text, end, float(token), hours_in_source))  # the hour of "2: 00"
    if token.isdecimal() and len(token) == 2 and _HOUR_BEFORE.search(text, max(0, start - 3), start):
        return float(token) == 0 or found(float(token))  # its minutes ("00": on the hour)
    if any(found(h) for h in _hours(text, end, float(token))) if token.isdecimal() else False:
        return True
    return any(found(c) for c in candidates)


# not "her", also an object pronoun ("we gave her two books")
_DEFINITE_BEFORE = re.compile(r"\b(?:the|these|those|both|our|their|its|his|your|my)\s+$", re.IGNORECASE)


def _a_year(value: float) -> bool:
    return value.is_integer() and 1000 <= value <= 2100


def _the_two(text: str, start: int, candidates: set[float]) -> bool:
    """Whether a spelled-out "two" follows a definite determiner ("the two", "their two"): a pair already
    known in the text, which English names where the source says "both", "in between", "them"."""
    return candidates == {2.0} and not text[start].isdigit() and _DEFINITE_BEFORE.search(text, max(0, start - 8), start) is not None


def find_number_mismatches(segment: Segment, doc: Document) -> Iterator[Finding]:
    if not segment.source or not segment.source.strip():
        return
    target_numbers = number_values(segment.target, doc.tgt_lang, decimal=decimal_mark(doc.tgt_lang))
    if doc.src_lang in WORD_COMPLETE_LANGUAGES and doc.tgt_lang == "en":
        # English number words only: other lists hold "both" (beide, ambos), which needs no number in the source
        target_numbers += target_number_words(segment.target, doc.tgt_lang)
    if not target_numbers:
        return
    known = source_values(segment.source, doc.src_lang) | prefix_values(segment.source, doc.src_lang)
    hours_in_source = source_hours(segment.source)
    source_has_digits = any(map(str.isdigit, segment.source))
    shown = ", ".join(sorted({m.group() for m in ANY_DIGITS.finditer(segment.source)})) or "none in digits"
    for start, end, candidates in sorted(target_numbers, key=lambda t: t[0]):
        token = segment.target[start:end]
        if _matches(segment.target, start, end, candidates, known, hours_in_source):
            continue
        if _DECADE.match(segment.target, start) and _decade_in_words(candidates, known, source_has_digits):
            continue  # "the 1850s" for "the fifties of the 19th century"
        if _the_two(segment.target, start, candidates) and all(_a_year(k) for k in known):
            continue  # "divide the two", "between the two parts": a pair the source left unsaid (it has no number but a year)
        yield make_finding(
            NUMBER_MISMATCH, segment, start, end, confidence=0.8,
            evidence=f"{token!r} matches no number in the source (source numbers: {shown})",
        )


def _may_hold_link(text: str) -> bool:
    """Whether `text` holds what every `_LINK` holds ("://" or "www." of an address, "@" of an e-mail): most
    segments do not, and the pattern (tried at every word) need not read them."""
    return "@" in text or "://" in text or "www." in text


def find_link_mismatches(segment: Segment) -> Iterator[Finding]:
    if not segment.source or not _may_hold_link(segment.target):
        return  # a target without an address has none the source lacks
    in_source = {m.group().casefold().rstrip("/") for m in _LINK.finditer(segment.source)}
    for match in _LINK.finditer(segment.target):
        if match.group().casefold().rstrip("/") not in in_source:
            yield make_finding(
                LINK_MISMATCH, segment, match.start(), match.end(), confidence=0.85,
                evidence="address not in the source" + (f" (source has {', '.join(sorted(in_source))})" if in_source else ""),
                suggestion=next(iter(sorted(in_source))) if len(in_source) == 1 else "",
            )


class NumbersDetector(Detector):
    """Numbers and addresses compared against the source."""
    cheap = True

    rules = (NUMBER_MISMATCH, LINK_MISMATCH)

    def detect(self, doc: Document) -> Iterator[Finding]:
        for segment in doc.segments:
            if segment.source is None or not segment.target.strip():
                continue
            yield from find_number_mismatches(segment, doc)
            yield from find_link_mismatches(segment)
