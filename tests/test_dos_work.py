"""Linear time on any input (issue 13, item 4), tested by counting work, never by timing it: every read of a
segment's text is counted, and no segment may be read more than a fixed number of times, however long
the runs of blank lines around it. Before the fix a block's margin and a chunk's context were found by
scanning a blank run to its end for every block and every chunk: the reads per segment grew with the
length of the run (quadratic time in all)."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from audit.engine.run import Stream, audit_blocks
from audit.engine.settings import RunSettings
from audit.segments import Segment

READS = Counter()  # line -> reads of that segment's target


class CountedSegment(Segment):
    """A segment that counts the reads of its target."""

    def __getattribute__(self, name: str):
        if name == "target":
            READS[object.__getattribute__(self, "line")] += 1
        return object.__getattribute__(self, name)


TEXTS = ["“He said the regime was over..", "Nobody knows” .", "The the end", "Il a dit « non", "   ", "1,5 kg"]
# (blank lines before, text) pieces: long blank runs between lines of text, at the start and at the end
pieces = st.lists(st.tuples(st.integers(0, 1_500), st.sampled_from(TEXTS)), min_size=1, max_size=5)
# Reads of one segment's text allowed: the detectors read a text some 40 times in each piece that holds it,
# and a segment is held by at most 2 * CONTEXT_SPAN / chunk + 1 chunks' pieces and 2 * margin / block + 1
# blocks (9 and 5 here; 372 reads at most measured after the fix, thousands before it for a long run).
MAX_READS_PER_SEGMENT = 1_000


def document(spec: list[tuple[int, str]], tail: int) -> list[Segment]:
    texts = [t for blanks, text in spec for t in [""] * blanks + [text]] + [""] * tail
    return [CountedSegment("f", k, text) for k, text in enumerate(texts, start=1)]


def run(segments: list[Segment], block: int, chunk: int) -> None:
    stream = Stream("f", "fr", "en", segments)
    for _ in audit_blocks([stream], RunSettings(block_size=block, chunk_size=chunk)):
        pass


@settings(max_examples=12, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(spec=pieces, tail=st.integers(0, 1_500), block=st.sampled_from([50, 300, 1_000, 20_000]),
       chunk=st.sampled_from([25, 100, 500]))
@example(spec=[(0, TEXTS[0]), (1_500, TEXTS[2])], tail=1_500, block=1_000, chunk=25)
def test_reads_per_segment_are_bounded_whatever_the_blank_runs(spec, tail, block, chunk) -> None:
    segments = document(spec, tail)
    READS.clear()
    run(segments, block, chunk)
    busiest, reads = READS.most_common(1)[0]
    assert reads <= MAX_READS_PER_SEGMENT, f"line {busiest} read {reads} times ({len(segments)} segments)"
    assert set(READS) == {s.line for s in segments}  # every segment was audited


def test_a_long_blank_run_costs_each_segment_what_a_short_one_does() -> None:
    """The same text around blank runs of 1,000 and of 8,000 lines: the busiest segment is read as often."""
    busiest = []
    for blanks in (1_000, 8_000):
        READS.clear()
        run(document([(0, TEXTS[0]), (blanks, TEXTS[1]), (blanks, TEXTS[2])], blanks), 1_000, 100)
        busiest.append(max(READS.values()))
    assert busiest[1] <= busiest[0]


def test_memory_for_a_long_line_is_bounded_by_its_length_not_its_findings() -> None:
    """A 2 MB line of repeated words (one FL001 finding every ~60 characters): over the segment cap it gets
    the cheap rules and at most MAX_FINDINGS_PER_CAPPED_SEGMENT of each family; its words are counted
    without a list of them. Before: 34,000 findings kept and a peak of ~100 MB traced; now a few times
    the line's size (3 MB traced)."""
    import tracemalloc

    from audit.engine.settings import MAX_FINDINGS_PER_CAPPED_SEGMENT

    text = ("the cat sat on on the mat and said hello to to the dog " * 40_000)[:2_000_000]
    tracemalloc.start()
    try:
        results = list(audit_blocks([Stream("f", None, "en", [Segment("f", 1, text)])], RunSettings()))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    findings = [f for result in results for f in result.findings]
    assert results[0].capped == 1 and results[0].words == count_words_of(text)
    assert 0 < len(findings) <= 7 * MAX_FINDINGS_PER_CAPPED_SEGMENT
    assert peak < 5 * len(text), f"peak {peak / 1e6:.0f} MB for a {len(text) / 1e6:.0f} MB line"


def count_words_of(text: str) -> int:
    import re

    return len(re.findall(r"\w+(?:['’\-]\w+)*", text))
