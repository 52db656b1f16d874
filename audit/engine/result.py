"""A run's outcome: the findings (or, for a streamed or partitioned run, their tally) with what the report's
signature, summary and meta file need."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from audit.lazy import pandas as pd

from audit.version import __version__
from audit.corpora import data_fingerprint
from audit.engine.settings import MAX_SEGMENT_CHARS
from audit.langid import DEFAULT_BACKEND
from audit.rules import ruleset_hash
from audit.text import count_words


@dataclass
class AuditResult:
    """Findings plus what the report's signature and summary need."""

    findings: pd.DataFrame
    segments: pd.DataFrame
    src_lang: str | None
    tgt_lang: str | None
    options: dict = field(default_factory=dict)
    langid: str = DEFAULT_BACKEND
    suppressed: int = 0  # findings dropped by a baseline or an ignore file
    scores: pd.DataFrame | None = None  # per-segment BLEU/chrF/TER when there are references
    corpus_scores: dict = field(default_factory=dict)  # metric → score, signature, segments
    reference_alignment: dict = field(default_factory=dict)  # --ref-doc pairing counts
    capped: int = 0  # segments over the length cap, audited by the cheap detectors only
    max_segment_chars: int = MAX_SEGMENT_CHARS
    tally: Tally | None = None  # a streamed run's counts: its findings and segments went to the report
    targets: list[str] = field(default_factory=list)  # the target files, for the meta's input identities

    @property
    def words(self) -> int:
        if self.tally is not None:
            return self.tally.words
        skipped = self.segments["skip"] if "skip" in self.segments else [""] * len(self.segments)
        return int(sum(count_words(t) for t, s in zip(self.segments["target"], skipped) if not s))

    @property
    def skipped_units(self) -> dict[str, int]:
        """Units of structured inputs left out of the audit, by reason (fuzzy, untranslated ...)."""
        if self.tally is not None or "skip" not in self.segments:
            return {}
        return dict(sorted(Counter(s for s in self.segments["skip"] if s).items()))

    @property
    def language_note(self) -> str | None:
        """Why the target language is unknown when it could not be told (never a silent "?"): the rules
        that need it did not run."""
        if self.tgt_lang is not None or not self.words:
            return None
        if not self.segments.empty and self.segments["tgt_lang"].notna().any():
            return None  # several inputs in several languages: each document has its own
        return ("the target language could not be told (too little text, or no clear lead even with the "
                "source language as a prior); only the language-independent rules ran: give --tgt-lang")

    @property
    def untranslated(self) -> int:
        if self.tally is not None:
            return self.tally.untranslated
        return untranslated_units(self.segments)

    def target_files(self) -> list[str]:
        """The target files audited: as set by the caller, else the feed's inputs, else the segments' files."""
        if self.targets:
            return list(self.targets)
        if self.options.get("inputs"):
            return list(self.options["inputs"])
        return list(dict.fromkeys(str(f) for f in self.segments["file"])) if "file" in self.segments else []

    def _dictionaries(self) -> dict:
        if self.tally is not None:
            has_source = self.tally.with_source
        else:
            has_source = "source" in self.segments and bool(self.segments["source"].notna().any())
        return _dictionaries_meta(self.src_lang, self.tgt_lang) if has_source else {}

    def meta(self) -> dict:
        """The report's signature and counts, for `<report>.meta.json`, and the identity (path, size,
        sha256) of every input file, so `gate --report` can tell a stale report."""
        from audit.report.integrity import input_identities

        streamed = self.tally
        severities = streamed.severities if streamed else Counter(self.findings["severity"])
        categories = streamed.categories if streamed else Counter(self.findings["category"])
        rules_hash = ruleset_hash(data_fingerprint())
        signature = (
            f"audit:{__version__}|rules:{rules_hash}|langid:{self.langid}"
            f"|src:{self.src_lang or '-'}|tgt:{self.tgt_lang or '-'}"
        )
        return {
            "tool": "audit",
            "version": __version__,
            "signature": signature,
            "ruleset_hash": rules_hash,
            "language_id": self.langid,
            "languages": {"source": self.src_lang, "target": self.tgt_lang,
                          **({"target_note": self.language_note} if self.language_note else {})},
            "options": self.options,
            "counts": {
                "segments": streamed.segments if streamed else int(len(self.segments)),
                "words": self.words,
                "findings": streamed.findings if streamed else int(len(self.findings)),
                "suppressed": self.suppressed,
                "capped_segments": self.capped,
                "untranslated": self.untranslated,
                **({"skipped_units": self.skipped_units} if self.skipped_units else {}),
                "by_severity": {s: int(severities.get(s, 0)) for s in ("critical", "major", "minor")},
                "by_category": dict(sorted(categories.items())),
            },
            **({"scores": self.corpus_scores} if self.corpus_scores else {}),
            **({"reference_alignment": self.reference_alignment} if self.reference_alignment else {}),
            **self._dictionaries(),
            "max_segment_chars": self.max_segment_chars,
            "inputs": input_identities(self.target_files(), self.options),
        }


def is_untranslated(target: object, source: object) -> bool:
    """An empty target whose source is not empty: a unit left untranslated."""
    return isinstance(source, str) and bool(source.strip()) and not (isinstance(target, str) and target.strip())


def untranslated_units(segments: pd.DataFrame) -> int:
    """How many segments are untranslated (`is_untranslated`)."""
    if "source" not in segments or segments.empty:
        return 0
    return sum(is_untranslated(t, s) for t, s in zip(segments["target"], segments["source"]))


def _dictionaries_meta(src_lang: str | None, tgt_lang: str | None) -> dict:
    """The pair's FreeDict dictionaries (or which rules were skipped without them), for the meta file."""
    from audit.bilingual.dictionary import pair_status

    status = pair_status(src_lang, tgt_lang)
    return {"dictionaries": status} if status["pair"] else {}


def common_value(values: pd.Series) -> str | None:
    """The one value a column holds (missing values aside), or None when it holds several or none."""
    distinct = {v for v in values if v is not None and not (isinstance(v, float) and pd.isna(v))}
    return distinct.pop() if len(distinct) == 1 else None


class Tally:
    """What a streamed run counts as it goes, for the summary and the meta file."""

    def __init__(self) -> None:
        self.segments = self.words = self.findings = self.capped = self.untranslated = 0
        self.with_source = False  # whether any segment had a source (the bilingual rules need one)
        self.severities: Counter = Counter()
        self.categories: Counter = Counter()

    def add_block(self, result, frame) -> None:
        """Count a block's segments, words, capped and untranslated segments and (kept) findings."""
        self.segments += result.segments
        self.untranslated += sum(is_untranslated(s.target, s.source) for s in result.block.core)
        self.with_source = self.with_source or any(s.source is not None for s in result.block.core)
        self.words += result.words
        self.capped += result.capped
        self.findings += len(frame)
        self.severities.update(frame["severity"])
        self.categories.update(frame["category"])
