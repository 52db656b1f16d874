"""The words LG001 compares a target with its source by (`_letter_words`), listed without the joined-text
scan where no digit is there (issue 18: per-core speed): the same words as the plain scan (kept here as
the reference) on any text."""

from __future__ import annotations

import os
import re
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.text import apostrophed_words

EXAMPLES = int(os.environ.get("AUDIT_PROPERTY_EXAMPLES", "60"))
SETTINGS = settings(max_examples=EXAMPLES * 5, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# digits of several scripts, characters NFKC turns into digits or letters (①, ², ﬁ, full-width), apostrophes,
# underscores, addresses, and case mappings that change a word's length
PIECES = ["Haus", "don't", "l’an", "x2", "2x", "12", "١٢", "①", "²", "ﬁne", "ＡＢ１", "a_b", "_", "ß", "İ", "ΟΔΟΣ",
          "www.x.de", "a@b.c", "http://x", "'", "’", "-", "é", "e\u0301", "Ǆ", ""]
texts = st.one_of(
    st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from([" ", "  ", "\t", ",", ".", "-", "'", ""])),
             max_size=10).map(lambda pairs: "".join(w + b for w, b in pairs)),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=30),
)
_ADDRESS = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")
_DIGITLESS_WORD = re.compile(r"(?<!\S)[^\s\d]+(?!\S)")


def letter_words_plainly(text: str) -> tuple[str, ...]:
    """The scan before issue 18: the normalized words joined by spaces, then the digitless ones found."""
    text = _ADDRESS.sub(" ", text)
    return tuple(_DIGITLESS_WORD.findall(" ".join(apostrophed_words(unicodedata.normalize("NFKC", text).casefold()))))


@SETTINGS
@given(text=texts)
def test_letter_words_are_the_plain_scans(text: str) -> None:
    from audit.detectors.language import _letter_words

    assert _letter_words(text) == letter_words_plainly(text)


def test_letter_words_leave_out_words_with_a_digit_of_any_script() -> None:
    from audit.detectors.language import _letter_words

    assert _letter_words("Das Haus x2 ١٢ don't") == ("das", "haus", "don't")
    assert _letter_words("Das Haus von ①") == ("das", "haus", "von")  # NFKC reads ① as 1
