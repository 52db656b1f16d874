"""The wheel carries the package and the data the auditor reads at run time, and nothing else: no evaluation
corpora (CC BY-SA samples, AFP's text), no build scripts."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from audit.corpora import NOT_SHIPPED, RUNTIME_SUFFIXES, runtime_data_files

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"


def test_the_build_config_excludes_evaluation_data_and_scripts():
    wheel = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert "force-include" not in wheel  # force-include bypasses `exclude`: it shipped corpora/eval before
    assert set(wheel["only-include"]) == {"audit", "corpora"}
    assert {f"corpora/{name}" for name in NOT_SHIPPED} <= set(wheel["exclude"])
    assert "corpora/**/make_*.py" in wheel["exclude"]


def test_evaluation_texts_are_under_eval():
    """The clean rendering (AFP's text) and every other evaluation file live where the build excludes them."""
    assert (CORPORA / "eval" / "clean" / "kazakh-regime.en.txt").is_file()
    assert not (CORPORA / "clean").exists()
    shipped = {p.relative_to(CORPORA).as_posix() for p in runtime_data_files(CORPORA)}
    assert not [p for p in shipped if p.startswith("eval/") or "kazakh" in p]


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory) -> list[str]:
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
                           capture_output=True, text=True, timeout=300)
    if build.returncode and "hatchling" in build.stderr and "No matching distribution" in build.stderr:
        pytest.skip("the build backend (hatchling) cannot be installed here: no package index")
    assert build.returncode == 0, build.stderr
    (wheel,) = out.glob("*.whl")
    return zipfile.ZipFile(wheel).namelist()


def test_the_wheel_ships_exactly_the_runtime_data(wheel_names):
    """Every run-time data file is in the wheel; no other data, evaluation file or script is."""
    corpora = sorted(n.removeprefix("audit/corpora/") for n in wheel_names if n.startswith("audit/corpora/"))
    data = [n for n in corpora if Path(n).suffix in RUNTIME_SUFFIXES]
    assert data == [p.relative_to(CORPORA).as_posix() for p in runtime_data_files(CORPORA)]
    assert not [n for n in corpora if n.startswith("eval/") or n.endswith(".py")]
    assert set(corpora) - set(data) == {"README.md", "dictionaries/README.md", "thesaurus/WORDNET-LICENSE"}


def test_the_wheel_carries_the_package(wheel_names):
    assert "audit/__init__.py" in wheel_names and "audit/detectors/lexicon.py" in wheel_names
    assert not [n for n in wheel_names if n.split("/")[0] not in ("audit",) and ".dist-info/" not in n]
