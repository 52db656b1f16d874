"""Build corpora/words/opposites_wordnet.tsv: English opposites WordNet 3.0 implies but does not list as
an antonym pair (the direct pairs are corpora/thesaurus's '!' lines). Read by the antonym rule (BL004) alone.

    apt-get download wordnet-base && dpkg-deb -x wordnet-base_*.deb wn
    PYTHONPATH=. python corpora/words/make_opposites.py wn/usr/share/wordnet > corpora/words/opposites_wordnet.tsv

Two kinds, from WordNet's own data (Princeton University; licence in corpora/thesaurus/WORDNET-LICENSE):
  indirect  an adjective satellite and the direct antonym of its cluster's head: WordNet's "indirect
            antonym" (huge is similar to large, large's antonym is small: huge / small), where
            the satellite is the word's commonest sense (index.adj's first; "pretty" as in "a pretty mess"
            is similar to bad, but pretty is not the opposite of good), and both words are mostly
            adjectives (at least half their senses: "opening", "last" are not)
  prefix    a morphological opposite: an adjective (or an adverb in -ly) that is another WordNet adjective
            or adverb with a negative prefix un-, non-, in-, im-, il-, ir-, dis- (uninspired / inspired,
            irregularly / regularly); both must be WordNet modifiers, so "under", "until", "dispose" are none
A synonym, in its synset, of a direct antonym (worsen / improve, through better) was tried too and left
out: on DEMETR's tuning half it found nothing more and it raised three false alarms on human translations.
Only one-word lemmas, each written at least MIN_FREQUENCY times in audit.vocabulary's English counts (rare
words such as "bouffant" or "walloping" are no plausible meaning of a source word, and every opposite costs
the rule a look-up); a pair already listed as direct antonyms, or of a word with itself, is left out.
Deterministic: sorted output.
"""

from __future__ import annotations

import sys
from pathlib import Path

MIN_FREQUENCY = 200
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "thesaurus"))
from make_synonyms import read_synsets  # noqa: E402  (the WordNet data files, read one way for both lists)


def read_index(folder: Path, pos: str):
    """(lemma, its synset keys, commonest first: WordNet orders them by frequency in its tagged corpus)."""
    for line in (folder / f"index.{pos}").open(encoding="latin-1"):
        if line.startswith("  "):
            continue
        fields = line.split()
        pointers = int(fields[3])
        yield fields[0], [f"{pos}:{offset}" for offset in fields[4 + pointers + 2:]]


def first_senses(folder: Path) -> set[tuple[str, str]]:
    """(lemma, synset key) of each adjective's commonest sense."""
    return {(lemma, keys[0]) for lemma, keys in read_index(folder, "adj")}


def mostly_adjectives(folder: Path) -> set[str]:
    """Lemmas with at least as many adjective senses as noun, verb and adverb senses together ("opening"
    is mostly a noun, "last" a noun, verb and adverb too: their adjective clusters say little of them)."""
    senses: dict[str, dict[str, int]] = {}
    for pos in ("noun", "verb", "adj", "adv"):
        for lemma, keys in read_index(folder, pos):
            senses.setdefault(lemma, {})[pos] = len(keys)
    return {lemma for lemma, counts in senses.items() if 2 * counts.get("adj", 0) >= sum(counts.values())}


NEGATIVE_PREFIXES = ("un", "non", "in", "im", "il", "ir", "dis")


def prefixed_adjectives(folder: Path, adjectives: set[str]) -> list[tuple[str, str]]:
    """(prefix, word) where both the word and it with a negative prefix are adjectives or adverbs in
    WordNet, mostly adjectives or adverbs (uninspired / inspired, irregularly / regularly; "under" and
    "until" are no prefixed words: "der" and "til" are none)."""
    modifiers = {lemma for pos in ("adj", "adv") for lemma, _ in read_index(folder, pos) if lemma.isalpha()}
    return [(prefix, word[len(prefix):]) for word in sorted(modifiers) for prefix in NEGATIVE_PREFIXES
            if word.startswith(prefix) and word[len(prefix):] in modifiers
            and (word in adjectives or word.endswith("ly")) and len(word) - len(prefix) >= 4]


def common(word: str) -> bool:
    from audit.vocabulary import frequency

    return (frequency(word, "en") or 0) >= MIN_FREQUENCY


def main(folder: Path) -> None:
    words_of: dict[str, list[str]] = {}
    satellites: dict[str, list[str]] = {}  # head key → its satellite synsets' keys
    links: list[tuple[str, str, str, str]] = []  # (my key, my lemma, their key, their lemma)
    for key, ss_type, words, similar, antonyms in read_synsets(folder):
        words_of[key] = words
        if ss_type == "s" and similar:
            satellites.setdefault(similar[0], []).append(key)
        links += [(key, words[mine - 1], their_key, theirs) for mine, their_key, theirs in antonyms]
    direct = {(a, words_of[k][n - 1]) for _, a, k, n in links}
    found: dict[tuple[str, str], str] = {}
    commonest, adjectives = first_senses(folder), mostly_adjectives(folder)

    def add(a: str, b: str, kind: str) -> None:
        if a.isalpha() and b.isalpha() and a != b and (a, b) not in direct and (b, a) not in direct \
                and common(a) and common(b):
            found.setdefault(tuple(sorted((a, b))), kind)

    for my_key, mine, their_key, theirs in links:
        other = words_of[their_key][theirs - 1]
        for satellite in satellites.get(my_key, []):
            for word in words_of[satellite]:
                # the satellite's commonest sense (pretty / ugly, not good), of adjectives both
                if (word, satellite) in commonest and word in adjectives and other in adjectives:
                    add(word, other, "indirect")
    for prefix, base in prefixed_adjectives(folder, adjectives):
        add(prefix + base, base, "prefix")
    out = sys.stdout
    out.write("# English opposites implied by WordNet 3.0 (Princeton University; licence in\n")
    out.write("# corpora/thesaurus/WORDNET-LICENSE), built by make_opposites.py; read by BL004 alone.\n")
    out.write("a\tb\tkind\n")
    for (a, b), kind in sorted(found.items()):
        out.write(f"{a}\t{b}\t{kind}\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
