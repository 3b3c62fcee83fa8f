"""The validator: parse raw text strictly, validate against the schema, and report findings in order.

``iter_findings`` is the core; ``is_valid`` and ``validate`` are thin wrappers over it. Positions (line and
column) are computed only for documents that have findings, since most documents have none.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from validator._findings import Finding, Severity
from validator._parsing import PositionIndex, parse_json
from validator._schema_check import SchemaProblem, iter_schema_problems
from validator._schemas import DEFAULT_API_VERSION, check_api_version
from validator.exceptions import ContractError, UnknownKindError

Kind = Literal["job-state", "error", "auto"]
KINDS: tuple[str, ...] = ("job-state", "error", "auto")


def detect_kind(value: Any) -> str:
    """``"error"`` for an object whose only key is ``error`` (an error response), else ``"job-state"``."""
    if isinstance(value, dict) and list(value) == ["error"]:
        return "error"
    return "job-state"


def iter_findings(
    payload: Any,
    *,
    api_version: str = DEFAULT_API_VERSION,
    strict: bool = False,
    kind: Kind = "auto",
) -> Iterator[Finding]:
    """Yields every finding for one response document.

    ``payload`` is a parsed JSON value, or ``str``/``bytes`` of raw JSON, which is then parsed strictly
    (RFC 8259; duplicate keys are findings) and gives findings a line and column. ``kind`` is
    ``"job-state"``, ``"error"`` or ``"auto"``. Raises ``UnknownApiVersionError`` or ``UnknownKindError``
    for arguments outside those known, before looking at the payload.
    """
    check_api_version(api_version)
    if kind not in KINDS:
        raise UnknownKindError(kind, KINDS)
    return _iter_findings(payload, api_version=api_version, strict=strict, kind=kind)


def _iter_findings(payload: Any, *, api_version: str, strict: bool, kind: str) -> Iterator[Finding]:
    text: str | None = None
    if isinstance(payload, (str, bytes, bytearray)):
        parsed = parse_json(bytes(payload) if isinstance(payload, bytearray) else payload)
        for problem in parsed.problems:
            position = problem.position
            yield Finding(
                problem.rule,
                problem.pointer,
                Severity.ERROR,
                problem.message,
                position.line if position else None,
                position.column if position else None,
            )
        if not parsed.parsed:
            return
        text, value = parsed.text, parsed.value
    else:
        value = payload
    resolved_kind = detect_kind(value) if kind == "auto" else kind
    schema_problems = list(
        iter_schema_problems(value, api_version=api_version, kind=resolved_kind, strict=strict)
    )
    if not schema_problems:
        return
    schema_problems.sort(key=lambda problem: document_order(value, problem.pointer))
    index = PositionIndex(text) if text is not None else None
    for schema_problem in schema_problems:
        yield _locate(schema_problem, index)


def _locate(problem: SchemaProblem, index: PositionIndex | None) -> Finding:
    position = None
    if index is not None:
        position = index.key_position(problem.pointer) if problem.at_key else None
        position = position or index.value_position(problem.pointer)
    return Finding(
        problem.rule,
        problem.pointer,
        problem.severity,
        problem.message,
        position.line if position else None,
        position.column if position else None,
    )


def document_order(value: Any, pointer: str) -> tuple[int, ...]:
    """A sort key that puts pointers in the order their places appear in the document."""
    key: list[int] = []
    node = value
    for token in pointer.split("/")[1:] if pointer else []:
        name = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and name in node:
            key.append(list(node).index(name))
            node = node[name]
        elif isinstance(node, list) and name.isdigit() and int(name) < len(node):
            key.append(int(name))
            node = node[int(name)]
        else:
            break
    return tuple(key)


def is_valid(
    payload: Any,
    *,
    api_version: str = DEFAULT_API_VERSION,
    strict: bool = False,
    kind: Kind = "auto",
) -> bool:
    """True when the document has no error-severity finding (warnings do not count)."""
    findings = iter_findings(payload, api_version=api_version, strict=strict, kind=kind)
    return not any(finding.is_error for finding in findings)


def validate(
    payload: Any,
    *,
    api_version: str = DEFAULT_API_VERSION,
    strict: bool = False,
    kind: Kind = "auto",
) -> None:
    """Raises ``ContractError`` carrying every finding when the document has an error-severity finding."""
    findings = list(iter_findings(payload, api_version=api_version, strict=strict, kind=kind))
    if any(finding.is_error for finding in findings):
        raise ContractError(findings)
