"""The rule catalogue: every rule has a stable code, a name, an MQM category, a severity and a doc.

Rules are declared next to the detector that implements them and registered here, so `audit rules`
prints documentation generated from the same place the rule is defined.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

SEVERITIES = ("minor", "major", "critical")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
REFERENCE_PREFIX = "RF"  # codes of the reference-alignment family: found by comparing with a reference


@dataclass(frozen=True)
class Rule:
    """One check the auditor can report, documented in ruff's four parts."""

    code: str
    name: str
    family: str
    category: str
    severity: str
    what: str
    why: str
    example: str
    instead: str
    languages: str = "any"  # "any", a target language ("en"), or pairs ("fr-en es-en")
    version: int = 1  # bump when the rule's behaviour changes, so the rule-set hash changes
    tags: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"rule {self.code}: unknown severity {self.severity!r}")

    def doc(self) -> str:
        """The rule's documentation as plain text."""
        return (
            f"{self.code} {self.name} ({self.category}, {self.severity}; languages: {self.languages})\n\n"
            f"What it does\n  {self.what}\n\nWhy is this bad?\n  {self.why}\n\n"
            f"Example\n  {self.example}\n\nUse instead\n  {self.instead}\n"
        )


_REGISTRY: dict[str, Rule] = {}


def register(*rules: Rule) -> tuple[Rule, ...]:
    """Add rules to the catalogue; codes must be unique."""
    for rule in rules:
        existing = _REGISTRY.get(rule.code)
        if existing is not None and existing != rule:
            raise ValueError(f"rule code {rule.code} registered twice")
        _REGISTRY[rule.code] = rule
    return rules


def all_rules() -> list[Rule]:
    """Every registered rule, sorted by code."""
    import audit.detectors  # noqa: F401  (importing the detectors registers their rules)

    return sorted(_REGISTRY.values(), key=lambda r: r.code)


def get_rule(code: str) -> Rule:
    """Look a rule up by code (case-insensitive)."""
    all_rules()
    try:
        return _REGISTRY[code.upper()]
    except KeyError:
        raise KeyError(code) from None


PACKAGE_DIR = Path(__file__).resolve().parent


@lru_cache(maxsize=4)
def code_fingerprint(package: Path = PACKAGE_DIR) -> bytes:
    """The digest of the package's source (every `*.py` under `package`, by relative path), computed once per
    process. The whole package rather than a list of the modules that decide findings: detectors, the
    bilingual layer, alignment, segmentation, readers, suppression and the writers all shape a report, and
    a list would go stale as modules move; a code change that changes no finding changes the hash too, the
    safe side."""
    from audit.corpora import tree_digest

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
