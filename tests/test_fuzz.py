"""A bounded fuzz run of the readers, the format parsers and the detectors (hypothesis, random each run).

Budget: AUDIT_FUZZ_SECONDS per target (5 s by default; CI sets 60 in total). A crash is any exception other
than the one-line AuditError for bad input; crashes found are fixed and kept as regression cases in
`test_fuzz_regressions`."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.api import run_audit
from audit.errors import AuditError
from audit.formats import read_units
from audit.readers import decode_text, decoding, split_segments
from strategies import documents, lines

BUDGET = float(os.environ.get("AUDIT_FUZZ_SECONDS", "15")) / 3
ROUND = settings(max_examples=40, deadline=None, database=None,
                 suppress_health_check=list(HealthCheck))
SAMPLES = sorted((Path(__file__).parent / "data").glob("sample*"))


def for_a_while(test) -> int:
    """Run a hypothesis test round after round (fresh random examples each) until the budget is spent."""
    rounds, end = 0, time.monotonic() + BUDGET
    while time.monotonic() < end:
        test()
        rounds += 1
    return rounds


def mutate(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    out = bytearray(data)
    for position, cut, insert in edits:
        at = position % (len(out) + 1)
        out[at:at + cut] = insert
    return bytes(out)


edits = st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 8), st.binary(max_size=8)), max_size=6)


@ROUND
@given(data=st.binary(max_size=300), encoding=st.sampled_from(["utf-8", "latin-1", "utf-16"]),
       errors=st.sampled_from(["strict", "replace"]))
def fuzz_readers(data: bytes, encoding: str, errors: str) -> None:
    with decoding(encoding, errors):
        try:
            text = decode_text(data, "fuzz")
        except AuditError:
            return
    for segment in split_segments(text):
        assert "\n" not in segment and "\r" not in segment


@ROUND
@given(sample=st.sampled_from(SAMPLES), changes=edits)
def fuzz_formats(sample: Path, changes: list) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / sample.name
        path.write_bytes(mutate(sample.read_bytes(), changes))
        try:
            units = read_units(str(path))
        except AuditError:
            return
    if units is not None:
        assert len(units.targets) == len(units.ids) == len(units.sources) == len(units.references)


@ROUND
@given(targets=documents, sources=st.none() | documents, references=st.none() | documents,
       lang=st.sampled_from(["en", "fr", "de", "es", None]))
def fuzz_detectors(targets, sources, references, lang) -> None:
    sources = (sources + [""] * len(targets))[:len(targets)] if sources is not None else None
    references = (references + [""] * len(targets))[:len(targets)] if references is not None else None
    result = run_audit(targets, sources, references, src_lang="fr" if sources else None, tgt_lang=lang)
    for row in result.findings.itertuples():
        assert targets[row.line - 1][row.start:row.end] == row.phrase


@pytest.mark.parametrize("target", [fuzz_readers, fuzz_formats, fuzz_detectors], ids=lambda t: t.__name__)
def test_fuzz(target) -> None:
    assert for_a_while(target) >= 1


@pytest.mark.parametrize("targets, sources, references", [
    (["²"], ["0"], [""]),  # a superscript digit is a digit to isdigit() but not a number to float()
    (["´ 1"], ["0"], [""]),  # NFKC turns "´" into two characters: offsets must not move
])
def test_fuzz_regressions(targets, sources, references) -> None:
    result = run_audit(targets, sources, references, src_lang="fr", tgt_lang="en")
    for row in result.findings.itertuples():
        assert targets[row.line - 1][row.start:row.end] == row.phrase


def test_fuzz_regression_unknown_xml_encoding(tmp_path) -> None:
    path = tmp_path / "bad.tmx"
    path.write_bytes(b'<?xml version="1.0" encoding="U-TF-8"?>\n<tmx version="1.4"><body/></tmx>\n')
    with pytest.raises(AuditError, match="bad.tmx:1: cannot read the XML"):
        read_units(str(path))
