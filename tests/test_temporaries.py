"""Temporaries beside a report: named after the run that owns them, removed by the next run to the same
destination once that run is gone (never a live run's, never another file), and the renames that put a
report in place not cut in half by a signal."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from audit.errors import Terminated
from audit.report.temporaries import create_beside, host_tag, remove_stale_temporaries, signals_deferred
from conftest import ROOT, SEED

pytestmark = pytest.mark.skipif(os.name != "posix", reason="process ids are asked with kill(pid, 0)")


def dead_pid() -> int:
    """The id of a process that has ended (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def temporary(directory: Path, destination: str, pid: int, host: str | None = None, kind: str = "") -> Path:
    return directory / f".{destination}.{pid}.{host or host_tag()}.{'ab' * 6}{kind}.tmp"


def test_a_temporary_is_named_after_its_process_and_machine(tmp_path) -> None:
    temp = create_beside(tmp_path / "out.csv")
    assert temp.name.startswith(f".out.csv.{os.getpid()}.{host_tag()}.") and temp.name.endswith(".tmp")


def test_only_the_temporaries_of_runs_that_are_gone_are_removed(tmp_path) -> None:
    gone, live = dead_pid(), os.getppid()
    stale = temporary(tmp_path, "out.csv", gone)
    stale_meta = temporary(tmp_path, "out.csv.meta.json", gone)
    kept = [
        temporary(tmp_path, "out.csv", live),  # a concurrent run's
        temporary(tmp_path, "out.csv", gone, host="0badf00d"),  # another machine's (a shared directory)
        temporary(tmp_path, "other.csv", gone),  # another destination's
        tmp_path / ".out.csv.abababababab.tmp",  # an older audit's: whose run it was is not known
        tmp_path / f".out.csv.{gone}.{host_tag()}.abababababab.tmp.bak",  # not exactly the pattern
        tmp_path / "notes.txt",
    ]
    for path in [stale, stale_meta, *kept]:
        path.write_text("x")
    link = temporary(tmp_path, "out.csv", gone, kind="").with_name(f".out.csv.{gone}.{host_tag()}.cdcdcdcdcdcd.tmp")
    link.symlink_to(tmp_path / "notes.txt")  # the pattern, but not a file of ours
    remove_stale_temporaries(tmp_path / "out.csv")
    remove_stale_temporaries(tmp_path / "out.csv.meta.json")
    assert not stale.exists() and not stale_meta.exists()
    assert all(path.exists() for path in kept) and link.is_symlink()


def test_a_killed_partitioned_run_leaves_nothing_a_later_run_keeps(tmp_path) -> None:
    """Its temporary directory of parts is removed; a previous report it had moved aside is put back when
    nothing took its place; a directory of the pattern holding other files is left alone."""
    gone = dead_pid()
    folder = temporary(tmp_path, "out", gone)
    folder.mkdir()
    (folder / "part-00000.csv").write_text("file,line\n")
    aside = temporary(tmp_path, "out", gone, kind=".previous").with_name(
        f".out.{gone}.{host_tag()}.cdcdcdcdcdcd.previous.tmp")
    aside.mkdir()
    (aside / "_summary.json").write_text("{}\n")
    foreign = temporary(tmp_path, "out", gone).with_name(f".out.{gone}.{host_tag()}.efefefefefef.tmp")
    foreign.mkdir()
    (foreign / "thesis.txt").write_text("precious\n")
    remove_stale_temporaries(tmp_path / "out")
    assert not folder.exists() and not aside.exists()
    assert (tmp_path / "out" / "_summary.json").read_text() == "{}\n"
    assert (foreign / "thesis.txt").read_text() == "precious\n"


def test_a_run_killed_outright_has_its_temporary_removed_by_the_next_run(tmp_path) -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    big = tmp_path / "big.txt"
    big.write_text("\n".join(f"{line} ({k})" for k in range(400) for line in lines) + "\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "audit", "check", str(big), "--src-lang", "fr", "--progress",
                             "--jobs", "1", "-o", str(tmp_path / "out.csv")], cwd=ROOT, stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, env=env)
    assert proc.stderr.readline().startswith(b"auditing")  # the streamed report's temporary exists by now
    proc.kill()
    proc.wait(timeout=60)
    proc.stderr.close()
    left = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert left and all(name.startswith(f".out.csv.{proc.pid}.") for name in left)
    small = tmp_path / "small.txt"
    small.write_text(lines[0] + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "audit", "check", str(small), "--src-lang", "fr", "-o",
                           str(tmp_path / "out.csv")], cwd=ROOT, capture_output=True, env=env)
    assert done.returncode == 0, done.stderr.decode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.txt", "out.csv", "out.csv.meta.json", "small.txt"]


def _raise_terminated(signum, frame) -> None:
    raise Terminated(signum)


def test_a_signal_during_the_renames_waits_until_all_are_done(tmp_path, monkeypatch) -> None:
    """A report and its meta file are renamed into place together or not at all: SIGTERM arriving after the
    first rename acts once the last is done."""
    import audit.report.writers as writers

    report, meta = tmp_path / "out.csv", tmp_path / "out.csv.meta.json"
    real_replace = os.replace
    renamed = []

    def replace_then_signal(source, destination):
        real_replace(source, destination)
        renamed.append(Path(destination).name)
        if len(renamed) == 1:
            os.kill(os.getpid(), signal.SIGTERM)

    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        monkeypatch.setattr(writers.os, "replace", replace_then_signal)
        with pytest.raises(Terminated):
            writers.write_atomically({meta: "{}\n", report: "file,line\n"})
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert renamed == ["out.csv.meta.json", "out.csv"]
    assert report.read_text() == "file,line\n" and meta.read_text() == "{}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv", "out.csv.meta.json"]


def test_signals_are_acted_on_after_the_block(monkeypatch) -> None:
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        with pytest.raises(Terminated):
            with signals_deferred():
                os.kill(os.getpid(), signal.SIGTERM)
                reached = True
        assert reached
        assert signal.getsignal(signal.SIGTERM) is _raise_terminated
    finally:
        signal.signal(signal.SIGTERM, previous)
