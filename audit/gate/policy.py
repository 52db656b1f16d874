"""The quality gate: a policy turns a findings table into pass or fail (exit code 0 or 1).

Policy (defaults chosen on data, see docs/gate.md):
- any critical finding fails;
- more than `max_major_per_1000` major findings per 1,000 words fails;
- an MQM-style penalty above `max_penalty_per_1000` per 1,000 words fails (weights: minor 1, major 5,
  critical 25, minor punctuation 0.1);
- with a baseline, any new finding of major severity or worse fails (`new_finding_fails_from`);
- with a reference: divergences found only by the reference alignment (rules RF…) have their own budget,
  `max_reference_per_1000` major-or-critical per 1,000 words (a second human translation of WMT22 de-en
  gets 28), and stay out of the three figures above; a corpus chrF below `min_chrf` fails (a second human
  translation scores 53.9; a reference misaligned by one line 17.5);
- per-rule and per-category overrides: "off" (ignored), "warn" (reported, never gates) or a severity;
- more untranslated units (an empty target whose source is not empty) than `max_untranslated` fails, and
  so does a text with segments but not one word to judge.

Every number in a policy must be finite and at least 0 (`nan` would turn a check off silently).

Configuration comes from a TOML file given with --policy, else the `[gate]` table of the project
configuration (`audit.config.find_config`: the nearest audit.toml, or pyproject.toml's [tool.audit], from
the current directory upward — the file `check` reads too); command-line flags override it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from audit.lazy import pandas as pd

from audit.config import find_config, shown, toml_table
from audit.errors import AuditError
from audit.inputs.readers import read_toml
from audit.rules import REFERENCE_PREFIX, SEVERITIES
from audit.text import counted

OVERRIDE_ACTIONS = ("off", "warn", *SEVERITIES)


@dataclass(frozen=True)
class Policy:
    """What makes a translated text fail."""

    fail_on_critical: bool = True
    max_major_per_1000: float = 2.0
    max_penalty_per_1000: float = 10.0
    weight_minor: float = 1.0
    weight_major: float = 5.0
    weight_critical: float = 25.0
    weight_minor_punctuation: float = 0.1
    # with a baseline, any new finding of this severity or worse fails ("off": only the rates decide)
    new_finding_fails_from: str = "major"
    # with a reference (docs/gate.md has the measurements)
    max_reference_per_1000: float = 60.0
    min_chrf: float = 35.0
    # units left untranslated (an empty target whose source is not empty)
    max_untranslated: float = 0
    rules: dict[str, str] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)

    def weight(self, severity: str, category: str) -> float:
        if severity == "minor" and category == "fluency/punctuation":
            return self.weight_minor_punctuation
        return {"minor": self.weight_minor, "major": self.weight_major, "critical": self.weight_critical}[severity]


@dataclass
class GateResult:
    passed: bool
    reasons: list[str]
    metrics: dict
    warned: int = 0
    off: int = 0  # findings the policy turned off
    regraded: int = 0  # findings the policy gave another severity
    warn_only: bool = False  # `--warn-only`: a failure is reported, not enforced

    def summary(self) -> str:
        """The decision for people: PASS or FAIL (`FAIL (warn only)` under --warn-only), the figures the
        gate counted, and every finding of the report it set aside, so they add up to the summary's."""
        m = self.metrics
        head = "gate: PASS" if self.passed else "gate: FAIL (warn only)" if self.warn_only else "gate: FAIL"
        lines = [
            f"{head} — {m['critical']} critical, {m['major']} major ({m['major_per_1000']:.2f} per 1,000 words), "
            f"penalty {m['penalty_per_1000']:.2f} per 1,000 words over {m['words']} words"
            + (f"; {counted(m['untranslated'], 'untranslated unit')}" if m.get("untranslated") else "")
            + (f"; {counted(self.warned, 'finding')} downgraded to warnings" if self.warned else "")
            + (f"; {counted(self.off, 'finding')} turned off by the policy" if self.off else "")
            + (f"; {counted(self.regraded, 'finding')} given another severity by the policy" if self.regraded else "")
        ]
        if m.get("chrf") is not None or m.get("reference_per_1000"):
            chrf = f"chrF {m['chrf']:.1f}, " if m.get("chrf") is not None else ""
            lines.append(f"  against the reference: {chrf}{m['reference_per_1000']:.2f} major divergences per 1,000 words")
        lines += [f"  - {reason}" for reason in self.reasons]
        return "\n".join(lines)


NUMBER_SETTINGS = tuple(f.name for f in fields(Policy) if f.type in ("float", "int"))


def check_threshold(value: object, name: str) -> float:
    """A policy number: an int or a float (not a bool), finite and at least 0; else a one-line error."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise AuditError(f"{name} = {shown(value)}: must be a number")
    if not math.isfinite(value) or value < 0:
        raise AuditError(f"{name} = {shown(value)}: must be a finite number of at least 0")
    return value


def _check_settings(data: dict, origin: str) -> None:
    """Every setting of the right type and range, with one-line errors naming the key and the file."""
    for name in NUMBER_SETTINGS:
        if name in data:
            try:
                check_threshold(data[name], name)
            except AuditError as exc:
                raise AuditError(f"{origin}: {exc}") from None
    if "fail_on_critical" in data and not isinstance(data["fail_on_critical"], bool):
        raise AuditError(f"{origin}: fail_on_critical = {shown(data['fail_on_critical'])}: must be true or false")
    if data.get("new_finding_fails_from", "major") not in (*SEVERITIES, "off"):
        raise AuditError(f"{origin}: new_finding_fails_from must be a severity or \"off\"")
    for table in ("rules", "categories"):
        overrides = data.get(table, {})
        if not isinstance(overrides, dict):
            raise AuditError(f"{origin}: {table} = {shown(overrides)}: must be a table of code = action")
        for key, action in overrides.items():
            if action not in OVERRIDE_ACTIONS:
                raise AuditError(f"{origin}: {table}.{key} = {shown(action)}; use one of {', '.join(OVERRIDE_ACTIONS)}")


def _policy_from_mapping(data: object, origin: str) -> Policy:
    if not isinstance(data, dict):
        raise AuditError(f"{origin}: the gate settings must be a table, not {shown(data)}")
    known = {f.name for f in fields(Policy)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise AuditError(f"{origin}: unknown gate setting(s): {', '.join(unknown)}")
    _check_settings(data, origin)
    try:
        return replace(Policy(), **data)
    except TypeError as exc:
        raise AuditError(f"{origin}: {exc}") from None


def load_policy(policy_file: str | None = None, directory: Path | None = None) -> Policy:
    """The policy from --policy, else the project configuration's [gate] (audit.toml [gate] or
    pyproject.toml [tool.audit.gate], found upward from `directory`), else defaults."""
    if policy_file:
        data = read_toml(Path(policy_file), "policy file")
        table = toml_table(data, ("tool", "audit", "gate"), policy_file) or toml_table(data, ("gate",), policy_file) or data
        return _policy_from_mapping(table, policy_file)
    config = find_config(directory)
    table = config.gate()
    return _policy_from_mapping(table, config.origin) if table is not None else Policy()


def apply_overrides(findings: pd.DataFrame, policy: Policy) -> tuple[pd.DataFrame, int]:
    """Findings as the gate sees them: rules or categories turned off, to warnings, or to another severity;
    and how many were turned to warnings."""
    gated, warned, _ = overridden(findings, policy)
    return gated, warned


def overridden(findings: pd.DataFrame, policy: Policy) -> tuple[pd.DataFrame, int, int]:
    """`apply_overrides`, also counting the findings given another severity."""
    kept, warned, regraded = [], 0, 0
    for row in findings.to_dict(orient="records"):
        actions = [policy.categories.get(row["category"])] + [policy.rules.get(code) for code in row["rule"].split("+")]
        actions = [a for a in actions if a]
        if "off" in actions:
            continue
        if "warn" in actions:
            warned += 1
            continue
        severities = [a for a in actions if a in SEVERITIES]
        if severities and severities[-1] != row["severity"]:
            row = {**row, "severity": severities[-1]}
            regraded += 1
        kept.append(row)
    frame = pd.DataFrame(kept, columns=findings.columns) if kept else findings.iloc[0:0]
    return frame, warned, regraded


def is_reference_only(rules: str) -> bool:
    """Found by the reference alignment alone (a row a heuristic shares is the heuristic's)."""
    return all(code.startswith(REFERENCE_PREFIX) for code in rules.split("+"))


def evaluate_gate(findings: pd.DataFrame, words: int, policy: Policy, with_baseline: bool = False,
                  chrf: float | None = None, untranslated: int = 0, segments: int = 0) -> GateResult:
    """Decide pass or fail for findings over `words` words (with a baseline, they are the new findings);
    `chrf` is the corpus chrF against the reference, when there is one; `untranslated` counts the units
    with an empty target and a non-empty source, of `segments` in all."""
    gated, warned, regraded = overridden(findings, policy)
    off = len(findings) - len(gated) - warned
    per_1000 = 1000 / max(words, 1)
    by_reference = gated["rule"].map(is_reference_only).astype(bool) if len(gated) else pd.Series([], dtype=bool)
    divergences = int(gated.loc[by_reference, "severity"].isin(["major", "critical"]).sum())
    gated = gated.loc[~by_reference]
    critical = int((gated["severity"] == "critical").sum())
    major = int((gated["severity"] == "major").sum())
    penalty = sum(policy.weight(s, c) for s, c in zip(gated["severity"], gated["category"]))
    metrics = {
        "words": words, "critical": critical, "major": major,
        "major_per_1000": round(major * per_1000, 3), "penalty": round(penalty, 3),
        "penalty_per_1000": round(penalty * per_1000, 3),
        "reference_per_1000": round(divergences * per_1000, 3), "chrf": chrf,
        "untranslated": untranslated, "segments": segments,
    }
    reasons = []
    if untranslated > policy.max_untranslated:
        reasons.append(f"{counted(untranslated, 'untranslated unit')}: empty target, non-empty source "
                       f"(policy: at most {policy.max_untranslated:g})")
    if segments and not words:
        reasons.append(f"0 words in {counted(segments, 'segment')}: nothing was translated to judge")
    if divergences * per_1000 > policy.max_reference_per_1000:
        reasons.append(f"{divergences * per_1000:.2f} major divergences from the reference per 1,000 words "
                       f"(policy: at most {policy.max_reference_per_1000:g})")
    if chrf is not None and chrf < policy.min_chrf:
        reasons.append(f"chrF {chrf:.1f} against the reference (policy: at least {policy.min_chrf:g})")
    if policy.fail_on_critical and critical:
        reasons.append(f"{counted(critical, 'critical finding')} (policy: none allowed)")
    if metrics["major_per_1000"] > policy.max_major_per_1000:
        reasons.append(f"{metrics['major_per_1000']:.2f} major findings per 1,000 words (policy: at most "
                       f"{policy.max_major_per_1000:g})")
    if with_baseline and policy.new_finding_fails_from in SEVERITIES:
        floor = SEVERITIES.index(policy.new_finding_fails_from)
        new = int(gated["severity"].map(lambda s: SEVERITIES.index(s) >= floor).sum()) if len(gated) else 0
        if new:
            reasons.append(f"{counted(new, 'new finding')} of severity {policy.new_finding_fails_from} or worse since the baseline")
    if metrics["penalty_per_1000"] > policy.max_penalty_per_1000:
        reasons.append(f"MQM penalty {metrics['penalty_per_1000']:.2f} per 1,000 words (policy: at most "
                       f"{policy.max_penalty_per_1000:g})")
    return GateResult(not reasons, reasons, metrics, warned, off, regraded)


def meta_count(meta: dict, key: str, what: str = "the report") -> int:
    """A count from a meta file's `counts` (0 when absent); anything but a whole number ≥ 0 is an error."""
    counts = meta.get("counts", {})
    value = counts.get(key, 0) if isinstance(counts, dict) else None
    if value is None and not isinstance(counts, dict):
        raise AuditError(f"{what}: its meta file is not an audit meta file (counts is not a table)")
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise AuditError(f"{what}: its meta file is not an audit meta file (counts.{key} = {shown(value)})")
    return value


def refuse_incomplete(meta: dict, what: str) -> None:
    """The gate decides only on a complete audit: segments over the length cap stop it (exit 2)."""
    capped = meta_count(meta, "capped_segments", what)
    if capped:
        limit = meta.get("max_segment_chars")
        cap = f"{limit:,} characters" if isinstance(limit, int) else "the length cap"
        raise AuditError(f"{what}: audit incomplete — {counted(capped, 'segment')} longer than {cap} got the cheap rules "
                         "only, so the gate cannot pass it; split them or raise --max-segment-chars")


def read_meta(report: Path) -> dict:
    """A report's `.meta.json`, which the gate needs for the word count (and chrF, and completeness)."""
    from audit.report.writers import meta_path

    meta = meta_path(report)
    if not meta.is_file():
        raise AuditError(f"{meta}: missing; the gate needs the report's word count (run `audit check` again)")
    try:
        data = json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise AuditError(f"{meta}: cannot read the report's meta file ({' '.join(str(exc).split())})") from None
    if not isinstance(data, dict) or not isinstance(data.get("counts"), dict):
        raise AuditError(f"{meta}: not an audit meta file (no counts table)")
    return data


def figures_from_meta(meta: dict, report: Path) -> dict:
    """What the gate reads from a report's meta file: words, segments, untranslated units and (with a
    reference) the corpus chrF."""
    what = f"{report}"
    figures = {key: meta_count(meta, key, what) for key in ("words", "segments", "untranslated")}
    if "words" not in meta["counts"]:
        raise AuditError(f"{report}: its meta file records no word count (run `audit check` again)")
    scores = meta.get("scores", {})
    chrf = scores.get("chrf", {}).get("score") if isinstance(scores, dict) and isinstance(scores.get("chrf"), dict) else None
    if chrf is not None and (isinstance(chrf, bool) or not isinstance(chrf, (int, float)) or not math.isfinite(chrf)):
        raise AuditError(f"{report}: its meta file records chrF {shown(chrf)}, not a number")
    figures["chrf"] = float(chrf) if chrf is not None else None
    return figures


def decide_on_report(report: Path, targets: list[str], policy: Policy, baseline: str | None,
                     ignored: list | None = None, selection=None) -> tuple[GateResult, list[str]]:
    """Decide on an existing report once it is verified (`audit.report.integrity`): its rows, parts and digests
    as its meta file records, its recorded inputs unchanged where they exist here, and (with `targets`)
    made from those files. A baseline the report was already filtered with is not applied again; the
    ignore entries (`ignored`: the ignore file's and the configuration's) and the rule selection
    (`audit.config.RuleSelection`: a row is kept when one of its rules is selected) are applied as
    `check` applies them (again, when the report was made with them: dropping twice drops nothing more).
    Returns the decision and the recorded inputs not found here (not verified)."""
    from audit.report import integrity
    from audit.report.writers import read_report
    from audit.gate.suppress import load_baseline, suppress

    meta = read_meta(report)
    findings = integrity.verify_report(report, meta, read_report)
    absent = integrity.verify_inputs(meta, report)
    if targets:
        integrity.verify_targets(meta, report, targets)
    figures = figures_from_meta(meta, report)
    refuse_incomplete(meta, str(report))
    filtered = integrity.recorded_inputs(meta, "baseline")
    if baseline and filtered:
        if integrity.identity("baseline", baseline).get("sha256") not in {e.get("sha256") for e in filtered}:
            raise AuditError(f"{baseline}: not the baseline {report} was filtered with "
                             f"({filtered[0].get('path')}); run `audit check` again with it")
        baseline = None  # already applied when the report was written
    if selection and len(findings):
        keep = findings["rule"].map(lambda codes: any(selection.reports(c) for c in codes.split("+"))).astype(bool)
        findings = findings.loc[keep].reset_index(drop=True)
    if baseline or ignored:
        findings, _ = suppress(findings, load_baseline(baseline) if baseline else None, ignored or None)
    decision = evaluate_gate(findings, figures["words"], policy, bool(baseline or filtered), figures["chrf"],
                             figures["untranslated"], figures["segments"])
    return decision, absent
