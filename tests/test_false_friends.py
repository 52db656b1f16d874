"""The false-friend set (corpora/eval/make_false_friends.py) and BL003 on it: the committed sample without
../shared, the full set from ../shared/data where it is present."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from conftest import ROOT

SAMPLE = ROOT / "corpora" / "eval" / "false_friends"


def load_module(path: Path):
    """A script as a module, registered by name (its dataclasses look their module up)."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generator():
    return load_module(ROOT / "bench" / "eval_false_friends.py").generator()


@pytest.fixture(scope="module")
def bench():
    return load_module(ROOT / "bench" / "eval_false_friends.py")


def has_dictionaries(pairs: list[str]) -> bool:
    from audit.bilingual.dictionary import pair_status

    return all(pair_status(*pair.split("-"))["found"] for pair in pairs)


def test_sample_gold_spans_slice_their_phrases() -> None:
    records = [json.loads(line) for line in (SAMPLE / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) >= 15
    for record in records:
        text = (SAMPLE / record["file"]).read_text(encoding="utf-8").split("\n")[record["line"] - 1]
        assert text[record["start"]:record["end"]] == record["phrase"]
        assert record["phrase"].casefold() != record["replaced"].casefold()
        assert record["corpus"] == "diabla" or record["origin"] == "FLORES"  # only CC BY-SA sentences


def test_the_swap_keeps_case_and_plural(generator) -> None:
    segment = generator.CleanPair("de-en", "own", "1", "Die Experten sind da.", "Experts are here.")
    swap = generator.Swap(0, 7, "Expects", "Experten", "Experts")
    assert generator.apply(segment, swap) == "Expects are here."
    assert generator.plural("policy") == "policies" and generator.plural("box") == "boxes"
    assert generator.inflection("experts") == "s" and generator.inflection("expert") == ""
    assert generator.inflection("decided") is None  # a verb form is never replaced


def test_looks_alike_by_its_own_suffix_table(generator) -> None:
    assert "nationality" in generator.english_like("nationalité", "fr")
    assert "defeat" in generator.look_alikes("Defekt", "de")
    assert "finish" not in generator.look_alikes("finden", "de")  # four shared letters, but not alike enough


def test_split_is_stable(generator) -> None:
    a = generator.CleanPair("fr-en", "diabla", "x:1", "s", "t")
    assert a.split == generator.CleanPair("fr-en", "diabla", "x:1", "other", "other").split
    splits = {generator.CleanPair("fr-en", "diabla", f"x:{n}", "s", "t").split for n in range(20)}
    assert splits == {"dev", "test"}


def test_lexicon_words_are_never_planted(generator) -> None:
    assert generator.in_lexicon("fr-en", "actuel", "actual")  # an entry's source trigger
    assert not generator.in_lexicon("de-en", "Defekt", "defeat")


def test_bl003_on_the_committed_sample(bench) -> None:
    """The level measured (recall 0.63, precision 1.00 on the sample; 0.53 when the set was built)."""
    pairs = sorted(p.name.split(".")[0] for p in SAMPLE.glob("*.tgt.txt"))
    if not has_dictionaries(pairs):
        pytest.skip("the FreeDict dictionaries of these pairs are not installed")
    scores = bench.score_sample(SAMPLE)
    found = sum(s.found for s in scores.values())
    planted = sum(s.planted for s in scores.values())
    correct = sum(s.correct for s in scores.values())
    findings = sum(s.findings for s in scores.values())
    assert found / planted >= 0.6
    assert correct / findings >= 0.9


_BUILT: dict = {}


@pytest.fixture
def full_set(shared_data, generator):
    """The whole set, built once per test session (~20 s)."""
    if "items" not in _BUILT:
        _BUILT["items"] = generator.build_set(shared_data)
    return _BUILT["items"]


def test_set_and_sample_are_reproducible(full_set, generator, tmp_path) -> None:
    """The committed sample, written by another process, is what the set gives now (the set is seeded)."""
    items = full_set
    generator.write_sample(items, tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == {p.name: p.read_bytes() for p in SAMPLE.iterdir()}
    positives = [i for i in items if i.swap]
    assert len(positives) >= 150
    assert all(not generator.in_lexicon(i.pair, i.swap.source_word, i.swap.phrase.casefold()) for i in positives)


def test_bl003_on_the_test_half(full_set, generator, bench) -> None:
    """Measured on the test half (docs/evaluation.md): recall 0.75 at precision 1.00 (0.53 before the
    cognate and derivative work of session 23): the issue's target, recall >= 0.70 at precision >= 0.90."""
    if not has_dictionaries(list(generator.PAIRS)):
        pytest.skip("the FreeDict dictionaries are not installed")
    items = [i for i in full_set if i.split == "test"]
    scores = [bench.score_items(items, pair) for pair in generator.PAIRS]
    found, planted = sum(s.found for s in scores), sum(s.planted for s in scores)
    correct, findings = sum(s.correct for s in scores), sum(s.findings for s in scores)
    assert found / planted >= 0.7
    assert correct / findings >= 0.9


def _words(text: str, lang: str, names: tuple[str, ...] = ()) -> list:
    """Words of a text by spaces, every one a content word (its own lemma), `names` capitalised names."""
    from audit.bilingual.words import Word

    words, at = [], 0
    for token in text.split():
        start = text.index(token, at)
        at = start + len(token)
        words.append(Word(start, at, token, lang, is_function=False, is_number=False, is_name=token in names,
                          is_content=True, lemma=token, forms=(token.casefold(),)))
    return words


def test_a_word_said_twice_needs_two_renderings() -> None:
    from audit.bilingual.lexical import COGNATE, Alignment, Link
    from audit.detectors.bilingual import _rendered_elsewhere

    source, target = _words("Strich um Strich", "de"), _words("stroke after strict", "en")
    links = [Link(0, 0, "dictionary"), Link(2, 0, "dictionary"), Link(2, 2, COGNATE)]
    assert _rendered_elsewhere(Alignment(source, target, links), 2) == set()  # one stroke for two Strich
    target = _words("stroke after stroke", "en")
    links = [Link(i, j, "dictionary") for i in (0, 2) for j in (0, 2)]
    assert _rendered_elsewhere(Alignment(source, target, links), 1) == {0, 2}


def test_a_rendering_two_source_words_share_renders_neither() -> None:
    from audit.bilingual.lexical import Alignment, Link
    from audit.detectors.bilingual import _rendered_elsewhere

    source, target = _words("sparst Papier verbraucht", "de"), _words("sparse paper used", "en")
    links = [Link(0, 2, "dictionary"), Link(2, 2, "dictionary"), Link(1, 1, "dictionary")]
    assert _rendered_elsewhere(Alignment(source, target, links), 0) == {1}


def test_a_word_spelt_the_same_carried_over_with_its_neighbour() -> None:
    from audit.bilingual.lexical import Alignment
    from audit.detectors.bilingual import _carried_over

    quoted = Alignment(_words("die First Lady", "de"), _words("the first lady", "en"))
    assert _carried_over(quoted, 1, 1)
    name = Alignment(_words("im American River", "de", ("American",)), _words("the American river", "en", ("American",)))
    assert _carried_over(name, 2, 2)
    before_a_name = Alignment(_words("Mutter Sophie kocht", "de", ("Sophie",)), _words("mutter Sophie cooks", "en", ("Sophie",)))
    assert not _carried_over(before_a_name, 0, 0)


def test_thesaurus_synonyms_are_read_from_group_lines_only() -> None:
    from audit.alignment import synonyms_of as _synonyms

    assert "certainly" in _synonyms("surely", "en")
    assert "good" not in _synonyms("bad", "en")  # '!bad good' is an antonym line
    assert "went" not in _synonyms("go", "en")  # '=went go' is an irregular form
    assert _synonyms("surel", "en") == set()  # whole words only
    assert _synonyms("angst", "xx") == set()  # a language without a thesaurus
