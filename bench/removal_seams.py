"""The seams DEMETR's word removals leave, by word class, against the same class pairs in clean English.

    PYTHONPATH=. .venv/bin/python bench/removal_seams.py [--removal verb] [--half even] [--top 30]

At each deletion point of DEMETR's removal items (one half: even or odd numeric `id`; odd ids are the test
half, read for figures only) the word before and the word after are put in classes: a function word
stands for itself ("the", "to", "he", "was", ","), a capitalised word is `Cap` (`Cap0` opening a
sentence), a number `NUM`, a word in -ly `ADVly`, any other word `w`; `^` and `$` are the text's ends.
Each class pair is then counted in clean English: WMT22 de→en ref_A and ref_B and its nine MT systems,
DEMETR's unperturbed MT rows, DiaBLa's fr→en references and MT and en→fr English sources, and the English
sources of the MQM TED, WMT QE and MLQE-PE critical-error sets (DEMETR's human reference rows are left
out: held out). A seam whose pair clean English never shows is a candidate for FL003 (dropped word); the
shares of items whose pair is seen at most 1 and 10 times bound what seams alone can find.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
REMOVALS = {"verb": "critical_id22_verb_removed", "subject": "critical_id24_subj_removed",
            "noun": "critical_id23_noun_removed", "named-entity": "critical_id25_ne_removed",
            "adjective": "critical_id21_adj_adv_removed", "pp": "major_id5_pp_removed"}
_TOKEN = re.compile(r"[^\W_][\w'’-]*|[^\w\s]")
FUNCTION_WORDS = frozenset("""the a an this these those my your his her its our their some any every each no
of in on at by for with from into onto upon among between through during without within against towards
toward about over under after before since until as than like and or but nor so yet if because while
although though when where whether that which who whom whose what how why i you he she we they it me him us
them is are was were am be been being has have had do does did will would can could should may might must
shall not n't to also just only still already never always often""".split())


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, sep="\t", quoting=3, keep_default_na=False)


def word_class(token: str, opens_sentence: bool) -> str:
    lower = token.lower()
    if lower in FUNCTION_WORDS or not token[0].isalnum():
        return lower
    if token[0].isdigit():
        return "NUM"
    if token[0].isupper():
        return "Cap0" if opens_sentence else "Cap"
    return "ADVly" if lower.endswith("ly") else "w"


def tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, class) of each word and mark."""
    out, opens = [], True
    for match in _TOKEN.finditer(text):
        out.append((match.start(), match.end(), word_class(match.group(), opens)))
        opens = match.group() in ".!?"
    return out


def clean_english() -> Iterator[str]:
    wmt = read(DATA / "wmt_general_triples" / "wmt22_deen.tsv")
    dia = read(DATA / "diabla" / "diabla_utterances.tsv")
    texts = list(wmt["ref_A"]) + list(wmt["ref_B"]) + [t for c in wmt.columns if c.startswith("mt_") for t in wmt[c]]
    texts += list(read(DATA / "demetr" / "base.tsv")["mt_en"])
    texts += list(dia[dia["lp"] == "fr-en"]["reference"]) + list(dia[dia["lp"] == "fr-en"]["mt"])
    texts += list(dia[dia["lp"] == "en-fr"]["source"])
    sources = {json.loads(line)["source"] for line in (DATA / "mqm_google_ted" / "mqm_ted_ende.jsonl").open()}
    qe = DATA / "wmt_qe2023_task2_spans"
    for name in ("wmt22_ende_dev.jsonl", "wmt22_ende_test.jsonl", "wmt22_enru_dev.jsonl", "wmt22_enru_test.jsonl"):
        sources |= {json.loads(line)["source"] for line in (qe / name).open()}
    sources |= {json.loads(line)["source"] for line in gzip.open(qe / "wmt21_news_ende.jsonl.gz", "rt")}
    texts += sorted(sources) + list(read(DATA / "mlqe_pe" / "critical_errors_ende_test.tsv")["source_en"])
    return (str(t) for t in texts if str(t).strip())


def clean_pairs() -> tuple[Counter, int]:
    pairs, words = Counter(), 0
    for text in clean_english():
        classes = ["^"] + [c for _, _, c in tokens(text)] + ["$"]
        pairs.update(zip(classes, classes[1:]))
        words += len(text.split())
    return pairs, words


def seams(removal: str, half: str) -> Iterator[set[tuple[str, str]]]:
    """The class pairs at the deletion points of each removal item of the half."""
    items = read(DATA / "demetr" / "perturbations.tsv.gz")
    items = items[items["pert_name"] == REMOVALS[removal]]
    for row in items.itertuples():
        if (int(row.id) % 2 == 0) != (half == "even"):
            continue
        marks = tokens(row.pert_sent)
        found = set()
        for span in json.loads(row.diff_spans_json):
            if span["op"] != "delete":
                continue
            before = [c for _, end, c in marks if end <= span["start"]]
            after = [c for start, _, c in marks if start >= span["start"]]
            found.add((before[-1] if before else "^", after[0] if after else "$"))
        yield found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--removal", choices=sorted(REMOVALS), default="verb")
    parser.add_argument("--half", choices=("even", "odd"), default="even")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    clean, words = clean_pairs()
    items = [s for s in seams(args.removal, args.half) if s]
    counts = Counter(pair for s in items for pair in s)
    print(f"{REMOVALS[args.removal]}, {args.half} ids: {len(items)} items; clean English: {words} words")
    print(f"{'seam (before, after)':32s} {'items':>6s} {'in clean English':>17s}")
    for pair, n in counts.most_common(args.top):
        print(f"{str(pair):32s} {n:6d} {clean[pair]:17d}")
    for most in (0, 1, 10, 50):
        share = sum(min(clean[p] for p in s) <= most for s in items) / len(items)
        print(f"items whose rarest seam pair is seen at most {most} times in clean English: {share:.3f}")


if __name__ == "__main__":
    main()
