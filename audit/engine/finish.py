"""The step every driver ends with, on each batch of findings it has (a whole input, a block of a streamed
one, a shard of a feed): drop the findings of rules not selected (`--select`/`--ignore`: the detectors
still run, their findings of unselected rules are dropped here, before merging, so the report, the
summary and the gate all count the same findings), merge the findings on one span, fingerprint them,
drop what the baseline and the ignore file accept, and count what is left — one place for all, whatever
the driver."""

from __future__ import annotations

from typing import Iterable

from audit.lazy import pandas as pd

from audit.engine.result import Tally
from audit.engine.settings import RunSettings
from audit.findings import Finding, FindingRows, add_fingerprints_from, finding_rows, merge_findings, to_frame
from audit.gate.suppress import suppress


class Finish:
    """Finishes a run's batches in order: the baseline's acceptances are used up across them (a fresh
    copy of the settings' baseline per run), and `tally` counts the run's segments and kept findings."""

    def __init__(self, settings: RunSettings) -> None:
        self.accepted = settings.accepted.fresh() if settings.accepted else None
        self.ignored = list(settings.ignored)
        self.selection = settings.selection
        self.tally = Tally()

    def table(self, found: Iterable[Finding], segments: pd.DataFrame, max_segment_chars: int) -> pd.DataFrame:
        """The findings of a whole segments table (its ids and texts for the fingerprints), counted with it."""
        self.tally.add_table(segments, max_segment_chars)
        keys = list(zip(segments["file"], segments["line"]))
        texts = dict(zip(keys, segments["target"]))
        ids = dict(zip(keys, map(str, segments["id"] if "id" in segments.columns else segments["line"])))
        return self.findings(found, texts, ids)

    def block(self, result) -> pd.DataFrame | FindingRows:
        """The findings of a block's core (a `run.BlockResult`), counted with its segments: as plain rows
        when there is nothing to suppress (a streamed report is written from them, pandas never loaded),
        else as a table."""
        self.tally.add_block(result)
        texts = {(s.file, s.line): s.target for s in result.block.core}
        if self.accepted or self.ignored:
            return self.findings(result.findings, texts)
        rows = finding_rows(merge_findings(self.selected(result.findings)), texts)
        self.tally.add_rows(rows)
        return rows

    def selected(self, found: Iterable[Finding]) -> list[Finding]:
        """The findings of the rules selected (`--select`/`--ignore`; all when there is no selection)."""
        return [f for f in found if self.selection.reports(f.rule)] if self.selection else list(found)

    def findings(self, found: Iterable[Finding], texts: dict[tuple[str, int], str],
                 ids: dict[tuple[str, int], str] | None = None) -> pd.DataFrame:
        """Merged, fingerprinted, suppressed and counted."""
        found = self.selected(found)
        frame = add_fingerprints_from(to_frame(merge_findings(found)), texts, ids)
        dropped = 0
        if self.accepted or self.ignored:
            frame, dropped = suppress(frame, self.accepted, self.ignored)
        self.tally.add_findings(frame, dropped)
        return frame

    def accepted_used(self) -> dict[str, int]:
        """How many acceptances of each fingerprint this run used (a shard's, checked across the feed)."""
        return self.accepted.used() if self.accepted else {}
