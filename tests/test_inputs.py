"""Structured inputs: TSV/CSV/JSONL with named columns, XLIFF 1.2/2.0, TMX and PO, with unit ids and languages."""

from __future__ import annotations

import pytest

from audit.inputs.formats import parse_columns, read_units
from audit.report import read_report
from conftest import ROOT
from test_cli import assert_one_line_error, run

DATA = ROOT / "tests" / "data"


@pytest.mark.parametrize(("name", "ids", "src", "tgt"), [
    ("sample.xlf", ["headline", "p1", "p2"], "fr", "en"),
    ("sample2.xlf", ["u1", "u2"], "fr", "en"),
    ("sample.tmx", ["1", "2"], "fr", "en"),
])
def test_xml_formats_carry_ids_and_languages(name: str, ids: list[str], src: str, tgt: str) -> None:
    units = read_units(str(DATA / name))
    assert units.ids == ids and units.src_lang == src and units.tgt_lang.startswith(tgt)
    assert all(units.sources) and len(units.targets) == len(ids)


def test_po_uses_msgid_as_source_and_language_header() -> None:
    units = read_units(str(DATA / "sample.po"))
    assert units.targets == ["Get rid of the diet", "The clashes left hundreds of inmates."]
    assert units.sources[0] == "Se débarrasser du régime" and units.tgt_lang == "en" and units.ids[0] == "headline"


def test_tables_with_named_columns() -> None:
    units = read_units(str(DATA / "sample.tsv"), parse_columns("target=mt,source=src"))
    assert units.ids == ["h1", "h2"] and units.targets[0] == "Get rid of the diet"
    units = read_units(str(DATA / "sample.jsonl"), parse_columns("target=mt,source=src"))
    assert units.ids == ["a", "b"] and units.sources == ["Il a dit que les pourparlers avaient échoué.", None]


def test_report_keeps_the_unit_id(tmp_path) -> None:
    out = tmp_path / "r.csv"
    assert run("check", str(DATA / "sample.xlf"), "-o", str(out)).returncode == 0
    report = read_report(out)
    assert dict(zip(report["phrase"], report["id"])) == {"diet": "headline", "inmates": "p1"}


def test_malformed_inputs_name_the_line(tmp_path) -> None:
    broken_xml = tmp_path / "broken.xlf"
    broken_xml.write_text('<xliff version="1.2">\n<file>\n<trans-unit id="1"><source>a</source>\n</xliff>\n')
    assert_one_line_error(run("check", str(broken_xml), "-o", str(tmp_path / "r.csv")), "broken.xlf:", "malformed XML")
    broken_jsonl = tmp_path / "broken.jsonl"
    broken_jsonl.write_text('{"target": "fine"}\n{"target": \n')
    assert_one_line_error(run("check", str(broken_jsonl), "-o", str(tmp_path / "r.csv")), "broken.jsonl:2")
    no_column = tmp_path / "table.tsv"
    no_column.write_text("mt\tsrc\nHello there\tBonjour\n")
    assert_one_line_error(run("check", str(no_column), "-o", str(tmp_path / "r.csv")), "table.tsv:1", "--columns")
    assert_one_line_error(run("check", str(no_column), "--columns", "tgt=mt", "-o", str(tmp_path / "r.csv")), "--columns")
    assert not (tmp_path / "r.csv").exists()


def test_directory_and_glob_give_one_report(tmp_path) -> None:
    feed = tmp_path / "feed"
    feed.mkdir()
    template = "Subscribe to our newsletter for the latest news."
    for name, body in (("a.txt", "He said that the the talks failed."), ("b.txt", "Get rid of the diet"),
                       ("c.txt", "Talks resumed on Tuesday.")):
        (feed / name).write_text(f"{body}\n{template}\n", encoding="utf-8")
    out = tmp_path / "feed.csv"
    assert run("check", str(feed), "--tgt-lang", "en", "--src-lang", "fr", "-o", str(out)).returncode == 0
    report = read_report(out)
    assert {p.rsplit("/", 1)[-1] for p in report["file"]} == {"a.txt", "b.txt", "c.txt"}
    assert (report["rule"] == "CN002").sum() == 3  # the template line recurs in every document of the feed
    globbed = tmp_path / "glob.csv"
    assert run("check", str(feed / "*.txt"), "--tgt-lang", "en", "--src-lang", "fr", "-o", str(globbed)).returncode == 0
    assert read_report(globbed).equals(report)
    assert_one_line_error(run("check", str(feed), "--src", str(feed / "a.txt")), "--src")
    assert_one_line_error(run("check", str(tmp_path / "none" / "*.txt")), "no input files")


def test_parquet_input_with_named_columns_and_its_errors(tmp_path) -> None:
    import pandas as pd

    table = tmp_path / "units.parquet"
    pd.DataFrame({"mt": ["Get rid of the diet", "Talks resumed."], "key": ["h1", "p1"]}).to_parquet(table)
    units = read_units(str(table), parse_columns("target=mt,id=key"))
    assert units.targets == ["Get rid of the diet", "Talks resumed."] and units.ids == ["h1", "p1"]
    assert not units.has_sources
    out = tmp_path / "r.csv"
    assert_one_line_error(run("check", str(table), "-o", str(out)), "units.parquet", "no 'target' column")
    fake = tmp_path / "fake.parquet"
    fake.write_text("not parquet")
    assert_one_line_error(run("check", str(fake), "-o", str(out)), "fake.parquet", "not a readable Parquet file")
    assert not out.exists()
