"""The HTML report, opened in headless Chromium: one highlight per finding, filters that work, a screenshot."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile

import pytest

from audit.report import read_report
from conftest import SEED
from test_cli import run

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium(*args: str) -> subprocess.CompletedProcess:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI (.ci/run installs Debian's chromium)")
        pytest.skip("Chromium is not installed")
    with tempfile.TemporaryDirectory() as profile:
        return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, timeout=120)


@pytest.fixture(scope="module")
def seed_html(tmp_path_factory):
    directory = tmp_path_factory.mktemp("html")
    page, csv = directory / "seed.html", directory / "seed.csv"
    assert run("check", str(SEED), "--src-lang", "fr", "--format", "html", "-o", str(page)).returncode == 0
    assert run("check", str(SEED), "--src-lang", "fr", "-o", str(csv)).returncode == 0
    return page, read_report(csv)


def test_one_highlight_per_finding(seed_html) -> None:
    page, findings = seed_html
    dom = chromium("--dump-dom", page.as_uri()).stdout.decode()
    assert dom.count("<mark ") == len(findings) > 0
    assert dom.count('class="major') == 3 and ">diet</mark>" in dom


def test_filters_hide_what_they_should(seed_html) -> None:
    page, findings = seed_html
    majors = chromium("--virtual-time-budget=2000", "--dump-dom", page.as_uri() + "#severity=major").stdout.decode()
    assert len(re.findall(r'<mark class="[^"]*\bhidden\b', majors)) == len(findings) - 3
    assert '<span id="count">3</span>' in majors
    quotes = chromium("--virtual-time-budget=2000", "--dump-dom", page.as_uri() + "#rule=PU004").stdout.decode()
    assert '<span id="count">3</span>' in quotes


def test_screenshot(seed_html, tmp_path) -> None:
    page, _ = seed_html
    shot = tmp_path / "seed.png"
    chromium("--window-size=1200,1600", f"--screenshot={shot}", page.as_uri())
    assert shot.exists() and shot.stat().st_size > 20_000
