"""Build corpora/reference/en_synonyms.tsv from WordNet 3.0 (Princeton; the licence is in
corpora/reference/WORDNET-LICENSE).

    apt-get download wordnet-base && dpkg-deb -x wordnet-base_*.deb wn
    python corpora/reference/make_synonyms.py wn/usr/share/wordnet > corpora/reference/en_synonyms.tsv

Each output row is one group of English words WordNet lists as synonyms of one sense: a synset, with an
adjective's satellite synsets folded into their head ("massive" with "large"). Only one-word lemmas, and
only groups of two or more. Rows starting with `=` are irregular inflections (went → go) from the
exception lists, for lemmatising before the look-up. Deterministic: sorted output.
"""

from __future__ import annotations

import sys
from pathlib import Path


def read_synsets(folder: Path):
    for pos in ("noun", "verb", "adj", "adv"):
        for line in (folder / f"data.{pos}").open(encoding="latin-1"):
            if line.startswith("  "):
                continue
            fields = line.split(" | ")[0].split()
            offset, ss_type, count = fields[0], fields[2], int(fields[3], 16)
            words = [fields[4 + 2 * k].lower() for k in range(count)]
            rest = fields[4 + 2 * count:]
            pointers = int(rest[0])
            similar = [rest[1 + 4 * k + 1] for k in range(pointers) if rest[1 + 4 * k] == "&"]
            yield f"{pos}:{offset}", ss_type, words, [f"{pos}:{o}" for o in similar]


def main(folder: Path) -> None:
    groups: dict[str, set[str]] = {}
    for key, ss_type, words, similar in read_synsets(folder):
        lemmas = {w.split("(")[0] for w in words if "_" not in w and "-" not in w and w.isalpha()}
        head = similar[0] if ss_type == "s" and similar else key  # a satellite joins its head's group
        groups.setdefault(head, set()).update(lemmas)
    rows = sorted({" ".join(sorted(g)) for g in groups.values() if len(g) >= 2})
    irregular = set()
    for pos in ("noun", "verb", "adj", "adv"):
        for line in (folder / f"{pos}.exc").open(encoding="latin-1"):
            form, *lemmas = line.split()
            if form.isalpha() and lemmas and lemmas[0].isalpha():
                irregular.add(f"={form} {lemmas[0]}")
    out = sys.stdout
    out.write("# English synonym groups from WordNet 3.0 (Princeton University; licence in WORDNET-LICENSE),\n")
    out.write("# built by make_synonyms.py. One group per line; '=form lemma' lines are irregular inflections.\n")
    for row in rows + sorted(irregular):
        out.write(row + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
