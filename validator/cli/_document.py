"""A document to check as the command line reads it, and the documents that stand for unreadable inputs."""

from __future__ import annotations

import errno
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from validator._findings import Finding
from validator._rule_registry import Scope
from validator._rules import rule_catalogue

UNREADABLE_INPUT = "unreadable-input"
DOCUMENT_TOO_LARGE = "document-too-large"

# Rules about the inputs rather than the responses: reported by the command line, not by iter_findings.
INPUT_RULES = tuple(rule for rule in rule_catalogue() if rule.scope is Scope.INPUT)


class Placement(Protocol):
    """Moves findings from positions in a document's own text to positions in the file it came from."""

    def place(self, findings: Sequence[Finding]) -> tuple[Finding, ...]: ...


class AsIs:
    """The document is the whole file: positions are already file positions."""

    def place(self, findings: Sequence[Finding]) -> tuple[Finding, ...]:
        return tuple(findings)


@dataclass(frozen=True)
class FromLine:
    """The document is the JSON Lines record on ``line`` of the file: lines shift, columns stay."""

    line: int

    def place(self, findings: Sequence[Finding]) -> tuple[Finding, ...]:
        return tuple(
            finding if finding.line is None else replace(finding, line=finding.line + self.line - 1)
            for finding in findings
        )


AS_IS = AsIs()


@dataclass(frozen=True)
class Document:
    """One response to check, or the findings of an input that could not be turned into one.

    ``name`` is how reports name it, ``file`` the file it was read from and ``entry`` its HAR entry;
    ``payload`` is its raw text (None when it could not be read); ``problems`` are findings about the input
    itself, already placed; ``api_version`` is the version its request URL names, where one is known.
    """

    name: str
    file: str
    payload: bytes | str | None = None
    problems: tuple[Finding, ...] = ()
    entry: str = ""
    api_version: str | None = None
    placement: Placement = AS_IS


class TooLargeError(Exception):
    """A document is larger than the maximum document size."""

    def __init__(self, size: int | None) -> None:
        self.size = size
        super().__init__(size)


def input_finding(
    rule: str, message: str, *, line: int | None = None, column: int | None = None, pointer: str = ""
) -> Finding:
    """A finding about an input, with the severity its rule has in ``INPUT_RULES``."""
    severity = next(info.severity for info in INPUT_RULES if info.id == rule)
    return Finding(rule, pointer, severity, message, line, column)


def unreadable(
    name: str, error: OSError | str, *, file: str | None = None, line: int | None = None
) -> Document:
    """The document standing for an input that cannot be read, with the reason."""
    reason = error if isinstance(error, str) else _reason(name, error)
    finding = input_finding(UNREADABLE_INPUT, f"cannot read {name}: {reason}", line=line)
    return Document(name, file or name, problems=(finding,))


def _reason(name: str, error: OSError) -> str:
    if error.errno == errno.ENOENT and os.path.islink(name):
        try:
            target = os.readlink(name)
        except OSError:
            return "dangling symbolic link"
        return f"dangling symbolic link (its target {target} does not exist)"
    if error.errno == errno.ENOENT:
        return "no such file (it vanished while the run went on)"
    return error.strerror or str(error)


def too_large(
    name: str,
    size: int | None,
    limit: int,
    *,
    file: str | None = None,
    line: int | None = None,
    rest_unread: bool = False,
) -> Document:
    """The document standing for an input over the size limit (``rest_unread``: reading stopped there)."""
    actual = f"{size} bytes" if size is not None else "larger than that"
    message = f"the document is {actual}; the maximum document size is {limit} bytes (--max-document-size)"
    if rest_unread:
        message += f"; the line had not ended after twice that, so the rest of {file or name} was not read"
    column = 1 if line is not None else None
    return Document(
        name, file or name, problems=(input_finding(DOCUMENT_TOO_LARGE, message, line=line, column=column),)
    )
