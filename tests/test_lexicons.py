"""Every lexicon entry flags its own example and stays quiet on its own counter-example."""

from __future__ import annotations

import pytest

from audit.api import run_audit
from audit.detectors.lexicon import CONFIDENCE_WITH_SOURCE, fold, load_lexicons

ENTRIES = load_lexicons()


def entry_findings(entry, target: str, source: str | None = None):
    result = run_audit([target], [source] if source is not None else None, None, entry.src, entry.tgt)
    findings = result.findings
    return findings[findings["evidence"].str.contains(f"{entry.pair}:{entry.id} ", regex=False)]


def first_trigger_word(entry) -> str:
    return entry.source_triggers.pattern.split("(?:", 1)[1].split("|")[0].split("\\w*")[0].split("(?!")[0].replace("\\", "")


@pytest.mark.parametrize("entry", ENTRIES, ids=[f"{e.pair}:{e.id}" for e in ENTRIES])
def test_entry_flags_its_example(entry) -> None:
    found = entry_findings(entry, entry.flag_example)
    assert len(found) >= 1, f"{entry.id} missed: {entry.flag_example}"
    for row in found.itertuples():
        assert entry.flag_example[row.start:row.end] == row.phrase
        assert row.severity == entry.severity


@pytest.mark.parametrize("entry", ENTRIES, ids=[f"{e.pair}:{e.id}" for e in ENTRIES])
def test_entry_passes_its_counter_example(entry) -> None:
    assert entry_findings(entry, entry.pass_example).empty, entry.pass_example


@pytest.mark.parametrize("entry", ENTRIES, ids=[f"{e.pair}:{e.id}" for e in ENTRIES])
def test_entry_needs_its_source_trigger(entry) -> None:
    trigger = first_trigger_word(entry)
    with_trigger = entry_findings(entry, entry.flag_example, f"Il a dit : {trigger} .")
    assert len(with_trigger) >= 1
    assert (with_trigger["confidence"] >= CONFIDENCE_WITH_SOURCE).all()
    assert entry_findings(entry, entry.flag_example, "Rien à voir avec la phrase.").empty


def without_context_cues(entry, text: str) -> str:
    """The text with every `require` cue outside the flagged phrase blanked out (same length)."""
    if entry.require is None:
        return text
    folded = fold(text)
    assert len(folded) == len(text)  # the examples fold letter for letter
    flagged = entry.wrong.search(text)
    for cue in entry.require.finditer(folded):
        if cue.end() <= flagged.start() or cue.start() >= flagged.end():
            text = text[:cue.start()] + "x" * (cue.end() - cue.start()) + text[cue.end():]
    return text


@pytest.mark.parametrize("entry", ENTRIES, ids=[f"{e.pair}:{e.id}" for e in ENTRIES])
def test_entry_fires_without_context_cues_when_the_source_has_its_trigger(entry) -> None:
    """With the source given, the trigger stands in for the context cues: the flag example with its cue words
    blanked out is flagged when the source holds the trigger, and not without it."""
    bare = without_context_cues(entry, entry.flag_example)
    found = entry_findings(entry, bare, f"{first_trigger_word(entry)}.")
    assert len(found) >= 1, bare
    assert entry_findings(entry, bare, "Rien à voir.").empty


def test_lexicons_have_enough_entries_per_pair() -> None:
    pairs: dict[str, int] = {}
    for entry in ENTRIES:
        pairs[entry.pair] = pairs.get(entry.pair, 0) + 1
    for pair in ("fr-en", "es-en", "de-en", "it-en", "pt-en", "en-fr", "en-es", "en-de"):
        assert pairs.get(pair, 0) >= 40, pair
    ids = [(e.pair, e.id) for e in ENTRIES]
    assert len(ids) == len(set(ids))
