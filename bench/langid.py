"""Compare language-ID backends on labelled segments from ../shared/data: accuracy on whole sentences
and on 5- and 3-word fragments, speed on one core, and determinism. Prints a Markdown table.

    .venv/bin/python bench/langid.py [--limit N]
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import pandas as pd

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
LANGS = ["en", "fr", "de", "es", "it", "pt", "pl", "cs", "ru", "zh", "ja", "hi"]
UNSPACED = {"zh", "ja"}


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, sep="\t", quoting=3, keep_default_na=False)


def labelled_sentences() -> list[tuple[str, str]]:
    base = read(DATA / "demetr" / "base.tsv")
    rows = [(s, lang) for s, lang in zip(base["source"], base["src_lang"]) if lang in LANGS]
    rows += [(s, "en") for s in base["reference_en"][:300]]
    dia = read(DATA / "diabla" / "diabla_utterances.tsv")
    rows += [(s, "fr") for s in dia[dia["lp"] == "fr-en"]["source"] if len(s.split()) >= 6][:200]
    return rows


def fragment(text: str, lang: str, words: int, rng: random.Random) -> str:
    if lang in UNSPACED:
        size = words * 2
        start = rng.randrange(max(1, len(text) - size))
        return text[start:start + size]
    tokens = text.split()
    start = rng.randrange(max(1, len(tokens) - words))
    return " ".join(tokens[start:start + words])


def backends():
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    def langdetect_one(text: str) -> str:
        DetectorFactory.seed = 0
        try:
            return detect(text).split("-")[0]
        except LangDetectException:
            return "?"

    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, c.upper()) for c in LANGS]
    lingua = LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()

    def lingua_one(text: str) -> str:
        lang = lingua.detect_language_of(text)
        return lang.iso_code_639_1.name.lower() if lang else "?"

    import py3langid

    identifier = py3langid.langid.LanguageIdentifier.from_modelpath(py3langid.langid.MODEL_DIR / py3langid.langid.MODEL_FILE, norm_probs=True)
    identifier.set_languages(LANGS)

    def py3langid_one(text: str) -> str:
        return identifier.classify(text)[0]

    return {"langdetect (seed 0)": langdetect_one, "lingua 2.1.1 (restricted)": lingua_one,
            "py3langid (restricted)": py3langid_one}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(1)
    sentences = labelled_sentences()
    if args.limit:
        sentences = rng.sample(sentences, args.limit)
    sets = {
        "full": sentences,
        "5-word": [(fragment(s, lang, 5, rng), lang) for s, lang in sentences],
        "3-word": [(fragment(s, lang, 3, rng), lang) for s, lang in sentences],
    }
    print(f"{len(sentences)} labelled sentences in {len(set(l for _, l in sentences))} languages\n")
    print("| backend | full | 5-word | 3-word | segments/s (full, 1 core) | same answer on a 2nd run |")
    print("|---|---|---|---|---|---|")
    for name, detect in backends().items():
        scores = {}
        for label, rows in sets.items():
            scores[label] = sum(detect(t) == lang for t, lang in rows) / len(rows)
        started = time.perf_counter()
        first = [detect(t) for t, _ in sets["full"]]
        speed = len(first) / (time.perf_counter() - started)
        again = [detect(t) for t, _ in sets["3-word"]]
        stable = again == [detect(t) for t, _ in sets["3-word"]]
        print(f"| {name} | {scores['full']:.1%} | {scores['5-word']:.1%} | {scores['3-word']:.1%} "
              f"| {speed:,.0f} | {'yes' if stable else 'no'} |")


if __name__ == "__main__":
    main()
