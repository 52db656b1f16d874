"""The detectors' fast paths (issue 18: per-core speed) find what the plain scans they stand in for find:
each pre-filter is a necessary condition of its pattern, and each rewritten loop gives the same findings
as the straightforward one it replaced (kept here as the reference)."""

from __future__ import annotations

import os
import re
from unittest import mock

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from audit.detectors.base import make_finding
from audit.segments import Segment

EXAMPLES = int(os.environ.get("AUDIT_PROPERTY_EXAMPLES", "60"))
SETTINGS = settings(max_examples=EXAMPLES * 5, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# words and what stands between them, so that the patterns fire (and nearly fire) often: function words,
# marks, brackets, spaces of every width, digits, underscores, letters whose case mapping is special
WORDS = ["the", "The", "of", "is", "An", "a", "A", "my", "its", "been", "and", "them", "Them", "Kazakhs", "x",
         "word", "foo_", "_", "é", "ß", "İ", "Σ", "ΟΔΟΣ", "οδοσ", "\u212a", "ǅ", "Ω", "\u2126", "١٢", "3", "12", "1,5",
         "3.000", "1.234,5", "1,000,000.5", "15.30", "20h30", "20 h 30", "pm", "PM", "a.m.", "at", "hours", "HOURS", "clock", "o'clock", "1er", "2nd",
         "3ème", "12%", "5 %", "€5", "5€", "$", "Montag", "lundi", "mai", "", "BEEN", "Very", "ThE", "AN", "ſ", "Or"]
BETWEEN = [" ", "  ", "\t", "\u00a0", "\u202f", ",", ", ", " ,", ".", ". ", " .", "; ", ": ", "? ", "! ", "?!", "-",
           "- ", "' ", "'", "’", " ^", "~ ", "@", "| ", "\\", "(", ")", " (", ") ", "[", "]", "{", "}", ":)", ";-(",
           " (:", "«", "»", "“", "”", "„", '"', "%", " %", "€", "$", "\n"]
texts = st.one_of(
    st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(BETWEEN)), max_size=10).map(
        lambda pairs: "".join(w + b for w, b in pairs)),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
)


def segment_of(text: str) -> Segment:
    return Segment("t", 1, text)


# --- punctuation ---------------------------------------------------------------------------------------

@SETTINGS
@given(text=texts)
def test_stray_mark_prefilters_hold_in_every_match(text: str) -> None:
    from audit.detectors.punctuation import (_BREAK, _BREAK_NEEDS, _SPACE_BEFORE, _SPACE_BEFORE_NEEDS,
                                             _STRAY_PATTERNS)

    for pattern, _, needed in (*_STRAY_PATTERNS, (_BREAK, "", _BREAK_NEEDS), (_SPACE_BEFORE, "", _SPACE_BEFORE_NEEDS)):
        if pattern.search(text):
            assert needed.search(text), (pattern.pattern, text)


QUOTE_LINES = ['He said "yes', 'and left."', "„Ja“, sagte er.", "« Oui »", "“ We need", "no marks here", "", "  ", "x”",
               "'Hi' he said", "(a) [b] {c}"]


class _EveryTextHasAMark:
    """_QUOTE_MARK as the quote pass would see it without its shortcut: `search` finds something always."""

    def __init__(self, pattern: re.Pattern) -> None:
        self.finditer = pattern.finditer

    @staticmethod
    def search(text: str) -> bool:
        return True


@SETTINGS
@given(st.lists(st.one_of(st.sampled_from(QUOTE_LINES), texts), max_size=8))
def test_unbalanced_quotes_the_same_without_passing_over_markless_segments(lines: list[str]) -> None:
    """The quote pass skips a segment without a quotation mark while nothing is pending: same findings."""
    from audit.detectors import punctuation
    from audit.segments import Document

    doc = Document("t", tuple(Segment("t", k + 1, line) for k, line in enumerate(lines)), None, "en")
    found = list(punctuation.find_unbalanced_quotes(doc))
    with mock.patch.object(punctuation, "_QUOTE_MARK", _EveryTextHasAMark(punctuation._QUOTE_MARK)):
        assert list(punctuation.find_unbalanced_quotes(doc)) == found


@SETTINGS
@given(lines=st.lists(st.tuples(texts, st.one_of(st.none(), texts)), max_size=5),
       pair=st.sampled_from([("de", "en"), ("en", "fr"), (None, "en"), ("fr", "de")]))
def test_punctuation_detector_finds_what_its_checks_find_asked_plainly(lines: list, pair) -> None:
    """The detector asks each check's first test before making its generator: the same findings as asking
    every check of every segment."""
    from audit.detectors import punctuation as pu
    from audit.segments import Document

    doc = Document("t", tuple(Segment("t", k + 1, t, src) for k, (t, src) in enumerate(lines)), *pair)
    spaces_before = pu.SPACE_BEFORE.languages.applies(*pair)
    plainly = []
    for segment in doc.segments:
        if segment.target.strip():
            plainly += pu.find_doubled_punctuation(segment, pair[1])
            plainly += pu.find_stray_sentence_breaks(segment, pair[1])
            plainly += pu.find_space_before_punctuation(segment) if spaces_before else []
            plainly += pu.find_unbalanced_brackets(segment)
            plainly += pu.find_stray_marks(segment, pair[1])
            plainly += pu.find_missing_final_punctuation(segment)
    assert list(pu.PunctuationDetector().detect(doc)) == plainly


ARTICLE_MARK_PLAINLY = re.compile(r"\b(?:[Tt]he|[Aa]n|[Aa]|[Mm]y|[Yy]our|[Ii]ts|[Oo]ur|[Tt]heir)(?P<m>[,;:])(?=\s)")
ARTICLE_WORDS = ["the", "The", "THE", "a", "A", "an", "An", "their", "Their", "your", "Your", "its", "our", "my",
                 "xthe", "the_", "şthe", "1a", "théir"]


@SETTINGS
@given(text=st.one_of(texts, st.lists(st.tuples(st.sampled_from(ARTICLE_WORDS + WORDS), st.sampled_from(BETWEEN)),
                                      max_size=8).map(lambda pairs: "".join(w + b for w, b in pairs))))
@example(text="A, an; the: My,\tyour, Its: our; their, Their,\u00a0x, xthe, the_, şthe: 1a, a,")
def test_mark_after_an_article_found_from_the_marks(text: str) -> None:
    """The stray-mark pattern for a mark after an article (the mark first, then look-behinds) finds the
    marks the pattern opening with the article (as first written) finds."""
    from audit.detectors.punctuation import _STRAY_PATTERNS

    pattern = next(p for p, what, _ in _STRAY_PATTERNS if what == "punctuation right after an article")
    assert [m.span("m") for m in pattern.finditer(text)] == [m.span("m") for m in ARTICLE_MARK_PLAINLY.finditer(text)]


def marks_after_function_words_plainly(segment: Segment, lang: str, seen: set[int]) -> list:
    """The scan before issue 18: a pattern opening with the word, tried at every word."""
    from audit.detectors.punctuation import _COMMA_ROLES, _PERIOD_ROLES, STRAY_MARK, words_before_no_mark

    found = []
    for match in re.finditer(r"\b(\w+)([,.])(?=[ \t]+\w)", segment.target):
        word, mark = match.group(1), match.group(2)
        roles = _COMMA_ROLES if mark == "," else _PERIOD_ROLES
        if word.lower() not in words_before_no_mark(lang, roles) or match.start(2) in seen:
            continue
        seen.add(match.start(2))
        found.append(make_finding(STRAY_MARK, segment, match.start(2), match.end(2), confidence=0.7,
                                  evidence=f"{mark!r} right after {word!r}, which cannot end a clause"))
    return found


@SETTINGS
@given(text=texts, lang=st.sampled_from(["en", "fr", "de"]))
def test_marks_after_function_words_found_from_the_marks(text: str, lang: str) -> None:
    from audit.detectors.punctuation import find_marks_after_function_words

    segment = segment_of(text)
    assert list(find_marks_after_function_words(segment, lang, set())) == \
        marks_after_function_words_plainly(segment, lang, set())


def unbalanced_brackets_plainly(segment: Segment) -> list:
    """The scan before issue 18: every character of the segment."""
    from audit.detectors.punctuation import _EMOTICON, BRACKETS, UNBALANCED_BRACKET

    text, found = segment.target, []
    smileys = {i for m in _EMOTICON.finditer(text) for i in range(m.start(), m.end())}
    stack: list[int] = []
    for i, char in enumerate(text):
        if i in smileys:
            continue
        if char in "([{":
            stack.append(i)
        elif char in BRACKETS:
            if stack and text[stack[-1]] == BRACKETS[char]:
                stack.pop()
                continue
            if char == ")" and re.fullmatch(r"\s*(?:\w{1,3})", text[:i]):
                continue
            found.append(make_finding(UNBALANCED_BRACKET, segment, i, i + 1, evidence=f"{char!r} closes nothing",
                                      confidence=0.7))
    found += [make_finding(UNBALANCED_BRACKET, segment, i, i + 1, evidence=f"{text[i]!r} is never closed",
                           confidence=0.7) for i in stack]
    return found


@SETTINGS
@given(text=texts)
def test_brackets_scanned_at_the_brackets_only(text: str) -> None:
    from audit.detectors.punctuation import find_unbalanced_brackets

    segment = segment_of(text)
    assert list(find_unbalanced_brackets(segment)) == unbalanced_brackets_plainly(segment)


# --- fluency -------------------------------------------------------------------------------------------

phrases = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)
cases = st.sampled_from([str, str.upper, str.lower, str.title, str.swapcase])
repeats = st.tuples(texts, phrases, st.sampled_from([" ", "\t", "  ", " \t"]), cases, texts).map(
    lambda t: f"{t[0]} {t[1]}{t[2]}{t[3](t[1])} {t[4]}")


@SETTINGS
@given(text=st.one_of(texts, repeats))
def test_repeat_prefilter_lets_every_repeat_through(text: str) -> None:
    from audit.detectors.fluency import _REPEAT, may_repeat

    if _REPEAT.search(text):
        assert may_repeat(text), text


@SETTINGS
@given(lines=st.lists(st.one_of(texts, repeats, st.sampled_from(["I told them Russians to go.", "Them Kazakhs left",
                                                                "The of the country signed after the."])), max_size=5),
       pair=st.sampled_from([("de", "en"), ("en", "fr"), (None, "en"), ("de", "pt-BR"), ("de", "de")]))
def test_fluency_detector_finds_what_its_checks_find_asked_plainly(lines: list[str], pair) -> None:
    """The detector asks each check's first test before making its generator: the same findings as asking
    every check of every segment."""
    from audit.detectors import fluency
    from audit.rules import base_code
    from audit.segments import Document

    doc = Document("t", tuple(Segment("t", k + 1, line) for k, line in enumerate(lines)), *pair)
    pronouns = fluency.PRONOUN_NOUN.languages.applies(*pair)
    grammar = fluency.dropped_word_grammar(base_code(pair[1])) if fluency.DROPPED_WORD.languages.applies(*pair) else None
    plainly = []
    for segment in doc.segments:
        if segment.target.strip():
            plainly += fluency.find_repeated_words(segment, pair[1])
            plainly += fluency.find_pronoun_before_noun(segment) if pronouns else []
            plainly += fluency.find_dropped_words(segment, grammar, base_code(pair[0])) if grammar else []
    assert list(fluency.FluencyDetector().detect(doc)) == plainly


# --- locale: the number rules skip segments without a digit -------------------------------------------

def number_patterns():
    """The patterns `LocaleDetector` runs only on segments with a digit (or whose file's pattern, by
    `needs_digit`, needs one)."""
    from audit.detectors import locale

    shipped = [c for lang in sorted(locale.locale_languages()) if (c := locale.conventions(lang)) is not None]
    return [locale._DECIMAL_COMMA, locale._DECIMAL_POINT, locale._COMMA_THOUSANDS, locale._ONE_COMMA_GROUP,
            locale._AMPM, locale._SIGN_BEFORE, locale._EURO_AFTER, *(p for p, _ in locale._ENGLISH_LITERAL_TIMES),
            *(p for c in shipped for p in (*c.foreign_times, c.ordinal_foreign) if p is not None)]


NUMBER_PIECES = ["12", "1.500", "3,2", "24:00", "12 000", "9h15", "A380", "COVID-19", "²", "①", "１２", "١٢", "x", "h",
                 "Mrd.", "billion", "万", "-", ".", " ", "\u00a0"]


@SETTINGS
@given(text=st.one_of(texts, st.lists(st.sampled_from(NUMBER_PIECES), max_size=8).map("".join)),
       lang=st.sampled_from(["en", "de", "fr", "zh"]), decimal=st.sampled_from([None, ".", ","]))
def test_number_values_skip_a_text_without_a_digit_only(text: str, lang: str, decimal: str | None) -> None:
    """NU001's numbers: a text without a digit (once normalized: "²" is one) is not scanned, and gives
    what the scan gives."""
    from audit import numerals

    for pattern in (numerals.NUMBER, numerals.ANY_DIGITS):
        fast = numerals.number_values(text, lang, pattern, decimal)
        with mock.patch.object(numerals, "_DIGIT", re.compile("")):
            assert fast == numerals.number_values(text, lang, pattern, decimal)


LINK_PIECES = ["http://x.de", "https://a.b/c?d=1", "www.x.org", "a@b.c", "x.y@z-w.de", "HTTP://X", "WWW.X", "@", "://",
               "www", "mail", "at", " ", ".", "/"]


@SETTINGS
@given(text=st.one_of(texts, st.lists(st.sampled_from(LINK_PIECES), max_size=8).map("".join)))
def test_link_prefilter_holds_in_every_link(text: str) -> None:
    from audit.detectors.numbers import _LINK, _may_hold_link

    if _LINK.search(text):
        assert _may_hold_link(text), text


def test_number_patterns_are_read_as_needing_a_digit() -> None:
    from audit.detectors.locale import needs_digit

    for pattern in number_patterns():
        assert needs_digit(pattern), pattern.pattern


@SETTINGS
@given(text=texts)
def test_number_patterns_match_only_with_a_digit(text: str) -> None:
    from audit.detectors.locale import _DECIMAL_COMMA, _DECIMAL_COMMA_NEEDS, _ENGLISH_LITERAL_TIMES

    for pattern in number_patterns():
        for match in pattern.finditer(text):
            assert re.search(r"\d", match.group()), (pattern.pattern, text)
    for pattern, needed in ((_DECIMAL_COMMA, _DECIMAL_COMMA_NEEDS), *_ENGLISH_LITERAL_TIMES):
        if pattern.search(text):
            assert needed.search(text), (pattern.pattern, text)


def test_holds_digit_is_sure_or_says_no() -> None:
    from audit.detectors.regex_parse import holds_digit, parse

    sure = [r"\d", r"x\d{1,3}", r"(\d+)(st|nd)", r"(?:[01]?\d|2[0-3])h", r"[0-5]\d", r"a(?:1|2)b", r"(?>\d)"]
    unsure = [r"\d?", r"\d*", r"(\d+)(st)|xyz", r"[^0-9]", r"[0-9a]", r"(?=\d)a", r"x\d{0}", r"\w", r"."]
    for pattern in sure:
        assert holds_digit(parse(pattern)), pattern
    for pattern in unsure:
        assert not holds_digit(parse(pattern)), pattern


# --- language --------------------------------------------------------------------------------------------

def script_languages() -> list[str]:
    from audit.corpora import corpora_dir, read_tsv

    return [r["lang"] for r in read_tsv(corpora_dir() / "language" / "language_scripts.tsv")]


def test_foreign_scripts_skipped_on_ascii_only_when_no_ascii_character_is_foreign() -> None:
    from audit.detectors.language import _ascii_cannot_match, foreign_script_pattern

    every_ascii = "".join(chr(c) * 3 + " " for c in range(128))
    for lang in script_languages():
        pattern = foreign_script_pattern(lang)
        if pattern is not None and _ascii_cannot_match(lang):
            assert pattern.search(every_ascii) is None, lang
    assert _ascii_cannot_match("en")


@SETTINGS
@given(text=texts, lang=st.sampled_from(["en", "de", "fr", "ru", "el", "ja", "hi"]))
def test_listed_function_words_looked_up_alone_without_the_source(text: str, lang: str) -> None:
    """Without the source only listed function words can be spans: looking up only those finds the same."""
    from audit.detectors.language import _ordinary_target_word, _untranslated_word_spans, _words_of, function_words
    from audit.segments import Document

    segment = segment_of(text)
    doc = Document("t", (segment,), "de" if lang != "de" else "en", lang)
    every = {w for w in set(_words_of(text)) if not _ordinary_target_word(w, lang)}
    listed = every & function_words(doc.src_lang)
    assert bool(_untranslated_word_spans(segment, doc)) <= bool(listed)
    assert all(text[a:b] in listed for a, b, _ in _untranslated_word_spans(segment, doc))


def language_probe_plainly(text: str) -> str:
    """The language probe as first written: titles and names removed, joined, split again, filtered."""
    from audit.detectors.language import _quoted_titles

    for start, end in reversed(_quoted_titles(text)):
        text = text[:start] + text[end:]
    first, _, rest = text.strip().partition(" ")
    without = " ".join([first] + [w for w in rest.split() if not w[:1].isupper()])
    return " ".join([w for w in without.split() if w.isalpha() or w[:-1].isalpha()])


PROBE_WORDS = WORDS + ["don't", "l'État", "“Titel”", "„Der Titel“", "«Le titre»", "word'", "word’", "abc1", "x_",
                       "über,", "Straße.", "naïve", "कि", "é", "½", "a²"]
probe_texts = st.one_of(texts, st.lists(st.tuples(st.sampled_from(PROBE_WORDS), st.sampled_from(BETWEEN)),
                                        max_size=12).map(lambda pairs: "".join(w + b for w, b in pairs)))


@SETTINGS
@given(probe_texts)
def test_language_probe_built_in_one_pass_and_counted_without_the_regex(text: str) -> None:
    from audit.detectors.language import _language_probe, _probe_word_count, _words_of

    probe = _language_probe(text)
    assert probe == language_probe_plainly(text)
    assert _probe_word_count(probe) == len(_words_of(probe)) and len(probe) == len(probe.strip())


def plainly_in_target_language_from_the_probe(probe: str, tgt: str) -> bool:
    """The test as first written: the probe split again, each word's mark cut, each word looked up."""
    from audit.detectors.language import PLAIN_COUNT, PLAIN_SHARE
    from audit.vocabulary import frequency

    words = [w if w.isalpha() else w[:-1] for w in probe.split()]
    common = sum((frequency(w, tgt) or 0) >= PLAIN_COUNT for w in words)
    return bool(words) and common >= PLAIN_SHARE * len(words)


@SETTINGS
@given(text=st.one_of(probe_texts, st.lists(st.sampled_from(["the", "house", "is", "big,", "The", "Haus", "ist",
                                                            "groß.", "und", "and", "very", "sehr", "x1"]),
                                            max_size=12).map(" ".join)),
       tgt=st.sampled_from(["en", "de"]))
def test_plain_target_language_read_from_the_probe_words(text: str, tgt: str) -> None:
    from audit.detectors.language import _language_probe, _plainly_in_target_language

    assert _plainly_in_target_language(text, tgt) == plainly_in_target_language_from_the_probe(_language_probe(text), tgt)


VOCABULARY_WORDS = ["the", "The", "THE", "colour", "civilisation", "Haus", "haus", "und", "über", "déjà", "kindergarten",
                    "İstanbul", "ß", "x1", "", "zzzqx", "organise", "theatre", "a", "I"]


@SETTINGS
@given(words=st.lists(st.one_of(st.sampled_from(VOCABULARY_WORDS + ["Colour", "kindergartens", "Déjà"]), st.text(max_size=6)),
                      max_size=12),
       lang=st.sampled_from(["en", "de", "fr", "xx", None]), count=st.sampled_from([-1, 0, 1, 50, 999, 1000, 1001, 10**9]),
       one_by_one=st.sampled_from([0, 3, 10**9]))
def test_at_least_a_count_is_the_frequency_compared(words: list[str], lang, count: int, one_by_one: int) -> None:
    """Asked word by word, then (after `one_by_one` words) told from the words listed with the count or
    more: the same answer as the word's frequency compared, with loanwords, casings and American spellings."""
    from audit import vocabulary
    from audit.vocabulary import at_least, frequency

    with mock.patch.object(vocabulary, "ASKED_ONE_BY_ONE", one_by_one), \
            mock.patch.object(vocabulary, "_asked_one_by_one", {}), mock.patch.object(vocabulary, "_listed_at_least", {}):
        assert [at_least(w, lang, count) for w in words] == [(frequency(w, lang) or 0) >= count for w in words]


@SETTINGS
@given(lines=st.lists(probe_texts, max_size=5), tgt=st.sampled_from(["en", "de"]))
def test_a_long_run_s_plain_test_asks_the_word_list_no_word_at_a_time(lines: list[str], tgt: str) -> None:
    """Once a process has asked about ASKED_ONE_BY_ONE words, the plain-language test asks the word list
    nothing word by word (its common words are read at once), and answers as the test first written does."""
    from audit import vocabulary
    from audit.detectors.language import _common_words, _language_probe, _plainly_in_target_language
    from audit.vocabulary import WordCounts

    _common_words(tgt).clear()
    _plainly_in_target_language.cache_clear()
    expected = [plainly_in_target_language_from_the_probe(_language_probe(line), tgt) for line in lines]
    with mock.patch.object(vocabulary, "ASKED_ONE_BY_ONE", 0), mock.patch.object(vocabulary, "_asked_one_by_one", {}), \
            mock.patch.object(vocabulary, "_listed_at_least", {}), \
            mock.patch.object(WordCounts, "most", side_effect=AssertionError("asked one word at a time")):
        assert [_plainly_in_target_language(line, tgt) for line in lines] == expected, lines
    _common_words(tgt).clear()  # learnt under the patches


def test_a_short_run_does_not_read_the_word_list_s_common_words() -> None:
    """A one-line check asks about a few words: they are looked up one by one, the list is not read."""
    from audit import vocabulary
    from audit.vocabulary import WordCounts, at_least

    with mock.patch.object(vocabulary, "_asked_one_by_one", {}), mock.patch.object(vocabulary, "_listed_at_least", {}), \
            mock.patch.object(WordCounts, "at_least", side_effect=AssertionError("read the common words")):
        assert [at_least(w, "en", 1000) for w in ("the", "house", "zzzqx")] == [True, True, False]


LANGUAGE_LINES = ["Der Vertrag wurde gestern von beiden Seiten unterzeichnet und tritt morgen in Kraft.",
                  "The treaty was signed yesterday by both sides and takes effect tomorrow.",
                  "Il trattato è stato firmato ieri da entrambe le parti ed entra in vigore domani.",
                  "The Vertrag und the Seiten were signed", "Договор подписан вчера", "条約は昨日署名された",
                  "OK", "", "   ", "the the the the the the the the", "Mit freundlichen Grüßen und bis morgen früh"]


@SETTINGS
@given(text=st.one_of(st.sampled_from(LANGUAGE_LINES), probe_texts),
       pair=st.sampled_from([("de", "en"), ("en", "de"), (None, "en"), ("de", None), ("en", "en"), ("de", "xx")]))
@example("der vertrag wurde gestern von beiden seiten unterzeichnet", (None, "en"))  # 8 words: LG002's least
@example("der vertrag wurde gestern von beiden seiten", (None, "en"))  # 7: too few without a pair
@example("zzzz zzzz zzzz zzzz zzzzz", ("de", "en"))  # 5 words in 25 characters: the least to identify
@example("zzzz zzzz zzzz zzzz zzzz", ("de", "en"))  # 24 characters
def test_whole_segment_look_read_from_the_probe_words_as_from_the_probe(text: str, pair) -> None:
    """`_whole_may_be_judged` counts the probe's words and characters from its words, unjoined: the same
    answer as the look first written, on the probe itself."""
    from audit.detectors.language import (MIN_WORDS_FOR_WRONG_LANGUAGE, _language_probe, _long_enough_to_identify,
                                         _plainly_in_target_language, _probe_word_count, _whole_may_be_judged)
    from audit.segments import Document

    doc = Document("t", (), *pair)
    src, tgt = pair
    probe = _language_probe(text)
    judged = bool(tgt) and bool((src and src != tgt and _long_enough_to_identify(probe))
                                or _probe_word_count(probe) >= MIN_WORDS_FOR_WRONG_LANGUAGE) \
        and not _plainly_in_target_language(text, tgt)
    assert _whole_may_be_judged(text, doc) == judged


@SETTINGS
@given(lines=st.lists(st.one_of(st.sampled_from(LANGUAGE_LINES), probe_texts), max_size=5),
       pair=st.sampled_from([("de", "en"), ("en", "de"), ("fr", "en"), (None, "en"), ("de", None), ("en", "en"),
                             ("de", "xx")]))
def test_language_segments_without_a_source_passed_over_only_where_nothing_is_found(lines: list[str], pair) -> None:
    """The detector's look before each check of a segment without a source (`_whole_may_be_judged`,
    `_words_may_be_found`) passes over only what the checks themselves would find nothing in."""
    from audit.detectors import language
    from audit.segments import Document

    doc = Document("t", tuple(Segment("t", k + 1, line) for k, line in enumerate(lines)), *pair)
    found = list(language.LanguageDetector().detect(doc))
    with mock.patch.object(language, "_whole_may_be_judged", lambda *_: True), \
            mock.patch.object(language, "_words_may_be_found", lambda *_: True):
        assert list(language.LanguageDetector().detect(doc)) == found


# --- the engine's per-segment counts ---------------------------------------------------------------------

optional_texts = st.one_of(st.none(), st.text(max_size=12))


@SETTINGS
@given(rows=st.lists(st.tuples(st.text(max_size=12), optional_texts, optional_texts,
                               st.lists(st.text(max_size=12), max_size=3)), max_size=6),
       limit=st.integers(0, 12))
def test_longer_than_reads_every_side(rows: list, limit: int) -> None:
    from audit.segments import Document

    segments = tuple(Segment("t", k + 1, t, s, r, tuple(m)) for k, (t, s, r, m) in enumerate(rows))
    plainly = {k for k, s in enumerate(segments)
               if max([len(s.target), len(s.source or "")] + [len(r) for r in s.references]) > limit}
    assert Document("t", segments, None, None).longer_than(limit) == plainly


@SETTINGS
@given(text=texts)
def test_count_words_the_same_listed_or_counted_one_by_one(text: str) -> None:
    from audit.text import WORD, count_words

    long = text + " " * 10_001
    assert count_words(text) == count_words(long) == sum(1 for _ in WORD.finditer(text))


@SETTINGS
@given(text=st.one_of(texts, st.lists(st.sampled_from(["don't", "l’an", "well-known", "a--b", "x-'y", "'", "-", "’",
                                                      "İstanbul", "Σ", "_", "12-3", "é"]), max_size=8).map(" ".join)))
def test_words_counted_from_the_word_runs_as_count_words_counts_them(text: str) -> None:
    from audit.text import _REMEMBERED_CHARS, count_words, count_words_from_runs

    assert count_words_from_runs(text) == count_words(text)
    assert count_words_from_runs(text + " " * _REMEMBERED_CHARS) == count_words(text)


# --- lexicon ---------------------------------------------------------------------------------------------

def lexicon_words() -> list[str]:
    from audit.detectors.lexicon import load_lexicons

    return sorted({w for e in load_lexicons() for w in re.findall(r"\S+", f"{e.flag_example} {e.pass_example}")})


LEXICON_WORDS = lexicon_words()
lexicon_texts = st.lists(st.tuples(st.sampled_from(LEXICON_WORDS), st.sampled_from(BETWEEN + WORDS)), max_size=14).map(
    lambda pairs: "".join(w + b for w, b in pairs))


@SETTINGS
@given(text=st.one_of(lexicon_texts, texts),
       pair=st.sampled_from([("de", "en"), ("fr", "en"), ("en", "de"), (None, "en")]), case=cases)
def test_lexicon_candidates_are_what_the_prefilters_let_through(text: str, pair: tuple, case) -> None:
    from audit.detectors.lexicon import candidate_finder, cue_index, entries_for, may_match, word_openings

    text = case(text)
    entries, (always, by_cue) = entries_for(*pair), cue_index(*pair)
    cued = set(always).union(*(by_cue.get(o, ()) for o in word_openings(text)))
    assert candidate_finder(*pair).candidates(text) == [k for k in sorted(cued) if may_match(entries[k], text.lower())]


@SETTINGS
@given(lines=st.lists(st.one_of(lexicon_texts, texts), max_size=4), limit=st.integers(1, 12))
def test_lexicon_candidates_the_same_when_the_memory_of_words_overflows(lines: list[str], limit: int) -> None:
    """A finder that may remember only a few words (forgetting them all, even amid a segment) picks what
    the prefilters let through, segment after segment."""
    from audit.detectors import lexicon
    from audit.detectors.lexicon import CandidateFinder, cue_index, entries_for, may_match, word_openings

    entries, (always, by_cue) = entries_for("de", "en"), cue_index("de", "en")
    with mock.patch.object(lexicon, "WORDS_REMEMBERED", limit):
        finder = CandidateFinder("de", "en", ())
        for text in lines:
            cued = set(always).union(*(by_cue.get(o, ()) for o in word_openings(text)))
            assert finder.candidates(text) == [k for k in sorted(cued) if may_match(entries[k], text.lower())]


def test_lexicon_candidates_the_same_read_by_threads_that_overflow_the_memory() -> None:
    """Threads of one process (a Dask worker's) share a finder whose memory of words overflows again and
    again: each still gets exactly the candidates the prefilters let through."""
    import sys
    import threading

    from audit.detectors import lexicon
    from audit.detectors.lexicon import CandidateFinder, cue_index, entries_for, may_match, word_openings

    entries, (always, by_cue) = entries_for("de", "en"), cue_index("de", "en")
    lines = [e.flag_example for e in entries if e.flag_example] + [e.pass_example for e in entries if e.pass_example]
    expected = [[k for k in sorted(set(always).union(*(by_cue.get(o, ()) for o in word_openings(text))))
                 if may_match(entries[k], text.lower())] for text in lines]
    failures: list[str] = []
    interval = sys.getswitchinterval()
    with mock.patch.object(lexicon, "WORDS_REMEMBERED", 7):
        finder = CandidateFinder("de", "en", ())

        def read(offset: int) -> None:
            for k in range(len(lines)):
                at = (k + offset) % len(lines)
                try:
                    if finder.candidates(lines[at]) != expected[at]:
                        failures.append(lines[at])
                except Exception as exc:  # noqa: BLE001 - a failure of any kind is what this test looks for
                    failures.append(f"{type(exc).__name__}: {exc}")

        sys.setswitchinterval(1e-6)
        try:
            threads = [threading.Thread(target=read, args=(offset,)) for offset in (0, 7, 13, 29)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            sys.setswitchinterval(interval)
    assert not failures, failures[:3]


# --- boilerplate ---------------------------------------------------------------------------------------

def furniture_languages() -> list[str]:
    from audit.corpora import data_files

    return [path.stem for path in data_files("boilerplate")]


def test_every_furniture_phrase_holds_a_key() -> None:
    from audit.detectors.boilerplate import furniture_entries, furniture_keys

    for lang in furniture_languages():
        keys = furniture_keys(lang)
        assert keys and all(any(k in e.phrase.lower() for k in keys) for e in furniture_entries(lang)), lang


FURNITURE_WORDS = ["Published on:", "Share", "share", "SHARE", "Shares", "Read more:", "Tweet", "Print", "by",
                   "12:30", "İ", "\u212a", "ſhare", "Comments are closed."]


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(FURNITURE_WORDS + WORDS), st.sampled_from(BETWEEN)), max_size=8).map(
    lambda pairs: "".join(w + b for w, b in pairs)), st.sampled_from(furniture_languages()))
def test_furniture_keys_let_every_finding_through(text: str, lang: str) -> None:
    from audit.detectors.boilerplate import find_furniture, furniture_entries, furniture_keys

    entries = furniture_entries(lang)
    assert find_furniture(text, entries, furniture_keys(lang)) == find_furniture(text, entries)


LITERALS = ["share", "a", "\n", "a\nb", "", "ß", "İ", "é", "12", " ", "read more:"]
chunk_texts = st.lists(st.one_of(texts, st.lists(st.sampled_from(LITERALS + FURNITURE_WORDS), max_size=4).map("".join)),
                       max_size=6)


@SETTINGS
@given(chunk_texts, st.lists(st.sampled_from(LITERALS), max_size=4))
def test_texts_holding_is_the_plain_test_of_each_text(texts_: list[str], literals: list[str]) -> None:
    """The whole-chunk search names exactly the texts that hold a literal: none across a joint, none missed."""
    from audit.text import texts_holding

    assert texts_holding(texts_, literals) == {k for k, t in enumerate(texts_) if any(x in t for x in literals)}


@SETTINGS
@given(st.lists(st.lists(st.tuples(st.sampled_from(FURNITURE_WORDS + WORDS), st.sampled_from(BETWEEN)), max_size=8).map(
    lambda pairs: "".join(w + b for w, b in pairs)), max_size=6), st.sampled_from(furniture_languages()),
    st.sampled_from([0, 990, 1001]))
def test_furniture_found_over_a_chunk_as_segment_by_segment(lines: list[str], lang: str, pad: int) -> None:
    """The detector's chunk-wide key search skips only segments that `find_furniture` passes over."""
    from audit.detectors.boilerplate import BoilerplateDetector, find_furniture, furniture_entries
    from audit.segments import Document

    lines = [line + " " * pad if k % 2 else line for k, line in enumerate(lines)]  # some over FURNITURE_LINE_MAX
    doc = Document("t", tuple(Segment("t", k + 1, line) for k, line in enumerate(lines)), None, lang)
    found = [(f.line, f.start, f.end) for f in BoilerplateDetector().detect(doc)]
    plain = [(k + 1, start, end) for k, line in enumerate(lines)
             for start, end, _ in find_furniture(line, furniture_entries(lang))]
    assert found == plain


def test_foreign_script_pattern_compiled_only_for_a_segment_that_needs_it() -> None:
    """An ASCII English segment cannot hold a foreign letter: the pattern is not compiled for it."""
    from audit.detectors.language import find_untranslated_runs, foreign_script_pattern
    from audit.segments import Document

    foreign_script_pattern.cache_clear()
    doc = Document("t", (segment_of("Plain English words only."),), "de", "en")
    assert list(find_untranslated_runs(doc.segments[0], doc)) == []
    assert foreign_script_pattern.cache_info().currsize == 0
    doc = Document("t", (segment_of("A word in Greek: αλφάβητο."),), "de", "en")
    assert [f.rule for f in find_untranslated_runs(doc.segments[0], doc)] == ["LG003"]
    assert foreign_script_pattern.cache_info().currsize == 1


# --- locale: weekday and month names of other languages (LC008) ----------------------------------------

NAME_WORDS = ["Montag", "lundi", "Lunes", "mai", "Mai", "März", "juillet", "Sunday", "Times", "Black", "Friday",
              "3", "12.", "am", "le", "on", "Montag-Abend", "x"]
named_texts = st.lists(st.tuples(st.sampled_from(NAME_WORDS), st.sampled_from([" ", ", ", ". ", "-", " 3 "])),
                       max_size=8).map(lambda pairs: "".join(w + b for w, b in pairs))


@SETTINGS
@given(text=st.one_of(texts, named_texts), lang=st.sampled_from(["en", "fr", "de", "es"]),
       source=st.one_of(st.none(), named_texts))
def test_foreign_names_found_with_or_without_the_word_list_first(text: str, lang: str, source: str | None) -> None:
    """The shortcuts (the names' keys among the shared lower-cased word runs; the text's words listed at once
    and checked against the names) find what the scan one word at a time finds; beyond WORD_LIST_MAX_CHARS
    only the scan runs."""
    from unittest import mock

    from audit.detectors import locale

    conv = locale.conventions(lang)
    segment = Segment("t", 1, text, source)
    fast = [(f.start, f.end, f.evidence) for f in locale.find_foreign_names(segment, conv)]
    with mock.patch.object(locale, "_foreign_name_keys", lambda lang: None):  # names without keys: the word list
        listed = [(f.start, f.end, f.evidence) for f in locale.find_foreign_names(segment, conv)]
    with mock.patch.object(locale, "WORD_LIST_MAX_CHARS", -1):
        plain = [(f.start, f.end, f.evidence) for f in locale.find_foreign_names(segment, conv)]
    assert fast == listed == plain


def test_word_lists_are_not_built_for_a_text_over_the_segment_cap() -> None:
    """A pre-filter that lists a text's words does so only up to WORD_LIST_MAX_CHARS: a 2 MB line's word
    list was ~30 MB (tests/test_dos_work.py bounds the whole run)."""
    from unittest import mock

    from audit.detectors import fluency, locale
    from audit.text import WORD_LIST_MAX_CHARS

    long_text = "the cat sat on the mat " * (WORD_LIST_MAX_CHARS // 10)
    assert len(long_text) > WORD_LIST_MAX_CHARS
    assert fluency.may_repeat(long_text)  # left to the regex, unread
    with mock.patch.object(locale, "hyphenated_words", side_effect=AssertionError("listed")):
        assert list(locale.find_foreign_names(Segment("t", 1, long_text), locale.conventions("en"))) == []


# --- locale: foreign quotation marks and percent signs ---------------------------------------------------

def foreign_quotes_plainly(segment: Segment, conv) -> list:
    """LC002's quotation marks of another locale, every character looked at (no shortcut)."""
    from audit.detectors.locale import _GUILLEMET_PAIR, FOREIGN_PUNCTUATION, QUOTE_MARKS, SPACES

    text = segment.target
    foreign = set(QUOTE_MARKS) - set(conv.quotes_accepted or "")
    covered: set[int] = set()
    found = []
    if {"«", "»"} <= foreign:
        for match in _GUILLEMET_PAIR.finditer(text):
            covered.update((match.start(), match.end() - 1))
            found.append(make_finding(FOREIGN_PUNCTUATION, segment, match.start(), match.end(), confidence=0.8,
                                      evidence="quotation marks of another locale",
                                      suggestion="“" + match.group()[1:-1].strip(SPACES) + "”"))
    found += [make_finding(FOREIGN_PUNCTUATION, segment, i, i + 1, confidence=0.8,
                           evidence="quotation mark of another locale")
              for i, char in enumerate(text) if char in foreign and i not in covered]
    return found


def percent_plainly(segment: Segment, conv) -> list:
    """LC002's percent-sign spacing, both patterns run on every text (no `%` test first)."""
    from audit.detectors.locale import _GLUED_PERCENT, _SPACE_PERCENT, FOREIGN_PUNCTUATION

    text = segment.target
    if conv.percent == "none":
        return [make_finding(FOREIGN_PUNCTUATION, segment, m.start(), m.end(), confidence=0.7,
                             evidence="space before % (French and German convention)", suggestion="%")
                for m in _SPACE_PERCENT.finditer(text)]
    if conv.percent == "space":
        return [make_finding(FOREIGN_PUNCTUATION, segment, m.start(), m.end(), confidence=0.6,
                             evidence=f"no space before % ({conv.name} sets one)", suggestion=m.group()[:-1] + "\u202f%")
                for m in _GLUED_PERCENT.finditer(text)]
    return []


def locale_conventions() -> list:
    from audit.detectors.locale import conventions, locale_languages

    return [conv for lang in sorted(locale_languages()) if (conv := conventions(lang)) is not None]


# short texts of quotation marks, spaces, digits and % alone: a lone mark at either end, pairs and nesting
mark_texts = st.lists(st.sampled_from(list("«»„“”‚‘’‹›\"' %5") + ["\u00a0", "\u202f", "ab", "1,5"]), max_size=5).map("".join)


@SETTINGS
@given(text=st.one_of(texts, mark_texts), index=st.integers(min_value=0))
def test_foreign_quotes_and_percent_found_with_or_without_their_shortcuts(text: str, index: int) -> None:
    from audit.detectors.locale import _foreign_quote_findings, _percent_findings

    every = locale_conventions()
    conv = every[index % len(every)]
    segment = segment_of(text)
    if conv.quotes_accepted is not None:
        assert list(_foreign_quote_findings(segment, conv)) == foreign_quotes_plainly(segment, conv)
    assert list(_percent_findings(segment, conv)) == percent_plainly(segment, conv)


def locale_findings_plainly(segment: Segment, conv, src_lang, tgt_lang, decimal_commas: bool) -> list:
    """LC001-LC010 on one segment, every check asked (no look at digits, marks or word runs first)."""
    from audit.detectors import locale as lc

    found = list(lc.find_decimal_commas(segment, src_lang, tgt_lang)) if decimal_commas else []
    if conv is None:
        return found
    if conv.decimal == ",":
        found += lc.find_decimal_points(segment, conv, src_lang)
    found += lc.find_foreign_punctuation(segment, conv)
    found += lc.find_time_formats(segment, conv)
    found += lc.find_spacing(segment, conv)
    if conv.inverted:
        found += lc.find_missing_inverted(segment)
    if conv.lowercase_names:
        found += lc.find_capitalised_names(segment, conv)
    found += lc.find_foreign_names(segment, conv)
    found += lc.find_foreign_ordinals(segment, conv)
    found += lc.find_currency_placement(segment, conv)
    return found


LOCALE_WORDS = ["Monday", "lundi", "Montag", "mai", "Mai", "«", "»", "“", "”", "„", "¿", "¡", "?", "!", "%", "5 %", "12%",
                "3,5", "3.5", "1,500", "€5", "5 €", "$5", "1er", "2nd", "20h30", "3 pm", "at 15 hours", "15.30 Uhr"]


@SETTINGS
@given(text=st.one_of(texts, mark_texts, st.lists(st.tuples(st.sampled_from(LOCALE_WORDS + WORDS), st.sampled_from(BETWEEN)),
                                                     max_size=8).map(lambda pairs: "".join(w + b for w, b in pairs))),
       index=st.integers(min_value=0), src=st.sampled_from(["de", "en", "fr", None]))
def test_locale_findings_the_same_without_the_detector_s_looks_first(text: str, index: int, src) -> None:
    from audit.detectors.locale import DECIMAL_COMMA, LocaleDetector

    every = locale_conventions()
    conv = every[index % len(every)]
    segment = segment_of(text)
    decimal_commas = DECIMAL_COMMA.languages.applies(src, conv.lang)
    assert list(LocaleDetector._segment_findings(segment, conv, src, conv.lang, decimal_commas)) == \
        locale_findings_plainly(segment, conv, src, conv.lang, decimal_commas)


def test_locale_conventions_cover_every_percent_style_and_foreign_quotes() -> None:
    """The property above meets each branch: both percent conventions, and locales with foreign quotes."""
    every = locale_conventions()
    assert {conv.percent for conv in every} >= {"none", "space"}
    assert any(conv.quotes_accepted is not None for conv in every)


# --- bilingual: the false-friend pre-filter -----------------------------------------------------------------

# long, accented and inflected false friends among them (Präservativ / preservative, Defekte / defeats)
GERMAN = ["Der", "die", "Chef", "ist", "nicht", "eventuell", "aktuell", "sensibel", "Kritik", "Defekt", "Defekte",
          "Inhaber", "Fabrik", "Gift", "Brand", "Handy", "optimal", "Präsident", "Präservativ", "krank", "heute",
          "Bank", "Firma", "also"]
ENGLISH = ["The", "the", "chef", "boss", "is", "not", "eventually", "possibly", "actual", "current", "sensible",
           "sensitive", "critic", "criticism", "defeat", "defeats", "defect", "inhaler", "owner", "fabric", "factory",
           "gift", "poison", "brand", "fire", "president", "preservative", "condom", "sick", "today", "bank", "firm",
           "company", "also", "so"]


def sentence(words: list[str]) -> str:
    return " ".join(words) + "."


def false_friends_of(segment: Segment) -> list:
    from audit.detectors.bilingual import find_false_friends

    return [(f.start, f.end, f.evidence) for f in find_false_friends(segment, "de", "en")]


def german_english_dictionary():
    from audit.bilingual.dictionary import bilingual_dictionary

    return bilingual_dictionary("de", "en")


@SETTINGS
@given(source=st.lists(st.sampled_from(GERMAN), min_size=1, max_size=8),
       target=st.lists(st.sampled_from(ENGLISH), min_size=1, max_size=8))
def test_false_friend_prefilter_lets_every_false_friend_through(source: list[str], target: list[str]) -> None:
    from audit.detectors import bilingual

    if german_english_dictionary() is None:
        pytest.skip("FreeDict deu-eng is not installed")
    segment = Segment("t", 1, sentence(target), source=sentence(source))
    with_prefilter = false_friends_of(segment)
    with mock.patch.object(bilingual, "_may_have_false_friend", lambda *args: True):
        without = false_friends_of(segment)
    assert with_prefilter == without


def test_false_friend_prefilter_property_meets_false_friends() -> None:
    """The words above make BL003 fire (the property is not vacuous)."""
    if german_english_dictionary() is None:
        pytest.skip("FreeDict deu-eng is not installed")
    for target, source in (("The inhaler is sick.", "Der Inhaber ist krank."),
                           ("The preservative is there.", "Der Präservativ ist da."),
                           ("The defeats are big.", "Die Defekte sind groß.")):
        assert false_friends_of(Segment("t", 1, target, source=source)), target


# --- language: the word before a candidate, scanned backwards -----------------------------------------------

@SETTINGS
@given(text=texts, cut=st.integers(min_value=0, max_value=60))
def test_word_before_read_backwards_as_the_anchored_regex_reads_it(text: str, cut: int) -> None:
    from audit.detectors.language import _first_letter_of_word_before

    start = min(cut, len(text))
    before = re.search(r"(\w+)\W*$", text[:start])
    assert _first_letter_of_word_before(text, start) == (before.group(1)[0] if before else "")



GAP_WORDS = ["the", "The", "a", "A", "an", "An", "of", "he", "They", "we", "will", "be", "is", "and", "'s", "’s",
             "I", "If", "if", "that", "to", "his", "began", "or", "decided", "According", "can",
             "le", "La", "les", "du", "des", "aux", "de", "à", "dans", "il", "est", "ou", "pour", "data", "x", "é", ""]
gap_texts = st.one_of(
    texts,
    st.lists(st.tuples(st.sampled_from(GAP_WORDS), st.sampled_from(BETWEEN)), max_size=12).map(
        lambda pairs: "".join(w + b for w, b in pairs)),
)


@SETTINGS
@given(text=gap_texts, lang=st.sampled_from(["en", "fr"]))
@example(text="in honour of.", lang="en")
@example(text="il a parlé de. Le de la", lang="fr")
@example(text="one of 's and ’s", lang="en")
@example(text="He said they the the of. A is", lang="en")
@example(text="They the ball.", lang="en")
@example(text="The, which. If are. I to. A of. the began and. In the of the city, is. the decided to", lang="en")
@example(text="said a is. a of the (a of ran a. took a for a the of", lang="en")
def test_dropped_word_pattern_tried_only_at_opening_words_matches_as_the_full_scan(text: str, lang: str) -> None:
    from audit.detectors.fluency import _gap_matches, dropped_word_grammar

    grammar = dropped_word_grammar(lang)
    assert [m.span() for m in _gap_matches(text, grammar)] == [m.span() for m in grammar.pattern.finditer(text)]
