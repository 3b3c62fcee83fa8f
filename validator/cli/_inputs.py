"""Inputs: the documents a run checks, found and read one at a time with bounded memory.

A path names a file, a directory (searched recursively for ``*.json``, ``*.jsonl`` and ``*.har`` in sorted
order; hidden files and directories, such as ``generate``'s ``.manifest.json``, are skipped, and no directory
is entered twice, so symbolic-link loops end), or ``-`` for standard input. A JSON file holds one response; a
JSON Lines file one response per line, read line by line; a HAR file the responses of its analyze-job polls
(``validator.cli._har_inputs``). A file that cannot be read, or a document over the size limit, becomes a
document with one finding, and the run goes on.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from validator._reporting.report import STDIN_NAME
from validator.cli._document import (
    Document,
    FromLine,
    TooLargeError,
    input_finding,
    too_large,
    unreadable,
)
from validator.cli._har_inputs import har_documents

STDIN_PATH = "-"
DIRECTORY_SUFFIXES = (".json", ".jsonl", ".har")
JSON_LINES_SUFFIXES = (".jsonl", ".ndjson")
HAR_SUFFIXES = (".har",)
INPUT_FORMATS = ("auto", "json", "jsonl", "har")
DEFAULT_MAX_DOCUMENT_SIZE = 64 * 1024 * 1024
_CHUNK = 1024 * 1024


def input_format(name: str, requested: str) -> str:
    """``json``, ``jsonl`` or ``har``: as requested, or by the file name's suffix for ``auto``."""
    if requested != "auto":
        return requested
    lowered = name.lower()
    if lowered.endswith(JSON_LINES_SUFFIXES):
        return "jsonl"
    if lowered.endswith(HAR_SUFFIXES):
        return "har"
    return "json"


def iter_documents(
    paths: Iterable[str], *, stdin: BinaryIO, requested_format: str = "auto", max_size: int
) -> Iterator[Document]:
    """Every document the paths name, in order, read lazily; ``max_size`` 0 means no limit."""
    for name in paths:
        if name == STDIN_PATH:
            fmt = "json" if requested_format == "auto" else requested_format
            yield from _stream_documents(stdin, STDIN_NAME, fmt, max_size)
        elif os.path.isdir(name):
            for found in _walk(str(Path(name))):  # drops a trailing slash, as before
                if isinstance(found, Document):
                    yield found
                else:
                    yield from _file_documents(found, requested_format, max_size, named=False)
        else:
            yield from _file_documents(name, requested_format, max_size, named=True)


def _file_documents(path: str, requested_format: str, max_size: int, *, named: bool) -> Iterator[Document]:
    try:
        stream = _open(path, named=named)
    except OSError as error:
        yield unreadable(path, error)
        return
    with stream:
        yield from _stream_documents(stream, path, input_format(path, requested_format), max_size)


def _open(path: str, *, named: bool) -> BinaryIO:
    """Opens a file for reading; a path found in a directory must be a regular file (a FIFO would block)."""
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | (0 if named else getattr(os, "O_NONBLOCK", 0))
    descriptor = os.open(path, flags)
    mode = os.fstat(descriptor).st_mode
    if stat.S_ISDIR(mode) or (not named and not stat.S_ISREG(mode)):
        os.close(descriptor)
        code = errno.EISDIR if stat.S_ISDIR(mode) else errno.EINVAL
        raise OSError(code, "is a directory" if stat.S_ISDIR(mode) else "not a regular file", path)
    if not named and hasattr(os, "O_NONBLOCK"):
        os.set_blocking(descriptor, True)  # reads of a regular file then behave as usual
    return os.fdopen(descriptor, "rb")


def _stream_documents(stream: BinaryIO, name: str, fmt: str, max_size: int) -> Iterator[Document]:
    if fmt == "jsonl":
        yield from _json_lines(stream, name, max_size)
        return
    try:
        raw = read_limited(stream, max_size)
    except TooLargeError as error:
        yield too_large(name, error.size, max_size)
        return
    except OSError as error:
        yield unreadable(name, error)
        return
    if fmt == "har":
        yield from _har_documents(name, raw)
    else:
        yield Document(name, name, payload=raw)


def _har_documents(name: str, raw: bytes) -> Iterator[Document]:

    try:
        documents = list(har_documents(name, raw))
    except Exception as error:  # a bug must not end the run: this input gets the verdict
        message = f"the validator failed on this HAR file ({type(error).__name__}: {error}); please report it"
        documents = [Document(name, name, problems=(input_finding("internal-error", message),))]
    yield from documents


def read_limited(stream: BinaryIO, max_size: int) -> bytes:
    """The whole stream, or ``TooLargeError`` as soon as it is known to exceed ``max_size`` bytes.

    Reads in chunks, so that neither a small file nor an endless stream costs ``max_size`` bytes of memory.
    """
    size = _regular_file_size(stream)
    if max_size and size is not None and size > max_size:
        raise TooLargeError(size)
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(_CHUNK if not max_size else min(_CHUNK, max_size + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if max_size and total > max_size:
            raise TooLargeError(size)


def _regular_file_size(stream: BinaryIO) -> int | None:
    try:
        info = os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):  # an in-memory stream has no descriptor
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


def _json_lines(stream: BinaryIO, name: str, max_size: int) -> Iterator[Document]:
    """One document per non-blank line, named ``name:LINE``; only one line is held in memory at a time."""
    number = 0
    while True:
        try:
            line = stream.readline(max_size + 1) if max_size else stream.readline()
        except OSError as error:
            yield unreadable(f"{name}:{number + 1}", error, file=name, line=number + 1)
            return
        if not line:
            return
        number += 1
        record = f"{name}:{number}"
        if max_size and len(line) > max_size and not line.endswith(b"\n"):
            # A regular file ends, so its overlong line is skipped to its end; a device or a pipe may never
            # send one (/dev/zero), so there the skipping is bounded too, and the rest is not read.
            bound = None if _regular_file_size(stream) is not None else max_size
            size = _skip_line(stream, len(line), bound)
            if size is None:
                yield too_large(record, None, max_size, file=name, line=number, rest_unread=True)
                return
            yield too_large(record, size, max_size, file=name, line=number)
            continue
        content = line[:-1] if line.endswith(b"\n") else line
        content = content[:-1] if content.endswith(b"\r") else content
        if content.strip(b" \t\r"):
            yield Document(record, name, payload=content, placement=FromLine(number))


def _skip_line(stream: BinaryIO, size: int, bound: int | None) -> int | None:
    """Reads past the rest of an overlong line without keeping it; returns the line's length in bytes.

    None when ``bound`` more bytes were skipped and the line still had not ended.
    """
    skipped = 0
    while True:
        rest = stream.readline(_CHUNK)
        size += len(rest)
        skipped += len(rest)
        if not rest or rest.endswith(b"\n"):
            return size - (1 if rest.endswith(b"\n") else 0)
        if bound is not None and skipped > bound:
            return None


def _walk(top: str) -> Iterator[str | Document]:
    """Files below ``top`` with an input suffix, depth first in name order; unreadable places as documents."""
    visited: set[tuple[int, int]] = set()
    here = os.curdir + os.sep  # paths below "." are shown without "./", as before
    listing = _listing(top, visited)
    if isinstance(listing, Document):
        yield listing
        return
    frames = [iter(listing or [])]
    while frames:
        entry = next(frames[-1], None)
        if entry is None:
            frames.pop()
            continue
        if _is_directory(entry):
            if entry.name.startswith("."):
                continue
            listing = _listing(entry.path, visited)
            if isinstance(listing, Document):
                yield listing
            elif listing is not None:
                frames.append(iter(listing))
        elif entry.name.lower().endswith(DIRECTORY_SUFFIXES) and not entry.name.startswith("."):
            yield entry.path[len(here) :] if top == os.curdir and entry.path.startswith(here) else entry.path


def _is_directory(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _listing(path: str, visited: set[tuple[int, int]]) -> list[os.DirEntry[str]] | Document | None:
    """A directory's entries sorted by name; None when it was visited already (a link loop or an alias)."""
    try:
        info = os.stat(path)
        key = (info.st_dev, info.st_ino)
        if key in visited:
            return None
        visited.add(key)
        with os.scandir(path) as entries:
            return sorted(entries, key=lambda entry: entry.name)
    except OSError as error:
        return unreadable(path, error)
