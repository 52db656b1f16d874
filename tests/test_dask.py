"""The Dask engine: the local engine's chunks as Dask tasks on a LocalCluster give the local engine's report."""

from __future__ import annotations

import dataclasses

import pytest

from audit.engine.run import audit_segments
from audit.engine.settings import RunSettings
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
    local = findings_to_text(audit_segments(segments, RunSettings(chunk_size=1000)), "csv")
    on_dask = findings_to_text(audit_segments(segments, RunSettings(chunk_size=1000, engine="dask", jobs=2,
                                                              partitions=4)), "csv")
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


def write_shards(folder) -> list:
    """Five shards in three formats (text, TSV with a source, Parquet), ~2,000 segments, with furniture
    lines repeated across shards so the feed-level check (CN002) has work to do."""
    import pandas as pd

    targets, lines = feed()
    furniture = "Subscribe to our newsletter to receive the latest news every morning."
    shards = []
    for k in range(5):
        part = [furniture] + targets[k * 400:(k + 1) * 400]
        if k in (0, 1):
            path = folder / f"shard{k}.txt"
            path.write_text("\n".join(part) + "\n", encoding="utf-8")
        elif k in (2, 3):
            path = folder / f"shard{k}.tsv"
            frame = pd.DataFrame({"target": part, "source": [lines[j % len(lines)] for j in range(len(part))]})
            frame.to_csv(path, sep="\t", index=False)
        else:
            path = folder / f"shard{k}.parquet"
            pd.DataFrame({"target": part}).to_parquet(path)
        shards.append(path)
    return shards


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_sharded_inputs_give_a_partitioned_report_equal_to_the_local_one(tmp_path, fmt) -> None:
    from audit.report import read_report

    shards = write_shards(tmp_path)
    local, parted = tmp_path / "local.csv", tmp_path / f"parted.{fmt}"
    glob = str(tmp_path / "shard*")
    proc = run("check", glob, "--src-lang", "fr", "--tgt-lang", "en", "-o", str(local))
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    proc = run("check", glob, "--src-lang", "fr", "--tgt-lang", "en", "--engine", "dask", "--jobs", "2",
               "--format", fmt, "-o", str(parted))
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    assert parted.is_dir() and sorted(p.name for p in parted.iterdir()) == [
        "_summary.json", *(f"part-{k:05d}.{fmt}" for k in range(len(shards)))]
    expected = read_report(local)
    assert "CN002" in set(expected["rule"]) and len(expected) > 200
    assert findings_to_text(read_report(parted), "csv") == findings_to_text(expected, "csv")
    summary = __import__("json").loads((parted / "_summary.json").read_text())
    whole = __import__("json").loads((tmp_path / "local.csv.meta.json").read_text())
    assert summary["counts"] == whole["counts"] and summary["signature"] == whole["signature"]
    assert [p["file"] for p in summary["parts"]] == [str(s) for s in shards]
    gate = run("gate", "--report", str(parted), "--warn-only")
    assert gate.returncode == 0 and "fail" in gate.stdout.decode().lower()


def test_a_partitioned_report_is_csv_jsonl_or_parquet(tmp_path) -> None:
    from test_cli import assert_one_line_error

    write_shards(tmp_path)
    proc = run("check", str(tmp_path / "shard*"), "--engine", "dask", "--format", "sarif", "-o", str(tmp_path / "r"))
    assert_one_line_error(proc, "partitioned report")


def test_a_bad_shard_is_one_line_and_leaves_no_report(tmp_path) -> None:
    from test_cli import assert_one_line_error

    shards = write_shards(tmp_path)
    (tmp_path / "shard9.tsv").write_text("mt\nA line under the wrong column.\n", encoding="utf-8")
    out = tmp_path / "parted.csv"
    proc = run("check", str(tmp_path / "shard*"), "--tgt-lang", "en", "--engine", "dask", "--jobs", "2", "-o", str(out))
    assert_one_line_error(proc, "shard9.tsv", "no 'target' column")
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert len(shards) == 5


def test_the_local_cluster_workers_collect_garbage_as_seldom_as_the_local_engine() -> None:
    import gc

    from audit.engine.dask import dask_client
    from audit.pool import RUN_GC_THRESHOLD

    with dask_client(None, 2) as client:
        thresholds = client.run(gc.get_threshold)
    assert len(thresholds) == 2 and {t[0] for t in thresholds.values()} == {RUN_GC_THRESHOLD}


MARK = "_forked_from_the_program"


def _mark_in_worker() -> object:
    import sys

    return getattr(sys.modules.get("audit.pool"), MARK, None)


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="forked workers on Linux only")
def test_the_local_cluster_workers_are_forked_from_the_program() -> None:
    """They start with what the program has loaded (here a mark set on a module) instead of importing audit
    and loading its models again (spawned workers import the module afresh: no mark)."""
    import audit.pool
    from audit.engine.dask import dask_client

    setattr(audit.pool, MARK, 42)
    try:
        with dask_client(None, 2) as client:
            marks = client.run(_mark_in_worker)
    finally:
        delattr(audit.pool, MARK)
    assert list(marks.values()) == [42, 42]


def test_the_dask_pool_gives_every_result_in_order() -> None:
    """Eleven tasks, grouped CHUNKS_PER_TASK to a Dask task (the last group smaller), two in flight."""
    from audit.engine.dask import CHUNKS_PER_TASK, DaskPool

    assert 11 % CHUNKS_PER_TASK
    with DaskPool(abs, None, 2, window=2) as pool:
        assert list(pool.map(range(-10, 1))) == list(range(10, -1, -1))
        assert list(pool.map([])) == []


def test_one_text_input_on_dask_is_streamed_with_the_local_report(tmp_path) -> None:
    """Block by block, like the local engine: the result holds no findings (they are in the report),
    and the report and the per-segment scores are the local engine's, with a source and a reference."""
    from test_stream import feed_settings, write_feed

    from audit.api import run_check

    files = write_feed(tmp_path)
    reports = {}
    for engine in ("local", "dask"):
        out = tmp_path / f"{engine}.csv"
        settings = dataclasses.replace(feed_settings(files, "csv", jobs=2, block_size=13), engine=engine,
                                       output=str(out))
        result, _ = run_check(str(files["tgt"]), settings)
        assert not result.holds_findings
        reports[engine] = (out.read_bytes(), (tmp_path / f"{engine}.csv.segments.csv").read_bytes())
    assert reports["dask"] == reports["local"] and reports["local"][0].count(b"\n") > 20


def test_one_input_on_dask_does_not_import_dask_dataframe(tmp_path) -> None:
    """Its chunks need only dask.distributed: dask.dataframe (~0.4 s of CPU to import) is for shards."""
    import subprocess
    import sys

    target = tmp_path / "t.txt"
    target.write_text("One line here.\nAnother line there.\nA third one.\n", encoding="utf-8")
    code = ("import sys; from audit.api import run_check, settle; "
            f"run_check({str(target)!r}, settle(tgt_lang='en', jobs=2, engine='dask', output={str(tmp_path / 'r.csv')!r})); "
            "print('dask.dataframe' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "False"


class _OtherSegment(__import__("audit.segments", fromlist=["Segment"]).Segment):
    """A segment of another class (a caller's, or a test's)."""


@pytest.mark.parametrize("kind", ["Segment", "subclass"])
def test_a_chunk_task_survives_pickling_as_it_is(kind) -> None:
    """Tasks travel to worker processes and Dask workers pickled: their segments as plain tuples (faster),
    or, for another class of segment, as themselves."""
    import pickle

    from audit.engine.chunks import ChunkTask
    from audit.segments import Document, Segment

    make = Segment if kind == "Segment" else _OtherSegment
    piece = Document("f", (make("f", 1, "a"), make("f", 2, "b", "src", "ref", ("r2",)), make("f", 3, "")), "de", "en")
    task = ChunkTask(piece, 1, 2, True, 5, ("bleu",), 2)
    back = pickle.loads(pickle.dumps(task, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == task and {type(s) for s in back.piece.segments} == {make}


def test_a_chunk_task_keeps_each_segment_s_own_file_through_pickling() -> None:
    """A caller's document may hold segments of other files: they travel as themselves."""
    import pickle

    from audit.engine.chunks import ChunkTask
    from audit.segments import Document, Segment

    piece = Document("a.txt", (Segment("a.txt", 1, "a"), Segment("OTHER", 2, "b")), "de", "en")
    task = ChunkTask(piece, 1, 2)
    back = pickle.loads(pickle.dumps(task))
    assert back == task and [s.file for s in back.piece.segments] == ["a.txt", "OTHER"]


def test_a_scheduler_address_without_a_port_is_one_line(tmp_path) -> None:
    from test_cli import assert_one_line_error

    (tmp_path / "t.txt").write_text("One line.\n")
    proc = run("check", str(tmp_path / "t.txt"), "--engine", "dask", "--scheduler", "notanaddress",
               "-o", str(tmp_path / "o.csv"))
    assert_one_line_error(proc, "Dask scheduler")


def _dies_on_three(value: int) -> int:
    import os

    if value == 3:
        os._exit(1)  # a worker killed on this task (out of memory, a crash in a library)
    return value


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="forked workers on Linux only")
def test_a_worker_that_dies_on_a_task_is_one_line_and_replaced_workers_are_forked_and_quiet() -> None:
    """Dask retries the task on new workers, which the nanny starts as it started the first ones (forked,
    Ctrl-C left to the program); when every try dies, the run stops with one line."""
    import signal

    from audit.engine.dask import DaskPool
    from audit.errors import AuditError

    setattr(__import__("audit.pool").pool, MARK, 7)
    try:
        with DaskPool(_dies_on_three, None, 2, window=1) as pool:
            with pytest.raises(AuditError, match="Dask worker died"):
                list(pool.map(range(8)))
            client = pool._client()
            client.wait_for_workers(2, timeout=60)
            marks = client.run(_mark_in_worker)
            handlers = client.run(signal.getsignal, signal.SIGINT)
    finally:
        delattr(__import__("audit.pool").pool, MARK)
    assert set(marks.values()) == {7}
    assert set(handlers.values()) == {signal.SIG_IGN}


def test_forked_workers_can_be_turned_off(monkeypatch) -> None:
    from audit.engine.dask import worker_start_method

    monkeypatch.setenv("AUDIT_DASK_FORK", "0")
    assert worker_start_method() is None
