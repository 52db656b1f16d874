"""Build corpora/thesaurus/en_synonyms.tsv from WordNet 3.0 (Princeton; the licence is in
corpora/thesaurus/WORDNET-LICENSE).

    apt-get download wordnet-base && dpkg-deb -x wordnet-base_*.deb wn
    python corpora/thesaurus/make_synonyms.py wn/usr/share/wordnet > corpora/thesaurus/en_synonyms.tsv

Each output row is one group of English words WordNet lists as synonyms of one sense: a synset, with an
adjective's satellite synsets folded into their head ("massive" with "large"). Only one-word lemmas, and
only groups of two or more. Rows starting with `=` are irregular inflections (went → go) from the
exception lists, for lemmatising before the look-up; rows starting with `!` are antonym pairs
(increase / decrease). Deterministic: sorted output.
"""

from __future__ import annotations

import sys
from pathlib import Path


POS_FILE = {"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}


def read_synsets(folder: Path):
    """(key, synset type, words, similar-to keys, antonym links (my word no, their key, their word no))."""
    for pos in ("noun", "verb", "adj", "adv"):
        for line in (folder / f"data.{pos}").open(encoding="latin-1"):
            if line.startswith("  "):
                continue
            fields = line.split(" | ")[0].split()
            offset, ss_type, count = fields[0], fields[2], int(fields[3], 16)
            words = [fields[4 + 2 * k].lower().split("(")[0] for k in range(count)]
            rest = fields[4 + 2 * count:]
            pointers = [rest[1 + 4 * k:5 + 4 * k] for k in range(int(rest[0]))]
            similar = [f"{pos}:{p[1]}" for p in pointers if p[0] == "&"]
            antonyms = [(int(p[3][:2], 16), f"{POS_FILE[p[2]]}:{p[1]}", int(p[3][2:], 16)) for p in pointers if p[0] == "!"]
            yield f"{pos}:{offset}", ss_type, words, similar, antonyms


def main(folder: Path) -> None:
    groups: dict[str, set[str]] = {}
    words_of: dict[str, list[str]] = {}
    links = []
    for key, ss_type, words, similar, antonyms in read_synsets(folder):
        words_of[key] = words
        lemmas = {w for w in words if w.isalpha()}
        head = similar[0] if ss_type == "s" and similar else key  # a satellite joins its head's group
        groups.setdefault(head, set()).update(lemmas)
        links += [(words[mine - 1], their_key, theirs) for mine, their_key, theirs in antonyms]
    rows = sorted({" ".join(sorted(g)) for g in groups.values() if len(g) >= 2})
    opposites = set()
    for word, their_key, theirs in links:
        other = words_of[their_key][theirs - 1]
        if word.isalpha() and other.isalpha() and word != other:
            opposites.add("!" + " ".join(sorted((word, other))))
    irregular = set()
    for pos in ("noun", "verb", "adj", "adv"):
        for line in (folder / f"{pos}.exc").open(encoding="latin-1"):
            form, *lemmas = line.split()
            if form.isalpha() and lemmas and lemmas[0].isalpha():
                irregular.add(f"={form} {lemmas[0]}")
    out = sys.stdout
    out.write("# English synonym groups from WordNet 3.0 (Princeton University; licence in WORDNET-LICENSE),\n")
    out.write("# built by make_synonyms.py. One group per line; '=form lemma' lines are irregular inflections,\n")
    out.write("# '!a b' lines antonyms.\n")
    for row in rows + sorted(irregular) + sorted(opposites):
        out.write(row + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
