"""Start-up cost (issue 18): the commands that audit nothing load no data library and no model; a one-line
check loads only what it uses.

Each command runs in a fresh interpreter, which then reports the heavy modules it has imported.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("pandas", "numpy", "sacrebleu", "dask", "distributed", "pyarrow", "py3langid", "langdetect",
         "spellchecker", "importlib.metadata", "rapidfuzz")  # rapidfuzz: only with a source or a reference

PROBE = """
import json, runpy, sys
sys.argv = ["audit", *json.loads(sys.argv[1])]
try:
    runpy.run_module("audit", run_name="__main__", alter_sys=True)
except SystemExit as exit:
    code = exit.code
else:
    code = 0
print(json.dumps({"code": code, "loaded": sorted(m for m in HEAVY if m in sys.modules)}), file=sys.stderr)
"""


def loaded_by(*args: str) -> list[str]:
    """The heavy modules a fresh `python -m audit ARGS` has imported when it exits (exit code 0 asserted)."""
    script = f"HEAVY = {HEAVY!r}\n" + PROBE
    proc = subprocess.run([sys.executable, "-c", script, json.dumps(args)], cwd=ROOT, capture_output=True,
                          timeout=120)
    report = json.loads(proc.stderr.decode().strip().splitlines()[-1])
    assert report["code"] in (0, None), proc.stderr.decode()
    return report["loaded"]


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("rules",), ("rules", "--format", "csv"),
                                  ("rules", "--format", "json"), ("rules", "LX001")])
def test_commands_that_audit_nothing_load_no_data_library_or_model(args: tuple[str, ...]) -> None:
    assert loaded_by(*args) == []


def test_a_one_line_check_loads_no_data_library_and_no_model(tmp_path) -> None:
    """Languages given, an English line needs no language ID: no numpy, no pandas for a small report, and
    without a source no rapidfuzz (the bilingual and reference checks' string distances)."""
    line = tmp_path / "one.txt"
    line.write_text("The committee approved the new budget on Tuesday.\n", encoding="utf-8")
    args = ("check", str(line), "--src-lang", "de", "--tgt-lang", "en", "-o", str(tmp_path / "r.csv"))
    loaded_by(*args)  # the first run may build the user cache
    assert loaded_by(*args) == []


def test_language_id_maps_its_model_without_the_package_that_ships_it(tmp_path) -> None:
    """A German line in an English target loads the language-ID model: numpy and the arrays mapped from
    the user cache, not py3langid (nor pandas)."""
    line = tmp_path / "de.txt"
    line.write_text("Der Ausschuss hat den neuen Haushalt am Dienstag genehmigt.\n", encoding="utf-8")
    args = ("check", str(line), "--src-lang", "de", "--tgt-lang", "en", "-o", str(tmp_path / "r.csv"))
    loaded_by(*args)  # the first run may build the user cache (with py3langid)
    assert loaded_by(*args) == ["numpy"]
    assert "LG001" in (tmp_path / "r.csv").read_text(encoding="utf-8")


def test_the_program_skips_the_collections_of_its_shutdown_and_a_caller_does_not(tmp_path) -> None:
    """`python -m audit` freezes its objects before the interpreter exits (the shutdown's collections
    cost ~10% of a one-line run); `main(argv)` called in a longer-lived process freezes nothing."""
    line = tmp_path / "one.txt"
    line.write_text("Get rid of the diet\n", encoding="utf-8")
    args = ["check", str(line), "--src-lang", "fr", "--tgt-lang", "en", "-o", str(tmp_path / "r.csv")]
    script = """
import gc, json, runpy, sys
args = json.loads(sys.argv[1])
default = gc.get_threshold()[0]
from audit.cli import main
try:
    main(args)
except SystemExit:
    pass
called = gc.get_freeze_count()
threshold_called = gc.get_threshold()[0]
sys.argv = ["audit", *args]
try:
    runpy.run_module("audit", run_name="__main__", alter_sys=True)
except SystemExit as exit:
    code = exit.code
print(json.dumps([called, gc.get_freeze_count() > 0, code, threshold_called == default, gc.get_threshold()[0]]))
"""
    proc = subprocess.run([sys.executable, "-c", script, json.dumps(args)], cwd=ROOT, capture_output=True,
                          timeout=120)
    from audit.pool import RUN_GC_THRESHOLD

    # the program also collects garbage less often; a caller's process keeps Python's default
    assert json.loads(proc.stdout.decode().strip().splitlines()[-1]) == [0, True, 0, True, RUN_GC_THRESHOLD], \
        proc.stderr.decode()
    assert "diet,LX001" in (tmp_path / "r.csv").read_text(encoding="utf-8")


def test_worker_processes_collect_garbage_as_seldom_as_the_program() -> None:
    import gc

    from audit.pool import RUN_GC_THRESHOLD, InOrderPool

    with InOrderPool(_young_threshold, 2) as pool:
        assert set(pool.map([0, 1, 2])) == {RUN_GC_THRESHOLD}
    assert gc.get_threshold()[0] != RUN_GC_THRESHOLD  # this (test) process is left as it was


def _young_threshold(_: int) -> int:
    import gc

    return gc.get_threshold()[0]


def test_a_single_task_runs_without_starting_worker_processes() -> None:
    from audit.pool import InOrderPool

    with InOrderPool(abs, 2) as pool:
        assert list(pool.map([-3])) == [3]
        assert pool._pool is None
    with InOrderPool(abs, 2) as pool:
        assert list(pool.map(iter([-1, -2, -3]))) == [1, 2, 3]
        assert pool._pool is not None


def test_a_signal_while_the_pool_starts_its_thread_leaves_no_traceback_and_no_workers() -> None:
    """SIGHUP or SIGTERM raised inside the executor's thread start (seen under load in the hostile tests):
    shutting down then raises "cannot join thread before it is started"; the pool ends its workers instead."""
    from audit.pool import InOrderPool

    pool = InOrderPool(abs, 2)
    with pool:
        assert list(pool.map([-1, -2, -3])) == [1, 2, 3]
        executor = pool._pool
        workers = list(executor._processes.values())
        real_shutdown = executor.shutdown

        def half_started(*args, **kwargs):
            raise RuntimeError("cannot join thread before it is started")

        executor.shutdown = half_started
    for process in workers:
        assert _ends_within(process, 10)
    real_shutdown(wait=True)


def _ends_within(process, seconds: float) -> bool:
    """Whether a worker has ended: reaped here, or reaped already by the executor's own thread, which in
    this test is running and may wait for its dead workers first (then this process's waitpid finds no
    child and multiprocessing reports it alive forever, so the pid is what is asked)."""
    import os
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        process.join(timeout=0.1)
        if process.exitcode is not None:
            return True
        try:
            os.kill(process.pid, 0)
        except ProcessLookupError:
            return True
    return False


_INHERITED: list[str] = []


def _inherited(_: int) -> list[str]:
    return list(_INHERITED)


def test_workers_inherit_what_is_loaded_just_before_they_fork() -> None:
    from audit.pool import InOrderPool

    calls: list[int] = []

    def load() -> None:
        calls.append(1)
        _INHERITED.append("model")

    try:
        with InOrderPool(_inherited, 2, load) as pool:
            assert list(pool.map([0])) == [[]] and calls == []  # one task: no workers, nothing loaded
        with InOrderPool(_inherited, 2, load) as pool:
            assert list(pool.map([0, 1, 2])) == [["model"]] * 3 and calls == [1]
    finally:
        _INHERITED.clear()


def test_the_language_id_model_is_loaded_once_before_the_workers_fork(tmp_path) -> None:
    """Over two processes the program loads the language-ID model (numpy, the mapped arrays) before they
    fork, so that they share it instead of each loading it; over one, an English text loads none."""
    lines = tmp_path / "en.txt"
    lines.write_text("The committee approved the new budget on Tuesday.\n" * 40, encoding="utf-8")
    args = ("check", str(lines), "--src-lang", "de", "--tgt-lang", "en", "-o", str(tmp_path / "r.csv"))
    loaded_by(*args, "--jobs", "1")  # the first run may build the user cache
    assert loaded_by(*args, "--jobs", "1") == []
    assert loaded_by(*args, "--jobs", "2") == ["numpy"]
