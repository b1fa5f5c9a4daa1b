"""Progress lines on stderr for long runs; silent with --quiet or when stderr is not a terminal."""

from __future__ import annotations

import sys
import time


class Progress:
    """A one-line counter (``k/total`` when the total is known) that rewrites itself on a terminal."""

    def __init__(self, task: str, quiet: bool = False, stream=None, total: int | None = None):
        self.task = task
        self.stream = stream or sys.stderr
        self.enabled = not quiet and self.stream.isatty()
        self.total = total
        self.count = 0
        self.started = time.monotonic()

    def step(self, message: str = "") -> None:
        self.count += 1
        if self.enabled:
            done = f"{self.count}/{self.total}" if self.total else str(self.count)
            elapsed = time.monotonic() - self.started
            self.stream.write(f"\r{self.task}: {done} done, {elapsed:.0f}s {message[:60]:<60}")
            self.stream.flush()

    def close(self, summary: str = "") -> None:
        if self.enabled:
            elapsed = time.monotonic() - self.started
            self.stream.write(f"\r{self.task}: {self.count} done in {elapsed:.1f}s {summary:<60}\n")
            self.stream.flush()

    def track(self, items):
        """Yield ``(id, ...)`` items, stepping once each is dealt with (named by its id); close at the end."""
        for item in items:
            yield item
            self.step(str(item[0]))
        self.close()
