"""BL004's pre-filter (issue 18: per-core speed): `_SourceWords.may_mean`, which lets a target word on to
the alignment only when a source word near it may mean one of its opposites, answers as the plain scan
over every source word does (kept here as the reference): it never skips a word the rule could report."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.bilingual import antonyms
from audit.bilingual.words import tokenize

EXAMPLES = int(os.environ.get("AUDIT_PROPERTY_EXAMPLES", "60"))
SETTINGS = settings(max_examples=EXAMPLES * 5, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# German words that translate, look like, or neither, an English opposite below; function words, names,
# numbers and short words (which no opposite is read of)
SOURCE_WORDS = ["klein", "Kleine", "groß", "Gewinn", "Verlust", "verloren", "Haus", "hause", "nicht", "die",
                "Paris", "3", "12,5", "an", "ab", "Aktiv", "aktiven", "passiv", "Inspiration", "inspirierte",
                "schnell", "langsam", "Minimum", "maximal", "Gains", "lost", "lose"]
ENGLISH = ["small", "large", "gain", "loss", "lost", "active", "passive", "inspired", "fast", "slow", "minimum",
           "maximum", "house", "more", "less", "before", "after", "Öffnung", ""]
TRANSLATIONS = {"small": {"klein", "kleine"}, "large": {"groß"}, "gain": {"gewinn"}, "loss": {"verlust"},
                "lost": {"verloren"}, "fast": {"schnell"}, "slow": {"langsam"}, "house": {"haus"}}


class ToyDictionary:
    """What `_words_for` reads of a pair's dictionary: English word → source words."""

    def target_translations(self, *forms: str) -> frozenset[str]:
        return frozenset().union(*(TRANSLATIONS.get(f, ()) for f in forms))


TOY = ToyDictionary()


def may_mean_plainly(words, src: str, meanings, place: float) -> bool:
    """Every source word an opposite may be read of, within MAX_SHIFT of `place`, tried against every
    meaning: one of its forms among the meaning's translations, or (a content word) a look-alike."""
    placed = [(i / len(words), s) for i, s in enumerate(words) if antonyms._may_oppose(s, "")]
    return any(abs(at - place) <= antonyms.MAX_SHIFT
               and (not antonyms._words_for(TOY, src, t).isdisjoint(s.forms)
                    or (s.is_content and antonyms._look_alike(s, src, t)))
               for at, s in placed for t in meanings)


sources = st.lists(st.sampled_from(SOURCE_WORDS), min_size=1, max_size=12).map(" ".join)


@SETTINGS
@given(source=sources, meanings=st.frozensets(st.sampled_from(ENGLISH), max_size=4),
       place=st.one_of(st.floats(0, 1), st.sampled_from([0.0, 0.2, 0.25, 0.5, 0.8, 1.0])))
def test_source_words_may_mean_what_the_plain_scan_finds(source: str, meanings: frozenset[str], place: float) -> None:
    words = tuple(tokenize(source, "de"))
    if not words:
        return
    fast = antonyms._SourceWords(words).may_mean(TOY, "de", meanings, place)
    assert fast == may_mean_plainly(words, "de", meanings, place), (source, sorted(meanings), place)


def test_the_toy_source_words_reach_both_halves_of_the_test() -> None:
    """The examples above are not vacuous: a translation, a look-alike and a far word each decide one."""
    words = tuple(tokenize("Gewinn und das aktiven Haus", "de"))
    assert antonyms._SourceWords(words).may_mean(TOY, "de", frozenset({"gain"}), 0.0)  # translation
    assert antonyms._SourceWords(words).may_mean(TOY, "de", frozenset({"active"}), 0.6)  # look-alike
    assert not antonyms._SourceWords(words).may_mean(TOY, "de", frozenset({"gain"}), 0.9)  # too far
    assert not antonyms._SourceWords(words).may_mean(TOY, "de", frozenset({"slow"}), 0.5)  # neither


@SETTINGS
@given(source=sources, lang=st.sampled_from(["de", "fr"]))
def test_source_words_listed_as_may_oppose_lets_them_through(source: str, lang: str) -> None:
    """`_source_words_opposable` is `_may_oppose` on a source word (no text after it to read), inline; in
    French a capitalised word within the sentence is a name (in German, any noun)."""
    words = tuple(tokenize(source, lang))
    assert ([i for i, _ in antonyms._source_words_opposable(words)]
            == [i for i, s in enumerate(words) if antonyms._may_oppose(s, "")])


def test_the_opposites_remembered_by_spelling_stay_bounded_and_per_thesaurus(monkeypatch) -> None:
    """`_opposed_by_word` is forgotten at its limit and when another thesaurus is asked (one per run)."""
    monkeypatch.setattr(antonyms, "_OPPOSED_LIMIT", 2)
    monkeypatch.setattr(antonyms, "_opposed", {})
    pairs, other = frozenset({("gain", "loss"), ("loss", "gain")}), frozenset({("fast", "slow"), ("slow", "fast")})
    table = antonyms._opposed_by_word(pairs)
    table.update(gain=frozenset({"loss"}), loss=frozenset({"gain"}))
    assert antonyms._opposed_by_word(pairs) == {}  # at the limit: forgotten
    assert len(table) == 2  # replaced, not cleared: a reader (another thread) keeps a whole table
    antonyms._opposed_by_word(pairs)["fast"] = frozenset()
    assert antonyms._opposed_by_word(other) == {} and pairs not in antonyms._opposed
