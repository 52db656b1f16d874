"""CHANGELOG.md keeps the Keep a Changelog shape and names the commit the README pins."""

from __future__ import annotations

import re

from conftest import ROOT
from test_ci_precommit import readme_rev

CHANGELOG = ROOT / "CHANGELOG.md"
KINDS = {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}


def test_changelog_sections_are_versions_with_known_kinds() -> None:
    text = CHANGELOG.read_text(encoding="utf-8")
    versions = re.findall(r"^## \[([^\]]+)\]", text, flags=re.M)
    assert versions and versions[0] == "Unreleased"
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", v) for v in versions[1:]), versions
    assert set(re.findall(r"^### (.+)$", text, flags=re.M)) <= KINDS


def test_changelog_names_the_pinned_commit() -> None:
    assert readme_rev() in CHANGELOG.read_text(encoding="utf-8")
