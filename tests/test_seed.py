"""The seed article's known artifacts are found, with offsets that slice exactly; a correct rendering is clean."""

from __future__ import annotations

import pytest

from audit.api import run_audit
from audit.inputs.readers import read_segments
from conftest import CLEAN, SEED

# (phrase, the text it must sit in, rule family prefix)
KNOWN_ARTIFACTS = [
    ("diet", "Get rid of the diet", "LX"),
    ("inmates", "hundreds of inmates", "LX"),
    ("them Kazakhs", "urged them Kazakhs", "FL"),
    (". .", "social networks. .", "PU"),
    ("two. weeks", "in two. weeks", "PU"),
    ("“", "nobody knows. “", "PU"),
    ("Published on:", "Published on: Amended:", "BP"),
    ("Amended:", "Published on: Amended:", "BP"),
    ("Comments are closed.", "Comments are closed.", "BP"),
]


@pytest.fixture(scope="module")
def seed_result():
    return run_audit(read_segments(str(SEED)), src_lang="fr", file=str(SEED))


@pytest.mark.parametrize(("phrase", "context", "family"), KNOWN_ARTIFACTS, ids=[a[1] for a in KNOWN_ARTIFACTS])
def test_seed_artifact_is_reported(seed_result, phrase: str, context: str, family: str) -> None:
    segments = read_segments(str(SEED))
    found = []
    for row in seed_result.findings.itertuples():
        text = segments[row.line - 1]
        where = text.find(context)
        inside = where >= 0 and where <= row.start and row.end <= where + len(context)
        if row.phrase == phrase and inside and family in row.rule:
            found.append(row)
    assert found, f"{phrase!r} in {context!r} not reported"


def test_seed_offsets_slice_their_phrases(seed_result) -> None:
    segments = read_segments(str(SEED))
    assert len(seed_result.findings) > 0
    for row in seed_result.findings.itertuples():
        assert segments[row.line - 1][row.start:row.end] == row.phrase


def test_seed_mistranslations_are_major(seed_result) -> None:
    majors = seed_result.findings[seed_result.findings["severity"] == "major"]
    assert {"diet", "inmates"} <= set(majors["phrase"])


def test_seed_language_is_detected_as_english(seed_result) -> None:
    assert seed_result.tgt_lang == "en"


def test_correct_rendering_has_no_major_or_critical_finding() -> None:
    result = run_audit(read_segments(str(CLEAN)), src_lang="fr", file=str(CLEAN))
    serious = result.findings[result.findings["severity"].isin(["major", "critical"])]
    assert serious.empty, serious.to_string()
