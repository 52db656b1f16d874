"""A run's outcome: the findings (a streamed or partitioned run's are in its report) and the run's tally, with
what the report's signature, summary and meta file need."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field

from audit.lazy import pandas as pd

from audit.version import __version__
from audit.corpora import data_fingerprint
from audit.engine.settings import MAX_SEGMENT_CHARS
from audit.langid import DEFAULT_BACKEND
from audit.detectors import ruleset_hash
from audit.segments import iter_documents
from audit.text import count_words


@dataclass
class AuditResult:
    """Findings plus what the report's signature and summary need. The counts (segments, words, findings
    by severity and category, suppressed, capped, untranslated) are the run's `tally`, whatever the driver;
    a streamed or partitioned run holds no findings (`holds_findings` False: they are in the report)."""

    findings: pd.DataFrame
    segments: pd.DataFrame
    src_lang: str | None
    tgt_lang: str | None
    tally: Tally
    options: dict = field(default_factory=dict)  # the meta file's options (`RunSettings.to_meta`)
    langid: str = DEFAULT_BACKEND
    ref_minor: bool = False
    max_segment_chars: int = MAX_SEGMENT_CHARS
    scores: pd.DataFrame | None = None  # per-segment BLEU/chrF/TER when there are references
    corpus_scores: dict = field(default_factory=dict)  # metric → score, signature, segments
    reference_alignment: dict = field(default_factory=dict)  # --ref-doc pairing counts
    targets: list[str] = field(default_factory=list)  # the target files, for the meta's input identities
    holds_findings: bool = True

    def __post_init__(self) -> None:
        # A run whose findings are in its report may give None for the (empty) tables: they are made on
        # first read (`__getattr__`), so a streamed run that writes CSV never imports pandas.
        for name in ("findings", "segments"):
            if self.__dict__.get(name, False) is None:
                del self.__dict__[name]

    def __getattr__(self, name: str):
        if name not in ("findings", "segments"):
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        from audit.findings import empty_findings
        from audit.segments import empty_segments

        value = empty_findings() if name == "findings" else empty_segments()
        setattr(self, name, value)
        return value

    @property
    def words(self) -> int:
        return self.tally.words

    @property
    def suppressed(self) -> int:
        """Findings dropped by a baseline or an ignore file."""
        return self.tally.suppressed

    @property
    def capped(self) -> int:
        """Segments over the length cap, audited by the cheap detectors only."""
        return self.tally.capped

    @property
    def untranslated(self) -> int:
        return self.tally.untranslated

    @property
    def skipped_units(self) -> dict[str, int]:
        """Units of structured inputs left out of the audit, by reason (fuzzy, untranslated ...)."""
        return dict(sorted(self.tally.skipped.items()))

    @property
    def language_note(self) -> str | None:
        """Why the target language is unknown when it could not be told (never a silent "?"): the rules
        that need it did not run."""
        if self.tgt_lang is not None or not self.words:
            return None
        if self.holds_findings and not self.segments.empty and self.segments["tgt_lang"].notna().any():
            return None  # several inputs in several languages: each document has its own
        return ("the target language could not be told (too little text, or no clear lead even with the "
                "source language as a prior); only the language-independent rules ran: give --tgt-lang")

    def target_files(self) -> list[str]:
        """The target files audited: as set by the caller, else the feed's inputs, else the segments' files."""
        if self.targets:
            return list(self.targets)
        if self.options.get("inputs"):
            return list(self.options["inputs"])
        return list(dict.fromkeys(str(f) for f in self.segments["file"])) if "file" in self.segments else []

    def _dictionaries(self) -> dict:
        return _dictionaries_meta(self.src_lang, self.tgt_lang) if self.tally.with_source else {}

    def signature(self, rules_hash: str) -> str:
        """What the findings depend on: the code and rules, language ID, the pair, and the options that
        change findings (minor reference divergences, the segment-length cap)."""
        return (f"audit:{__version__}|rules:{rules_hash}|langid:{self.langid}"
                f"|src:{self.src_lang or '-'}|tgt:{self.tgt_lang or '-'}"
                f"|ref_minor:{int(self.ref_minor)}|cap:{self.max_segment_chars}{self.selection_signature()}")

    def selection_signature(self) -> str:
        """The rule selection recorded in the options (`RuleSelection.signature`; none by default)."""
        parts = [f"{key.removesuffix('_rules')}:{','.join(self.options[key])}"
                 for key in ("select", "extend_select", "ignore_rules") if self.options.get(key)]
        return "|" + "|".join(parts) if parts else ""

    def meta(self) -> dict:
        """The report's signature and counts, for `<report>.meta.json`, and the identity (path, size,
        sha256) of every input file, so `gate --report` can tell a stale report."""
        from audit.report.integrity import input_identities

        tally = self.tally
        rules_hash = ruleset_hash(data_fingerprint())
        return {
            "tool": "audit",
            "version": __version__,
            "signature": self.signature(rules_hash),
            "ruleset_hash": rules_hash,
            "language_id": self.langid,
            "languages": {"source": self.src_lang, "target": self.tgt_lang,
                          **({"target_note": self.language_note} if self.language_note else {})},
            "options": self.options,
            "counts": {
                "segments": tally.segments,
                "words": tally.words,
                "findings": tally.findings,
                "suppressed": tally.suppressed,
                "capped_segments": tally.capped,
                "untranslated": tally.untranslated,
                **({"skipped_units": self.skipped_units} if self.skipped_units else {}),
                "by_severity": {s: int(tally.severities.get(s, 0)) for s in ("critical", "major", "minor")},
                "by_category": dict(sorted(tally.categories.items())),
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


def capped_segments(segments: pd.DataFrame, limit: int = MAX_SEGMENT_CHARS) -> int:
    """How many segments are longer than the cap (target, source or a reference)."""
    return sum(len(doc.longer_than(limit)) for doc in iter_documents(segments))


TALLY_COUNTS = ("segments", "words", "findings", "suppressed", "capped", "untranslated")


class Tally:
    """A run's counts, for the summary and the meta file: its segments (counted from a whole table, or
    block by block as a streamed run goes), and the findings kept and suppressed."""

    def __init__(self) -> None:
        self.segments = self.words = self.findings = self.capped = self.untranslated = self.suppressed = 0
        self.with_source = False  # whether any segment had a source (the bilingual rules need one)
        self.severities: Counter = Counter()
        self.categories: Counter = Counter()
        self.skipped: Counter = Counter()  # units of structured inputs left out of the audit, by reason

    def add_table(self, segments: pd.DataFrame, max_segment_chars: int) -> None:
        """Count a whole segments table (the words of the units it skips are not counted)."""
        skip = segments["skip"] if "skip" in segments.columns else [""] * len(segments)
        self.segments += int(len(segments))
        self.words += int(sum(count_words(t) for t, reason in zip(segments["target"], skip) if not reason))
        self.skipped.update(reason for reason in skip if reason)
        self.capped += capped_segments(segments, max_segment_chars)
        self.untranslated += untranslated_units(segments)
        self.with_source = self.with_source or ("source" in segments and bool(segments["source"].notna().any()))

    def add_block(self, result) -> None:
        """Count a block's core segments (their words and capped segments counted by the workers)."""
        self.segments += result.segments
        self.untranslated += sum(is_untranslated(s.target, s.source) for s in result.block.core)
        self.with_source = self.with_source or any(s.source is not None for s in result.block.core)
        self.words += result.words
        self.capped += result.capped

    def add_rows(self, rows) -> None:
        """Count findings kept as plain rows (`findings.FindingRows`), as `add_findings` counts a table."""
        self.findings += len(rows)
        self.severities.update(rows.column("severity"))
        self.categories.update(rows.column("category"))

    def add_findings(self, frame: pd.DataFrame, suppressed: int = 0) -> None:
        """Count the findings kept (and how many were suppressed)."""
        self.findings += len(frame)
        self.suppressed += suppressed
        self.severities.update(frame["severity"])
        self.categories.update(frame["category"])

    def as_row(self) -> dict:
        """The counts as one row of plain values (a shard's counts, sent back from a worker)."""
        return {**{name: int(getattr(self, name)) for name in TALLY_COUNTS},
                "severities": json.dumps(self.severities), "categories": json.dumps(self.categories),
                "skipped": json.dumps(self.skipped)}

    def add_row(self, row) -> None:
        """Count in a row of `as_row` (whether a segment had a source is not part of it)."""
        for name in TALLY_COUNTS:
            setattr(self, name, getattr(self, name) + int(getattr(row, name)))
        self.severities.update(json.loads(row.severities))
        self.categories.update(json.loads(row.categories))
        self.skipped.update(json.loads(row.skipped))
