"""Output safety (issue 13), the parts the hostile matrix cannot show as rows: the spreadsheet guard is
undone exactly for any text, control characters never survive `visible`, JUnit XML is well-formed for any
text, and an unsafe report path is refused before any audit work starts."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest
from hypothesis import given, settings, strategies as st

from audit.errors import AuditError
from audit.findings import Finding, to_frame
from audit.report.outputs import FORMULA_STARTS, INVISIBLE, spreadsheet_original, spreadsheet_safe, visible, xml_text
from audit.report import findings_to_text, read_report, write_report

DANGEROUS = st.sampled_from([*FORMULA_STARTS, "'", ""])
CELLS = st.builds(lambda head, tail: head + tail, DANGEROUS, st.text(max_size=20))


@given(CELLS)
def test_spreadsheet_guard_is_undone_exactly_and_leaves_no_formula(text: str) -> None:
    safe = spreadsheet_safe(text)
    assert spreadsheet_original(safe) == text
    assert not safe.startswith(FORMULA_STARTS)


@given(CELLS, CELLS)
def test_spreadsheet_guard_is_injective(first: str, second: str) -> None:
    assert (spreadsheet_safe(first) == spreadsheet_safe(second)) == (first == second)


def _finding(phrase: str, file: str = "f.txt", suggestion: str = "") -> Finding:
    return Finding(file, 1, 0, len(phrase), phrase, "PU001", "fluency/punctuation", "minor", suggestion, "e", 0.9)


@settings(max_examples=30, deadline=None)
@given(st.lists(CELLS.filter(lambda t: "\r" not in t and "\n" not in t), min_size=1, max_size=4))
def test_csv_report_round_trips_through_the_guard(tmp_path_factory, phrases: list[str]) -> None:
    path = tmp_path_factory.mktemp("r") / "r.csv"
    frame = to_frame([_finding(p or "x", file=p or "f", suggestion=p) for p in phrases])
    write_report(frame, path, "csv", {"options": {"csv_safe": True}})
    back = read_report(path)
    assert back["phrase"].tolist() == frame["phrase"].tolist()
    assert back["file"].tolist() == frame["file"].tolist()
    assert back["suggestion"].tolist() == frame["suggestion"].tolist()


def test_csv_raw_writes_cells_as_they_are(tmp_path) -> None:
    path = tmp_path / "r.csv"
    write_report(to_frame([_finding("=1+2")]), path, "csv", {"options": {"csv_safe": False}})
    assert "\n=1+2" not in path.read_text() and ",=1+2," in path.read_text()
    assert read_report(path)["phrase"].tolist() == ["=1+2"]


@given(st.text())
def test_visible_text_holds_no_control_characters(text: str) -> None:
    shown = visible(text)
    assert not INVISIBLE.search(shown)
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=1, max_size=30), st.text(max_size=10))
def test_junit_report_is_well_formed_for_any_text(phrase: str, file: str) -> None:
    text = findings_to_text(to_frame([_finding(phrase, file=file or "f", suggestion=phrase)]), "junit")
    ElementTree.fromstring(text.split("\n", 1)[1] if text.startswith("<?xml") else text)
    assert xml_text("\x1b") == "\\u001b"


def test_unsafe_output_is_refused_before_the_audit(tmp_path, monkeypatch) -> None:
    """The refusal costs nothing: no input is read, no audit runs."""
    import audit.api
    from audit.engine.settings import RunSettings

    def no_audit(*args, **kwargs):
        raise AssertionError("the audit ran before the output path was checked")

    monkeypatch.setattr(audit.api, "audit_prepared", no_audit)
    monkeypatch.setattr(audit.api, "audit_streamed", no_audit)
    monkeypatch.setattr(audit.api, "run_partitioned", no_audit)
    monkeypatch.setattr(audit.api, "load_input", no_audit)
    target = tmp_path / "mt.txt"
    target.write_text("He said the regime was over.. Nobody knows.\n")
    for fmt in ("csv", "json"):
        with pytest.raises(AuditError, match="is an input"):
            audit.api.run_check(str(target), RunSettings(tgt_lang="en", output=str(target), fmt=fmt))
    policy = tmp_path / "policy.toml"
    policy.write_text("[gate]\n")
    with pytest.raises(AuditError, match="is an input"):
        audit.api.run_check(str(target), RunSettings(tgt_lang="en", output=str(policy), protected=(str(policy),)))
    assert target.read_text().startswith("He said")


def test_html_report_shows_control_characters_as_escapes(tmp_path) -> None:
    """The review page holds no raw control character (HTML forbids most; a terminal or a copy would act on
    them): a segment carrying ESC and BEL shows them as \\x1b and \\x07."""
    from audit.api import run_audit

    target = "He said the regime was over.. \x1b[31mNobody\x07 knows."
    result = run_audit([target], tgt_lang="en", file="feed\x1b]0;pwned\x07.txt")
    out = tmp_path / "r.html"
    write_report(result.findings, out, "html", result.meta(), result.segments)
    page = out.read_text(encoding="utf-8")
    assert not INVISIBLE.search(page.replace("\n", "").replace("\t", ""))
    assert "\\x1b" in page and "Nobody\\x07" in page and "feed\\x1b]0;pwned\\x07.txt" in page
