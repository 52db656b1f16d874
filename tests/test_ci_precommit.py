"""The pre-commit hook works copy-pasted from the README: its `rev:` resolves in this repository and carries
the hook as it is, its `files:` gates the feeds and not requirements.txt, and run by pre-commit in a
throw-away repository it fails on a defect, passes once it is fixed and leaves no reports/ behind."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import CLEAN, ROOT, SEED

HOOKS = ROOT / ".pre-commit-hooks.yaml"


def readme_pre_commit_config() -> dict:
    """The README's .pre-commit-config.yaml snippet (the YAML block with `repos:`)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", text, flags=re.S)]
    return next(b for b in blocks if isinstance(b, dict) and "repos" in b)


def readme_hook() -> dict:
    return readme_pre_commit_config()["repos"][0]["hooks"][0]


def readme_rev() -> str:
    return str(readme_pre_commit_config()["repos"][0]["rev"])


def git(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)


def defined_hook() -> dict:
    return yaml.safe_load(HOOKS.read_text(encoding="utf-8"))[0]


def test_readme_rev_resolves_in_this_repository() -> None:
    """No tags travel with this repository's clones, so the README pins a commit: it must exist here."""
    rev = readme_rev()
    if git("rev-parse", "--is-shallow-repository").stdout.strip() == "true":
        pytest.skip("a shallow clone holds no history to resolve the README's rev in")
    assert re.fullmatch(r"[0-9a-f]{40}", rev), f"rev {rev!r}: a full commit SHA (this repository has no tags)"
    assert git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").returncode == 0, f"rev {rev} not found"


def test_readme_rev_carries_the_hook_as_it_is_now() -> None:
    """A change to .pre-commit-hooks.yaml means a new rev in the README (see CHANGELOG.md, "Releasing")."""
    if git("rev-parse", "--is-shallow-repository").stdout.strip() == "true":
        pytest.skip("a shallow clone holds no history to read the README's rev from")
    at_rev = git("show", f"{readme_rev()}:.pre-commit-hooks.yaml")
    assert at_rev.returncode == 0, at_rev.stderr
    assert at_rev.stdout == HOOKS.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", ["requirements.txt", "docs/requirements.txt", "LICENSE.txt", "CMakeLists.txt",
                                  "notes/todo.txt", "messages.pot"])
def test_files_patterns_leave_other_text_files_alone(path: str) -> None:
    assert not re.search(defined_hook()["files"], path)
    assert not re.search(readme_hook()["files"], path)


@pytest.mark.parametrize("path", ["locale/fr/LC_MESSAGES/app.po", "strings.fr.xlf", "ui.xliff", "memory.tmx"])
def test_hook_gates_localization_files_by_default(path: str) -> None:
    assert re.search(defined_hook()["files"], path)


def test_readme_files_pattern_names_the_feeds() -> None:
    assert re.search(readme_hook()["files"], "feeds/today.en.txt")


def run_entry(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The hook's entry as pre-commit runs it (entry, args, file names), `audit` being this checkout's."""
    command = shlex.split(defined_hook()["entry"])
    assert command[0] == "audit"
    return subprocess.run([sys.executable, "-m", "audit", *command[1:], *args], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_entry_gates_each_file_and_leaves_no_reports(tmp_path) -> None:
    (tmp_path / "clean.txt").write_text(CLEAN.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "bad.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    args = readme_hook()["args"]
    passed = run_entry(*args, "clean.txt", cwd=tmp_path)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    failed = run_entry(*args, "clean.txt", "bad.txt", cwd=tmp_path)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "::error file=bad.txt,line=19" in failed.stdout  # the findings, on their lines
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt", "clean.txt"]


def test_entry_exits_2_on_bad_input(tmp_path) -> None:
    (tmp_path / "clean.txt").write_text(CLEAN.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"a\x00b\n")
    proc = run_entry("--tgt-lang", "en", "clean.txt", "binary.txt", cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "audit: error:" in proc.stderr


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    """One pre-commit cache for the module: the hook's environment is built once (pip installs audit)."""
    pytest.importorskip("pre_commit")
    return tmp_path_factory.mktemp("pre-commit-home")


def pre_commit_run(repo: Path, home: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PRE_COMMIT_HOME"] = str(home)
    return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
                          cwd=repo, capture_output=True, text=True, env=env, timeout=1200)


def throw_away_repository(path: Path) -> Path:
    """A git repository with the README's .pre-commit-config.yaml (repo: this repository's root) and
    a feed with the seed's defects, a clean feed, and a requirements.txt full of defects that is no feed."""
    config = readme_pre_commit_config()
    config["repos"][0]["repo"] = str(ROOT)
    git("init", "-q", str(path), cwd=path.parent)
    git("config", "user.email", "test@example.invalid", cwd=path)
    git("config", "user.name", "test", cwd=path)
    (path / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    (path / "feeds").mkdir()
    (path / "feeds" / "today.en.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (path / "feeds" / "yesterday.en.txt").write_text(CLEAN.read_text(encoding="utf-8"), encoding="utf-8")
    (path / "requirements.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    git("add", "-A", cwd=path)
    return path


def test_pre_commit_runs_the_readme_snippet_end_to_end(tmp_path, pre_commit_home) -> None:
    repo = throw_away_repository(tmp_path / "project")
    failed = pre_commit_run(repo, pre_commit_home)
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1, output
    assert "audit translated text" in output and "Failed" in output
    assert "file=feeds/today.en.txt" in output and "gate: FAIL" in output
    assert "requirements.txt" not in output  # not gated, though it holds the same defects
    assert not (repo / "reports").exists()

    (repo / "feeds" / "today.en.txt").write_text(CLEAN.read_text(encoding="utf-8"), encoding="utf-8")
    git("add", "-A", cwd=repo)
    passed = pre_commit_run(repo, pre_commit_home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
    assert not (repo / "reports").exists()
    status = git("status", "--porcelain", "--untracked-files=all", cwd=repo).stdout.splitlines()
    assert all(line.startswith("A  ") for line in status), status  # staged as they were: nothing new, nothing changed
