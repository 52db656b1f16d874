"""The rule catalogue: declared once by the detector classes, kept out of the model, with applicability and
thresholds taken from data and constants rather than restated."""

from __future__ import annotations

import csv
import importlib
import inspect
import re
import subprocess
import sys
import types
from dataclasses import replace
from pathlib import Path

import pytest

from audit import rules as model
from audit.detectors import all_detectors, all_rules, base, get_rule
from audit.detectors.consistency import ConsistencyDetector, REPEATED_LINE
from audit.rules import Languages

ROOT = Path(__file__).resolve().parent.parent
APPLIES_TO = Path(__file__).parent / "data" / "applies_to.tsv"  # written from the code before the change


@pytest.mark.parametrize("module", ["audit.findings", "audit.rules"])
def test_the_model_loads_no_detector(module: str) -> None:
    code = f"import sys, {module}; print(sorted(m for m in sys.modules if m.startswith('audit.detectors')))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_every_family_rule_is_in_the_catalogue_once() -> None:
    declared = [rule for detector in all_detectors() for rule in detector.rules]
    assert sorted(r.code for r in declared) == [r.code for r in all_rules()]
    assert REPEATED_LINE in ConsistencyDetector.rules and ConsistencyDetector().family == "consistency"
    assert get_rule("cn002") is REPEATED_LINE


def test_a_code_declared_twice_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(base, "_RULES", dict(base._RULES))
    clash = replace(REPEATED_LINE, name="another-rule")
    with pytest.raises(ValueError, match="CN002 declared twice"):
        type("Clash", (base.Detector,), {"rules": (clash,), "detect": lambda self, doc: iter(())})


def _table() -> list[dict[str, str]]:
    with APPLIES_TO.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.mark.parametrize("row", _table(), ids=lambda row: f"{row['src']}-{row['tgt']}")
def test_applies_to_is_what_it_was(row: dict[str, str]) -> None:
    """Each family's applies_to, now derived from its rules' Languages, against the table of the code
    before (tests/data/applies_to.tsv)."""
    src, tgt = (None if row[side] == "-" else row[side] for side in ("src", "tgt"))
    for detector in all_detectors():
        assert detector.applies_to(src, tgt) == (row[detector.family] == "1"), (detector.family, src, tgt)


def test_every_rule_states_its_languages() -> None:
    for rule in all_rules():
        assert isinstance(rule.languages, Languages)
        assert rule.languages.prose() and f"languages: {rule.languages.prose()})" in rule.doc()


def test_languages_conditions() -> None:
    pairs = Languages(sources=("fr", "en"), targets=("fr", "en"), distinct=True)
    assert pairs.applies("fr", "en") and pairs.applies("pt-BR", "en") is False and pairs.applies("fr", "fr") is False
    assert Languages(excluded_targets=("fr",)).applies(None, None) and not Languages(excluded_targets=("fr",)).applies("en", "fr")
    assert not Languages(known_target=True).applies("fr", None)
    with pytest.raises(KeyError, match="no data source"):
        Languages(data="nowhere").applies("fr", "en")


# (module, the module defining the constant, constant, another value, rule, text the doc then holds)
THRESHOLDS = [
    ("audit.detectors.consistency", None, "MIN_SOURCE_WORDS", 7, "INCONSISTENT", "segment of seven or more words"),
    ("audit.detectors.consistency", None, "MEMORY", 150_000, "INCONSISTENT", "the last 150,000 distinct"),
    ("audit.detectors.consistency", None, "MIN_WORDS", 6, "REPEATED_LINE", "a line of six or more words"),
    ("audit.detectors.consistency", None, "MIN_REPEATS", 5, "REPEATED_LINE", "recurs in five or more documents"),
    ("audit.detectors.fluency", None, "MAX_REPEAT_WORDS", 3, "REPEATED", "a phrase of up to three words"),
    ("audit.detectors.length", None, "MINOR_FACTOR", 2.5, "LENGTH_RATIO", "more than 2.5 times off is minor"),
    ("audit.detectors.length", None, "MAJOR_FACTOR", 4.5, "LENGTH_RATIO", "more than 4.5 times off is major"),
    ("audit.detectors.bilingual", None, "THOUSANDFOLD", (1e4, 1e8, 1e-4, 1e-8), "MAGNITUDE",
     "a value 10,000 times (or 100,000,000 times) off"),
    ("audit.detectors.reference", "audit.alignment", "LONG_GAP", 5, "OMISSION", "five or more content words are major"),
    ("audit.detectors.reference", "audit.alignment", "LONG_GAP", 5, "ADDITION", "reference: five or more are major"),
    ("audit.detectors.reference", "audit.alignment", "LONE_WORD_ANCHOR", 6, "OMISSION", "between six matching words"),
    ("audit.detectors.reference", "audit.alignment", "LONE_WORD_ANCHOR", 6, "ADDITION", "between six matching words"),
    ("audit.detectors.reference", "audit.alignment", "SCRAMBLE_MIN_WORDS", 7, "WORD_ORDER", "(seven words or more)"),
    ("audit.detectors.reference", "audit.alignment", "SCRAMBLE_MIN_SHARED", 0.6, "WORD_ORDER", "at least 60 % of"),
    ("audit.detectors.reference", "audit.alignment", "SCRAMBLE_MAX_PAIR_RATIO", 0.2, "WORD_ORDER", "fewer than 20 % of"),
]


def module_with(monkeypatch: pytest.MonkeyPatch, name: str, home: str | None, constant: str, value: object) -> types.ModuleType:
    """`name` executed afresh with `constant` (defined in `name`, or imported from `home`) set to `value`,
    its rules declared in a scratch catalogue."""
    module = importlib.import_module(name)
    source = inspect.getsource(module)
    if home is None:
        source, count = re.subn(rf"^{constant} = .*$", f"{constant} = {value!r}", source, count=1, flags=re.M)
        assert count == 1, f"{constant} is not defined in {name}"
    else:
        monkeypatch.setattr(importlib.import_module(home), constant, value)
    monkeypatch.setattr(base, "_RULES", {})
    monkeypatch.setattr(model, "_DATA_SOURCES", {})
    fresh = types.ModuleType(f"{name}_with_{constant.lower()}")
    monkeypatch.setitem(sys.modules, fresh.__name__, fresh)
    exec(compile(source, module.__file__, "exec"), fresh.__dict__)  # noqa: S102  (our own module's source)
    return fresh


@pytest.mark.parametrize(("name", "home", "constant", "value", "rule", "expected"), THRESHOLDS,
                         ids=[f"{t[4]}-{t[2]}" for t in THRESHOLDS])
def test_rule_docs_take_thresholds_from_the_constants(monkeypatch: pytest.MonkeyPatch, name: str, home: str | None,
                                                      constant: str, value: object, rule: str, expected: str) -> None:
    assert expected not in getattr(importlib.import_module(name), rule).doc()
    assert expected in getattr(module_with(monkeypatch, name, home, constant, value), rule).doc()
