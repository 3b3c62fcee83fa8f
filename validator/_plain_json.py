"""Plain JSON: values the validator takes as they are, and how it tames the rest.

A parsed document may nest arbitrarily deep or hold integers too long to print; ``screen`` finds both in one
pass without recursion, and ``tame_huge_integers`` wraps such integers so that messages can describe them.
``parse_plain`` and ``is_plain`` decide, with the C scanner doing the work, which documents the fast path may
take without the strict parser: those that hold nothing the strict parser would report or treat specially.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from validator._findings import Problem, Severity
from validator._limits import MAX_DEPTH, MAX_INTEGER_DIGITS, PRINTABLE_INTEGER_BITS
from validator._pointers import escape_token

# Integers the compiled validator represents exactly (and the detailed path never has to tame).
_INT_LIMIT = 2**63
# In raw text, a run of this many digits may be an integer beyond 64 bits (or a number too long for a double):
# rare, and usually innocent (a long numeric id), so only then is the parsed value walked to make sure.
_LONG_DIGIT_RUN = b"0" * 18
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_UTF16_OR_32 = (b"\xff\xfe", b"\xfe\xff")
_BOM = b"\xef\xbb\xbf"
# Maps every digit to "0", an exponent mark to "e", a sign to "+" and everything else to " ", so that long
# digit runs and three-digit exponents are found by substring search, at C speed.
_NUMBER_MARKS = bytes(
    ord("0") if char in "0123456789" else ord("e") if char in "eE" else ord("+") if char in "+-" else ord(" ")
    for char in map(chr, range(256))
)
_LONG_EXPONENTS = (b"e000", b"e+000")


class _HugeInt(int):
    """An integer too long for Python to print (over 4300 digits) that describes itself instead.

    Validators put values into messages with repr(); for such integers that raises, so they are wrapped.
    """

    def __repr__(self) -> str:
        return f"an integer of about {int(self.bit_length() * 0.30103) + 1} digits"

    __str__ = __repr__


class UnreadInteger(_HugeInt):
    """Stands in for an integer of more than ``MAX_INTEGER_DIGITS`` digits that the parser did not convert.

    Its value is the smallest integer of that sign too long to read, so that screening reports it like any
    parsed integer that long; it remembers how many digits the text had.
    """

    digits: int

    def __new__(cls, negative: bool, digits: int) -> UnreadInteger:
        stand_in = super().__new__(cls, -TOO_LONG_INTEGER if negative else TOO_LONG_INTEGER)
        stand_in.digits = digits
        return stand_in

    def __repr__(self) -> str:
        return f"an integer of {self.digits} digits"

    __str__ = __repr__


# The smallest magnitude with more than MAX_INTEGER_DIGITS digits.
TOO_LONG_INTEGER = 10**MAX_INTEGER_DIGITS
_TOO_LONG_BITS = TOO_LONG_INTEGER.bit_length()


def _too_long(number: int) -> bool:
    return number.bit_length() >= _TOO_LONG_BITS and bool(abs(number) >= TOO_LONG_INTEGER)


def tame_huge_integers(value: Any) -> Any:
    """A copy of ``value`` whose unprintable integers are _HugeInt; depth is already bounded here."""
    if isinstance(value, dict):
        return {key: tame_huge_integers(child) for key, child in value.items()}
    if isinstance(value, list):
        return [tame_huge_integers(child) for child in value]
    if (
        isinstance(value, int)
        and not isinstance(value, (bool, _HugeInt))
        and value.bit_length() > PRINTABLE_INTEGER_BITS
    ):
        return _HugeInt(value)
    return value


@dataclass(frozen=True)
class Screening:
    """What one pass over a value found: too deep a nesting, unprintable and unreadably long integers."""

    too_deep: Problem | None
    huge_integers: bool
    too_long: tuple[Problem, ...]


def screen(value: Any) -> Screening:
    """One pass without recursion: a problem when ``value`` nests deeper than MAX_DEPTH, whether it holds
    integers too long to print, and a problem for each integer longer than ``MAX_INTEGER_DIGITS`` digits.

    No real response nests more than about a dozen levels; a far deeper document is hostile or broken, and
    checking it would exhaust the interpreter's stack in the recursive schema validator.
    """
    huge_integers = False
    too_long: list[Problem] = []
    stack: list[Iterator[tuple[str, Any]]] = [iter([("", value)])]
    path: list[str] = []
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            if path:
                path.pop()
            continue
        token, node = entry
        if not isinstance(node, (dict, list)):
            if isinstance(node, int) and node.bit_length() > PRINTABLE_INTEGER_BITS:
                huge_integers = True
                if _too_long(node):
                    pointer = "".join("/" + part for part in [*path[1:], token]) if path else ""
                    too_long.append(_too_long_problem(pointer, node))
            continue
        path.append(token)
        if len(path) > MAX_DEPTH:
            problem = Problem(
                "nesting-depth",
                "".join("/" + part for part in path[1:]),
                Severity.ERROR,
                f"arrays and objects nest more than {MAX_DEPTH} levels deep here; "
                "no response of this API nests that deep, so the document is not checked further",
            )
            return Screening(problem, huge_integers, tuple(too_long))
        children = node.items() if isinstance(node, dict) else enumerate(node)
        stack.append((escape_token(key), child) for key, child in children)
    return Screening(None, huge_integers, tuple(too_long))


def _too_long_problem(pointer: str, number: int) -> Problem:
    described = repr(number if isinstance(number, _HugeInt) else _HugeInt(number))
    return Problem(
        "integer-too-long",
        pointer,
        Severity.ERROR,
        f"{described} is longer than the {MAX_INTEGER_DIGITS:,} digits the validator reads, so it is not "
        "checked further; no value of this API has more than 19",
    )


# Parsing: the strict parser (validator._parsing) notes duplicate keys and non-finite numbers with Python
# callbacks and can place every problem. Here the C scanner does all the work; any input that could give a
# parse finding, or a value the compiled validator cannot represent exactly, is left to the strict parser.


class _NotPlain(Exception):
    """Raised from the decoder's callbacks: the text needs the strict parser."""


def _members(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    members = dict(pairs)
    if len(members) != len(pairs):
        raise _NotPlain("duplicate key")
    return members


def _constant(token: str) -> Any:
    raise _NotPlain(f"{token} is not JSON")


def _finite(token: str) -> float:
    number = float(token)
    if math.isinf(number):  # beyond the largest double: the strict parser reports it
        raise _NotPlain(token)
    return number


# Decoders are built once: json.loads with hooks builds one per call.
_DECODER = json.JSONDecoder(object_pairs_hook=_members, parse_constant=_constant)
_FINITE_DECODER = json.JSONDecoder(object_pairs_hook=_members, parse_constant=_constant, parse_float=_finite)


def parse_plain(raw: str | bytes) -> tuple[str, Any] | None:
    """``(text, value)`` for raw JSON the strict parser would accept without any finding, holding only
    plain JSON (see ``is_plain``); else None."""
    if isinstance(raw, str):
        if raw.startswith("\ufeff"):
            return None
        text = raw
        try:
            data = raw.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates in the text itself
            return None
    else:
        if raw.startswith(_BOM) or raw[:2] in _UTF16_OR_32 or b"\x00" in raw[:4]:
            return None
        data = raw
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return None
    marks = data.translate(_NUMBER_MARKS)
    # A number beyond a double has an exponent of three digits or a run of over 300 digits (caught below):
    # only then is each float checked as it is parsed.
    long_exponent = _LONG_EXPONENTS[0] in marks or _LONG_EXPONENTS[1] in marks
    decoder = _FINITE_DECODER if long_exponent else _DECODER
    try:
        value = decoder.decode(text)
    except (ValueError, RecursionError, _NotPlain):
        return None
    # A long digit run (a big integer?) or a surrogate escape (a lone surrogate, or half of an emoji's pair):
    # only then is the value walked.
    suspect = _LONG_DIGIT_RUN in marks or (b"\\u" in data and _SURROGATE_ESCAPE.search(data) is not None)
    if suspect and not is_plain(value):
        return None
    return text, value


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
# Keeps only brackets, each kind written as "[" or "]" (outside strings JSON text is ASCII).
_BRACKETS_ONLY = str.maketrans(
    "{}", "[]", "".join(chr(code) for code in range(128) if chr(code) not in "[]{}")
)


def nests_within(text: str, limit: int = MAX_DEPTH) -> bool:
    """Whether JSON text that parsed nests at most ``limit`` levels deep, decided at C speed.

    Strings are cut out and only the brackets kept; each ``str.replace`` pass then removes the innermost
    pairs, one level at a time, so the text is empty after as many passes as it nests deep.
    """
    brackets = (_JSON_STRING.sub("", text) if '"' in text else text).translate(_BRACKETS_ONLY)
    for _level in range(limit):
        if not brackets:
            return True
        brackets = brackets.replace("[]", "")
    return not brackets


def is_plain(value: Any) -> bool:
    """True when ``value`` is plain JSON that the compiled validator represents exactly, nesting at most
    ``MAX_DEPTH`` levels and holding no integer the detailed path would have to tame."""
    kind = type(value)
    if kind is dict or kind is list:
        return _plain_container(value, 1)
    return _plain_scalar(value)


def _plain_scalar(value: Any) -> bool:
    kind = type(value)
    if kind is str:
        text: str = value
        return text.isascii() or not _has_surrogates(text)
    if kind is int:
        number: int = value
        return -_INT_LIMIT < number < _INT_LIMIT
    if kind is float:
        return math.isfinite(value)
    return kind is bool or value is None


def _plain_container(container: Any, depth: int) -> bool:
    if depth > MAX_DEPTH:
        return False
    if type(container) is dict:
        for key in container:
            if type(key) is not str or not (key.isascii() or not _has_surrogates(key)):
                return False
        children = container.values()
    else:
        children = container
    for child in children:
        kind = type(child)
        if kind is str:
            if not (child.isascii() or not _has_surrogates(child)):
                return False
        elif kind is dict or kind is list:
            if not _plain_container(child, depth + 1):
                return False
        elif not (kind is bool or child is None or _plain_scalar(child)):
            return False
    return True


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
