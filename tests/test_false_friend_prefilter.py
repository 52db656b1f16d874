"""BL003's pre-filter (issue 18: per-core speed): `_may_have_false_friend`, which lets a segment on to the
alignment only when some word pair of it passes `_judge_pair`, answers as the plain scan over every pair
of eligible words does (kept here as the reference): its shortcuts (source words grouped by first letter,
verdicts remembered per pair) never skip a pair the rule could report."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.bilingual.dictionary import bilingual_dictionary
from audit.bilingual.words import tokenize
from audit.detectors import bilingual

EXAMPLES = int(os.environ.get("AUDIT_PROPERTY_EXAMPLES", "60"))
SETTINGS = settings(max_examples=EXAMPLES * 3, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# false friends (Gift/gift, Fabrik/fabric, eventuell/eventually), cognates that translate each other
# (Konkurrenz, Menü), words only one dictionary knows or none does, function words and numbers
GERMAN = ["Gift", "Fabrik", "eventuell", "Rat", "Handy", "Brand", "Mist", "Chef", "bekommen", "aktuell",
          "Konkurrenz", "Menü", "Kritik", "Quarkzzz", "Giftzzz", "und", "die", "3", "Art"]
ENGLISH = ["gift", "Gift", "fabric", "eventually", "rat", "handy", "brand", "mist", "chef", "become", "actual",
           "competition", "menu", "critic", "quarkzzz", "giftzzz", "fabrik", "and", "the", "12", "art"]


@pytest.fixture(scope="module")
def german_english():
    pair = bilingual_dictionary("de", "en")
    if pair is None:
        pytest.skip("the FreeDict deu-eng dictionary is not installed")
    return pair


def may_have_plainly(pair, source: str, target: str) -> bool:
    """Every eligible target word against every source content word that is no name, judged afresh."""
    return any(bilingual._judge_pair(pair, s, t, "de", "en") is not None
               for t in tokenize(target, "en") if bilingual._may_be_false_friend(t)
               for s in tokenize(source, "de") if s.is_content and not s.is_name)


@SETTINGS
@given(source=st.lists(st.sampled_from(GERMAN), min_size=1, max_size=6).map(" ".join),
       target=st.lists(st.sampled_from(ENGLISH), min_size=1, max_size=6).map(" ".join))
def test_may_have_false_friend_is_the_plain_scan(german_english, source: str, target: str) -> None:
    fast = bilingual._may_have_false_friend(german_english, source, target, "de", "en")
    assert fast == may_have_plainly(german_english, source, target), (source, target)


def test_the_examples_reach_both_answers(german_english) -> None:
    """Not vacuous: a false friend lets the segment through, its cognate that translates it does not, and a
    look-alike only one dictionary knows is let through by neither path."""
    assert bilingual._may_have_false_friend(german_english, "die Fabrik", "the fabric", "de", "en")
    assert bilingual._may_have_false_friend(german_english, "eventuell", "eventually", "de", "en")
    assert not bilingual._may_have_false_friend(german_english, "Konkurrenz Menü", "competition menu", "de", "en")
    assert not bilingual._may_have_false_friend(german_english, "Giftzzz", "giftzzz", "de", "en")


def spelt_alike_plainly(s, t, src: str, tgt: str) -> bool:
    """`_spelt_alike` read in one go: both similarities taken, the shared start always counted."""
    from audit.bilingual.script import across_scripts
    from audit.bilingual.words import cognate_similarity, fold_accents

    if fold_accents(s.text)[:1] != fold_accents(t.text)[:1] or across_scripts(s.text, t.text):
        return False
    if set(s.forms) & set(t.forms):
        return True
    similarity = max(cognate_similarity(s.text, src, t.text, tgt), cognate_similarity(s.lemma, src, t.lemma, tgt))
    if similarity >= bilingual.FALSE_FRIEND_SIMILARITY:
        return True
    source = fold_accents(s.text)
    shared = bilingual._shared_start(source, fold_accents(t.text))
    return (similarity >= bilingual.FALSE_FRIEND_LOOSER_SIMILARITY and shared >= bilingual.FALSE_FRIEND_SHARED_START
            and (len(s.text) >= bilingual.FALSE_FRIEND_LOOSER_MIN_LENGTH or shared >= len(source)))


# look-alikes near both thresholds, inflected forms (a lemma unlike the surface), short words
ALIKE_GERMAN = GERMAN + ["Defekt", "Experte", "Pläne", "statt", "Brände", "Konkurrenten", "aktuellen", "Nationalität",
                         "Fabriken", "chatten", "Partnerin", "Größe", "Planeten"]
ALIKE_ENGLISH = ENGLISH + ["defeat", "expect", "planets", "state", "brands", "concurrent", "actually", "nationality",
                           "fabrics", "chat", "partner", "gross", "planet", "experts"]


@SETTINGS
@given(source=st.sampled_from(ALIKE_GERMAN), target=st.sampled_from(ALIKE_ENGLISH))
def test_spelt_alike_is_the_plain_test(source: str, target: str) -> None:
    """`_spelt_alike` takes the lemmas' similarity only where a lemma differs from its surface, and counts the
    shared start only where the similarity is within the looser bound: the same answer as in one go."""
    s, t = tokenize(source, "de")[0], tokenize(target, "en")[0]
    assert bilingual._spelt_alike(s, t, "de", "en") == spelt_alike_plainly(s, t, "de", "en"), (source, target)


def test_the_look_alikes_reach_each_answer() -> None:
    """Not vacuous: the pairs above are alike by spelling, by similarity, by the looser bound, and not."""
    def alike(source: str, target: str) -> bool:
        return bilingual._spelt_alike(tokenize(source, "de")[0], tokenize(target, "en")[0], "de", "en")

    assert alike("Brand", "brand") and alike("Nationalität", "nationality") and alike("Defekt", "defeat")
    assert not alike("statt", "state") and not alike("Rat", "art")
