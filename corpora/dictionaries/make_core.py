"""List the candidate words of a core vocabulary (corpora/dictionaries/<lang>-en.tsv): the most frequent
content lemmas of a language that FreeDict's files for the pair do not know, or know only partially.

    PYTHONPATH=. python corpora/dictionaries/make_core.py es [COUNT] > /tmp/es-candidates.tsv
    PYTHONPATH=. python corpora/dictionaries/make_core.py it [COUNT] > /tmp/it-candidates.tsv
    PYTHONPATH=. python corpora/dictionaries/make_core.py ru 2500 > /tmp/ru-candidates.tsv
    WORDFREQ_DATA=/tmp/wf/wordfreq/data PYTHONPATH=. python corpora/dictionaries/make_core.py hi 1500 > /tmp/hi-candidates.tsv
    WORDFREQ_DATA=/tmp/wf/wordfreq/data PYTHONPATH=. python corpora/dictionaries/make_core.py ru 1400 wordfreq 2500 > /tmp/ru-more.tsv

The third argument chooses the list (`spellchecker`, the default, or `wordfreq`); the fourth, AFTER, leaves
out the first AFTER candidates of the default list (the lemmas a file already holds), so a file made from
one list can be extended from another, still without reading the file.

Words: pyspellchecker's frequency list for the language (resources/<lang>.json.gz, a word → count table;
only its ranking is used, nothing is copied); for a language pyspellchecker lacks (Hindi), wordfreq's list
(small_<lang>.msgpack.gz, words by frequency bucket; wordfreq 3.1.1, its data CC-BY-SA 4.0, fetched at
build time only: `pip download --no-deps wordfreq==3.1.1`, unzipped, its `wordfreq/data` folder given as
$WORDFREQ_DATA; msgpack reads it; neither is a dependency of `audit`). Lower-case words of three letters
or more (the bilingual layer's content words; a Devanagari word's vowel signs count as letters; Latin words
in a Russian or Hindi list left out), lemmatised with simplemma through `audit.bilingual.words.lemma` (the lemma
the alignment looks up), the counts of a lemma's forms added up. Left out: the language's function words
(corpora/words/function_words.tsv, lists `closed` and `loose`), which the alignment does not count, and
lemmas the pair's FreeDict files (<lang>-eng, and eng-<lang> read backwards, as the layer reads them) give
at least PARTIAL one-word translations for. Kept: lemmas FreeDict does not know ("unknown") and those it
gives fewer one-word translations for ("partial": often a rare sense only, "pasar" → "happen"). The first
COUNT (default 1,500) by frequency are printed, most frequent first: lemma, summed count, status, FreeDict's
number of one-word translations, the lemma's commonest forms. Deterministic (ties by lemma).

The English translations in <lang>-en.tsv were written by hand for these lemmas from general knowledge;
this script only chooses the words. It never reads our own core vocabulary, so the list does not change
once the file is written.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from audit.bilingual.dictionary import find_dict_files, inverted, load_dictionary
from audit.bilingual.words import function_words, lemma

FORMS = 3  # the commonest forms shown beside each lemma (simplemma reads "vai" as "vaio": the forms say what is meant)
PARTIAL = 3  # fewer one-word translations than this: FreeDict knows the lemma only partially
OTHER_SCRIPTS = frozenset({"ru", "hi"})  # languages not written in Latin letters: a Latin word in their list is English
FREQUENCY_LISTS = Path(__import__("spellchecker").__file__).resolve().parent / "resources"


def frequencies(lang: str, source: str = "spellchecker") -> dict[str, int]:
    """pyspellchecker's word counts for the language, or wordfreq's where asked or pyspellchecker has none."""
    path = FREQUENCY_LISTS / f"{lang}.json.gz"
    if source == "wordfreq" or not path.is_file():
        return wordfreq_counts(lang)
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def wordfreq_counts(lang: str) -> dict[str, int]:
    """wordfreq's list as counts: its buckets are centibels (bucket b holds the words of frequency
    10^(-b/100)), read as counts per 10^9 words."""
    import msgpack  # a build-time reader only

    with gzip.open(Path(os.environ["WORDFREQ_DATA"]) / f"small_{lang}.msgpack.gz") as handle:
        buckets = msgpack.load(handle, raw=False)[1:]  # the first item is the format's header
    return {word: round(1e9 * 10 ** (-bucket / 100)) for bucket, words in enumerate(buckets) for word in words}


def is_word(word: str) -> bool:
    """Letters only (a Devanagari word's vowel signs and virama are marks, not letters)."""
    return all(char.isalpha() or unicodedata.category(char).startswith("M") for char in word) and word[:1].isalpha()


def lemma_counts(lang: str, source: str = "spellchecker") -> tuple[Counter, dict[str, list[tuple[int, str]]]]:
    """Content lemmas with the summed counts of their forms (function words and short words left out),
    and each lemma's forms with their counts."""
    closed = function_words(lang)
    latin_too = lang not in OTHER_SCRIPTS
    counts: Counter = Counter()
    forms: dict[str, list[tuple[int, str]]] = {}
    for word, count in frequencies(lang, source).items():
        if len(word) < 3 or not is_word(word) or word != word.lower() or word in closed or (word.isascii() and not latin_too):
            continue
        head = lemma(word, lang).casefold()
        if head not in closed and len(head) >= 3 and is_word(head):
            counts[head] += count
            forms.setdefault(head, []).append((count, word))
    return counts, forms


def freedict_table(lang: str) -> dict[str, frozenset[str]]:
    """lemma → its English translations by FreeDict, both files of the pair (without our core vocabulary)."""
    files = find_dict_files()
    table: dict[str, frozenset[str]] = {}
    if (lang, "en") in files:
        table.update(load_dictionary(files[(lang, "en")]).entries)
    if ("en", lang) in files:
        for word, heads in inverted(load_dictionary(files[("en", lang)])).items():
            table[word] = table.get(word, frozenset()) | heads
    return table


def candidates(lang: str, count: int, source: str = "spellchecker", after: int = 0) -> list[tuple[str, int, str, int, str]]:
    """(lemma, count, FreeDict status, FreeDict's one-word translations, its commonest forms) of the first
    `count` candidates of the source's list, leaving out the first `after` candidates of the default list."""
    table = freedict_table(lang)
    counts, forms = lemma_counts(lang, source)
    done = {row[0] for row in candidates(lang, after)} if after else set()
    rows = []
    for head, total in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        if head in done:
            continue
        known = table.get(head)
        single = sum(1 for word in known if " " not in word) if known else 0
        if known is None or single < PARTIAL:
            commonest = " ".join(word for _, word in sorted(forms[head], key=lambda f: (-f[0], f[1]))[:FORMS])
            rows.append((head, total, "unknown" if known is None else "partial", single, commonest))
            if len(rows) == count:
                break
    return rows


def main(lang: str, count: int, source: str = "spellchecker", after: int = 0) -> None:
    print("lemma\tcount\tfreedict\ttranslations\tforms")
    for row in candidates(lang, count, source, after):
        print("\t".join(str(cell) for cell in row))


if __name__ == "__main__":
    args = sys.argv[1:]
    main(args[0], int(args[1]) if len(args) > 1 else 1500, args[2] if len(args) > 2 else "spellchecker", int(args[3]) if len(args) > 3 else 0)
