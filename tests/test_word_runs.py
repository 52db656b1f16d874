"""The lower-cased word runs the lexicon, fluency, language and locale families share per segment
(`audit.text.lowered_word_runs`, issue 18: per-core speed), and the pre-filters read from them: the same
findings as the scans they stand in for."""

from __future__ import annotations

import re
from unittest import mock

from hypothesis import given
from hypothesis import strategies as st
from test_prefilters import BETWEEN, SETTINGS, WORDS, segment_of, texts  # the pre-filter tests' texts

def test_lower_case_keeps_word_characters_apart_from_the_others() -> None:
    """What `word_run_keys` rests on, over every code point: a character that is no word character lower-cases
    to none, and a word character to word characters only, except "İ" (its combining dot is none)."""
    word = re.compile(r"\w")
    exceptions = []
    for point in range(0x110000):
        char = chr(point)
        lowered = [word.match(c) is not None for c in char.lower()]
        if (word.match(char) is not None) != all(lowered) or any(lowered) != all(lowered):
            exceptions.append(char)
    assert exceptions == ["İ"]


@SETTINGS
@given(text=texts)
def test_lowered_word_runs_are_the_runs_of_the_lower_cased_text(text: str) -> None:
    from audit.text import _REMEMBERED_CHARS, lowered_word_runs, word_runs

    long = text + " " * _REMEMBERED_CHARS  # not remembered
    assert lowered_word_runs(text) == lowered_word_runs(long) == tuple(word_runs(text.lower()))
    if "İ" not in text and "Σ" not in text:  # what fluency's repeat test reads: each run lower-cased alone
        assert lowered_word_runs(text) == tuple(w.lower() for w in word_runs(text))


@SETTINGS
@given(text=st.one_of(st.text(st.characters(max_codepoint=127), max_size=40),
                      st.lists(st.sampled_from(["\u212a", "K", "ab_1", "x\x1f", "\x0b", "é", "ß", " ", "-", "'"]),
                               max_size=8).map("".join)))
def test_ascii_runs_split_from_spaces_are_the_regex_runs(text: str) -> None:
    """An ASCII lower-cased text (the Kelvin sign lowers to one) has its runs listed by turning every other
    byte into a space and splitting: the same runs as the regex, controls and separators included."""
    from audit.text import _remembered_lowered_word_runs, word_runs

    _remembered_lowered_word_runs.cache_clear()
    assert _remembered_lowered_word_runs(text) == tuple(word_runs(text.lower()))


KEYED_WORDS = WORDS + ["don't", "l’an", "Montag-Abend", "-x", "İle", "ǅx"]


@SETTINGS
@given(text=st.one_of(texts, st.lists(st.tuples(st.sampled_from(KEYED_WORDS), st.sampled_from(BETWEEN)),
                                      max_size=6).map(lambda pairs: "".join(w + b for w, b in pairs))),
       words=st.lists(st.sampled_from(KEYED_WORDS), min_size=1, max_size=4))
def test_word_run_keys_meet_every_word_the_text_holds(text: str, words: list[str]) -> None:
    from audit.text import APOSTROPHED_WORD, HYPHENATED_WORD, WORD, WORD_RUN, lowered_word_runs, word_run_keys

    keys = word_run_keys(words)
    if keys is None:
        assert any("İ" in w for w in words)
        return
    held = {w for pattern in (WORD, HYPHENATED_WORD, APOSTROPHED_WORD, WORD_RUN) for w in pattern.findall(text)}
    if held & set(words):
        assert not keys.isdisjoint(lowered_word_runs(text)), (text, words)


FUNCTION_WORDS = ["und", "Und", "UND", "der", "nicht", "wird", "dans", "été", "ÉTÉ", "según", "não", "questo", "the"]
function_word_texts = st.lists(st.tuples(st.sampled_from(FUNCTION_WORDS + WORDS), st.sampled_from(BETWEEN)),
                               max_size=8).map(lambda pairs: "".join(w + b for w, b in pairs))


@SETTINGS
@given(text=st.one_of(texts, function_word_texts), lang=st.sampled_from(["en", "de", "fr", "es"]))
def test_function_words_looked_up_only_where_the_word_runs_hold_one(text: str, lang: str) -> None:
    """LG003 without the source: the shortcut (the shared lower-cased word runs hold no key of a suspect
    function word) gives the spans the listed words give."""
    from audit.detectors import language
    from audit.segments import Document

    segment = segment_of(text)
    for src in ("de", "fr", "es", "it", "pt"):
        doc = Document("t", (segment,), src, lang)
        fast = language._untranslated_word_spans(segment, doc)
        with mock.patch.object(language, "_holds_no_suspect_function_word", lambda *args: False):
            assert fast == language._untranslated_word_spans(segment, doc)
