"""The same per-segment audit on Dask: `map_partitions` over a Dask DataFrame of segment chunks.

The segments table is cut into the same chunks as the local engine (`Document.chunks`: each chunk with
the neighbouring lines its rules read as context), flattened into one row per segment with the chunk's
number as the index and a `core` flag (False for context rows), and handed to Dask with partition
boundaries between chunks. Every partition audits its chunks with `audit.engine.chunks.audit_chunk`; whole-document
passes and feed-level passes run on the client, as in the local engine, so the report is the same. (A feed
of several inputs is audited shard by shard on the cluster instead: `audit.engine.shards`.)

A `LocalCluster` of processes is started when no scheduler address is given (`--scheduler
tcp://host:8786` uses an existing cluster: every worker needs `audit` installed at the same version).
Needs the `dask` extra: pip install 'audit[dask]'.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import Iterator

from audit.lazy import pandas as pd

from audit.engine.chunks import ChunkTask, audit_chunk
from audit.errors import AuditError
from audit.findings import COLUMNS, Finding
from audit.pool import fewer_collections
from audit.segments import Document, Segment

_ROW_COLUMNS = ["file", "line", "target", "source", "reference", "more_references", "src_lang", "tgt_lang",
                "langid", "core", "ref_minor", "max_segment_chars"]
_FINDING_COLUMNS = list(COLUMNS)[:11]


def chunk_rows(tasks: list[ChunkTask]) -> pd.DataFrame:
    """One row per segment of every chunk (context rows included, `core` False), indexed by chunk number."""
    records, index = [], []
    for number, task in enumerate(tasks):
        piece = task.piece
        for segment in piece.segments:
            index.append(number)
            records.append((segment.file, segment.line, segment.target, segment.source, segment.reference,
                            segment.more_references, piece.src_lang, piece.tgt_lang, piece.langid,
                            task.first <= segment.line <= task.last, task.ref_minor, task.max_segment_chars))
    return pd.DataFrame(records, columns=_ROW_COLUMNS, index=pd.Index(index, name="chunk"))


def _text(value) -> str | None:
    return None if value is None or (not isinstance(value, (str, tuple)) and pd.isna(value)) else value


def audit_partition(rows: pd.DataFrame) -> pd.DataFrame:
    """The findings of the chunks in one partition (runs on a worker)."""
    found: list[Finding] = []
    for _, chunk in rows.groupby(level=0, sort=True):
        first = chunk.iloc[0]
        segments = tuple(Segment(r.file, int(r.line), r.target, _text(r.source), _text(r.reference),
                                 tuple(_text(r.more_references) or ()))
                         for r in chunk.itertuples(index=False))
        piece = Document(first.file, segments, first.src_lang, first.tgt_lang, first.langid)
        core = chunk.loc[chunk["core"], "line"]
        found += audit_chunk(ChunkTask(piece, int(core.min()), int(core.max()), bool(first.ref_minor),
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


def dask_modules():
    """`dask` and `dask.dataframe` (a one-line error without the `dask` extra)."""
    dask, dd, _, _ = _dask()
    return dask, dd


def worker_start_method() -> str | None:
    """How our own LocalCluster starts its worker processes: forked from the program on Linux, as the local
    engine's are, so they begin with audit imported and what the program loaded (models, settings) instead
    of importing everything again — Dask's default, spawn, cost ~1 s of CPU per worker to start, ~1 s more
    on the first tasks and ~0.8 s to stop (1,000 units: 4.9-6.4 s → 2.2-2.9 s in all). Elsewhere (macOS
    forks badly once system libraries are loaded) Dask's default."""
    import sys

    return "fork" if sys.platform.startswith("linux") else None


def _local_cluster(LocalCluster, workers: int):
    """A LocalCluster of `workers` single-thread processes (`worker_start_method`), any free dashboard port."""
    import dask

    method = worker_start_method()
    settings = {"distributed.worker.multiprocessing-method": method} if method else {}
    with dask.config.set(settings):
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                            silence_logs=logging.CRITICAL)  # errors come back as one line


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
                cluster = _local_cluster(LocalCluster, workers)
                client = Client(cluster)
                client.run(fewer_collections)  # our own workers collect as seldom as the local engine's
        except OSError as exc:
            raise AuditError(f"--scheduler {scheduler}: cannot reach the Dask scheduler ({exc})") from None
        with client:
            yield client
    finally:
        if cluster is not None:
            cluster.close()


def map_chunks_on_dask(tasks: list[ChunkTask], partitions: int, scheduler: str | None, workers: int) -> list[Finding]:
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
