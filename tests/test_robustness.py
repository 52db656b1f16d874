"""Hostile input and faults: every error is one line with exit 2, nothing is half-written, nothing crashes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from audit.api import run_audit
from audit.errors import AuditError
from conftest import ROOT, SEED
from test_cli import assert_one_line_error, run

ARTIFACT = "He said the regime was over.. Nobody knows. “\n"  # a doubled period, an unbalanced quote


def findings_of(path) -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=False)


def test_encoding_option_reads_latin1(tmp_path) -> None:
    src = tmp_path / "latin1.txt"
    src.write_bytes("Le régime est fini.. Il part.\n".encode("latin-1"))
    assert_one_line_error(run("check", str(src), "-o", str(tmp_path / "a.csv")), "not valid UTF-8 at line 1",
                          "--encoding")
    proc = run("check", str(src), "--encoding", "latin-1", "--tgt-lang", "fr", "-o", str(tmp_path / "a.csv"))
    assert proc.returncode == 0, proc.stderr.decode()
    found = findings_of(tmp_path / "a.csv")
    assert list(found["phrase"]) == [".."] and found.loc[0, "fingerprint"]


def test_utf16_with_its_nul_bytes_is_text_when_named(tmp_path) -> None:
    src = tmp_path / "wide.txt"
    src.write_bytes(ARTIFACT.encode("utf-16"))
    assert_one_line_error(run("check", str(src), "-o", str(tmp_path / "w.csv")), "binary data")
    proc = run("check", str(src), "--encoding", "utf-16", "--tgt-lang", "en", "-o", str(tmp_path / "w.csv"))
    assert proc.returncode == 0, proc.stderr.decode()
    assert len(findings_of(tmp_path / "w.csv")) == 2


def test_errors_replace_keeps_going(tmp_path) -> None:
    src = tmp_path / "bad.txt"
    src.write_bytes(b"Fine line.\nBroken \xff byte  here.\n")
    proc = run("check", str(src), "--errors", "replace", "--tgt-lang", "en", "-o", str(tmp_path / "r.csv"))
    assert proc.returncode == 0, proc.stderr.decode()
    found = findings_of(tmp_path / "r.csv")
    line = "Broken \ufffd byte  here."
    assert all(line[r.start:r.end] == r.phrase for r in found.itertuples())


@pytest.mark.parametrize("args, needle", [(["--encoding", "klingon"], "unknown encoding"),
                                          (["--errors", "ignore"], "Invalid value")])
def test_bad_decoding_options(tmp_path, args: list[str], needle: str) -> None:
    (tmp_path / "t.txt").write_text("A line.\n")
    assert_one_line_error(run("check", str(tmp_path / "t.txt"), *args, "-o", str(tmp_path / "o.csv")), needle)


def test_bom_is_not_text_and_offsets_ignore_it(tmp_path) -> None:
    plain, bom = tmp_path / "plain.txt", tmp_path / "bom.txt"
    plain.write_bytes(ARTIFACT.encode())
    bom.write_bytes(b"\xef\xbb\xbf" + ARTIFACT.encode())
    for name in (plain, bom):
        assert run("check", str(name), "--tgt-lang", "en", "-o", str(tmp_path / f"{name.stem}.csv")).returncode == 0
    a, b = findings_of(tmp_path / "plain.csv"), findings_of(tmp_path / "bom.csv")
    assert not a.empty and a[["line", "start", "end", "phrase", "rule"]].equals(b[["line", "start", "end", "phrase", "rule"]])


@pytest.mark.parametrize("ending", [b"\r\n", b"\r"])
def test_crlf_and_lone_cr_are_line_ends(tmp_path, ending: bytes) -> None:
    lf, other = tmp_path / "lf.txt", tmp_path / "other.txt"
    text = ARTIFACT + "Second line.. here.\n"
    lf.write_bytes(text.encode())
    other.write_bytes(text.encode().replace(b"\n", ending))
    for name in (lf, other):
        assert run("check", str(name), "--tgt-lang", "en", "-o", str(tmp_path / f"{name.stem}.csv")).returncode == 0
    a, b = findings_of(tmp_path / "lf.csv"), findings_of(tmp_path / "other.csv")
    assert list(b["line"]) == list(a["line"]) and list(b["phrase"]) == list(a["phrase"])
    assert not any("\r" in p for p in b["phrase"])


@pytest.mark.parametrize("content", [b"", b"   \n\t\n\n", b"\xef\xbb\xbf"])
def test_empty_and_whitespace_files_have_no_findings(tmp_path, content: bytes) -> None:
    src = tmp_path / "empty.txt"
    src.write_bytes(content)
    proc = run("check", str(src), "--tgt-lang", "en", "-o", str(tmp_path / "e.csv"))
    assert proc.returncode == 0, proc.stderr.decode()
    assert findings_of(tmp_path / "e.csv").empty


def test_five_megabyte_line_gets_the_cheap_rules_and_the_report_says_so(tmp_path) -> None:
    sentence = "The minister said on Tuesday that the plan would cost three billion euros over five years. "
    body = (sentence * (5_000_000 // len(sentence) + 1))[:5_000_000].rstrip()
    src = tmp_path / "huge.txt"
    src.write_text("Short line.. with a doubled period.\n" + body + " End..\n", encoding="utf-8")
    out = tmp_path / "h.csv"
    proc = run("check", str(src), "--tgt-lang", "en", "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    assert "1 segment longer than 20,000 characters got the cheap rules only" in proc.stdout.decode()
    found = findings_of(out)
    assert list(found["line"]) == [1, 2] and list(found["rule"]) == ["PU001", "PU001"]
    assert found.loc[1, "start"] == len(body) + len(" End")  # offsets into the 5 MB line are exact
    import json

    meta = json.loads((tmp_path / "h.csv.meta.json").read_text())
    assert meta["counts"]["capped_segments"] == 1 and meta["max_segment_chars"] == 20_000
    # the gate refuses to call a partly audited text good, on the text and on the report
    assert_one_line_error(run("gate", str(src), "--tgt-lang", "en", "-o", str(out)), "audit incomplete")
    assert_one_line_error(run("gate", "--report", str(out)), "audit incomplete")


def test_segment_cap_is_configurable(tmp_path) -> None:
    src = tmp_path / "t.txt"
    src.write_text("Paris (AFP) - The regime that has ruled Kazakhstan is ending, he said.\n")
    proc = run("check", str(src), "--tgt-lang", "en", "--max-segment-chars", "20", "-o", str(tmp_path / "t.csv"))
    assert "got the cheap rules only" in proc.stdout.decode()
    assert run("gate", str(src), "--tgt-lang", "en", "-o", str(tmp_path / "t.csv")).returncode == 0


def test_unreadable_file(tmp_path, monkeypatch) -> None:
    from audit.inputs.readers import read_segments

    target = tmp_path / "secret.txt"
    target.write_text("text\n")

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(AuditError, match=r"secret.txt: cannot read \(Permission denied\)"):
        read_segments(str(target))


def test_detector_failure_is_one_line_and_keeps_the_previous_report(tmp_path, monkeypatch, capsys) -> None:
    from audit.cli import main
    from audit.detectors.fluency import FluencyDetector

    out = tmp_path / "r.csv"
    main_args = ["check", str(SEED), "--src-lang", "fr", "-o", str(out)]
    with pytest.raises(SystemExit) as done:
        main(main_args)
    assert done.value.code == 0
    before = out.read_bytes()

    def explode(self, doc):
        raise ValueError("boom")

    monkeypatch.setattr(FluencyDetector, "detect", explode)
    for args in (main_args, ["gate", *main_args[1:]]):
        capsys.readouterr()
        with pytest.raises(SystemExit) as failed:
            main(args)
        err = capsys.readouterr().err
        assert failed.value.code == 2 and len(err.strip().splitlines()) == 1
        assert "internal error in the fluency detector (ValueError: boom)" in err
        assert out.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left behind


def test_a_full_disk_while_a_model_is_cached_is_one_line_and_keeps_the_previous_report(
        tmp_path, monkeypatch, capsys) -> None:
    """A cold cache on a full disk (or under a file size limit): the language-ID model cannot be unpacked."""
    import errno

    from audit.cli import main
    from audit.detectors import language

    out = tmp_path / "r.csv"
    args = ["check", str(SEED), "--src-lang", "fr", "--tgt-lang", "en", "-o", str(out)]
    with pytest.raises(SystemExit) as done:
        main(args)
    assert done.value.code == 0
    before = out.read_bytes()

    def full(*_args, **_kwargs):
        raise OSError(errno.EFBIG, "File too large")

    monkeypatch.setattr(language, "get_identifier", full)
    capsys.readouterr()
    with pytest.raises(SystemExit) as failed:
        main(args)
    err = capsys.readouterr().err
    assert failed.value.code == 2 and err.strip().splitlines() == ["audit: error: File too large"]
    assert out.read_bytes() == before


def _ctrl_c_reaches_it() -> None:
    """The child as a terminal starts it: a test run started in the background (`cmd &` in a script) has
    SIGINT ignored, every child inherits that, and Python then installs no Ctrl-C handler at all."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _previous_report(out: Path) -> tuple[bytes, bytes]:
    """A report of ours at `out` (a one-line audit of SEED's first line): its bytes and its meta file's."""
    from audit.api import run_check, settle

    small = out.with_name("small.txt")
    small.write_text(SEED.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    run_check(str(small), settle(output=str(out), src_lang="fr", jobs=1))
    small.unlink()
    return out.read_bytes(), out.with_name(out.name + ".meta.json").read_bytes()


def test_ctrl_c_mid_run_exits_130_and_keeps_the_previous_report(tmp_path) -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    big = tmp_path / "big.txt"
    big.write_text("\n".join(f"{line} ({k})" for k in range(400) for line in lines) + "\n", encoding="utf-8")
    out = tmp_path / "big.csv"
    previous = _previous_report(out)
    proc = subprocess.Popen([sys.executable, "-m", "audit", "check", str(big), "--src-lang", "fr", "--progress",
                             "-o", str(out)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, preexec_fn=_ctrl_c_reaches_it)
    first = proc.stderr.readline()  # the first progress line: the audit is under way
    assert first.startswith(b"auditing"), first
    time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    rest = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 130
    assert rest.strip().splitlines()[-1] == "audit: interrupted" and "Traceback" not in rest
    assert (out.read_bytes(), out.with_name("big.csv.meta.json").read_bytes()) == previous
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.csv", "big.csv.meta.json", "big.txt"]


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][0] != "Z"  # a zombie is dead
    except OSError:
        return False


def _start_big_run(tmp_path):
    """`audit check` on a long input with two workers, once its first progress line is out: the process,
    its worker processes, and the report path (holding a previous report)."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    big = tmp_path / "big.txt"
    big.write_text("\n".join(f"{line} ({k})" for k in range(400) for line in lines) + "\n", encoding="utf-8")
    out = tmp_path / "big.csv"
    previous = _previous_report(out)
    proc = subprocess.Popen([sys.executable, "-m", "audit", "check", str(big), "--src-lang", "fr", "--progress",
                             "--jobs", "2", "-o", str(out)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)})
    first = proc.stderr.readline()
    assert first.startswith(b"auditing"), first
    workers = _children(proc.pid)
    assert len(workers) >= 2
    return proc, workers, out, previous


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads processes from /proc")
@pytest.mark.parametrize("sent, code, last_line", [
    (signal.SIGTERM, 143, "audit: terminated"),  # a CI timeout or `kill`: stops as on Ctrl-C, with its own code
    (signal.SIGHUP, 129, "audit: terminated (hang-up)"),  # a closed terminal or SSH session (issue 13)
])
def test_a_signal_mid_run_keeps_the_previous_report_and_stops_the_workers(tmp_path, sent, code, last_line) -> None:
    proc, workers, out, previous = _start_big_run(tmp_path)
    proc.send_signal(sent)
    rest = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == code
    assert rest.strip().splitlines()[-1] == last_line and "Traceback" not in rest
    assert (out.read_bytes(), out.with_name("big.csv.meta.json").read_bytes()) == previous
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.csv", "big.csv.meta.json", "big.txt"]
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_workers_do_not_outlive_a_parent_killed_outright(tmp_path) -> None:
    """SIGKILL (or the out-of-memory killer) gives the parent no chance to stop its workers; the kernel
    does it for them, so they do not wait for tasks forever holding their memory."""
    proc, workers, _, _ = _start_big_run(tmp_path)
    proc.kill()
    proc.wait(timeout=60)
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers)


def test_python_api_rejects_misaligned_sides() -> None:
    with pytest.raises(AuditError, match="line-aligned"):
        run_audit(["a", "b"], references=["a"], tgt_lang="en")
