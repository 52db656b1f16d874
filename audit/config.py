"""The project configuration for `check`: `audit.toml` (top level), else `[tool.audit]` of `pyproject.toml`,
in the current directory. The gate reads its own `[gate]` table (audit.gate)."""

from __future__ import annotations

import os
from pathlib import Path

from audit.corpora import USER_LEXICONS_ENV
from audit.errors import AuditError
from audit.inputs.readers import read_toml

INHERITED_LEXICONS = tuple(p for p in os.environ.get(USER_LEXICONS_ENV, "").split(os.pathsep) if p)


def shown(value: object) -> str:
    """A setting's value for a one-line message (long values cut)."""
    text = " ".join(repr(value).split())
    return text if len(text) <= 40 else text[:37] + "..."


def toml_table(data: dict, keys: tuple[str, ...], origin: str) -> object:
    """The value at `keys` in a TOML document, or None when absent; a key holding something other than a
    table on the way there is a one-line error."""
    for depth, key in enumerate(keys):
        if not isinstance(data, dict):
            raise AuditError(f"{origin}: {'.'.join(keys[:depth])} must be a table, not {shown(data)}")
        if key not in data:
            return None
        data = data[key]
    return data


def project_config(directory: Path | None = None) -> tuple[dict, Path | None]:
    """The configuration table and the file it came from ({} and None when there is none)."""
    directory = directory or Path.cwd()
    for name, keys in (("audit.toml", ()), ("pyproject.toml", ("tool", "audit"))):
        path = directory / name
        if path.is_file():
            table = toml_table(read_toml(path), keys, str(path))
            if table is None:
                return {}, None
            if not isinstance(table, dict):
                raise AuditError(f"{path}: {'.'.join(keys)} must be a table, not {shown(table)}")
            return table, path
    return {}, None


def configured_lexicons(directory: Path | None = None) -> list[str]:
    """`lexicons = [...]` from the configuration, as paths relative to the configuration file."""
    table, origin = project_config(directory)
    value = table.get("lexicons", [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise AuditError(f"{origin}: 'lexicons' must be a list of file names")
    return [str(origin.parent / v) if not Path(v).is_absolute() else v for v in value]


def use_lexicons(given: tuple[str, ...] | list[str]) -> list[str]:
    """Put the user lexicons in force for this run and the worker processes it starts: those of the
    environment, the configuration and `--lexicon`, each read and checked first (a malformed entry is a
    one-line error naming its file and line). Returns the files given here (for the report's options)."""
    from audit.detectors.lexicon import read_user_lexicon

    chosen = [*configured_lexicons(), *given]
    for path in chosen:
        if not Path(path).is_file():
            raise AuditError(f"{path}: no such lexicon file")
        read_user_lexicon(path)
    paths = list(dict.fromkeys([*INHERITED_LEXICONS, *(os.path.abspath(p) for p in chosen)]))
    if paths:
        os.environ[USER_LEXICONS_ENV] = os.pathsep.join(paths)
    else:
        os.environ.pop(USER_LEXICONS_ENV, None)
    return chosen


TARGET_REGION_ENV = "AUDIT_TARGET_REGION"  # read by the locale rules in this process and its workers


def use_target_region(tgt_lang: str | None) -> str | None:
    """Put the region of `--tgt-lang` (fr-CA, pt-BR, en-GB) in force for the locale rules, or none."""
    from audit.languages import language_region

    region = language_region(tgt_lang)
    if region:
        os.environ[TARGET_REGION_ENV] = region
    else:
        os.environ.pop(TARGET_REGION_ENV, None)
    return region

