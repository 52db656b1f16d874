"""Numbers read by value in any locale: digits with their decimal and group marks (3,2 = 3.2 in German,
12 000 = 12,000), scale words (1,5 Mrd. = 1.5 billion, 150万 = 1.5 million), Roman and CJK numerals, and
number words (trois = 3). Below the detectors: the numbers family, the reference alignment and the bilingual
layer all read numbers the same way.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from audit.corpora import word_rows
from audit.text import hyphenated_words

# Digits not glued to a Latin letter before them (A380, G7, COVID-19), except French times (9h15);
# groups joined by . , : or a thin space belong to one number (1.500, 3,2, 24:00, 12 000).
NUMBER = re.compile(
    r"(?:(?<![A-Za-z0-9])|(?<=\d[hH]))(?<![A-Za-z]-)(?<!\d[.,:])"
    r"(\d+(?:(?:[.,:]|[ \u00a0\u202f](?=\d{3}(?!\d)))\d+)*)"
)
_DIGIT = re.compile(r"\d")
ANY_DIGITS = re.compile(r"\d+(?:(?:[.,:]|[ \u00a0\u202f](?=\d{3}(?!\d)))\d+)*")
_ROMAN = re.compile(r"\b[IVXLC]{2,7}\b|\b[VX]\b")
_CJK_NUMERAL = re.compile(r"[〇零一二两三四五六七八九十百千万亿]+")
_CJK_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CJK_UNITS = {"十": 10, "百": 100, "千": 1000}
_CJK_MYRIADS = {"万": 10_000, "亿": 100_000_000}


@lru_cache(maxsize=1)
def number_table() -> tuple[dict[str, dict[str, float]], dict[str, dict[str, float]]]:
    """(number words, scale words) per language, each word with its value."""
    return _number_rows("word"), _number_rows("scale")


@lru_cache(maxsize=None)
def _number_rows(kind: str) -> dict[str, dict[str, float]]:
    table: dict[str, dict[str, float]] = {}
    for row in word_rows("numbers.tsv"):
        if row["kind"] == kind:
            table.setdefault(row["lang"], {})[row["word"].casefold()] = float(row["value"])
    return table


def prefix_values(text: str, lang: str | None) -> set[float]:
    """Values of number prefixes joined by a hyphen to the rest of a word ("bi-localisée": 2): a
    translation may say the number in words ("split between two countries")."""
    prefixes = _number_rows("prefix").get(lang or "", {})
    return {prefixes[head] for word in hyphenated_words(text) if "-" in word
            and (head := word.split("-", 1)[0].casefold()) in prefixes}


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
    words, _ = number_table()
    return frozenset(w[:4] for w in words.get(lang, {}) if len(w) >= 4)


def same_length_nfkc(text: str) -> str:
    """NFKC per character where that keeps one character (fullwidth "１２" → "12"), so offsets stay true;
    characters whose compatibility form is longer ("´" → " ́", "½" → "1⁄2") are left as they are."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text  # nothing to change (checked by a property test against the per-character form)
    return "".join(n if len(n := unicodedata.normalize("NFKC", c)) == 1 else c for c in text)


def number_values(
    text: str, lang: str | None, pattern: re.Pattern[str] = NUMBER, decimal: str | None = None
) -> list[tuple[int, int, set[float]]]:
    """(start, end, candidate values) for every digit number in `text`, with scale words applied."""
    text = same_length_nfkc(text) if not text.isascii() else text
    if _DIGIT.search(text) is None:
        return []  # each pattern's numbers open with a digit: most segments have none, and are not scanned
    _, scales = number_table()
    lang_scales = {**scales.get("en", {}), **scales.get(lang or "", {})}
    found = []
    for match in pattern.finditer(text):
        if pattern is ANY_DIGITS:
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
    words, _ = number_table()
    values: set[float] = set()
    for _, _, candidates in number_values(text, lang, ANY_DIGITS):
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
    scales = number_table()[1].get(lang or "", {})
    tokens = [t.casefold() for t in hyphenated_words(text)]
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


def same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))
