"""docs/api.md's examples run: its ```python blocks, in order and in one namespace, in a scratch directory."""

from __future__ import annotations

import re

from conftest import ROOT

API_DOC = ROOT / "docs" / "api.md"


def python_blocks() -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", API_DOC.read_text(encoding="utf-8"), flags=re.S | re.M)


def test_api_reference_has_examples_for_each_public_name() -> None:
    code = "\n".join(python_blocks())
    for name in ("audit.check(", "run_audit(", "write_report(", "read_report(", "audit.AuditError", ".meta()"):
        assert name in code, name


def test_api_reference_examples_run(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # the examples write reports into the current directory
    namespace: dict = {"__name__": "api_md"}
    for number, block in enumerate(python_blocks(), 1):
        exec(compile(block, f"{API_DOC}:block {number}", "exec"), namespace)  # noqa: S102 - our own docs
