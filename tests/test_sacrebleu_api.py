"""audit/scores.py reaches into sacrebleu for two private methods (segment_statistics, score_of_statistics):
the public calls would extract every segment's statistics twice and could not sum statistics computed in
other processes. pyproject.toml pins the tested range; these tests fail when a sacrebleu release removes
the methods or changes what they give, so the pin is widened only with passing tests."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
import sacrebleu
from sacrebleu.metrics import BLEU, CHRF, TER

from audit.scores import score_of_statistics, segment_statistics

HYPS = ["The regime is coming to an end, he said.", "Dozens dead and hundreds of inmates.", "Hello .", ""]
REFS = ["The regime is ending, he said.", "Dozens dead and hundreds injured.", "Hi there.", "Nothing."]
MORE = ["He said the regime was over.", "Dozens killed and hundreds wounded.", "Hello.", "Nothing at all."]


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def test_the_installed_sacrebleu_is_in_the_pinned_range() -> None:
    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    spec = next(d for d in pyproject["project"]["dependencies"] if d.startswith("sacrebleu"))
    low, high = re.fullmatch(r"sacrebleu>=([\d.]+),<([\d.]+)", spec).groups()  # an open range is not allowed
    assert _version(low) <= _version(sacrebleu.__version__) < _version(high)


@pytest.mark.parametrize("make", [lambda: BLEU(effective_order=True), CHRF, TER])
def test_statistics_of_one_segment_give_sacrebleus_sentence_score(make) -> None:
    for hyp, ref, more in zip(HYPS, REFS, MORE):
        stats = segment_statistics(make(), [hyp], [[ref], [more]])
        assert len(stats) == 1
        assert score_of_statistics(make(), stats).score == make().sentence_score(hyp, [ref, more]).score


@pytest.mark.parametrize("make", [BLEU, CHRF, TER])
def test_summed_statistics_give_sacrebleus_corpus_score_and_signature(make) -> None:
    stats = segment_statistics(make(), HYPS, [REFS, MORE])
    summed = [sum(column) for column in zip(*stats)]
    ours, theirs = make(), make()
    ours.corpus_score(HYPS[:1], [REFS[:1], MORE[:1]])  # what scores.py does to learn the number of references
    assert score_of_statistics(ours, [summed]).score == theirs.corpus_score(HYPS, [REFS, MORE]).score
    assert str(ours.get_signature()) == str(theirs.get_signature())
