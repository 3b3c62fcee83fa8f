"""Termination signals: SIGTERM and SIGHUP end a validation run the way Ctrl-C does.

The run stops checking, finishes its report with the summary of what was checked, and exits with 128 plus
the signal's number (143 for SIGTERM, 129 for SIGHUP, 130 for SIGINT), as shells report a process ended by
that signal. Once the report is being finished, a further signal is remembered but no longer interrupts,
so that a report is never left half written.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType, TracebackType
from typing import Any

EXIT_SIGNAL_BASE = 128
# SIGHUP is POSIX only; where a signal does not exist it cannot be sent either.
_STOPPING_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


# Held back while a worker process starts: a parent interrupted half-way through handing a worker its start-up
# data leaves that worker to fail with a traceback of its own.
_HELD_WHILE_STARTING = (signal.SIGINT, *_STOPPING_SIGNALS)


@contextlib.contextmanager
def held_while_starting_workers() -> Iterator[None]:
    """Defers Ctrl-C, SIGTERM and SIGHUP (where signals can be masked) until the block has run.

    A worker inherits the mask; ``release_in_worker`` lifts it there.
    """
    mask = getattr(signal, "pthread_sigmask", None)
    if mask is None:
        yield
        return
    previous = mask(signal.SIG_BLOCK, _HELD_WHILE_STARTING)
    try:
        yield
    finally:
        mask(signal.SIG_SETMASK, previous)


def release_in_worker() -> None:
    """Lifts the mask a worker inherited from ``held_while_starting_workers``."""
    mask = getattr(signal, "pthread_sigmask", None)
    if mask is not None:
        mask(signal.SIG_UNBLOCK, _HELD_WHILE_STARTING)


class Stopped(KeyboardInterrupt):
    """A termination signal arrived: handled wherever Ctrl-C is, and it remembers which signal it was."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def exit_code_for(interruption: KeyboardInterrupt) -> int:
    """128 plus the number of the signal that interrupted: 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP."""
    return EXIT_SIGNAL_BASE + (interruption.signum if isinstance(interruption, Stopped) else signal.SIGINT)


class StopOnSignals:
    """While entered (in the main thread), SIGTERM and SIGHUP raise ``Stopped`` once; see ``hold``."""

    def __init__(self) -> None:
        self.received: int | None = None
        self.raising = True
        self.previous: dict[int, Any] = {}

    def __enter__(self) -> StopOnSignals:
        if threading.current_thread() is threading.main_thread():  # only there can handlers be set
            for signum in _STOPPING_SIGNALS:
                if signal.getsignal(signum) is signal.SIG_IGN:
                    continue  # ignored on purpose (nohup ignores SIGHUP): the run goes on, as it asked
                self.previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        for signum, handler in self.previous.items():
            signal.signal(signum, handler)

    def hold(self) -> None:
        """From now on a signal is only remembered: the report is being finished."""
        self.raising = False

    def exit_code(self) -> int | None:
        """The exit code a received signal calls for, if one was received."""
        return None if self.received is None else EXIT_SIGNAL_BASE + self.received

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.received is None:
            self.received = signum
        if self.raising:
            self.raising = False
            raise Stopped(signum)
