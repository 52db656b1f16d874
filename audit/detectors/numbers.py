"""Numbers, URLs and e-mail addresses that differ between source and target, compared by value."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterator

from audit.corpora import corpora_dir, read_tsv
from audit.detectors.base import Detector, make_finding
from audit.findings import Finding
from audit.rules import Rule
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

# Digits not glued to a Latin letter before them (A380, G7, COVID-19), except French times (9h15);
# groups joined by . , : or a thin space belong to one number (1.500, 3,2, 24:00, 12 000).
_NUMBER = re.compile(
    r"(?:(?<![A-Za-z0-9])|(?<=\d[hH]))(?<![A-Za-z]-)(?<!\d[.,:])"
    r"(\d+(?:(?:[.,:]|[ \u00a0\u202f](?=\d{3}(?!\d)))\d+)*)"
)
_ANY_DIGITS = re.compile(r"\d+(?:(?:[.,:]|[ \u00a0\u202f](?=\d{3}(?!\d)))\d+)*")
_DECADE = re.compile(r"\d{1,3}0s\b|\d{1,3}0's\b")
_ROMAN = re.compile(r"\b[IVXLC]{2,7}\b|\b[VX]\b")
_CJK_NUMERAL = re.compile(r"[〇零一二两三四五六七八九十百千万亿]+")
_CJK_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CJK_UNITS = {"十": 10, "百": 100, "千": 1000}
_CJK_MYRIADS = {"万": 10_000, "亿": 100_000_000}
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


def roman_value(token: str) -> int | None:
    """The value of a Roman numeral (XV = 15), or None if the letters do not form one."""
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    if not token or any(char not in values for char in token):
        return None
    total = 0
    for i, char in enumerate(token):
        value = values[char]
        total += -value if i + 1 < len(token) and values[token[i + 1]] > value else value
    return total if total > 0 and _to_roman(total) == token else None


def _to_roman(number: int) -> str:
    out = ""
    for value, letters in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out, number = out + letters, number - value
    return out


def cjk_value(numeral: str) -> int:
    """The value of a Chinese/Japanese numeral written in characters (三百五十 = 350, 一千 = 1000)."""
    total, section, digit = 0, 0, 0
    for char in numeral:
        if char in _CJK_DIGITS:
            digit = _CJK_DIGITS[char]
        elif char in _CJK_UNITS:
            section += (digit or 1) * _CJK_UNITS[char]
            digit = 0
        elif char in _CJK_MYRIADS:
            total += (section + digit) * _CJK_MYRIADS[char]
            section = digit = 0
    return total + section + digit


def _readings(token: str, decimal: str | None = None) -> set[float]:
    """The values a digit string can mean: in the locale whose decimal mark is `decimal`, or (None) in
    any locale ("1.500" is 1500 or 1.5). A time ("24:00") yields its parts; so does a dotted time (9.15)
    read leniently."""
    plain = re.sub(r"[ \u00a0\u202f]", "", token)
    if ":" in plain:
        return {float(g) for g in plain.split(":") if g.isdecimal()}
    values: set[float] = set()
    for mark, grouping in ((".", ","), (",", ".")):
        if decimal is not None and mark != decimal:
            continue
        parts = plain.split(grouping)
        if len(parts) > 1 and not all(len(p) == 3 for p in parts[1:]):
            continue  # not a valid grouping in this reading
        joined = "".join(parts)
        if joined.count(mark) > 1:
            continue
        try:
            values.add(float(joined.replace(mark, ".")))
        except ValueError:
            pass
    groups = [g for g in re.split(r"[.,]", plain) if g.strip("0")]
    if len(groups) > 1 and (decimal is None or not values or re.fullmatch(r"\d{1,2}\.\d{2}", plain)):
        # read leniently in the source, and in the target where the number is a date or a dotted time:
        # 9.15 Uhr = 9:15; 16.3. = 16 March; 01.09.2004 = 1 September 2004
        values.update(float(g) for g in groups)
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


@lru_cache(maxsize=None)
def _compound_heads(lang: str) -> frozenset[str]:
    """The first four letters of the number words that can open a compound (a cheap test before the scan)."""
    words, _ = _number_table()
    return frozenset(w[:4] for w in words.get(lang, {}) if len(w) >= 4)


def same_length_nfkc(text: str) -> str:
    """NFKC per character where that keeps one character (fullwidth "１２" → "12"), so offsets stay true;
    characters whose compatibility form is longer ("´" → " ́", "½" → "1⁄2") are left as they are."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text  # nothing to change (checked by a property test against the per-character form)
    return "".join(n if len(n := unicodedata.normalize("NFKC", c)) == 1 else c for c in text)


def number_values(
    text: str, lang: str | None, pattern: re.Pattern[str] = _NUMBER, decimal: str | None = None
) -> list[tuple[int, int, set[float]]]:
    """(start, end, candidate values) for every digit number in `text`, with scale words applied."""
    text = same_length_nfkc(text) if not text.isascii() else text
    _, scales = _number_table()
    lang_scales = {**scales.get("en", {}), **scales.get(lang or "", {})}
    found = []
    for match in pattern.finditer(text):
        if pattern is _ANY_DIGITS:
            found.append((match.start(), match.end(), _readings(match.group(), decimal) | _scaled(text, match, lang_scales)))
            continue
        # a number the target locale cannot read ("3.0", "20.00" in German) is read leniently
        values = _readings(match.group(1), decimal) or _readings(match.group(1))
        found.append((match.start(1), match.end(1), values | _scaled(text, match, lang_scales)))
    return found


def _scaled(text: str, match: re.Match[str], scales: dict[str, float]) -> set[float]:
    """Values with a following scale word applied (1,5 Mrd., 150万); "1万1000" adds the remainder."""
    scale = _scale_after(text, match.end(), scales)
    if not scale:
        return set()
    values = {v * scale for v in _readings(match.group())}
    rest = re.match(r"\D{1,2}?(\d+)", text[match.end():match.end() + 12])
    if rest and not text[match.end()].isascii():
        values |= {v * scale + float(rest.group(1)) for v in _readings(match.group())}
    return values


def source_values(text: str, lang: str | None) -> set[float]:
    """Every value the source mentions, in digits or (for languages with a list) in words."""
    words, _ = _number_table()
    values: set[float] = set()
    for _, _, candidates in number_values(text, lang, _ANY_DIGITS):
        values |= candidates
    for match in _ROMAN.finditer(text):
        value = roman_value(match.group())
        if value:
            values.add(float(value))
    if lang in ("zh", "ja"):
        for match in _CJK_NUMERAL.finditer(text):
            values.add(float(cjk_value(match.group())))
        if "点半" in text or "時半" in text:
            values.add(30.0)  # "9点半" is half past nine
    spelled = words.get(lang or "", {})
    scales = _number_table()[1].get(lang or "", {})
    tokens = [t.casefold() for t in _WORDS.findall(text)]
    for i, token in enumerate(tokens):
        if lang == "de" and token not in spelled and token[:4] in _compound_heads(lang):
            # German compounds: dreimal, zehnminütigen, sechsstelliger
            prefix = next((w for w in spelled if len(w) >= 4 and token.startswith(w)), None)
            if prefix:
                values.add(spelled[prefix])
        if token in spelled:
            value = spelled[token]
            values.add(value)
            if i + 1 < len(tokens) and tokens[i + 1] in scales:
                values.add(value * scales[tokens[i + 1]])
    return values


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def decimal_mark(lang: str | None) -> str | None:
    """The decimal mark a target language writes, or None when unknown."""
    from audit.detectors.locale import decimal_comma_languages

    if lang is None:
        return None
    return "," if lang in decimal_comma_languages() else "."


def target_number_words(text: str, lang: str | None) -> list[tuple[int, int, set[float]]]:
    """Spelled-out numbers from two upwards ("four", "twenty"): "one" is too often a pronoun."""
    words, _ = _number_table()
    spelled = words.get(lang or "", {})
    found = []
    for match in _WORDS.finditer(text):
        value = spelled.get(match.group().casefold())
        if value is not None and 2 <= value <= 90 and value != 12 and " " not in match.group():
            found.append((match.start(), match.end(), {value}))
    return found


# Source languages whose number words (with their usual inflections) are listed well enough that a
# target number word missing from the source is a real mismatch.
WORD_COMPLETE_LANGUAGES = frozenset({"fr", "de", "es", "it", "pt", "zh", "ja"})


def _decade_in_words(candidates: set[float], known: set[float], source_has_digits: bool) -> bool:
    if not source_has_digits:
        return True
    for decade in candidates:
        century = int(decade) // 100 + 1
        if any(_same(k, v) for k in known for v in (decade % 100, century)):
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


def _matches(text: str, start: int, end: int, candidates: set[float], known: set[float]) -> bool:
    token = text[start:end]
    found = lambda value: any(_same(value, k) for k in known)  # noqa: E731
    if ":" in token or (re.fullmatch(r"\d{1,2}\.\d{2}", token) and _TWELVE_HOUR.match(text, end)):
        # a time or a score: the hour (in either clock) and every other part must be there
        first, *rest = [float(g) for g in re.split(r"[:.]", token) if g.isdecimal()]
        return any(found(h) for h in _hours(text, end, first)) and all(found(p) for p in rest if p)
    if any(found(h) for h in _hours(text, end, float(token))) if token.isdecimal() else False:
        return True
    return any(found(c) for c in candidates)


def find_number_mismatches(segment: Segment, doc: Document) -> Iterator[Finding]:
    if not segment.source or not segment.source.strip():
        return
    target_numbers = number_values(segment.target, doc.tgt_lang, decimal=decimal_mark(doc.tgt_lang))
    if doc.src_lang in WORD_COMPLETE_LANGUAGES and doc.tgt_lang == "en":
        # English number words only: other lists hold "both" (beide, ambos), which needs no number in the source
        target_numbers += target_number_words(segment.target, doc.tgt_lang)
    if not target_numbers:
        return
    known = source_values(segment.source, doc.src_lang)
    source_has_digits = any(c.isdigit() for c in segment.source)
    shown = ", ".join(sorted({m.group() for m in _ANY_DIGITS.finditer(segment.source)})) or "none in digits"
    for start, end, candidates in sorted(target_numbers, key=lambda t: t[0]):
        token = segment.target[start:end]
        if _matches(segment.target, start, end, candidates, known):
            continue
        if _DECADE.match(segment.target, start) and _decade_in_words(candidates, known, source_has_digits):
            continue  # "the 1850s" for "the fifties of the 19th century"
        yield make_finding(
            NUMBER_MISMATCH, segment, start, end, confidence=0.8,
            evidence=f"{token!r} matches no number in the source (source numbers: {shown})",
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
    cheap = True

    rules = (NUMBER_MISMATCH, LINK_MISMATCH)

    def detect(self, doc: Document) -> Iterator[Finding]:
        for segment in doc.segments:
            if segment.source is None or not segment.target.strip():
                continue
            yield from find_number_mismatches(segment, doc)
            yield from find_link_mismatches(segment)
