"""The rule model: every rule has a stable code, a name, an MQM category, a severity, the languages it
applies to and a doc.

Rules are declared in their detector family's `rules` tuple (audit/detectors/); the catalogue of every
rule (`all_rules`, `get_rule`, `ruleset_hash`) lives in `audit.detectors`, which loads them all. This
module imports no detector.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

SEVERITIES = ("minor", "major", "critical")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
REFERENCE_PREFIX = "RF"  # codes of the reference-alignment family: found by comparing with a reference

_NUMBER_WORDS = {1_000_000: "a million", **{n: w for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}}


def spelled(number: float) -> str:
    """A number as a rule doc writes it (from the constant the code uses): a small count in words
    ("five"), "a million"; any other in digits with thousands separators ("200,000", "2.2")."""
    if number in _NUMBER_WORDS:
        return _NUMBER_WORDS[number]
    return f"{int(number):,}" if float(number).is_integer() else f"{number:,}"


def share(fraction: float) -> str:
    """A fraction as a rule doc writes it: "half", or a percentage ("15 %")."""
    return "half" if fraction == 0.5 else f"{fraction * 100:.3g} %"


@dataclass(frozen=True)
class DataSource:
    """A set of languages that data decides (lexicons present, corpora/locale/ files): a rule's `Languages`
    names it, the detector family that reads the data declares it (`Detector.data_sources`)."""

    name: str
    applies: Callable[[str | None, str | None], bool]  # (source, target) → whether the data covers the pair
    describe: Callable[[], str]  # the languages it covers now, as `audit rules` shows them


_DATA_SOURCES: dict[str, DataSource] = {}


def declare_data_source(source: DataSource) -> None:
    """Make `source` resolvable by name (done by `Detector.__init_subclass__`); names are unique."""
    existing = _DATA_SOURCES.get(source.name)
    if existing is not None and existing != source:
        raise ValueError(f"data source {source.name!r} declared twice")
    _DATA_SOURCES[source.name] = source


def data_source(name: str) -> DataSource:
    """The declared data source `name`."""
    try:
        return _DATA_SOURCES[name]
    except KeyError:
        raise KeyError(f"no data source {name!r} (a detector family declares it in `data_sources`)") from None


def base_code(code: str | None) -> str | None:
    """'pt-BR' → 'pt': the language of a code, which the lists of `Languages` hold."""
    return code.replace("_", "-").split("-")[0].lower() if code else None


@dataclass(frozen=True)
class Languages:
    """The language pairs a rule applies to, as data: `audit rules` shows it (`prose`) and the detector's
    default `applies_to` decides by it (`applies`). Every condition given must hold; the lists compare codes
    by language (pt-BR is pt) and hold no unknown language (None); a data source gets the codes as given."""

    targets: tuple[str, ...] = ()  # the target is one of these (empty: any)
    excluded_targets: tuple[str, ...] = ()  # the target is none of these
    sources: tuple[str, ...] = ()  # the source is one of these (empty: any, or unknown)
    distinct: bool = False  # the source and the target are different languages
    known_target: bool = False  # the target language is known
    data: str = ""  # a `DataSource` that decides (checked last: it may read files)

    def applies(self, src_lang: str | None, tgt_lang: str | None) -> bool:
        """Whether the rule has anything to say for this language pair."""
        src, tgt = base_code(src_lang), base_code(tgt_lang)
        if (self.known_target and tgt is None) or (self.targets and tgt not in self.targets):
            return False
        if tgt in self.excluded_targets or (self.sources and src not in self.sources):
            return False
        if self.distinct and src == tgt:
            return False
        return not self.data or data_source(self.data).applies(src_lang, tgt_lang)

    def prose(self) -> str:
        """The conditions in words, for `audit rules` and `Rule.doc()`."""
        parts = []
        if self.sources and self.sources == self.targets and self.distinct:
            parts.append("pairs of two different languages among " + " ".join(self.sources))
        else:
            parts += ["source " + " ".join(self.sources)] if self.sources else []
            parts += [" ".join(self.targets)] if self.targets else []
            parts += ["source and target different"] if self.distinct else []
        if self.excluded_targets:
            parts.append("all targets but " + " ".join(self.excluded_targets))
        if self.known_target and not self.targets:
            parts.append("any known target")
        if self.data:
            parts.append(data_source(self.data).describe())
        return "; ".join(parts) or "any"


ANY_LANGUAGE = Languages()


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
    languages: Languages = ANY_LANGUAGE
    version: int = 1  # bump when the rule's behaviour changes, so the rule-set hash changes
    tags: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"rule {self.code}: unknown severity {self.severity!r}")

    def doc(self) -> str:
        """The rule's documentation as plain text."""
        return (
            f"{self.code} {self.name} ({self.category}, {self.severity}; languages: {self.languages.prose()})\n\n"
            f"What it does\n  {self.what}\n\nWhy is this bad?\n  {self.why}\n\n"
            f"Example\n  {self.example}\n\nUse instead\n  {self.instead}\n"
        )
