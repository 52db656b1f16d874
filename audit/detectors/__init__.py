"""Detector families, one module each, behind the interface in `base`."""

from audit.detectors.base import Detector
from audit.detectors.boilerplate import BoilerplateDetector
from audit.detectors.fluency import FluencyDetector
from audit.detectors.language import LanguageDetector
from audit.detectors.lexicon import LexiconDetector
from audit.detectors.locale import LocaleDetector
from audit.detectors.numbers import NumbersDetector
from audit.detectors.punctuation import PunctuationDetector


def all_detectors() -> list[Detector]:
    """A fresh instance of every detector family, in a fixed order."""
    return [
        LexiconDetector(), PunctuationDetector(), FluencyDetector(), BoilerplateDetector(), LanguageDetector(),
        NumbersDetector(), LocaleDetector(),
    ]


__all__ = ["Detector", "all_detectors"]
