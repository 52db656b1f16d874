"""A small progress display on stderr: a redrawn bar on a terminal, a line per tenth otherwise."""

from __future__ import annotations

import sys
import time
from typing import TextIO


UNKNOWN_TOTAL_STEP = 100_000  # on a pipe, with no total known: a line per this many segments


class Progress:
    """Counts work done out of `total` (None: not known, as when a file is streamed) and shows it;
    `enabled=None` means "only on a terminal"."""

    def __init__(self, total: int | None, label: str = "auditing", enabled: bool | None = None,
                 stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = self.tty if enabled is None else enabled
        self.known = total is not None
        self.total, self.label, self.done, self.findings = max(total or 0, 1), label, 0, 0
        self.started = time.monotonic()
        self._last_tenth = -1
        self._last_draw = 0.0

    def advance(self, amount: int, findings: int = 0) -> None:
        self.done = min(self.total, self.done + amount) if self.known else self.done + amount
        self.findings += findings
        if self.enabled:
            self._show()

    def _show(self, final: bool = False) -> None:
        if not self.known:
            self._show_count(final)
            return
        fraction = self.done / self.total
        if self.tty:
            now = time.monotonic()
            if not final and now - self._last_draw < 0.1 and self.done < self.total:
                return
            self._last_draw = now
            filled = int(30 * fraction)
            self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {fraction:4.0%} "
                              f"{self.findings} findings")
        else:
            tenth = int(fraction * 10)
            if tenth == self._last_tenth:
                return
            self._last_tenth = tenth
            self.stream.write(f"{self.label}: {fraction:.0%}, {self.findings} findings\n")
        self.stream.flush()

    def _show_count(self, final: bool) -> None:
        """Segments done so far: redrawn on a terminal, a line per UNKNOWN_TOTAL_STEP (and the first) otherwise."""
        if self.tty:
            now = time.monotonic()
            if not final and now - self._last_draw < 0.1:
                return
            self._last_draw = now
            self.stream.write(f"\r{self.label}: {self.done:,} segments, {self.findings:,} findings")
        else:
            step = self.done // UNKNOWN_TOTAL_STEP
            if step == self._last_tenth and not final:
                return
            self._last_tenth = step
            self.stream.write(f"{self.label}: {self.done:,} segments, {self.findings:,} findings\n")
        self.stream.flush()

    def close(self, findings: int | None = None) -> None:
        """The final display; `findings` replaces the running count (which counts before merging)."""
        self.findings = self.findings if findings is None else findings
        if self.enabled:
            self._show(final=True)
            if self.tty:
                self.stream.write(f" ({time.monotonic() - self.started:.1f} s)\n")
                self.stream.flush()
