"""Report files: written atomically, and never over one of the run's own inputs."""

from __future__ import annotations

import contextlib
import os
import stat
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


class ReportWriteError(Exception):
    """The report could not be written (a full disk, a read-only file system): the run's fault is not misuse
    of the documents but of where the report goes."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error)
        self.error = error


class ReportStream:
    """A text stream whose write failures are ``ReportWriteError``s, told apart from other ``OSError``s.

    A reader that goes away (``BrokenPipeError``, as with ``| head``) is left as it is: it ends a run quietly.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except BrokenPipeError:
            raise
        except OSError as error:
            raise ReportWriteError(error) from error

    def isatty(self) -> bool:
        return self.stream.isatty()

    def flush(self) -> None:
        try:
            self.stream.flush()
        except BrokenPipeError:
            raise
        except OSError as error:
            raise ReportWriteError(error) from error


def not_a_report_file(output: str) -> str | None:
    """What ``output`` is when it is something a report must not replace: a link, a device, a FIFO, ...

    The report is renamed over the target, so writing onto /dev/null or a symbolic link would replace it.
    """
    try:
        mode = os.lstat(output).st_mode
    except OSError:
        return None  # nothing there (yet): a new regular file; other problems surface when it is written
    kinds = [
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
    ]
    kind = next((name for test, name in kinds if test(mode)), None)
    return kind if kind is not None or stat.S_ISREG(mode) else "not a regular file"


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
        try:
            self.stream.flush()
            os.fsync(self.stream.fileno())
            self.stream.close()
            os.chmod(self.temporary, _mode_for(self.target))
            os.replace(self.temporary, self.target)
        except OSError as error:
            raise ReportWriteError(error) from error

    def discard(self) -> None:
        with contextlib.suppress(OSError):  # a full disk fails the final flush too; the file goes anyway
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
