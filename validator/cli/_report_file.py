"""Report files: written atomically, and never over one of the run's own inputs."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from validator.cli._inputs import DIRECTORY_SUFFIXES, STDIN_PATH


def clobbered_input(output: str, paths: Sequence[str]) -> str | None:
    """The input that writing ``output`` would overwrite or add to, if any.

    That is a named file that is ``output``, or a named directory that ``output`` would be found in (it has an
    input suffix and lies below it): a report must never replace a document, nor be read as one next time.
    """
    target = Path(os.path.realpath(output))
    for name in paths:
        if name == STDIN_PATH:
            continue
        source = Path(os.path.realpath(name))
        if source == target:
            return name
        if source.is_dir() and target.name.lower().endswith(DIRECTORY_SUFFIXES) and source in target.parents:
            return name
    return None


class AtomicFile:
    """A report file written to a temporary file beside it and renamed over it when complete.

    Readers see the old file or the whole new one, never a part; a run that fails leaves the old file.
    """

    def __init__(self, target: str) -> None:
        self.target = target
        directory = os.path.dirname(os.path.abspath(target))
        descriptor, self.temporary = tempfile.mkstemp(
            prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=directory
        )
        self.stream: TextIO = os.fdopen(descriptor, "w", encoding="utf-8", newline="\n")

    def commit(self) -> None:
        self.stream.flush()
        os.fsync(self.stream.fileno())
        self.stream.close()
        os.chmod(self.temporary, _mode_for(self.target))
        os.replace(self.temporary, self.target)

    def discard(self) -> None:
        self.stream.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.temporary)


def _mode_for(target: str) -> int:
    """The permissions of the file being replaced, or those a new file gets (mkstemp's are owner-only)."""
    try:
        return os.stat(target).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
