"""Build the injected evaluation set: clean translation pairs with known artifacts injected, gold kept.

    .venv/bin/python corpora/eval/make_injected.py            # rebuild from the committed clean samples
    .venv/bin/python corpora/eval/make_injected.py --extract  # first re-extract the samples from ../shared/data

Clean samples (corpora/eval/injected/<pair>.clean.tsv) come from DEMETR's FLORES rows (es, de, it),
DiaBLa (fr-en, en-fr) and our own pt-en sentences; see corpora/eval/README.md. Injection is seeded, so the
output is the same on every run. Every pair gets every family that applies to it; about a third of the
segments are left clean to measure false alarms.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent / "injected"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
PAIRS = ["fr-en", "es-en", "de-en", "it-en", "pt-en", "en-fr", "en-es", "en-de"]
SEED = 20261125
PER_PAIR = 40

FURNITURE = {"en": ["Published on:", "Read also:", "Comments are closed.", "Share this article"]}
# Words of each source language to leave untranslated; "die Regierung" puts the article in the source,
# as a German sentence would, and only the noun in the target.
SOURCE_WORDS = {"fr": ["gouvernement", "toujours", "pendant", "aujourd'hui"], "es": ["gobierno", "siempre", "durante", "todavía"],
                "de": ["die Regierung", "immer", "während", "heute"], "it": ["governo", "sempre", "durante", "ancora"],
                "pt": ["governo", "sempre", "durante", "ainda"], "en": ["government", "meanwhile", "however", "although"]}


def extract_samples() -> None:
    """Copy small clean samples out of ../shared/data (human translations only)."""
    import pandas as pd

    def read(path: Path) -> pd.DataFrame:
        return pd.read_csv(path, sep="\t", quoting=3, keep_default_na=False)

    base = read(SHARED / "demetr" / "base.tsv")
    flores = base[base["data_source"] == "FLORES"]
    dia = read(SHARED / "diabla" / "diabla_utterances.tsv")
    long_enough = dia["source"].str.split().str.len() >= 7
    samples = {
        "es-en": list(zip(flores[flores.src_lang == "es"].source, flores[flores.src_lang == "es"].reference_en)),
        "de-en": list(zip(flores[flores.src_lang == "de"].source, flores[flores.src_lang == "de"].reference_en)),
        "it-en": list(zip(flores[flores.src_lang == "it"].source, flores[flores.src_lang == "it"].reference_en)),
        "en-es": list(zip(flores[flores.src_lang == "es"].reference_en, flores[flores.src_lang == "es"].source)),
        "en-de": list(zip(flores[flores.src_lang == "de"].reference_en, flores[flores.src_lang == "de"].source)),
        "fr-en": list(zip(dia[(dia.lp == "fr-en") & long_enough].source, dia[(dia.lp == "fr-en") & long_enough].reference)),
        "en-fr": list(zip(dia[(dia.lp == "en-fr") & long_enough].source, dia[(dia.lp == "en-fr") & long_enough].reference)),
    }
    for pair, rows in samples.items():
        rows = [r for r in rows if r[0] and r[1]][:PER_PAIR]
        with (HERE / f"{pair}.clean.tsv").open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\", lineterminator="\n")
            writer.writerow(["source", "target"])
            writer.writerows(rows)


def read_samples(pair: str) -> list[tuple[str, str]]:
    with (HERE / f"{pair}.clean.tsv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\")
        return [(r["source"], r["target"]) for r in reader]


def words(text: str) -> list[re.Match[str]]:
    return list(re.finditer(r"[^\W\d_]{3,}", text))


# Each injector returns (new target, new source, [(start, end, category, family)]) or None if it does not apply.
def inject_repeat(rng, src, tgt, pair):
    candidates = words(tgt)
    if not candidates:
        return None
    m = rng.choice(candidates)
    new = tgt[:m.end()] + " " + m.group() + tgt[m.end():]
    return new, src, [(m.start(), m.end() + 1 + len(m.group()), "fluency/grammar", "fluency")]


def inject_stray_period(rng, src, tgt, pair):
    gaps = [m for m in re.finditer(r"(?<=[a-z]) (?=[a-z])", tgt)]
    if not gaps:
        return None
    g = rng.choice(gaps)
    new = tgt[:g.start()] + "." + tgt[g.start():]
    return new, src, [(g.start(), g.start() + 1, "fluency/punctuation", "punctuation")]


def inject_double_period(rng, src, tgt, pair):
    stripped = tgt.rstrip()
    if not stripped.endswith("."):
        return None
    new = stripped + " ."
    return new, src, [(len(stripped) - 1, len(new), "fluency/punctuation", "punctuation")]


def inject_open_quote(rng, src, tgt, pair):
    if any(q in tgt for q in "\"“”«»„"):
        return None
    m = rng.choice(words(tgt) or [None]) if words(tgt) else None
    if m is None:
        return None
    new = tgt[:m.start()] + "“" + tgt[m.start():]
    return new, src, [(m.start(), m.start() + 1, "fluency/punctuation", "punctuation")]


def inject_number(rng, src, tgt, pair):
    numbers = list(re.finditer(r"(?<![\d.,])\d{2,4}(?![\d.,])", tgt))
    numbers = [n for n in numbers if n.group() in src]
    if not numbers:
        return None
    n = rng.choice(numbers)
    value = int(n.group())
    changed = str(value + rng.choice([1, 2, 3, 7, 10]))
    new = tgt[:n.start()] + changed + tgt[n.end():]
    return new, src, [(n.start(), n.start() + len(changed), "accuracy/mistranslation", "numbers")]


def inject_decimal_comma(rng, src, tgt, pair):
    if not pair.endswith("-en"):
        return None
    m = rng.choice(words(tgt) or [None]) if words(tgt) else None
    if m is None:
        return None
    figure = f"{rng.randint(1, 9)},{rng.randint(1, 9)}"
    insert = f" ({figure}%)"
    new = tgt[:m.end()] + insert + tgt[m.end():]
    start = m.end() + 2
    return new, src, [(start, start + len(figure), "locale/number-format", "locale")]


def inject_source_word(rng, src, tgt, pair):
    source_lang = pair.split("-")[0]
    phrase = rng.choice(SOURCE_WORDS[source_lang])
    word = phrase.split()[-1]
    targets = words(tgt)
    if not targets or word.casefold() in tgt.casefold():
        return None
    m = rng.choice(targets)
    new = tgt[:m.start()] + word + tgt[m.end():]
    new_src = src if word.casefold() in src.casefold() else src.rstrip() + " " + phrase
    return new, new_src, [(m.start(), m.start() + len(word), "accuracy/untranslated", "language")]


def inject_untranslated(rng, src, tgt, pair):
    if len(src.split()) < 6:
        return None
    return src, src, [(0, len(src), "accuracy/untranslated", "language")]


def inject_truncation(rng, src, tgt, pair):
    parts = tgt.split()
    if len(src) < 80 or len(parts) < 12:
        return None
    new = " ".join(parts[:3])
    return new, src, [(0, len(new), "accuracy/omission", "length")]


def inject_furniture(rng, src, tgt, pair):
    lang = pair.split("-")[1]
    if lang not in FURNITURE:
        return None
    label = rng.choice(FURNITURE[lang])
    return label, src, [(0, len(label), "style/boilerplate", "boilerplate")]


def inject_lexicon(rng, src, tgt, pair):
    """A known confusion of the pair in its lexicon entry's own example sentence (a consistency check of
    the lexicons, not a test of generalisation: the entries were written with these examples)."""
    from audit.detectors.lexicon import load_lexicons

    source_lang, target_lang = pair.split("-")
    entries = [e for e in load_lexicons() if e.src == source_lang and e.tgt == target_lang]
    entry = rng.choice(entries)
    match = entry.wrong.search(entry.flag_example)
    # The example has no source of its own: its source line stays empty (no source for that segment),
    # so context cues decide, as they do for feeds without sources.
    return entry.flag_example, "", [(match.start(), match.end(), "accuracy/mistranslation", "lexicon")]


INJECTORS = [inject_lexicon, inject_repeat, inject_stray_period, inject_double_period, inject_open_quote, inject_number,
             inject_decimal_comma, inject_source_word, inject_untranslated, inject_truncation, inject_furniture]


def build() -> None:
    rng = random.Random(SEED)
    gold_path = HERE / "gold.jsonl"
    with gold_path.open("w", encoding="utf-8") as gold:
        for pair in PAIRS:
            samples = read_samples(pair)
            sources, targets = [], []
            for index, (src, tgt) in enumerate(samples):
                spans = []
                if index % 3 != 2:  # a third stays clean
                    order = INJECTORS[:]
                    rng.shuffle(order)
                    for injector in order:
                        done = injector(rng, src, tgt, pair)
                        if done:
                            tgt, src, spans = done
                            break
                sources.append(src)
                targets.append(tgt)
                for start, end, category, family in spans:
                    gold.write(json.dumps({"file": f"{pair}.tgt.txt", "line": index + 1, "start": start, "end": end,
                                           "category": category, "family": family,
                                           "phrase": tgt[start:end]}, ensure_ascii=False) + "\n")
            (HERE / f"{pair}.src.txt").write_text("\n".join(sources) + "\n", encoding="utf-8")
            (HERE / f"{pair}.tgt.txt").write_text("\n".join(targets) + "\n", encoding="utf-8")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extract", action="store_true", help="re-extract the clean samples from ../shared/data")
    args = parser.parse_args()
    if args.extract:
        extract_samples()
    build()
