"""The package's layers hold: every `import audit.…` in audit/ (module level or inside a function) points
down the pipeline, never up or sideways, so no cycle can form between packages.

Layers, lowest first; a module may import its own package and any unit of a lower rank (units of one
layer are ordered by their decimal: findings (1.1) reads rules (1.0), never the reverse):
  0   base       errors, lazy, cache, corpora, text, pool, version; store (a cached sqlite table)
  1   model      rules, segments; findings
  2   knowledge  langid, vocabulary, scores; languages, bilingual/, alignment, numerals
  3   inputs/    readers, structured formats, target expansion, reference documents
  4   detectors/ · report/   (side by side: neither imports the other)
  4.5 config     audit.toml / [tool.audit]
  5   gate/      policy, baseline, ignore (reads reports)
  6   engine/    plan → chunks → run loop → finish → sink
  7   api, mining, evaluate
  8   the package root, cli, __main__
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "audit"

LAYERS = {
    "errors": 0, "lazy": 0, "cache": 0, "corpora": 0, "text": 0, "pool": 0, "version": 0, "store": 0.1,
    "rules": 1, "segments": 1, "findings": 1.1,
    "langid": 2, "vocabulary": 2, "scores": 2, "numerals": 2,
    "languages": 2.1, "bilingual": 2.1, "alignment": 2.1,
    "inputs": 3,
    "detectors": 4, "report": 4,
    "config": 4.5,
    "gate": 5,
    "engine": 6,
    "api": 7, "mining": 7, "evaluate": 7,
    "audit": 8, "cli": 8.1, "__main__": 8.2,
}


def unit_of(module: str) -> str:
    """The layer unit a module belongs to: its package under audit/, or the top-level module itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "audit"


def module_name(path: Path) -> str:
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(relative.parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    """Every audit module `path` imports, at module level or in a function (TYPE_CHECKING blocks too:
    a type named across layers is still a dependency)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.split(".")[0] == "audit")
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "audit":  # `from audit import X`: X is a module, or a name of the root
                found.update(f"audit.{a.name}" if (PACKAGE / f"{a.name}.py").exists() or (PACKAGE / a.name).is_dir()
                             else "audit" for a in node.names)
            elif node.module.split(".")[0] == "audit":
                found.add(node.module)
    return found


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    return {module_name(path): imported_modules(path) for path in sorted(package.rglob("*.py"))}


def violations(graph: dict[str, set[str]]) -> list[str]:
    """Each edge from a unit to another unit of the same or a higher layer, as `importer → imported`."""
    found = []
    for importer, imported in sorted(graph.items()):
        source = unit_of(importer)
        for module in sorted(imported):
            target = unit_of(module)
            if target == source:
                continue
            if target not in LAYERS or source not in LAYERS:
                found.append(f"{importer} → {module} (unit without a layer: add it to LAYERS)")
            elif LAYERS[target] >= LAYERS[source]:
                found.append(f"{importer} → {module} ({source} is layer {LAYERS[source]}, {target} is {LAYERS[target]})")
    return found


def unit_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Cycles between units (packages and top-level modules), by depth-first search."""
    edges: dict[str, set[str]] = {}
    for importer, imported in graph.items():
        edges.setdefault(unit_of(importer), set()).update(unit_of(m) for m in imported if unit_of(m) != unit_of(importer))
    cycles, state = [], {}

    def visit(unit: str, trail: list[str]) -> None:
        state[unit] = "open"
        for nxt in sorted(edges.get(unit, ())):
            if state.get(nxt) == "open":
                cycles.append(trail[trail.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[unit] = "done"

    for unit in sorted(edges):
        if unit not in state:
            visit(unit, [unit])
    return cycles


def test_every_import_points_down_the_layers() -> None:
    assert violations(import_graph()) == []


def test_no_cycle_between_packages() -> None:
    assert unit_cycles(import_graph()) == []


def test_every_unit_has_a_layer() -> None:
    units = {unit_of(module) for module in import_graph()}
    assert units <= set(LAYERS), sorted(units - set(LAYERS))


@pytest.mark.parametrize("importer, imported", [
    ("audit.detectors.numbers", "audit.cli"),
    ("audit.detectors.lexicon", "audit.engine.run"),
    ("audit.detectors.fluency", "audit.report.writers"),
    ("audit.inputs.load", "audit.detectors"),
    ("audit.report.writers", "audit.detectors.lexicon"),
    ("audit.findings", "audit.detectors"),
    ("audit.rules", "audit.engine.run"),
    ("audit.report.html", "audit.engine.result"),
])
def test_a_forbidden_edge_is_caught(importer: str, imported: str) -> None:
    """The check has teeth: each edge the issue forbids, added to the real graph, is reported."""
    graph = import_graph()
    graph.setdefault(importer, set()).add(imported)
    assert any(v.startswith(f"{importer} → {imported} ") for v in violations(graph))


def test_a_cycle_is_caught() -> None:
    graph = {"audit.detectors.a": {"audit.bilingual.b"}, "audit.bilingual.b": {"audit.detectors.a"}}
    assert unit_cycles(graph) == [["bilingual", "detectors", "bilingual"]]


def test_imports_inside_functions_count() -> None:
    """A function-level import is a dependency like any other (they hid the old cycles)."""
    graph = import_graph()
    assert any("audit.report.integrity" in imported for module, imported in graph.items() if module.startswith("audit.engine"))
