"""Shared fixtures: paths to the repository's data and to ../shared (which CI always provides)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "kazakh-regime-afp-mt.en.txt"
CLEAN = ROOT / "corpora" / "eval" / "clean" / "kazakh-regime.en.txt"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def shared_data() -> Path:
    """../shared/data; skipped only where it is absent and CI has not asked for it."""
    data = SHARED / "data"
    if not data.is_dir():
        if os.environ.get("AUDIT_REQUIRE_SHARED"):
            pytest.fail("../shared/data is required in CI but missing")
        pytest.skip("../shared/data is not present")
    return data
