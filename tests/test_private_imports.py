"""The package uses no private module or private name of another package (re._parser, sre_parse,
sacrebleu's _methods...): they change without notice between releases. Read from the source with `ast`."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parents[1] / "audit"
# The standard library's old aliases of its private regex modules.
PRIVATE_MODULES = {"sre_parse", "sre_compile", "sre_constants"}
# Names that start with "_" but are documented public API.
PUBLIC_UNDERSCORE = {"_exit", "_asdict", "_replace", "_fields", "_field_defaults", "_make"}
# Each allowed private use, with the reason and its guard. sacrebleu: no public call gives statistics per
# segment and a score of summed statistics; pyproject.toml pins the tested range and
# tests/test_sacrebleu_api.py fails if the methods go or change.
ALLOWED = {("scores.py", "_extract_corpus_statistics"), ("scores.py", "_aggregate_and_compute")}


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _own_names(trees: dict[str, ast.Module]) -> set[str]:
    """Every name the package defines itself (functions, classes, variables, attributes, arguments)."""
    names = set()
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.arg):
                names.add(node.arg)
            elif isinstance(node, ast.alias) and node.asname:
                names.add(node.asname)
    return names


def _foreign_module(module: str | None, level: int) -> bool:
    return level == 0 and module is not None and module.split(".")[0] != "audit"


def private_uses(sources: dict[str, str]) -> list[str]:
    """`file:line what` for each import of another package's private module or name, and each attribute
    read of a private name the package does not define itself."""
    trees = {name: ast.parse(text) for name, text in sources.items()}
    own = _own_names(trees)
    found = []
    for name, tree in trees.items():
        for node in ast.walk(tree):
            what = None
            if isinstance(node, ast.Import):
                bad = [a.name for a in node.names if _foreign_module(a.name, 0)
                       and (a.name in PRIVATE_MODULES or any(_private(p) for p in a.name.split(".")))]
                what = f"import {bad[0]}" if bad else None
            elif isinstance(node, ast.ImportFrom) and _foreign_module(node.module, node.level):
                parts = node.module.split(".")
                bad = [a.name for a in node.names if _private(a.name) and a.name not in PUBLIC_UNDERSCORE]
                if node.module in PRIVATE_MODULES or any(_private(p) for p in parts) or bad:
                    what = f"from {node.module} import {', '.join(a.name for a in node.names)}"
            elif (isinstance(node, ast.Attribute) and _private(node.attr) and node.attr not in own
                  and node.attr not in PUBLIC_UNDERSCORE and (Path(name).name, node.attr) not in ALLOWED):
                what = ast.unparse(node)
            if what:
                found.append(f"{name}:{node.lineno} {what}")
    return found


def test_the_package_uses_no_private_module_of_another_package() -> None:
    sources = {str(p.relative_to(PACKAGE.parent)): p.read_text(encoding="utf-8") for p in sorted(PACKAGE.rglob("*.py"))}
    assert private_uses(sources) == []


def test_the_check_finds_each_kind_of_private_use() -> None:
    own = "class Mine:\n    def __init__(self):\n        self._state = 1\n\n    def _helper(self):\n        return self._state\n"
    cases = {
        "from re import _parser": "from re import _parser",
        "import re._parser": "import re._parser",
        "import sre_parse": "import sre_parse",
        "from sre_constants import LITERAL": "from sre_constants import LITERAL",
        "from sacrebleu.metrics.base import _x": "from sacrebleu.metrics.base import _x",
        "import re\nre._parser.parse('x')": "re._parser",
        "def f(m):\n    return m._extract_corpus_statistics([], [])": "m._extract_corpus_statistics",
    }
    for code, expected in cases.items():
        found = private_uses({"audit/x.py": code, "audit/own.py": own})
        assert len(found) == 1 and found[0].startswith("audit/x.py:") and expected in found[0], (code, found)
    # the package's own private names, relative imports and documented names are fine
    fine = ("from audit.text import _LETTER_PAIR", "from . import _private", "import os\nos._exit(0)",
            "def g(row):\n    return row._asdict()", "def h(m):\n    return m._helper()")
    for code in fine:
        assert private_uses({"audit/x.py": code, "audit/own.py": own}) == [], code
    # the allowed sacrebleu uses are allowed in scores.py only
    call = "def f(m):\n    return m._aggregate_and_compute([])"
    assert private_uses({"audit/scores.py": call}) == [] and private_uses({"audit/other.py": call}) != []
