"""Fluency artifacts: repeated words and phrases, a pronoun left before a noun ("them Kazakhs"), and a word
dropped between two words that cannot stand side by side ("the of the country")."""

from __future__ import annotations

import heapq
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from operator import eq, methodcaller
from typing import Iterable, Iterator

from audit.corpora import word_classes, word_rows
from audit.detectors.base import Detector, make_finding
from audit.detectors.punctuation import abbreviations
from audit.findings import Finding
from audit.rules import Languages, Rule, base_code, spelled
from audit.segments import Document, Segment
from audit.text import WORD_LIST_MAX_CHARS, capitalises_nouns, lowered_word_runs

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
DROPPED_WORD = Rule(
    code="FL003",
    name="dropped-word",
    family="fluency",
    category="fluency/grammar",
    severity="major",
    what="Finds two words that cannot stand side by side, so that a word between them is missing: an article "
    "before a preposition, a conjunction, an auxiliary, a subject pronoun, a comma or the end of a sentence "
    "(\"the of the country\", \"across the.\", \"The, which\", \"le de la république\"), an article before a "
    "modal and \"be\" (\"the will be held\") or a verb (\"the began\", \"the decided to\"), a subject pronoun "
    "before an article, a possessive, \"that\" or \"to\" (\"they the ball\", \"She that\"), a conjunction or an "
    "opening phrase's comma before a finite verb (\"If are not used to\", \"According to the UN, is\"), a "
    "preposition or \"and\" ending a sentence where it cannot (\"the Main Parade of.\", \"boulders and.\", "
    "\"il a parlé de.\"), or a possessive 's after a function word (\"one of 's employees\"). Word classes "
    "per language in corpora/words/dropped_word.tsv.",
    why="MT drops words, most often a noun, a name or a verb, and keeps the words around them: the sentence "
    "reads as broken and the dropped word's meaning is lost.",
    example="The of the country signed the agreement after the.",
    instead="The president of the country signed the agreement after the vote.",
    languages=Languages(targets=("en", "fr")),
)

DOUBLED_CONJUNCT = Rule(
    code="FL004",
    name="doubled-conjunct",
    family="fluency",
    category="accuracy/mistranslation",
    severity="minor",
    what="Finds one word on both sides of a conjunction (\"decals or decals\", \"Lieferung und Lieferung\") where "
    "the source, given, does not itself repeat a word around one word; words a language doubles on purpose "
    "(\"more and more\", \"hours and hours\", comparatives, a past tense: \"waited and waited\"), function "
    "words, names (\"Johnson & Johnson\"), contrasts of kinds (\"there are experts and experts\") and a second "
    "word that goes on into a compound (\"milk and milk foam\") are left alone. Word lists in "
    "corpora/words/coordination.tsv.",
    why="Where the source pairs two near-synonyms (Bildung und Aufklärung, chocs et impacts, coarse and rude), MT "
    "often renders both with the same word: the distinction is lost and the phrase reads as a slip. Without "
    "the source a doubled word may be the source's own (\"Gigabit Ethernet or Ethernet\"), so the rule needs it.",
    example="Models look authentic thanks to the decals or decals. (source: durch die Decals bzw. Abziehbilder)",
    instead="Models look authentic thanks to the decals or transfers.",
    languages=Languages(targets=("en", "fr", "de", "es", "it", "pt")),
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


@dataclass(frozen=True)
class DroppedWordGrammar:
    """The word classes of one language (corpora/words/dropped_word.tsv) and the pattern built from them."""
    pattern: re.Pattern[str]  # matched where `openers` finds a word that may open a gap
    openers: re.Pattern[str]  # the first words of the pattern's branches, each ending a word (cheap to scan)
    letter_openers: re.Pattern[str] | None  # a space, then a letter article where it may open a gap
    strands: frozenset[str]  # words after which a `no_end` word may end a clause ("think of.")
    modifiers: frozenset[str]  # prepositions that may modify a noun after an article ("the in crowd")
    latin_after: frozenset[str]  # words after which the pair is a Latin phrase ("les a priori")
    pairing: frozenset[str]  # conjunctions pairing two determiners ("du ou de la salariée")
    plural_articles: frozenset[str]  # before a name particle and a capital: a family ("les de Broglie")
    name_particles: frozenset[str]
    determiners: frozenset[str]  # what may follow a modifier when a noun is missing before it ("the in the")
    weak_ends: frozenset[str]  # `no_end` words some clauses do end with: a minor finding ("what he died of?")
    homographs: frozenset[str]  # articles that are also another word ("an" Korean, German): see `_article_gap`
    object_pronouns: frozenset[str]  # articles that are also object pronouns (fr "le"): see `_article_gap`
    prepositions: frozenset[str]
    auxiliaries: frozenset[str]
    allowed: tuple[str, ...]  # phrases that open with a flagged pair and are grammatical ("a or", "le pour")
    before_question: frozenset[str]  # auxiliaries and modals: a subject pronoun after one is inverted
    function_words: frozenset[str]  # articles, prepositions, conjunctions: a possessive cannot follow one
    letter_articles: frozenset[str]  # articles that are also a letter or a variable (en "a"): see `_letter_is_article`
    letter_before: frozenset[str]  # words after which such an article is a letter ("if a is", "point a of")
    letter_next: frozenset[str]  # the prepositions such an article is flagged before ("a of", not "a by b")
    past_nouns: frozenset[str]  # words in -ed that an article may stand before as a noun ("the injured")
    question_subjects: frozenset[str]  # after a finite verb, an inverted question's subject ("was this …")
    clause_openers: frozenset[str]  # conjunctions, subordinators, relative words: a clause starts after them
    letter_label_next: frozenset[str]  # what a capital letter is followed by as a label ("A for Apple")
    end_needs_mark: frozenset[str]  # `no_end` words flagged only before a mark, not where a text stops


# the word ends here (not "the in-laws", "the and/or", "a to-do", nor a decomposed "dé": d, e, U+0301)
_NOT_IN_WORD = r"(?![\w'’/\u0300-\u036f-])"
_WORD_BEFORE = r"(?<![\w'’\"“‘./\u0300-\u036f-])"  # the word starts here, not quoted nor in an abbreviation
# a sentence ends: a mark before the end, a closing quote or a capitalised word (a mark before a lower-case
# word is PU006's stray mark), or the text ends
_SENTENCE_END = r"\s*(?:[.!?](?=\s*$|\s*[\"'”’»)\]]|\s+[A-ZÀ-ÖØ-Þ\d\"“‘«])|$)"
_CLOSERS = "\"'”’»)]」』》"
_SENTENCE_MARKS = (".", "!", "?", "…", "。", "！", "？", "｡", "।", "॥", "۔", "؟", "።", "။", "։")
_LOOK_BACK = 200  # characters read before a match to find the word before it or a sentence start
_OPENING_PHRASE = 150  # the longest opening phrase read before its comma ("According to the UN, is …")


def _alternation(words: Iterable[str]) -> str:
    return "|".join(sorted(map(re.escape, words), key=lambda w: (-len(w), w))) or r"(?!)"


def _capitals(words: set[str]) -> set[str]:
    return {w[:1].upper() + w[1:] for w in words}


def _with_capitals(words: set[str]) -> set[str]:
    return words | _capitals(words)


@lru_cache(maxsize=None)
def dropped_word_grammar(lang: str | None) -> DroppedWordGrammar | None:
    """The language's dropped-word pattern, or None when corpora/words/dropped_word.tsv has no classes for it."""
    classes = word_classes("dropped_word.tsv", lang)
    if not classes.get("article"):
        return None
    get = lambda name: classes.get(name, set())  # noqa: E731
    cannot_follow_article = (get("preposition") | get("conjunction") | get("auxiliary") | get("subject") | get("article")
                             | get("relative") | get("verb_form"))
    # a letter article ("a") only in lower case, after a space, before a `letter_next` preposition (never
    # before a sentence end: "solve for a.", "the function returns a.")
    before_letter_next = rf"(?=\s+(?:{_alternation(get('letter_next'))}){_NOT_IN_WORD})"
    letter_gap = rf"(?:{_alternation(get('letter_article'))}){before_letter_next}"
    articles = _alternation(_with_capitals(get("article")))
    if get("letter_article"):
        # lower case after a space; capitalised only where a sentence starts (`_letter_is_article` asks)
        articles += rf"|(?<= ){letter_gap}|(?:{_alternation(_capitals(get('letter_article')))}){before_letter_next}"
    # a verb in -ed (five letters or more, not "need", "speed") before what only a verb takes: "the decided to"
    past = (rf"[^\W\d_]{{2,}}[^\W\d_e]ed(?=\s+(?:{_alternation(get('after_past'))}|\d){_NOT_IN_WORD})"
            if get("after_past") else r"(?!)")
    # an opening phrase ends at its first comma, then a finite verb: "According to the UN, is …"
    opening_rest = rf"[^,.;:!?\n]{{0,{_OPENING_PHRASE}}},\s*(?P<after_opening>{_alternation(get('finite'))}){_NOT_IN_WORD}"
    pattern = re.compile(
        rf"{_WORD_BEFORE}(?P<article>{articles})(?:"
        rf"\s+(?P<next>{_alternation(cannot_follow_article)}){_NOT_IN_WORD}"
        rf"|\s+(?P<modal>(?:{_alternation(get('modal'))})\s+(?:{_alternation(get('after_modal'))})){_NOT_IN_WORD}"
        rf"|\s+(?P<past>{past})"
        rf"|(?P<end>{_SENTENCE_END})|\s*(?P<mark>[,;]))"
        rf"|{_WORD_BEFORE}(?P<no_end>{_alternation(get('no_end') | get('no_end_weak'))})(?={_SENTENCE_END})"
        rf"|{_WORD_BEFORE}(?P<subject>{_alternation(_with_capitals(get('subject_before_verb')))})"
        rf"\s+(?P<subject_next>{_alternation(get('after_subject'))}){_NOT_IN_WORD}"
        rf"|{_WORD_BEFORE}(?P<subordinator>{_alternation(_with_capitals(get('subordinator')))})"
        rf"\s+(?P<finite>{_alternation(get('finite'))}){_NOT_IN_WORD}"
        rf"|{_WORD_BEFORE}(?P<opening>{_alternation(_capitals(get('opening_phrase')))})(?={opening_rest})"
        rf"|(?:^|(?<=\s))(?P<possessive>{_alternation(get('possessive'))}){_NOT_IN_WORD}"
    )
    # a literal first lets the regex engine skip every position whose character opens no such word: a scan
    # for the opening words alone, then the pattern tried at each, costs a third to a fifth of the pattern's scan
    first_words = (_with_capitals(get("article")) | get("no_end") | get("no_end_weak")
                   | _with_capitals(get("subject_before_verb")) | _with_capitals(get("subordinator"))
                   | _capitals(get("letter_article")) | _capitals(get("opening_phrase")))
    openers = re.compile(rf"(?:{_alternation(first_words | get('possessive'))})\b")
    # the letter article ("a", the commonest word) has its own scan, a literal space first, so the pattern
    # is not tried at every "a"
    letters = re.compile(f" {letter_gap}") if get("letter_article") else None
    return DroppedWordGrammar(
        pattern, openers, letters, frozenset(get("strands")), frozenset(get("modifier")), frozenset(get("latin_after")),
        frozenset(get("pairing")), frozenset(get("plural_article")), frozenset(get("name_particle")),
        frozenset(get("determiner") | get("article")), frozenset(get("no_end_weak")),
        frozenset(get("homograph")), frozenset(get("object_pronoun")),
        frozenset(get("preposition")), frozenset(get("auxiliary")),
        tuple(sorted(get("allowed"))), frozenset(get("auxiliary") | get("modal")),
        frozenset(get("article") | get("preposition") | get("conjunction")),
        frozenset(get("letter_article")), frozenset(get("letter_before")), frozenset(get("letter_next")),
        frozenset(get("past_noun")), frozenset(get("question_subject")),
        frozenset(get("conjunction") | get("subordinator") | get("relative")), frozenset(get("letter_label_next")),
        frozenset(get("end_needs_mark")))


def _word_before(text: str, at: int) -> tuple[int, str]:
    """The word that ends before offset `at` (skipping spaces) and where it starts; (at, "") when none does."""
    window = max(0, at - _LOOK_BACK)
    before = text[window:at].rstrip()
    match = re.search(r"[\w'’-]+$", before)
    return (window + match.start(), match.group()) if match else (window + len(before), "")


def _sentence_starts_at(text: str, at: int, lang: str | None = None) -> bool:
    """Whether offset `at` opens a sentence: the text's start or a sentence mark before it (quotes aside),
    not the point of an abbreviation or an initial ("Mr. An", "J. An")."""
    window = max(0, at - _LOOK_BACK)
    before = text[window:at]
    if window == 0 and _OPENERS.fullmatch(before) is not None:
        return True
    mark = _AFTER_SENTENCE.search(before)
    if mark is None:
        return False
    word = re.search(r"(\w+)\.$", before[:mark.start() + 1])
    return word is None or (len(word.group(1)) > 1 and word.group(1) not in abbreviations(lang))


_OPENERS = re.compile(r"\s*[\"“‘(«]?\s*")
_AFTER_SENTENCE = re.compile(r"[.!?][\"'”’»)]?\s+[\"“‘(«]?\s*$")


def find_dropped_words(segment: Segment, grammar: DroppedWordGrammar, src_lang: str | None = None) -> Iterator[Finding]:
    text = segment.target
    last = len(text.rstrip())  # a finding ending here ends the text
    for match in _gap_matches(text, grammar):
        found = _dropped_word(text, match, grammar)
        if found is None or (found[1] >= last and segment.source is not None and _cut_off(segment.source, src_lang)):
            continue  # grammatical, or the target ends where the source is cut off too (asked only then)
        start, end, evidence, weak = found
        yield make_finding(DROPPED_WORD, segment, start, end, evidence=evidence, confidence=0.5 if weak else 0.75,
                           severity="minor" if weak else None)


def _cut_off(source: str, src_lang: str | None) -> bool:
    """Whether the source stops mid-sentence: no sentence mark at its end, and (where the source language's
    function words are listed) a function word last, as in "…für die Beauftragung der"; a headline or a
    title ends without a mark on a word of its own ("Präsident unterzeichnet Abkommen")."""
    stripped = source.rstrip().rstrip(_CLOSERS)
    if stripped.endswith(_SENTENCE_MARKS):
        return False
    closed = closed_words(src_lang)
    if not closed:
        return True
    last = re.search(r"[\w'’-]+$", stripped[-_LOOK_BACK:])
    return last is not None and last.group().casefold() in closed


@lru_cache(maxsize=None)
def closed_words(lang: str | None) -> frozenset[str]:
    """The closed-class words of a language (corpora/words/function_words.tsv), empty when none are listed."""
    return frozenset(r["word"].casefold() for r in word_rows("function_words.tsv", "closed") if r["lang"] == lang)


def _gap_matches(text: str, grammar: DroppedWordGrammar) -> Iterator[re.Match[str]]:
    """The pattern's matches, the same as `grammar.pattern.finditer(text)`: tried only where an opening word
    ends a word (the pattern's own look-behind then checks where it starts)."""
    after = 0  # the end of the last match: matches do not overlap
    letters = grammar.letter_openers.search(text) if grammar.letter_openers is not None else None
    if letters is None:  # most texts: the openers alone, no merge
        offsets: Iterable[int] = map(_START, grammar.openers.finditer(text))
    else:
        offsets = _opening_offsets(text, grammar, letters.start())
    for at in offsets:
        if at < after:
            continue
        match = grammar.pattern.match(text, at)
        if match is not None:
            after = max(match.end(), match.start() + 1)
            yield match


_START = methodcaller("start")


def _opening_offsets(text: str, grammar: DroppedWordGrammar, first_letter: int) -> Iterator[int]:
    """Where an opening word starts, in order: the openers' scan, and the letter articles' (after their
    space; the first of them found at `first_letter`)."""
    assert grammar.letter_openers is not None
    letters = [m.start() + 1 for m in grammar.letter_openers.finditer(text, first_letter)]
    return heapq.merge(map(_START, grammar.openers.finditer(text)), letters)


Gap = tuple[int, int, str, bool]  # start, end, evidence, weak (a minor finding)


def _dropped_word(text: str, match: re.Match[str], grammar: DroppedWordGrammar) -> Gap | None:
    """The span, evidence and weakness of one match of the dropped-word pattern, or None where it is grammatical."""
    if " ".join(text[match.start():match.start() + 60].lower().split()).startswith(grammar.allowed):
        return None  # a grammatical phrase: "le pour et le contre", "sous le par"
    if match.group("article") is not None:
        return _article_gap(text, match, grammar)
    if match.group("no_end") is not None:
        word = match.group("no_end")
        _, before = _word_before(text, match.start())
        if not before or before.lower() in grammar.strands:
            return None  # "what you can think of."
        if word in grammar.end_needs_mark and not text[match.end():].lstrip().startswith(_SENTENCE_MARKS):
            return None  # a line or a subtitle broken after "and": the sentence goes on in the next segment
        return (match.start(), match.end(), f"{word!r} after {before!r} ends the sentence: what it introduces is missing",
                word in grammar.weak_ends)
    if match.group("subject") is not None:
        return _subject_gap(text, match, grammar)
    if match.group("opening") is not None:
        return _opening_gap(text, match, grammar)
    if match.group("subordinator") is not None:
        subordinator, finite = match.group("subordinator"), match.group("finite")
        evidence = f"the conjunction {subordinator!r} stands right before {finite!r}: the subject of its clause is missing"
        return match.start(), match.end(), evidence, False
    return _ownerless_possessive(text, match, grammar)


def _opening_gap(text: str, match: re.Match[str], grammar: DroppedWordGrammar) -> Gap | None:
    """A sentence whose opening phrase ("According to the UN,", "Before the show begins,") is followed by a
    finite verb: the subject between them is missing. Not in a question ("If we swap tables now, will it
    fit?", "In 1990, was this the end."), nor where the word opens no sentence."""
    if not _sentence_starts_at(text, match.start()):
        return None
    start, end = match.span("after_opening")
    if _word_after(text, end) in grammar.question_subjects or _ends_a_question(text, end):
        return None
    verb, opening = match.group("after_opening"), text[match.start():start].rstrip(" ,")
    return start, end, f"after the opening phrase {opening!r} the verb {verb!r} has no subject: it is missing", False


_SENTENCE_MARK = re.compile(r"[.!?]")
_QUESTION_LOOK = 400  # characters read after a verb for the mark that ends its sentence


def _ends_a_question(text: str, at: int) -> bool:
    """Whether the sentence going on at offset `at` ends with a question mark; the point of an abbreviation,
    an initial or a number does not end it ("held in St. Petersburg … Tartus?")."""
    for mark in _SENTENCE_MARK.finditer(text, at, at + _QUESTION_LOOK):
        if mark.group() != ".":
            return mark.group() == "?"
        word = re.search(r"\w+$", text[max(0, mark.start() - _LOOK_BACK):mark.start()])
        if text[mark.end():mark.end() + 1].isalnum() or (word is not None and (
                len(word.group()) == 1 or word.group() in abbreviations(None))):
            continue  # "U.S.", "3.5", "J. Smith", "St. Petersburg"
        return False
    return False


def _subject_gap(text: str, match: re.Match[str], grammar: DroppedWordGrammar) -> Gap | None:
    """A subject pronoun right before a word that cannot open its verb phrase ("they the ball", "he his
    speech", "She that"), unless the pronoun is inverted or "I" is a numeral."""
    _, before = _word_before(text, match.start())
    if before.lower() in grammar.before_question or before.lower().endswith(("n't", "n’t")):
        return None  # an inverted question: "are they the ones?", "how was I to know"
    subject, after = match.group("subject"), match.group("subject_next")
    if subject == "I" and not _opens_clause(text, match.start(), grammar):
        return None  # a Roman numeral: "World War I the", "in phase I the patients"
    return match.start(), match.end(), f"the subject {subject!r} stands right before {after!r}: a verb is missing", False


def _ownerless_possessive(text: str, match: re.Match[str], grammar: DroppedWordGrammar) -> Gap | None:
    """A possessive after a function word or at the text's start: its owner, a name, is missing."""
    window = max(0, match.start() - _LOOK_BACK)
    before = text[window:match.start()].rstrip()
    if not before and window > 0:
        return None  # only spaces as far as we look: not sure there is no owner
    if before.endswith((".", ")", "]", "\"", "'", "”", "’", "»")):
        return None  # "the U.S. 's economy", "(Apple) 's profits": a tokenised possessive with its owner
    start, word = _word_before(text, match.start())
    if word and word.lower() not in grammar.function_words:
        return None  # "Trump 's": a tokenised possessive (PU003's space), not a dropped name
    owner = f" after {word!r}" if word else ""
    start = start if word else match.start()
    return start, match.end(), f"the possessive {match.group('possessive')!r} has no owner{owner}: a name is missing", False


def _article_gap(text: str, match: re.Match[str], grammar: DroppedWordGrammar) -> Gap | None:
    article, second = match.group("article"), match.group("next") or match.group("modal") or match.group("past")
    end = match.group("end") if match.group("mark") is None else match.group("mark")  # a comma ends its noun phrase too
    word = article.lower()
    if word in grammar.letter_articles and not _letter_is_article(text, match, second, grammar):
        return None  # a letter or a variable: "If a is positive", "point a of Article 5", "Plan A in"
    if word in grammar.homographs and (end is not None or (article[:1].isupper() and not _sentence_starts_at(text, match.start()))):
        return None  # another word: "Mr. An", "Er kommt morgen an."
    if word in grammar.object_pronouns and (end is not None or second in grammar.auxiliaries):
        _, before = _word_before(text, match.start())
        if before.lower() not in grammar.prepositions:
            return None  # a pronoun: "ils le sont", "qui les a qualifiés"
    if match.group("mark") is not None:
        return match.start(), match.end(), f"the article {article!r} stands right before {end!r}: its noun is missing", False
    if match.group("past") is not None and (not second.islower() or second in grammar.past_nouns
                                            or not _opens_clause(text, match.start())):
        return None  # a name ("the United"), a noun in -ed ("After the bloodshed the", "for the injured to", a list)
    if end is not None:
        return match.start(), match.end("article"), f"the article {article!r} ends the sentence: its noun is missing", False
    if second.lower() == word:
        return None  # "the the" is FL001's doubled word
    if second in grammar.modifiers and not _determiner_or_no_word_after(text, match.end(), grammar):
        return None  # the preposition modifies the noun after it: "the in crowd", "the for loop"
    after = _word_after(text, match.end())
    if after.lower() in grammar.latin_after:
        return None  # a Latin phrase as a noun: "les a priori"
    if second in grammar.pairing and after.lower() in grammar.determiners | grammar.prepositions:
        return None  # two determiners paired: "du ou de la salariée", "le ou les articles"
    if word in grammar.plural_articles and second in grammar.name_particles and after[:1].isupper():
        return None  # a family: "les de Broglie", "des de Gaulle"
    return match.start(), match.end(), f"the article {article!r} stands right before {second!r}: a noun is missing", False


def _opens_clause(text: str, at: int, grammar: DroppedWordGrammar | None = None) -> bool:
    """Whether offset `at` opens a clause: a sentence's start, a comma, a semicolon or a colon before it, or
    (given the grammar) a conjunction, a subordinator or a relative word."""
    before = text[max(0, at - _LOOK_BACK):at].rstrip()
    if not before or before.endswith((",", ";", ":")) or _sentence_starts_at(text, at):
        return True
    _, word = _word_before(text, at)
    return grammar is not None and word.lower() in grammar.clause_openers


def _letter_is_article(text: str, match: re.Match[str], second: str | None, grammar: DroppedWordGrammar) -> bool:
    """Whether a lower-case article that is also a letter ("a") reads as the article: before a preposition
    (`letter_next`; not a conjunction, an auxiliary, a pronoun or a sentence end: "a and b", "if a is", "a
    he or a she", "solve for a."), after a lower-case word that does not name a letter or take one
    ("held a with the minister", not "point a of", "multiply a by b", "the coefficient a in"); capitalised,
    where a sentence starts ("A of 174 workers tested positive", not "Plan A in")."""
    near = (max(0, match.start() - _LOOK_BACK), match.end() + _LOOK_BACK)  # bounded: a 50 MB line has many "a"
    if second is None or second not in grammar.letter_next or _OTHER_LETTER.search(text, *near):
        return False  # another lone letter nearby: variables or labels ("the element a of the group G")
    if not match.group("article").islower():  # "A of 174 workers tested positive", not "Plan A in", "A for Apple"
        return second not in grammar.letter_label_next and _sentence_starts_at(text, match.start())
    _, before = _word_before(text, match.start())
    return before.isalpha() and before.islower() and before not in grammar.letter_before


# a lone letter other than a, A and I, as a word: a variable or a label
_OTHER_LETTER = re.compile(r"(?<![\w'’.-])[b-zB-HJ-Z](?![\w'’-]|\.\w)")


_NEXT = re.compile(r"\s*([^\W\d_]+)")


def _word_after(text: str, at: int) -> str:
    """The run of letters after offset `at` (past spaces), "" when none follows."""
    after = _NEXT.match(text, at)
    return after.group(1) if after else ""


def _determiner_or_no_word_after(text: str, at: int, grammar: DroppedWordGrammar) -> bool:
    """Whether a determiner, or anything but a lower-case word, follows offset `at` ("the in the city",
    "the of Defense", "the with 3")."""
    after = _word_after(text, at)
    return not after.islower() or after in grammar.determiners


class FluencyDetector(Detector):
    """Repetitions, pronoun-plus-noun artifacts, dropped words and doubled conjuncts."""
    cheap = True

    rules = (REPEATED, PRONOUN_NOUN, DROPPED_WORD, DOUBLED_CONJUNCT)

    def detect(self, doc: Document) -> Iterator[Finding]:
        pronouns = PRONOUN_NOUN.languages.applies(doc.src_lang, doc.tgt_lang)
        grammar = dropped_word_grammar(base_code(doc.tgt_lang)) if DROPPED_WORD.languages.applies(doc.src_lang, doc.tgt_lang) else None
        src_lang = base_code(doc.src_lang)  # the document's: asked once
        coordination = coordination_words(base_code(doc.tgt_lang)) if DOUBLED_CONJUNCT.languages.applies(doc.src_lang, doc.tgt_lang) else None
        for segment in doc.segments:
            if not segment.target.strip():
                continue
            if may_repeat(segment.target):  # find_repeated_words' own first test, before its generator is made
                yield from find_repeated_words(segment, doc.tgt_lang)
            if pronouns and ("them" in segment.target or "Them" in segment.target):  # likewise
                yield from find_pronoun_before_noun(segment)
            if grammar is not None:
                yield from find_dropped_words(segment, grammar, src_lang)
            if coordination is not None and segment.source:
                yield from find_doubled_conjuncts(segment, coordination, src_lang)


@dataclass(frozen=True)
class Coordination:
    """A language's conjunctions and the words it may double around them (corpora/words/coordination.tsv)."""
    pattern: re.Pattern[str]  # a word, a conjunction, the same word, and the word after it if any
    conjunctions: frozenset[str]
    doubled: frozenset[str]
    endings: tuple[str, ...]
    contrasts: tuple[str, ...]  # what stands before "X and X" when it contrasts two kinds ("there are", "il y a")
    closed: frozenset[str]
    capitalised_nouns: bool  # every noun is capitalised (German): two capitals are no sign of a name


# a word of letters (decomposed accents inside it), with an inner apostrophe
_LETTERS = r"[^\W\d_](?:[^\W\d_]|[\u0300-\u036f])*(?:['’][^\W\d_](?:[^\W\d_]|[\u0300-\u036f])*)?"
_EDGE = r"\w'’\u0300-\u036f-"  # what may not touch a word of the pattern on either side
_BLANKS = r"[ \t]{1,3}"  # a few blanks between the words: bounded, so the optional tail cannot backtrack far


@lru_cache(maxsize=None)
def coordination_words(lang: str | None) -> Coordination | None:
    """The language's coordination words, or None when the file lists no conjunction for it."""
    classes = word_classes("coordination.tsv", lang)  # written in lower case
    if not classes.get("conjunction"):
        return None
    conjunctions = _alternation(classes["conjunction"])
    pattern = re.compile(
        rf"(?<![{_EDGE}])({_LETTERS}){_BLANKS}({conjunctions}){_BLANKS}(\1)(?![{_EDGE}])"
        rf"(?:[ \t]{{0,3}}(?:-[ \t]{{0,3}})?({_LETTERS}))?",
        re.IGNORECASE)
    return Coordination(pattern, frozenset(w.rstrip(".") for w in classes["conjunction"]),
                        frozenset(classes.get("doubled", ())), tuple(sorted(classes.get("ending", ()))),
                        tuple(sorted(classes.get("contrast", ()))), closed_words(lang), capitalises_nouns(lang))


def find_doubled_conjuncts(segment: Segment, coordination: Coordination, src_lang: str | None) -> Iterator[Finding]:
    """"X and X" in the target where X may not be doubled and the source repeats no word of its own on both
    sides of one word."""
    text = segment.target
    if not _may_double_conjunct(text, coordination):
        return
    source_repeats = None
    for match in coordination.pattern.finditer(text):
        if not _may_not_double(match, coordination, text):
            continue
        if source_repeats is None:
            source_repeats = source_repeats_nearby(segment.source or "", src_lang)
        if source_repeats:
            return  # the source doubles a word (a compound's part, a contrast): it may be rendered so
        yield make_finding(
            DOUBLED_CONJUNCT, segment, match.start(1), match.end(3),
            evidence=f"the same word on both sides of {match.group(2)!r} where the source repeats no word: two source "
            "words rendered by one",
            suggestion=f"{match.group(1)} {match.group(2)} (the source's second word)",
            confidence=0.8,
        )


def _may_double_conjunct(text: str, coordination: Coordination) -> bool:
    """False only when no word is followed by a conjunction and the same word (the words compared lower-cased,
    as the pattern's case-blind back-reference compares them except for a few special casings, which the
    pattern then decides)."""
    if len(text) > WORD_LIST_MAX_CHARS:
        return True
    if not text.isascii() and ("İ" in text or "Σ" in text or _COMBINING.search(text)):
        return True  # special casings; a decomposed accent splits a word into several runs
    conjunctions = coordination.conjunctions
    if "&" in conjunctions and "&" in text:
        return True  # "&" is no word run
    words = lowered_word_runs(text)
    if "'" in text or "’" in text:  # a word may hold an apostrophe ("l'eau et l'eau"): runs split it
        return not conjunctions.isdisjoint(words)
    return any(a == c and b in conjunctions for a, b, c in zip(words, words[1:], words[2:]))


_COMBINING = re.compile(r"[\u0300-\u036f]")


def _may_not_double(match: re.Match[str], coordination: Coordination, text: str) -> bool:
    """Whether the word doubled around a conjunction is suspect: not a function word, not a word the language
    doubles on purpose nor one with an ending it doubles (comparatives, a past tense repeated: "waited and
    waited"), not a name (both capitalised: "Johnson & Johnson"), not after a phrase that contrasts two kinds
    ("there are experts and experts"), and the second one not the start of a compound (a content word
    follows: "milk and milk foam")."""
    first, second, next_word = match.group(1), match.group(3), match.group(4)
    word = first.casefold()
    if len(word) < 3 or word in coordination.closed or word in coordination.doubled:
        return False
    if coordination.endings and word.endswith(coordination.endings):
        return False
    if first[:1].isupper() and second[:1].isupper() and (match.group(2) == "&" or not coordination.capitalised_nouns):
        return False
    if coordination.contrasts and _after_contrast(text, match.start(1), coordination.contrasts):
        return False
    return next_word is None or next_word.casefold() in coordination.closed


def _after_contrast(text: str, at: int, contrasts: tuple[str, ...]) -> bool:
    before = " ".join(text[max(0, at - 40):at].casefold().replace("’", "'").split())
    return before.endswith(contrasts)


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_SOURCE_WORD = re.compile(r"[^\W\d_]+")
SOURCE_REPEAT_WINDOW = 2  # words: a source pair "Kaffee-Milch und Milchschaum" has one word between
SOURCE_REPEAT_PREFIX = 6  # letters two source words share at their start to count as one word inflected
SOURCE_MAX_CHARS = WORD_LIST_MAX_CHARS  # a longer source is not read: the rule stays silent


def source_repeats_nearby(source: str, src_lang: str | None) -> bool:
    """Whether the source itself repeats a word with one word between: the same word, one starting the other
    (a compound's part: "Milch" and "Milchschaum", "Gigabit-Ethernet oder Ethernet"), or the same first
    letters (an inflection); in Chinese, Japanese or Korean text, the same two characters again right after or
    one character later ("很多很多"). A source too long to read counts as repeating (the rule stays silent)."""
    if len(source) > SOURCE_MAX_CHARS:
        return True
    closed = closed_words(src_lang)
    words = [(i, w) for i, w in enumerate(_SOURCE_WORD.findall(source.casefold())) if len(w) >= 4 and w not in closed]
    for n, (i, first) in enumerate(words):
        for m in range(n + 1, len(words)):
            j, second = words[m]
            if j - i > SOURCE_REPEAT_WINDOW:
                break
            if first[:SOURCE_REPEAT_PREFIX] == second[:SOURCE_REPEAT_PREFIX] or first.startswith(second) or second.startswith(first):
                return True
    return _cjk_repeats(source)


def _cjk_repeats(source: str) -> bool:
    chars = _CJK.findall(source)
    if len(chars) < 4:
        return False
    pairs = [a + b for a, b in zip(chars, chars[1:])]
    return any(pairs[i] in (pairs[i + 2:i + 4]) for i in range(len(pairs)))
