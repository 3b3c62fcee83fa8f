"""The terminal: colour when it is one, and a progress line on standard error."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import TextIO

from validator._reporting.report import Tally, printable

COLOR_MODES = ("auto", "always", "never")


def use_color(mode: str, stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Colour when asked to, or (``auto``) on a terminal unless ``NO_COLOR`` is set and not empty."""
    if mode != "auto":
        return mode == "always"
    if environ.get("NO_COLOR") or environ.get("TERM") == "dumb":
        return False
    return is_terminal(stream)


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):  # a closed or unusual stream
        return False


class Progress:
    """A one-line count of checked documents on a terminal, shown once a run has taken ``delay`` seconds."""

    def __init__(self, stream: TextIO, *, enabled: bool, delay: float = 1.0, interval: float = 0.2) -> None:
        self.stream = stream
        self.enabled = enabled
        self.delay = delay
        self.interval = interval
        self.started = time.monotonic()
        self.last = 0.0
        self.shown = False

    def update(self, tally: Tally, current: str) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.started < self.delay or now - self.last < self.interval:
            return
        self.last = now
        summary = tally.summary()
        line = printable(f"{summary.documents} document(s) checked, {summary.invalid} invalid; at {current}")
        self.stream.write("\r\x1b[K" + line[:200])
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False
