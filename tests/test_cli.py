"""The command line as a user meets it: the happy path, the summary, and one-line errors with exit 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEED


def run(*args: str, cwd: Path | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "audit", *args], cwd=cwd or ROOT, input=stdin,
                          capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


def assert_one_line_error(proc: subprocess.CompletedProcess, *needles: str) -> None:
    err = proc.stderr.decode()
    assert proc.returncode == 2, err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    for needle in needles:
        assert needle in err


def test_check_seed_writes_report_and_summary(tmp_path) -> None:
    out = tmp_path / "seed.csv"
    proc = run("check", str(SEED), "--src-lang", "fr", "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    text = proc.stdout.decode()
    assert "segments" in text and "words" in text and "major" in text and str(out) in text
    assert out.read_text(encoding="utf-8").startswith("file,line,start,end,phrase,rule,category")
    meta = json.loads(Path(str(out) + ".meta.json").read_text())
    assert meta["counts"]["segments"] == 51 and meta["languages"]["target"] == "en"
    assert meta["signature"].startswith("audit:")


def test_default_report_path(tmp_path) -> None:
    target = tmp_path / "feed.txt"
    target.write_text("He said that the the talks failed.\n")
    proc = run("check", str(target), "--tgt-lang", "en", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert (tmp_path / "reports" / "feed.audit.csv").exists()


def test_stdin_and_jsonl(tmp_path) -> None:
    proc = run("check", "-", "--tgt-lang", "en", "--format", "jsonl", cwd=tmp_path,
               stdin="He said that the the talks failed.\n".encode())
    assert proc.returncode == 0, proc.stderr.decode()
    rows = [json.loads(line) for line in (tmp_path / "reports" / "stdin.audit.jsonl").read_text().splitlines()]
    assert rows[0]["phrase"] == "the the" and rows[0]["file"] == "<stdin>"


def test_blank_lines_keep_numbering(tmp_path) -> None:
    target = tmp_path / "t.txt"
    target.write_bytes("\r\n\r\nHe said that the the talks failed.\r\n".encode())
    out = tmp_path / "r.csv"
    assert run("check", str(target), "--tgt-lang", "en", "-o", str(out)).returncode == 0
    assert out.read_text().splitlines()[1].split(",")[1] == "3"


def test_empty_target_gives_header_only(tmp_path) -> None:
    target = tmp_path / "empty.txt"
    target.write_bytes(b"")
    out = tmp_path / "r.csv"
    proc = run("check", str(target), "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    assert out.read_text().strip() == "file,line,start,end,phrase,rule,category,severity,suggestion,evidence,confidence,id,fingerprint"


def test_missing_file(tmp_path) -> None:
    assert_one_line_error(run("check", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "r.csv")), "nope.txt", "no such file")
    assert not (tmp_path / "r.csv").exists()


def test_directory(tmp_path) -> None:
    assert_one_line_error(run("check", str(tmp_path), "-o", str(tmp_path / "r.csv")), "directory")


def test_invalid_utf8_names_line_and_byte(tmp_path) -> None:
    target = tmp_path / "latin1.txt"
    target.write_bytes("fine line\nrégime\n".encode("latin-1"))
    proc = run("check", str(target), "-o", str(tmp_path / "r.csv"))
    assert_one_line_error(proc, "latin1.txt", "UTF-8", "line 2", "byte offset 11")
    assert not (tmp_path / "r.csv").exists()


def test_binary_data(tmp_path) -> None:
    target = tmp_path / "blob.bin"
    target.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert_one_line_error(run("check", str(target), "-o", str(tmp_path / "r.csv")), "blob.bin", "binary")


@pytest.mark.parametrize("option", ["--src", "--ref"])
def test_misaligned_side_file(tmp_path, option: str) -> None:
    target, side = tmp_path / "t.txt", tmp_path / "side.txt"
    target.write_text("one\ntwo\nthree\n")
    side.write_text("un\ndeux\n")
    proc = run("check", str(target), option, str(side), "--tgt-lang", "en", "-o", str(tmp_path / "r.csv"))
    assert_one_line_error(proc, "side.txt", "2 lines", "3")
    assert not (tmp_path / "r.csv").exists()


@pytest.mark.parametrize("code", ["xx", "english", "e", "fr-"])
def test_language_code_that_names_no_language(tmp_path, code: str) -> None:
    proc = run("check", str(SEED), "--tgt-lang", code, "-o", str(tmp_path / "r.csv"))
    assert_one_line_error(proc, "--tgt-lang", code)


@pytest.mark.parametrize("code", ["pt-BR", "zh", "he", "en_GB"])
def test_valid_language_codes(tmp_path, code: str) -> None:
    proc = run("check", str(SEED), "--src-lang", code, "-o", str(tmp_path / "r.csv"))
    assert proc.returncode == 0, proc.stderr.decode()


def test_unwritable_output(tmp_path) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    proc = run("check", str(SEED), "-o", str(blocker / "r.csv"))
    assert_one_line_error(proc, "r.csv")


def test_output_is_a_directory(tmp_path) -> None:
    assert_one_line_error(run("check", str(SEED), "-o", str(tmp_path)), "directory")


def test_failed_run_leaves_previous_report(tmp_path) -> None:
    out = tmp_path / "r.csv"
    out.write_text("previous report\n")
    run("check", str(tmp_path / "missing.txt"), "-o", str(out))
    assert out.read_text() == "previous report\n"


def test_usage_error_is_one_line() -> None:
    assert_one_line_error(run("check", "--no-such-option"), "no-such-option")


def test_same_input_same_report(tmp_path) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    run("check", str(SEED), "-o", str(a))
    run("check", str(SEED), "-o", str(b))
    assert a.read_bytes() == b.read_bytes()
    assert Path(str(a) + ".meta.json").read_bytes() == Path(str(b) + ".meta.json").read_bytes()


def test_rules_catalogue() -> None:
    proc = run("rules")
    assert proc.returncode == 0
    out = proc.stdout.decode()
    for code in ("LX001", "PU001", "PU002", "PU004", "BP001", "FL002"):
        assert code in out
    one = run("rules", "pu002").stdout.decode()
    assert "What it does" in one and "Use instead" in one
    assert json.loads(run("rules", "--format", "json").stdout)
    assert_one_line_error(run("rules", "ZZ999"), "ZZ999")


def test_console_script_is_installed() -> None:
    exe = Path(sys.executable).parent / "audit"
    if not exe.exists():
        pytest.skip("not run from an installed environment")
    proc = subprocess.run([str(exe), "--version"], capture_output=True)
    assert proc.returncode == 0 and b"audit" in proc.stdout


def test_progress_on_stderr_only_when_asked_or_on_a_terminal(tmp_path) -> None:
    out = tmp_path / "r.csv"
    quiet = run("check", str(SEED), "-o", str(out))  # stderr is a pipe here: no progress by default
    assert quiet.stderr.decode() == ""
    shown = run("check", str(SEED), "--progress", "-o", str(out))
    lines = shown.stderr.decode().splitlines()
    summary = shown.stdout.decode().splitlines()[0]  # "audit 0.1.0: 51 segments, 1017 words (...), 13 findings"
    segments, findings = summary.split(": ")[1].split(" segments")[0], summary.split("), ")[1].split(" findings")[0]
    # a streamed file's total is not known in advance: the count of segments, the first line at once
    assert lines[-1] == f"auditing: {segments} segments, {findings} findings" and 2 <= len(lines) <= 11
    assert "\r" not in shown.stderr.decode()
    tabular = tmp_path / "seed.tsv"
    tabular.write_text("target\n" + SEED.read_text(encoding="utf-8"), encoding="utf-8")
    lines = run("check", str(tabular), "--progress", "-o", str(out)).stderr.decode().splitlines()
    assert lines[-1].startswith("auditing: 100%") and len(lines) == len(set(lines)) <= 11
    assert run("check", str(SEED), "--no-progress", "-o", str(out)).stderr.decode() == ""


def test_progress_redraws_one_line_on_a_terminal() -> None:
    import io

    from audit.engine.progress import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    progress = Progress(4, stream=screen)
    for _ in range(4):
        progress.advance(1, findings=2)
    progress.close()
    text = screen.getvalue()
    assert text.startswith("\rauditing [") and "100% 8 findings" in text and text.endswith(" s)\n")
    assert text.count("\n") == 1


def test_jobs_give_the_same_report(tmp_path) -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    big = tmp_path / "big.txt"
    big.write_text("\n".join(f"{line} ({k})" if line.strip() else "" for k in range(90) for line in lines) + "\n",
                   encoding="utf-8")  # 4,500 segments: three chunks
    reports = []
    for jobs in ("1", "2", "3"):
        out = tmp_path / f"j{jobs}.csv"
        assert run("check", str(big), "--src-lang", "fr", "--jobs", jobs, "-o", str(out)).returncode == 0
        reports.append(out.read_bytes())
    assert reports[0] == reports[1] == reports[2] and reports[0].count(b"\n") > 1000


def test_partitions_has_an_upper_bound(tmp_path) -> None:
    """A window of Dask tasks wider than the input would read it all ahead: at most MAX_PARTITIONS."""
    from audit.api import settle
    from audit.engine.settings import MAX_PARTITIONS
    from audit.errors import AuditError

    target = tmp_path / "mt.txt"
    target.write_text("He said the regime was over.. Nobody knows.\n")
    proc = run("check", str(target), "--tgt-lang", "en", "--engine", "dask", "--partitions", "100000",
               "-o", str(tmp_path / "out.csv"))
    assert_one_line_error(proc, "--partitions", str(MAX_PARTITIONS))
    assert not (tmp_path / "out.csv").exists()
    assert settle(partitions=MAX_PARTITIONS).partitions == MAX_PARTITIONS
    for wrong in (MAX_PARTITIONS + 1, 0, 2.5, True):
        with pytest.raises(AuditError, match="--partitions"):
            settle(partitions=wrong)
