"""Detector families, one module each, behind the interface in `base`; the rule catalogue (`all_rules`,
`get_rule`, `ruleset_hash`) of every family they define."""

from audit.detectors.base import Detector
from audit.detectors.bilingual import BilingualDetector
from audit.detectors.boilerplate import BoilerplateDetector
from audit.detectors.catalogue import all_rules, get_rule, ruleset_hash
from audit.detectors.consistency import ConsistencyDetector
from audit.detectors.fluency import FluencyDetector
from audit.detectors.language import LanguageDetector
from audit.detectors.length import LengthDetector
from audit.detectors.lexicon import LexiconDetector
from audit.detectors.locale import LocaleDetector
from audit.detectors.numbers import NumbersDetector
from audit.detectors.placeholders import PlaceholderDetector
from audit.detectors.punctuation import PunctuationDetector
from audit.detectors.reference import ReferenceDetector


def all_detectors(ref_minor: bool = False) -> list[Detector]:
    """A fresh instance of every detector family, in a fixed order; `ref_minor` also reports the minor
    divergences from a reference."""
    return [
        LexiconDetector(), PunctuationDetector(), FluencyDetector(), BoilerplateDetector(), LanguageDetector(),
        NumbersDetector(), LocaleDetector(), LengthDetector(), ConsistencyDetector(), ReferenceDetector(ref_minor),
        BilingualDetector(), PlaceholderDetector(),
    ]


__all__ = ["Detector", "all_detectors", "all_rules", "get_rule", "ruleset_hash"]
