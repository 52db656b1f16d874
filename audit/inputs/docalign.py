"""Align a reference *document* to the target's segments when the two do not line up line by line.

The reference is split into sentences; a monotone dynamic programme then pairs each target segment with
zero, one or two consecutive reference sentences (1–0, 0–1, 1–1, 1–2 and 2–1 moves), scoring a pair by
character-level similarity (rapidfuzz's normalised Indel similarity on case-folded text) and by how close
the two lengths are. A target segment left unpaired simply has no reference; the counts of unpaired
segments and sentences are reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from rapidfuzz.distance import Indel

from audit.errors import AuditError
from audit.text import split_sentences

MIN_SIMILARITY = 0.35  # a pair scoring below this is worse than leaving both sides unpaired
MERGE_COST = 0.05  # a small price on 1–2 and 2–1 moves, so 1–1 wins a tie
SKIP_COST = 0.1  # leaving a segment or a sentence unpaired costs a little, so a fitting merge wins
MAX_CELLS = 25_000_000  # target segments × reference sentences the programme will take on


def similarity(a: str, b: str) -> float:
    """Character similarity discounted by length mismatch (0–1)."""
    if not a or not b:
        return 0.0
    ratio = min(len(a), len(b)) / max(len(a), len(b))
    return Indel.normalized_similarity(a.casefold(), b.casefold()) * (0.5 + 0.5 * ratio)


@dataclass(frozen=True)
class DocAlignment:
    references: list[str | None]  # one per target segment; None where nothing aligned
    target_unaligned: int  # non-blank target segments without a reference
    reference_unaligned: int  # reference sentences paired with no segment


def align_document(targets: Sequence[str], reference_text: str) -> DocAlignment:
    """Pair every non-blank target segment with the reference sentences that translate the same text."""
    sentences = split_sentences(reference_text)
    slots = [i for i, t in enumerate(targets) if t.strip()]
    n, m = len(slots), len(sentences)
    if n * m > MAX_CELLS:
        raise AuditError(f"--ref-doc: {n} segments × {m} reference sentences is too large to align; "
                         "split the input or give a line-aligned --ref")
    texts = [targets[i].strip() for i in slots]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    move: list[list[tuple[int, int]]] = [[(0, 0)] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            options: list[tuple[float, tuple[int, int]]] = []
            if i > 0:
                options.append((best[i - 1][j] - SKIP_COST, (1, 0)))
            if j > 0:
                options.append((best[i][j - 1] - SKIP_COST, (0, 1)))
            if i > 0 and j > 0:
                options.append((best[i - 1][j - 1] + similarity(texts[i - 1], sentences[j - 1]) - MIN_SIMILARITY, (1, 1)))
            if i > 0 and j > 1:
                joined = sentences[j - 2] + " " + sentences[j - 1]
                options.append((best[i - 1][j - 2] + similarity(texts[i - 1], joined) - MIN_SIMILARITY - MERGE_COST, (1, 2)))
            if i > 1 and j > 0:
                joined = texts[i - 2] + " " + texts[i - 1]
                options.append((best[i - 2][j - 1] + similarity(joined, sentences[j - 1]) - MIN_SIMILARITY - MERGE_COST, (2, 1)))
            best[i][j], move[i][j] = max(options, key=lambda o: o[0])
    paired: dict[int, str] = {}
    used = 0
    i, j = n, m
    while i > 0 or j > 0:
        di, dj = move[i][j]
        if di and dj:
            reference = " ".join(sentences[j - dj:j])
            used += dj
            if di == 1:
                paired[i - 1] = reference
            else:  # two segments share one sentence: give it to the one it resembles more
                k = max((i - 2, i - 1), key=lambda x: similarity(texts[x], reference))
                paired[k] = reference
        i, j = i - di, j - dj
    references: list[str | None] = [None] * len(targets)
    for k, reference in paired.items():
        references[slots[k]] = reference
    return DocAlignment(references, n - len(paired), m - used)
