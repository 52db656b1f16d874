"""NU001's spelled-out target numbers (`target_number_words`), skipped at once for a text none of whose
words is a counted number word (issue 18: per-core speed): the same numbers as the plain scan (kept here as
the reference) on any text."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


EXAMPLES = int(os.environ.get("AUDIT_PROPERTY_EXAMPLES", "60"))
SETTINGS = settings(max_examples=EXAMPLES * 5, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# number words in and out of the counted range (one, twelve, hundred), in several casings, inside longer
# words (often, weight), hyphenated (twenty-one), and letters whose case folding changes them
PIECES = ["two", "Two", "TWO", "three", "twelve", "one", "hundred", "twenty-one", "Twenty", "often", "weight",
          "ten", "tens", "ﬁve", "ſix", "SIX", "neun", "zwei", "trois", "x", "ß", "İ", "3", ""]
texts = st.one_of(
    st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from([" ", "-", ", ", ".", "'", ""])), max_size=8).map(
        lambda pairs: "".join(w + b for w, b in pairs)),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
)


@SETTINGS
@given(text=texts, lang=st.sampled_from(["en", "de", "fr", "xx"]))
def test_number_words_are_the_plain_scans(text: str, lang: str) -> None:
    from audit.detectors.numbers import scan_number_words, target_number_words

    assert target_number_words(text, lang) == scan_number_words(text, lang)


def test_number_words_found_in_any_case_and_only_whole() -> None:
    from audit.detectors.numbers import target_number_words

    assert [v for _, _, v in target_number_words("TWO often weighed Twenty tens", "en")] == [{2.0}, {20.0}]
    assert target_number_words("one twelve often", "en") == []
