"""Every rule's should-flag / should-not-flag cases, kept as data in tests/rules/<CODE>.yml."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import pandas as pd

from audit.engine.run import audit_segments
from audit.engine.settings import RunSettings
from audit.languages import normalize_language
from audit.segments import build_segments
from audit.detectors import all_rules

CASE_DIR = Path(__file__).parent / "rules"


def load_cases() -> list:
    params = []
    for path in sorted(CASE_DIR.glob("*.yml")):
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in spec["cases"]:
            params.append(pytest.param(spec["rule"], case, id=f"{spec['rule']}-{case['name']}"))
    return params


def audit_case(case: dict) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """Findings for a case: one target (`target`), one document (`targets`) or a feed (`documents`);
    a `reference` or several `references` for a one-target case."""
    documents = case.get("documents") or [case.get("targets") or [case["target"]]]
    sources = case.get("sources") or ([case["source"]] if "source" in case else None)
    refs = case.get("references") or ([case["reference"]] if "reference" in case else [])
    src = normalize_language(case.get("src_lang"))
    tables = [build_segments(doc, sources, refs[:1] or None, file=f"doc{i}", src_lang=src,
                             tgt_lang=case.get("tgt_lang", "en"), more_references=[[r] for r in refs[1:]])
              for i, doc in enumerate(documents)]
    texts = {f"doc{i}": doc for i, doc in enumerate(documents)}
    return audit_segments(pd.concat(tables, ignore_index=True), RunSettings(ref_minor=case.get("ref_minor", False))), texts


def has_dictionaries(case: dict) -> bool:
    """Whether the FreeDict dictionaries a `needs: dictionaries` case reads are installed (CI installs them)."""
    from audit.bilingual.dictionary import pair_status

    status = pair_status(normalize_language(case.get("src_lang")), case.get("tgt_lang", "en"))
    return bool(status["found"])


@pytest.mark.parametrize(("code", "case"), load_cases())
def test_rule_case(code: str, case: dict) -> None:
    if case.get("needs") == "dictionaries" and not has_dictionaries(case):
        pytest.skip("the FreeDict dictionaries of this pair are not installed")
    findings, texts = audit_case(case)
    mine = findings.loc[findings["rule"].map(lambda rules: code in rules.split("+")).astype(bool)]
    assert sorted(mine["phrase"]) == sorted(case["flag"])
    if "severity" in case:
        assert set(mine["severity"]) <= {case["severity"]}
    for row in mine.itertuples():
        assert texts[row.file][row.line - 1][row.start:row.end] == row.phrase


def test_every_rule_has_cases_and_a_doc() -> None:
    with_cases = {p.stem for p in CASE_DIR.glob("*.yml")}
    for rule in all_rules():
        assert rule.code in with_cases, f"{rule.code} has no case file"
        spec = yaml.safe_load((CASE_DIR / f"{rule.code}.yml").read_text(encoding="utf-8"))
        assert any(c["flag"] for c in spec["cases"]), f"{rule.code} has no should-flag case"
        assert any(not c["flag"] for c in spec["cases"]), f"{rule.code} has no should-not-flag case"
        assert all([rule.what, rule.why, rule.example, rule.instead])
