"""Sharded feeds: each input file (a shard) audited on its own and written as one part of a partitioned
report — a directory of parts (`part-00000.csv`, ... or `.jsonl`/`.parquet`) and `_summary.json` — so no
machine ever holds the whole feed. The feed-level passes (`Detector.detect_feed`) need the feed's counts
first: every shard's keys are counted on the cluster; each shard's audit then needs only those counts.

The parts, read in order, are the report the local engine writes for the same files (tested). Two passes
of `map_partitions` over Dask DataFrames with one partition per shard (`from_map`): the feed keys of every
shard, grouped on the cluster; then each shard's audit with those counts, which writes its part.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from pathlib import Path

from audit.lazy import pandas as pd

from audit.engine.dask import dask_client, dask_modules
from audit.engine.finish import Finish
from audit.engine.result import AuditResult, Tally, common_value
from audit.engine.run import FeedCounts, audit_segments, feed_detectors, feed_keys
from audit.engine.settings import RunSettings
from audit.errors import AuditError
from audit.findings import empty_findings
from audit.gate.suppress import load_baseline
from audit.inputs.load import load_input
from audit.inputs.readers import decoding
from audit.pool import resolve_jobs
from audit.report.integrity import SEVERITY_ORDER, digest_bytes
from audit.report.partitioned import PartitionedReport
from audit.report.writers import findings_to_text, write_parquet_bytes
from audit.segments import empty_segments, iter_documents

PART_FORMATS = ("csv", "jsonl", "parquet")
COUNT_COLUMNS = {"file": "object", "part": "object", "segments": "int64", "words": "int64", "findings": "int64",
                 "suppressed": "int64", "capped": "int64", "src_lang": "object", "tgt_lang": "object",
                 "severities": "object", "categories": "object", "untranslated": "int64", "bytes": "int64",
                 "sha256": "object", "accepted": "object", "skipped": "object"}
KEY_COLUMNS = {"family": "object", "digest": "object", "file": "object"}


def _empty(columns: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})


def read_shard(path: str, settings: RunSettings) -> pd.DataFrame:
    """One shard's segments table (its languages settled as for any input file)."""
    with decoding(settings.encoding, settings.decode_errors):
        segments, _ = load_input(path, None, (), settings.src_lang, settings.tgt_lang, settings.columns,
                                 settings.langid)
    return segments


def shard_feed_keys(path: str, settings: RunSettings) -> pd.DataFrame:
    """The keys of a shard that the feed-level families count (family, hex digest), with the shard's name."""
    documents = iter_documents(read_shard(path, settings), settings.langid)
    keys = [(family, key.hex()) for family, key, _ in feed_keys(documents, feed_detectors(settings.ref_minor))]
    frame = pd.DataFrame(keys, columns=["family", "digest"], dtype=object)
    frame["file"] = pd.Series([path] * len(keys), dtype=object)
    return frame


def count_feed_on_cluster(keys, settings: RunSettings) -> FeedCounts:
    """family → key → (occurrences, documents) over every shard, grouped on the cluster; only the keys in
    enough documents come back (the smallest threshold there, each family's own here)."""
    detectors = feed_detectors(settings.ref_minor)
    least = {d.family: d.feed_min_documents for d in detectors}
    counts: FeedCounts = {family: {} for family in least}
    if not least:
        return counts
    grouped = keys.groupby(["family", "digest"])["file"]
    both = grouped.count().to_frame("lines").join(grouped.nunique().to_frame("documents"))
    found = both[both["documents"] >= min(least.values())].compute()
    for (family, digest), row in found.iterrows():
        if int(row.documents) >= least[family]:
            counts[family][bytes.fromhex(digest)] = (int(row.lines), int(row.documents))
    return counts


def audit_shard(segments: pd.DataFrame, settings: RunSettings, feed: FeedCounts, part: Path) -> pd.DataFrame:
    """Audit one shard, write its part, and return its counts (one row, `COUNT_COLUMNS`)."""
    if segments.empty:  # a shard with no segments has no findings, and nothing to count
        return _empty(COUNT_COLUMNS)
    finish = Finish(settings)  # each shard uses the baseline on its own: see check_baseline_counts
    here = replace(settings, engine="local", jobs=1)  # on this worker, in this process
    findings = audit_segments(segments, here, feed=feed, finish=finish)
    data = (write_parquet_bytes(findings) if settings.fmt == "parquet"
            else findings_to_text(findings, settings.fmt, settings.csv_safe).encode("utf-8"))
    part.write_bytes(data)
    return pd.DataFrame([{
        "file": str(segments["file"].iloc[0]), "part": part.name, **finish.tally.as_row(),
        "src_lang": common_value(segments["src_lang"]), "tgt_lang": common_value(segments["tgt_lang"]),
        "bytes": len(data), "sha256": digest_bytes(data), "accepted": json.dumps(finish.accepted_used()),
    }]).astype(COUNT_COLUMNS)[list(COUNT_COLUMNS)]


def audit_shards_on_dask(files: list[str], sink: PartitionedReport, settings: RunSettings) -> pd.DataFrame:
    """Audit every shard (input file) on the cluster, each worker writing its part into the sink's folder
    (which the workers must be able to write: a shared file system on a real cluster); returns the
    per-shard counts, in file order."""
    _, dd = dask_modules()
    jobs = resolve_jobs(settings.jobs)
    with dask_client(settings.scheduler, jobs):
        keys = dd.from_map(shard_feed_keys, files, settings=settings, enforce_metadata=False, meta=_empty(KEY_COLUMNS))
        feed = count_feed_on_cluster(keys, settings)
        parts = {f: sink.part_path(k) for k, f in enumerate(files)}
        shards = dd.from_map(read_shard, files, settings=settings, meta=empty_segments(), enforce_metadata=False)
        counts = shards.map_partitions(_audit_shard_partition, settings, feed, parts,
                                       meta=_empty(COUNT_COLUMNS)).compute()
    order = {f: k for k, f in enumerate(files)}
    return counts.sort_values("file", key=lambda column: column.map(order)).reset_index(drop=True)


def _audit_shard_partition(segments: pd.DataFrame, settings: RunSettings, feed: FeedCounts,
                           parts: dict[str, Path]) -> pd.DataFrame:
    if segments.empty:
        return _empty(COUNT_COLUMNS)
    return audit_shard(segments, settings, feed, parts[str(segments["file"].iloc[0])])


def check_baseline_counts(counts: pd.DataFrame, settings: RunSettings) -> None:
    """Each shard applies the baseline on its own; a fingerprint accepted n times whose copies in several
    shards used more than n acceptances would be over-accepted: refused (the local engine applies the
    counts across the whole feed)."""
    used: Counter = Counter()
    for accepted in counts["accepted"]:
        used.update(json.loads(accepted))
    if not used:
        return
    allowed = load_baseline(settings.baseline).counts
    over = sorted(fp for fp, n in used.items() if n > allowed.get(fp, 0))
    if over:
        raise AuditError(f"{settings.baseline}: finding {over[0]} is accepted {allowed.get(over[0], 0)} time(s) but "
                         f"copies in several inputs used {used[over[0]]}; with a baseline, audit this feed with "
                         "--engine local (it applies the counts across the whole feed)")


def check_part_format(fmt: str) -> None:
    if fmt not in PART_FORMATS:
        raise AuditError(f"a partitioned report (--engine dask over several inputs) is written as "
                         f"{', '.join(PART_FORMATS)} parts, not {fmt}")


def shards_result(counts: pd.DataFrame, settings: RunSettings) -> AuditResult:
    """The feed's result from the shards' counts: their tally summed, the languages they share."""
    tally = Tally()
    for row in counts.itertuples():
        tally.add_row(row)
    languages = [common_value(counts[side]) if counts[side].notna().all() else None for side in ("src_lang", "tgt_lang")]
    return AuditResult(empty_findings(), empty_segments(), languages[0], languages[1], tally, settings.to_meta(),
                       settings.langid, settings.ref_minor, settings.max_segment_chars, holds_findings=False)


def run_partitioned(files: list[str], report: Path, settings: RunSettings) -> AuditResult:
    """Audit the shards on Dask into the partitioned report `report` (a directory), replacing any
    previous one (and only a previous partitioned report: see `audit.report.outputs.refuse_unsafe_directory`)
    once every part and the summary are written; returns the result (with its tally)."""
    check_part_format(settings.fmt)
    refuse_documents(files)
    with PartitionedReport(report, settings.fmt, files) as sink:
        try:
            counts = audit_shards_on_dask(files, sink, settings)
        except OSError as exc:  # a full disk or a quota, here or on a worker
            raise AuditError(f"cannot write the partitioned report {report}: {exc.strerror or exc}") from None
        check_baseline_counts(counts, settings)
        result = shards_result(counts, settings)
        for row in counts.itertuples():
            severities = json.loads(row.severities)
            sink.add_part(row.file, row.part, int(row.bytes), row.sha256, int(row.findings),
                          {s: int(severities.get(s, 0)) for s in SEVERITY_ORDER})
        sink.commit(result.meta())
    return result


def refuse_documents(files: list[str]) -> None:
    """A shard is one document; a feed or a page is read as several (one per item): not on this path yet."""
    from audit.inputs.feeds import is_document_input

    found = next((f for f in files if is_document_input(f)), None)
    if found:
        raise AuditError(f"{found}: feeds and pages are not read by --engine dask over several inputs yet; "
                         f"use --engine local")
