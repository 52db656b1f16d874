"""Command-line and configuration conventions (issue 17, item 3): rule selection (`--select`, `--ignore`,
`--extend-select`), `--ignore-file`, `-q`, `-o -`, `--no-report`, `--show-findings`, scores in the
summary, configuration found upward with every section honoured by `check` and `gate`, the summary and
the gate agreeing, our own reports never read back as input, report-name collisions, grammar and
language names in messages, and one-line errors for every wrong file."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEED

# one critical (LG001: line 2 left in French) and one minor (FL001: "The the")
SRC = "Le temps était agréable.\nLe gouvernement a annoncé hier une nouvelle réforme des retraites pour le pays.\n"
MT = "The weather was pleasant.\nLe gouvernement a annoncé hier une nouvelle réforme des retraites pour le pays.\n"
TWICE = "The the weather was pleasant.\nThe council approved the budget.\n"


def run(*args: str, cwd: Path, stdin: bytes | None = None, umask: int | None = None) -> subprocess.CompletedProcess:
    preexec = (lambda: os.umask(umask)) if umask is not None else None
    return subprocess.run([sys.executable, "-m", "audit", *args], cwd=cwd, input=stdin, capture_output=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, preexec_fn=preexec)


def one_line_error(proc: subprocess.CompletedProcess, *needles: str) -> str:
    err = proc.stderr.decode()
    assert proc.returncode == 2, (proc.stdout.decode(), err)
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    for needle in needles:
        assert needle in err, err
    return err


def rules_in(report: Path) -> set[str]:
    import pandas as pd

    return set(pd.read_csv(report, keep_default_na=False)["rule"])


def project(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


# ---- rule selection ----

def test_select_prefix_and_code_keeps_only_those_rules(tmp_path) -> None:
    proc = run("check", str(SEED), "--src-lang", "fr", "--select", "LX,PU001", "-o", "r.csv", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert rules_in(tmp_path / "r.csv") == {"LX001", "PU001"}
    meta = json.loads((tmp_path / "r.csv.meta.json").read_text())
    assert meta["options"]["select"] == ["LX", "PU001"]
    assert "select:LX,PU001" in meta["signature"]
    assert meta["counts"]["findings"] == 4


def test_ignore_codes_and_extend_select(tmp_path) -> None:
    proc = run("check", str(SEED), "--src-lang", "fr", "--ignore", "PU,bp001", "-o", "r.csv", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert rules_in(tmp_path / "r.csv") == {"LX001", "FL002"}
    assert json.loads((tmp_path / "r.csv.meta.json").read_text())["options"]["ignore_rules"] == ["PU", "BP001"]
    proc = run("check", str(SEED), "--src-lang", "fr", "--select", "LX", "--extend-select", "FL",
               "-o", "s.csv", cwd=tmp_path)
    assert rules_in(tmp_path / "s.csv") == {"LX001", "FL002"}


def test_a_more_specific_select_wins_over_an_ignore(tmp_path) -> None:
    proc = run("check", str(SEED), "--src-lang", "fr", "--ignore", "PU", "--extend-select", "PU004",
               "--select", "PU,LX", "-o", "r.csv", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert rules_in(tmp_path / "r.csv") == {"PU004", "LX001"}


def test_selection_without_it_the_report_is_unchanged(tmp_path) -> None:
    assert run("check", str(SEED), "--src-lang", "fr", "-o", "a.csv", cwd=tmp_path).returncode == 0
    assert run("check", str(SEED), "--src-lang", "fr", "--select", "ALL", "-o", "b.csv", cwd=tmp_path).returncode == 0
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert "select" not in json.loads((tmp_path / "a.csv.meta.json").read_text())["signature"]


@pytest.mark.parametrize("option, value", [("--select", "ZZ9"), ("--ignore", "LX999"), ("--extend-select", "L-X")])
def test_a_code_no_rule_has_is_one_line(tmp_path, option, value) -> None:
    one_line_error(run("check", str(SEED), option, value, "-o", "r.csv", cwd=tmp_path), value, "audit rules")


def test_ignore_file_is_its_own_option(tmp_path) -> None:
    project(tmp_path, {"mt.txt": TWICE, "ignore.toml": '[[ignore]]\nrule = "FL001"\n'})
    proc = run("check", "mt.txt", "--tgt-lang", "en", "--ignore-file", "ignore.toml", "-o", "r.csv", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert rules_in(tmp_path / "r.csv") == set()
    one_line_error(run("check", "mt.txt", "--ignore", "ignore.toml", "-o", "r.csv", cwd=tmp_path), "--ignore-file")


def test_the_gate_and_the_summary_count_the_selected_findings(tmp_path) -> None:
    project(tmp_path, {"src.txt": SRC, "mt.txt": MT})
    proc = run("gate", "mt.txt", "--src", "src.txt", "--tgt-lang", "en", "--ignore", "LG", cwd=tmp_path)
    out = proc.stdout.decode()
    assert "critical 0" in out and "gate: PASS — 0 critical" in out, out
    assert proc.returncode == 0


# ---- configuration ----

def test_config_is_found_upward_and_every_section_honoured_by_check(tmp_path) -> None:
    project(tmp_path, {
        "pyproject.toml": '[project]\nname = "x"\n\n[tool.audit]\nignore = ["LG", {rule = "FL001"}]\n',
        "sub/deeper/src.txt": SRC + "Le temps était agréable.\nLe conseil a approuvé le budget.\n",
        "sub/deeper/mt.txt": MT + TWICE})
    here = tmp_path / "sub" / "deeper"
    proc = run("check", "mt.txt", "--src", "src.txt", "--tgt-lang", "en", "-o", "r.csv", cwd=here)
    assert proc.returncode == 0, proc.stderr.decode()
    assert rules_in(here / "r.csv") == set()
    assert "1 accepted or ignored" in proc.stdout.decode()


def test_gate_reads_the_same_config_as_check(tmp_path) -> None:
    project(tmp_path, {"audit.toml": '[[ignore]]\nrule = "LG001"\n\n[gate]\nmax_penalty_per_1000 = 1000\n'
                                     'max_major_per_1000 = 1000\n',
                       "sub/src.txt": SRC, "sub/mt.txt": MT})
    proc = run("gate", "mt.txt", "--src", "src.txt", "--tgt-lang", "en", cwd=tmp_path / "sub")
    assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()
    assert "gate: PASS" in proc.stdout.decode()
    assert run("gate", "--report", "reports/mt.audit.csv", cwd=tmp_path / "sub").returncode == 0


def test_config_search_stops_at_the_repository_root(tmp_path) -> None:
    project(tmp_path, {"audit.toml": 'select = ["PU"]\n', "repo/.git/HEAD": "", "repo/mt.txt": TWICE})
    proc = run("check", "mt.txt", "--tgt-lang", "en", "-o", "r.csv", cwd=tmp_path / "repo")
    assert rules_in(tmp_path / "repo" / "r.csv") == {"FL001"}, proc.stderr.decode()


def test_the_command_line_comes_before_the_config(tmp_path) -> None:
    project(tmp_path, {"audit.toml": 'select = ["PU"]\n', "mt.txt": TWICE})
    assert run("check", "mt.txt", "--tgt-lang", "en", "-o", "a.csv", cwd=tmp_path).returncode == 0
    assert rules_in(tmp_path / "a.csv") == set()
    assert run("check", "mt.txt", "--tgt-lang", "en", "--select", "FL", "-o", "b.csv", cwd=tmp_path).returncode == 0
    assert rules_in(tmp_path / "b.csv") == {"FL001"}


@pytest.mark.parametrize("text, needle", [
    ('select = "PU"\n', "select"),
    ('select = ["QQ"]\n', "QQ"),
    ("lexicons = 3\n", "lexicons"),
    ("[gate]\nmax_major_per_1000 = \"x\"\n", "max_major_per_1000"),
    ("[[ignore]]\nfile = 'x'\n", "ignore entry 1"),
    ("colour = true\n", "colour"),
    ("select = [\n", "audit.toml"),
])
def test_a_wrong_config_is_one_line(tmp_path, text, needle) -> None:
    project(tmp_path, {"audit.toml": text, "mt.txt": TWICE})
    one_line_error(run("check", "mt.txt", "--tgt-lang", "en", cwd=tmp_path), needle)
    one_line_error(run("gate", "mt.txt", "--tgt-lang", "en", cwd=tmp_path), needle)


# ---- output conventions ----

def test_quiet_prints_nothing_but_annotations(tmp_path) -> None:
    project(tmp_path, {"mt.txt": TWICE})
    proc = run("check", "mt.txt", "--tgt-lang", "en", "-q", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout == b"" and proc.stderr == b""
    proc = run("check", "mt.txt", "--tgt-lang", "en", "--quiet", "--format", "github", cwd=tmp_path)
    assert proc.stdout.decode().startswith("::warning file=mt.txt,line=1"), proc.stdout
    assert "audit 0" not in proc.stdout.decode()


def test_output_dash_writes_the_report_to_stdout(tmp_path) -> None:
    project(tmp_path, {"mt.txt": TWICE})
    proc = run("check", "mt.txt", "--tgt-lang", "en", "--format", "jsonl", "-o", "-", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    rows = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [r["rule"] for r in rows] == ["FL001"]
    assert "1 finding" in proc.stderr.decode()  # the summary goes to stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mt.txt"]  # no file named -, no meta, no reports/


def test_gate_without_a_report_writes_nothing(tmp_path) -> None:
    project(tmp_path, {"a/x.txt": TWICE, "b/src.txt": SRC, "b/mt.txt": MT})
    proc = run("gate", "--no-report", "--format", "github", "a/x.txt", "b/mt.txt", "--tgt-lang", "en",
               "--max-penalty-per-1000", "200", cwd=tmp_path)
    out = proc.stdout.decode()
    assert proc.returncode == 1, out
    assert "::warning file=a/x.txt" in out and "gate: PASS" in out and "gate: FAIL" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"]


def test_gate_output_dash_with_several_targets_only_for_line_formats(tmp_path) -> None:
    project(tmp_path, {"a/x.txt": TWICE, "b/y.txt": TWICE})
    one_line_error(run("gate", "a/x.txt", "b/y.txt", "-o", "-", cwd=tmp_path), "-o -")
    proc = run("gate", "a/x.txt", "b/y.txt", "--tgt-lang", "en", "--format", "jsonl", "-o", "-",
               "--max-penalty-per-1000", "200", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert [json.loads(line)["file"] for line in proc.stdout.decode().splitlines()] == ["a/x.txt", "b/y.txt"]


def test_show_findings_prints_linter_lines(tmp_path) -> None:
    project(tmp_path, {"mt.txt": TWICE})
    proc = run("check", "mt.txt", "--tgt-lang", "en", "--show-findings", cwd=tmp_path)
    assert "mt.txt:1:1: FL001 [minor] 'The the': 'The' written 2 times in a row → The" in proc.stdout.decode().splitlines()
    proc = run("check", "mt.txt", "--tgt-lang", "en", cwd=tmp_path)  # not a terminal: off by default
    assert "mt.txt:1:1: FL001" not in proc.stdout.decode()


def test_scores_in_the_summary_with_a_reference(tmp_path) -> None:
    project(tmp_path, {"mt.txt": TWICE, "ref.txt": "The weather was nice.\nThe council approved the budget.\n"})
    out = run("check", "mt.txt", "--tgt-lang", "en", "--ref", "ref.txt", cwd=tmp_path).stdout.decode()
    assert "  scores: BLEU " in out and ", chrF " in out and ", TER " not in out, out  # TER: on request
    out = run("check", "mt.txt", "--tgt-lang", "en", "--ref", "ref.txt", "--scores", "bleu,chrf,ter",
              cwd=tmp_path).stdout.decode()
    assert ", TER " in out, out


def test_warn_only_says_so(tmp_path) -> None:
    project(tmp_path, {"src.txt": SRC, "mt.txt": MT})
    proc = run("gate", "mt.txt", "--src", "src.txt", "--tgt-lang", "en", "--warn-only", cwd=tmp_path)
    assert proc.returncode == 0
    assert "gate: FAIL (warn only) —" in proc.stdout.decode()


def test_summary_and_gate_agree_when_the_policy_turns_a_rule_off(tmp_path) -> None:
    """The summary counted 1 critical, the gate 0 critical, and nothing said why."""
    project(tmp_path, {"src.txt": SRC, "mt.txt": MT, "audit.toml": '[gate.rules]\nLG001 = "off"\n'})
    out = run("gate", "mt.txt", "--src", "src.txt", "--tgt-lang", "en", cwd=tmp_path).stdout.decode()
    assert "critical 1" in out
    assert "1 finding turned off by the policy" in out, out


# ---- inputs and report names ----

def test_check_of_a_directory_twice_never_reads_its_own_reports(tmp_path) -> None:
    project(tmp_path, {"texts/a.txt": TWICE})
    for _ in range(2):
        proc = run("check", ".", "--tgt-lang", "en", cwd=tmp_path / "texts")
        assert proc.returncode == 0, proc.stderr.decode()
        meta = json.loads((tmp_path / "texts" / "reports" / "texts.audit.csv.meta.json").read_text())
        assert [i["path"] for i in meta["inputs"]] == ["a.txt"], meta["inputs"]
    assert run("check", str(tmp_path / "texts"), "--tgt-lang", "en", "-o", "elsewhere/r.csv", cwd=tmp_path).returncode == 0
    proc = run("check", ".", "--tgt-lang", "en", "-o", "out.jsonl", "--format", "jsonl", cwd=tmp_path)
    meta = json.loads((tmp_path / "out.jsonl.meta.json").read_text())
    assert [i["path"] for i in meta["inputs"]] == ["texts/a.txt"], meta["inputs"]


def test_same_stem_in_two_folders_gets_two_reports(tmp_path) -> None:
    project(tmp_path, {"a/x.txt": TWICE, "b/x.txt": "The council approved the budget.\n"})
    proc = run("gate", "a/x.txt", "b/x.txt", "--tgt-lang", "en", "--max-penalty-per-1000", "200", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr.decode()
    assert sorted(p.name for p in (tmp_path / "reports").glob("*.csv")) == ["a__x.audit.csv", "b__x.audit.csv"]
    assert rules_in(tmp_path / "reports" / "a__x.audit.csv") == {"FL001"}


def test_reports_follow_the_umask(tmp_path) -> None:
    """Fixed since issue 13: reports are not written 0600."""
    project(tmp_path, {"mt.txt": TWICE})
    for umask, mode in ((0o022, 0o644), (0o002, 0o664)):
        assert run("check", "mt.txt", "--tgt-lang", "en", "-o", f"r{umask}.csv", cwd=tmp_path, umask=umask).returncode == 0
        for name in (f"r{umask}.csv", f"r{umask}.csv.meta.json"):
            assert stat.S_IMODE((tmp_path / name).stat().st_mode) == mode


# ---- words ----

def test_one_finding_not_one_findings(tmp_path) -> None:
    project(tmp_path, {"mt.txt": TWICE})
    out = run("check", "mt.txt", "--tgt-lang", "en", "-o", "r.csv", cwd=tmp_path).stdout.decode()
    assert ", 1 finding\n" in out, out
    assert "1 of 1 finding shown" in run("show", "r.csv", cwd=tmp_path).stdout.decode()
    out = run("baseline", "mt.txt", "--tgt-lang", "en", "-o", "b.json", cwd=tmp_path).stdout.decode()
    assert out.startswith("baseline: 1 finding accepted"), out


def test_language_names_in_evidence() -> None:
    """LG003 said "'réforme' comes from the source; a fr word, not a en one; 'des' is a fr function word"."""
    from audit.api import check

    findings = check(["The minister presented the réforme des retraites yesterday to the parliament."],
                     ["Le ministre a présenté hier la réforme des retraites au parlement."], src_lang="fr", tgt_lang="en")
    assert list(findings["evidence"]) == [
        "'réforme' comes from the source; a French word, not an English one; 'des' is a French function word; "
        "'retraites' comes from the source; a French word, not an English one"]


def test_language_name_table() -> None:
    from audit.languages import language_name, with_article

    assert language_name("fr") == "French" and language_name("pt-BR") == "Portuguese"
    assert language_name("xx") == "xx" and language_name(None) == "an unknown language"
    assert with_article("English") == "an English" and with_article("French") == "a French"


# ---- wrong files ----

@pytest.mark.parametrize("command", [["show", "notareport.txt"], ["eval", "notareport.txt", "gold.jsonl"],
                                     ["gate", "--report", "notareport.txt"], ["show", "empty.csv"],
                                     ["show", "binary.csv"], ["show", "folder"], ["eval", "binary.csv", "gold.jsonl"]])
def test_a_file_that_is_not_a_report_is_one_line(tmp_path, command) -> None:
    """Fixed before issue 17 (exit 2, one line); kept by this test."""
    project(tmp_path, {"notareport.txt": "Hello world.\n", "gold.jsonl": "", "empty.csv": "", "folder/x": ""})
    (tmp_path / "binary.csv").write_bytes(bytes(range(256)))
    one_line_error(run(*command, cwd=tmp_path))


# ---- in-process: the selection and the discovery ----

def test_rule_selection_ruff_semantics() -> None:
    from audit.config import ProjectConfig, RuleSelection, rule_selection

    selection = rule_selection(("LX,pu",), ("PU004",), ("PU", "LX001"), ProjectConfig())
    assert selection == RuleSelection(("LX", "PU"), ("PU004",), ("PU", "LX001"))
    assert [c for c in ("LX001", "LX002", "PU001", "PU004", "FL001") if selection.reports(c)] == ["LX002", "PU004"]
    assert RuleSelection().reports("FL001") and not RuleSelection()
    config = ProjectConfig({"select": ["FL"], "ignore": ["FL002", {"rule": "FL001"}]}, Path("audit.toml"))
    assert rule_selection((), (), (), config) == RuleSelection(("FL",), (), ("FL002",))
    assert rule_selection(("PU",), (), ("PU001",), config) == RuleSelection(("PU",), (), ("FL002", "PU001"))


def test_a_pyproject_without_tool_audit_is_passed_over(tmp_path) -> None:
    from audit.config import find_config
    from audit.gate import load_policy

    project(tmp_path, {"audit.toml": "[gate]\nmax_major_per_1000 = 9\n", "pkg/pyproject.toml": "[project]\nname = 'x'\n"})
    assert find_config(tmp_path / "pkg").path == tmp_path / "audit.toml"
    assert load_policy(directory=tmp_path / "pkg").max_major_per_1000 == 9


def test_gate_report_applies_the_selection(tmp_path) -> None:
    project(tmp_path, {"src.txt": SRC, "mt.txt": MT})
    assert run("check", "mt.txt", "--src", "src.txt", "--tgt-lang", "en", "-o", "r.csv", cwd=tmp_path).returncode == 0
    assert run("gate", "--report", "r.csv", cwd=tmp_path).returncode == 1
    proc = run("gate", "--report", "r.csv", "--ignore", "LG001", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout.decode()
