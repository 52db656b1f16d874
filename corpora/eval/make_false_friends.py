"""Build the false-friend set: clean human translations into English with one word swapped for a false friend
of its source word, a look-alike English word that the dictionaries do not give for it and no lexicon lists.

    .venv/bin/python corpora/eval/make_false_friends.py            # rewrite the committed sample
    .venv/bin/python corpora/eval/make_false_friends.py --show 20  # print 20 injections of the full set

Clean pairs (all human translations, source given): WMT22 de→en `ref_A`, DiaBLa fr→en references and the
DEMETR reference rows of es/it/de→en, read from ../shared/data. In a pair, a target word t that a source
word s translates to (FreeDict, either direction, by surface form or simplemma lemma) is replaced by an
English word c that looks like s and means something else. The test of "false friend" is this script's
own, not BL003's (it imports nothing of audit.detectors.bilingual); where it differs from BL003:

- looser: c looks like s by Levenshtein similarity ≥ 0.8 (BL003: Indel similarity ≥ 0.88) after accent
  folding and a suffix table of its own (FALSE_SUFFIXES, wider than corpora/words/suffixes.tsv); words
  spelt alike (German Gift → gift) count; s need not be the only source word c could render;
- stricter: s and c share their first four letters (and half the shorter word), c is a common English
  word (pyspellchecker's count ≥ 300), s, t and c are content words (corpora/words/function_words.tsv); both dictionaries must know their word (s has
  translations, c has translations back) and neither gives the other; c is no WordNet synonym
  (corpora/thesaurus) of t or of any translation of s, shares no five-letter beginning with them (no
  "importance" for "important"), translates no other word of the source, is in no lexicon entry of the pair
  (corpora/lexicons: neither c matches an entry's `wrong` nor s its `source_triggers`), and does not occur
  in the segment already.

c keeps t's capital and takes a plural -s where t had one; t must be its own lemma or a regular plural (no
verb forms to inflect). Every segment is in the set untouched (the negatives); a segment where swaps exist
also gives up to three positives, copies with one false friend each, for different source words (chosen
with a seeded generator). Each segment is in `dev` or `test` by a stable hash of its corpus and id:
tune on dev, report test (bench/eval_false_friends.py).

The full set is built in memory from ../shared/data (WMT22 data is for research use and is not copied
here). The committed sample (false_friends/: a few positives and negatives per pair, test split first, from
DiaBLa and DEMETR's FLORES rows only, CC BY-SA 4.0; see corpora/README.md) lets the tests run without
../shared/data.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

EVAL = Path(__file__).resolve().parent
ROOT = EVAL.parents[1]
HERE = EVAL / "false_friends"
SHARED = ROOT.parent / "shared" / "data"
SEED = 20261202
PAIRS = ("de-en", "fr-en", "es-en", "it-en")
SAMPLE_PER_PAIR = 12  # positives (and as many negatives) per pair in the committed sample
MIN_LENGTH = 5
MIN_SIMILARITY = 0.8
MIN_PREFIX = 4  # letters s and c share at their start (and at least half the shorter word)
MIN_COUNT = 300  # in pyspellchecker's English frequency list: about the 30,000 commonest words
MAX_PER_SEGMENT = 3  # positives made from one segment, each for another source word
# Regular suffix correspondences, source suffix → English suffix (after accent folding); this script's own.
FALSE_SUFFIXES = {
    "fr": [("ement", "ly"), ("ique", "ic"), ("ite", "ity"), ("te", "ty"), ("eux", "ous"), ("euse", "ous"),
           ("aire", "ary"), ("isme", "ism"), ("iste", "ist"), ("eur", "or"), ("if", "ive"), ("ive", "ive"),
           ("elle", "al"), ("el", "al"), ("ie", "y"), ("er", "e"), ("er", "ate"), ("ee", "ed"), ("e", "ed"),
           ("re", "er")],
    "es": [("mente", "ly"), ("cion", "tion"), ("idad", "ity"), ("dad", "ty"), ("ico", "ic"), ("ica", "ic"),
           ("oso", "ous"), ("osa", "ous"), ("ario", "ary"), ("aria", "ary"), ("ismo", "ism"), ("ista", "ist"),
           ("ivo", "ive"), ("iva", "ive"), ("ar", "ate"), ("ar", "e"), ("ia", "y"), ("encia", "ence"),
           ("ancia", "ance"), ("ente", "ent"), ("ante", "ant"), ("o", ""), ("a", ""), ("e", "")],
    "it": [("mente", "ly"), ("zione", "tion"), ("ita", "ity"), ("ta", "ty"), ("ico", "ic"), ("ica", "ic"),
           ("oso", "ous"), ("osa", "ous"), ("ario", "ary"), ("ismo", "ism"), ("ista", "ist"), ("ivo", "ive"),
           ("iva", "ive"), ("are", "ate"), ("are", "e"), ("ia", "y"), ("enza", "ence"), ("anza", "ance"),
           ("ente", "ent"), ("ante", "ant"), ("o", ""), ("a", ""), ("e", "")],
    "de": [("itat", "ity"), ("isch", "ic"), ("ische", "ic"), ("isch", "ical"), ("ik", "ic"), ("ik", "ics"),
           ("ismus", "ism"), ("ieren", "ate"), ("ieren", "e"), ("ion", "ion"), ("iv", "ive"), ("ell", "al"),
           ("ie", "y"), ("enz", "ence"), ("anz", "ance"), ("ent", "ent"), ("ant", "ant"), ("e", ""), ("en", "")],
}
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@dataclass(frozen=True)
class CleanPair:
    """One human translation with its source."""

    pair: str
    corpus: str
    id: str
    source: str
    target: str
    origin: str = ""  # DEMETR's data_source (FLORES or WMT): only FLORES rows may be committed

    @property
    def split(self) -> str:
        """`dev` or `test`, by a stable hash of the corpus and segment id."""
        digest = hashlib.blake2b(f"{self.corpus}:{self.id}".encode(), digest_size=2).digest()
        return "dev" if digest[-1] % 2 == 0 else "test"


@dataclass(frozen=True)
class Swap:
    """The false friend put in: target word t at [start, end) becomes `phrase`, for source word s."""

    start: int
    end: int
    phrase: str
    source_word: str
    replaced: str


@dataclass(frozen=True)
class Item:
    """One segment of the set: a positive (with its swap) or an untouched negative."""

    pair: str
    corpus: str
    id: str
    split: str
    source: str
    target: str
    swap: Swap | None
    origin: str = ""

    @property
    def committable(self) -> bool:
        """CC BY-SA sentences (DiaBLa, DEMETR's FLORES rows): WMT sentences are never written to the repository."""
        return self.corpus == "diabla" or self.origin == "FLORES"


def fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ß", "ss")


def read_tsv(path: Path):
    import pandas as pd

    return pd.read_csv(path, sep="\t", quoting=3, keep_default_na=False)


def clean_pairs(shared: Path = SHARED) -> list[CleanPair]:
    """Every human translation into English of the four source languages, with its source."""
    rows: list[CleanPair] = []
    wmt = read_tsv(shared / "wmt_general_triples" / "wmt22_deen.tsv")
    rows += [CleanPair("de-en", "wmt22", str(r.seg_id), r.source, r.ref_A) for r in wmt.itertuples()]
    demetr = read_tsv(shared / "demetr" / "base.tsv")
    for lang in ("de", "es", "it"):
        part = demetr[demetr["src_lang"] == lang]
        rows += [CleanPair(f"{lang}-en", "demetr", str(r.id), r.source, r.reference_en, r.data_source)
                 for r in part.itertuples()]
    dia = read_tsv(shared / "diabla" / "diabla_utterances.tsv")
    dia = dia[dia["lp"] == "fr-en"]
    rows += [CleanPair("fr-en", "diabla", f"{r.dialogue_id}:{r.utt_id}", r.source, r.reference) for r in dia.itertuples()]
    return [r for r in rows if r.source.strip() and r.target.strip()]


# --- the word knowledge: dictionaries, lemmas, WordNet synonyms, lexicons, the English word list ---

def dictionary(src: str):
    from audit.bilingual.dictionary import bilingual_dictionary

    return bilingual_dictionary(src, "en")


@lru_cache(maxsize=None)
def lemma(word: str, lang: str) -> str:
    from audit.bilingual.words import lemma as simplemma_lemma

    return simplemma_lemma(word, lang).casefold()


def forms(word: str, lang: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys((word.casefold(), lemma(word, lang))))


@lru_cache(maxsize=1)
def synonym_groups() -> dict[str, frozenset[str]]:
    """English word → every word sharing a WordNet synonym group with it."""
    table: dict[str, set[str]] = {}
    for line in (ROOT / "corpora" / "thesaurus" / "en_synonyms.txt").read_text(encoding="utf-8").splitlines():
        if not line or line[0] in "#=!":
            continue
        group = line.split()
        for word in group:
            table.setdefault(word, set()).update(group)
    return {word: frozenset(group) for word, group in table.items()}


@lru_cache(maxsize=1)
def english_words() -> tuple[str, ...]:
    """Candidate false friends: WordNet's one-word lower-case lemmas of five letters or more that are common
    (pyspellchecker's counts), no function words."""
    from spellchecker import SpellChecker

    counts = SpellChecker(language="en", distance=1).word_frequency.dictionary
    stop = function_words("en")
    return tuple(sorted(w for w in synonym_groups() if len(w) >= MIN_LENGTH and w.isalpha() and w.islower()
                        and counts.get(w, 0) >= MIN_COUNT and w not in stop))


@lru_cache(maxsize=None)
def function_words(lang: str) -> frozenset[str]:
    """The closed-class and loose words of corpora/words/function_words.tsv: not content words."""
    import csv

    path = ROOT / "corpora" / "words" / "function_words.tsv"
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return frozenset(r["word"].casefold() for r in rows
                     if r["lang"] == lang and {"closed", "loose"} & set(r["lists"].split()))


@lru_cache(maxsize=None)
def lexicon_entries(pair: str) -> tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]:
    """The pair's lexicon entries as (wrong pattern, source triggers)."""
    import csv

    path = ROOT / "corpora" / "lexicons" / f"{pair}.tsv"
    if not path.is_file():
        return ()
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    entries = []
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        wrong = re.compile(r"(?<!\w)(?:" + row["wrong"] + r")(?!\w)", re.IGNORECASE)
        triggers = tuple(t.strip() for t in (row.get("source_triggers") or "").split("|") if t.strip())
        entries.append((wrong, triggers))
    return tuple(entries)


def in_lexicon(pair: str, s: str, c: str) -> bool:
    """Whether a lexicon entry of the pair names c as a wrong word or s as its source word."""
    for wrong, triggers in lexicon_entries(pair):
        if any(wrong.search(text) for text in (c, c + "s", f"the {c}", f"a {c}")):
            return True
        for trigger in triggers:
            pattern = fold(trigger)
            word = fold(s)
            if (pattern.endswith("*") and word.startswith(pattern[:-1])) or word == pattern:
                return True
    return False


# --- looks alike ---

def english_like(word: str, lang: str) -> set[str]:
    """The folded word and its suffix rewrites towards English."""
    folded = fold(word)
    out = {folded}
    for suffix, english in FALSE_SUFFIXES.get(lang, []):
        if folded.endswith(suffix) and len(folded) - len(suffix) >= 3:
            out.add(folded[: len(folded) - len(suffix)] + english)
    return out


@lru_cache(maxsize=None)
def _words_by_prefix() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for word in english_words():
        table.setdefault(word[:2], []).append(word)
    return {prefix: tuple(words) for prefix, words in table.items()}


@lru_cache(maxsize=None)
def look_alikes(word: str, lang: str) -> tuple[str, ...]:
    """English words that look like `word` (Levenshtein similarity ≥ 0.8, a shared start)."""
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    found: set[str] = set()
    for form in english_like(word, lang):
        choices = _words_by_prefix().get(form[:2], ())
        for match, _, _ in process.extract(form, choices, scorer=Levenshtein.normalized_similarity,
                                           score_cutoff=MIN_SIMILARITY, limit=None):
            if _shared_start(form, match) >= max(MIN_PREFIX, min(len(form), len(match)) / 2):
                found.add(match)
    return tuple(sorted(found))


def _shared_start(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


# --- the swap ---

@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str


def tokens(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def plural(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def inflection(t: str) -> str | None:
    """'' for a word that is its own lemma, 's' for a regular plural, None for anything else."""
    folded = t.casefold()
    base = lemma(t, "en")
    if base == folded:
        return ""
    if folded in (base + "s", base + "es") or (base.endswith("y") and folded == base[:-1] + "ies"):
        return "s"
    return None


def translations_of(bidict, s: str, src: str) -> frozenset[str]:
    return bidict.source_translations(*forms(s, src))


def renders(bidict, s: str, src: str, t: str) -> bool:
    """Whether the dictionary links source word s and target word t, either direction."""
    return bool(set(forms(t, "en")) & translations_of(bidict, s, src)) or bool(
        set(forms(s, src)) & bidict.target_translations(*forms(t, "en")))


def related(c: str, words: set[str]) -> bool:
    """Whether c is a WordNet synonym of one of `words` or shares its first five letters with one."""
    groups = synonym_groups()
    return any(c in groups.get(w, ()) or c[:5] == w[:5] for w in words)


def false_friends_for(bidict, pair: str, s: Token, t: Token, segment: CleanPair, source_words: list[Token]) -> list[str]:
    """The English words that could replace t as a false friend of s."""
    src = pair.split("-")[0]
    meanings = translations_of(bidict, s.text, src)
    if not meanings:
        return []
    one_word = {m for m in meanings if " " not in m} | set(forms(t.text, "en"))
    present = {fold(w.text) for w in tokens(segment.target)}
    out = []
    for c in look_alikes(s.text, src):
        if c in present or c in one_word or related(c, one_word) or lemma(c, "en") != c:
            continue  # c must be a headword too: no "chosen" or "rested"
        c_forms = forms(c, "en")
        if not bidict.knows_target(*c_forms) or set(c_forms) & meanings:
            continue
        back = bidict.target_translations(*c_forms)
        if any(set(forms(w.text, src)) & back for w in source_words):
            continue  # c renders a word of the source (or s itself): not a false friend here
        if any(set(c_forms) & translations_of(bidict, w.text, src) for w in source_words):
            continue
        if in_lexicon(pair, s.text, c):
            continue
        out.append(c)
    return out


def _eligible_source(word: Token, lang: str) -> bool:
    if len(word.text) < MIN_LENGTH or not word.text.isalpha() or word.text.casefold() in function_words(lang):
        return False
    return lang == "de" or not word.text[:1].isupper()  # names, except German nouns


def _eligible_target(word: Token) -> bool:
    return (len(word.text) >= 4 and word.text.isalpha() and (word.text.islower() or word.text.istitle())
            and word.text.casefold() not in function_words("en"))


def swaps(segment: CleanPair, bidict) -> list[Swap]:
    """Every false friend that could be put in the segment."""
    src = segment.pair.split("-")[0]
    source_words = tokens(segment.source)
    out = []
    for t in tokens(segment.target):
        if not _eligible_target(t) or (t.text.istitle() and t.start > 0):
            continue  # a capital away from the start is a name
        ending = inflection(t.text)
        if ending is None:
            continue
        for s in source_words:
            if not _eligible_source(s, src) or not renders(bidict, s.text, src, t.text):
                continue
            for c in false_friends_for(bidict, segment.pair, s, t, segment, source_words):
                phrase = plural(c) if ending else c
                phrase = phrase[:1].upper() + phrase[1:] if t.text[:1].isupper() else phrase
                out.append(Swap(t.start, t.start + len(phrase), phrase, s.text, t.text))
    return out


def apply(segment: CleanPair, swap: Swap) -> str:
    end = swap.start + len(swap.replaced)
    return segment.target[:swap.start] + swap.phrase + segment.target[end:]


def build_set(shared: Path = SHARED, pairs: tuple[str, ...] = PAIRS) -> list[Item]:
    """The whole set: every segment untouched (a negative) and, for up to three source words of a segment
    that have a false friend, a copy with one put in (a positive; its id gets +1, +2, +3)."""
    rng = random.Random(SEED)
    items = []
    for segment in clean_pairs(shared):
        if segment.pair not in pairs:
            continue
        items.append(Item(segment.pair, segment.corpus, segment.id, segment.split, segment.source, segment.target, None,
                          segment.origin))
        bidict = dictionary(segment.pair.split("-")[0])
        by_word: dict[str, list[Swap]] = {}
        for swap in swaps(segment, bidict) if bidict is not None else []:
            by_word.setdefault(swap.source_word.casefold(), []).append(swap)
        words = sorted(by_word)
        for k, word in enumerate(rng.sample(words, min(MAX_PER_SEGMENT, len(words))), 1):
            chosen = rng.choice(by_word[word])
            items.append(Item(segment.pair, segment.corpus, f"{segment.id}+{k}", segment.split, segment.source,
                              apply(segment, chosen), chosen, segment.origin))
    return items


def gold_record(item: Item, line: int, file: str) -> dict:
    swap = item.swap
    return {"file": file, "line": line, "start": swap.start, "end": swap.end, "category": "accuracy/mistranslation",
            "family": "false-friend", "phrase": swap.phrase, "source_word": swap.source_word,
            "replaced": swap.replaced, "corpus": item.corpus, "origin": item.origin, "id": item.id, "split": item.split}


def write_sample(items: list[Item], directory: Path = HERE) -> None:
    """A few positives and as many negatives per pair, from the CC BY-SA sentences (DiaBLa, DEMETR's FLORES rows):
    test-split ones first, dev ones where the test half has too few."""
    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    with (directory / "gold.jsonl").open("w", encoding="utf-8") as gold:
        for pair in PAIRS:
            pool = sorted((i for i in items if i.pair == pair and i.committable), key=lambda i: i.split != "test")
            positives = [i for i in pool if i.swap][:SAMPLE_PER_PAIR]
            negatives = [i for i in pool if not i.swap]
            chosen = positives + rng.sample(negatives, min(len(negatives), len(positives)))
            chosen.sort(key=lambda i: (i.corpus, i.id))
            for line, item in enumerate(chosen, 1):
                if item.swap:
                    gold.write(json.dumps(gold_record(item, line, f"{pair}.tgt.txt"), ensure_ascii=False) + "\n")
            (directory / f"{pair}.src.txt").write_text("".join(i.source + "\n" for i in chosen), encoding="utf-8")
            (directory / f"{pair}.tgt.txt").write_text("".join(i.target + "\n" for i in chosen), encoding="utf-8")
            (directory / f"{pair}.ids.txt").write_text("".join(f"{i.corpus}:{i.origin or '-'}:{i.id}\n" for i in chosen), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0, help="print this many injections instead of writing the sample")
    args = parser.parse_args()
    items = build_set()
    if args.show:
        positives = [i for i in items if i.swap]
        for item in random.Random(SEED).sample(positives, min(args.show, len(positives))):
            swap = item.swap
            print(f"{item.pair} {item.corpus}:{item.id} {swap.source_word} → {swap.replaced} ⇒ {swap.phrase}")
            print(f"    {item.source[:160]}\n    {item.target[:160]}")
        return
    write_sample(items)


if __name__ == "__main__":
    main()
