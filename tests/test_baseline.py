"""Accepting findings once: baselines that survive line shifts, and ignore files."""

from __future__ import annotations

import json

from audit.api import run_audit
from audit.gate.suppress import IgnoreEntry, suppress
from conftest import SEED
from test_cli import assert_one_line_error, run


def test_fingerprints_survive_inserted_lines() -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    before = run_audit(lines, src_lang="fr", tgt_lang="en").findings
    after = run_audit(["A new first line.", ""] + lines, src_lang="fr", tgt_lang="en").findings
    assert set(before["fingerprint"]) == set(after["fingerprint"])
    assert (after["line"].to_numpy() == before["line"].to_numpy() + 2).all()


def test_fingerprint_changes_with_context() -> None:
    one = run_audit(["He said that the the talks failed."], tgt_lang="en").findings
    two = run_audit(["She knew that the the plan failed."], tgt_lang="en").findings
    assert one["fingerprint"][0] != two["fingerprint"][0]


def test_ignore_entries_by_rule_phrase_and_file() -> None:
    findings = run_audit(SEED.read_text(encoding="utf-8").splitlines(), src_lang="fr", tgt_lang="en",
                         file="seeds/seed.txt").findings
    kept, dropped = suppress(findings, ignore=[IgnoreEntry(rule="PU004")])
    assert dropped == 3 and not kept["rule"].str.contains("PU004").any()
    kept, dropped = suppress(findings, ignore=[IgnoreEntry(phrase="DIET")])
    assert dropped == 1 and "diet" not in set(kept["phrase"])
    _, dropped = suppress(findings, ignore=[IgnoreEntry(rule="LX001", file="other/*.txt")])
    assert dropped == 0


def test_baseline_gate_passes_until_a_new_artifact(tmp_path) -> None:
    seed = tmp_path / "seed.txt"
    seed.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    baseline = tmp_path / "audit-baseline.json"
    made = run("baseline", str(seed), "--src-lang", "fr", "-o", str(baseline), cwd=tmp_path)
    assert made.returncode == 0 and len(json.loads(baseline.read_text())["findings"]) >= 9
    assert run("gate", str(seed), "--src-lang", "fr", "--baseline", str(baseline), cwd=tmp_path).returncode == 0
    shifted = tmp_path / "shifted.txt"
    shifted.write_text("An inserted first line.\n\n" + seed.read_text(encoding="utf-8"), encoding="utf-8")
    assert run("gate", str(shifted), "--src-lang", "fr", "--baseline", str(baseline), cwd=tmp_path).returncode == 0
    with shifted.open("a", encoding="utf-8") as handle:
        handle.write("\nThe protesters vowed to get rid of the diet and its leaders.\n")
    failed = run("gate", str(shifted), "--src-lang", "fr", "--baseline", str(baseline), cwd=tmp_path)
    assert failed.returncode == 1 and b"new finding" in failed.stdout


def test_ignore_file_on_the_command_line(tmp_path) -> None:
    ignore = tmp_path / "ignore.toml"
    ignore.write_text('[[ignore]]\nrule = "PU004"\n[[ignore]]\nphrase = "Comments are closed."\n')
    out = tmp_path / "r.csv"
    assert run("check", str(SEED), "--src-lang", "fr", "--ignore-file", str(ignore), "-o", str(out)).returncode == 0
    text = out.read_text(encoding="utf-8")
    assert "PU004" not in text and "Comments are closed." not in text and "diet" in text


def test_bad_baseline_and_ignore_files(tmp_path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    assert_one_line_error(run("check", str(SEED), "--baseline", str(bad), "-o", str(tmp_path / "r.csv")), "baseline")
    assert_one_line_error(run("check", str(SEED), "--baseline", str(tmp_path / "none.json")), "none.json")
    wrong = tmp_path / "ignore.toml"
    wrong.write_text('[[ignore]]\nfile = "*.txt"\n')
    assert_one_line_error(run("check", str(SEED), "--ignore-file", str(wrong), "-o", str(tmp_path / "r.csv")), "ignore entry 1")


def test_baselines_count_occurrences(tmp_path) -> None:
    """A baseline records how many times each fingerprint was accepted, and accepts at most that many."""
    from audit.gate.suppress import load_baseline, write_baseline

    line = "He said that the the talks failed."
    findings = run_audit([line, "Fine.", line], tgt_lang="en").findings
    assert len(findings) == 2 and findings["fingerprint"].nunique() == 1
    path = tmp_path / "b.json"
    write_baseline(findings.iloc[:1], path)
    entry = json.loads(path.read_text())["findings"][findings["fingerprint"][0]]
    assert entry["count"] == 1
    kept, dropped = suppress(findings, load_baseline(path))
    assert dropped == 1 and list(kept["line"]) == [3]  # the first copy in report order is the accepted one
    write_baseline(findings, path)
    assert json.loads(path.read_text())["findings"][findings["fingerprint"][0]]["count"] == 2
    assert suppress(findings, load_baseline(path))[1] == 2


def test_a_baseline_is_used_up_across_calls(tmp_path) -> None:
    """A streamed run suppresses block by block with one Baseline: acceptances do not come back."""
    from audit.gate.suppress import Baseline

    findings = run_audit(["He said that the the talks failed."], tgt_lang="en").findings
    baseline = Baseline({findings["fingerprint"][0]: 1})
    assert suppress(findings, baseline)[1] == 1
    assert suppress(findings, baseline)[1] == 0
    assert suppress(findings, baseline.fresh())[1] == 1


def test_baseline_files_without_counts_count_one_each(tmp_path) -> None:
    from audit.gate.suppress import load_baseline

    old = tmp_path / "old.json"
    old.write_text(json.dumps({"tool": "audit", "version": "0.1.0", "baseline_version": 1,
                               "findings": {"abc": {"rule": "LX001", "phrase": "x", "file": "f", "line": 1}}}))
    assert load_baseline(old).counts == {"abc": 1}


def test_bad_baseline_counts_are_one_line_errors(tmp_path) -> None:
    for count in ("2", 0, -1, True, 1.5, None):
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps({"findings": {"abc": {"count": count}}}))
        assert_one_line_error(run("check", str(SEED), "--baseline", str(bad), "-o", str(tmp_path / "r.csv")), "count")
    listed = tmp_path / "listed.json"
    listed.write_text(json.dumps({"findings": ["abc"]}))
    assert_one_line_error(run("check", str(SEED), "--baseline", str(listed), "-o", str(tmp_path / "r.csv")), "baseline")
