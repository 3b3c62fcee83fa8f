"""Strict JSON parsing that reports problems as values, and lazy pointer-to-position lookup.

`parse_json` lets the standard library's C scanner do the real work and adds what RFC 8259 demands
beyond it: UTF-8 without a byte-order mark, no NaN/Infinity, numbers that fit a double, and unique
member names.  It never raises on bad input; every problem becomes a `ParseProblem`.

`PositionIndex` answers "where in the text does the value at this JSON pointer start?".  Most
documents have no findings, so the index is built on the first question only.  A leading byte-order
mark is dropped before parsing, so all positions refer to the text without it (`ParsedDocument.text`).
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import partial
from typing import Any

from validator._pointers import escape_token, unescape_token

_INVALID = "invalid-json"
_BOM_MESSAGE = "UTF-8 byte-order mark at the start of the document: RFC 8259 forbids it"
# When the parser runs out of stack, the first bracket deeper than this is blamed.
_REPORTED_NESTING_LIMIT = 512
# int(str) refuses more digits than a configurable limit, and that limit is never below 640.
_ALWAYS_CONVERTIBLE_DIGITS = 640

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BARE_TOKEN = re.compile(r"[-+.0-9A-Za-z]+")
_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)
_LINE_BREAK = re.compile(r"\r\n?|\n")
_ARRAY_INDEX = re.compile(r"0|[1-9][0-9]*")
_BAD_POINTER_ESCAPE = re.compile(r"~(?![01])")
_NON_FINITE_CONSTANTS = frozenset({"NaN", "Infinity", "-Infinity"})
_DEPTH_CHANGE = {"[": 1, "{": 1, "]": -1, "}": -1}


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based, in code points of the decoded text


@dataclass(frozen=True)
class ParseProblem:
    rule: str  # "invalid-json" or "duplicate-key"
    pointer: str  # RFC 6901; "" for the root or when no better place is known
    message: str
    position: Position | None


@dataclass(frozen=True)
class ParsedDocument:
    text: str | None  # decoded text without a leading BOM (bad UTF-8 as U+FFFD); None for UTF-16/32
    value: Any  # meaningful only when `parsed` is True
    parsed: bool  # a JSON value was obtained (duplicate keys and a BOM do not prevent that)
    problems: tuple[ParseProblem, ...]


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


class _Scanner:
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
        if char != '"' and (match.group() in _NON_FINITE_CONSTANTS or _overflows_double(match.group())):
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
    """Built from decoded text; answers positions for pointers, scanning the text on first use."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._scanner: _Scanner | None = None
        self._line_starts: list[int] | None = None

    def value_position(self, pointer: str) -> Position | None:
        """Where the value at `pointer` starts; None when the pointer names nothing in the text.

        A duplicated member is placed at its first occurrence; paths below it follow the occurrence the
        parsed value came from (the last), falling back to earlier ones that have the path.
        """
        node = self._find(pointer)
        return None if node is None else self.position_at(node.offset)

    def key_position(self, pointer: str) -> Position | None:
        """Where the key of the object member at `pointer` starts; None for anything else."""
        node = self._find(pointer)
        return None if node is None or node.key_offset < 0 else self.position_at(node.key_offset)

    def duplicates(self) -> list[tuple[str, Position, Position]]:
        """(member pointer, first key position, repeated key position) in document order."""
        at = self.position_at
        return [(pointer, at(first), at(again)) for pointer, first, again in self._scanned().duplicates]

    def non_finite_numbers(self) -> list[tuple[str, Position, str]]:
        """(pointer, position, token) of each NaN, Infinity, -Infinity or number beyond a double."""
        return [(pointer, self.position_at(at), token) for pointer, at, token in self._scanned().non_finite]

    def position_at(self, offset: int) -> Position:
        """Line and column of a code-point offset; CR, LF and CRLF each end a line."""
        if self._line_starts is None:
            self._line_starts = [0] + [match.end() for match in _LINE_BREAK.finditer(self._text)]
        line = bisect_right(self._line_starts, offset)
        return Position(line, offset - self._line_starts[line - 1] + 1)

    def _scanned(self) -> _Scanner:
        if self._scanner is None:
            self._scanner = _Scanner(self._text)
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


def _exact_int(digits: str) -> int:
    """int(digits) without the interpreter's digit limit; halving keeps the cost sub-quadratic."""
    if len(digits) <= _ALWAYS_CONVERTIBLE_DIGITS:
        return int(digits)
    if digits.startswith("-"):
        return -_exact_int(digits[1:])
    split = len(digits) // 2
    scale: int = 10 ** (len(digits) - split)
    return _exact_int(digits[:split]) * scale + _exact_int(digits[split:])


class _Hooks:
    """Decoder callbacks that only take notes; positions are looked up afterwards, when needed."""

    def __init__(self) -> None:
        self.saw_duplicate_key = False
        self.saw_non_finite = False

    def build_object(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        members = dict(pairs)
        self.saw_duplicate_key |= len(members) != len(pairs)
        return members

    def parse_constant(self, token: str) -> float:
        self.saw_non_finite = True
        return float(token)

    def parse_float(self, token: str) -> float:
        number = float(token)
        self.saw_non_finite |= math.isinf(number)
        return number


def parse_json(raw: str | bytes) -> ParsedDocument:
    """Parses `raw` strictly per RFC 8259; never raises on bad input."""
    text, problems, decoded = _decode(raw)
    if text is None or not decoded:
        return ParsedDocument(text, None, False, tuple(problems))
    if not text.strip(" \t\n\r"):
        problems.append(_invalid("", "empty document: expected a JSON value", Position(1, 1)))
        return ParsedDocument(text, None, False, tuple(problems))
    hooks = _Hooks()
    try:
        value = _load(text, hooks)
    except json.JSONDecodeError as error:
        problems.append(_syntax_problem(text, error))
    except RecursionError:
        problems.append(_nesting_problem(text))
    except ValueError as error:  # no known input gets here; it keeps the never-raise promise
        problems.append(_invalid("", f"could not parse the document: {error}", None))
    else:
        if hooks.saw_duplicate_key or hooks.saw_non_finite:
            problems += sorted(_value_problems(PositionIndex(text)), key=_document_order)
        return ParsedDocument(text, value, not hooks.saw_non_finite, tuple(problems))
    return ParsedDocument(text, None, False, tuple(problems))


def _load(text: str, hooks: _Hooks) -> Any:
    load = partial(
        json.loads,
        text,
        object_pairs_hook=hooks.build_object,
        parse_constant=hooks.parse_constant,
        parse_float=hooks.parse_float,
    )
    try:  # the built-in integer parser is fastest; it only gives up on integers of thousands of digits
        return load()
    except ValueError as error:
        if isinstance(error, json.JSONDecodeError) or "integer string conversion" not in str(error):
            raise
    return load(parse_int=_exact_int)


def _invalid(pointer: str, message: str, position: Position | None) -> ParseProblem:
    return ParseProblem(_INVALID, pointer, message, position)


def _decode(raw: str | bytes) -> tuple[str | None, list[ParseProblem], bool]:
    """Returns the text, the problems found so far, and whether the text is fit for parsing."""
    problems: list[ParseProblem] = []
    if isinstance(raw, str):
        if raw.startswith("\ufeff"):
            problems.append(_invalid("", _BOM_MESSAGE, Position(1, 1)))
        return raw.removeprefix("\ufeff"), problems, True
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in raw[:4]:
        message = "document is UTF-16/UTF-32 encoded (NUL byte or BOM in the first bytes); JSON must be UTF-8"
        return None, [_invalid("", message, Position(1, 1))], False
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(_invalid("", _BOM_MESSAGE, Position(1, 1)))
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), problems, True
    except UnicodeDecodeError as error:
        valid_prefix = raw[: error.start].decode("utf-8")
        position = PositionIndex(valid_prefix).position_at(len(valid_prefix))
        message = f"invalid UTF-8 byte 0x{raw[error.start]:02x} ({error.reason}); JSON text must be UTF-8"
        problems.append(_invalid("", message, position))
        return raw.decode("utf-8", errors="replace"), problems, False


def _syntax_problem(text: str, error: json.JSONDecodeError) -> ParseProblem:
    # Scanning up to the error tells which container the parser was in, for the wording and pointer.
    scanner = _Scanner(text[: error.pos])
    scanner.run()
    in_object = bool(scanner.open) and isinstance(scanner.open[-1].children, dict)
    position = PositionIndex(text).position_at(error.pos)
    return _invalid(scanner.pointer(-1), _explain(text, error.msg, error.pos, in_object), position)


_REWORDED = (
    ("Expecting value", "expected a JSON value, found {found}"),
    ("Expecting property name", "expected a member name in double quotes, found {found}"),
    ("Expecting ':'", "expected ':' after the member name, found {found}"),
    ("Unterminated string", "unterminated string: expected a closing '\"' before the end of the document"),
    ("Invalid control character", "unescaped control character {found} in a string: expected an escape"),
    ("Invalid \\uXXXX", "invalid \\u escape in a string: expected four hexadecimal digits"),
    (
        "Invalid \\escape",
        "invalid escape in a string: found {escape} after '\\', expected one of \" \\ / b f n r t u",
    ),
    ("Extra data", "unexpected data after the end of the JSON value: found {found}"),
    ("Unexpected UTF-8 BOM", "unexpected byte-order mark U+FEFF: expected a JSON value"),
    ("Illegal trailing comma", "trailing comma before the end of an array or object: expected another value"),
)


def _explain(text: str, stdlib_message: str, pos: int, in_object: bool) -> str:
    found = _describe(text, pos)
    # The number grammar stops right before a digit only when the number was a lone leading '0'.
    if 0 < pos < len(text) and text[pos - 1] == "0" and text[pos] in "0123456789":
        return f"number with a leading zero: found {found} after '0', expected no leading zeros"
    if text[pos : pos + 1] in ("]", "}") and text[:pos].rstrip(" \t\n\r").endswith(","):
        expected = "member" if in_object else "item"
        return f"trailing comma: found {found} after ',', expected another {expected}"
    if stdlib_message.startswith("Expecting ','"):
        if in_object:
            return f"expected ',' or '}}' after an object member, found {found}"
        return f"expected ',' or ']' after an array item, found {found}"
    for prefix, wording in _REWORDED:
        if stdlib_message.startswith(prefix):
            return wording.format(found=found, escape=_describe(text, pos + 1))
    return f"{stdlib_message}, found {found}"


def _describe(text: str, pos: int) -> str:
    if pos >= len(text):
        return "the end of the document"
    char = text[pos]
    return f"'{char}'" if char.isprintable() and not char.isspace() else f"U+{ord(char):04X}"


def _nesting_problem(text: str) -> ParseProblem:
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        depth += _DEPTH_CHANGE.get(match.group(), 0)
        if depth > _REPORTED_NESTING_LIMIT:
            message = f"nesting too deep: more than {_REPORTED_NESTING_LIMIT} levels of arrays and objects"
            return _invalid("", message, PositionIndex(text).position_at(match.start()))
    return _invalid("", "nesting too deep for the parser's recursion limit", Position(1, 1))


def _value_problems(index: PositionIndex) -> list[ParseProblem]:
    problems = []
    for pointer, position, token in index.non_finite_numbers():
        if token in _NON_FINITE_CONSTANTS:
            message = f"{token} is not allowed in JSON: expected a finite number or null"
        else:
            shown = token if len(token) <= 30 else token[:27] + "..."
            message = f"number too large for a double: {shown} overflows to infinity, expected below 1.8e308"
        problems.append(_invalid(pointer, message, position))
    for pointer, first, repeated in index.duplicates():
        container, _, token = pointer.rpartition("/")
        key = json.dumps(unescape_token(token), ensure_ascii=False)
        where = f"object at {container}" if container else "the root object"
        message = (
            f"duplicate key {key} in {where} (first at line {first.line}, column {first.column}); "
            "consumers disagree about which value wins"
        )
        problems.append(ParseProblem("duplicate-key", pointer, message, repeated))
    return problems


def _document_order(problem: ParseProblem) -> tuple[int, int]:
    return (0, 0) if problem.position is None else (problem.position.line, problem.position.column)
