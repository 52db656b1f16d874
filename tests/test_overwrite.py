"""`-o` replaces only what audit wrote: our own previous report (as its meta file records it), an audit
meta file, a scores table, an audit baseline, a lexicon `audit mine` wrote; anything else is refused
(one line, exit 2, nothing written) unless `--overwrite` says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from audit.cli import main
from audit.errors import AuditError
from conftest import SEED

TEXT = "He said the regime was over.. Nobody knows.\n"
REFUSED = "refusing to replace it (give --overwrite"


def audit(capsys, *args: str) -> tuple[int, str]:
    """Run the command line in this process: its exit code and stderr."""
    capsys.readouterr()
    with pytest.raises(SystemExit) as done:
        main(list(args))
    return done.value.code, capsys.readouterr().err


def assert_refused(code: int, err: str, *needles: str) -> None:
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    for needle in (REFUSED, *needles):
        assert needle in err, err


@pytest.fixture
def work(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mt.txt").write_text(TEXT, encoding="utf-8")
    return tmp_path


def test_a_foreign_file_at_o_is_refused_before_the_audit(work, capsys) -> None:
    (work / "notes.txt").write_text("precious\n")
    code, err = audit(capsys, "check", "mt.txt", "--tgt-lang", "en", "-o", "notes.txt")
    assert_refused(code, err, "notes.txt: exists and is not a report audit wrote")
    assert (work / "notes.txt").read_text() == "precious\n"
    assert sorted(p.name for p in work.iterdir()) == ["mt.txt", "notes.txt"]  # no meta file, no temporary


def test_overwrite_replaces_a_foreign_file(work, capsys) -> None:
    (work / "notes.txt").write_text("precious\n")
    code, err = audit(capsys, "check", "mt.txt", "--tgt-lang", "en", "-o", "notes.txt", "--overwrite")
    assert code == 0, err
    assert (work / "notes.txt").read_text().startswith("file,line,")


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "json", "html", "parquet", "sarif", "junit", "github"])
def test_our_previous_report_is_replaced_in_every_format(work, capsys, fmt) -> None:
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    out = f"out.{fmt}"
    for text in (TEXT, TEXT + "Another line.. here.\n"):
        (work / "mt.txt").write_text(text, encoding="utf-8")
        code, err = audit(capsys, "check", "mt.txt", "--tgt-lang", "en", "--format", fmt, "-o", out)
        assert code == 0, err
    assert (work / out).stat().st_size > 0


def test_our_previous_po_report_is_replaced(work, capsys) -> None:
    (work / "fr.po").write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n\nmsgid "Il a dit."\n'
                                'msgstr "He said the regime was over.. Nobody knows."\n', encoding="utf-8")
    for _ in range(2):
        code, err = audit(capsys, "check", "fr.po", "--format", "po", "-o", "out.po")
        assert code == 0, err


def test_default_report_path_is_replaced_on_a_second_run(work, capsys) -> None:
    for _ in range(2):
        code, err = audit(capsys, "check", "mt.txt", "--tgt-lang", "en")
        assert code == 0, err
        code, err = audit(capsys, "gate", "mt.txt", "--tgt-lang", "en", "--warn-only")
        assert code == 0, err
    assert (work / "reports" / "mt.audit.csv").is_file()


def test_a_report_with_its_reference_scores_is_replaced(work, capsys) -> None:
    (work / "ref.txt").write_text("He said the regime was over. Nobody knows.\n", encoding="utf-8")
    for fmt in ("csv", "json", "csv"):
        code, err = audit(capsys, "check", "mt.txt", "--tgt-lang", "en", "--ref", "ref.txt", "--format", fmt,
                          "-o", "out.report")
        assert code == 0, err
    assert (work / "out.report.segments.csv").is_file()


def test_a_report_changed_since_it_was_written_is_refused(work, capsys) -> None:
    assert audit(capsys, "check", "mt.txt", "--tgt-lang", "en", "-o", "out.csv")[0] == 0
    with open(work / "out.csv", "a") as handle:
        handle.write("my own note\n")
    edited = (work / "out.csv").read_bytes()
    code, err = audit(capsys, "check", "mt.txt", "--tgt-lang", "en", "-o", "out.csv")
    assert_refused(code, err, "changed since")
    assert (work / "out.csv").read_bytes() == edited
    assert audit(capsys, "check", "mt.txt", "--tgt-lang", "en", "-o", "out.csv", "--overwrite")[0] == 0


def test_a_file_with_a_meta_file_of_another_report_is_refused(work, capsys) -> None:
    """A meta file beside it is not enough: it must record this file's bytes."""
    assert audit(capsys, "check", "mt.txt", "--tgt-lang", "en", "-o", "out.csv")[0] == 0
    (work / "out.csv").write_text("file,line\nsomeone else's table of the same name\n")
    code, err = audit(capsys, "check", "mt.txt", "--tgt-lang", "en", "-o", "out.csv")
    assert_refused(code, err, "out.csv: exists")


@pytest.mark.parametrize("name, what", [("out.csv.meta.json", "a meta file audit wrote"),
                                        ("out.csv.segments.csv", "a scores table audit wrote")])
def test_a_foreign_file_at_the_meta_or_scores_path_is_refused(work, capsys, name, what) -> None:
    (work / name).write_text('{"mine": true}\n')
    code, err = audit(capsys, "check", "mt.txt", "--tgt-lang", "en", "-o", "out.csv")
    assert_refused(code, err, f"{name}: exists and is not {what}")
    assert (work / name).read_text() == '{"mine": true}\n' and not (work / "out.csv").exists()


def test_a_meta_file_left_without_its_report_is_ours_to_replace(work, capsys) -> None:
    assert audit(capsys, "check", "mt.txt", "--tgt-lang", "en", "-o", "out.csv")[0] == 0
    (work / "out.csv").unlink()
    assert audit(capsys, "check", "mt.txt", "--tgt-lang", "en", "-o", "out.csv")[0] == 0


def test_a_foreign_file_named_like_the_scores_table_is_never_removed(work, capsys) -> None:
    """A run without scores removes an earlier run's scores table, but not a file that only has its name
    (here replaced with --overwrite, which replaces what the run writes, not what it does not)."""
    (work / "out.csv.segments.csv").write_text("precious\n")
    assert audit(capsys, "check", "mt.txt", "--tgt-lang", "en", "-o", "out.csv", "--overwrite")[0] == 0
    assert (work / "out.csv.segments.csv").read_text() == "precious\n"


def test_gate_refuses_a_foreign_file_at_o(work, capsys) -> None:
    (work / "notes.txt").write_text("precious\n")
    code, err = audit(capsys, "gate", "mt.txt", "--tgt-lang", "en", "-o", "notes.txt")
    assert_refused(code, err, "notes.txt")
    assert (work / "notes.txt").read_text() == "precious\n"


@pytest.mark.parametrize("streamed", [True, False])
def test_a_file_made_at_the_report_path_during_the_audit_is_not_replaced(work, streamed) -> None:
    """The commit checks again (the audit may have taken hours): the file appeared meanwhile."""
    from audit.findings import empty_findings
    from audit.report.writers import ReportParts, WholeReport

    out = work / "out.csv"
    sink = ReportParts(out, "csv") if streamed else WholeReport(out, "csv")
    with sink:
        sink.add(empty_findings())
        out.write_text("precious\n")
        with pytest.raises(AuditError, match="out.csv: exists and is not a report audit wrote"):
            sink.commit({"counts": {}})
    assert out.read_text() == "precious\n"
    assert sorted(p.name for p in work.iterdir()) == ["mt.txt", "out.csv"]


def test_baseline_replaces_only_a_baseline(work, capsys) -> None:
    (work / "notes.json").write_text('{"notes": []}\n')
    code, err = audit(capsys, "baseline", "mt.txt", "--tgt-lang", "en", "-o", "notes.json")
    assert_refused(code, err, "notes.json: exists and is not an audit baseline")
    assert (work / "notes.json").read_text() == '{"notes": []}\n'
    for _ in range(2):
        assert audit(capsys, "baseline", "mt.txt", "--tgt-lang", "en", "-o", "base.json")[0] == 0
    edited = (work / "base.json").read_text().replace('"count": 1', '"count": 2')  # edited by hand: still ours
    (work / "base.json").write_text(edited)
    assert audit(capsys, "baseline", "mt.txt", "--tgt-lang", "en", "-o", "base.json")[0] == 0
    assert audit(capsys, "baseline", "mt.txt", "--tgt-lang", "en", "-o", "notes.json", "--overwrite")[0] == 0
    assert '"baseline_version"' in (work / "notes.json").read_text()


def test_mine_replaces_only_a_lexicon_it_wrote(work, capsys) -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines()[:5]
    (work / "hyp.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (work / "ref.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (work / "mine.tsv").write_text("my lexicon\n")
    args = ("mine", "--hyp", "hyp.txt", "--ref", "ref.txt", "--tgt-lang", "en")
    code, err = audit(capsys, *args, "-o", "mine.tsv")
    assert_refused(code, err, "mine.tsv: exists and is not a lexicon `audit mine` wrote")
    assert (work / "mine.tsv").read_text() == "my lexicon\n"
    for _ in range(2):
        assert audit(capsys, *args, "-o", "mined.tsv")[0] == 0
    assert audit(capsys, *args, "-o", "mine.tsv", "--overwrite")[0] == 0
    assert (work / "mine.tsv").read_text().startswith("# Candidate lexicon entries mined by `audit mine`")
