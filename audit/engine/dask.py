"""The same per-segment audit on Dask: `map_partitions` over a Dask DataFrame of segment chunks.

The segments table is cut into the same chunks as the local engine (`Document.chunks`: each chunk with
the neighbouring lines its rules read as context), flattened into one row per segment with the chunk's
number as the index and a `core` flag (False for context rows), and handed to Dask with partition
boundaries between chunks. Every partition audits its chunks with `audit.engine.run.audit_chunk`; whole-document
passes and feed-level checks run on the client, as in the local engine, so the report is the same.

A `LocalCluster` of processes is started when no scheduler address is given (`--scheduler
tcp://host:8786` uses an existing cluster: every worker needs `audit` installed at the same version).
Needs the `dask` extra: pip install 'audit[dask]'.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from audit.lazy import pandas as pd

from audit.errors import AuditError
from audit.findings import COLUMNS, Finding
from audit.detectors.consistency import MIN_REPEATS
from audit.segments import Document, Segment
from audit.engine.shards import ShardSettings

_ROW_COLUMNS = ["file", "line", "target", "source", "reference", "more_references", "src_lang", "tgt_lang",
                "langid", "core", "ref_minor", "max_segment_chars"]
_FINDING_COLUMNS = list(COLUMNS)[:11]


def chunk_rows(tasks: list[tuple]) -> pd.DataFrame:
    """One row per segment of every chunk (context rows included, `core` False), indexed by chunk number."""
    records, index = [], []
    for number, (piece, first, last, ref_minor, max_segment_chars) in enumerate(tasks):
        for segment in piece.segments:
            index.append(number)
            records.append((segment.file, segment.line, segment.target, segment.source, segment.reference,
                            segment.more_references, piece.src_lang, piece.tgt_lang, piece.langid,
                            first <= segment.line <= last, ref_minor, max_segment_chars))
    return pd.DataFrame(records, columns=_ROW_COLUMNS, index=pd.Index(index, name="chunk"))


def _text(value) -> str | None:
    return None if value is None or (not isinstance(value, (str, tuple)) and pd.isna(value)) else value


def audit_partition(rows: pd.DataFrame) -> pd.DataFrame:
    """The findings of the chunks in one partition (runs on a worker)."""
    from audit.engine.run import audit_chunk

    found: list[Finding] = []
    for _, chunk in rows.groupby(level=0, sort=True):
        first = chunk.iloc[0]
        segments = tuple(Segment(r.file, int(r.line), r.target, _text(r.source), _text(r.reference),
                                 tuple(_text(r.more_references) or ()))
                         for r in chunk.itertuples(index=False))
        piece = Document(first.file, segments, first.src_lang, first.tgt_lang, first.langid)
        core = chunk.loc[chunk["core"], "line"]
        found += audit_chunk((piece, int(core.min()), int(core.max()), bool(first.ref_minor),
                              int(first.max_segment_chars)))
    return pd.DataFrame([f.__dict__ for f in found], columns=_FINDING_COLUMNS)


def _dask():
    try:
        import dask
        import dask.dataframe as dd
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise AuditError("--engine dask needs dask: pip install 'audit[dask]'") from None
    # keep Python objects as they are: no conversion of text to Arrow strings (tuples, None) on the way
    dask.config.set({"dataframe.convert-string": False})
    return dask, dd, Client, LocalCluster


@contextmanager
def dask_client(scheduler: str | None, workers: int) -> Iterator:
    """A client of the scheduler at `scheduler`, or of a LocalCluster of `workers` single-thread processes."""
    _, _, Client, LocalCluster = _dask()
    cluster = None
    try:
        try:
            if scheduler:
                client = Client(scheduler)
            else:
                cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                       dashboard_address=":0", silence_logs=logging.CRITICAL)  # any free port; errors come back as one line
                client = Client(cluster)
        except OSError as exc:
            raise AuditError(f"--scheduler {scheduler}: cannot reach the Dask scheduler ({exc})") from None
        with client:
            yield client
    finally:
        if cluster is not None:
            cluster.close()


def map_chunks_on_dask(tasks: list[tuple], partitions: int, scheduler: str | None, workers: int) -> list[Finding]:
    """Audit the chunks with `map_partitions` on a Dask cluster; findings in chunk order."""
    _, dd, _, _ = _dask()
    if not tasks:
        return []
    rows = chunk_rows(tasks)
    partitions = max(1, min(partitions, len(tasks)))
    frame = dd.from_pandas(rows, npartitions=partitions, sort=True)
    meta = pd.DataFrame({c: pd.Series(dtype="int64" if c in ("line", "start", "end") else
                                      "float64" if c == "confidence" else "object") for c in _FINDING_COLUMNS})
    with dask_client(scheduler, workers):
        result = frame.map_partitions(audit_partition, meta=meta).compute()
    if isinstance(result, pd.DataFrame) and "line" in result:
        result = result.astype({"line": "int64", "start": "int64", "end": "int64"})
    return [Finding(**{k: (int(v) if k in ("line", "start", "end") else float(v) if k == "confidence" else v)
                       for k, v in record.items()})
            for record in result.to_dict(orient="records")]


def audit_shards_on_dask(files: list[str], folder: Path, settings: ShardSettings, scheduler: str | None,
                         workers: int) -> pd.DataFrame:
    """Audit every shard (input file) on the cluster, each worker writing its part into `folder` (which
    the workers must be able to write: a shared file system on a real cluster); returns the per-shard
    counts, in file order.

    Two passes of `map_partitions` over Dask DataFrames with one partition per shard (`from_map`): the
    line digests of every shard, grouped on the cluster into the lines repeated across shards (CN002);
    then each shard's audit with those counts, which writes its part.
    """
    _, dd, _, _ = _dask()
    from audit.engine.shards import COUNT_COLUMNS, read_shard, shard_line_keys
    from audit.report.partitioned import part_name
    from audit.segments import empty_segments

    with dask_client(scheduler, workers):
        keys = dd.from_map(shard_line_keys, files, settings=settings, enforce_metadata=False,
                           meta=pd.DataFrame({"digest": pd.Series(dtype=object), "file": pd.Series(dtype=object)}))
        grouped = keys.groupby("digest")["file"]
        both = grouped.count().to_frame("lines").join(grouped.nunique().to_frame("documents"))
        found = both[both["documents"] >= MIN_REPEATS].compute()
        repeated = {bytes.fromhex(d): (int(r.lines), int(r.documents)) for d, r in found.iterrows()}
        parts = {f: folder / part_name(k, settings.fmt) for k, f in enumerate(files)}
        shards = dd.from_map(read_shard, files, settings=settings, meta=empty_segments(), enforce_metadata=False)
        meta = pd.DataFrame({c: pd.Series(dtype=t) for c, t in COUNT_COLUMNS.items()})
        counts = shards.map_partitions(_audit_shard_partition, settings, repeated, parts, meta=meta).compute()
    order = {f: k for k, f in enumerate(files)}
    return counts.sort_values("file", key=lambda column: column.map(order)).reset_index(drop=True)


def _audit_shard_partition(segments: pd.DataFrame, settings: ShardSettings, repeated: dict,
                           parts: dict[str, Path]) -> pd.DataFrame:
    from audit.engine.shards import COUNT_COLUMNS, audit_shard

    if segments.empty:  # a shard with no segments has no findings, and nothing to count
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in COUNT_COLUMNS.items()})
    return audit_shard(segments, settings, repeated, parts[str(segments["file"].iloc[0])])
