"""FL003 (dropped word) measured: DEMETR's word removals found where the word was removed, and its false
alarms on unperturbed MT, human references and human translations.

    PYTHONPATH=. .venv/bin/python bench/dropped_words.py [--show N]
    PYTHONPATH=. .venv/bin/python bench/dropped_words.py --lang fr

DEMETR (English targets; the rule reads the target only): an item counts when a finding's span comes within
3 characters of the deletion point (DEMETR's diff span in pert_sent). Removal items of both halves (even
and odd numeric `id`) were read while choosing the word classes; the halves are reported apart to show
they agree. Beside them: the share of DEMETR's
unperturbed MT rows (`mt_en`) and human reference rows (`base_id35_reference`, held out: the figure only)
with a finding; the findings per 1,000 words on the human translations with English targets of
bench/false_alarms.py; and the findings on the nine WMT22 de→en MT systems' outputs (`--show N` prints N of
them to read).

`--lang fr` (and `--lang en` beside it, to compare): no DEMETR exists for French, so a word is dropped from
clean human text instead (seeded; one word of each sentence, drawn among its words of three letters or
more, the first word excluded) and counted when a finding comes within 3 characters of the gap; beside it,
the findings on the same clean text before the drop. French text: the French sources of WMT22 fr→de
(news, written in French) and DiaBLa's en→fr human references and MT; English: WMT22 de→en ref_A.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter

sys.path.insert(0, "bench")
from eval_demetr import DATA, read
from false_alarms import human_sets

from audit.detectors.fluency import dropped_word_grammar, find_dropped_words
from audit.segments import Segment

REMOVALS = ["critical_id23_noun_removed", "critical_id22_verb_removed", "critical_id24_subj_removed",
            "critical_id21_adj_adv_removed", "critical_id25_ne_removed", "major_id5_pp_removed"]
TOLERANCE = 3


def spans(text: str, lang: str = "en") -> list[tuple[int, int, str]]:
    segment = Segment(file="-", line=1, target=text)
    return [(f.start, f.end, f.phrase) for f in find_dropped_words(segment, dropped_word_grammar(lang))]


def at_deletion(text: str, points: list[int], lang: str = "en") -> bool:
    return any(start - TOLERANCE <= p <= end + TOLERANCE for start, end, _ in spans(text, lang) for p in points)


_WORD = re.compile(r"(?<![\w'’-])[^\W\d_]{3,}(?![\w'’-])")


def drop_one_word(text: str, rng: random.Random) -> tuple[str, int] | None:
    """The text with one of its words (three letters or more, not the first) removed with the space
    before it, and the offset of the gap; None for a text with no such word."""
    words = [m for m in _WORD.finditer(text) if m.start() > 0 and text[m.start() - 1] == " "]
    if not words:
        return None
    word = rng.choice(words)
    return text[:word.start() - 1] + text[word.end():], word.start() - 1


def clean_texts(lang: str) -> dict[str, list[str]]:
    import pandas as pd
    read_tsv = lambda path: pd.read_csv(path, sep="\t", quoting=3, keep_default_na=False)  # noqa: E731
    shared = DATA.parent
    if lang == "en":
        return {"WMT22 de→en ref_A": list(read_tsv(shared / "wmt_general_triples" / "wmt22_deen.tsv")["ref_A"])}
    dia = read_tsv(shared / "diabla" / "diabla_utterances.tsv")
    en_fr = dia[dia["lp"] == "en-fr"]
    return {"WMT22 fr→de French sources": list(read_tsv(shared / "wmt_general_triples" / "wmt22_frde.tsv")["source"]),
            "DiaBLa en→fr references": list(en_fr["reference"]), "DiaBLa en→fr MT": list(en_fr["mt"])}


def dropped_words(lang: str, show: int) -> None:
    rng = random.Random(15)
    for name, texts in clean_texts(lang).items():
        texts = [str(t) for t in texts if str(t).strip()]
        words = sum(len(t.split()) for t in texts)
        before = [(t, s) for t in texts for s in spans(t, lang)]
        dropped = [d for d in (drop_one_word(t, rng) for t in texts) if d is not None]
        found = sum(at_deletion(text, [gap], lang) for text, gap in dropped)
        print(f"{name}: {len(before)} findings in {words} clean words ({1000 * len(before) / words:.2f} per 1,000); "
              f"one word dropped from each of {len(dropped)} sentences: {found} found at the gap "
              f"({found / max(1, len(dropped)):.3f})")
        for text, (start, end, phrase) in before[:show]:
            print(f"    {phrase!r}: …{text[max(0, start - 40):end + 30]}…")


def demetr_recall(perturbations) -> None:
    found, total = Counter(), Counter()
    for row in perturbations.itertuples():
        if row.pert_name not in REMOVALS:
            continue
        half = "even" if int(row.id) % 2 == 0 else "odd"
        points = [span["start"] for span in json.loads(row.diff_spans_json)]
        total[row.pert_name, half] += 1
        found[row.pert_name, half] += at_deletion(row.pert_sent, points)
    print(f"{'DEMETR removal (strict, 3 characters)':40s} {'even ids':>16s} {'odd ids':>16s}")
    for name in REMOVALS:
        cells = [f"{found[name, h]}/{total[name, h]} = {found[name, h] / max(1, total[name, h]):.3f}" for h in ("even", "odd")]
        print(f"{name:40s} {cells[0]:>16s} {cells[1]:>16s}")


def clean_rates(base, perturbations) -> None:
    mt = [row.mt_en for row in base.itertuples()]
    refs = list(perturbations[perturbations.pert_name == "base_id35_reference"].pert_sent)
    for label, texts in (("DEMETR unperturbed MT rows", mt), ("DEMETR human reference rows", refs)):
        flagged = sum(bool(spans(t)) for t in texts)
        print(f"{label:40s} {flagged}/{len(texts)} with a finding")


def human_rates() -> None:
    for name, (targets, _sources, _src, tgt) in human_sets().items():
        if tgt != "en":
            continue
        texts = [str(t) for t in targets]
        words = sum(len(t.split()) for t in texts)
        hits = [(t, s) for t in texts for s in spans(t)]
        print(f"{name:40s} {len(hits)} findings in {words} words = {1000 * len(hits) / words:.2f} per 1,000")
        for text, (start, end, phrase) in hits:
            print(f"    {phrase!r}: …{text[max(0, start - 40):end + 30]}…")


def wmt_mt(show: int) -> None:
    import pandas as pd
    wmt = pd.read_csv(DATA.parent / "wmt_general_triples" / "wmt22_deen.tsv", sep="\t", quoting=3,
                      keep_default_na=False)
    hits = []
    for column in (c for c in wmt.columns if c.startswith("mt_")):
        hits += [(column, t, s) for t in wmt[column] for s in spans(t)]
    words = sum(len(t.split()) for c in wmt.columns if c.startswith("mt_") for t in wmt[c])
    print(f"{'WMT22 de→en, nine MT systems':40s} {len(hits)} findings in {words} words")
    for column, text, (start, end, phrase) in hits[:show]:
        print(f"    {column}: {phrase!r}: …{text[max(0, start - 40):end + 30]}…")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0, help="print this many findings on WMT22 MT outputs")
    parser.add_argument("--lang", choices=("en", "fr"), help="drop words from clean text of this language instead")
    args = parser.parse_args()
    if args.lang:
        dropped_words(args.lang, args.show)
        return
    base, perturbations = read(DATA / "base.tsv"), read(DATA / "perturbations.tsv.gz")
    demetr_recall(perturbations)
    clean_rates(base, perturbations)
    human_rates()
    wmt_mt(args.show)


if __name__ == "__main__":
    main()
