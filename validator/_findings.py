"""The value every check produces: one problem, where it is, and how bad it is."""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from typing import Any


class Severity(str, enum.Enum):
    """How a finding counts: errors make a document invalid, warnings only inform."""

    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class Finding:
    """One problem in one document, compared by value.

    ``rule`` is a stable id (a JSON Schema keyword such as ``required`` or a contract rule such as
    ``invalid-json``); ``pointer`` is an RFC 6901 JSON pointer (``""`` for the root); ``line`` and ``column``
    are 1-based and known only when the payload was given as raw text. ``hint`` says, where the document
    matches a known mistake (such as the documentation sample's shapes), what the service sends instead.
    """

    rule: str
    pointer: str
    severity: Severity
    message: str
    line: int | None = None
    column: int | None = None
    hint: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def to_dict(self) -> dict[str, object]:
        """The JSON shape used by reports: rule, pointer, severity, message, line, column and hint."""
        return {
            "rule": self.rule,
            "pointer": self.pointer,
            "severity": self.severity.value,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "hint": self.hint,
        }

    def __str__(self) -> str:
        where = f"{self.line}:{self.column}: " if self.line is not None else ""
        hint = f" (hint: {self.hint})" if self.hint else ""
        return (
            f"{where}{self.severity.value} {self.rule} {display_pointer(self.pointer)} {self.message}{hint}"
        )


def display_pointer(pointer: str) -> str:
    """Shows the root pointer as ``""`` so that it stays visible in space-separated text."""
    return pointer if pointer else '""'


@dataclass(frozen=True)
class Problem:
    """A finding before its position in the text is known; ``at_key`` places it at the member's key."""

    rule: str
    pointer: str
    severity: Severity
    message: str
    hint: str | None = None
    at_key: bool = False


# A message quotes at most this many characters of a value: enough to recognise it, never a whole document.
ECHO_LIMIT = 120
_ECHO_KEPT = 80
_ECHO_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=True, default=lambda value: _safe_repr(value))


def clip(text: str, limit: int = ECHO_LIMIT) -> str:
    """``text`` itself when short; otherwise its start, an ellipsis and its length in characters."""
    if len(text) <= limit:
        return text
    return f"{text[:_ECHO_KEPT]}… ({len(text):,} characters)"


def echo(value: Any) -> str:
    """A value as JSON text for a message, clipped, and for any value at all (never raises).

    Encoding stops soon after the limit, so quoting a huge array costs what quoting its start costs.
    """
    if isinstance(value, str):
        if len(value) > ECHO_LIMIT:  # only the start is encoded, the length is that of the value itself
            return f'{json.dumps(value[:_ECHO_KEPT], ensure_ascii=False)[:-1]}…" ({len(value):,} characters)'
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 3000:
        return repr_of_integer(value)
    pieces: list[str] = []
    size = 0
    try:
        for piece in _ECHO_ENCODER.iterencode(value):
            pieces.append(piece)
            size += len(piece)
            if size > ECHO_LIMIT:
                return "".join(pieces)[:_ECHO_KEPT] + "… (longer)"
    except (
        ValueError,
        TypeError,
        RecursionError,
    ):  # an unprintable integer deep inside, a cycle, a deep value
        return "".join(pieces)[:_ECHO_KEPT] + "…"
    return "".join(pieces)


def repr_of_integer(value: int) -> str:
    """An integer as digits when short enough to print cheaply, else how many digits it has, about."""
    if value.bit_length() <= 3000:
        return clip(str(value))
    return f"an integer of about {int(value.bit_length() * 0.30103) + 1:,} digits"


def _safe_repr(value: object) -> str:
    try:
        return clip(repr(value))
    except Exception:  # a value from the caller may fail to describe itself in any way; its type still can
        return f"<{type(value).__name__}>"
