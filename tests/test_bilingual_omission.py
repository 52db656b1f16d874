"""The omission layer (audit.bilingual.omission): where an unrendered word belongs, and BL005's name test."""

from __future__ import annotations

import pytest

from audit.bilingual.dictionary import bilingual_dictionary
from audit.bilingual.lexical import align
from audit.bilingual.omission import NAME, WORD, omissions, omitted_names

needs_es_en = pytest.mark.skipif(bilingual_dictionary("es", "en") is None,
                                 reason="the FreeDict es-en dictionaries are not installed")


@needs_es_en
def test_lost_name_is_placed_after_its_neighbours_rendering() -> None:
    target = "Yesterday the minister visited with his wife."
    [found] = omitted_names("Ayer el ministro visitó Valladolid con su esposa.", target, "es", "en")
    assert found.at == target.index("with")
    assert found.suggestion == "Valladolid"


@needs_es_en
def test_a_dropped_dictionary_word_is_a_gap_with_a_surplus() -> None:
    source, target = "El gato negro duerme en la casa.", "The cat sleeps in the house."
    gaps = omissions(align(source, target, "es", "en"), bilingual_dictionary("es", "en"), "es", "en")
    [gap] = [g for g in gaps if g.word.text == "negro"]
    assert gap.kind == WORD and gap.free == 0 and gap.surplus >= 1
    assert gap.bracketed  # cat and sleeps stand next to each other
    assert target[gap.at:].startswith("sleeps")


@needs_es_en
def test_name_gaps_are_names() -> None:
    source, target = "Ayer el ministro visitó Valladolid con su esposa.", "Yesterday the minister visited with his wife."
    gaps = omissions(align(source, target, "es", "en"), bilingual_dictionary("es", "en"), "es", "en")
    assert [g.kind for g in gaps if g.word.text == "Valladolid"] == [NAME]


def test_german_sources_have_no_names() -> None:
    assert omitted_names("Der Mann arbeitet in Hamburg.", "The man works in.", "de", "en") == []
