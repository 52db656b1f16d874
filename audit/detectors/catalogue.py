"""The rule catalogue: every rule of every detector family, for `audit rules`, SARIF and the signature.

It lives with the detectors because it needs them all loaded: importing this module imports the
`audit.detectors` package, which defines every family (and so declares its rules).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path

from audit.corpora import tree_digest
from audit.detectors.base import declared_rules
from audit.rules import Rule


def all_rules() -> list[Rule]:
    """Every rule, sorted by code."""
    return sorted(declared_rules(), key=lambda r: r.code)


def get_rule(code: str) -> Rule:
    """Look a rule up by code (case-insensitive)."""
    for rule in declared_rules():
        if rule.code == code.upper():
            return rule
    raise KeyError(code)


PACKAGE_DIR = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=4)
def code_fingerprint(package: Path = PACKAGE_DIR) -> bytes:
    """The digest of the package's source (every `*.py` under `package`, by relative path), computed once per
    process. The whole package rather than a list of the modules that decide findings: detectors, the
    bilingual layer, alignment, segmentation, readers, suppression and the writers all shape a report, and
    a list would go stale as modules move; a code change that changes no finding changes the hash too, the
    safe side."""
    sources = sorted(package.rglob("*.py"), key=lambda p: p.relative_to(package).as_posix())
    return tree_digest(package, tuple(p for p in sources if "__pycache__" not in p.parts))


def _rules_digest() -> bytes:
    digest = hashlib.sha256()
    for rule in all_rules():
        digest.update(json.dumps(asdict(rule), sort_keys=True).encode())
    return digest.digest()


def ruleset_hash(extra: bytes = b"", options: Mapping[str, object] | None = None) -> str:
    """A short hash of what decides the findings, for the report's signature: the rule definitions, the
    detectors' code (`code_fingerprint`), `extra` (the data they read: `audit.corpora.data_fingerprint()`)
    and the run `options` that change findings (e.g. {"ref_minor": True, "max_segment_chars": 20000}),
    hashed as sorted JSON."""
    digest = hashlib.sha256(_rules_digest())
    digest.update(code_fingerprint())
    digest.update(extra)
    if options:
        digest.update(b"options:" + json.dumps(options, sort_keys=True, default=str).encode())
    return digest.hexdigest()[:12]


CATALOGUE_COLUMNS = ("code", "name", "category", "severity", "languages", "what")
TABLE_COLUMNS = CATALOGUE_COLUMNS[:5]


def catalogue_rows() -> list[dict[str, str]]:
    """One row per rule, as `audit rules` lists them."""
    return [{"code": r.code, "name": r.name, "category": r.category, "severity": r.severity,
             "languages": r.languages.prose(), "what": r.what} for r in all_rules()]


def catalogue_text(fmt: str) -> str:
    """The catalogue as `audit rules --format` prints it: table, csv or json. Written without pandas, so
    listing the rules loads no data library (the same text pandas wrote: tests/test_startup.py)."""
    rows = catalogue_rows()
    if fmt == "csv":
        import csv
        import io

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CATALOGUE_COLUMNS)
        writer.writerows([row[c] for c in CATALOGUE_COLUMNS] for row in rows)
        return out.getvalue()
    if fmt == "json":
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    return _right_aligned_table(rows, TABLE_COLUMNS) + "\n"


def _right_aligned_table(rows: list[dict[str, str]], columns: tuple[str, ...]) -> str:
    """Columns right-aligned to their widest cell (header included), one space apart."""
    cells = [[_printable(row[c]) for c in columns] for row in rows]
    widths = [max([len(name), *(len(line[k]) for line in cells)]) for k, name in enumerate(columns)]
    return "\n".join(" ".join(cell.rjust(width) for cell, width in zip(line, widths))
                     for line in [list(columns), *cells])


def _printable(value: str) -> str:
    """A cell on one line: tabs and line breaks written as escapes."""
    return value.replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")
