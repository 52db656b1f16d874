"""audit/text.py: the one tokenizer module. Each variant keeps the behaviour of the pattern it replaced."""

from __future__ import annotations

import math

from audit import text


def test_words_join_inner_apostrophes_and_hyphens() -> None:
    assert text.words("Don't re-read l’État's 3-4 notes_1.") == ["Don't", "re-read", "l’État's", "3-4", "notes_1"]
    assert text.count_words("Don't re-read l’État's 3-4 notes_1.") == 5
    assert text.count_words("") == 0 and text.count_words(" - ' ") == 0
    assert [m.span() for m in text.word_spans("a b-c")] == [(0, 1), (2, 5)]


def test_the_variants_differ_only_in_what_joins_a_word() -> None:
    sample = "twenty-one don't l'an"
    assert text.hyphenated_words(sample) == ["twenty-one", "don", "t", "l", "an"]
    assert text.apostrophed_words(sample) == ["twenty", "one", "don't", "l'an"]
    assert text.word_runs(sample) == ["twenty", "one", "don", "t", "l", "an"]
    assert [m.group() for m in text.hyphenated_word_spans(sample)][0] == "twenty-one"
    assert [m.group() for m in text.apostrophed_word_spans(sample)][-1] == "l'an"


def test_letter_words_leave_digits_and_underscores_out() -> None:
    assert [m.group() for m in text.letter_word_spans("x2 isn't a_b well-done")] == ["x", "isn't", "a", "b", "well-done"]
    assert text.has_letter_pair("ab") and not text.has_letter_pair("a 1 b_2")


def test_numbers_are_one_token_in_the_bilingual_tokens() -> None:
    found = [m.group() for m in text.number_or_letter_word_spans("12 000 Euro, 1,5 km; Saint-Denis's")]
    assert found == ["12 000", "Euro", "1,5", "km", "Saint-Denis", "s"]


def test_the_bilingual_tokens_keep_combining_marks_with_their_letters() -> None:
    """Devanagari vowel signs, virama and nukta are not word characters to `re`: "नहीं" stayed "नह"."""
    hindi = "मुझे नहीं पता, 5 करोड़ रुपये।"
    assert [m.group() for m in text.number_or_letter_word_spans(hindi)] == ["मुझे", "नहीं", "पता", "5", "करोड़", "रुपये"]
    assert [m.group() for m in text.letter_word_spans(hindi)] == ["मुझे", "नहीं", "पता", "करोड़", "रुपये"]
    assert text.marked_words("घरमें ठहराना, don't") == ["घरमें", "ठहराना", "don't"]
    assert [m.group() for m in text.letter_word_spans("Я не знаю")] == ["Я", "не", "знаю"]


def test_alignment_tokens_keep_punctuation_marks() -> None:
    assert [m.group() for m in text.token_spans("It's 3.5%, ok?")] == ["It's", "3.5", "%", ",", "ok", "?"]


def test_sentences() -> None:
    assert text.split_sentences("One. Two!\n\nThree") == ["One.", "Two!", "Three"]
    assert text.split_sentences("Mr. smith came. «Then» he left.") == ["Mr. smith came.", "«Then» he left."]
    assert text.sentence_starts("One. Two? three. «Four»") == [0, 5, 17]
    assert text.clause_start("Hola. Qué tal?", 13) == 5
    assert text.clause_start("Qué tal?", 7) == 0
    assert set(".!?…") == set(text.SENTENCE_MARKS)


def test_missing_cells() -> None:
    assert text.is_missing(None) and text.is_missing(float("nan")) and text.is_missing(math.nan)
    assert not text.is_missing("") and not text.is_missing(0.0) and not text.is_missing("nan")
    assert text.text_or_none(float("nan")) is None and text.text_or_none(None) is None
    assert text.text_or_none("en") == "en" and text.text_or_none(3) == "3"


def test_the_module_imports_only_the_standard_library() -> None:
    import ast
    import sys
    from pathlib import Path

    tree = ast.parse(Path(text.__file__).read_text(encoding="utf-8"))
    modules = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    modules |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert {m.split(".")[0] for m in modules} <= set(sys.stdlib_module_names) | {"__future__"}
