"""Untranslated and wrong-language text: whole segments, and runs of words inside a segment."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from itertools import filterfalse
from typing import Callable, Iterator

from audit.corpora import corpora_dir, read_tsv, word_rows
from audit.detectors.base import Detector, make_finding
from audit.findings import Finding
from audit.langid import get_identifier, identify
from audit.languages import language_name, with_article
from audit.rules import Languages, Rule
from audit.segments import Document, Segment
from audit.text import apostrophed_word_spans, apostrophed_words, lowered_word_runs, word_run_keys
from audit.vocabulary import at_least, frequency, has_vocabulary

KNOWN_TARGET = Languages(known_target=True)  # the family judges text against its target language

UNTRANSLATED_SEGMENT = Rule(
    code="LG001",
    name="untranslated-segment",
    family="language",
    category="accuracy/untranslated",
    severity="critical",
    what="Finds a segment left in the source language: equal or nearly equal to its source, or identified "
    "as the source language with high probability.",
    why="An untranslated segment is the costliest MT failure (MQM 'non-translation'): the reader gets "
    "nothing.",
    example="Le tribunal a rejeté l'appel de l'opposition mardi. (in an English feed)",
    instead="The court rejected the opposition's appeal on Tuesday.",
    languages=KNOWN_TARGET,
)
WRONG_LANGUAGE = Rule(
    code="LG002",
    name="wrong-language-segment",
    family="language",
    category="accuracy/untranslated",
    severity="major",
    what="Finds a segment written in a third language, neither the source nor the target.",
    why="Pivot-based and multilingual MT sometimes emits the wrong language altogether.",
    example="Il tribunale ha respinto il ricorso dell'opposizione martedì. (in a French→English feed)",
    instead="The court rejected the opposition's appeal on Tuesday.",
    languages=KNOWN_TARGET,
)
UNTRANSLATED_RUN = Rule(
    code="LG003",
    name="untranslated-words",
    family="language",
    category="accuracy/untranslated",
    severity="major",
    what="Finds words left in the source language inside a translated segment: letters in a script the "
    "target language does not use, source-language function words, and (with the source) words copied "
    "from the source that are words of the source language but not of the target.",
    why="Rare or ambiguous words are often passed through untranslated; a reader of the target cannot "
    "understand them.",
    example="I don't wissen if the goods are duty free. (German source: wissen)",
    instead="I don't know if the goods are duty free.",
    languages=KNOWN_TARGET,
)

MIN_WORDS_FOR_ID = 5
MIN_CHARS_FOR_ID = 25
UNTRANSLATED_PROBABILITY = 0.95
WRONG_LANGUAGE_PROBABILITY = 0.995
MIN_WORDS_FOR_WRONG_LANGUAGE = 8
NEAR_COPY_SIMILARITY = 0.9
MIN_SIMILARITY_FOR_ID = 0.3  # with the source given, a segment must share words with it to be a copy
COMMON_IN_SOURCE = 1000  # raw count in the source-language word list
RARE_IN_TARGET = 50  # the lists' floor: an attested target word counts as known ...
RARE_IN_ENGLISH = 100  # ... but the English list holds many foreign words at low counts

_WORD_GAP = re.compile(r"[ \t\u00a0]+")


@dataclass(frozen=True)
class Script:
    name: str
    pattern: re.Pattern[str]


def _ranges(spec: str) -> str:
    parts = []
    for item in spec.split():
        low, high = item.split("-")
        parts.append(f"\\u{low.lower():0>4}-\\u{high.lower():0>4}")
    return "".join(parts)


@lru_cache(maxsize=1)
def scripts() -> dict[str, Script]:
    rows = read_tsv(corpora_dir() / "language" / "scripts.tsv")
    return {r["script"]: Script(r["script"], re.compile(f"[{_ranges(r['ranges'])}]")) for r in rows}


@lru_cache(maxsize=None)
def _foreign_letters(tgt_lang: str) -> tuple[str, str] | None:
    """The letters of the scripts `tgt_lang` is not written in, as the insides of two character classes:
    (ideographic, alphabetic); None when the language is not listed."""
    rows = {r["lang"]: r["scripts"].split() for r in read_tsv(corpora_dir() / "language" / "language_scripts.tsv")}
    if tgt_lang not in rows:
        return None
    table = scripts()
    ideographic_names = ("han", "kana", "hangul")
    foreign = [name for name in table if name not in rows[tgt_lang]]
    ideographic = "".join(table[n].pattern.pattern[1:-1] for n in foreign if n in ideographic_names)
    alphabetic = "".join(table[n].pattern.pattern[1:-1] for n in foreign if n not in ideographic_names)
    return ideographic, alphabetic


@lru_cache(maxsize=None)
def foreign_script_pattern(tgt_lang: str) -> re.Pattern[str] | None:
    """Runs of letters in scripts that `tgt_lang` is not written in (None: language not listed)."""
    letters = _foreign_letters(tgt_lang)
    if letters is None:
        return None
    ideographic, alphabetic = letters
    # Han, kana and Hangul count from one character; alphabets from two letters, so "α-helix" passes.
    alternatives = []
    if ideographic:
        alternatives.append(f"[{ideographic}]+(?:[\\s·・]*[{ideographic}]+)*")
    if alphabetic:
        alternatives.append(f"[{alphabetic}]{{2,}}(?:\\s+[{alphabetic}]{{2,}})*")
    return re.compile("|".join(alternatives)) if alternatives else None


_ASCII = "".join(map(chr, range(128)))


@lru_cache(maxsize=None)
def _ascii_cannot_match(tgt_lang: str) -> bool:
    """Whether no ASCII character is one of the letters `foreign_script_pattern(tgt_lang)` finds (each of
    its matches opens with one): then an ASCII segment needs no search."""
    letters = "".join(_foreign_letters(tgt_lang) or ())
    return not letters or re.search(f"[{letters}]", _ASCII) is None


@lru_cache(maxsize=None)
def function_words(lang: str) -> frozenset[str]:
    rows = word_rows("function_words.tsv", "telltale")
    return frozenset(r["word"] for r in rows if r["lang"] == lang)



@lru_cache(maxsize=64)
def _words_of(text: str) -> tuple[str, ...]:
    """`apostrophed_words`, remembered: several checks split the same target and probe of a segment."""
    return tuple(apostrophed_words(text))


def _long_enough_to_identify(probe: str) -> bool:
    """Whether a language probe (`_language_probe`: no space around it) has enough to identify."""
    return _probe_word_count(probe) >= MIN_WORDS_FOR_ID and len(probe) >= MIN_CHARS_FOR_ID


MIN_WORDS_FOR_COPY = 5  # shorter copies are mostly names, titles and addresses, which stay as they are


def _has_common_words(text: str) -> bool:
    """Five words or more and one of them in lower case: not just a name, a title or a list of numbers."""
    tokens = [t for t in _words_of(text) if not t.isdigit()]
    return len(tokens) >= MIN_WORDS_FOR_COPY and any(t[0].islower() for t in tokens)


def _stripped_span(text: str) -> tuple[int, int]:
    start = len(text) - len(text.lstrip())
    return start, len(text.rstrip())


def _source_already_in_target_language(source: str, doc: Document) -> bool:
    if not (doc.src_lang and doc.tgt_lang) or doc.src_lang == doc.tgt_lang:
        return False
    lang, probability = identify(source, (doc.src_lang, doc.tgt_lang), backend=doc.langid)
    return lang == doc.tgt_lang and probability >= 0.9


_DIGIT = re.compile(r"\d")


_ADDRESS = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")
_DIGITLESS_WORD = re.compile(r"(?<!\S)[^\s\d]+(?!\S)")  # a space-separated word without a digit


@lru_cache(maxsize=16)  # each side is asked for twice per segment
def _letter_words(text: str) -> tuple[str, ...]:
    """Lower-cased words of letters, without addresses and numbers: what a translation must change."""
    if "@" in text or "://" in text or "www." in text:  # what _ADDRESS needs: most segments have none
        text = _ADDRESS.sub(" ", text)
    folded = unicodedata.normalize("NFKC", text).casefold()
    words = apostrophed_words(folded)
    if not _DIGIT.search(folded):
        return tuple(words)  # no word holds a digit: each is one of _DIGITLESS_WORD's (most segments)
    return tuple(_DIGITLESS_WORD.findall(" ".join(words)))


def _word_similarity(target: str, source: str) -> float:
    """2 × (words in common, in order) / (words in both): rapidfuzz's Indel similarity over word lists."""
    from rapidfuzz.distance import Indel

    return Indel.normalized_similarity(_letter_words(target), _letter_words(source))


def _without_titles(text: str) -> tuple[list[str], list[str]]:
    """The words language ID should judge, split after the first word (which may contain tabs and other
    spaces that are not ' '): quoted titles removed, and capitalised names after the first word."""
    for start, end in reversed(_quoted_titles(text)):
        text = text[:start] + text[end:]
    first, _, rest = text.strip().partition(" ")
    return first.split(), rest.split()


def _probe_words(text: str) -> tuple[str, ...]:
    """The segment's ordinary words (no titles, names, numbers, codes or addresses): letters, perhaps with
    one mark or digit after them. Remembered for the segments just read (the look before a segment's checks
    reads them, then the checks), but not for a long one (its words would hold the memory of many)."""
    if len(text) > REMEMBERED_CHARS:
        return _listed_probe_words(text)
    return _remembered_probe_words(text)


REMEMBERED_CHARS = 2_000


@lru_cache(maxsize=64)
def _remembered_probe_words(text: str) -> tuple[str, ...]:
    return _listed_probe_words(text)


def _listed_probe_words(text: str) -> tuple[str, ...]:
    first, rest = _without_titles(text)
    return (*[w for w in first if _is_ordinary(w)], *filter(_ORDINARY_AFTER_FIRST.__getitem__, rest))


def _is_ordinary(word: str) -> bool:
    """Letters, perhaps with one character after them."""
    return word.isalpha() or word[:-1].isalpha()


class _Remembered(dict):
    """A bounded memory of a one-argument test: `memory[word]` asks `test(word)` only the first time, so a
    segment's words are mapped through it in C (`filter`, `map`) without a Python frame per known word."""

    def __init__(self, test: Callable[[str], bool]) -> None:
        super().__init__()
        self.test = test

    def __missing__(self, word: str) -> bool:
        if len(self) >= WORDS_REMEMBERED:
            self.clear()
        answer = self[word] = self.test(word)
        return answer


WORDS_REMEMBERED = 1 << 16
# a word after the first: ordinary unless capitalised (a name)
_ORDINARY_AFTER_FIRST = _Remembered(lambda w: not w[:1].isupper() and _is_ordinary(w))


@lru_cache(maxsize=64)
def _language_probe(text: str) -> str:
    """What language ID judges: the ordinary words. Both language questions about a segment ask about this
    one string, so it is identified once."""
    return " ".join(_probe_words(text))


def _probe_word_count(probe: str) -> int:
    """`len(_words_of(probe))` without the regex: each word of a probe (letters, perhaps one character
    after them) is one word to APOSTROPHED_WORD, and a probe holds no other space than ' ' between them."""
    return probe.count(" ") + 1 if probe else 0


PLAIN_SHARE = 0.9  # of a probe's words common in the target language ...
PLAIN_COUNT = 1000  # ... with at least this raw count in its word list


@lru_cache(maxsize=64)  # both language questions about a segment ask it
def _plainly_in_target_language(text: str, tgt: str | None) -> bool:
    """Whether nearly every ordinary word of the segment is a common word of the target language: then
    language ID cannot name another language with confidence, and is not asked (it is the costly part).
    A German sentence read against the English list scores about half ("die", "hat", "am" are English
    words too); an English one, 0.9 to 1."""
    return _plain_words(_probe_words(text), tgt)


def _plain_words(words: tuple[str, ...], tgt: str | None) -> bool:
    """`_plainly_in_target_language` of a segment whose probe words are `words`."""
    if not has_vocabulary(tgt):
        return False
    common = sum(map(_common_words(tgt).__getitem__, words))
    return bool(words) and common >= PLAIN_SHARE * len(words)


def _bare(word: str) -> str:
    """An ordinary word (`_probe_words`) without the mark after it."""
    return word if word.isalpha() else word[:-1]


@lru_cache(maxsize=None)
def _common_words(tgt: str) -> _Remembered:
    """Whether an ordinary word (`_probe_words`), without the mark after it, has at least PLAIN_COUNT in
    `tgt`'s list, remembered: mapped over a probe's words without a Python frame per word (the probes hold
    ~30 words). Each new word is told from the list's common words, read once (`at_least`), not queried."""
    return _Remembered(lambda word: at_least(_bare(word), tgt, PLAIN_COUNT))


def find_untranslated_segment(segment: Segment, doc: Document) -> Iterator[Finding]:
    text = segment.target
    start, end = _stripped_span(text)
    similarity = None
    compared = segment.source is not None and _has_common_words(text)
    # the source line may already be in the target language (then a copy is right); asked only when a
    # finding is at stake, as language ID is the costly part
    if compared:
        target_words, source_words = _letter_words(text), _letter_words(segment.source)
        if target_words and target_words == source_words:
            if not _source_already_in_target_language(segment.source, doc):
                yield make_finding(UNTRANSLATED_SEGMENT, segment, start, end, confidence=0.95,
                                   evidence="target is identical to the source")
            return
        similarity = _word_similarity(text, segment.source)
        if similarity >= NEAR_COPY_SIMILARITY:
            if not _source_already_in_target_language(segment.source, doc):
                yield make_finding(UNTRANSLATED_SEGMENT, segment, start, end, confidence=0.85,
                                   evidence=f"target is a near copy of the source (word similarity {similarity:.2f})")
            return
    if similarity is not None and similarity < MIN_SIMILARITY_FOR_ID:
        return  # a translation that shares few words with its source is not a copy, whatever it sounds like
    probe = _language_probe(text)
    if doc.src_lang and doc.tgt_lang and doc.src_lang != doc.tgt_lang and _long_enough_to_identify(probe):
        if compared and _source_already_in_target_language(segment.source, doc):
            return
        if _plainly_in_target_language(text, doc.tgt_lang):
            return
        lang, probability = identify(probe, (doc.src_lang, doc.tgt_lang), backend=doc.langid)
        if lang == doc.src_lang and probability >= UNTRANSLATED_PROBABILITY:
            yield make_finding(UNTRANSLATED_SEGMENT, segment, start, end, confidence=round(probability, 3),
                               evidence=f"identified as {language_name(lang)} (the source language), p={probability:.3f}")


def find_wrong_language(segment: Segment, doc: Document) -> Iterator[Finding]:
    text = segment.target
    probe = _language_probe(text)
    if _probe_word_count(probe) < MIN_WORDS_FOR_WRONG_LANGUAGE or not doc.tgt_lang:
        return  # judged on ordinary words: names, codes, numbers and addresses say nothing of the language
    if _plainly_in_target_language(text, doc.tgt_lang):
        return
    lang, probability = identify(probe, backend=doc.langid)
    if lang is None or lang in (doc.tgt_lang, doc.src_lang) or probability < WRONG_LANGUAGE_PROBABILITY:
        return
    # Confirm against the target alone, so that a close neighbour of the target does not fire on noise.
    duel, duel_probability = identify(probe, (lang, doc.tgt_lang), backend=doc.langid)
    if duel == lang and duel_probability >= WRONG_LANGUAGE_PROBABILITY:
        start, end = _stripped_span(text)
        yield make_finding(WRONG_LANGUAGE, segment, start, end, confidence=0.8,
                           evidence=f"identified as {language_name(lang)}, p={probability:.3f}; expected {language_name(doc.tgt_lang)}")


_WEAK = "(weak: could be a name or a loanword)"  # marks evidence that makes a finding minor
_QUOTED = re.compile(r"“[^”]*”|„[^“”]*[“”]|«[^»]*»|\"[^\"]*\"")


def _quoted_titles(text: str) -> list[tuple[int, int]]:
    """Short quoted stretches that start with a capital: titles, often left in the original on purpose."""
    if '"' not in text and "“" not in text and "„" not in text and "«" not in text:
        return []  # what every match of _QUOTED opens with: most segments quote nothing
    spans = []
    for match in _QUOTED.finditer(text):
        inner = match.group()[1:-1].strip()
        if (inner[:1].isupper() or inner[:1].isdigit()) and len(inner.split()) <= 6:
            spans.append(match.span())
    return spans


_GERMAN_DETERMINERS = frozenset(
    "der die das den dem des ein eine einen einem einer eines kein keine keinen keinem keiner im am vom "
    "beim zum zur ins ans aufs unser unsere seine seiner ihre ihrer dieser diese dieses diesem".split()
)


def _stem_in(word: str, source_words: set[str]) -> bool:
    """The word, or an inflection of it, is in the source: a shared start of 4+ letters and most of the word."""
    folded = word.casefold()
    if folded in source_words:
        return True
    size = max(4, (len(folded) * 3 + 4) // 5)
    return len(folded) >= 5 and any(len(w) >= size and w[:size] == folded[:size] for w in source_words)


_LOOK_BACK = 400  # characters read back for the words before: a window, not the whole prefix of a long segment


def _inside_copied_name(text: str, start: int, source_words: set[str]) -> bool:
    """Whether the words just before `start` are copied from the source, through at least one lower-case
    word ("de la"), back to a capitalised one that does not open the sentence: then the word continues a
    name kept in the source language ("Pays de la vallée")."""
    window = max(0, start - _LOOK_BACK)
    before = apostrophed_words(text[window:start])
    if window:
        before[:1] = [""]  # the first word may be cut: a placeholder that matches no source word
    lower_between = 0
    for index in range(len(before) - 1, max(len(before) - 5, -1), -1):
        token = before[index]
        if token.casefold() not in source_words:
            return False
        if token[0].isupper():
            return index > 0 and lower_between > 0
        lower_between += 1
    return False


def _after_copied_capitalised(text: str, start: int, end: int, source: str) -> bool:
    """Whether the word just before `start` is capitalised (and does not open the sentence) and stands
    right before this word in the source too ("La France insoumise", "Front national": Romance names put a
    lower-case adjective after their noun; but so does "un Macron affaibli")."""
    window = max(0, start - _LOOK_BACK)
    spans = list(apostrophed_word_spans(text[window:start]))
    if not spans or not spans[-1].group()[0].isupper() or not _first_letter_of_word_before(text, window + spans[-1].start()):
        return False
    return (spans[-1].group().casefold(), text[start:end].casefold()) in _word_pairs(source)


@lru_cache(maxsize=8)
def _word_pairs(text: str) -> frozenset[tuple[str, str]]:
    """Each two words side by side in `text`, case-folded (once per segment's source)."""
    words = [w.casefold() for w in apostrophed_words(text)]
    return frozenset(zip(words, words[1:]))




def _plain_capitalised(word: str) -> bool:
    """"Boden", not "USA", "LokSound" or "NiMh" (acronyms and brands)."""
    return word[0].isupper() and word[1:].islower()


def _next_is_capitalised(text: str, end: int) -> bool:
    following = re.match(r"[ \t]+(\w)", text[end:])
    return bool(following and following.group(1).isupper())


def _german_noun_in_source(word: str, source: str) -> bool:
    """A capitalised word the German source uses after an article: a common noun, not a name."""
    tokens = apostrophed_words(source)
    return any(t == word and i > 0 and tokens[i - 1].lower() in _GERMAN_DETERMINERS for i, t in enumerate(tokens))


_NEXT_WORD = re.compile(r"\W*(\w+)")


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"  # what \w matches


def _first_letter_of_word_before(text: str, start: int) -> str:
    """The first character of the word before `start` ('' if none), scanned backwards: a regex anchored at
    the end of `text[:start]` made each call read the whole prefix, quadratic over a long segment."""
    i = start
    while i > 0 and not _is_word_char(text[i - 1]):
        i -= 1
    j = i
    while j > 0 and _is_word_char(text[j - 1]):
        j -= 1
    return text[j] if j < i else ""


def _between_capitals(text: str, start: int, end: int) -> bool:
    """'und' in 'Wissenschaft und Politik': a function word inside a name."""
    after = _NEXT_WORD.match(text, end)
    return bool(after and after.group(1)[0].isupper() and _first_letter_of_word_before(text, start).isupper())


SHARED_WORD_RATIO = 2  # a copied word the target's list counts at least half as often as the source's is shared


def _known_threshold(tgt: str | None) -> int:
    return RARE_IN_ENGLISH if tgt == "en" else RARE_IN_TARGET


def _looks_like_source_word(word: str, src: str | None, tgt: str | None) -> tuple[bool, str]:
    """Whether a lower-case word copied from the source is a word of the source language."""
    count = frequency(word, src)
    if count is None:  # no word list for the source language: trust length and letters
        return (len(word) >= 6 or not word.isascii()), "not a known target word"
    if count <= 50 and word.isascii():
        count = max(count, _lemma_count(word, src, tgt))  # "pintades": lists count an inflected form rarely
    if (frequency(word, tgt) or 0) * SHARED_WORD_RATIO > count:
        return False, "a word of both languages"  # attested in the target too, about as often: a loan
    # 50 is the floor of the lists' counts: barely attested, so ASCII words there are often brands or jargon
    return (count > 50 or (count >= 50 and not word.isascii())), f"{with_article(language_name(src))} word"


def _lemma_count(word: str, src: str, tgt: str | None) -> int:
    """The source list's count of the word's lemma (simplemma), when that differs from the word and is no
    known target word (whiskys: whisky), else 0: an inflected form is often rarer in the lists than its lemma."""
    from audit.bilingual.words import lemma  # here: simplemma loads only for a copied word

    base = lemma(word, src)
    if base == word or _ordinary_target_word(base, tgt):
        return 0
    return frequency(base, src) or 0


@lru_cache(maxsize=1 << 16)
def _ordinary_target_word(word: str, tgt: str | None) -> bool:
    """Short, holding a digit, or a known word of the target language: never an untranslated word."""
    if len(word) < 3 or _DIGIT.search(word):
        return True
    count = frequency(word, tgt)
    return count is not None and count >= _known_threshold(tgt)


def _holds_no_suspect_function_word(text: str, src: str | None, tgt: str | None) -> bool:
    """Whether `text` surely holds none of `src`'s listed function words that are not ordinary `tgt` words
    (told from the lower-cased word runs other families list too, without listing its words here)."""
    keys = _suspect_function_word_keys(src, tgt)
    return keys is not None and keys.isdisjoint(lowered_word_runs(text))


@lru_cache(maxsize=None)
def _ordinary_words(tgt: str | None) -> _Remembered:
    """`_ordinary_target_word` for `tgt` as a bounded memory read without a Python frame per known word:
    with the source every word of a segment is asked (~25 a segment, most of them known)."""
    return _Remembered(lambda word: _ordinary_target_word(word, tgt))


@lru_cache(maxsize=None)
def _suspect_function_word_keys(src: str | None, tgt: str | None) -> frozenset[str] | None:
    listed = function_words(src) if src else frozenset()
    return word_run_keys(w for w in listed if not _ordinary_target_word(w, tgt))


def _joined_by_a_point(text: str, end: int) -> bool:
    """A point right after the word that joins it to more (example.com, file.txt, z.B.), not a full stop."""
    return text[end:end + 1] == "." and text[end + 1:end + 2].isalnum()


def _untranslated_word_spans(segment: Segment, doc: Document) -> list[tuple[int, int, str]]:
    """(start, end, evidence) for single words left in the source language."""
    spans: list[tuple[int, int, str]] = []
    src, tgt, text = doc.src_lang, doc.tgt_lang, segment.target
    listed = function_words(src) if src else frozenset()
    if segment.source:
        words = set(_words_of(text))
    elif _holds_no_suspect_function_word(text, src, tgt):
        return spans  # most segments: their words need not be listed
    else:
        words = set(_words_of(text)) & listed  # without the source text only listed function words are trusted
    # words that are short, hold a digit or are known in the target are never spans, wherever they stand
    suspects = set(filterfalse(_ordinary_words(tgt).__getitem__, words))
    if not suspects:
        return spans
    source_words = {w.casefold() for w in apostrophed_words(segment.source)} if segment.source else None
    if source_words is not None and not (suspects := _found_in_source(suspects, source_words)):
        return spans
    quoted = _quoted_titles(text)
    for match in apostrophed_word_spans(text):
        word = match.group()
        if word not in suspects:
            continue
        if any(s <= match.start() < e for s, e in quoted):
            continue
        before = text[match.start() - 1] if match.start() else " "
        after = text[match.end()] if match.end() < len(text) else " "
        if before in "./@#_-" or after in "@/_-®™" or _joined_by_a_point(text, match.end()):
            continue  # URLs, e-mail addresses, handles, file names, abbreviations, brands
        if source_words is not None and not _stem_in(word, source_words):
            continue
        if _between_capitals(text, match.start(), match.end()):
            continue  # part of a name: "Wissenschaft und Politik", "Edermanning bei Reut"
        if source_words is not None and _inside_copied_name(text, match.start(), source_words):
            continue  # "Pays de la vallée de l'Agly", "Place des martyrs": a name kept in the source language
        if word in listed:
            spans.append((match.start(), match.end(), f"{word!r} is {with_article(language_name(src))} function word"))
            continue
        if source_words is None:
            continue  # without the source text only listed function words are trusted
        if src == "de" and _plain_capitalised(word) and not _next_is_capitalised(text, match.end()) \
                and (frequency(word, src) or 0) >= 50 and _german_noun_in_source(word, segment.source):
            spans.append((match.start(), match.end(), f"{word!r} is a German noun of the source, left as is {_WEAK}"))
            continue
        if not word[0].islower() or word != word.lower():
            continue  # capitalised words copied from the source are usually names
        is_source_word, what = _looks_like_source_word(word, src, tgt)
        if is_source_word:
            # English words are borrowed everywhere ("burger", "deadline"), and a word after a copied capitalised
            # one may continue a name ("La France insoumise"): weaker signals
            weak = f" {_WEAK}" if src == "en" or _after_copied_capitalised(text, match.start(), match.end(), segment.source) else ""
            spans.append((match.start(), match.end(), f"{word!r} comes from the source; {what}, not {with_article(language_name(tgt))} one{weak}"))
    return spans


def _found_in_source(suspects: set[str], source_words: set[str]) -> set[str]:
    """The suspects whose stem is in the source (`_stem_in`): with the source, no other word is reported,
    so a segment without one is not scanned word by word."""
    return {w for w in suspects if _stem_in(w, source_words)}


def _merge_adjacent(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    merged: list[tuple[int, int, str]] = []
    for start, end, evidence in spans:
        if merged and _WORD_GAP.fullmatch(text[merged[-1][1]:start] or "x"):
            previous = merged[-1]
            merged[-1] = (previous[0], end, previous[2] + "; " + evidence)
        else:
            merged.append((start, end, evidence))
    return merged


def find_untranslated_runs(segment: Segment, doc: Document) -> Iterator[Finding]:
    text = segment.target
    spans: list[tuple[int, int, str]] = []
    # the pattern (~10 ms to compile) only for a segment that needs it: an ASCII text often needs none
    foreign = None
    if doc.tgt_lang and not (text.isascii() and _ascii_cannot_match(doc.tgt_lang)):
        foreign = foreign_script_pattern(doc.tgt_lang)
    if foreign is not None:
        for match in foreign.finditer(text):
            spans.append((match.start(), match.end(), f"letters in a script {language_name(doc.tgt_lang)} is not written in"))
    if doc.src_lang and doc.tgt_lang and doc.src_lang != doc.tgt_lang and (
        has_vocabulary(doc.tgt_lang) or segment.source is not None
    ):
        taken = [(s, e) for s, e, _ in spans]
        for start, end, evidence in _untranslated_word_spans(segment, doc):
            if not any(s < end and start < e for s, e in taken):
                spans.append((start, end, evidence))
    for start, end, evidence in _merge_adjacent(text, sorted(spans)):
        weak = _WEAK in evidence
        yield make_finding(UNTRANSLATED_RUN, segment, start, end, evidence=evidence,
                           confidence=0.5 if weak else 0.8, severity="minor" if weak else None)


class LanguageDetector(Detector):
    """Untranslated segments, wrong-language segments and untranslated words."""

    rules = (UNTRANSLATED_SEGMENT, WRONG_LANGUAGE, UNTRANSLATED_RUN)

    def load_shared(self, doc: Document) -> None:
        """The language-ID model (numpy and the mapped arrays: ~60 ms CPU for each process that loads
        them), when the run has a target language: the family asks language ID only then."""
        if doc.tgt_lang:
            get_identifier(doc.langid)

    def detect(self, doc: Document) -> Iterator[Finding]:
        for segment in doc.segments:
            if not segment.target.strip():
                continue
            whole = []
            if segment.source is not None or _whole_may_be_judged(segment.target, doc):
                whole = list(find_untranslated_segment(segment, doc))
                if not whole:
                    whole = list(find_wrong_language(segment, doc))
            yield from whole
            if not whole and (segment.source is not None or _words_may_be_found(segment.target, doc)):
                yield from find_untranslated_runs(segment, doc)


def _whole_may_be_judged(text: str, doc: Document) -> bool:
    """Whether LG001 or LG002 may judge a segment without a source (asked before either is, as most segments
    pass both): the early returns of `find_untranslated_segment` and `find_wrong_language`, once, with no
    generator made for either. Only language ID judges such a segment, and only when its probe is long
    enough and not plainly in the target language. Read from the probe's words, not the probe itself (no
    string is joined for the ~93 % of WMT22 de-en segments that pass): the probe joins them with single spaces, and no
    word holds a space (`_probe_word_count`)."""
    if not doc.tgt_lang:
        return False
    words = _probe_words(text)
    count = len(words)
    if count < min(MIN_WORDS_FOR_ID, MIN_WORDS_FOR_WRONG_LANGUAGE):  # too few for either question
        return False
    if _plain_words(words, doc.tgt_lang):  # `_plainly_in_target_language`, read from the same words
        return False
    pair = doc.src_lang and doc.src_lang != doc.tgt_lang
    probe_chars = sum(map(len, words)) + count - 1
    return bool(pair and probe_chars >= MIN_CHARS_FOR_ID) or count >= MIN_WORDS_FOR_WRONG_LANGUAGE


def _words_may_be_found(text: str, doc: Document) -> bool:
    """Whether LG003 may find words in a segment without a source: the early returns of
    `find_untranslated_runs`, once, with no generator made for it. It finds letters of another script
    (none in an ASCII text, for most targets) and listed source-language function words."""
    src, tgt = doc.src_lang, doc.tgt_lang
    if tgt and not (text.isascii() and _ascii_cannot_match(tgt)):
        return True
    return bool(src and tgt and src != tgt and has_vocabulary(tgt)) and not _holds_no_suspect_function_word(text, src, tgt)
