"""Detector families, one module each, behind the interface in `base`."""

from audit.detectors.base import Detector
from audit.detectors.boilerplate import BoilerplateDetector
from audit.detectors.consistency import ConsistencyDetector, find_repeated_lines
from audit.detectors.fluency import FluencyDetector
from audit.detectors.language import LanguageDetector
from audit.detectors.length import LengthDetector
from audit.detectors.lexicon import LexiconDetector
from audit.detectors.locale import LocaleDetector
from audit.detectors.numbers import NumbersDetector
from audit.detectors.punctuation import PunctuationDetector


def all_detectors() -> list[Detector]:
    """A fresh instance of every detector family, in a fixed order."""
    return [
        LexiconDetector(), PunctuationDetector(), FluencyDetector(), BoilerplateDetector(), LanguageDetector(),
        NumbersDetector(), LocaleDetector(), LengthDetector(), ConsistencyDetector(),
    ]


__all__ = ["Detector", "all_detectors", "find_repeated_lines"]
