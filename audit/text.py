"""Words, sentences and missing cells as the package reads them: the one tokenizer module.

The word patterns differ on purpose: each detector was tuned with its own (whether an apostrophe or a
hyphen joins two words, whether digits count), so each variant has its own name here rather than one
pattern serving all. Functions named `*_spans` yield `re.Match` objects (text, start and end).
This module sits below everything else: it imports only the standard library.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate
from typing import Iterable, Iterator, Sequence

# Runs of letters or digits joined by inner apostrophes and hyphens: "don't", "well-known", "l'État".
WORD = re.compile(r"\w+(?:['’\-]\w+)*")
# Joined by inner hyphens only ("twenty-one", "Saint-Denis"): numbers and locale names.
HYPHENATED_WORD = re.compile(r"\w+(?:-\w+)*")
# Joined by inner apostrophes only ("aujourd'hui"): the language checks.
APOSTROPHED_WORD = re.compile(r"\w+(?:['’]\w+)*")
# Plain runs of word characters.
WORD_RUN = re.compile(r"\w+")
# Combining marks that belong to the letter before them but are not word characters to `re`: the
# Cyrillic ones and the Devanagari vowel signs, virama and nukta (without them "नहीं" falls apart into
# "नह"). The bilingual layer's patterns take them in. Not the Latin accents of decomposed text (U+0300–
# U+036F): some WMT22 German sources are decomposed, and keeping their words whole changed reports.
MARK = "\u0483-\u0489\u0900-\u0903\u093a-\u094f\u0951-\u0957\u0962\u0963"
_LETTER = rf"[^\W\d_]+(?:[{MARK}]+[^\W\d_]*)*"  # letters, marks between and after them
# Letters only (no digits, no underscore), joined by inner apostrophes and hyphens: negation markers.
LETTER_WORD = re.compile(rf"{_LETTER}(?:['’-]{_LETTER})*")
# Two letters in a row: a text with something to identify the language of.
_LETTER_PAIR = re.compile(r"[^\W\d_]{2,}")
# A number ("12 000", "1,5") or a word of letters joined by hyphens: the bilingual layer's tokens.
NUMBER_OR_LETTER_WORD = re.compile(rf"\d+(?:[.,]\d+|[\u00a0\u202f ]\d{{3}}(?!\d))*|{_LETTER}(?:-{_LETTER})*")
# WORD with the combining marks: the words of a dictionary's translations.
MARKED_WORD = re.compile(rf"\w[\w{MARK}]*(?:['’\-]\w[\w{MARK}]*)*")
# A number or word (inner apostrophes and hyphens) or a single punctuation mark: the reference alignment's tokens.
TOKEN = re.compile(r"\d+(?:[.,:]\d+)*(?:['’\-]\w+)*|\w+(?:['’\-]\w+)*|[^\w\s]")


def words(text: str) -> list[str]:
    """The words of `text` (WORD: inner apostrophes and hyphens join)."""
    return WORD.findall(text)


def marked_words(text: str) -> list[str]:
    """The words of `text` with their combining marks (MARKED_WORD: "नहीं" whole)."""
    return MARKED_WORD.findall(text)


def word_spans(text: str) -> Iterator[re.Match[str]]:
    """The words of `text` with their offsets (WORD)."""
    return WORD.finditer(text)


_FINDALL_CHARS = 10_000  # up to this length a text's words are listed at once (faster than one by one)


def count_words(text: str) -> int:
    """Words as a reader counts them: runs of letters or digits, with inner apostrophes and hyphens."""
    if len(text) <= _FINDALL_CHARS:
        return len(WORD.findall(text))
    return sum(1 for _ in WORD.finditer(text))  # not findall: a 50 MB line's words would take 700 MB


# A pre-filter may list a text's words all at once (faster than one match at a time) up to this length;
# beyond it (a segment over the engine's length cap) it must not: a 2 MB line's words are ~30 MB of strings.
WORD_LIST_MAX_CHARS = 20_000


def hyphenated_words(text: str) -> list[str]:
    """The words of `text`, only inner hyphens joining (HYPHENATED_WORD)."""
    return HYPHENATED_WORD.findall(text)


def hyphenated_word_spans(text: str) -> Iterator[re.Match[str]]:
    """`hyphenated_words` with their offsets."""
    return HYPHENATED_WORD.finditer(text)


def apostrophed_words(text: str) -> list[str]:
    """The words of `text`, only inner apostrophes joining (APOSTROPHED_WORD)."""
    return APOSTROPHED_WORD.findall(text)


def apostrophed_word_spans(text: str) -> Iterator[re.Match[str]]:
    """`apostrophed_words` with their offsets."""
    return APOSTROPHED_WORD.finditer(text)


def word_runs(text: str) -> list[str]:
    """The runs of word characters of `text`, nothing joining them (callers fold the text first if they
    need to: folding the text and folding each run can differ, "ǰ" folds to two characters)."""
    return WORD_RUN.findall(text)


# Several families pre-filter a segment by its lower-cased word runs. A chunk's segments (500 by default)
# are read by one family after another, so the runs of more than a chunk's segments are remembered; a
# segment longer than this many characters is not (its runs would hold the memory of many).
_REMEMBERED_RUNS = 1024
_REMEMBERED_CHARS = 2_000


def lowered_word_runs(text: str) -> tuple[str, ...]:
    """`word_runs(text.lower())`, remembered for the segments of a chunk: the lexicon, fluency and language
    families read the same segment's."""
    if len(text) > _REMEMBERED_CHARS:
        return tuple(WORD_RUN.findall(text.lower()))
    return _remembered_lowered_word_runs(text)


@lru_cache(maxsize=_REMEMBERED_RUNS)
def _remembered_lowered_word_runs(text: str) -> tuple[str, ...]:
    lowered = text.lower()
    if lowered.isascii():  # most segments: their runs are the words left when every other character is a space
        return tuple(lowered.encode("ascii").translate(_ASCII_NON_WORD_TO_SPACE).decode("ascii").split())
    return tuple(WORD_RUN.findall(lowered))


# Each ASCII byte that is no word character (`\w`: letters, digits, "_") as a space: twice as fast as the
# regex on an ASCII text, and `split` then cuts exactly at the runs' ends.
_ASCII_NON_WORD_TO_SPACE = bytes(b if chr(b).isalnum() or b == ord("_") else ord(" ") for b in range(256))


_JOINER = re.compile(r"['’\-](?<=\w.)(?=\w)")  # an apostrophe or hyphen between two word characters


def count_words_from_runs(text: str) -> int:
    """`count_words`, from the lower-cased word runs the families have listed for the segment: its words
    are its runs, less one for each apostrophe or hyphen that joins two of them (a text with an "İ", whose
    lower case splits a run, is counted as `count_words` counts it)."""
    if len(text) > _REMEMBERED_CHARS or "İ" in text:
        return count_words(text)
    if "'" not in text and "’" not in text and "-" not in text:  # what every _JOINER match is
        return len(lowered_word_runs(text))
    return len(lowered_word_runs(text)) - len(_JOINER.findall(text))


def word_run_keys(words: Iterable[str]) -> frozenset[str] | None:
    """Keys that tell from `lowered_word_runs(text)` whether `text` may hold one of `words` as a word of
    WORD, HYPHENATED_WORD, APOSTROPHED_WORD or WORD_RUN (each of whose words opens with a whole run of
    word characters): the first run of each word, lower-cased. A text holding one of the words has its
    key among its lowered runs (a character that is no word character lower-cases to none, so a run's
    neighbours stay outside it), unless that first run holds an "İ" (lower-cased to "i" and a combining
    dot, which is no word character): then None, and no such test. A word without a run has no key."""
    firsts = [runs[0] for runs in map(word_runs, words) if runs]
    if any("İ" in first for first in firsts):
        return None
    return frozenset(first.lower() for first in firsts)


def texts_holding(texts: Sequence[str], literals: Iterable[str]) -> set[int]:
    """The positions of the `texts` that hold one of `literals`, as `{k for k, t in enumerate(texts) if
    any(l in t for l in literals)}` says, found by searching all the texts joined at once for each literal
    (one C search per literal instead of one per literal and text; a family's pre-filter over a chunk)."""
    if not texts:
        return set()
    starts = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))  # each text, then a "\n"
    joined, last = "\n".join(texts), len(texts) - 1
    found: set[int] = set()
    for literal in literals:
        at = joined.find(literal)
        while at >= 0:
            k = bisect_right(starts, at) - 1
            if at + len(literal) <= starts[k] + len(texts[k]):  # not across the joint into the next text
                found.add(k)
                if k == last:
                    break
                at = joined.find(literal, starts[k + 1])
            else:
                at = joined.find(literal, at + 1)
    return found


def letter_word_spans(text: str) -> Iterator[re.Match[str]]:
    """Words of letters only, with their offsets (LETTER_WORD)."""
    return LETTER_WORD.finditer(text)


def has_letter_pair(text: str) -> bool:
    """Whether two letters stand side by side somewhere in `text`."""
    return _LETTER_PAIR.search(text) is not None


def number_or_letter_word_spans(text: str) -> Iterator[re.Match[str]]:
    """Numbers and words of letters, with their offsets (NUMBER_OR_LETTER_WORD)."""
    return NUMBER_OR_LETTER_WORD.finditer(text)


def token_spans(text: str) -> Iterator[re.Match[str]]:
    """Numbers, words and single punctuation marks, with their offsets (TOKEN)."""
    return TOKEN.finditer(text)


# --- sentences -----------------------------------------------------------------------------------------

SENTENCE_MARKS = ".!?…"
FULL_WIDTH_SENTENCE_MARKS = "。！？"
# A sentence mark with any closing quotes, then a space and an opening capital or digit: where a line of
# a reference document is split into sentences.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])[\"”»’)\]]*\s+(?=[\"“«‘(\[]?[A-ZÀ-ÖØ-Þ0-9])")
# Sentence marks with any closing quotes, then a space and an opening letter that is not lower case.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”»)]*\s+(?=[\"'“„«(]?[^\W\d_a-z])")
_CLAUSE_END = re.compile(r"[.?!…\n]")


def split_sentences(text: str) -> list[str]:
    """The sentences of a document: each non-blank line, split after sentence-final punctuation."""
    out = []
    for line in text.splitlines():
        out.extend(s.strip() for s in _SENTENCE_BREAK.split(line) if s.strip())
    return out


def sentence_starts(text: str) -> list[int]:
    """Where the sentences of a text start: after a sentence mark, a space and a capital letter."""
    return [0] + [m.end() for m in _SENTENCE_END.finditer(text)]


def clause_start(text: str, end: int) -> int:
    """Where the clause ending at `end` starts: after the last sentence mark or line break before it (0
    when there is none)."""
    start = 0
    for match in _CLAUSE_END.finditer(text, 0, end):
        start = match.end()
    return start


# --- missing cells -------------------------------------------------------------------------------------

def is_missing(value: object) -> bool:
    """Whether a cell of an object column is missing: None, or the float NaN pandas puts there."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def text_or_none(value: object) -> str | None:
    """A cell as text, or None when it is missing."""
    return None if is_missing(value) else str(value)


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """"1 finding", "2 findings", "0 findings": a count with its noun in the right number."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"


# Languages that write every noun with a capital: there a capitalised word is no sign of a name.
NOUNS_CAPITALISED = frozenset({"de"})


def capitalises_nouns(lang: str | None) -> bool:
    """Whether `lang` (a base code) capitalises every noun, so that capitals do not mark names."""
    return lang in NOUNS_CAPITALISED
