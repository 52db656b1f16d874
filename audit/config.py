"""The project configuration, one place for `check` and `gate`: the nearest `audit.toml` (top level) or
`pyproject.toml` with a `[tool.audit]` table, looked up from the current directory upward; and the rule
selection (`select`, `extend-select`, `ignore` codes and prefixes, ruff style).

Discovery (`find_config`), like ruff's: in each directory from the current one up, `audit.toml` first,
then `pyproject.toml` if it has `[tool.audit]` (a pyproject without it is passed over); the first found
is the configuration, the only one read. The search stops after the repository's root (a directory
holding `.git`) or at the filesystem root: a file above the repository is not the project's.

Sections, all honoured by `check` and `gate`: `lexicons`, `select`, `extend-select`, `ignore` (a list of
rule codes or prefixes) and `[[ignore]]` entries (rule / phrase / file, as an ignore file has them), and
`[gate]` (the gate's policy). Precedence: the command line, then the configuration file, then the
defaults; `--select` replaces the file's `select`, `--ignore` and `--extend-select` add to the file's.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from audit.corpora import USER_LEXICONS_ENV
from audit.errors import AuditError
from audit.inputs.readers import read_toml

CONFIG_FILES = (("audit.toml", ()), ("pyproject.toml", ("tool", "audit")))
KNOWN_KEYS = ("lexicons", "select", "extend-select", "extend_select", "ignore", "gate")
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


@dataclass(frozen=True)
class ProjectConfig:
    """The configuration table and the file it came from (`{}` and None when there is none)."""

    table: dict = field(default_factory=dict)
    path: Path | None = None

    @property
    def origin(self) -> str:
        return str(self.path) if self.path else "the configuration"

    def strings(self, *keys: str) -> list[str]:
        """A list of strings under the first of `keys` present (`[]` when none is); else a one-line error."""
        key = next((k for k in keys if k in self.table), None)
        value = self.table.get(key, []) if key else []
        items = [v for v in value if not isinstance(v, dict)] if key == "ignore" and isinstance(value, list) else value
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            raise AuditError(f"{self.origin}: '{key}' must be a list of "
                             + ("file names" if key == "lexicons" else "rule codes or prefixes") + f", not {shown(value)}")
        return list(items)

    def ignore_entries(self) -> list[dict]:
        """The `[[ignore]]` tables (rule / phrase / file), checked by `audit.gate.suppress`."""
        value = self.table.get("ignore", [])
        return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []

    def gate(self) -> dict | None:
        """The `[gate]` table (the gate's policy), or None."""
        return self.table.get("gate")


def config_in(directory: Path) -> ProjectConfig | None:
    """The configuration a directory holds: its audit.toml, else its pyproject.toml's [tool.audit]."""
    for name, keys in CONFIG_FILES:
        path = directory / name
        if not path.is_file():
            continue
        table = toml_table(read_toml(path, "configuration file"), keys, str(path))
        if table is None:
            continue  # a pyproject.toml without [tool.audit] is someone else's
        if not isinstance(table, dict):
            raise AuditError(f"{path}: {'.'.join(keys)} must be a table, not {shown(table)}")
        unknown = sorted(set(table) - set(KNOWN_KEYS))
        if unknown:
            raise AuditError(f"{path}: unknown setting(s): {', '.join(unknown)} (known: lexicons, select, "
                             "extend-select, ignore, gate)")
        return ProjectConfig(table, path)
    return None


def find_config(start: Path | None = None) -> ProjectConfig:
    """The nearest configuration from `start` (the current directory) upward, stopping after the
    repository's root (a directory with `.git`) or at the filesystem root; none: an empty one."""
    directory = (start or Path.cwd()).absolute()
    for folder in (directory, *directory.parents):
        found = config_in(folder)
        if found is not None:
            return found
        if (folder / ".git").exists():
            break
    return ProjectConfig()


def project_config(directory: Path | None = None) -> tuple[dict, Path | None]:
    """The configuration table and the file it came from ({} and None when there is none)."""
    found = find_config(directory)
    return found.table, found.path


def configured_lexicons(config: ProjectConfig | None = None) -> list[str]:
    """`lexicons = [...]` from the configuration, as paths relative to the configuration file."""
    config = config if config is not None else find_config()
    return [str(config.path.parent / v) if not Path(v).is_absolute() else v for v in config.strings("lexicons")]


ALL = "ALL"


@dataclass(frozen=True)
class RuleSelection:
    """Which rules are reported, ruff style: `select` (codes or prefixes; default every rule),
    `extend_select` (added), `ignore` (taken away). Where a code matches both a select and an ignore
    pattern, the longer (more specific) pattern decides; a tie ignores it."""

    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.select or self.extend_select or self.ignore)

    def reports(self, code: str) -> bool:
        """Whether findings of rule `code` are reported."""
        chosen = [*(self.select or (ALL,)), *self.extend_select]
        selected = max((_specificity(p) for p in chosen if _matches(p, code)), default=-1)
        ignored = max((_specificity(p) for p in self.ignore if _matches(p, code)), default=-1)
        return selected > ignored

    def to_meta(self) -> dict:
        """The meta file's options for the selection (none when it is the default)."""
        options = {"select": list(self.select), "extend_select": list(self.extend_select),
                   "ignore_rules": list(self.ignore)}
        return {k: v for k, v in options.items() if v}


def _matches(pattern: str, code: str) -> bool:
    return pattern == ALL or code.startswith(pattern)


def _specificity(pattern: str) -> int:
    return 0 if pattern == ALL else len(pattern)


def rule_patterns(values: list[str] | tuple[str, ...], what: str) -> tuple[str, ...]:
    """Codes or prefixes (comma-separated or listed), upper-cased, each the start of a known rule code
    or `ALL`; anything else is a one-line error naming it."""
    from audit.detectors import all_rules

    codes = [rule.code for rule in all_rules()]
    patterns = []
    for value in values:
        for part in str(value).split(","):
            pattern = part.strip().upper()
            if not pattern:
                continue
            if pattern != ALL and not any(code.startswith(pattern) for code in codes):
                raise AuditError(f"{what}: no rule code starts with {part.strip()!r} (see `audit rules`)")
            patterns.append(pattern)
    return tuple(dict.fromkeys(patterns))


def looks_like_rule_patterns(value: str) -> bool:
    """Whether `--ignore VALUE` reads as codes (LX, PU001, ALL) rather than a file name."""
    import re

    return all(re.fullmatch(r"[A-Za-z]{1,3}\d{0,3}", part.strip()) for part in value.split(",") if part.strip())


def rule_selection(select: tuple[str, ...] | str | None, extend_select: tuple[str, ...] | str | None,
                   ignore: tuple[str, ...] | str | None, config: ProjectConfig) -> RuleSelection:
    """The selection of the command line over the configuration's: `select` replaces the file's,
    `extend_select` and `ignore` add to it."""
    def listed(value) -> list[str]:
        return [value] if isinstance(value, str) else list(value or ())

    for value in listed(ignore):
        if Path(value).is_file() and not looks_like_rule_patterns(value):
            raise AuditError(f"--ignore {value}: takes rule codes now (--ignore LX001,PU); give an ignore "
                             "file with --ignore-file")
    origin = config.origin
    chosen = rule_patterns(listed(select), "--select") if listed(select) else \
        rule_patterns(config.strings("select"), f"{origin}: select")
    return RuleSelection(
        chosen,
        tuple(dict.fromkeys([*rule_patterns(config.strings("extend-select", "extend_select"), f"{origin}: extend-select"),
                             *rule_patterns(listed(extend_select), "--extend-select")])),
        tuple(dict.fromkeys([*rule_patterns(config.strings("ignore"), f"{origin}: ignore"),
                             *rule_patterns(listed(ignore), "--ignore")])))


def use_lexicons(given: tuple[str, ...] | list[str], config: ProjectConfig | None = None) -> list[str]:
    """Put the user lexicons in force for this run and the worker processes it starts: those of the
    environment, the configuration and `--lexicon`, each read and checked first (a malformed entry is a
    one-line error naming its file and line). Returns the files given here (for the report's options)."""
    from audit.detectors.lexicon import read_user_lexicon

    chosen = [*configured_lexicons(config), *given]
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

