"""A one-line progress display on standard error, for runs whose length is not known ahead."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

from trackrecord.cli.output import escaped_line, unescaped


class StatusLine:
    """Rewrites one status line on stderr at most every `interval` seconds, only on a terminal.

    Use it as the ``progress`` callback of a batch run; call `done` at the end to clear it.
    """

    def __init__(self, describe: Callable[[Any], str], interval: float = 0.2) -> None:
        self.describe = describe
        self.interval = interval
        self.enabled = sys.stderr.isatty()
        self._last = 0.0
        self._width = 0

    def __call__(self, report: Any) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < self.interval:
            return
        self._last = now
        text = escaped_line(self.describe(report))
        # the carriage return is ours: written past the escaping of `safe_streams`
        stream = unescaped(sys.stderr)
        stream.write("\r" + text.ljust(self._width))
        stream.flush()
        self._width = len(text)

    def done(self) -> None:
        """Clear the status line."""
        if self.enabled and self._width:
            stream = unescaped(sys.stderr)
            stream.write("\r" + " " * self._width + "\r")
            stream.flush()
