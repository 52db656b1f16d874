"""The rule catalogue: every rule of every detector family, for `audit rules`, SARIF and the signature.

It lives with the detectors because it needs them all loaded: importing this module imports the
`audit.detectors` package, which defines every family (and so declares its rules).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict

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


def ruleset_hash(extra: bytes = b"") -> str:
    """A short hash of the rule definitions and the data they use, for the report's signature."""
    digest = hashlib.sha256()
    for rule in all_rules():
        digest.update(json.dumps(asdict(rule), sort_keys=True).encode())
    digest.update(extra)
    return digest.hexdigest()[:12]
