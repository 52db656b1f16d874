"""Every rule's should-flag / should-not-flag cases, kept as data in tests/rules/<CODE>.yml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from audit.api import run_audit
from audit.rules import all_rules

CASE_DIR = Path(__file__).parent / "rules"


def load_cases() -> list:
    params = []
    for path in sorted(CASE_DIR.glob("*.yml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in spec["cases"]:
            params.append(pytest.param(spec["rule"], case, id=f"{spec['rule']}-{case['name']}"))
    return params


@pytest.mark.parametrize(("code", "case"), load_cases())
def test_rule_case(code: str, case: dict) -> None:
    targets = case.get("targets") or [case["target"]]
    sources = [case["source"]] if "source" in case else None
    result = run_audit(targets, sources, None, case.get("src_lang"), case.get("tgt_lang", "en"))
    findings = result.findings
    mine = findings.loc[findings["rule"].map(lambda rules: code in rules.split("+")).astype(bool)]
    assert sorted(mine["phrase"]) == sorted(case["flag"])
    for row in mine.itertuples():
        assert targets[row.line - 1][row.start:row.end] == row.phrase


def test_every_rule_has_cases_and_a_doc() -> None:
    with_cases = {p.stem for p in CASE_DIR.glob("*.yml")}
    for rule in all_rules():
        assert rule.code in with_cases, f"{rule.code} has no case file"
        spec = yaml.safe_load((CASE_DIR / f"{rule.code}.yml").read_text(encoding="utf-8"))
        assert any(c["flag"] for c in spec["cases"]), f"{rule.code} has no should-flag case"
        assert any(not c["flag"] for c in spec["cases"]), f"{rule.code} has no should-not-flag case"
        assert all([rule.what, rule.why, rule.example, rule.instead])
