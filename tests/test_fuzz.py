"""A bounded fuzz run of the readers, the format parsers, the detectors, and the command line on a file of
each input format (hypothesis, random each run).

Budget: AUDIT_FUZZ_SECONDS for the whole run (15 s by default; CI sets 60), shared evenly by the targets.
A crash is any exception other than the one-line AuditError for bad input; crashes found are fixed and
kept as regression cases in `test_fuzz_regressions`. The per-format targets run `audit check` in this
process through its entry point (`audit.cli.main`, as `python -m audit` does) and assert: exit 0 or 2,
never a traceback, one line on stderr for exit 2, every finding's offsets slice its phrase out of its
segment, and nothing written in the working directory but the report and its sidecar files."""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.api import run_audit
from audit.errors import AuditError
from audit.inputs.formats import read_units
from audit.inputs.readers import decode_text, decoding, split_segments
from strategies import RENDERERS, documents, edits, input_files, mutate

# every file format a fuzz target feeds to the command line (Parquet is binary: see fuzz_formats' samples)
CLI_FORMATS = sorted(RENDERERS)
TARGETS = 3 + len(CLI_FORMATS)
BUDGET = float(os.environ.get("AUDIT_FUZZ_SECONDS", "15")) / TARGETS
ROUND = settings(max_examples=40, deadline=None, database=None,
                 suppress_health_check=list(HealthCheck))
CLI_ROUND = settings(max_examples=8, deadline=None, database=None, suppress_health_check=list(HealthCheck))
SAMPLES = sorted((Path(__file__).parent / "data").glob("sample*"))


def for_a_while(test) -> int:
    """Run a hypothesis test round after round (fresh random examples each) until the budget is spent."""
    rounds, end = 0, time.monotonic() + BUDGET
    while time.monotonic() < end:
        test()
        rounds += 1
    return rounds


@ROUND
@given(data=st.binary(max_size=300), encoding=st.sampled_from(["utf-8", "latin-1", "utf-16"]),
       errors=st.sampled_from(["strict", "replace"]))
def fuzz_readers(data: bytes, encoding: str, errors: str) -> None:
    with decoding(encoding, errors):
        try:
            text = decode_text(data, "fuzz")
        except AuditError:
            return
    for segment in split_segments(text):
        assert "\n" not in segment and "\r" not in segment


@ROUND
@given(sample=st.sampled_from(SAMPLES), changes=edits)
def fuzz_formats(sample: Path, changes: list) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / sample.name
        path.write_bytes(mutate(sample.read_bytes(), changes))
        try:
            units = read_units(str(path))
        except AuditError:
            return
    if units is not None:
        assert len(units.targets) == len(units.ids) == len(units.sources) == len(units.references)


@ROUND
@given(targets=documents, sources=st.none() | documents, references=st.none() | documents,
       lang=st.sampled_from(["en", "fr", "de", "es", None]))
def fuzz_detectors(targets, sources, references, lang) -> None:
    sources = (sources + [""] * len(targets))[:len(targets)] if sources is not None else None
    references = (references + [""] * len(targets))[:len(targets)] if references is not None else None
    result = run_audit(targets, sources, references, src_lang="fr" if sources else None, tgt_lang=lang)
    for row in result.findings.itertuples():
        assert targets[row.line - 1][row.start:row.end] == row.phrase


@pytest.mark.parametrize("target", [fuzz_readers, fuzz_formats, fuzz_detectors], ids=lambda t: t.__name__)
def test_fuzz(target) -> None:
    assert for_a_while(target) >= 1


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every path under `folder` with its bytes (None for a directory)."""
    return {str(p.relative_to(folder)): (None if p.is_dir() else p.read_bytes()) for p in folder.rglob("*")}


def run_cli(args: list[str]) -> tuple[int, str]:
    """`audit ARGS` through the command line's entry point, in this process: (exit code, stderr). An
    exception other than SystemExit escapes: that is a traceback for a user."""
    from audit.cli import main

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            main(args)
        except SystemExit as exc:
            return int(exc.code or 0), err.getvalue()
    return 0, err.getvalue()


def segment_texts(name: str) -> list[str]:
    """The target text of each segment of an input file, as the readers give them."""
    from audit.inputs.readers import read_segments

    units = read_units(name)
    return units.targets if units is not None else read_segments(name)


def check_file(suffix: str, data: bytes, lang: str | None) -> None:
    """Run `audit check` on one hostile file and assert the command-line contract."""
    with tempfile.TemporaryDirectory() as folder:
        home, name, report = Path(folder), f"feed{suffix}", "out.jsonl"
        (home / name).write_bytes(data)
        before = tree(home)
        cwd = os.getcwd()
        os.chdir(home)
        try:
            code, err = run_cli(["check", name, "-o", report, "--format", "jsonl", "-j", "1", "--no-progress",
                                 *(["--tgt-lang", lang] if lang else [])])
            assert code in (0, 2), f"exit {code}: {err}"
            assert "Traceback" not in err, err
            if code == 2:
                assert len(err.strip().splitlines()) == 1, err
            else:
                texts = segment_texts(name)
                for line in (home / report).read_text(encoding="utf-8").split("\n")[:-1]:
                    row = json.loads(line)  # (not splitlines: U+0085 and U+2028 are not line ends in JSONL)
                    assert texts[row["line"] - 1][row["start"]:row["end"]] == row["phrase"], row
        finally:
            os.chdir(cwd)
        after = tree(home)
        written = {path for path in set(before) | set(after) if before.get(path, b"") != after.get(path, b"")}
        outside = {path for path in written if path != report and not path.startswith(report + ".")}
        assert not outside, f"written outside the report's path: {sorted(outside)}"


def cli_target(suffix: str):
    @CLI_ROUND
    @given(data=input_files(suffix), lang=st.sampled_from(["en", "fr", None]))
    def fuzz_cli(data: bytes, lang: str | None) -> None:
        check_file(suffix, data, lang)

    return fuzz_cli


@pytest.mark.parametrize("suffix", CLI_FORMATS)
def test_fuzz_command_line(suffix: str) -> None:
    assert for_a_while(cli_target(suffix)) >= 1


@pytest.mark.parametrize("targets, sources, references", [
    (["²"], ["0"], [""]),  # a superscript digit is a digit to isdigit() but not a number to float()
    (["´ 1"], ["0"], [""]),  # NFKC turns "´" into two characters: offsets must not move
])
def test_fuzz_regressions(targets, sources, references) -> None:
    result = run_audit(targets, sources, references, src_lang="fr", tgt_lang="en")
    for row in result.findings.itertuples():
        assert targets[row.line - 1][row.start:row.end] == row.phrase


def test_fuzz_regression_unknown_xml_encoding(tmp_path) -> None:
    path = tmp_path / "bad.tmx"
    path.write_bytes(b'<?xml version="1.0" encoding="U-TF-8"?>\n<tmx version="1.4"><body/></tmx>\n')
    with pytest.raises(AuditError, match="bad.tmx:1: cannot read the XML"):
        read_units(str(path))


def test_fuzz_regression_source_on_some_units_only() -> None:
    """A JSONL file whose records carry a source only sometimes: the source language was detected on the
    joined sources, None among them (TypeError traceback, exit 1)."""
    data = (b'{"target": "Hello there, how are you?", "source": "Bonjour, comment vas-tu ?"}\n'
            b'{"target": "Fine."}\n')
    check_file(".jsonl", data, "en")
