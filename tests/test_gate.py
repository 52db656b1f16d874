"""The quality gate: policy, overrides, configuration, exit codes."""

from __future__ import annotations

import pytest

from audit.errors import AuditError
from audit.findings import Finding, to_frame
from audit.gate import Policy, apply_overrides, evaluate_gate, load_policy
from conftest import CLEAN, SEED
from test_cli import assert_one_line_error, run


def finding(rule: str, severity: str, category: str = "accuracy/mistranslation") -> Finding:
    return Finding("f", 1, 0, 4, "diet", rule, category, severity, "", "", 0.8)


def test_any_critical_fails() -> None:
    decision = evaluate_gate(to_frame([finding("LG001", "critical")]), 10_000, Policy())
    assert not decision.passed and "critical" in decision.reasons[0]


def test_major_rate_and_penalty() -> None:
    findings = to_frame([finding("LX001", "major")] * 3)
    assert not evaluate_gate(findings, 1000, Policy()).passed  # 3 major per 1,000 words > 2
    assert evaluate_gate(findings, 2000, Policy()).passed  # 1.5 per 1,000, penalty 7.5 per 1,000


def test_minor_punctuation_weighs_a_tenth() -> None:
    punctuation = to_frame([finding("PU001", "minor", "fluency/punctuation")] * 50)
    other = to_frame([finding("FL001", "minor", "fluency/grammar")] * 50)
    assert evaluate_gate(punctuation, 1000, Policy()).metrics["penalty"] == pytest.approx(5.0)
    assert not evaluate_gate(other, 1000, Policy()).passed  # penalty 50 per 1,000 words


def test_overrides_off_warn_and_severity() -> None:
    findings = to_frame([finding("LG001", "critical"), finding("LX001", "major", "accuracy/mistranslation")])
    policy = Policy(rules={"LG001": "warn"}, categories={"accuracy/mistranslation": "minor"})
    gated, warned = apply_overrides(findings, policy)
    assert warned == 1 and list(gated["severity"]) == ["minor"]
    assert apply_overrides(findings, Policy(rules={"LG001": "off", "LX001": "off"}))[0].empty


def test_policy_from_audit_toml(tmp_path) -> None:
    (tmp_path / "audit.toml").write_text('[gate]\nmax_major_per_1000 = 7.5\n[gate.rules]\nPU004 = "off"\n')
    policy = load_policy(directory=tmp_path)
    assert policy.max_major_per_1000 == 7.5 and policy.rules == {"PU004": "off"}


def test_policy_from_pyproject(tmp_path) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.audit.gate]\nfail_on_critical = false\n')
    assert load_policy(directory=tmp_path).fail_on_critical is False


@pytest.mark.parametrize("text", ['[gate]\nmax_majors = 3\n', '[gate.rules]\nPU001 = "loud"\n', "not = [toml"])
def test_bad_policy_is_an_input_error(tmp_path, text: str) -> None:
    (tmp_path / "audit.toml").write_text(text)
    with pytest.raises(AuditError):
        load_policy(directory=tmp_path)


def test_gate_fails_the_seed_and_passes_the_clean_rendering(tmp_path) -> None:
    failed = run("gate", str(SEED), "--src-lang", "fr", "-o", str(tmp_path / "seed.csv"))
    assert failed.returncode == 1 and b"gate: FAIL" in failed.stdout
    passed = run("gate", str(CLEAN), "--src-lang", "fr", "-o", str(tmp_path / "clean.csv"))
    assert passed.returncode == 0 and b"gate: PASS" in passed.stdout


def test_gate_on_an_existing_report_and_warn_only(tmp_path) -> None:
    report = tmp_path / "seed.csv"
    assert run("check", str(SEED), "--src-lang", "fr", "-o", str(report)).returncode == 0
    assert run("gate", "--report", str(report)).returncode == 1
    assert run("gate", "--report", str(report), "--warn-only").returncode == 0
    assert run("gate", "--report", str(report), "--max-major-per-1000", "10", "--max-penalty-per-1000", "50").returncode == 0


def test_gate_input_errors(tmp_path) -> None:
    assert_one_line_error(run("gate", str(tmp_path / "missing.txt")), "missing.txt")
    assert_one_line_error(run("gate"), "either TARGET")
    report = tmp_path / "lonely.csv"
    report.write_text("file,line,start,end,phrase,rule,category,severity,suggestion,evidence,confidence\n")
    assert_one_line_error(run("gate", "--report", str(report)), "meta.json")
    assert_one_line_error(run("gate", "--report", str(report), "--policy", str(tmp_path / "none.toml")), "none.toml")


def test_reference_divergences_have_their_own_budget() -> None:
    flips = to_frame([finding("RF004", "critical")] + [finding("RF001", "major")] * 5)
    decision = evaluate_gate(flips, 1000, Policy())
    assert decision.passed, decision.summary()  # 6 per 1,000 words: within what a second human translation gets
    assert decision.metrics["reference_per_1000"] == 6 and decision.metrics["critical"] == 0
    many = to_frame([finding("RF001", "major")] * 61)
    assert "divergences from the reference" in evaluate_gate(many, 1000, Policy()).reasons[0]
    shared = to_frame([finding("LX001+RF001", "major")] * 3)  # a heuristic agrees: the main budget counts it
    assert not evaluate_gate(shared, 1000, Policy()).passed


def test_minimum_chrf_with_a_reference() -> None:
    empty = to_frame([])
    assert evaluate_gate(empty, 1000, Policy(), chrf=53.9).passed
    failed = evaluate_gate(empty, 1000, Policy(), chrf=17.5)
    assert not failed.passed and "chrF 17.5" in failed.reasons[0]
    assert evaluate_gate(empty, 1000, Policy()).passed  # no reference, no chrF check


def test_gate_on_a_report_reads_chrf_from_its_meta(tmp_path) -> None:
    mt, ref = tmp_path / "mt.txt", tmp_path / "ref.txt"
    mt.write_text("The cat sat on the mat today.\nIt was warm.\n")
    ref.write_text("A dog lay under the table yesterday.\nSnow fell all night.\n")  # unrelated: low chrF
    out = tmp_path / "r.csv"
    assert run("check", str(mt), "--ref", str(ref), "--tgt-lang", "en", "-o", str(out)).returncode == 0
    proc = run("gate", "--report", str(out))
    assert proc.returncode == 1 and "chrF" in proc.stdout.decode()
    assert run("gate", "--report", str(out), "--min-chrf", "0", "--max-major-per-1000", "1000",
               "--max-penalty-per-1000", "100000", "--max-reference-per-1000", "1000").returncode == 0
