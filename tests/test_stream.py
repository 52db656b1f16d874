"""Streaming: a plain-text input read line by line and its report written part by part equals the report
of the same input read whole, in every appendable format, with source and references."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.engine.run import audit_prepared
from audit.engine.settings import RunSettings
from audit.inputs.load import load_input
from audit.errors import AuditError
from audit.inputs.readers import decoding, read_segments
from audit.report import meta_path, scores_path, write_report
from audit.engine.stream import audit_streamed, iter_lines
from conftest import ROOT

PAIR = ROOT / "corpora" / "eval" / "injected"


def write_feed(tmp_path):
    """A target with its source and a reference; the text twice over, the second time with a quotation
    left open over a line and one rendering changed, so cross-block passes have work to do."""
    targets = (PAIR / "de-en.tgt.txt").read_text(encoding="utf-8").splitlines()
    sources = (PAIR / "de-en.src.txt").read_text(encoding="utf-8").splitlines()
    clean = pd.read_csv(PAIR / "de-en.clean.tsv", sep="\t", keep_default_na=False)
    references = [str(v) for v in clean[clean.columns[-1]]][:len(targets)]
    second = list(targets)
    second[3] = "“" + second[3]
    second[10] = second[10].replace(" the ", " a ", 1)
    files = {}
    for name, lines in (("tgt", targets + [""] + second), ("src", sources + [""] + sources),
                        ("ref", references + [""] + references)):
        files[name] = tmp_path / f"feed.{name}.txt"
        files[name].write_text("\n".join(lines) + "\n", encoding="utf-8")
    return files


def feed_settings(files, fmt, jobs=1, block_size=20_000):
    return RunSettings(source=str(files["src"]), references=(str(files["ref"]),), fmt=fmt, jobs=jobs,
                       block_size=block_size, inputs=(str(files["tgt"]),))


def whole_report(files, path, fmt, jobs=1):
    segments, _ = load_input(str(files["tgt"]), str(files["src"]), (str(files["ref"]),), None, None, None,
                             "py3langid")
    result = audit_prepared(segments, feed_settings(files, fmt, jobs))
    write_report(result.findings, path, fmt, result.meta(), result.segments, result.scores)
    return result


def streamed_report(files, path, fmt, block_size, jobs=1):
    return audit_streamed(str(files["tgt"]), path, feed_settings(files, fmt, jobs, block_size))


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_streamed_report_equals_the_report_of_the_whole_input(tmp_path, fmt) -> None:
    files = write_feed(tmp_path)
    whole = whole_report(files, tmp_path / f"whole.{fmt}", fmt)
    assert set(whole.findings["rule"].str.split("+").explode()) >= {"CN001", "PU004"}  # cross-line rules fired
    for block_size, jobs in ((7, 1), (20_000, 1), (13, 2)):
        out = tmp_path / f"streamed-{block_size}-{jobs}.{fmt}"
        streamed = streamed_report(files, out, fmt, block_size, jobs)
        if fmt == "parquet":
            pd.testing.assert_frame_equal(pd.read_parquet(out), pd.read_parquet(tmp_path / f"whole.{fmt}"))
        else:
            assert out.read_bytes() == (tmp_path / f"whole.{fmt}").read_bytes()
        assert scores_path(out).read_bytes() == scores_path(tmp_path / f"whole.{fmt}").read_bytes()
        meta, expected = json.loads(meta_path(out).read_text()), json.loads(meta_path(tmp_path / f"whole.{fmt}").read_text())
        if fmt == "parquet":  # the same rows in other row groups: other bytes, so another digest
            for identity in (meta["report"], expected["report"]):
                del identity["bytes"], identity["sha256"]
        assert meta == expected
        assert streamed.words == whole.words


def test_a_streamed_run_that_fails_leaves_the_previous_report(tmp_path) -> None:
    files = write_feed(tmp_path)
    out = tmp_path / "r.csv"
    out.write_text("previous\n")
    with (tmp_path / "feed.src.txt").open("a", encoding="utf-8") as extra:
        extra.write("one line too many\n")
    with pytest.raises(AuditError, match=r"feed.src.txt: \d+ lines, but the target has \d+"):
        streamed_report(files, out, "csv", 7)
    assert out.read_text() == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


raw_lines = st.lists(st.sampled_from([b"caf\xc3\xa9", b"a", b"", b" ", b"\r", b"\r\n", b"\n", b"\xef\xbb\xbf",
                                      b"\xff", b"\x00", b"\xe2\x80\x9c", b"x\ry"]), max_size=12).map(b"".join)


@settings(max_examples=300, deadline=None)
@given(data=raw_lines, encoding=st.sampled_from(["utf-8", "latin-1"]), errors=st.sampled_from(["strict", "replace"]),
       block=st.sampled_from([1, 2, 5, 1 << 20]))
def test_lines_read_lazily_equal_lines_read_whole(tmp_path_factory, data: bytes, encoding: str, errors: str,
                                                  block: int) -> None:
    import audit.engine.stream

    path = tmp_path_factory.mktemp("lines") / "in.txt"
    path.write_bytes(data)
    audit.engine.stream.READ_BYTES, default = block, audit.engine.stream.READ_BYTES
    try:
        with decoding(encoding, errors):
            try:
                whole = read_segments(str(path))
            except AuditError as exc:
                with pytest.raises(AuditError) as streamed:
                    list(iter_lines(str(path)))
                if block == default:  # one block: the same message (with faults in several blocks, the
                    assert str(streamed.value) == str(exc)  # streamed reader names the first block's)
                return
            assert list(iter_lines(str(path))) == whole
    finally:
        audit.engine.stream.READ_BYTES = default


FIRST_PROGRESS_PROBE = """
import sys
import audit.engine.progress

seen = []
advance = audit.engine.progress.Progress.advance

def probe(self, *args, **kwargs):
    seen.append("pandas" in sys.modules)
    return advance(self, *args, **kwargs)

audit.engine.progress.Progress.advance = probe
from audit.cli import cli

cli(sys.argv[1:], standalone_mode=False)
print(seen[0], "pandas" in sys.modules)
"""


def test_a_streamed_run_reports_progress_before_it_imports_pandas(tmp_path) -> None:
    """pandas takes ~0.5 s to import; a streamed run needs it only once its first block is done, so the
    first chunk's progress (and the workers' fork) does not wait for it (audit.lazy)."""
    import subprocess
    import sys

    files = write_feed(tmp_path)
    probe = tmp_path / "probe.py"
    probe.write_text(FIRST_PROGRESS_PROBE)
    command = [sys.executable, str(probe), "check", str(files["tgt"]), "--src", str(files["src"]), "--ref",
               str(files["ref"]), "--progress", "--jobs", "1", "-o", str(tmp_path / "r.csv")]
    done = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-2:] == ["False", "True"]  # not before the first progress; by the report


_cell = st.text(alphabet=st.sampled_from(list("ab ,\"'=+-@\t\r\n;é€")), max_size=8)


@given(st.lists(st.tuples(_cell, st.integers(1, 10**6), st.integers(0, 500), _cell, _cell, _cell,
                          st.floats(0, 1, allow_nan=False)), max_size=6), st.booleans())
@settings(max_examples=150, deadline=None)
def test_finding_rows_write_the_csv_pandas_writes(cells, csv_safe: bool) -> None:
    """A streamed CSV part written from plain rows (no pandas) is byte for byte the table's CSV."""
    from audit.findings import Finding, add_fingerprints_from, coerce, finding_rows, to_frame
    from audit.report.writers import rows_to_csv, table_to_csv

    found = [Finding(f"f{phrase}", line, start, start + 2, phrase, "LX001", category, "major", suggestion,
                     phrase + suggestion, confidence)
             for phrase, line, start, category, suggestion, _, confidence in cells]
    texts = {(f.file, f.line): f"text of {f.line} {f.phrase}" for f in found}
    rows = finding_rows(found, texts)
    table = add_fingerprints_from(to_frame(found), texts)
    assert rows_to_csv(rows.rows, csv_safe) == (table_to_csv(table, csv_safe, header=False) if found else "")
    assert rows.frame().equals(coerce(table)) or not found  # (the writers coerce; an empty table is never written)
