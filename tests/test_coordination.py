"""The coordination word list FL004 reads: its words are matched case-blind, so they are written in lower case."""

from __future__ import annotations

from audit.corpora import word_rows
from audit.detectors.fluency import coordination_words


def test_the_coordination_list_is_written_in_lower_case() -> None:
    rows = word_rows("coordination.tsv")
    assert rows
    assert [r["word"] for r in rows if r["word"] != r["word"].casefold()] == []


def test_german_capitals_are_no_sign_of_a_name_but_english_ones_are() -> None:
    assert coordination_words("de").capitalised_nouns
    assert not coordination_words("en").capitalised_nouns
