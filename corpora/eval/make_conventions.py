"""Build the conventions set: clean human translations per target language with locale slips injected.

    .venv/bin/python corpora/eval/make_conventions.py

Each target language gets the clean sentence pairs of corpora/eval/injected/ that have it as one side (a
pair is read in both directions: the French source of fr-en is a French target of English), and about two
thirds of its sentences get one slip the way MT makes them: another locale's quotation marks, a missing or
extra space around punctuation, the other decimal or thousands separator, am/pm in a 24-hour language (or
"at 20 hours" in English), a capitalised weekday mid-sentence, a currency sign on the wrong side, a missing
¿. Injection is seeded, so every run writes the same files: conventions/<src>-<tgt>.src.txt/.tgt.txt and
gold.jsonl (family "locale"; a reversed pair's files are named <src>-<tgt>-from-<pair>). The clean third measures false alarms. Licences: those of the samples
(corpora/README.md).
"""

from __future__ import annotations

import csv
import json
import random
import re
from pathlib import Path

EVAL = Path(__file__).resolve().parent
SAMPLES = EVAL / "injected"
HERE = EVAL / "conventions"
SEED = 20261201
# target language -> (pair file, read reversed?) whose sides give (source, target in that language)
SOURCES = {
    "en": [("fr-en", False), ("es-en", False), ("de-en", False), ("it-en", False), ("pt-en", False)],
    "fr": [("en-fr", False), ("fr-en", True)],
    "de": [("en-de", False), ("de-en", True)],
    "es": [("en-es", False), ("es-en", True)],
    "it": [("it-en", True)],
    "pt": [("pt-en", True)],
}
WEEKDAYS = {"fr": "Lundi", "es": "Lunes", "it": "Lunedì", "pt": "Segunda-feira"}
FOREIGN_QUOTES = {"en": ("«", "»"), "fr": ('"', '"'), "de": ("“", "”"), "es": ("„", "“"), "it": ("„", "“"),
                  "pt": ("„", "“")}
CURRENCY = {"en": "5 €", "fr": "€5", "de": "€5", "es": "€5", "it": "$5", "pt": "€5"}


def conforming(text: str, lang: str) -> str:
    """The clean side made to follow its own conventions first, so that only injected slips are slips:
    typed French chat (DiaBLa) often glues ? ! : ; to the word, which French typography spaces."""
    if lang == "fr":
        return re.sub(r"(?<=[^\W\d_])([?!:;])(?=\s|$)", "\u202f\\1", text)
    return text


def read_pairs(pair: str, reverse: bool) -> list[tuple[str, str]]:
    with (SAMPLES / f"{pair}.clean.tsv").open(encoding="utf-8", newline="") as handle:
        rows = [(r["source"], r["target"]) for r in
                csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\")]
    return [(t, s) if reverse else (s, t) for s, t in rows]


def mid_words(text: str) -> list[re.Match[str]]:
    """Lower-case words of three letters or more that are neither first nor last in the sentence."""
    found = [m for m in re.finditer(r"(?<![\w'’-])[^\W\d_A-Z]{3,}(?![\w'’-])", text) if m.group()[0].islower()]
    return found[1:-1]


def insert_after_word(rng, text: str, insertion: str, lead: str = " ") -> tuple[str, int] | None:
    """The text with `lead + insertion` after a mid-sentence word, and where the insertion starts."""
    words = mid_words(text)
    if not words:
        return None
    at = rng.choice(words).end()
    return text[:at] + lead + insertion + text[at:], at + len(lead)


def slip_quotes(rng, text: str, lang: str):
    words = mid_words(text)
    if not words or any(q in text for q in "\"“”«»„‘’'"):
        return None
    word = rng.choice(words)
    opening, closing = FOREIGN_QUOTES[lang]
    quoted = opening + word.group() + closing
    return text[:word.start()] + quoted + text[word.end():], word.start(), word.start() + len(quoted)


def _number_slip(rng, text: str, number: str):
    done = insert_after_word(rng, text, f"({number})")
    if done is None:
        return None
    new, at = done
    return new, at + 1, at + 1 + len(number)


def slip_decimal(rng, text: str, lang: str):
    whole, fraction = rng.randint(2, 9), rng.randint(1, 9)
    return _number_slip(rng, text, f"{whole},{fraction}" if lang == "en" else f"{whole}.{fraction}")


def slip_thousands(rng, text: str, lang: str):
    groups = f"{rng.randint(1, 9)}{'.' if lang == 'en' else ','}{rng.randint(100, 999)}"
    return _number_slip(rng, text, groups + ("." if lang == "en" else ",") + "000")


def slip_time(rng, text: str, lang: str):
    phrase = f"at {rng.randint(13, 23)} hours" if lang == "en" else f"{rng.randint(1, 11)} pm"
    done = insert_after_word(rng, text, phrase) if lang == "en" else insert_after_word(rng, text, f"({phrase})")
    if done is None:
        return None
    new, at = done
    start = at if lang == "en" else at + 1
    return new, start, start + len(phrase)


def slip_currency(rng, text: str, lang: str):
    return _number_slip(rng, text, CURRENCY[lang])


def slip_weekday(rng, text: str, lang: str):
    if lang not in WEEKDAYS:
        return None
    done = insert_after_word(rng, text, WEEKDAYS[lang])
    if done is None:
        return None
    new, at = done
    return new, at, at + len(WEEKDAYS[lang])


def slip_french_spacing(rng, text: str, lang: str):
    """A French sentence's question mark or colon glued to the word before it."""
    if lang != "fr":
        return None
    marks = list(re.finditer(r"(?<=\w)[ \u00a0\u202f]([?!:;])", text))
    if marks:
        mark = rng.choice(marks)
        return text[:mark.start()] + mark.group(1) + text[mark.end():], mark.start() - 1, mark.start() + 1
    stripped = text.rstrip()
    if not re.search(r"\w\.$", stripped):
        return None
    return stripped[:-1] + "?", len(stripped) - 2, len(stripped)


def slip_inverted(rng, text: str, lang: str):
    """A Spanish sentence turned into a question without its opening ¿."""
    stripped = text.rstrip()
    if lang != "es" or "¿" in stripped or "¡" in stripped or not re.search(r"\w\.$", stripped):
        return None
    new = stripped[:-1] + "?"
    return new, len(new) - 1, len(new)


SLIPS = [slip_quotes, slip_decimal, slip_thousands, slip_time, slip_currency, slip_weekday, slip_french_spacing,
         slip_inverted]


def build() -> None:
    HERE.mkdir(exist_ok=True)
    rng = random.Random(SEED)
    with (HERE / "gold.jsonl").open("w", encoding="utf-8") as gold:
        for lang, pairs in SOURCES.items():
            for pair, reverse in pairs:
                src_lang = pair.split("-")[1] if reverse else pair.split("-")[0]
                name = f"{src_lang}-{lang}" + ("-from-" + pair if reverse else "")
                sources, targets = [], []
                for index, (src, tgt) in enumerate(read_pairs(pair, reverse)):
                    tgt = conforming(tgt, lang)
                    if index % 3 != 2:  # a third stays clean
                        order = SLIPS[:]
                        rng.shuffle(order)
                        for slip in order:
                            done = slip(rng, tgt, lang)
                            if done:
                                tgt, start, end = done
                                gold.write(json.dumps({"file": f"{name}.tgt.txt", "line": index + 1, "start": start,
                                                       "end": end, "category": "locale", "family": "locale",
                                                       "phrase": tgt[start:end], "slip": slip.__name__[5:]},
                                                      ensure_ascii=False) + "\n")
                                break
                    sources.append(src)
                    targets.append(tgt)
                (HERE / f"{name}.src.txt").write_text("\n".join(sources) + "\n", encoding="utf-8")
                (HERE / f"{name}.tgt.txt").write_text("\n".join(targets) + "\n", encoding="utf-8")


if __name__ == "__main__":
    build()
