"""Misbehaviour on demand: labelled invalid polls, throttling (429), unavailability (503) and slow polls.

Which poll gets a fault is decided by a random source seeded from the scenario's seed, in the order polls
arrive, so a client that polls the same way meets the same faults. An invalid poll is a labelled example of
``validator.strategies.invalid_job_states``: it says which rule it breaks at which pointer, and that is what
``ta-contract validate`` reports for it in a recording.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from validator._service._drawing import draw_one
from validator.strategies import invalid_job_states


@dataclass(frozen=True)
class Faults:
    """What goes wrong, and how often (each rate is a probability per poll, from 0 to 1)."""

    invalid_rules: tuple[str, ...] = ()  # the rules an invalid poll breaks; () with a rate: any rule
    invalid_rate: float = 0.0
    throttle_rate: float = 0.0  # 429 Too Many Requests with Retry-After
    unavailable_rate: float = 0.0  # 503 Service Unavailable with Retry-After
    retry_after: int = 1  # seconds, in the Retry-After of a 429 or 503
    poll_delay: float = 0.0  # seconds every poll waits before it is answered


@dataclass(frozen=True)
class FaultLabel:
    """What a served response broke on purpose: ``kind`` is invalid, throttled or unavailable."""

    kind: str
    rule: str | None = None
    pointer: str | None = None
    also: tuple[tuple[str, str], ...] = ()
    description: str = ""


@dataclass(frozen=True)
class FaultyReply:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    label: FaultLabel


def choose_fault(
    faults: Faults, rolls: tuple[float, float, float], api_version: str, seed_value: int
) -> FaultyReply | None:
    """The fault this poll gets, if any, from three rolls in [0, 1) (throttle, unavailable, invalid)."""
    roll_throttle, roll_unavailable, roll_invalid = rolls
    retry = (("Retry-After", str(faults.retry_after)),)
    if roll_throttle < faults.throttle_rate:
        # The gateway in front of the service answers a throttled call with the status as its error code,
        # a value outside the documented enumeration: the validator warns about it (open-enum).
        body = _error_body("429", f"Rate limit is exceeded. Try again in {faults.retry_after} seconds.")
        label = FaultLabel("throttled", "open-enum", "/error/code", description="429 with Retry-After")
        return FaultyReply(429, retry, body, label)
    if roll_unavailable < faults.unavailable_rate:
        body = _error_body("ServiceUnavailable", "The service is temporarily unavailable.")
        return FaultyReply(503, retry, body, FaultLabel("unavailable", description="503 with Retry-After"))
    if roll_invalid < faults.invalid_rate:
        return _invalid_reply(faults, api_version, seed_value)
    return None


def _invalid_reply(faults: Faults, api_version: str, seed_value: int) -> FaultyReply:
    rules = faults.invalid_rules or None
    case = draw_one(invalid_job_states(api_version, rules=rules), seed_value)
    label = FaultLabel("invalid", case.rule, case.pointer, tuple(case.also), case.description)
    return FaultyReply(200, (), payload_bytes(case.payload), label)


def payload_bytes(payload: Any) -> bytes:
    """A payload as sent: raw text as it is, parsed JSON serialised without escaping non-ASCII."""
    if isinstance(payload, bytes):
        return payload
    if isinstance(payload, str):
        return payload.encode("utf-8", "surrogatepass")
    text = json.dumps(payload, ensure_ascii=False, allow_nan=True)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate has no UTF-8 form: escaped, it parses back to the same string.
        return json.dumps(payload, ensure_ascii=True, allow_nan=True).encode("ascii")


def _error_body(code: str, message: str) -> bytes:
    return json.dumps({"error": {"code": code, "message": message}}).encode()
