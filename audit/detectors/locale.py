"""Conventions of another locale left in the target: number separators, quotation marks, spacing, times,
names of days and months, ordinals and currency signs.

What each language writes is data, one file per language in corpora/locale/<lang>.toml (format in fr.toml);
a language without a file gets LC001 only (when it writes a decimal point).
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterator

from audit.corpora import corpora_dir, read_tsv
from audit.detectors.base import Detector, make_finding
from audit.findings import Finding
from audit.languages import language_name, with_article
from audit.rules import DataSource, Languages, Rule
from audit.segments import Document, Segment
from audit.text import (WORD_LIST_MAX_CHARS, clause_start, hyphenated_word_spans, hyphenated_words,
                        lowered_word_runs, word_run_keys)

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
    languages=Languages(data="decimal-point"),
)
FOREIGN_PUNCTUATION = Rule(
    code="LC002",
    name="source-locale-punctuation",
    family="locale",
    category="locale/convention",
    severity="minor",
    what="Finds quotation marks and punctuation of another locale: quotation marks the target does not write "
    "(« » or „ in English, “…” at the outer level or straight quotes in French, ” in German), inverted "
    "¿ ¡ outside Spanish, and the percent sign spaced the other locale's way (3.2 % in English, 3,2% in "
    "French).",
    why="These marks are right in the source language and wrong in the target; they show the text was "
    "carried over rather than translated.",
    example="He called it an « occupation », 3.2 % of the vote.",
    instead="He called it an “occupation”, 3.2% of the vote.",
    languages=Languages(data="locale"),
    version=2,
)
TIME_FORMAT = Rule(
    code="LC003",
    name="source-time-format",
    family="locale",
    category="locale/date-time",
    severity="major",
    what="Finds times of day in another locale's form: in English, 24-hour times rendered word for word "
    "(\"at 20 hours\", \"9.15 clock\", \"20h30\"); in a 24-hour language (fr de es it pt), am/pm left in "
    "(\"3 pm\", \"10:30 a.m.\") and, in de es it, the French 20h30.",
    why="\"At 20 hours\" reads as a duration, and \"clock\" after a number is not English; am/pm is not "
    "how a French, German, Spanish, Italian or Portuguese reader tells the time, and 3 read as 03:00 is "
    "a wrong value.",
    example="The curfew starts at 20 hours. / La réunion commence à 3 pm.",
    instead="The curfew starts at 8 p.m. (or 20:00). / La réunion commence à 15 h.",
    languages=Languages(data="locale"),
    version=2,
)
NUMBER_SEPARATORS = Rule(
    code="LC004",
    name="decimal-point",
    family="locale",
    category="locale/number-format",
    severity="major",
    what="Finds numbers written with a decimal point (3.2) or commas between thousands (1,500,000) in a "
    "target that writes a decimal comma; a number after a word like \"version\" or \"article\", a time "
    "(15.30 Uhr), and a token copied from a source that writes numbers the target's way are left alone.",
    why="In French or German 1,500 is one and a half and 3.2 is no number (or a date): the reader gets "
    "the wrong value.",
    example="L'inflation a atteint 3.2 % et la ville compte 1,500,000 habitants.",
    instead="L'inflation a atteint 3,2 % et la ville compte 1 500 000 habitants.",
    languages=Languages(data="locale:decimal-comma"),
)
SPACING = Rule(
    code="LC005",
    name="typographic-spacing",
    family="locale",
    category="locale/convention",
    severity="minor",
    what="Finds the spacing of another locale around punctuation: in French, no space before ; : ! ? or "
    "inside « » (the narrow no-break space U+202F is preferred, U+00A0 and a plain space are accepted); "
    "in Spanish, Italian, Portuguese and German, spaces inside « » (the French habit).",
    why="French sets these marks apart with a space; an MT system trained on English text leaves them glued "
    "to the word, which a French reader sees at once.",
    example="Vous venez? Il a dit: «non».",
    instead="Vous venez\u202f? Il a dit\u202f: «\u202fnon\u202f».",
    languages=Languages(data="locale:spacing"),
)
INVERTED_MARK = Rule(
    code="LC006",
    name="missing-inverted-mark",
    family="locale",
    category="locale/convention",
    severity="minor",
    what="Finds a Spanish question or exclamation that ends with ? or ! and has no opening ¿ or ¡.",
    why="Spanish opens questions and exclamations with ¿ and ¡; MT systems trained on English drop them.",
    example="Qué hora es? No lo sé.",
    instead="¿Qué hora es? No lo sé.",
    languages=Languages(data="locale:inverted"),
)
CAPITALISED_NAME = Rule(
    code="LC007",
    name="capitalised-day-month-nationality",
    family="locale",
    category="locale/convention",
    severity="minor",
    what="Finds weekdays, months (in a date) and nationality adjectives capitalised mid-sentence in a "
    "language that writes them in lower case (fr es it pt): \"le Lundi\", \"le 3 Mars\", \"le "
    "gouvernement Français\" (the noun \"les Français\" is right in French; Spanish and Portuguese lower-case "
    "the noun too).",
    why="Capitalising these words is an English convention carried over word for word.",
    example="Le gouvernement Français se réunit Lundi.",
    instead="Le gouvernement français se réunit lundi.",
    languages=Languages(data="locale:lowercase-names"),
)
FOREIGN_NAME = Rule(
    code="LC008",
    name="untranslated-day-or-month",
    family="locale",
    category="locale/date-time",
    severity="minor",
    what="Finds a weekday or month name of another language (English \"Monday\", \"March\" in a French "
    "text): next to a number (a date), or present in the aligned source.",
    why="A date left in the source language is untranslated text in the middle of a translated sentence.",
    example="La réunion aura lieu le 3 March.",
    instead="La réunion aura lieu le 3 mars.",
    languages=Languages(data="locale"),
)
FOREIGN_ORDINAL = Rule(
    code="LC009",
    name="source-ordinal",
    family="locale",
    category="locale/number-format",
    severity="minor",
    what="Finds ordinal marks of another language on a number: 1st, 2nd, 3rd, 4th in fr de es it pt; 1er, "
    "2e, 1.º in English.",
    why="Each language marks ordinals its own way (1er, 1., 1.º, 1º); English suffixes in a French text "
    "are untranslated.",
    example="Il est arrivé 1st au 2nd tour.",
    instead="Il est arrivé 1er au 2e tour.",
    languages=Languages(data="locale"),
)
CURRENCY_PLACEMENT = Rule(
    code="LC010",
    name="currency-placement",
    family="locale",
    category="locale/number-format",
    severity="minor",
    what="Finds a currency sign on the wrong side of the amount for the target: €5 or $5 in fr de es it pt "
    "(which write 5 € and 5 $), 5 € in English (€5).",
    why="The sign's place is a locale convention; the source's order left in the target reads as foreign.",
    example="Le billet coûte €5.",
    instead="Le billet coûte 5 €.",
    languages=Languages(data="locale"),
)
LOCALE_RULES = (DECIMAL_COMMA, FOREIGN_PUNCTUATION, TIME_FORMAT, NUMBER_SEPARATORS, SPACING, INVERTED_MARK,
                CAPITALISED_NAME, FOREIGN_NAME, FOREIGN_ORDINAL, CURRENCY_PLACEMENT)

# --- the conventions, as data -------------------------------------------------------------------------

QUOTE_MARKS = "«»„“”‚‘’‹›"
SPACES = " \u00a0\u202f\u2009"


@dataclass(frozen=True)
class Conventions:
    """What one target language (and region) writes, read from corpora/locale/<lang>.toml."""

    lang: str
    decimal: str | None = None
    percent: str = "either"
    currency: str | None = None
    currency_before_ok: str = ""
    code_words: frozenset[str] = frozenset()
    quotes_accepted: str | None = None
    quotes_outer: str = ""
    straight_ok: bool = True
    space_inside: bool | None = None
    spacing_before: str = ""
    spacing_preferred: str = "\u202f"
    inverted: bool | None = None
    ampm_foreign: bool = False
    ampm_accepted: tuple[str, ...] = ()
    time_words: frozenset[str] = frozenset()
    foreign_times: tuple[re.Pattern, ...] = ()
    lowercase_names: bool = False
    weekdays: tuple[str, ...] = ()
    months: tuple[str, ...] = ()
    month_cues: frozenset[str] = frozenset()
    nationalities: frozenset[str] = frozenset()
    nouns_capitalised: bool = True
    determiners: frozenset[str] = frozenset()
    keep: tuple[str, ...] = ()
    homographs: frozenset[str] = frozenset()
    ordinal_foreign: re.Pattern | None = None
    ordinal_first: str = ""
    ordinal_other: str = ""

    @property
    def name(self) -> str:
        """The language's English name, for evidence ("French", not "fr")."""
        return language_name(self.lang)


def _merge(base: dict, override: dict) -> dict:
    """`base` with the tables of `override` laid over it, key by key."""
    merged = dict(base)
    for key, value in override.items():
        merged[key] = _merge(merged.get(key, {}), value) if isinstance(value, dict) else value
    return merged


def _words(value: str | list[str]) -> list[str]:
    return value.split() if isinstance(value, str) else list(value)


def _from_table(lang: str, table: dict) -> Conventions:
    numbers, quotes, spacing = table.get("numbers", {}), table.get("quotes", {}), table.get("spacing", {})
    marks, time, names, ordinals = (table.get(k, {}) for k in ("marks", "time", "names", "ordinals"))
    foreign_ordinal = ordinals.get("foreign")
    return Conventions(
        lang=lang,
        decimal=numbers.get("decimal"),
        percent=numbers.get("percent", "either"),
        currency=numbers.get("currency"),
        currency_before_ok=numbers.get("currency_before_ok", ""),
        code_words=frozenset(w.lower() for w in numbers.get("code_words", [])),
        quotes_accepted=(quotes["accepted"] + "’") if "accepted" in quotes else None,
        quotes_outer=quotes.get("outer", ""),
        straight_ok=quotes.get("straight", True),
        space_inside=quotes.get("space_inside"),
        spacing_before=spacing.get("before", ""),
        spacing_preferred=spacing.get("preferred", "\u202f"),
        inverted=marks.get("inverted"),
        ampm_foreign=time.get("clock") == 24 and time.get("ampm_foreign", False),
        ampm_accepted=tuple(time.get("ampm_accepted", [])),
        time_words=frozenset(w.lower() for w in time.get("time_words", [])),
        foreign_times=tuple(re.compile(p) for p in time.get("foreign", [])),
        lowercase_names=names.get("lowercase", False),
        weekdays=tuple(names.get("weekdays", [])),
        months=tuple(names.get("months", [])),
        month_cues=frozenset(names.get("month_cues", [])),
        nationalities=frozenset(_words(names.get("nationalities", []))),
        nouns_capitalised=names.get("nationality_nouns_capitalised", True),
        determiners=frozenset(names.get("determiners", [])),
        keep=tuple(names.get("keep", [])),
        homographs=frozenset(w.lower() for w in names.get("homographs", [])),
        ordinal_foreign=re.compile(r"(?<![\w.,])" + foreign_ordinal + r"(?!\w)") if foreign_ordinal else None,
        ordinal_first=ordinals.get("first", ""),
        ordinal_other=ordinals.get("other", ""),
    )


@lru_cache(maxsize=None)
def locale_languages() -> frozenset[str]:
    """The languages with a conventions file."""
    return frozenset(p.stem for p in (corpora_dir() / "locale").glob("*.toml"))


@lru_cache(maxsize=None)
def _table(lang: str) -> dict:
    with (corpora_dir() / "locale" / f"{lang}.toml").open("rb") as handle:
        return tomllib.load(handle)


def target_region() -> str | None:
    """The target's region given with --tgt-lang (fr-CA): its table's overrides apply (the CLI puts it in
    the environment, so worker processes see it too)."""
    return os.environ.get("AUDIT_TARGET_REGION") or None


@lru_cache(maxsize=None)
def conventions(lang: str, region: str | None = None) -> Conventions | None:
    """The conventions of `lang` (with `region`'s overrides, e.g. conventions("fr", "CA")), or None."""
    if lang not in locale_languages():
        return None
    table = _table(lang)
    base = {k: v for k, v in table.items() if k != "regions"}
    override = table.get("regions", {}).get(region.upper(), {}) if region else {}
    return _from_table(lang, _merge(base, override))


@lru_cache(maxsize=1)
def decimal_comma_languages() -> frozenset[str]:
    return frozenset(r["lang"] for r in read_tsv(corpora_dir() / "locale" / "decimal_comma.tsv"))


def writes_decimal_comma(lang: str | None) -> bool | None:
    """Whether `lang` writes 3,2 (True), 3.2 (False), or None when unknown."""
    if lang is None:
        return None
    conv = conventions(lang)
    if conv is not None and conv.decimal:
        return conv.decimal == ","
    return lang in decimal_comma_languages()


# --- helpers on the text -------------------------------------------------------------------------------

def _token_around(text: str, start: int, end: int) -> str:
    """The run of non-space characters holding text[start:end], without the punctuation around it."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end].strip(".,;:!?()[]{}«»\"“”„'’")


def _word_before(text: str, index: int) -> str:
    """The word that ends right before `index` (skipping spaces and an apostrophe), or ""."""
    match = re.search(r"(\w+(?:-\w+)*)['’]?[\s\u00a0\u202f]*$", text[:index])
    return match.group(1) if match else ""


def _word_after(text: str, index: int) -> str:
    match = re.match(r"[\s\u00a0\u202f]*(\w+(?:-\w+)*)", text[index:])
    return match.group(1) if match else ""


def _is_capitalised(word: str) -> bool:
    return len(word) > 1 and word[0].isupper() and not word.isupper()


_OPENING = SPACES + "\"'«“„‘‹(—–-¿¡*"


def _sentence_initial(text: str, index: int) -> bool:
    """Whether `index` starts a sentence or a quotation (nothing but opening marks before it). Walks back
    over those marks only, without copying the text before `index`: a long line stays linear."""
    while index > 0 and text[index - 1] in _OPENING:
        index -= 1
    return index == 0 or text[index - 1] in ".!?:…\n"


def _in_source(segment: Segment, token: str) -> bool:
    if not segment.source or not token:
        return False
    return re.search(r"(?<![\w.,])" + re.escape(token) + r"(?![\w])", segment.source) is not None


def _is_code(token: str) -> bool:
    """A product code, version, URL or address rather than a quantity: v3.2, A320, example.com/3.5."""
    if re.search(r"[A-Za-z]\d|[/@_#\\]|://", token):
        return True
    dotted = re.search(r"\d+(?:\.\d+){2,}", token)  # 3.2.1 is a version; 1.500.000 is a number
    return bool(dotted) and any(len(group) != 3 for group in dotted.group().split(".")[1:])


def _exempt_number(segment: Segment, start: int, end: int, conv: Conventions | None, src_lang: str | None,
                   tgt_lang: str | None) -> bool:
    """A number that is no locale slip: a code or version, or a token copied from a source that writes
    numbers the way the target does (so the token was never a quantity in the source's convention)."""
    text = segment.target
    token = _token_around(text, start, end)
    if _is_code(token) or "/" in token:
        return True
    if conv is not None and _word_before(text, start).lower() in conv.code_words:
        return True
    same_convention = writes_decimal_comma(src_lang) == writes_decimal_comma(tgt_lang) is not None
    return same_convention and _in_source(segment, text[start:end])


# --- LC001 / LC004: number separators -------------------------------------------------------------------

_DECIMAL_COMMA = re.compile(r"(?<![\d.,])\d+,\d{1,2}(?![\d,.])|(?<![\d.,])\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?(?![\d.])|(?<![\d.,])\d{1,3}\.\d{3},\d+(?![\d.])")
_DECIMAL_POINT = re.compile(r"(?<![\w.,])\d+\.\d{1,2}(?![\w,]|\.(?!\s*$))")
_COMMA_THOUSANDS = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?(?![\w,]|\.\d)|(?<![\w.,])\d{1,3},\d{3}\.\d+(?![\w,]|\.\d)")
_ONE_COMMA_GROUP = re.compile(r"(?<![\w.,])\d{1,3},\d{3}(?![\w,]|\.\d)")


def _to_point(number: str) -> str:
    if "," in number:
        whole, _, fraction = number.rpartition(",")
        return whole.replace(".", ",") + "." + fraction
    return number.replace(".", ",")


def _to_comma(number: str) -> str:
    """3.2 -> 3,2 ; 1,500,000.5 -> 1 500 000,5 (narrow no-break spaces between thousands)."""
    whole, _, fraction = number.partition(".")
    whole = whole.replace(",", "\u202f")
    return whole + ("," + fraction if fraction else "")


_DECIMAL_COMMA_NEEDS = re.compile(r"\d[,.]\d")  # what every match of _DECIMAL_COMMA holds


def find_decimal_commas(segment: Segment, src_lang: str | None = None, tgt_lang: str | None = None) -> Iterator[Finding]:
    if _DECIMAL_COMMA_NEEDS.search(segment.target) is None:
        return
    for match in _DECIMAL_COMMA.finditer(segment.target):
        if _exempt_number(segment, match.start(), match.end(), None, src_lang, tgt_lang):
            continue
        yield make_finding(DECIMAL_COMMA, segment, match.start(), match.end(), confidence=0.75,
                           evidence="decimal comma or dot-grouped thousands in a decimal-point language",
                           suggestion=_to_point(match.group()))


def _is_time_of_day(text: str, start: int, end: int, conv: Conventions) -> bool:
    """15.30 after "um"/"alle" or before "Uhr"/"h": a time, not a decimal."""
    hours, _, minutes = text[start:end].partition(".")
    if not (int(hours) <= 24 and len(minutes) == 2 and int(minutes) < 60):
        return False
    return (_word_before(text, start).lower() in conv.time_words
            or _word_after(text, end).lower() in conv.time_words)


def find_decimal_points(segment: Segment, conv: Conventions, src_lang: str | None) -> Iterator[Finding]:
    text = segment.target
    for match in _DECIMAL_POINT.finditer(text):
        if _is_time_of_day(text, match.start(), match.end(), conv) or \
                _exempt_number(segment, match.start(), match.end(), conv, src_lang, conv.lang):
            continue
        yield make_finding(NUMBER_SEPARATORS, segment, match.start(), match.end(), confidence=0.7,
                           evidence="decimal point in a language that writes a decimal comma",
                           suggestion=_to_comma(match.group()))
    for match in _COMMA_THOUSANDS.finditer(text):
        if not _exempt_number(segment, match.start(), match.end(), conv, src_lang, conv.lang):
            yield make_finding(NUMBER_SEPARATORS, segment, match.start(), match.end(), confidence=0.75,
                               evidence="commas between thousands in a language that writes a decimal comma",
                               suggestion=_to_comma(match.group()))
    if writes_decimal_comma(src_lang) is False:
        # 1,500 reads as one and a half here; copied from a decimal-point source it meant fifteen hundred
        for match in _ONE_COMMA_GROUP.finditer(text):
            if _in_source(segment, match.group()) and not _exempt_number(segment, match.start(), match.end(), conv, None, None):
                yield make_finding(NUMBER_SEPARATORS, segment, match.start(), match.end(), confidence=0.7,
                                   evidence="a thousands comma copied from a decimal-point source",
                                   suggestion=_to_comma(match.group()))


# --- LC002: quotation marks, inverted marks, percent ---------------------------------------------------

_GUILLEMET_PAIR = re.compile(r"«[^»]*»")
_STRAIGHT_PAIR = re.compile(r"(?<![\w\"])\"([^\"\n]+)\"(?![\w\"])")
_INVERTED = re.compile(r"[¿¡]")
_SPACE_PERCENT = re.compile(r"(?<=\d)[ \u00a0\u202f]%")
_GLUED_PERCENT = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)?%")


@lru_cache(maxsize=None)
def _foreign_quotes(accepted: str) -> tuple[frozenset[str], re.Pattern[str] | None]:
    """The quotation marks of other locales where `accepted` ones are written, and a pattern finding any
    of them (None when there are none), made once per convention rather than for every segment."""
    foreign = frozenset(QUOTE_MARKS) - frozenset(accepted)
    return foreign, re.compile("[" + re.escape("".join(sorted(foreign))) + "]") if foreign else None


def _foreign_quote_findings(segment: Segment, conv: Conventions) -> Iterator[Finding]:
    text = segment.target
    foreign, any_foreign = _foreign_quotes(conv.quotes_accepted or "")
    if any_foreign is None or any_foreign.search(text) is None:
        return  # what both loops below need: most segments quote the locale's way or not at all
    covered: set[int] = set()
    if "«" in foreign and "»" in foreign and "«" in text:  # what every _GUILLEMET_PAIR match opens with
        for match in _GUILLEMET_PAIR.finditer(text):
            covered.update((match.start(), match.end() - 1))
            yield make_finding(FOREIGN_PUNCTUATION, segment, match.start(), match.end(), confidence=0.8,
                               evidence="quotation marks of another locale",
                               suggestion="“" + match.group()[1:-1].strip(SPACES) + "”")
    for index, char in enumerate(text):
        if char in foreign and index not in covered:
            yield make_finding(FOREIGN_PUNCTUATION, segment, index, index + 1, confidence=0.8,
                               evidence="quotation mark of another locale")


def _outer_quote_findings(segment: Segment, conv: Conventions) -> Iterator[Finding]:
    """“…” (or straight "…") where the language opens its outer quotation with « (French)."""
    text, opener, closer = segment.target, conv.quotes_outer[0], conv.quotes_outer[1]
    pairs = [m for m in re.finditer(r"“[^“”]*”", text)]
    if not conv.straight_ok:
        pairs += list(_STRAIGHT_PAIR.finditer(text))
    for match in sorted(pairs, key=lambda m: m.start()):
        depth = text.count(opener, 0, match.start()) - text.count(closer, 0, match.start())
        if depth > 0:
            continue  # nested inside « … »: the right mark
        inner = match.group()[1:-1].strip()
        yield make_finding(FOREIGN_PUNCTUATION, segment, match.start(), match.end(), confidence=0.65,
                           evidence=f"English-style quotation marks where {conv.name} writes {opener} {closer}",
                           suggestion=f"{opener}\u202f{inner}\u202f{closer}")


def _percent_findings(segment: Segment, conv: Conventions) -> Iterator[Finding]:
    text = segment.target
    if "%" not in text:
        return  # what both patterns need
    if conv.percent == "none":
        for match in _SPACE_PERCENT.finditer(text):
            yield make_finding(FOREIGN_PUNCTUATION, segment, match.start(), match.end(), confidence=0.7,
                               evidence="space before % (French and German convention)", suggestion="%")
    elif conv.percent == "space":
        for match in _GLUED_PERCENT.finditer(text):
            yield make_finding(FOREIGN_PUNCTUATION, segment, match.start(), match.end(), confidence=0.6,
                               evidence=f"no space before % ({conv.name} sets one)",
                               suggestion=match.group()[:-1] + "\u202f%")


def find_foreign_punctuation(segment: Segment, conv: Conventions) -> Iterator[Finding]:
    if conv.quotes_accepted is not None:
        yield from _foreign_quote_findings(segment, conv)
    if len(conv.quotes_outer) == 2 and conv.quotes_outer[0] == "«":
        yield from _outer_quote_findings(segment, conv)
    if conv.inverted is False and ("¿" in segment.target or "¡" in segment.target):  # what _INVERTED finds
        for match in _INVERTED.finditer(segment.target):
            yield make_finding(FOREIGN_PUNCTUATION, segment, match.start(), match.end(), confidence=0.8,
                               evidence="inverted question or exclamation mark (Spanish convention)")
    yield from _percent_findings(segment, conv)


# --- LC003: times --------------------------------------------------------------------------------------

# Each with what every match of it holds (searched first: most segments have none)
_ENGLISH_LITERAL_TIMES = (
    (re.compile(r"\b(?:at|until|till|before|since) (?:1[3-9]|2[0-4]|0?\d)(?:[.:h]\d{2})? hours\b", re.IGNORECASE),
     re.compile(r" hours", re.IGNORECASE)),
    (re.compile(r"\b\d{1,2}(?:[.:]\d{2})? clock\b", re.IGNORECASE), re.compile(r" clock", re.IGNORECASE)),
    (re.compile(r"\b(?:1[3-9]|2[0-4])(?:[.:]\d{2})? o'clock\b", re.IGNORECASE), re.compile(r" o'clock", re.IGNORECASE)),
    (re.compile(r"\b(?:[01]?\d|2[0-3])h[0-5]\d\b"), re.compile(r"h[0-5]\d")),
)
# 3 pm, 3pm, 10:30 a.m., 11 PM; a lower-case "am" needs no space or the end of the clause (German "am Montag")
_AMPM = re.compile(r"(?<![\w.,:])(?:1[0-2]|0?\d)(?:[:.][0-5]\d)?"
                   r"(?:\s?(?:[ap]\.\s?m\.|[AP]\.M\.|[AP]M\b|pm\b)|am\b|\s(?:am)(?=\s*(?:[.,;!?)]|$)))")


def find_time_formats(segment: Segment, conv: Conventions, digits: bool = True) -> Iterator[Finding]:
    """Times in another locale's form; with `digits` False (the segment has none), only the patterns of
    the conventions file that may match without one are tried (the others all need a digit)."""
    text = segment.target
    if conv.lang == "en" and digits:
        for pattern, needed in _ENGLISH_LITERAL_TIMES:
            if needed.search(text) is None:
                continue
            for match in pattern.finditer(text):
                yield make_finding(TIME_FORMAT, segment, match.start(), match.end(), confidence=0.7,
                                   evidence="24-hour source time rendered word for word")
    if conv.ampm_foreign and digits:
        for match in _AMPM.finditer(text):
            if any(match.group().endswith(form) for form in conv.ampm_accepted):
                continue
            yield make_finding(TIME_FORMAT, segment, match.start(), match.end(), confidence=0.7,
                               evidence=f"12-hour am/pm time in {conv.name}, which tells the time on a 24-hour clock")
    for pattern in conv.foreign_times:
        if not digits and needs_digit(pattern):
            continue
        for match in pattern.finditer(text):
            yield make_finding(TIME_FORMAT, segment, match.start(), match.end(), confidence=0.65,
                               evidence="a time in another locale's form (French 20h30)")


# --- LC005: spacing around punctuation -----------------------------------------------------------------

_CLOSERS = "»”\")]…’'"


def _missing_space_before(segment: Segment, conv: Conventions) -> Iterator[Finding]:
    text = segment.target
    for index, char in enumerate(text):
        if char not in conv.spacing_before or index == 0:
            continue
        before, after = text[index - 1], text[index + 1:index + 2]
        if before in SPACES or before in conv.spacing_before or before in "!?.…(«-–—/":
            continue  # spaced, or the second mark of ?! !!, or after an ellipsis
        if after and not (after in SPACES or after in _CLOSERS or after in "!?"):
            continue  # 15:30, http://, ;) , a query string: not a sentence mark
        word = re.search(r"[\w»”)\]]+$", text[:index])
        start = word.start() if word else index - 1
        yield make_finding(SPACING, segment, start, index + 1, confidence=0.6,
                           evidence=f"no space before {char} ({conv.name} sets one, U+202F preferred)",
                           suggestion=text[start:index] + conv.spacing_preferred + char)


def _guillemet_spacing(segment: Segment, conv: Conventions) -> Iterator[Finding]:
    text = segment.target
    for match in _GUILLEMET_PAIR.finditer(text):
        inner = match.group()[1:-1]
        if not inner.strip():
            continue
        spaced = (inner[0] in SPACES, inner[-1] in SPACES)
        if conv.space_inside and not all(spaced):
            yield make_finding(SPACING, segment, match.start(), match.end(), confidence=0.6,
                               evidence="no space inside « » (French sets a narrow no-break space)",
                               suggestion="«\u202f" + inner.strip(SPACES) + "\u202f»")
        elif conv.space_inside is False and any(spaced):
            yield make_finding(SPACING, segment, match.start(), match.end(), confidence=0.6,
                               evidence=f"spaces inside « » (a French habit; {conv.name} writes «…»)",
                               suggestion="«" + inner.strip(SPACES) + "»")


def find_spacing(segment: Segment, conv: Conventions) -> Iterator[Finding]:
    if conv.spacing_before:
        yield from _missing_space_before(segment, conv)
    if _spaces_guillemets(conv):
        yield from _guillemet_spacing(segment, conv)


def _spaces_guillemets(conv: Conventions) -> bool:
    """Whether the table says how « » are spaced inside."""
    return bool(conv.quotes_accepted and "«" in conv.quotes_accepted and conv.space_inside is not None)


# --- LC006: ¿ ¡ -----------------------------------------------------------------------------------------

_CLOSING_MARKS = re.compile(r"[?!]+")


def find_missing_inverted(segment: Segment) -> Iterator[Finding]:
    text = segment.target
    for match in _CLOSING_MARKS.finditer(text):
        after = text[match.end():match.end() + 1]
        if after and not (after in SPACES or after in _CLOSERS):
            continue  # ?id=3 in a URL, !important
        begin = clause_start(text, match.start())
        clause = text[begin:match.start()]
        start = begin + len(clause) - len(clause.lstrip(SPACES + "\"'«“—–-*"))
        if "¿" in clause or "¡" in clause or not re.search(r"\w", clause) or clause.endswith("("):
            continue
        yield make_finding(INVERTED_MARK, segment, start, match.end(), confidence=0.6,
                           evidence="Spanish question or exclamation without its opening ¿ or ¡",
                           suggestion=("¿" if "?" in match.group() else "¡") + text[start:match.end()])


# --- LC007: capitalised weekdays, months, nationality adjectives ----------------------------------------

def _in_kept_phrase(text: str, start: int, keep: tuple[str, ...]) -> bool:
    """Whether `start` falls inside one of the `keep` phrases (Mardi gras, Viernes Santo)."""
    return any(m.start() <= start < m.end() for phrase in keep for m in re.finditer(re.escape(phrase), text))


_CONNECTORS = frozenset({"de", "del", "di", "da", "do", "des", "du", "della", "dos", "das", "on", "of", "am", "im", "the"})
_FUNCTION_WORDS = frozenset({"le", "la", "les", "el", "los", "las", "il", "lo", "gli", "o", "a", "os", "as",
                             "un", "une", "una", "um", "uma", "en", "em", "in", "ce", "cette", "este", "esta",
                             "questo", "questa", "depuis", "desde", "dès", "ogni", "cada", "chaque", "each"})


def _word_span_before(text: str, index: int) -> tuple[str, int]:
    """The word ending right before `index` (spaces and an apostrophe skipped) and its start, or ("", -1)."""
    match = re.search(r"(\w+(?:-\w+)*)['’]?[\s\u00a0\u202f]*$", text[:index])
    return (match.group(1), match.start(1)) if match else ("", -1)


def _after_proper_name(text: str, start: int) -> bool:
    """Part of a name: the word before is a capitalised name (not "Le" opening the sentence), or a
    connector after one (Plaza de Mayo, Cinco de Mayo)."""
    previous, at = _word_span_before(text, start)
    if _is_capitalised(previous) or previous.isupper():
        return previous.lower() not in _FUNCTION_WORDS
    if previous.lower() in _CONNECTORS:
        before, _ = _word_span_before(text, at)
        return _is_capitalised(before) and before.lower() not in _FUNCTION_WORDS
    return False


def _next_is_number(text: str, end: int) -> bool:
    return re.match(r"[\s\u00a0\u202f]*\d", text[end:]) is not None


def _previous_is_number(text: str, start: int) -> bool:
    return re.search(r"\d(?:er|e|º|\.º|\.)?(?:[\s\u00a0\u202f]+(?:de|del|of))?[\s\u00a0\u202f]*$", text[:start]) is not None


def _capitalised_name_kind(word: str, text: str, start: int, end: int, conv: Conventions) -> str | None:
    lower = word.lower()
    if lower in conv.weekdays:
        return "weekday"
    if lower in conv.months and (_next_is_number(text, end) or _previous_is_number(text, start)
                                 or _word_before(text, start).lower() in conv.month_cues):
        return "month"
    if lower in conv.nationalities:
        previous = _word_before(text, start)
        if not conv.nouns_capitalised:
            return "nationality"
        if previous and previous.islower() and previous not in conv.determiners and not previous.isdigit():
            return "nationality adjective"
    return None


def find_capitalised_names(segment: Segment, conv: Conventions) -> Iterator[Finding]:
    text = segment.target
    for match in hyphenated_word_spans(text):
        word = match.group()
        if not _is_capitalised(word) or _sentence_initial(text, match.start()):
            continue
        kind = _capitalised_name_kind(word, text, match.start(), match.end(), conv)
        if kind is None or _in_kept_phrase(text, match.start(), conv.keep):
            continue
        following = _word_after(text, match.end())
        if _after_proper_name(text, match.start()) or (following and _is_capitalised(following)):
            continue  # part of a name: Vendredi Saint, Real Academia Española, Plaza de Mayo
        yield make_finding(CAPITALISED_NAME, segment, match.start(), match.end(), confidence=0.6,
                           evidence=f"capitalised {kind} mid-sentence ({conv.name} writes it in lower case)",
                           suggestion=word[0].lower() + word[1:])


# --- LC008: weekday and month names of another language -------------------------------------------------

@lru_cache(maxsize=None)
def foreign_names(lang: str) -> dict[str, str]:
    """Weekday and month names of the other languages with a file, as written there -> their language,
    without the words `lang` writes the same way."""
    own = conventions(lang)
    own_words = {w.lower() for w in own.weekdays + own.months} | set(own.homographs) if own else set()
    names: dict[str, str] = {}
    for other in sorted(locale_languages() - {lang}):
        conv = conventions(other)
        for name in conv.weekdays + conv.months:
            if name.lower() not in own_words:
                names.setdefault(name, other)
    return names


@lru_cache(maxsize=None)
def _foreign_name_keys(lang: str) -> frozenset[str] | None:
    return word_run_keys(foreign_names(lang))


def _surely_no_foreign_name(text: str, lang: str) -> bool:
    """Whether `text` surely holds none of `foreign_names(lang)`: told from the lower-cased word runs other
    families list too (or, where the names have no such keys, from its words listed at once)."""
    keys = _foreign_name_keys(lang)
    if keys is None:
        return foreign_names(lang).keys().isdisjoint(hyphenated_words(text))
    return keys.isdisjoint(lowered_word_runs(text))


def find_foreign_names(segment: Segment, conv: Conventions) -> Iterator[Finding]:
    text, names = segment.target, foreign_names(conv.lang)
    if len(text) <= WORD_LIST_MAX_CHARS and _surely_no_foreign_name(text, conv.lang):
        return  # the words first, all at once: most segments name no weekday or month
    for match in hyphenated_word_spans(text):
        word = match.group()
        origin = names.get(word)
        if origin is None:
            continue
        dated = _next_is_number(text, match.end()) or _previous_is_number(text, match.start())
        if not (dated or _in_source(segment, word)):
            continue
        following = _word_after(text, match.end())
        if word[0].isupper() and (_after_proper_name(text, match.start())
                                  or (following and _is_capitalised(following) and following not in names)):
            continue  # Black Friday, Sunday Times
        yield make_finding(FOREIGN_NAME, segment, match.start(), match.end(), confidence=0.65,
                           evidence=f"{language_name(origin)} weekday or month name in {with_article(conv.name)} text")


# --- LC009 / LC010: ordinals and currency -----------------------------------------------------------------

def find_foreign_ordinals(segment: Segment, conv: Conventions) -> Iterator[Finding]:
    if conv.ordinal_foreign is None:
        return
    for match in conv.ordinal_foreign.finditer(segment.target):
        if _is_code(_token_around(segment.target, match.start(), match.end())):
            continue
        number = match.group(1)
        suggestion = conv.ordinal_first if number == "1" else conv.ordinal_other.format(n=number)
        yield make_finding(FOREIGN_ORDINAL, segment, match.start(), match.end(), confidence=0.7,
                           evidence=f"ordinal mark of another language in {with_article(conv.name)} text",
                           suggestion=suggestion)


_AMOUNT = r"\d+(?:[.,\u202f\u00a0]\d+)*"
_SIGN_BEFORE = re.compile(r"(?<![\w$€£¥])([€$£¥])[ \u00a0\u202f]?(" + _AMOUNT + r")(?![\w%])")
_EURO_AFTER = re.compile(r"(?<![\w.,])(" + _AMOUNT + r")[ \u00a0\u202f]?€")


def find_currency_placement(segment: Segment, conv: Conventions) -> Iterator[Finding]:
    text = segment.target
    if conv.currency == "after":
        for match in _SIGN_BEFORE.finditer(text):
            if match.group(1) in conv.currency_before_ok:
                continue
            yield make_finding(CURRENCY_PLACEMENT, segment, match.start(), match.end(), confidence=0.7,
                               evidence=f"currency sign before the amount ({conv.name} writes it after)",
                               suggestion=f"{match.group(2)}\u00a0{match.group(1)}")
    elif conv.currency == "before":
        for match in _EURO_AFTER.finditer(text):
            yield make_finding(CURRENCY_PLACEMENT, segment, match.start(), match.end(), confidence=0.7,
                               evidence=f"euro sign after the amount ({conv.name} writes it before)",
                               suggestion=f"€{match.group(1)}")


# --- where the rules apply --------------------------------------------------------------------------

# The data sources of the rules' `Languages`: targets whose corpora/locale/<lang>.toml gives the rule
# something to check (name, test on the base table, what the test means).
LOCALE_SETS: tuple[tuple[str, Callable[[Conventions], bool], str], ...] = (
    ("locale", lambda conv: True, ""),
    ("locale:decimal-comma", lambda conv: conv.decimal == ",", "decimal = \",\""),
    ("locale:spacing", lambda conv: bool(conv.spacing_before or _spaces_guillemets(conv)),
     "spacing before marks or inside « »"),
    ("locale:inverted", lambda conv: bool(conv.inverted), "inverted = true"),
    ("locale:lowercase-names", lambda conv: conv.lowercase_names, "lowercase names"),
)


def _locale_test(test: Callable[[Conventions], bool]) -> Callable[[str | None, str | None], bool]:
    def applies(src_lang: str | None, tgt_lang: str | None) -> bool:
        conv = conventions(tgt_lang) if tgt_lang else None
        return conv is not None and test(conv)
    return applies


def _locale_listing(test: Callable[[Conventions], bool], what: str) -> Callable[[], str]:
    def listing() -> str:
        langs = " ".join(lang for lang in sorted(locale_languages()) if test(conventions(lang)))
        return f"{langs} (corpora/locale/<lang>.toml{': ' + what if what else ''})"
    return listing


# --- the detector ---------------------------------------------------------------------------------------

class LocaleDetector(Detector):
    """Conventions of another locale left in the target, judged by the target's corpora/locale/ file."""
    cheap = True

    rules = LOCALE_RULES
    data_sources = (
        DataSource("decimal-point", lambda src, tgt: tgt is not None and not writes_decimal_comma(tgt),
                   lambda: "targets that write a decimal point (corpora/locale/decimal_comma.tsv, <lang>.toml)"),
        *(DataSource(name, _locale_test(test), _locale_listing(test, what)) for name, test, what in LOCALE_SETS),
    )

    def detect(self, doc: Document) -> Iterator[Finding]:
        conv = conventions(doc.tgt_lang, target_region()) if doc.tgt_lang else None
        decimal_commas = DECIMAL_COMMA.languages.applies(doc.src_lang, doc.tgt_lang)
        for segment in doc.segments:
            if segment.target.strip():
                yield from self._segment_findings(segment, conv, doc.src_lang, doc.tgt_lang, decimal_commas)

    @staticmethod
    def _segment_findings(segment: Segment, conv: Conventions | None, src_lang: str | None,
                          tgt_lang: str | None, decimal_commas: bool) -> Iterator[Finding]:
        # the number rules' patterns all need a digit: most segments have none, and skip them
        text = segment.target
        digits = _DIGIT.search(text) is not None
        if decimal_commas and digits and _DECIMAL_COMMA_NEEDS.search(text) is not None:  # find_decimal_commas' test
            yield from find_decimal_commas(segment, src_lang, tgt_lang)
        if conv is None:
            return
        if conv.decimal == "," and digits:
            yield from find_decimal_points(segment, conv, src_lang)
        yield from find_foreign_punctuation(segment, conv)
        yield from find_time_formats(segment, conv, digits)
        if conv.spacing_before or _spaces_guillemets(conv):  # what find_spacing checks
            yield from find_spacing(segment, conv)
        if conv.inverted:
            yield from find_missing_inverted(segment)
        if conv.lowercase_names:
            yield from find_capitalised_names(segment, conv)
        if len(text) > WORD_LIST_MAX_CHARS or not _surely_no_foreign_name(text, conv.lang):  # find_foreign_names' test
            yield from find_foreign_names(segment, conv)
        if digits or not needs_digit(conv.ordinal_foreign):
            yield from find_foreign_ordinals(segment, conv)
        if digits:
            yield from find_currency_placement(segment, conv)


_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=None)
def needs_digit(pattern: re.Pattern | None) -> bool:
    """Whether every match of `pattern` (a pattern of the corpora/locale/ files) holds a digit, as far as
    `regex_parse` can tell (False when it cannot)."""
    from audit.detectors.regex_parse import holds_digit, parse

    if pattern is None or pattern.flags & re.VERBOSE:
        return False
    items = parse(pattern.pattern)
    return items is not None and holds_digit(items)
