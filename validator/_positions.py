"""Where a value is: line and column of the value or member name at a JSON pointer, found lazily.

``PositionIndex`` answers "where in the text does the value at this JSON pointer start?". Most documents have
no findings, so nothing is scanned until the first question. For text whose member names are known to be
unique, a question is answered by a walk along the pointer that lets the C scanner step over everything
else (``validator._pointer_scan``); otherwise, and where that walk gives up, this module's own scanner builds
a tree of the whole text. That scanner also finds what the C scanner of the standard library forgives or
hides: duplicate member names and non-finite numbers, each with its position. Lines are counted with
``str.count`` from the nearest place already counted, so placing findings in document order is one pass.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right, insort
from dataclasses import dataclass

from validator._pointer_scan import DirectedScan, Unknown
from validator._pointers import escape_token, unescape_token

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BARE_TOKEN = re.compile(r"[-+.0-9A-Za-z]+")
_ARRAY_INDEX = re.compile(r"0|[1-9][0-9]*")
_BAD_POINTER_ESCAPE = re.compile(r"~(?![01])")
NON_FINITE_CONSTANTS = frozenset({"NaN", "Infinity", "-Infinity"})


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based, in code points of the decoded text


class _Node:
    """One value in the text.

    Later occurrences of a duplicated member hang off the first one's `next_duplicate`, newest first.
    """

    __slots__ = ("children", "key_offset", "next_duplicate", "offset")

    def __init__(self, offset: int, key_offset: int = -1) -> None:
        self.offset = offset
        self.key_offset = key_offset  # -1 for array items and the root
        self.children: dict[str, _Node] | list[_Node] | None = None
        self.next_duplicate: _Node | None = None


class Scanner:
    """Walks JSON text with an explicit stack (no recursion) and builds a tree of value offsets.

    Pointers are built only on demand: storing one per value costs quadratic memory on deep documents.
    On text that is not valid JSON it stops at the first thing it does not understand.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.open: list[_Node] = []  # containers being scanned, outermost first
        self.tokens: list[str] = []  # pointer token of the child being scanned in each open container
        self.root: _Node | None = None
        self.duplicates: list[tuple[str, int, int]] = []
        self.non_finite: list[tuple[str, int, str]] = []

    def run(self) -> None:
        self._skip_whitespace()
        self.root = _Node(self.pos) if self.pos < len(self.text) else None
        node = self.root
        while node is not None:
            node = self._scan_value(node)

    def pointer(self, depth: int | None = None) -> str:
        return "".join("/" + token for token in self.tokens[:depth])

    def _skip_whitespace(self) -> None:
        match = _WHITESPACE.match(self.text, self.pos)
        self.pos = self.pos if match is None else match.end()

    def _scan_value(self, node: _Node) -> _Node | None:
        """Consumes the value starting at `node`; returns the next value to scan, if any."""
        char = self.text[self.pos : self.pos + 1]
        if char in ("{", "["):
            node.children = {} if char == "{" else []
            self.open.append(node)
            self.tokens.append("")
            self.pos += 1
            self._skip_whitespace()
            if self.text.startswith("}" if char == "{" else "]", self.pos):
                return self._after_value()
            return self._next_child(node)
        match = (_STRING if char == '"' else _BARE_TOKEN).match(self.text, self.pos)
        if match is None:
            return None
        if char != '"' and (match.group() in NON_FINITE_CONSTANTS or _overflows_double(match.group())):
            self.non_finite.append((self.pointer(), self.pos, match.group()))
        self.pos = match.end()
        return self._after_value()

    def _after_value(self) -> _Node | None:
        while self.open:
            self._skip_whitespace()
            container = self.open[-1]
            char = self.text[self.pos : self.pos + 1]
            if char == ",":
                self.pos += 1
                self._skip_whitespace()
                return self._next_child(container)
            if char != ("}" if isinstance(container.children, dict) else "]"):
                return None
            self.pos += 1
            self.open.pop()
            self.tokens.pop()
        return None

    def _next_child(self, container: _Node) -> _Node | None:
        children = container.children
        if isinstance(children, list):
            self.tokens[-1] = str(len(children))
            children.append(_Node(self.pos))
            return children[-1]
        key_offset = self.pos
        key = self._read_key()
        self._skip_whitespace()
        if children is None or key is None or not self.text.startswith(":", self.pos):
            return None
        self.pos += 1
        self._skip_whitespace()
        node = _Node(self.pos, key_offset)
        self.tokens[-1] = escape_token(key)
        first = children.setdefault(key, node)
        if first is not node:  # chain it right after the first: O(1) even for thousands of repeats
            node.next_duplicate, first.next_duplicate = first.next_duplicate, node
            self.duplicates.append((self.pointer(), first.key_offset, key_offset))
        return node

    def _read_key(self) -> str | None:
        match = _STRING.match(self.text, self.pos)
        if match is None:
            return None
        self.pos = match.end()
        if "\\" not in match.group():
            return match.group()[1:-1]
        try:  # the standard decoder knows every escape, surrogate pairs included
            key = json.loads(match.group())
        except ValueError:
            return None
        return key if isinstance(key, str) else None


class PositionIndex:
    """Built from decoded text; answers positions for pointers, scanning the text on first use.

    With ``unique_keys`` (the caller knows that no object repeats a member name) pointers are found by the
    directed walk; without it, by the full scanner, which knows which occurrence of a repeated name a
    pointer means.
    """

    def __init__(self, text: str, *, unique_keys: bool = False) -> None:
        self._text = text
        self._scanner: Scanner | None = None
        self._directed = DirectedScan(text) if unique_keys else None
        # Offsets whose line is known, in order, with the line and the offset that line starts at.
        self._counted: list[tuple[int, int, int]] = [(0, 1, 0)]

    def value_position(self, pointer: str) -> Position | None:
        """Where the value at `pointer` starts; None when the pointer names nothing in the text.

        A duplicated member is placed at its first occurrence; paths below it follow the occurrence the
        parsed value came from (the last), falling back to earlier ones that have the path.
        """
        offsets = self._offsets(pointer)
        return None if offsets is None else self.position_at(offsets[1])

    def key_position(self, pointer: str) -> Position | None:
        """Where the key of the object member at `pointer` starts; None for anything else."""
        offsets = self._offsets(pointer)
        return None if offsets is None or offsets[0] < 0 else self.position_at(offsets[0])

    def duplicates(self) -> list[tuple[str, Position, Position]]:
        """(member pointer, first key position, repeated key position) in document order."""
        at = self.position_at
        return [(pointer, at(first), at(again)) for pointer, first, again in self._scanned().duplicates]

    def non_finite_numbers(self) -> list[tuple[str, Position, str]]:
        """(pointer, position, token) of each NaN, Infinity, -Infinity or number beyond a double."""
        return [(pointer, self.position_at(at), token) for pointer, at, token in self._scanned().non_finite]

    def position_at(self, offset: int) -> Position:
        """Line and column of a code-point offset; CR, LF and CRLF each end a line."""
        text = self._text
        at = bisect_right(self._counted, (offset, math.inf, math.inf)) - 1
        start, line, line_start = self._counted[at]
        if offset > start:
            # Line breaks in text[start:offset]; a CR right before offset that starts a CRLF ends no line yet.
            crlf_split = text.startswith("\r\n", offset - 1)
            end = offset - 1 if crlf_split else offset
            crlf = text.count("\r\n", start, end)
            breaks = text.count("\n", start, end) + text.count("\r", start, end) - crlf
            if breaks:
                line += breaks
                line_start = max(text.rfind("\n", start, end), text.rfind("\r", start, end)) + 1
            insort(self._counted, (offset, line, line_start))
        return Position(line, offset - line_start + 1)

    def _offsets(self, pointer: str) -> tuple[int, int] | None:
        """``(key offset or -1, value offset)`` of the value at ``pointer``, or None."""
        if pointer and (not pointer.startswith("/") or _BAD_POINTER_ESCAPE.search(pointer)):
            return None
        if self._directed is not None:
            placed = self._directed.place(pointer)
            if not isinstance(placed, Unknown):
                return placed
        node = self._find(pointer)
        return None if node is None else (node.key_offset, node.offset)

    def _scanned(self) -> Scanner:
        if self._scanner is None:
            self._scanner = Scanner(self._text)
            self._scanner.run()
        return self._scanner

    def _find(self, pointer: str) -> _Node | None:
        root = self._scanned().root
        if pointer == "" or root is None:
            return root
        if not pointer.startswith("/") or _BAD_POINTER_ESCAPE.search(pointer):
            return None
        # Several candidates arise only from duplicate keys, in order of preference.
        candidates = [root]
        tokens = pointer[1:].split("/")
        for depth, token in enumerate(tokens, 1):
            name = unescape_token(token)
            last_token = depth == len(tokens)
            candidates = [child for node in candidates for child in _children_named(node, name, last_token)]
        return candidates[0] if candidates else None


def _children_named(node: _Node, name: str, first_occurrence_first: bool) -> list[_Node]:
    if isinstance(node.children, list):
        in_range = _ARRAY_INDEX.fullmatch(name) is not None and int(name) < len(node.children)
        return [node.children[int(name)]] if in_range else []
    occurrences = []  # first, newest, ..., second
    child = None if node.children is None else node.children.get(name)
    while child is not None:
        occurrences.append(child)
        child = child.next_duplicate
    return occurrences if first_occurrence_first else occurrences[1:] + occurrences[:1]


def _overflows_double(token: str) -> bool:
    # Only an exponent or more than 308 digits can exceed the largest double (about 1.8e308).
    if token[0] not in "-0123456789" or not ("e" in token or "E" in token or len(token) > 308):
        return False
    try:
        return math.isinf(float(token))
    except ValueError:
        return False
