"""Mine recurring substitutions (MT phrase ↔ reference phrase) from a corpus into a candidate lexicon.

A substitution the MT makes again and again where human references say something else is a systematic
error worth a reference-free rule. `mine_substitutions` counts the anchored word-choice substitutions
`audit.alignment` finds, and `to_lexicon_tsv` writes them in the format of `corpora/lexicons/` (plus a
`count` column), ready for a reviewer to keep, edit or delete.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from audit.lazy import pandas as pd

from audit.alignment import diverge, function_words, tokenize

LEXICON_COLUMNS = ["id", "src", "tgt", "wrong", "intended", "source_triggers", "require", "forbid", "severity",
                   "note", "flag_example", "pass_example", "count"]


@dataclass
class Candidate:
    wrong: str
    intended: str
    count: int = 0
    examples: list[tuple[str, str, int, int]] = field(default_factory=list)  # (mt, source, start, end)


def mine_substitutions(hyps: Sequence[str], refs: Sequence[str], sources: Sequence[str] | None = None,
                       tgt_lang: str | None = "en", min_count: int = 2) -> list[Candidate]:
    """Substitutions seen at least `min_count` times, most frequent first (ties by phrase)."""
    found: dict[tuple[str, str], Candidate] = {}
    for k, (hyp, ref) in enumerate(zip(hyps, refs)):
        if not hyp.strip() or not ref.strip():
            continue
        for d in diverge(hyp, ref, tgt_lang):
            if d.kind != "substitution" or d.reason not in ("word choice", "name"):
                continue
            key = (hyp[d.start:d.end].casefold(), d.ref_phrase.casefold())
            candidate = found.setdefault(key, Candidate(*key))
            candidate.count += 1
            if len(candidate.examples) < 5:
                candidate.examples.append((hyp, sources[k] if sources else "", d.start, d.end))
    kept = [c for c in found.values() if c.count >= min_count]
    return sorted(kept, key=lambda c: (-c.count, c.wrong, c.intended))


def _source_triggers(candidate: Candidate, document_frequency: Counter, total: int, src_lang: str | None) -> str:
    """Source content words present in every example's source and in at most half of all source segments."""
    sets = [{t.key for t in tokenize(src) if t.is_word} for _, src, _, _ in candidate.examples if src]
    if len(sets) < 2:
        return ""
    common = set.intersection(*sets) - function_words(src_lang)
    rare = sorted((w for w in common if document_frequency[w] <= total / 2), key=lambda w: (document_frequency[w], w))
    return "|".join(rare[:3])


MINED_HEADER = "# Candidate lexicon entries mined by `audit mine` from recurring MT/reference substitutions.\n"


def is_mined_lexicon(path: Path) -> bool:
    """A lexicon `audit mine` wrote: it starts with the line `to_lexicon_tsv` writes first."""
    header = MINED_HEADER.encode("utf-8")
    try:
        with open(path, "rb") as handle:
            return handle.read(len(header)) == header
    except OSError:
        return False


def to_lexicon_tsv(candidates: list[Candidate], src_lang: str | None, tgt_lang: str | None,
                   sources: Sequence[str] | None = None, origin: str = "") -> str:
    """The candidates as a lexicon TSV (header comments, then one row each)."""
    document_frequency: Counter = Counter()
    for src in sources or []:
        document_frequency.update({t.key for t in tokenize(src) if t.is_word})
    rows = []
    for c in candidates:
        mt, _, start, end = c.examples[0]
        slug = re.sub(r"\W+", "-", f"{c.wrong}-{c.intended}").strip("-")[:60] or "entry"
        rows.append({
            "id": f"mined-{slug}", "src": src_lang or "", "tgt": tgt_lang or "",
            "wrong": re.escape(c.wrong).replace("\\ ", " ").replace("\\-", "-"), "intended": c.intended,
            "source_triggers": _source_triggers(c, document_frequency, len(sources or []), src_lang),
            "require": "", "forbid": "", "severity": "major",
            "note": f"mined: the MT wrote this {c.count} times where the reference has “{c.intended}”"
                    + (f" ({origin})" if origin else ""),
            "flag_example": mt, "pass_example": mt[:start] + c.intended + mt[end:], "count": c.count,
        })
    header = (
        MINED_HEADER +
        "# Review every row before use: keep real errors, add require/forbid context cues, delete paraphrases.\n"
    )
    table = pd.DataFrame(rows, columns=LEXICON_COLUMNS)
    return header + table.to_csv(sep="\t", index=False, lineterminator="\n")
