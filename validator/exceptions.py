"""Exceptions raised when the library is misused or a payload is declared invalid.

A bad payload is not an exception: it yields findings. These are raised only by ``validate`` (which turns
findings into one exception) and by calls whose arguments are wrong. Each subclasses the builtin a caller
would naturally catch.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from validator._findings import Finding


class ContractError(ValueError):
    """A payload broke the contract; ``findings`` holds every error and warning found in it."""

    def __init__(self, findings: Iterable[Finding]) -> None:
        self.findings: tuple[Finding, ...] = tuple(findings)
        errors = [finding for finding in self.findings if finding.is_error]
        lines = [f"{len(errors)} contract error(s):"] + [f"  {finding}" for finding in errors]
        super().__init__("\n".join(lines))


class UnknownApiVersionError(ValueError):
    """An API version this package ships no schema for."""

    def __init__(self, api_version: object, known: Sequence[str]) -> None:
        self.api_version = api_version
        self.known = tuple(known)
        super().__init__(f"unknown API version {api_version!r}; known versions: {', '.join(self.known)}")


class UnknownKindError(ValueError):
    """A document kind other than "job-state", "error" or "auto"."""

    def __init__(self, kind: object, known: Sequence[str]) -> None:
        self.kind = kind
        self.known = tuple(known)
        super().__init__(f"unknown document kind {kind!r}; known kinds: {', '.join(self.known)}")


class SchemaReferenceError(LookupError):
    """A ``$ref`` in a shipped schema points outside the shipped schemas (they never reach the network)."""

    def __init__(self, uri: str) -> None:
        self.uri = uri
        super().__init__(f"schema reference {uri!r} is not one of the shipped schemas; nothing is fetched")


class UnknownStringIndexTypeError(ValueError):
    """A string index unit other than TextElement_v8, UnicodeCodePoint or Utf16CodeUnit."""

    def __init__(self, unit: object, known: Sequence[str]) -> None:
        self.unit = unit
        self.known = tuple(known)
        super().__init__(f"unknown string index type {unit!r}; known types: {', '.join(self.known)}")


class InvalidMaxFindingsError(ValueError):
    """A ``max_findings`` that is neither None (no cap) nor a positive integer."""

    def __init__(self, max_findings: object) -> None:
        self.max_findings = max_findings
        super().__init__(f"max_findings must be a positive integer or None (no cap), not {max_findings!r}")


class RequestError(ValueError):
    """The analyze request given for cross-checks is not a JSON object: nothing can be checked against it."""


class InvalidContractError(ValueError):
    """A contract that cannot be diffed: an unknown API version, or a file that is not a usable schema."""

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")
