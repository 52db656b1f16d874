"""The same per-segment audit on Dask: the local engine's chunks as Dask tasks, in order.

`DaskPool` has `audit.pool.InOrderPool`'s interface: the run loop (`audit.engine.run.audit_blocks`) hands
it the same chunk tasks (`audit.engine.chunks.ChunkTask`: each chunk with the neighbouring lines its rules
read as context) and gets their results back in order, so a streamed input stays streamed, the
whole-document passes run on the client block by block as in the local engine, and the report is the
same. (A feed of several inputs is audited shard by shard on the cluster instead: `audit.engine.shards`.)

A `LocalCluster` of processes is started when no scheduler address is given (`--scheduler
tcp://host:8786` uses an existing cluster: every worker needs `audit` installed at the same version).
Needs the `dask` extra: pip install 'audit[dask]'.
"""

from __future__ import annotations

import logging
from collections import deque
from contextlib import ExitStack, contextmanager
from itertools import chain, islice
from typing import Callable, Iterable, Iterator

from audit.errors import AuditError
from audit.pool import fewer_collections


def _distributed():
    """`dask.distributed`'s Client and LocalCluster (a one-line error without the `dask` extra). Not
    `dask.dataframe`: a single input's chunks need none, and importing it costs ~0.4 s of CPU more."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise AuditError("--engine dask needs dask: pip install 'audit[dask]'") from None
    return Client, LocalCluster


def dask_modules():
    """`dask` and `dask.dataframe` (a one-line error without the `dask` extra), set to keep Python objects as
    they are: no conversion of text to Arrow strings (tuples, None) on the way. Before `dask_client`, so
    that forked workers have the setting too."""
    try:
        import dask
        import dask.dataframe as dd
    except ImportError:
        raise AuditError("--engine dask needs dask: pip install 'audit[dask]'") from None
    dask.config.set({"dataframe.convert-string": False})
    return dask, dd


def worker_start_method() -> str | None:
    """How our own LocalCluster starts its worker processes: forked from the program on Linux, as the local
    engine's are, so they begin with audit imported and what the program loaded (models, settings) instead
    of importing everything again — Dask's default, spawn, cost ~1 s of CPU per worker to start, ~1 s more
    on the first tasks and ~0.8 s to stop (1,000 units: 4.9-6.4 s → 2.2-2.9 s in all). Elsewhere (macOS
    forks badly once system libraries are loaded) Dask's default."""
    import os
    import sys

    if os.environ.get("AUDIT_DASK_FORK", "1") == "0":
        return None  # forking a program that runs threads is Dask's to advise against: the way back to spawn
    return "fork" if sys.platform.startswith("linux") else None


def _local_cluster(LocalCluster, workers: int):
    """A LocalCluster of `workers` single-thread processes, any free dashboard port (started inside
    `dask_client`'s start-method setting, which also covers a worker the nanny starts again)."""
    return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                        silence_logs=logging.CRITICAL)  # errors come back as one line


def _our_worker() -> None:
    """A LocalCluster worker's set-up, as the local engine's workers have it (`audit.pool.quiet_worker`):
    Ctrl-C is the program's to handle (one line, not a traceback from every worker), garbage collected as
    seldom as in the program."""
    import signal

    fewer_collections()
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def dask_client(scheduler: str | None, workers: int) -> Iterator:
    """A client of the scheduler at `scheduler`, or of a LocalCluster of `workers` single-thread processes."""
    import dask

    Client, LocalCluster = _distributed()
    method = None if scheduler else worker_start_method()
    with ExitStack() as stack:
        # for the cluster's whole life: a worker that dies is started again by its nanny, then too forked
        stack.enter_context(dask.config.set({"distributed.worker.multiprocessing-method": method} if method else {}))
        try:
            if scheduler:
                client = Client(scheduler)
            else:
                cluster = stack.enter_context(_closing(_local_cluster(LocalCluster, workers)))
                client = Client(cluster)
                client.register_worker_callbacks(_our_worker)  # workers started later too
        except (OSError, ValueError, TypeError) as exc:  # unreachable, or no address ("missing port number")
            raise AuditError(f"--scheduler {scheduler}: cannot reach the Dask scheduler ({exc})") from None
        with client:
            yield client


@contextmanager
def _closing(cluster) -> Iterator:
    try:
        yield cluster
    finally:
        cluster.close()


# Consecutive chunks audited by one Dask task: Dask's own cost per task (the scheduler, in this process for
# a LocalCluster, and the worker's bookkeeping: some 10 ms of CPU in all) paid once per ~2,000 segments.
# 100,000 units reference-free on 2 workers, one chunk a task → four: client CPU 5.1 → 4.0 s, workers
# 20.7 → 18.4 s (load 8).
CHUNKS_PER_TASK = 4


class DaskPool:
    """`audit.pool.InOrderPool`'s interface on a Dask cluster: the tasks submitted in order, `CHUNKS_PER_TASK`
    of them to a Dask task, at most `window` Dask tasks on the cluster at a time (default: three per
    worker thread), results in order. The cluster (`dask_client`) is reached or started at the first
    task, just after `before_start` has run here (what it loads, forked workers inherit)."""

    def __init__(self, function: Callable, scheduler: str | None, workers: int,
                 before_start: Callable[[], None] | None = None, window: int | None = None) -> None:
        self.function, self.scheduler, self.workers = function, scheduler, workers
        self.before_start, self.window = before_start, window
        self._stack = ExitStack()
        self._client_seen = None  # one cluster for every `map` of the pool

    def __enter__(self) -> "DaskPool":
        return self

    def __exit__(self, *exc_info) -> None:
        self._stack.close()

    def _client(self):
        if self._client_seen is None:
            if self.before_start is not None and not self.scheduler:
                self.before_start()
            self._client_seen = self._stack.enter_context(dask_client(self.scheduler, self.workers))
        return self._client_seen

    def map(self, tasks: Iterable) -> Iterator:
        groups = _groups(iter(tasks), CHUNKS_PER_TASK)
        first = next(groups, None)
        if first is None:
            return
        client = self._client()
        window = self.window or 3 * max(1, sum(client.nthreads().values()))
        submitted: deque = deque()
        for group in chain([first], groups):
            submitted.append(client.submit(_apply_each, self.function, group, pure=False))
            if len(submitted) >= window:
                yield from _result(submitted.popleft())
        while submitted:
            yield from _result(submitted.popleft())


def _result(future) -> list:
    """A Dask task's results; a worker that died on it (killed, out of memory) is a one-line error."""
    from distributed import KilledWorker
    from distributed.comm import CommClosedError

    try:
        return future.result()
    except (KilledWorker, CommClosedError) as exc:
        raise AuditError(f"a Dask worker died while auditing ({type(exc).__name__}): the run did not complete") from None


def _groups(tasks: Iterator, size: int) -> Iterator[list]:
    """Consecutive tasks, `size` at a time (the last group may be smaller)."""
    while group := list(islice(tasks, size)):
        yield group


def _apply_each(function: Callable, tasks: list) -> list:
    """One Dask task: `function` on each of `tasks`, in order (runs on a worker)."""
    return [function(task) for task in tasks]
