"""Gate integrity (issue 13): policy numbers validated, reports verified against their meta file, garbage
reports refused in one line. The hostile matrix (tests/hostile/gate.yml) runs the command-line cases."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings, strategies as st

from audit.errors import AuditError
from audit.gate import Policy, check_threshold, evaluate_gate, load_policy
from audit.findings import empty_findings
from test_cli import run


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, -1, -0.5, "1", [1], True, None, {"a": 1}])
def test_policy_numbers_must_be_finite_and_not_negative(value, tmp_path) -> None:
    with pytest.raises(AuditError, match="max_major_per_1000"):
        check_threshold(value, "max_major_per_1000")


@pytest.mark.parametrize("key", [f for f in ("max_major_per_1000", "max_penalty_per_1000", "weight_minor",
                                             "weight_major", "weight_critical", "weight_minor_punctuation",
                                             "max_reference_per_1000", "min_chrf", "max_untranslated")])
def test_every_number_setting_is_checked(key, tmp_path) -> None:
    policy = tmp_path / "p.toml"
    policy.write_text(f"{key} = nan\n")
    with pytest.raises(AuditError, match=rf"p\.toml: {key}"):
        load_policy(str(policy))
    policy.write_text(f"{key} = 0\n")
    assert getattr(load_policy(str(policy)), key) == 0


def test_untranslated_units_and_empty_texts_fail() -> None:
    policy = Policy()
    assert not evaluate_gate(empty_findings(), 10, policy, untranslated=1, segments=3).passed
    assert evaluate_gate(empty_findings(), 10, Policy(max_untranslated=1), untranslated=1, segments=3).passed
    blank = evaluate_gate(empty_findings(), 0, policy, segments=3)
    assert not blank.passed and "0 words in 3 segments" in blank.summary()
    assert evaluate_gate(empty_findings(), 0, policy, segments=0).passed  # an empty file: nothing to fail


def test_streamed_and_whole_reports_record_the_same_identity(tmp_path) -> None:
    target = tmp_path / "t.txt"
    target.write_text("He said that the the talks failed.\nFine.\n", encoding="utf-8")
    metas = []
    for fmt in ("csv", "json"):  # csv streams, json is read whole
        out = tmp_path / f"r.{fmt}"
        assert run("check", str(target), "--tgt-lang", "en", "--format", fmt, "-o", str(out)).returncode == 0
        metas.append(json.loads((tmp_path / f"r.{fmt}.meta.json").read_text()))
    assert metas[0]["inputs"] == metas[1]["inputs"] and metas[0]["inputs"][0]["role"] == "target"
    assert metas[0]["report"]["rows"] == metas[1]["report"]["rows"] == 1
    assert metas[0]["report"]["sha256"] != metas[1]["report"]["sha256"]  # each digests its own bytes


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".csv", ".jsonl", ".json", ".parquet"]))
def test_read_report_on_garbage_is_a_report_or_an_audit_error(data, suffix, tmp_path_factory) -> None:
    from audit.report import read_report

    path = tmp_path_factory.mktemp("garbage") / f"r{suffix}"
    path.write_bytes(data)
    try:
        read_report(path)
    except AuditError as exc:
        assert "\n" not in str(exc)
