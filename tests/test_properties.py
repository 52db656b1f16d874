"""Properties over arbitrary text (hypothesis): no crash, offsets are truth, the same input gives the
same report byte for byte."""

from __future__ import annotations

import os

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.api import run_audit
from audit.report import findings_to_text
from strategies import documents, lines

EXAMPLES = int(os.environ.get("AUDIT_PROPERTY_EXAMPLES", "60"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_offsets(findings: pd.DataFrame, texts: list[str]) -> None:
    for row in findings.itertuples():
        text = texts[row.line - 1]
        assert 0 <= row.start <= row.end <= len(text)
        assert text[row.start:row.end] == row.phrase, (row.rule, row.start, row.end)


@SETTINGS
@given(targets=documents, lang=st.sampled_from(["en", "fr", "de", None]))
def test_reference_free_audit_never_crashes_and_offsets_slice(targets: list[str], lang: str | None) -> None:
    result = run_audit(targets, src_lang="fr" if lang == "en" else None, tgt_lang=lang)
    check_offsets(result.findings, targets)


@SETTINGS
@given(pairs=st.lists(st.tuples(lines, lines, lines), max_size=5))
def test_with_source_and_reference(pairs: list[tuple[str, str, str]]) -> None:
    targets = [t for t, _, _ in pairs]
    result = run_audit(targets, [s for _, s, _ in pairs], [r for _, _, r in pairs], src_lang="fr", tgt_lang="en")
    check_offsets(result.findings, targets)
    if pairs:
        assert result.scores is not None or all(not r.strip() for _, _, r in pairs)


@SETTINGS
@given(targets=documents)
def test_same_input_same_report(targets: list[str]) -> None:
    first = findings_to_text(run_audit(targets, tgt_lang="en").findings, "csv")
    second = findings_to_text(run_audit(list(targets), tgt_lang="en").findings, "csv")
    assert first == second


@settings(max_examples=max(10, EXAMPLES // 3), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(targets=st.lists(lines, min_size=0, max_size=14), chunk=st.integers(1, 6))
def test_chunking_does_not_change_the_report(targets: list[str], chunk: int) -> None:
    from audit.engine.run import audit_segments
    from audit.engine.settings import RunSettings
    from audit.segments import build_segments

    segments = build_segments(targets, None, None, src_lang="fr", tgt_lang="en")
    whole = findings_to_text(audit_segments(segments), "csv")
    assert findings_to_text(audit_segments(segments, RunSettings(chunk_size=chunk)), "csv") == whole
    assert findings_to_text(audit_segments(segments, RunSettings(chunk_size=chunk, jobs=2)), "csv") == whole


QUOTED = st.sampled_from(["“He said", "it was over”", "« Non", "dit-il »", "\"", "", " ", "Comments are closed now.",
                          "Les commentaires sont fermés ici."])


@settings(max_examples=max(10, EXAMPLES // 3), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pairs=st.lists(st.tuples(st.one_of(lines, QUOTED), st.one_of(lines, QUOTED)), max_size=24),
       block=st.integers(1, 7), chunk=st.integers(1, 4))
def test_blocks_do_not_change_the_report(pairs: list[tuple[str, str]], block: int, chunk: int) -> None:
    """Quotations over several lines, blank lines and repeated sources judged the same in blocks of any size."""
    from audit.engine.run import audit_segments
    from audit.engine.settings import RunSettings
    from audit.segments import build_segments

    segments = build_segments([t for t, _ in pairs], [s for _, s in pairs], None, src_lang="fr", tgt_lang="en")
    whole = findings_to_text(audit_segments(segments, RunSettings(block_size=10_000)), "csv")
    assert findings_to_text(audit_segments(segments, RunSettings(block_size=block, chunk_size=chunk)), "csv") == whole


@settings(max_examples=max(10, EXAMPLES // 3), deadline=None)
@given(blank=st.lists(st.booleans(), max_size=400), size=st.integers(1, 150), reach=st.integers(0, 120))
def test_blocks_cover_each_segment_once_with_their_margins(blank: list[bool], size: int, reach: int) -> None:
    from audit.engine.blocks import iter_blocks, margin_size
    from audit.segments import Segment

    segments = [Segment("f", k + 1, "" if b else f"line {k}") for k, b in enumerate(blank)]
    blocks = list(iter_blocks(segments, "f", None, "en", "py3langid", size, reach))
    assert [s for b in blocks for s in b.core] == segments
    margin = margin_size(reach)
    for b in blocks:
        first, last = b.core[0].line - 1, b.core[-1].line - 1
        before, after = segments[:first], segments[last + 1:]
        assert b.doc.segments[:b.lo] == tuple(before[-margin:]) if before else b.lo == 0
        assert b.doc.segments[b.hi:] == tuple(after[:margin])


@SETTINGS
@given(text=st.text(st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_fast_paths_keep_per_character_normalisation(text: str) -> None:
    import unicodedata

    from audit.numerals import same_length_nfkc

    slow = "".join(n if len(n := unicodedata.normalize("NFKC", c)) == 1 else c for c in text)
    assert same_length_nfkc(text) == slow
