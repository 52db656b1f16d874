"""Limits every run applies: the segment-length cap and what a capped segment may report."""

MAX_SEGMENT_CHARS = 20_000  # longer segments get the cheap (linear, light) detector families only


# ... and at most this many findings of each family: a hostile 50 MB line of repeated words would
# otherwise hold a million findings (2.2 GB). Such a segment already fails the gate (`capped_segments`).
MAX_FINDINGS_PER_CAPPED_SEGMENT = 100
