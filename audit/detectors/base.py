"""The one small interface every detector family implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Iterator

from audit.findings import Finding
from audit.rules import DataSource, Rule, data_source, declare_data_source
from audit.segments import Document, Segment

_RULES: dict[str, Rule] = {}  # every rule of every family defined so far, by code (see `catalogue`)


def _add_rule(rule: Rule) -> None:
    existing = _RULES.get(rule.code)
    if existing is not None and existing != rule:
        raise ValueError(f"rule code {rule.code} declared twice")
    _RULES[rule.code] = rule


def declared_rules() -> list[Rule]:
    """The rules of the detector families defined so far (`audit.detectors.all_rules` loads them all)."""
    return list(_RULES.values())


class Detector(ABC):
    """A family of rules. `detect` reads a whole document (for context) and yields findings.

    Defining a subclass declares its rules: the `rules` tuple is the catalogue's one source, and each
    rule's `Languages` decides the default `applies_to`."""

    #: the rules this family can report (the first one names the family)
    rules: tuple[Rule, ...] = ()
    #: the data sources its rules' `Languages.data` name (lexicons present, corpora/locale/ files ...)
    data_sources: tuple[DataSource, ...] = ()
    #: linear-time and light enough to run on a segment longer than the segment-length cap
    cheap: bool = False
    #: how many segments on either side `detect_document` reads to judge one (a block of a long input is
    #: handed to it with that margin); 0 when it reads the segments in order and remembers in `state`
    document_reach: int = 0
    #: for `detect_feed`: in how many of a feed's documents a key of `feed_keys` must occur to be reported
    feed_min_documents: int = 2

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        for source in cls.data_sources:
            declare_data_source(source)
        for rule in cls.rules:
            if rule.languages.data:
                data_source(rule.languages.data)  # a misspelt data source fails at import, not mid-audit
            _add_rule(rule)

    @property
    def family(self) -> str:
        return self.rules[0].family if self.rules else type(self).__name__

    def applies_to(self, src_lang: str | None, tgt_lang: str | None) -> bool:
        """Whether the family has anything to say for this language pair: whether any of its rules applies
        (each rule's `languages`)."""
        return any(rule.languages.applies(src_lang, tgt_lang) for rule in self.rules)

    def load_shared(self, doc: Document) -> None:
        """Load what every process auditing `doc`'s language pair would load for itself (`doc`: an empty
        document with the pair and the run's language-ID backend): called in the program just before
        its worker processes fork from it, which then share it (nothing by default)."""

    @abstractmethod
    def detect(self, doc: Document) -> Iterator[Finding]:
        """Yield the suspect phrases of `doc`'s segments, each judged on itself and at most its two
        non-blank neighbours on either side (`Document.window`), so a long document can be split into
        chunks and audited in parallel."""

    def detect_document(self, doc: Document, state: dict) -> Iterator[Finding]:
        """Yield what can only be judged across segments: run on the blocks of a document in order (each
        with `document_reach` segments of margin), with one `state` dict kept for the whole document."""
        return iter(())

    @property
    def has_document_pass(self) -> bool:
        return type(self).detect_document is not Detector.detect_document

    def feed_keys(self, doc: Document) -> Iterator[bytes]:
        """The keys of `doc` (one per occurrence) that the family counts across a feed's documents."""
        return iter(())

    def detect_feed(self, doc: Document, counts: dict[bytes, tuple[int, int]]) -> Iterator[Finding]:
        """Yield what can only be judged across a feed's documents: `counts` holds, for each key of
        `feed_keys` found in `feed_min_documents` documents or more, (occurrences, documents) over the
        whole feed — counted by the engine before this pass, over every shard of a sharded feed."""
        return iter(())

    @property
    def has_feed_pass(self) -> bool:
        return type(self).detect_feed is not Detector.detect_feed


def make_finding(
    rule: Rule,
    segment: Segment,
    start: int,
    end: int,
    *,
    evidence: str,
    suggestion: str = "",
    confidence: float = 0.8,
    severity: str | None = None,
    category: str | None = None,
) -> Finding:
    """A finding whose phrase is sliced from the segment, so its offsets are true by construction."""
    if not 0 <= start <= end <= len(segment.target):
        raise ValueError(f"{rule.code}: span {start}:{end} outside segment of length {len(segment.target)}")
    return Finding(
        file=segment.file,
        line=segment.line,
        start=start,
        end=end,
        phrase=segment.target[start:end],
        rule=rule.code,
        category=category or rule.category,
        severity=severity or rule.severity,
        suggestion=suggestion,
        evidence=evidence,
        confidence=round(confidence, 3),
    )
