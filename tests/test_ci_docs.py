"""The README's GitHub Actions workflow: it parses, has the steps a CI citizen needs (pip cache, SARIF upload,
the review page as an artifact, uploads that survive a failed gate), pins the same commit as the pre-commit
snippet, and its `run:` steps, run here in a scratch directory, fail the gate on the seed and write the files
the upload steps name. (The pre-commit hook: tests/test_ci_precommit.py.)"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SEED
from test_ci_precommit import readme_rev


def readme_yaml_blocks() -> list:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", text, flags=re.S)]


def workflow() -> dict:
    return next(b for b in readme_yaml_blocks() if isinstance(b, dict) and "jobs" in b)


def steps() -> list[dict]:
    return workflow()["jobs"]["audit"]["steps"]


def step_using(action: str) -> dict:
    return next(s for s in steps() if s.get("uses", "").split("@")[0] == action)


def test_setup_python_caches_pip_on_a_file_the_user_has() -> None:
    setup = step_using("actions/setup-python")["with"]
    assert setup["cache"] == "pip"
    # without a dependency path setup-python wants requirements.txt or pyproject.toml: the workflow has itself
    assert setup["cache-dependency-path"] == ".github/workflows/translation-quality.yml"


def test_install_pins_the_readme_commit_from_git() -> None:
    install = next(s["run"] for s in steps() if "pip install" in s.get("run", ""))
    match = re.fullmatch(r'pip install "audit @ git\+https://github\.com/<owner>/<repo>@([0-9a-f]{40})"', install)
    assert match, install  # not on PyPI: from the repository, at a commit (no tags travel with it)
    assert match.group(1) == readme_rev()


def test_reports_are_uploaded_even_when_the_gate_fails() -> None:
    sarif = step_using("github/codeql-action/upload-sarif")
    artifact = step_using("actions/upload-artifact")
    reports = next(s for s in steps() if "--format sarif" in s.get("run", ""))
    for step in (sarif, artifact, reports):
        assert step.get("if") == "always()", step
    assert workflow()["permissions"]["security-events"] == "write"  # upload-sarif needs it
    gate = steps().index(next(s for s in steps() if s.get("run", "").startswith("audit gate")))
    assert gate < steps().index(reports) < steps().index(sarif) < steps().index(artifact)


def local_audit(bin_dir: Path) -> dict[str, str]:
    """An environment whose `audit` is the package under test (in place of the workflow's pip install)."""
    bin_dir.mkdir()
    shim = bin_dir / "audit"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m audit "$@"\n', encoding="utf-8")
    shim.chmod(shim.stat().st_mode | stat.S_IXUSR)
    return {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": str(ROOT)}


def as_run_here(command: str) -> str:
    """The sample has no French source of the seed: name the source language instead of the file."""
    return command.replace("--src feeds/today.fr.txt", "--src-lang fr")


@pytest.fixture(scope="module")
def ran_workflow(tmp_path_factory) -> tuple[Path, dict[str, subprocess.CompletedProcess]]:
    """Every `run:` step but the install, in order, in a scratch checkout holding the seed as today's feed,
    with the shell GitHub uses (bash -e -o pipefail); results by step name."""
    work = tmp_path_factory.mktemp("workflow")
    env = local_audit(work / ".bin")
    checkout = work / "checkout"
    (checkout / "feeds").mkdir(parents=True)
    (checkout / "feeds" / "today.en.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    results = {}
    for step in steps():
        if "run" in step and "pip install" not in step["run"]:
            results[step["name"]] = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c",
                                                    as_run_here(step["run"])],
                                                   cwd=checkout, capture_output=True, text=True, env=env)
    return checkout, results


def test_gate_step_fails_on_the_seed_with_annotations(ran_workflow) -> None:
    _, results = ran_workflow
    gate = results["Gate"]
    assert gate.returncode == 1, gate.stderr
    assert "::error file=feeds/today.en.txt,line=19" in gate.stdout and "gate: FAIL" in gate.stdout


def test_report_step_writes_what_the_upload_steps_upload(ran_workflow) -> None:
    checkout, results = ran_workflow
    reports = next(r for name, r in results.items() if name != "Gate")
    assert reports.returncode == 0, reports.stderr
    sarif_file = checkout / step_using("github/codeql-action/upload-sarif")["with"]["sarif_file"]
    sarif = json.loads(sarif_file.read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0" and sarif["runs"][0]["results"]
    locations = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert locations == {"feeds/today.en.txt"}  # relative to the checkout, as code scanning maps files
    uploaded = checkout / step_using("actions/upload-artifact")["with"]["path"]
    page = uploaded / "today.html"
    assert page.is_file() and "<html" in page.read_text(encoding="utf-8")
