"""Sharded feeds: each input file (a shard) audited on its own and written as one part of a partitioned
report — a directory of parts (`part-00000.csv`, ... or `.jsonl`/`.parquet`) and `_summary.json` — so no
machine ever holds the whole feed. The feed-level check (lines repeated across documents, CN002) is
counted first over every shard's line digests; each shard's audit then needs only those counts.

The parts, read in order, are the report the local engine writes for the same files (tested); the
Dask engine runs these functions on its workers (`audit.engine.dask.audit_shards_on_dask`).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from audit.lazy import pandas as pd

from audit.errors import AuditError
from audit.report.partitioned import SUMMARY, replace_directory

PART_FORMATS = ("csv", "jsonl", "parquet")
COUNT_COLUMNS = {"file": "object", "part": "object", "segments": "int64", "words": "int64", "findings": "int64",
                 "suppressed": "int64", "capped": "int64", "src_lang": "object", "tgt_lang": "object",
                 "severities": "object", "categories": "object", "untranslated": "int64", "bytes": "int64",
                 "sha256": "object", "accepted": "object"}


@dataclass(frozen=True)
class ShardSettings:
    """Everything a worker needs to read and audit a shard the way the local engine would."""

    fmt: str = "csv"
    columns: str | None = None
    src_lang: str | None = None
    tgt_lang: str | None = None
    langid: str = "py3langid"
    ref_minor: bool = False
    max_segment_chars: int = 20_000
    encoding: str = "utf-8"
    errors: str = "strict"
    accepted: object = None  # a suppress.Baseline, or None
    ignored: tuple = ()
    csv_safe: bool = True  # spreadsheet-safe CSV parts (off with --csv-raw)


def read_shard(path: str, settings: ShardSettings) -> pd.DataFrame:
    """One shard's segments table (its languages settled as for any input file)."""
    from audit.inputs.load import load_input
    from audit.inputs.readers import decoding

    with decoding(settings.encoding, settings.errors):
        segments, _ = load_input(path, None, (), settings.src_lang, settings.tgt_lang, settings.columns,
                                 settings.langid)
    return segments


def shard_line_keys(path: str, settings: ShardSettings) -> pd.DataFrame:
    """The digests of a shard's lines that CN002 counts (hex), with the shard's name."""
    from audit.detectors.consistency import line_keys
    from audit.segments import iter_documents

    keys = [key.hex() for doc in iter_documents(read_shard(path, settings)) for key, _ in line_keys(doc)]
    return pd.DataFrame({"digest": pd.Series(keys, dtype=object), "file": pd.Series([path] * len(keys), dtype=object)})




def audit_shard(segments: pd.DataFrame, settings: ShardSettings, repeated: dict[bytes, tuple[int, int]],
                part: Path) -> pd.DataFrame:
    """Audit one shard, write its part, and return its counts (one row, `COUNT_COLUMNS`)."""
    from audit.engine.run import audit_segments, capped_segments
    from audit.engine.result import common_value, untranslated_units
    from audit.report.integrity import digest_bytes
    from audit.report.writers import findings_to_text, write_parquet_bytes
    from audit.text import count_words
    from audit.gate.suppress import suppress

    findings = audit_segments(segments, settings.langid, settings.ref_minor,
                              max_segment_chars=settings.max_segment_chars, repeated=repeated)
    suppressed, accepted = 0, settings.accepted.fresh() if settings.accepted else None
    if accepted or settings.ignored:
        findings, suppressed = suppress(findings, accepted, list(settings.ignored))
    data = (write_parquet_bytes(findings) if settings.fmt == "parquet"
            else findings_to_text(findings, settings.fmt, settings.csv_safe).encode("utf-8"))
    part.write_bytes(data)
    file = str(segments["file"].iloc[0]) if len(segments) else part.name
    return pd.DataFrame([{
        "file": file, "part": part.name, "segments": len(segments),
        "words": int(sum(count_words(t) for t in segments["target"])), "findings": len(findings),
        "suppressed": suppressed, "capped": capped_segments(segments, settings.max_segment_chars),
        "src_lang": common_value(segments["src_lang"]), "tgt_lang": common_value(segments["tgt_lang"]),
        "severities": json.dumps(Counter(findings["severity"])), "categories": json.dumps(Counter(findings["category"])),
        "untranslated": untranslated_units(segments), "bytes": len(data), "sha256": digest_bytes(data),
        "accepted": json.dumps(accepted.used() if accepted else {}),
    }]).astype(COUNT_COLUMNS)


def summary(counts: pd.DataFrame, options: dict, langid: str, max_segment_chars: int) -> dict:
    """The partitioned report's `_summary.json`: the meta file's signature, counts and inputs, plus each
    part's identity (size, sha256, rows per severity) and the rows of the whole."""
    from audit.api import AuditResult
    from audit.engine.result import common_value
    from audit.findings import empty_findings
    from audit.report.integrity import SEVERITY_ORDER
    from audit.segments import empty_segments
    from audit.engine.result import Tally

    check_baseline_counts(counts, options)
    tally = Tally()
    tally.segments, tally.words = int(counts["segments"].sum()), int(counts["words"].sum())
    tally.findings, tally.capped = int(counts["findings"].sum()), int(counts["capped"].sum())
    tally.untranslated = int(counts["untranslated"].sum())
    for severities, categories in zip(counts["severities"], counts["categories"]):
        tally.severities.update(json.loads(severities))
        tally.categories.update(json.loads(categories))
    languages = [common_value(counts[side]) if counts[side].notna().all() else None for side in ("src_lang", "tgt_lang")]
    result = AuditResult(empty_findings(), empty_segments(), languages[0], languages[1], options, langid,
                         int(counts["suppressed"].sum()), capped=tally.capped, max_segment_chars=max_segment_chars,
                         tally=tally)
    parts = []
    for row in counts.itertuples():
        severities = json.loads(row.severities)
        parts.append({"file": row.file, "part": row.part, "bytes": int(row.bytes), "sha256": row.sha256,
                      "rows": int(row.findings), "by_severity": {s: int(severities.get(s, 0)) for s in SEVERITY_ORDER}})
    report = {"rows": tally.findings, "parts": len(parts),
              "by_severity": {s: int(tally.severities.get(s, 0)) for s in SEVERITY_ORDER}}
    return {**result.meta(), "report": report, "parts": parts}


def check_baseline_counts(counts: pd.DataFrame, options: dict) -> None:
    """Each shard applies the baseline on its own; a fingerprint accepted n times whose copies in several
    shards used more than n acceptances would be over-accepted: refused (the local engine applies the
    counts across the whole feed)."""
    from audit.gate.suppress import load_baseline

    used: Counter = Counter()
    for accepted in counts["accepted"]:
        used.update(json.loads(accepted))
    if not used:
        return
    allowed = load_baseline(options["baseline"]).counts
    over = sorted(fp for fp, n in used.items() if n > allowed.get(fp, 0))
    if over:
        raise AuditError(f"{options['baseline']}: finding {over[0]} is accepted {allowed.get(over[0], 0)} time(s) but "
                         f"copies in several inputs used {used[over[0]]}; with a baseline, audit this feed with "
                         "--engine local (it applies the counts across the whole feed)")




def check_part_format(fmt: str) -> None:
    if fmt not in PART_FORMATS:
        raise AuditError(f"a partitioned report (--engine dask over several inputs) is written as "
                         f"{', '.join(PART_FORMATS)} parts, not {fmt}")


def run_partitioned(files: list[str], report: Path, settings: ShardSettings, options: dict,
                    scheduler: str | None, workers: int):
    """Audit the shards on Dask into the partitioned report `report` (a directory), replacing any
    previous one (and only a previous partitioned report: see `audit.report.outputs.refuse_unsafe_directory`)
    once every part and the summary are written; returns the result (with its tally)."""
    import shutil

    from audit.api import AuditResult
    from audit.engine.dask import audit_shards_on_dask
    from audit.findings import empty_findings
    from audit.report.outputs import refuse_unsafe_directory
    from audit.report.writers import create_beside
    from audit.segments import empty_segments

    check_part_format(settings.fmt)
    refuse_documents(files)
    refuse_unsafe_directory(report, files)
    try:
        report.parent.mkdir(parents=True, exist_ok=True)
        folder = create_beside(report, directory=True)  # follows the umask, like the parts in it
    except OSError as exc:
        raise AuditError(f"{report}: cannot create the report's directory ({exc.strerror or exc})") from None
    try:
        counts = audit_shards_on_dask(files, folder, settings, scheduler, workers)
        meta = summary(counts, options, settings.langid, settings.max_segment_chars)
        (folder / SUMMARY).write_text(json.dumps(meta, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
                                      encoding="utf-8")
        refuse_unsafe_directory(report, files)  # again: the audit may have taken hours
        replace_directory(folder, report)
    except OSError as exc:  # a full disk or a quota, here or on a worker
        raise AuditError(f"cannot write the partitioned report {report}: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    result = AuditResult(empty_findings(), empty_segments(), meta["languages"]["source"], meta["languages"]["target"],
                         options, settings.langid, meta["counts"]["suppressed"], capped=meta["counts"]["capped_segments"],
                         max_segment_chars=settings.max_segment_chars, tally=_tally(meta))
    return result


def refuse_documents(files: list[str]) -> None:
    """A shard is one document; a feed or a page is read as several (one per item): not on this path yet."""
    from audit.inputs.feeds import is_document_input

    found = next((f for f in files if is_document_input(f)), None)
    if found:
        raise AuditError(f"{found}: feeds and pages are not read by --engine dask over several inputs yet; "
                         f"use --engine local")


def _tally(meta: dict):
    from audit.engine.result import Tally

    tally, counts = Tally(), meta["counts"]
    tally.segments, tally.words, tally.findings = counts["segments"], counts["words"], counts["findings"]
    tally.capped = counts["capped_segments"]
    tally.untranslated = counts.get("untranslated", 0)
    tally.severities.update(counts["by_severity"])
    tally.categories.update(counts["by_category"])
    return tally


