"""The value every check produces: one problem, where it is, and how bad it is."""

from __future__ import annotations

import enum
from dataclasses import dataclass


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
