"""Gate metrics on human translations (should pass) and on the seed (should fail), for choosing defaults.

    .venv/bin/python bench/gate_thresholds.py
"""

from __future__ import annotations

from pathlib import Path

from audit.api import run_audit
from audit.gate import Policy, evaluate_gate
from audit.inputs.readers import read_segments

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("false_alarms", ROOT / "bench" / "false_alarms.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sets = dict(module.human_sets())
    seed = read_segments(str(ROOT / "seeds" / "kazakh-regime-afp-mt.en.txt"))
    sets["seed article (MT, fr→en, no source)"] = (seed, None, "fr", "en")
    policy = Policy()
    print(f"default policy: any critical fails; > {policy.max_major_per_1000:g} major per 1,000 words fails; "
          f"MQM penalty > {policy.max_penalty_per_1000:g} per 1,000 words fails\n")
    print("| text | words | critical | major per 1,000 words | MQM penalty per 1,000 words | gate |")
    print("|---|---|---|---|---|---|")
    for name, (targets, sources, src, tgt) in sets.items():
        result = run_audit(targets, sources, src_lang=src, tgt_lang=tgt)
        decision = evaluate_gate(result.findings, result.words, policy)
        m = decision.metrics
        print(f"| {name} | {m['words']} | {m['critical']} | {m['major_per_1000']:.2f} | {m['penalty_per_1000']:.2f} "
              f"| {'pass' if decision.passed else 'FAIL'} |")


if __name__ == "__main__":
    main()
