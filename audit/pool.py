"""A bounded, in-order process pool for the audit's work units, and its workers' set-up."""

from __future__ import annotations

from collections import deque
from itertools import chain, islice
from typing import Callable, Iterable, Iterator


# The young generation's allocation threshold for a run of the program (Python's default is 700): an
# audit allocates millions of short-lived objects that reference counting frees, and at the default the
# collector ran ~1 s per 5,000 segments with the source, in full collections that found nothing to free.
# 20,000: 5,000 units with source 6.9 → 6.1 s on one core, reference-free unchanged; reports identical.
# 100,000: at 20,000 the collector still took ~0.5 s of 20,000 units with the source (50 young and 5 middle
# collections, scanning the caches' entries as they filled) and 0.03 s reference-free; now ~0.2 s and
# 0.005 s, peak memory unchanged (297 MB): cyclic garbage waits at most 100,000 allocations.
RUN_GC_THRESHOLD = 100_000


def fewer_collections() -> None:
    """Collect garbage less often, in a process that is ours alone (the program, its workers): a library
    caller's process keeps its own settings."""
    import gc

    gc.set_threshold(RUN_GC_THRESHOLD, *gc.get_threshold()[1:])


def quiet_worker(parent: int | None = None) -> None:
    """A worker process's set-up: signals are the parent's to handle, the worker does not outlive it, and
    it collects garbage as seldom as the program does."""
    import signal

    fewer_collections()

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: one line, exit 130
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, inherited through fork
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_DFL)  # likewise (a hang-up is handled like SIGTERM)
    if parent is not None:
        _die_with(parent)


def _die_with(parent: int) -> None:
    """Have the kernel kill this process when its parent dies (Linux's PR_SET_PDEATHSIG). A parent killed
    outright (SIGKILL, out of memory) cannot stop its workers, and they would otherwise wait for tasks
    forever, holding their memory. Elsewhere this does nothing."""
    import ctypes
    import os
    import signal
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def resolve_jobs(jobs: int | None) -> int:
    """0 or None means every core."""
    import os

    return jobs if jobs and jobs > 0 else (os.cpu_count() or 1)


class InOrderPool:
    """Apply a function to tasks over `jobs` processes (or here when jobs is 1), results in submission order,
    with a bounded number of tasks in flight. The processes start only once there is a second task: a
    single task (a one-line input) is run here, without paying for forking workers that would each load
    the models again. `before_fork` runs here just before the processes start (once, and only if they
    do): what it loads, they inherit instead of each loading it."""

    def __init__(self, function: Callable, jobs: int, before_fork: Callable[[], None] | None = None) -> None:
        self.function, self.jobs, self.before_fork = function, jobs, before_fork
        self._pool = None

    def __enter__(self) -> "InOrderPool":
        return self

    def __exit__(self, *exc_info) -> None:
        if self._pool is None:
            return
        try:
            self._pool.shutdown(wait=True, cancel_futures=True)
        except RuntimeError:
            # a signal (SIGHUP, SIGTERM) raised while the executor was starting its manager thread: there
            # is no thread to join, and its workers wait for tasks that will never come
            processes = getattr(self._pool, "_processes", None) or {}
            for process in list(processes.values()):
                process.kill()  # not terminate: a worker forked a moment ago may still hold the parent's handler

    def _start(self) -> None:
        import os
        from concurrent.futures import ProcessPoolExecutor

        if self.before_fork is not None:
            self.before_fork()
        self._pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=quiet_worker, initargs=(os.getpid(),))

    def map(self, tasks: Iterable) -> Iterator:
        tasks = iter(tasks)
        head = list(islice(tasks, 2)) if self.jobs > 1 else []
        if self.jobs <= 1 or len(head) < 2:
            yield from map(self.function, chain(head, tasks))
            return
        self._start()
        window: deque = deque()
        for task in chain(head, tasks):
            window.append(self._pool.submit(self.function, task))
            if len(window) >= 3 * self.jobs:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()
