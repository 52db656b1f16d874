"""Fluency artifacts: repeated words and phrases, and a pronoun left before a noun ("them Kazakhs")."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import compress
from operator import eq
from typing import Iterator

from audit.corpora import word_rows
from audit.detectors.base import Detector, make_finding
from audit.findings import Finding
from audit.rules import Languages, Rule, spelled
from audit.segments import Document, Segment
from audit.text import WORD_LIST_MAX_CHARS, lowered_word_runs

MAX_REPEAT_WORDS = 4  # the longest phrase FL001 finds doubled

REPEATED = Rule(
    code="FL001",
    name="repeated-word",
    family="fluency",
    category="fluency/grammar",
    severity="minor",
    what=f"Finds a word or a phrase of up to {spelled(MAX_REPEAT_WORDS)} words written twice in a row (\"the the\", "
    "\"on Monday on Monday\"), except words a language legitimately doubles (\"had had\", \"nous nous\").",
    why="Decoders sometimes loop; a doubled word is the commonest visible trace.",
    example="The minister said on Monday on Monday that the the talks had failed.",
    instead="The minister said on Monday that the talks had failed.",
)
PRONOUN_NOUN = Rule(
    code="FL002",
    name="pronoun-before-noun",
    family="fluency",
    category="fluency/grammar",
    severity="minor",
    what="Finds the object pronoun \"them\" directly before a plural noun for people (\"urged them Kazakhs "
    "to\", \"them protesters\").",
    why="MT renders a source article (French \"les Kazakhs\", Spanish \"los manifestantes\") as both a pronoun "
    "and a noun; standard English uses one or the other.",
    example="urged them Kazakhs to stand up to foreign forces",
    instead="urged Kazakhs to stand up to foreign forces",
    languages=Languages(targets=("en",)),
)

_REPEAT = re.compile(r"(?<!\w)((?:\w+[ \t]+){0,%d}\w+)(?:[ \t]+\1)+(?!\w)" % (MAX_REPEAT_WORDS - 1), re.IGNORECASE)
# "them" + a capitalised plural (a demonym: Kazakhs, Russians) followed by a word that ends the noun phrase.
_THEM_DEMONYM = re.compile(r"\b([Tt]hem)\s+([A-Z][a-z]+(?:ians|ans|ese|s))(?=\s+(?:to|who|that|and|from|in)\b|\s*[,.;:!?]|$)")
_THEM = re.compile(r"\b([Tt]hem)\s+(\w+)\b(?!['’])")


@lru_cache(maxsize=None)
def legitimate_repeats(lang: str | None) -> frozenset[str]:
    rows = word_rows("repeats.tsv")
    return frozenset(r["word"].lower() for r in rows if r["lang"] in ("*", lang))


@lru_cache(maxsize=None)
def people_nouns(lang: str) -> frozenset[str]:
    rows = word_rows("people_nouns.tsv")
    return frozenset(r["word"].lower() for r in rows if r["lang"] == lang)


def may_repeat(text: str) -> bool:
    """False only when _REPEAT cannot match: no run of 1 to MAX_REPEAT_WORDS words is followed by the same
    words, compared lower-cased. The regex, with its back-reference, is the costly part of the family, and
    most segments repeat nothing. Its case-blind back-reference compares character by character, each
    lower-cased alone: str.lower does the same except for "İ" (two characters) and a final "Σ" (by context),
    so a text holding either is left to the regex, as is a text too long to list its words."""
    if len(text) > WORD_LIST_MAX_CHARS:
        return True
    if not text.isascii() and ("İ" in text or "Σ" in text):
        return True
    words = lowered_word_runs(text)  # without those two, the runs of the lower-cased text, each lower-cased
    for size in range(1, MAX_REPEAT_WORDS + 1):
        # positions where the word `size` further on is the same word: then compare the whole runs
        for i in compress(range(len(words)), map(eq, words, words[size:])):
            if words[i:i + size] == words[i + size:i + 2 * size]:
                return True
    return False


def find_repeated_words(segment: Segment, lang: str | None) -> Iterator[Finding]:
    if not may_repeat(segment.target):
        return
    allowed = legitimate_repeats(lang)
    for match in _REPEAT.finditer(segment.target):
        unit = match.group(1)
        if unit.lower() in allowed or unit.isdigit() or re.fullmatch(r"[\d\s]+", unit):
            continue
        if len(unit) == 1 and not unit.isalpha():
            continue
        times = len(match.group().split()) // len(unit.split())
        yield make_finding(
            REPEATED, segment, match.start(), match.end(),
            evidence=f"{unit!r} written {times} times in a row",
            suggestion=unit, confidence=0.9,
        )


def find_pronoun_before_noun(segment: Segment) -> Iterator[Finding]:
    if "them" not in segment.target and "Them" not in segment.target:
        return  # what both patterns open with
    nouns = people_nouns("en")
    spans: set[tuple[int, int]] = set()
    for match in _THEM_DEMONYM.finditer(segment.target):
        spans.add((match.start(1), match.end(2)))
    for match in _THEM.finditer(segment.target):
        if match.group(2).lower() in nouns:
            spans.add((match.start(1), match.end(2)))
    for start, end in sorted(spans):
        phrase = segment.target[start:end]
        noun = phrase.split()[-1]
        yield make_finding(
            PRONOUN_NOUN, segment, start, end,
            evidence=f"object pronoun 'them' directly before the plural noun {noun!r}",
            suggestion=noun, confidence=0.8,
        )


class FluencyDetector(Detector):
    """Repetitions and pronoun-plus-noun artifacts."""
    cheap = True

    rules = (REPEATED, PRONOUN_NOUN)

    def detect(self, doc: Document) -> Iterator[Finding]:
        pronouns = PRONOUN_NOUN.languages.applies(doc.src_lang, doc.tgt_lang)
        for segment in doc.segments:
            if not segment.target.strip():
                continue
            yield from find_repeated_words(segment, doc.tgt_lang)
            if pronouns:
                yield from find_pronoun_before_noun(segment)
