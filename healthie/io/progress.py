"""Progress bars on stderr for long runs (tqdm, the look of ``extract_dataset``'s bar); silent with
``--quiet`` or when stderr is not a terminal."""

from __future__ import annotations

import sys

from tqdm import tqdm


class Progress:
    """A tqdm bar counting documents (``k/total`` when the total is known), with the last item named."""

    def __init__(self, task: str, quiet: bool = False, stream=None, total: int | None = None):
        self.stream = stream or sys.stderr
        self.enabled = not quiet and self.stream.isatty()
        self.count = 0
        self._bar = tqdm(desc=task, total=total, unit="doc", file=self.stream, disable=not self.enabled,
                         dynamic_ncols=True, leave=True)

    def step(self, message: str = "") -> None:
        self.count += 1
        if message:
            self._bar.set_postfix_str(message[:60], refresh=False)
        self._bar.update(1)

    def close(self, summary: str = "") -> None:
        if summary:
            self._bar.set_postfix_str(summary, refresh=False)
        self._bar.close()

    def track(self, items):
        """Yield ``(id, ...)`` items, stepping once each is dealt with (named by its id); close at the end."""
        for item in items:
            yield item
            self.step(str(item[0]))
        self.close()
