"""Finding a pointer's place in JSON text by walking along the pointer, with the C scanner skipping the rest.

Placing one finding must not cost a Python scan of the whole text: a 48 MB array of numbers would take
minutes. Here only the containers on the pointer's path are entered; within each, the members before the
wanted one are stepped over by the standard library's C scanner (``scanstring`` for member names,
``scan_once`` for values, which returns where the value ends). What was learnt about a container (the
places of the members already passed) is kept, so that placing many findings costs one pass, not one each.

It serves text whose member names are unique (the strict parser says so): a pointer then names one place.
Where the C scanner gives up (a number of thousands of digits, nesting beyond the interpreter's stack, text
that is not JSON), ``UNKNOWN`` says so and the caller asks the full scanner of ``validator._positions``.
"""

from __future__ import annotations

import json
import json.decoder
import re
from collections.abc import Callable
from typing import Any

from validator._pointers import unescape_token

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_ARRAY_INDEX = re.compile(r"0|[1-9][0-9]*")
# The C decoder's pieces (absent from the type stubs): the value and end offset of the JSON value at an
# offset, and the decoded string and end offset of a string whose opening quote is just before an offset.
_scan_once: Callable[[str, int], tuple[Any, int]] = getattr(json.JSONDecoder(), "scan_once")  # noqa: B009
scanstring: Callable[[str, int], tuple[str, int]] = getattr(json.decoder, "scanstring")  # noqa: B009


class Unknown:
    """The directed walk could not decide (see the module docstring)."""


UNKNOWN = Unknown()


class _Container:
    """What is known of one array or object: its members' places so far, and where scanning resumes."""

    __slots__ = ("done", "is_object", "items", "members", "resume", "started", "unskipped")

    def __init__(self, is_object: bool, resume: int) -> None:
        self.is_object = is_object
        self.resume = resume  # just after the opening bracket or the last member scanned
        # The last member's value is stepped over only when a later member is wanted: a pointer that goes
        # into it costs nothing for its length.
        self.unskipped = -1
        self.started = False  # a member was read, so the next one must follow a comma
        self.done = False
        self.items: list[int] = []  # value offsets of array items
        self.members: dict[str, tuple[int, int]] = {}  # member name to (key offset, value offset)


class DirectedScan:
    """Answers ``(key offset, value offset)`` for pointers into one text of unique member names."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._containers: dict[int, _Container] = {}
        match = _WHITESPACE.match(text)
        self._root = match.end() if match else 0

    def place(self, pointer: str) -> tuple[int, int] | Unknown | None:
        """``(key offset or -1, value offset)`` of the value at ``pointer``; None when there is none."""
        if self._root >= len(self._text):
            return None
        if pointer == "":
            return (-1, self._root)
        if not pointer.startswith("/"):
            return None
        key_offset, offset = -1, self._root
        for token in pointer[1:].split("/"):
            try:
                found = self._child(offset, unescape_token(token))
            except (ValueError, StopIteration, RecursionError, IndexError):
                return UNKNOWN  # not JSON the C scanner takes here: the full scanner decides
            if found is None:
                return None
            key_offset, offset = found
        return key_offset, offset

    def _child(self, offset: int, name: str) -> tuple[int, int] | None:
        container = self._containers.get(offset)
        if container is None:
            opening = self._text[offset : offset + 1]
            if opening not in ("{", "["):
                return None
            container = self._containers[offset] = _Container(opening == "{", offset + 1)
        if container.is_object:
            while name not in container.members and not container.done:
                self._next_member(container)
            return container.members.get(name)
        if _ARRAY_INDEX.fullmatch(name) is None:
            return None
        index = int(name)
        while index >= len(container.items) and not container.done:
            self._next_item(container)
        return (-1, container.items[index]) if index < len(container.items) else None

    def _skip_whitespace(self, position: int) -> int:
        match = _WHITESPACE.match(self._text, position)
        return match.end() if match else position

    def _before_member(self, container: _Container, closing: str) -> int | None:
        """Where the next member starts, or None (and the container is done) at its closing bracket."""
        if container.unskipped >= 0:
            container.resume = _scan_once(self._text, container.unskipped)[1]
            container.unskipped = -1
        position = self._skip_whitespace(container.resume)
        char = self._text[position : position + 1]
        if char == closing:
            container.done = True
            return None
        if container.started:
            if char != ",":
                raise ValueError("comma expected")
            position = self._skip_whitespace(position + 1)
        container.started = True
        return position

    def _next_member(self, container: _Container) -> None:
        key_offset = self._before_member(container, "}")
        if key_offset is None:
            return
        if self._text[key_offset : key_offset + 1] != '"':
            raise ValueError("member name expected")
        name, end = scanstring(self._text, key_offset + 1)
        position = self._skip_whitespace(end)
        if self._text[position : position + 1] != ":":
            raise ValueError("colon expected")
        value_offset = self._skip_whitespace(position + 1)
        container.unskipped = value_offset
        container.members.setdefault(name, (key_offset, value_offset))

    def _next_item(self, container: _Container) -> None:
        value_offset = self._before_member(container, "]")
        if value_offset is None:
            return
        container.unskipped = value_offset
        container.items.append(value_offset)
