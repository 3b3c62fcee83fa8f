"""The values the strategies draw: an exchange, and the three labelled near misses.

Every labelled near miss has the same shape: ``payload`` (what to give the validator), then the label —
``rule``, ``pointer``, ``severity``, ``description``, ``mutation``, ``also`` — and the ``api_version`` and
``strict`` it was made for; ``to_dict()`` gives all of it as plain JSON values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple


class Exchange(NamedTuple):
    """An analyze request body (``AnalyzeBatchInput``) and the job-state response that answers it.

    A named tuple, so ``request, response = exchange`` keeps working; immutable like every drawn value (the
    two dictionaries themselves are fresh for each example, and the test may change them).
    """

    request: dict[str, Any]
    response: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """``{"request": ..., "response": ...}``, the shape ``ta-contract generate`` writes an exchange in."""
        return {"request": self.request, "response": self.response}


def _labelled_dict(
    case: InvalidJobState | InvalidExchange | InvalidLifecycle, payload: Any
) -> dict[str, Any]:
    return {
        "payload": payload,
        "rule": case.rule,
        "pointer": case.pointer,
        "severity": case.severity,
        "description": case.description,
        "mutation": case.mutation,
        "also": [{"rule": rule, "pointer": pointer} for rule, pointer in case.also],
        "api_version": case.api_version,
        "strict": case.strict,
    }


@dataclass(frozen=True)
class InvalidJobState:
    """A job-state payload that breaks ``rule`` at ``pointer``, starting from a valid one.

    ``payload`` is a parsed JSON value, or a ``str`` of raw JSON for the parsing rules (``invalid-json``,
    ``duplicate-key``). ``severity`` is ``"error"``, or ``"warning"`` for rules that only warn (unknown
    properties outside strict mode, unknown open-enumeration codes). ``description`` says what changed in
    words, ``mutation`` names the kind of change, and ``also`` lists further findings the change cannot
    avoid, as ``(rule, pointer)`` pairs (usually none).
    """

    payload: Any
    rule: str
    pointer: str
    severity: str
    description: str
    mutation: str
    api_version: str
    strict: bool
    also: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The payload and its label as plain JSON values (``also`` as ``{"rule", "pointer"}`` objects)."""
        return _labelled_dict(self, self.payload)


@dataclass(frozen=True)
class InvalidExchange:
    """An exchange whose response, valid alone, breaks the request rule ``rule`` at ``pointer`` (a pointer
    into the response); labelled as :class:`InvalidJobState` is, and ``payload`` is the :class:`Exchange`."""

    request: dict[str, Any]
    response: dict[str, Any]
    rule: str
    pointer: str
    severity: str
    description: str
    mutation: str
    api_version: str
    strict: bool
    also: tuple[tuple[str, str], ...] = ()

    @property
    def payload(self) -> Exchange:
        """The request and the response as one :class:`Exchange`."""
        return Exchange(self.request, self.response)

    def to_dict(self) -> dict[str, Any]:
        """The exchange (``{"request", "response"}``) and its label as plain JSON values."""
        return _labelled_dict(self, self.payload.to_dict())


@dataclass(frozen=True)
class InvalidLifecycle:
    """Polls of one job that break the sequence rule ``rule`` at ``pointer`` (``/<poll index>/...``);
    labelled as :class:`InvalidJobState` is, and ``payload`` is the list of polls."""

    polls: list[dict[str, Any]]
    rule: str
    pointer: str
    severity: str
    description: str
    mutation: str
    api_version: str
    strict: bool
    also: tuple[tuple[str, str], ...] = ()

    @property
    def payload(self) -> list[dict[str, Any]]:
        """The polls, under the name every labelled value uses for what the validator is given."""
        return self.polls

    def to_dict(self) -> dict[str, Any]:
        """The polls and their label as plain JSON values."""
        return _labelled_dict(self, self.polls)
