"""LG003's pre-filter with the source (issue 18: per-core speed): `_found_in_source` keeps only the
suspect words whose stem is in the source before the target is scanned word by word; the spans are those
of the plain scan over every suspect (the pre-filter left out), on any segment pair."""

from __future__ import annotations

import os
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.detectors import language
from audit.segments import Document, Segment

EXAMPLES = int(os.environ.get("AUDIT_PROPERTY_EXAMPLES", "60"))
SETTINGS = settings(max_examples=EXAMPLES * 5, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# German words left in English targets as they are, inflected (Gesetzes / Gesetz, gemacht / gemachte),
# as names, quoted titles and addresses; English words and names the source lacks
TARGET = ["the", "law", "Gesetz", "Gesetzes", "gemacht", "gemachte", "und", "mit", "Kindergarten", "Bundestag",
          "Müller", "schnell", "schnellen", "Zeitgeist", "quickly", "Berlin", '"Haus am See"', "www.gesetz.de",
          "Regierung", "Regierungs-", "Weltschmerz", "12", "x2"]
SOURCE = ["Das", "Gesetz", "Gesetzes", "wurde", "gemacht", "gemachten", "und", "mit", "Kindergarten", "Müller",
          "schnell", "Regierung", "Haus", "am", "See", "Berlin", "Zeitgeist"]
SEPARATORS = [" ", " ", ", ", ". ", "-"]


def spans(target: str, source: str, plain: bool) -> list[tuple[int, int, str]]:
    segment = Segment("t", 1, target, source)
    doc = Document("t", (segment,), "de", "en")
    if not plain:
        return language._untranslated_word_spans(segment, doc)
    with mock.patch.object(language, "_found_in_source", lambda suspects, _: suspects):
        return language._untranslated_word_spans(segment, doc)


def joined(pieces: list[str]):
    return st.lists(st.tuples(st.sampled_from(pieces), st.sampled_from(SEPARATORS)), min_size=1, max_size=8).map(
        lambda pairs: "".join(w + b for w, b in pairs).strip())


@SETTINGS
@given(target=joined(TARGET), source=joined(SOURCE))
def test_untranslated_words_with_the_source_are_the_plain_scans(target: str, source: str) -> None:
    assert spans(target, source, plain=False) == spans(target, source, plain=True), (target, source)


def test_the_examples_reach_a_span_by_an_inflection() -> None:
    """Not vacuous: a German word left in the target is found when the source has it inflected."""
    found = spans("They have gemachte it quickly", "Sie haben es gemacht", plain=True)
    assert [(a, b) for a, b, _ in found] == [(10, 18)]
    assert spans("They have gemachte it quickly", "Sie haben es gemacht", plain=False) == found
