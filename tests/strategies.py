"""Hypothesis strategies for hostile text: arbitrary Unicode, mixed scripts, combining marks, emoji, RTL,
stray punctuation and quotes, mixed with real MT-like fragments so the detectors' deeper paths run too."""

from __future__ import annotations

from hypothesis import strategies as st

# characters that end a line in our reader, or that the readers reject as binary
LINE_BREAKS = "\n\r\x00"

FRAGMENTS = [
    "Get rid of the diet", "hundreds of inmates", "maybe in two. weeks", "urged the protests. via",
    "Published on: Amended:", "Comments are closed.", "“", "”", "«", "»", "..", " ,", "(", ")", "1,5", "3.000",
    "12h30", "le régime", "der Vertrag", "the the", "Mr.", "U.S.", "n't", "not", "never", "he", "she",
    "https://example.org/a?b=1", "مرحبا بالعالم", "שלום עולם", "こんにちは世界", "你好，世界", "e\u0301",
    "\u200f", "\u202e", "🇫🇷", "👩‍👩‍👧", "\ufeff", "\t", "  ",
]

unicode_chars = st.characters(blacklist_categories=("Cs",), blacklist_characters=LINE_BREAKS)
pieces = st.one_of(st.text(unicode_chars, max_size=12), st.sampled_from(FRAGMENTS))
lines = st.lists(pieces, max_size=12).map(" ".join)
documents = st.lists(lines, min_size=0, max_size=6)
