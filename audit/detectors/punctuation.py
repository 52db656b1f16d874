"""Punctuation artifacts: doubled marks, stray sentence breaks, spacing, unbalanced quotes and brackets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterator

from audit.corpora import word_rows
from audit.detectors.base import Detector, make_finding
from audit.findings import Finding
from audit.rules import Languages, Rule
from audit.segments import CONTEXT_SPAN, Document, Segment
from audit.text import FULL_WIDTH_SENTENCE_MARKS, SENTENCE_MARKS

DOUBLED = Rule(
    code="PU001",
    name="doubled-punctuation",
    family="punctuation",
    category="fluency/punctuation",
    severity="minor",
    what="Finds two or more sentence marks in a row, with or without spaces between them (\". .\", \",.\", "
    "\"::\"); an ellipsis, and runs of only ! and ? (emphasis), are left alone.",
    why="MT systems that translate sentence by sentence often leave the source's mark beside their own.",
    example="urged the protests via its social networks. .",
    instead="urged the protests via its social networks.",
)
STRAY_BREAK = Rule(
    code="PU002",
    name="stray-sentence-break",
    family="punctuation",
    category="fluency/punctuation",
    severity="minor",
    what="Finds a period inside a sentence: a word, a period, then a word in lower case (\"two. weeks\").",
    why="A sentence cut in two by a stray period is a typical MT segmentation artifact and stops the reader.",
    example="But maybe in two. weeks, everything changes.",
    instead="But maybe in two weeks, everything changes.",
)
SPACE_BEFORE = Rule(
    code="PU003",
    name="space-before-punctuation",
    family="punctuation",
    category="fluency/punctuation",
    severity="minor",
    what="Finds white space before , . ; : ! or ? in a language that does not put one there.",
    why="French sets a space before ; : ! ?; English and most other languages never do, so the space is a "
    "source-locale convention left in the target.",
    example="Is it over ? Nobody knows .",
    instead="Is it over? Nobody knows.",
    languages=Languages(excluded_targets=("fr",)),
)
UNBALANCED_QUOTE = Rule(
    code="PU004",
    name="unbalanced-quote",
    family="punctuation",
    category="fluency/punctuation",
    severity="minor",
    what="Finds quotation marks that open and never close, close without opening, or point the wrong way "
    "(an opening mark before a space or at the end of a sentence).",
    why="MT moves and flips quotation marks; readers then cannot tell where a quotation ends.",
    example="But maybe in two weeks, everything changes, nobody knows. “",
    instead="But maybe in two weeks, everything changes, nobody knows.”",
)
UNBALANCED_BRACKET = Rule(
    code="PU005",
    name="unbalanced-bracket",
    family="punctuation",
    category="fluency/punctuation",
    severity="minor",
    what="Finds brackets ( ) [ ] { } that open without closing or close without opening.",
    why="A lost bracket changes what a reader takes to be an aside.",
    example="the Democratic Choice of Kazakhstan (QDT party said",
    instead="the Democratic Choice of Kazakhstan (QDT) party said",
)
STRAY_MARK = Rule(
    code="PU006",
    name="stray-mark",
    family="punctuation",
    category="fluency/punctuation",
    severity="minor",
    what="Finds a punctuation mark or symbol dropped into a sentence: ! or ? before a lower-case word, a "
    "symbol glued to a word (^ ~ @ _ | \\), a comma or colon after an article, a dangling hyphen, a "
    "stray apostrophe; with the source, a colon or semicolon the source does not have.",
    why="Such marks break the sentence for the reader and are typical of noisy MT input or output.",
    example="the two compounds can inhibit kidney! function",
    instead="the two compounds can inhibit kidney function",
)
MISSING_END = Rule(
    code="PU007",
    name="missing-final-punctuation",
    family="punctuation",
    category="fluency/punctuation",
    severity="minor",
    what="Finds a target that ends without the sentence mark its source ends with (. ! ? and their "
    "full-width forms), when the source is given.",
    why="A dropped final mark makes the segment read as cut off, and usually means the end of the sentence "
    "was lost or garbled.",
    example="Source: Le tribunal a rejeté l'appel. — Target: The court rejected the appeal",
    instead="The court rejected the appeal.",
)

_MARKS = ".,;:!?"
_STRENGTH = "?!.:;,"  # which mark of a doubled run to keep, strongest first
_RUN = re.compile(r"[.,;:!?](?:[ \t\u00a0\u202f]*[.,;:!?])+")
_BREAK = re.compile(r"(?<![\w.])([\w][\w'’\-]*)\.[ \t\u00a0]+([a-z\u00e0-\u00ff][\w'’\-]*)")
_SPACE_BEFORE = re.compile(r"(?<=[^\s.,;:!?])[ \t\u00a0\u202f]+([,.;:!?])(?![.\d]|-?[()\[\]DPpO3/|])")
# What every match of _BREAK and of _SPACE_BEFORE holds: cheap to look for, and most segments have neither
_BREAK_NEEDS = re.compile(r"\.[ \t\u00a0]+[a-z\u00e0-\u00ff]")
_SPACE_BEFORE_NEEDS = re.compile(r"[,.;:!?](?<=[ \t\u00a0\u202f].)")  # the mark first: marks are rarer than spaces
_ABBREV_BEFORE = re.compile(r"(?:\b[A-Za-z]\.)+[A-Za-z]?$|\b\w+$")

OPEN_QUOTES = "“„«"
CLOSE_QUOTES = "”»"
BRACKETS = {")": "(", "]": "[", "}": "{"}
QUOTE_REACH = 3  # how many segments a quotation may run over
_EMOTICON = re.compile(r"[:;][-^']?[()\[\]]|\([-^']?[:;]")


@lru_cache(maxsize=None)
def abbreviations(lang: str | None) -> frozenset[str]:
    """Abbreviations (without their final period) for a language plus the language-neutral ones."""
    rows = word_rows("abbreviations.tsv")
    return frozenset(r["word"] for r in rows if r["lang"] in ("*", lang or "en"))


@lru_cache(maxsize=1)
def agency_credits() -> frozenset[str]:
    """Lower-case agency credits that may follow a dispatch's last period ("... last year. dpa")."""
    return frozenset(r["word"] for r in word_rows("agency_credits.tsv"))


_LOOKBEHIND = 64  # characters of context a check looks back over (bounded: long segments stay linear)
_DOTTED_END = re.compile(r"(?:\b\w\.)+\w$")


def _is_abbreviation(word: str, text_before: str, lang: str | None) -> bool:
    known = abbreviations(lang)
    if word in known or word.lower() in known:
        return True
    # dotted forms such as "U.S." or "e.g." end in a single letter preceded by "X."
    if len(word) == 1:
        return True
    return bool(_DOTTED_END.search(text_before[-_LOOKBEHIND:]))


def find_doubled_punctuation(segment: Segment, lang: str | None) -> Iterator[Finding]:
    text = segment.target
    for match in _RUN.finditer(text):
        run = match.group()
        compact = re.sub(r"\s", "", run)
        if set(compact) == {"."} and " " not in run and len(compact) >= 3:
            continue  # an ellipsis written with dots
        if set(compact) <= {"!", "?"}:
            continue  # emphasis ("!!", "?!"): the writer's style, not an MT artifact
        if re.fullmatch(r"[.,;:!?]?(?:\.\.\.|…)[.,;:!?]?", compact):
            continue  # an ellipsis with one mark beside it (",..." "...?")
        if compact[0] == "." and compact[1] != "." and match.start() > 0:
            before = text[max(0, match.start() - _LOOKBEHIND): match.start()]
            word = _ABBREV_BEFORE.search(before)
            if word and " " not in run and _is_abbreviation(word.group(), before, lang):
                continue  # "etc.," "U.S.:" — the period belongs to the abbreviation
        keep = next(mark for mark in _STRENGTH if mark in compact)
        yield make_finding(
            DOUBLED, segment, match.start(), match.end(),
            evidence=f"{len(compact)} punctuation marks in a row: {run!r}",
            suggestion=keep, confidence=0.9,
        )


def find_stray_sentence_breaks(segment: Segment, lang: str | None) -> Iterator[Finding]:
    text = segment.target
    if _BREAK_NEEDS.search(text) is None:
        return
    indent = len(text) - len(text.lstrip())
    for match in _BREAK.finditer(text):
        word, following = match.group(1), match.group(2)
        before = text[max(0, match.end(1) - _LOOKBEHIND): match.end(1)]
        if _is_abbreviation(word, before, lang):
            continue
        if word.isdigit() and match.start(1) == indent:
            continue  # "1. the first item" numbering
        if any(c.isupper() for c in following[1:]):
            continue  # brand-like words: "eBay", "iPhone"
        if following in agency_credits() and not text[match.end(2):].strip(" .)"):
            continue  # "... in the final round. dpa"
        yield make_finding(
            STRAY_BREAK, segment, match.start(1), match.end(2),
            evidence=f"period between {word!r} and lower-case {following!r}",
            suggestion=f"{word} {following}", confidence=0.85,
        )


def find_space_before_punctuation(segment: Segment) -> Iterator[Finding]:
    if _SPACE_BEFORE_NEEDS.search(segment.target) is None:
        return
    for match in _SPACE_BEFORE.finditer(segment.target):
        mark = match.group(1)
        yield make_finding(
            SPACE_BEFORE, segment, match.start(), match.end(),
            evidence=f"white space before {mark!r}", suggestion=mark, confidence=0.8,
        )


@dataclass
class QuoteScan:
    """Quotation marks of one segment that found no partner inside it."""

    misdirected: list[int] = field(default_factory=list)
    unmatched_open: list[int] = field(default_factory=list)
    unmatched_close: list[int] = field(default_factory=list)


def _quote_role(text: str, i: int, german: bool, reversed_guillemets: bool) -> str:
    """'open', 'close' or 'misdirected' for the quotation mark at i, judged by the characters beside it."""
    char = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    opens_here = (before.isspace() or before in "([{—–-/") and after.isalnum()
    if char == '"':
        return "open" if (before.isspace() or before in "([{—–-/") and not after.isspace() else "close"
    if char in "«»":
        return "open" if (char == "»") == reversed_guillemets else "close"
    if char == "”":
        return "open" if opens_here else "close"  # Swedish style, or a typo for “
    if char == "“" and german:
        return "close"  # German quotes open with „ and close with “
    if char in OPEN_QUOTES:
        # an opening mark before a sentence mark or the end of the text points the wrong way;
        # before a space it does too, unless a closing mark follows later ("“ We need ...”")
        if after in _MARKS or i + 1 == len(text):
            return "misdirected"
        if after.isspace() and "”" not in text[i + 1:]:
            return "misdirected"
        return "open"
    return "close"


_QUOTE_MARK = re.compile("[" + re.escape(OPEN_QUOTES + CLOSE_QUOTES + '"') + "]")


def scan_quotes(text: str) -> QuoteScan:
    """Pair the quotation marks of one segment; report what is left over."""
    german = "„" in text
    first_left, first_right = text.find("«"), text.find("»")
    reversed_guillemets = first_right >= 0 and (first_left < 0 or first_right < first_left) and (
        first_right + 1 < len(text) and not text[first_right + 1].isspace()
    )
    scan = QuoteScan()
    opened: list[int] = []
    for mark in _QUOTE_MARK.finditer(text):
        i = mark.start()
        role = _quote_role(text, i, german, reversed_guillemets)
        if role == "open":
            opened.append(i)
            continue
        if role == "misdirected":
            scan.misdirected.append(i)
        if opened:
            opened.pop()
        elif role == "close":
            scan.unmatched_close.append(i)
    scan.unmatched_open = opened
    return scan


def _starts_with_quote(text: str) -> bool:
    return text.lstrip()[:1] in OPEN_QUOTES + '"'


def find_unbalanced_quotes(doc: Document) -> Iterator[Finding]:
    """Quotes left open or closed without opening, allowing quotations that run over a few segments.

    Sentence-per-line input splits quotations across lines, and a quotation over several paragraphs
    reopens at the start of each; so a mark left over in one segment may pair with one in the next
    QUOTE_REACH non-blank segments before it is reported.
    """
    pending: list[tuple[int, int]] = []  # (segment index, offset) of openers awaiting a closer
    previous = -1
    for index, segment in enumerate(doc.segments):
        text = segment.target
        if not text.strip():
            continue
        if not pending and _QUOTE_MARK.search(text) is None:
            previous = index  # nothing pending and no mark here: the scan below would change nothing else
            continue
        scan = scan_quotes(text)
        for i in scan.misdirected:
            yield make_finding(
                UNBALANCED_QUOTE, segment, i, i + 1,
                evidence="opening quotation mark used where the quotation ends", suggestion="”",
                confidence=0.85,
            )
        continues = pending and pending[-1][0] == previous and index - previous <= CONTEXT_SPAN
        if continues and _starts_with_quote(text):
            pending = [p for p in pending if p[0] != previous]  # the quotation continues here
        expired = [p for p in pending if index - p[0] > QUOTE_REACH]
        pending = [p for p in pending if index - p[0] <= QUOTE_REACH]
        yield from _never_closed(doc, expired)
        for i in scan.unmatched_close:
            if pending:
                pending.pop()
            else:
                yield make_finding(
                    UNBALANCED_QUOTE, segment, i, i + 1,
                    evidence="closing quotation mark with no opening one before it", confidence=0.6,
                )
        pending.extend((index, i) for i in scan.unmatched_open)
        previous = index
    yield from _never_closed(doc, pending)


def _never_closed(doc: Document, openers: list[tuple[int, int]]) -> Iterator[Finding]:
    for index, i in openers:
        yield make_finding(
            UNBALANCED_QUOTE, doc.segments[index], i, i + 1,
            evidence="quotation opened here is never closed", confidence=0.7,
        )


_BRACKET = re.compile(r"[()\[\]{}]")


def find_unbalanced_brackets(segment: Segment) -> Iterator[Finding]:
    text = segment.target
    brackets = [m.start() for m in _BRACKET.finditer(text)]  # the only characters the loop below reads
    if not brackets:
        return
    smileys = {i for m in _EMOTICON.finditer(text) for i in range(m.start(), m.end())}
    stack: list[int] = []
    for i in brackets:
        char = text[i]
        if i in smileys:
            continue
        if char in "([{":
            stack.append(i)
        elif char in BRACKETS:
            if stack and text[stack[-1]] == BRACKETS[char]:
                stack.pop()
                continue
            if char == ")" and re.fullmatch(r"\s*(?:\w{1,3})", text[:i]):
                continue  # list markers "a)" "12)"
            yield make_finding(
                UNBALANCED_BRACKET, segment, i, i + 1,
                evidence=f"{char!r} closes nothing", confidence=0.7,
            )
    for i in stack:
        yield make_finding(
            UNBALANCED_BRACKET, segment, i, i + 1,
            evidence=f"{text[i]!r} is never closed", confidence=0.7,
        )


# Each pattern with a cheaper one that every match of it contains a match of: a segment without one skips the
# pattern (these open with a look-behind or a word boundary, which the regex engine tries at every character).
_STRAY_PATTERNS: tuple[tuple[re.Pattern[str], str, re.Pattern[str]], ...] = (
    (re.compile(r"(?<=\w)[!?](?=[ \t][a-z])"), "sentence mark before a lower-case word", re.compile(r"[!?][ \t][a-z]")),
    (re.compile(r"(?<=[\w,.;:)\]])[\^~@|\\_]+(?=\s|$)|(?<=\s)[\^~|\\]+(?=\w)"), "symbol glued to a word",
     re.compile(r"[\^~@|\\_]")),
    # a mark after a whole "the", "an", "a", "my", "your", "its", "our" or "their" (or "The" ...): the
    # mark first, then the word before it, one look-behind per length (a pattern opening with the word was
    # tried at every character)
    (re.compile(r"(?P<m>[,;:])(?=\s)(?:(?<=\b[Aa].)|(?<=\b(?:[Aa]n|[Mm]y).)|(?<=\b(?:[Tt]he|[Ii]ts|[Oo]ur).)"
                r"|(?<=\b[Yy]our.)|(?<=\b[Tt]heir.))"), "punctuation right after an article",
     re.compile(r"[,;:](?<=[eAanyrs][,;:])(?=\s)")),  # the last letters of those articles
    (re.compile(r"(?<=\w)-(?=[ \t](?!(?:and|or|to|nor|und|oder|et|ou|y|o|e|&)\b)\w)"), "dangling hyphen",
     re.compile(r"-[ \t]")),
    (re.compile(r"(?<=[A-Za-rt-z0-9%,])'(?=[ \t])|\b(?:is|as|was|has|his|its|this|us|thus|does)(?P<m>')(?=[ \t])"),
     "apostrophe after a word that is neither plural nor quoted", re.compile(r"'[ \t]")),
)


@lru_cache(maxsize=None)
def words_before_no_mark(lang: str | None, roles: tuple[str, ...]) -> frozenset[str]:
    """Words after which a sentence cannot end (or a comma cannot stand) in `lang`."""
    rows = word_rows("function_words.tsv", "stray_mark")
    return frozenset(r["word"] for r in rows if r["lang"] == lang and r["role"] in roles)


_COMMA_ROLES = ("article", "auxiliary", "adverb")  # prepositions take asides: "of, for example,"
_PERIOD_ROLES = ("article", "conjunction")  # a sentence may end in a preposition ("made of.")


def find_marks_after_function_words(segment: Segment, lang: str | None, seen: set[int]) -> Iterator[Finding]:
    """A comma after "the", "of", "been" ..., or a period after those and "and", "or": a stray mark."""
    text = segment.target
    after_comma, after_period = words_before_no_mark(lang, _COMMA_ROLES), words_before_no_mark(lang, _PERIOD_ROLES)
    marks = _marks_after_listed_words(lang)
    if marks is None:
        return  # no word listed for the language
    # the marks, then the word just before each (the marks are few, the words many: a pattern opening with
    # the word would be tried at every word); only marks after a listed word, told case-blind by the
    # pattern's look-behinds, are read word by word
    for match in marks.finditer(text):
        at, mark = match.start(), match.group()
        word = text[_word_start(text, at):at]
        if not word or word.lower() not in (after_comma if mark == "," else after_period) or at in seen:
            continue
        seen.add(at)
        yield make_finding(STRAY_MARK, segment, at, at + 1, confidence=0.7,
                           evidence=f"{mark!r} right after {word!r}, which cannot end a clause")


_MARK_BEFORE_WORD = re.compile(r"[,.](?=[ \t]+\w)")


@lru_cache(maxsize=None)
def _marks_after_listed_words(lang: str | None) -> re.Pattern[str] | None:
    """The matches of _MARK_BEFORE_WORD that stand right after a whole word listed for the mark (comma or
    period), compared case-blind: every mark `find_marks_after_function_words` reports is one (a run whose
    `lower()` is a listed word matches it under IGNORECASE, which folds each character as `lower` does but
    for "İ", whose run is then no listed word), and most marks stand after other words. None when the
    language lists no word."""
    branches = [rf"{re.escape(mark)}(?=[ \t]+\w){_after_one_of(words_before_no_mark(lang, roles), mark)}"
                for mark, roles in ((",", _COMMA_ROLES), (".", _PERIOD_ROLES)) if words_before_no_mark(lang, roles)]
    return re.compile("|".join(branches), re.IGNORECASE) if branches else None


def _after_one_of(words: frozenset[str], mark: str) -> str:
    """Look-behinds that hold right after `mark` when one of `words`, as a whole run of word characters,
    stands before it (one per length: a look-behind has a fixed width)."""
    by_length: dict[int, list[str]] = {}
    for word in sorted(words):
        by_length.setdefault(len(word), []).append(re.escape(word))
    return "(?:" + "|".join(f"(?<=\\b(?:{'|'.join(alternatives)}){re.escape(mark)})"
                            for _, alternatives in sorted(by_length.items())) + ")"


def _word_start(text: str, end: int) -> int:
    """Where the run of word characters (`\\w`: alphanumerics and "_") that ends at `end` starts."""
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    return start


_FULLWIDTH = str.maketrans({"，": ",", "、": ",", "：": ":", "；": ";", "！": "!", "？": "?", "。": "."})


def _single_quote_opened(text: str, before: int) -> bool:
    return re.search(r"(?:^|[\s(\[])'\w", text[:before]) is not None


def find_stray_marks(segment: Segment, lang: str | None) -> Iterator[Finding]:
    text = segment.target
    seen: set[int] = set()
    for pattern, what, needed in _STRAY_PATTERNS:
        if needed.search(text) is None:
            continue
        for match in pattern.finditer(text):
            start, end = match.span("m") if "m" in pattern.groupindex and match.group("m") else match.span()
            if start in seen:
                continue
            if text[start:end] == "'" and _single_quote_opened(text, start):
                continue
            seen.add(start)
            yield make_finding(STRAY_MARK, segment, start, end, confidence=0.75, evidence=what)
    yield from find_marks_after_function_words(segment, lang, seen)
    if segment.source is None:
        return
    source = segment.source.translate(_FULLWIDTH)
    for mark in ";:":
        extra = text.count(mark) - source.count(mark)
        if extra <= 0:
            continue
        for match in re.finditer(re.escape(mark) + r"(?=[ \t]\w)", text):
            if match.start() not in seen and not text[max(0, match.start() - 1)].isdigit():
                seen.add(match.start())
                yield make_finding(STRAY_MARK, segment, match.start(), match.end(), confidence=0.6,
                                   evidence=f"the target has {extra} more {mark!r} than the source")


_SENTENCE_END = SENTENCE_MARKS + FULL_WIDTH_SENTENCE_MARKS
_CLOSERS = "\"'”’»)]」』"


def find_missing_final_punctuation(segment: Segment) -> Iterator[Finding]:
    source = (segment.source or "").rstrip().rstrip(_CLOSERS)
    target = segment.target.rstrip()
    if not source or not target or source[-1] not in _SENTENCE_END:
        return
    if target.rstrip(_CLOSERS)[-1:] in _SENTENCE_END or not target[-1].isalnum():
        return
    last = re.search(r"\w+$", target)
    if last is None:
        return
    mark = source[-1].translate(_FULLWIDTH)
    yield make_finding(MISSING_END, segment, last.start(), last.end(), confidence=0.7,
                       evidence=f"the source ends with {source[-1]!r}, the target with no sentence mark",
                       suggestion=last.group() + mark)


class PunctuationDetector(Detector):
    """Punctuation, spacing, quote and bracket artifacts."""
    cheap = True

    rules = (DOUBLED, STRAY_BREAK, SPACE_BEFORE, UNBALANCED_QUOTE, UNBALANCED_BRACKET, STRAY_MARK, MISSING_END)

    def detect(self, doc: Document) -> Iterator[Finding]:
        lang = doc.tgt_lang
        spaces_before = SPACE_BEFORE.languages.applies(doc.src_lang, lang)  # the document's pair: asked once
        # each check's own first test is asked here, before its generator is made: most segments pass most
        for segment in doc.segments:
            text = segment.target
            if not text.strip():
                continue
            if _RUN.search(text) is not None:
                yield from find_doubled_punctuation(segment, lang)
            if _BREAK_NEEDS.search(text) is not None:
                yield from find_stray_sentence_breaks(segment, lang)
            if spaces_before and _SPACE_BEFORE_NEEDS.search(text) is not None:
                yield from find_space_before_punctuation(segment)
            if _BRACKET.search(text) is not None:
                yield from find_unbalanced_brackets(segment)
            yield from find_stray_marks(segment, lang)
            if segment.source is not None:
                yield from find_missing_final_punctuation(segment)

    # A quote's fate is settled within QUOTE_REACH segments (and the next non-blank one, when it is within
    # CONTEXT_SPAN); twice that, plus one, leaves room for the openers a margin starts without.
    document_reach = 2 * QUOTE_REACH + 1 + CONTEXT_SPAN

    def detect_document(self, doc: Document, state: dict) -> Iterator[Finding]:
        yield from find_unbalanced_quotes(doc)  # quotations may run over several segments
