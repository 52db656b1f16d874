"""Target/source length ratio far outside what the language pair normally shows."""

from __future__ import annotations

from functools import lru_cache
from typing import Iterator

from audit.corpora import corpora_dir, read_tsv
from audit.detectors.base import Detector, make_finding
from audit.findings import Finding
from audit.rules import Rule, spelled
from audit.segments import Document, Segment

MIN_SOURCE_CHARS = 30
MIN_SOURCE_CHARS_FOR_MAJOR = 60  # short lines vary too much to call a large gap major
MINOR_FACTOR = 2.2
MAJOR_FACTOR = 3.5

LENGTH_RATIO = Rule(
    code="LN001",
    name="length-ratio",
    family="length",
    category="accuracy/omission",
    severity="minor",
    what="Finds a target far shorter or longer than its source, judged against the pair's usual "
    "character-length ratio (corpora/language/length_ratios.tsv, measured on human translations): more than "
    f"{spelled(MINOR_FACTOR)} times off is minor, more than {spelled(MAJOR_FACTOR)} times off is major; an empty "
    "target for a source is major.",
    why="A translation much shorter than its source has usually lost content; one much longer has "
    "usually gained some (a hallucination, a repeated clause).",
    example="Source: Le gouvernement a annoncé mardi un plan de 3 milliards d'euros pour les hôpitaux. — "
    "Target: The government.",
    instead="The government announced a 3-billion-euro plan for hospitals on Tuesday.",
)

_UNSPACED = {"zh", "ja", "ko", "th"}


@lru_cache(maxsize=1)
def measured_ratios() -> dict[str, float]:
    return {r["pair"]: float(r["median"]) for r in read_tsv(corpora_dir() / "language" / "length_ratios.tsv")}


def usual_ratio(src: str | None, tgt: str | None) -> float:
    """The pair's median target/source character ratio; a script-based guess for pairs not measured."""
    measured = measured_ratios().get(f"{src}-{tgt}")
    if measured:
        return measured
    if src in _UNSPACED and tgt not in _UNSPACED:
        return 3.0
    if tgt in _UNSPACED and src not in _UNSPACED:
        return 1 / 3.0
    return 1.0


def find_length_outlier(segment: Segment, usual: float) -> Iterator[Finding]:
    source = (segment.source or "").strip()
    target = segment.target.strip()
    if len(source) < MIN_SOURCE_CHARS:
        return
    start = len(segment.target) - len(segment.target.lstrip())
    if not target:
        yield make_finding(LENGTH_RATIO, segment, 0, 0, severity="major", confidence=0.9,
                           evidence="empty target for a non-empty source")
        return
    ratio = len(target) / len(source)
    off = max(ratio / usual, usual / ratio)
    if off < MINOR_FACTOR:
        return
    shorter = ratio < usual
    yield make_finding(
        LENGTH_RATIO, segment, start, start + len(target),
        severity="major" if off >= MAJOR_FACTOR and len(source) >= MIN_SOURCE_CHARS_FOR_MAJOR else "minor",
        category="accuracy/omission" if shorter else "accuracy/addition",
        confidence=0.6 if off < MAJOR_FACTOR else 0.75,
        evidence=f"target/source length ratio {ratio:.2f}, usual {usual:.2f} ({off:.1f}x {'shorter' if shorter else 'longer'})",
    )


class LengthDetector(Detector):
    """Length ratio against the source."""
    cheap = True

    rules = (LENGTH_RATIO,)

    def detect(self, doc: Document) -> Iterator[Finding]:
        usual = usual_ratio(doc.src_lang, doc.tgt_lang)
        for segment in doc.segments:
            if segment.source is not None:
                yield from find_length_outlier(segment, usual)
