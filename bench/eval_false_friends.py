"""BL003 (false friend by cognate) on the false-friend set: recall and precision per pair and split.

    .venv/bin/python bench/eval_false_friends.py            # dev and test, from ../shared/data
    .venv/bin/python bench/eval_false_friends.py dev show   # one split, and every miss and false alarm listed
    .venv/bin/python bench/eval_false_friends.py sample     # the committed sample (corpora/eval/false_friends)

The set is built in memory by corpora/eval/make_false_friends.py (seeded). Each pair and split is audited
by the whole auditor, source given, no reference; a BL003 finding (alone or merged with another rule's) is
correct when it overlaps the false friend put in its segment. Recall = false friends found / put in;
precision = correct BL003 findings / all BL003 findings, on the positives and the untouched negatives.
Tune on dev, report test.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpora" / "eval" / "false_friends"
RULE = "BL003"


def generator():
    spec = importlib.util.spec_from_file_location("make_false_friends", ROOT / "corpora" / "eval" / "make_false_friends.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@dataclass
class Score:
    """Counts for one pair and split."""

    segments: int = 0
    planted: int = 0
    found: int = 0
    findings: int = 0
    correct: int = 0
    misses: list = field(default_factory=list)
    false_alarms: list = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.planted if self.planted else 0.0

    @property
    def precision(self) -> float:
        return self.correct / self.findings if self.findings else 1.0

    def add(self, other: Score) -> None:
        for name in ("segments", "planted", "found", "findings", "correct"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.misses += other.misses
        self.false_alarms += other.false_alarms


def bl003_findings(sources: list[str], targets: list[str], src: str) -> dict[int, list[tuple[int, int, str, str]]]:
    """Line (1-based) → BL003 findings (start, end, phrase, evidence), the whole auditor run, source given."""
    from audit.api import run_audit

    findings = run_audit(targets, sources, src_lang=src, tgt_lang="en").findings
    out: dict[int, list] = {}
    for row in findings.itertuples():
        if RULE in row.rule.split("+"):
            out.setdefault(int(row.line), []).append((int(row.start), int(row.end), row.phrase, row.evidence))
    return out


def score(sources: list[str], targets: list[str], gold: dict[int, tuple[int, int]], src: str) -> Score:
    """Recall and precision of BL003 on one list of segments; `gold`: line → the false friend's span."""
    result = Score(segments=len(targets), planted=len(gold))
    found = bl003_findings(sources, targets, src)
    for line, spans in found.items():
        for start, end, phrase, evidence in spans:
            result.findings += 1
            planted = gold.get(line)
            if planted and start < planted[1] and planted[0] < end:
                result.correct += 1
            else:
                result.false_alarms.append((phrase, evidence, sources[line - 1], targets[line - 1]))
    for line, (start, end) in gold.items():
        if any(s < end and start < e for s, e, _, _ in found.get(line, ())):
            result.found += 1
        else:
            result.misses.append((targets[line - 1][start:end], sources[line - 1], targets[line - 1]))
    return result


def score_items(items, pair: str) -> Score:
    chosen = [i for i in items if i.pair == pair]
    gold = {n: (i.swap.start, i.swap.end) for n, i in enumerate(chosen, 1) if i.swap}
    return score([i.source for i in chosen], [i.target for i in chosen], gold, pair.split("-")[0])


def score_sample(directory: Path = SAMPLE) -> dict[str, Score]:
    """The committed sample, pair by pair."""
    gold: dict[str, dict[int, tuple[int, int]]] = {}
    for line in (directory / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        gold.setdefault(record["file"].split(".")[0], {})[record["line"]] = (record["start"], record["end"])
    scores = {}
    for path in sorted(directory.glob("*.tgt.txt")):
        pair = path.name.split(".")[0]
        targets = path.read_text(encoding="utf-8").splitlines()
        sources = (directory / f"{pair}.src.txt").read_text(encoding="utf-8").splitlines()
        scores[pair] = score(sources, targets, gold.get(pair, {}), pair.split("-")[0])
    return scores


def table(scores: dict[str, Score]) -> str:
    lines = ["| pair | segments | false friends | found | recall | BL003 findings | correct | precision |",
             "|---|---|---|---|---|---|---|---|"]
    total = Score()
    for pair, s in scores.items():
        total.add(s)
        lines.append(f"| {pair} | {s.segments} | {s.planted} | {s.found} | {s.recall:.3f} | {s.findings} | {s.correct} "
                     f"| {s.precision:.3f} |")
    lines.append(f"| all | {total.segments} | {total.planted} | {total.found} | {total.recall:.3f} | {total.findings} "
                 f"| {total.correct} | {total.precision:.3f} |")
    return "\n".join(lines)


def show(scores: dict[str, Score]) -> None:
    for pair, s in scores.items():
        for phrase, source, target in s.misses:
            print(f"MISS {pair} {phrase!r}\n    {source[:150]}\n    {target[:150]}")
        for phrase, evidence, source, target in s.false_alarms:
            print(f"FALSE {pair} {phrase!r} | {evidence[:120]}\n    {source[:150]}\n    {target[:150]}")


def main(argv: list[str]) -> None:
    if argv[:1] == ["sample"]:
        scores = score_sample()
        print(table(scores))
        if "show" in argv:
            show(scores)
        return
    splits = [a for a in argv if a in ("dev", "test")] or ["dev", "test"]
    module = generator()
    items = module.build_set()
    for split in splits:
        chosen = [i for i in items if i.split == split]
        scores = {pair: score_items(chosen, pair) for pair in module.PAIRS}
        print(f"\n{split}:\n{table(scores)}")
        if "show" in argv:
            show(scores)


if __name__ == "__main__":
    main(sys.argv[1:])
