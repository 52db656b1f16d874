"""The findings table: schema, merging of rules on one span, CSV/JSONL round trips, atomic replacement."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import audit
from audit.errors import AuditError
from audit.findings import COLUMNS, Finding, merge_findings, to_frame
from audit.report import read_report, write_report


def finding(rule: str, severity: str, category: str, start: int = 0, end: int = 4, confidence: float = 0.5):
    return Finding("f", 1, start, end, "diet", rule, category, severity, f"sugg-{rule}", f"ev-{rule}", confidence)


def test_same_span_merges_into_one_row() -> None:
    merged = merge_findings([
        finding("PU001", "minor", "fluency/punctuation"),
        finding("LX001", "major", "accuracy/mistranslation"),
    ])
    assert len(merged) == 1
    row = merged[0]
    assert row.rule == "LX001+PU001"
    assert row.severity == "major" and row.category == "accuracy/mistranslation"
    assert row.suggestion == "sugg-LX001"
    assert "ev-LX001" in row.evidence and "ev-PU001" in row.evidence
    assert row.confidence == pytest.approx(0.75)


def test_different_spans_stay_apart_and_sort_by_start() -> None:
    merged = merge_findings([finding("B", "minor", "x", 5, 9), finding("A", "minor", "x", 0, 4)])
    assert [f.start for f in merged] == [0, 5]


@pytest.mark.parametrize("host, reference, folded", [
    ((0, 4), (0, 6), True),     # the same phrase, the reference's a little wider: one row
    ((0, 10), (9, 25), False),  # touching at one character: two rows
    ((20, 23), (0, 40), False),  # a word inside a sentence-wide finding (RF005): two rows
    ((3, 3), (0, 6), False),    # an omission point inside the reference's span: two rows
    ((0, 8), (4, 4), True),     # a zero-width reference finding inside the host: one row
])
def test_reference_finding_folds_only_into_a_finding_overlapping_half_of_it(host, reference, folded) -> None:
    merged = merge_findings([finding("FL003", "major", "fluency/grammar", *host),
                             finding("RF005", "major", "accuracy/mistranslation", *reference)])
    assert (len(merged) == 1) == folded
    if folded:
        assert merged[0].rule == "FL003+RF005" and (merged[0].start, merged[0].end) == host


def test_api_returns_the_documented_schema() -> None:
    frame = audit.check(["Get rid of the diet, the opposition leader said of the regime."], src_lang="fr", tgt_lang="en")
    assert list(frame.columns) == list(COLUMNS)
    assert str(frame["line"].dtype) == "int64" and str(frame["confidence"].dtype) == "float64"
    assert "diet" in set(frame["phrase"])


def test_api_accepts_a_dataframe() -> None:
    table = pd.DataFrame({"target": ["The clashes left ten dead and dozens of inmates."],
                          "source": ["Les heurts ont fait dix morts et des dizaines de blessés."]})
    frame = audit.check(table, src_lang="fr", tgt_lang="en")
    assert list(frame["phrase"]) == ["inmates"]


def test_api_rejects_misaligned_sources() -> None:
    with pytest.raises(AuditError, match="line-aligned"):
        audit.check(["one", "two"], sources=["un"], tgt_lang="en")


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_report_round_trips(tmp_path, fmt: str) -> None:
    frame = to_frame([finding("LX001", "major", "accuracy/mistranslation"),
                      Finding("f", 2, 0, 3, 'a,"b', "PU001", "fluency/punctuation", "minor", "", "", 0.9)])
    path = tmp_path / f"r.{fmt}"
    write_report(frame, path, fmt, {"counts": {}})
    back = read_report(path)
    pd.testing.assert_frame_equal(back, frame)
    assert json.loads((tmp_path / f"r.{fmt}.meta.json").read_text())["counts"] == {}


def test_empty_report_keeps_its_header(tmp_path) -> None:
    path = tmp_path / "empty.csv"
    write_report(to_frame([]), path, "csv", {})
    assert path.read_text() == ",".join(COLUMNS) + "\n"
    assert read_report(path).empty


def test_failed_write_keeps_the_previous_report(tmp_path, monkeypatch) -> None:
    path = tmp_path / "r.csv"
    path.write_text("previous\n")

    def explode(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("audit.report.writers.os.replace", explode)
    with pytest.raises(AuditError):
        write_report(to_frame([finding("LX001", "major", "a")]), path, "csv", {})
    assert path.read_text() == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["r.csv"]
