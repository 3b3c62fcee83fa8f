"""Strict JSON parsing that reports problems as values, placed by ``validator._positions``.

`parse_json` lets the standard library's C scanner do the real work and adds what RFC 8259 demands
beyond it: UTF-8 without a byte-order mark, no NaN/Infinity, numbers that fit a double, and unique
member names.  It never raises on bad input; every problem becomes a `ParseProblem`.

A leading byte-order mark is dropped before parsing, so all positions refer to the text without it
(`ParsedDocument.text`).
"""

from __future__ import annotations

import json
import math
import re
import sys
from dataclasses import dataclass
from functools import partial
from typing import Any

from validator._findings import Finding, Severity
from validator._limits import MAX_INTEGER_DIGITS
from validator._plain_json import UnreadInteger
from validator._pointers import unescape_token
from validator._positions import NON_FINITE_CONSTANTS, Position, PositionIndex, Scanner

_INVALID = "invalid-json"
_BOM_MESSAGE = "UTF-8 byte-order mark at the start of the document: RFC 8259 forbids it"
# When the parser runs out of stack, the first bracket deeper than this is blamed.
_REPORTED_NESTING_LIMIT = 512
# int(str) refuses more digits than a configurable limit, and that limit is never below 640.
_ALWAYS_CONVERTIBLE_DIGITS = 640

_DIGIT_RUN = re.compile(r"[0-9]+")
_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)
_DEPTH_CHANGE = {"[": 1, "{": 1, "]": -1, "}": -1}


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

    def findings(self) -> tuple[Finding, ...]:
        """The parse problems as error findings, placed where the parser found them."""
        return tuple(
            Finding(
                problem.rule,
                problem.pointer,
                Severity.ERROR,
                problem.message,
                problem.position.line if problem.position else None,
                problem.position.column if problem.position else None,
            )
            for problem in self.problems
        )


def _read_int(token: str) -> int:
    """The integer a JSON token spells, exactly up to ``MAX_INTEGER_DIGITS`` digits; a stand-in beyond.

    Converting decimal digits costs more than linear time, so a longer integer is not converted at all:
    screening reports it (``integer-too-long``), and reading it costs no more than reading its digits.
    """
    negative = token.startswith("-")
    digits = len(token) - negative
    if digits > MAX_INTEGER_DIGITS:
        return UnreadInteger(negative, digits)
    return _exact_int(token)


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
    if not _interpreter_may_convert_long_integers(text):
        try:  # the built-in integer parser is fastest; it only gives up on integers of thousands of digits
            return load()
        except ValueError as error:
            if isinstance(error, json.JSONDecodeError) or "integer string conversion" not in str(error):
                raise
    return load(parse_int=_read_int)


def _interpreter_may_convert_long_integers(text: str) -> bool:
    """True when the interpreter's digit limit is off or above ours and ``text`` holds a longer integer.

    The built-in parser relies on that limit to give up quickly on a long integer; without it, it would
    convert one of millions of digits in quadratic time.
    """
    limit = sys.get_int_max_str_digits()
    if 0 < limit <= MAX_INTEGER_DIGITS:
        return False
    return any(match.end() - match.start() > MAX_INTEGER_DIGITS for match in _DIGIT_RUN.finditer(text))


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
    scanner = Scanner(text[: error.pos])
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
        if _is_integer(token):
            # Integers are kept exact whatever their size (screening bounds their length), whatever else the
            # document holds: only a fraction or exponent beyond a double overflows to infinity.
            continue
        if token in NON_FINITE_CONSTANTS:
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


def _is_integer(token: str) -> bool:
    return token not in NON_FINITE_CONSTANTS and not any(char in token for char in ".eE")
