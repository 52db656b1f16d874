"""The CI snippets in the README and .pre-commit-hooks.yaml parse, and their audit commands run."""

from __future__ import annotations

import re
import shlex

import yaml

from conftest import CLEAN, ROOT, SEED
from test_cli import run


def readme_yaml_blocks() -> list:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", text, flags=re.S)]


def test_workflow_example_runs_its_audit_command(tmp_path) -> None:
    workflow = next(b for b in readme_yaml_blocks() if isinstance(b, dict) and "jobs" in b)
    steps = workflow["jobs"]["audit"]["steps"]
    command = next(s["run"] for s in steps if "run" in s and s["run"].startswith("audit "))
    args = shlex.split(command)[1:]
    # run it on samples: the seed must fail the gate, and the annotations reach the log
    target = tmp_path / "today.en.txt"
    target.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    args = [str(target) if a == "feeds/today.en.txt" else a for a in args]
    if "--src" in args:
        index = args.index("--src")
        del args[index:index + 2]
    proc = run(*args, "--src-lang", "fr", cwd=tmp_path)
    assert proc.returncode == 1 and b"::error" in proc.stdout

