"""The bilingual layer's tokens, built the fast way (issue 18: per-core speed): the same words, field by
field, as the plain reading of each token kept here as the reference, on any text."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.bilingual import words
from audit.text import number_or_letter_word_spans

EXAMPLES = int(os.environ.get("AUDIT_PROPERTY_EXAMPLES", "60"))
SETTINGS = settings(max_examples=EXAMPLES * 5, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# contractions with both apostrophes, names after sentence ends and quotes, German nouns, numbers
PIECES = ["won", "don", "t", "'t", "’t", "Won't", "They", "Paris", "Haus", "der", "Die", "12 000", "1,5", "the",
          "«", "—", "-", "A", "x", "ß", "İ", ""]
texts = st.one_of(
    st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from([" ", "'", "’", ". ", "! «", ", ", "\n", ""])),
             max_size=10).map(lambda pairs: "".join(w + b for w, b in pairs)),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
)


def tokens_plainly(text: str, lang: str) -> list[dict]:
    """Each token's fields, read one by one."""
    found = []
    for match in number_or_letter_word_spans(text):
        token, (start, end) = match.group(), match.span()
        is_number, closed, lemma, forms = words._spelling(token, lang)
        is_function = closed or text[end:end + 2] in ("'t", "’t")
        found.append(dict(
            start=start, end=end, text=token, lang=lang, is_function=is_function, is_number=is_number,
            is_name=not is_number and token[0].isupper() and not (lang == "de" and not closed)
            and not words._starts_sentence(text, start),
            is_content=not is_function and not is_number and len(token) > 2, lemma=lemma, forms=forms))
    return found


@SETTINGS
@given(text=texts, lang=st.sampled_from(["en", "de", "fr"]))
def test_tokens_are_the_plain_reading(text: str, lang: str) -> None:
    assert [w._asdict() for w in words.tokenize(text, lang)] == tokens_plainly(text, lang)


def test_a_word_is_read_by_name_built_alike_by_keyword_and_immutable() -> None:
    """tokenize builds its words the fast way; they are what the keyword constructor builds, and frozen."""
    word = words.tokenize("Sie gewann nicht.", "de")[1]
    fields = dict(start=4, end=10, text="gewann", lang="de", is_function=False, is_number=False, is_name=False,
                  is_content=True, lemma=word.lemma, forms=word.forms)
    assert word == words.Word(**fields) and hash(word) == hash(words.Word(**fields))
    assert (word.start, word.end, word.text, word.is_content, word.forms[0]) == (4, 10, "gewann", True, "gewann")
    with pytest.raises(AttributeError):
        word.text = "verlor"  # type: ignore[misc]


def test_the_remembered_token_readings_stay_bounded(monkeypatch) -> None:
    """The per-language table of token readings is forgotten at its limit: it never holds more than the
    limit plus one text's tokens, and the words read after it is forgotten are the same."""
    monkeypatch.setattr(words, "_READINGS_LIMIT", 5)
    monkeypatch.setattr(words, "_readings", {})
    texts = [f"Der Hund {n} lief nicht weit, sagte Anna {n}." for n in range(20)]
    for text in texts:
        assert [w._asdict() for w in words.tokenize(text, "de")] == tokens_plainly(text, "de")
        assert len(words._readings["de"]) <= 5 + len(list(number_or_letter_word_spans(text)))
