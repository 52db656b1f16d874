"""Temporaries beside a report: where a report is written before it is renamed into place, whose run owns
each one, and the removal of those a run killed outright (SIGKILL, the out-of-memory killer, a power cut)
left behind.

A temporary is named `.<name>.<pid>.<host>.<random>.tmp` beside its destination `<name>` (a partitioned
report moved aside ends in `.previous.tmp`): `<pid>` is the process that made it and `<host>` a tag of
the machine's name. A run that writes to a destination first removes the temporaries of that destination
whose process is gone — on this machine only (another machine's process ids mean nothing here), and only
names of exactly that pattern: never a live run's temporary, never another file. A run that is stopped
(Ctrl-C, SIGTERM, SIGHUP) removes its own on the way out (`audit.cli.main` turns the signals into
exceptions); the renames that put a report in place are not interrupted half-way (`signals_deferred`).
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import stat
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator

ASIDE = ".previous"  # a previous partitioned report moved aside while the new one takes its place


@lru_cache(maxsize=1)
def host_tag() -> str:
    """Eight hex digits naming this machine (its host name's digest), so that no run judges another
    machine's process ids when a directory is shared."""
    if hasattr(os, "uname"):
        name = os.uname().nodename  # the host name, without loading the network module (~5 ms a run)
    else:
        import socket

        name = socket.gethostname()
    return hashlib.sha256(name.encode("utf-8", "replace")).hexdigest()[:8]


def temporary_name(path: Path, kind: str = "") -> Path:
    """A fresh temporary's name beside `path`, owned by this process."""
    return path.with_name(f".{path.name}.{os.getpid()}.{host_tag()}.{secrets.token_hex(6)}{kind}.tmp")


def _temporary_pattern(path: Path) -> re.Pattern:
    return re.compile(rf"\.{re.escape(path.name)}\.(\d+)\.([0-9a-f]{{8}})\.[0-9a-f]{{12}}({re.escape(ASIDE)})?\.tmp")


def process_alive(pid: int) -> bool:
    """Whether a process of that id runs here (one of another user's counts; so does a recycled id: the
    safe side)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # EPERM: it exists; anything else: not known to be gone
    return True


def stale_temporaries(path: Path) -> list[Path]:
    """The temporaries of destination `path` whose run, on this machine, is gone."""
    if os.name != "posix":  # elsewhere os.kill(pid, 0) is not a harmless question
        return []
    pattern = _temporary_pattern(path)
    try:
        names = os.listdir(path.parent)
    except OSError:
        return []
    stale = []
    for name in names:
        match = pattern.fullmatch(name)
        if match and match.group(2) == host_tag() and not process_alive(int(match.group(1))):
            stale.append(path.with_name(name))
    return sorted(stale)


def _holds_only_report_files(directory: Path) -> bool:
    """A temporary directory of ours holds part files and `_summary.json` (regular files) and nothing else."""
    from audit.report.outputs import PART_NAME
    from audit.report.partitioned import SUMMARY

    entries = list(directory.iterdir())
    return all((entry.name == SUMMARY or PART_NAME.fullmatch(entry.name)) and stat.S_ISREG(entry.lstat().st_mode)
               for entry in entries)


def remove_stale_temporaries(path: Path) -> None:
    """Remove what killed runs left beside destination `path`: their temporary files, and their
    temporary directories when these hold report files only. A previous partitioned report that a
    killed run had moved aside is put back when nothing has taken its place. Best effort: a temporary
    that cannot be removed is left, and the run goes on."""
    for temp in stale_temporaries(path):
        try:
            info = temp.lstat()
            if stat.S_ISREG(info.st_mode):
                temp.unlink()
            elif stat.S_ISDIR(info.st_mode) and _holds_only_report_files(temp):
                if temp.name.endswith(f"{ASIDE}.tmp") and not os.path.lexists(path):
                    os.replace(temp, path)
                else:
                    import shutil  # here: only a stale temporary directory needs it

                    shutil.rmtree(temp)
        except OSError:
            continue


def create_beside(path: Path, directory: bool = False) -> Path:
    """A new, empty temporary file (or directory) beside the destination (see the module's doc for its
    name), so the final rename is atomic, once the stale temporaries of that destination are removed.
    Created with mode 0o666 (0o777), which the kernel narrows by the umask: the report ends up with the
    permissions any file the user makes would have (mkstemp's 0o600 would hide a shared CI report from
    its team)."""
    remove_stale_temporaries(path)
    while True:
        temp = temporary_name(path)
        try:
            if directory:
                os.mkdir(temp, 0o777)
            else:
                os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666))
            return temp
        except FileExistsError:
            continue


def _stopping_signals() -> list:
    import signal

    return [signal.SIGINT, signal.SIGTERM] + ([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])


@contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold Ctrl-C, SIGTERM and SIGHUP until the block ends, then act on the first one received: the
    renames that put a report and its meta file in place all happen or none does (a report and a meta
    file from two runs would not recognise each other). In the main thread only (elsewhere no handler
    can be set, and none of ours runs)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = {signum: signal.signal(signum, lambda signum, frame: received.append(signum))
                for signum in _stopping_signals()}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, signal.SIG_DFL if handler is None else handler)
        if received:
            signal.raise_signal(received[0])
