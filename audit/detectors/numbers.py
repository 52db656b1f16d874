"""Numbers, URLs and e-mail addresses that differ between source and target, compared by value."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterator

from audit.corpora import corpora_dir, read_tsv
from audit.detectors.base import Detector, make_finding
from audit.findings import Finding
from audit.rules import Rule, register
from audit.segments import Document, Segment

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
register(NUMBER_MISMATCH, LINK_MISMATCH)

# Digits not glued to a Latin letter before them (A380, G7, COVID-19), except French times (9h15).
_NUMBER = re.compile(r"(?:(?<![A-Za-z0-9.,])|(?<=\d[hH]))(?<![A-Za-z]-)(\d+(?:(?:[.,]|[ \u00a0\u202f](?=\d{3}(?!\d)))\d+)*)")
_LINK = re.compile(r"\b(?:https?://|www\.)[^\s<>\"”»]+[^\s<>\"”».,;:!?)]|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_WORDS = re.compile(r"\w+(?:-\w+)*")


@lru_cache(maxsize=1)
def _number_table() -> tuple[dict[str, dict[str, float]], dict[str, dict[str, float]]]:
    words: dict[str, dict[str, float]] = {}
    scales: dict[str, dict[str, float]] = {}
    for row in read_tsv(corpora_dir() / "locale" / "numbers.tsv"):
        table = words if row["kind"] == "word" else scales
        table.setdefault(row["lang"], {})[row["word"].casefold()] = float(row["value"])
    return words, scales


def _readings(token: str) -> set[float]:
    """Every value a digit string can mean in some locale ("1.500" is 1500 or 1.5; "3,2" is 3.2)."""
    plain = re.sub(r"[ \u00a0\u202f]", "", token)
    values: set[float] = set()
    for decimal, grouping in ((".", ","), (",", ".")):
        parts = plain.split(grouping)
        if len(parts) > 1 and not all(len(p) == 3 for p in parts[1:]):
            continue  # not a valid grouping in this reading
        joined = "".join(parts)
        if joined.count(decimal) > 1:
            continue
        try:
            values.add(float(joined.replace(decimal, ".")))
        except ValueError:
            pass
    # the digit groups on their own: "9.15" may be a time, 9:15, written another way
    values.update(float(g) for g in re.split(r"[.,]", plain) if g)
    return values


def _scale_after(text: str, end: int, scales: dict[str, float]) -> float | None:
    rest = text[end:end + 16].lstrip(" \u00a0")
    match = re.match(r"\w+", rest)
    if match and match.group().casefold() in scales:
        return scales[match.group().casefold()]
    for word, value in scales.items():  # unspaced scripts: "150万"
        if not word.isascii() and rest.startswith(word):
            return value
    return None


def number_values(text: str, lang: str | None) -> list[tuple[int, int, set[float]]]:
    """(start, end, candidate values) for every digit number in `text`, with scale words applied."""
    text = unicodedata.normalize("NFKC", text) if not text.isascii() else text
    _, scales = _number_table()
    lang_scales = {**scales.get("en", {}), **scales.get(lang or "", {})}
    found = []
    for match in _NUMBER.finditer(text):
        values = _readings(match.group(1))
        scale = _scale_after(text, match.end(), lang_scales)
        if scale:
            values |= {v * scale for v in values}
        found.append((match.start(1), match.end(1), values))
    return found


def source_values(text: str, lang: str | None) -> set[float]:
    """Every value the source mentions, in digits or (for languages with a list) in words."""
    words, _ = _number_table()
    values: set[float] = set()
    for _, _, candidates in number_values(text, lang):
        values |= candidates
    spelled = words.get(lang or "", {})
    scales = _number_table()[1].get(lang or "", {})
    tokens = [t.casefold() for t in _WORDS.findall(text)]
    for i, token in enumerate(tokens):
        if token in spelled:
            value = spelled[token]
            values.add(value)
            if i + 1 < len(tokens) and tokens[i + 1] in scales:
                values.add(value * scales[tokens[i + 1]])
    return values


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def find_number_mismatches(segment: Segment, doc: Document) -> Iterator[Finding]:
    if not segment.source or not segment.source.strip():
        return
    target_numbers = number_values(segment.target, doc.tgt_lang)
    if not target_numbers:
        return
    known = source_values(segment.source, doc.src_lang)
    shown = ", ".join(sorted({m.group(1) for m in _NUMBER.finditer(segment.source)})) or "none in digits"
    for start, end, candidates in target_numbers:
        if any(_same(c, k) for c in candidates for k in known):
            continue
        yield make_finding(
            NUMBER_MISMATCH, segment, start, end, confidence=0.8,
            evidence=f"{segment.target[start:end]!r} matches no number in the source (source numbers: {shown})",
        )


def find_link_mismatches(segment: Segment) -> Iterator[Finding]:
    if not segment.source:
        return
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

    rules = (NUMBER_MISMATCH, LINK_MISMATCH)

    def detect(self, doc: Document) -> Iterator[Finding]:
        for segment in doc.segments:
            if segment.source is None or not segment.target.strip():
                continue
            yield from find_number_mismatches(segment, doc)
            yield from find_link_mismatches(segment)
