"""The Dask engine: map_partitions over a LocalCluster gives the local engine's report."""

from __future__ import annotations

import pytest

from audit.api import audit_segments
from audit.report import findings_to_text
from audit.segments import build_segments
from conftest import CLEAN, SEED
from test_cli import run

pytest.importorskip("distributed")  # in the test extra: CI always has it


def feed() -> tuple[list[str], list[str]]:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    clean = CLEAN.read_text(encoding="utf-8").splitlines()
    targets = [f"{line} ({k})" if line.strip() else "" for k in range(60) for line in lines + clean]
    return targets, lines


def test_dask_engine_equals_local_engine_over_four_partitions_and_two_workers() -> None:
    targets, _ = feed()  # 5,820 segments: 6 chunks of 1,000
    segments = build_segments(targets, None, None, src_lang="fr", tgt_lang="en")
    local = findings_to_text(audit_segments(segments, chunk_size=1000), "csv")
    on_dask = findings_to_text(audit_segments(segments, chunk_size=1000, engine="dask", jobs=2, partitions=4), "csv")
    assert on_dask == local and local.count("\n") > 500


def test_dask_engine_from_the_command_line(tmp_path) -> None:
    targets, _ = feed()
    source = tmp_path / "feed.txt"
    source.write_text("\n".join(targets[:2500]) + "\n", encoding="utf-8")
    reports = []
    for engine in ("local", "dask"):
        out = tmp_path / f"{engine}.csv"
        proc = run("check", str(source), "--src-lang", "fr", "--engine", engine, "--jobs", "2", "--partitions", "4",
                   "-o", str(out))
        assert proc.returncode == 0, proc.stderr.decode()[-2000:]
        reports.append(out.read_bytes())
    assert reports[0] == reports[1]


def test_unreachable_scheduler_is_one_line(tmp_path) -> None:
    from test_cli import assert_one_line_error

    (tmp_path / "t.txt").write_text("One line.\nTwo lines.\n")
    proc = run("check", str(tmp_path / "t.txt"), "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9",
               "-o", str(tmp_path / "o.csv"))
    assert_one_line_error(proc, "Dask scheduler")
