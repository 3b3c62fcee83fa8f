"""Misbehaviour on demand: labelled invalid polls, throttling (429), unavailability (503) and slow polls.

Which poll gets a fault is decided by a random source seeded from the scenario's seed, in the order polls
arrive, so a client that polls the same way meets the same faults. An invalid poll is a labelled example of
``validator.strategies.invalid_job_states``: it says which rule it breaks at which pointer, and that is what
``ta-contract validate`` reports for it in a recording.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from validator._schemas import SUCCESSOR_VERSIONS
from validator._service._drawing import draw_one
from validator._strategies._invalid import select
from validator._strategies._job_state_mutations import JOB_STATE_MUTATIONS
from validator._strategies._mutation_types import Change, Mutation
from validator._strategies._successor import is_successor
from validator._strategies._successor_invalid import (
    apply_to_carrier,
    select_successor,
    successor_job_state_mutations,
)
from validator._validator import iter_findings
from validator.strategies import invalid_job_states

_FINAL = frozenset({"succeeded", "partiallyCompleted", "failed", "cancelled"})


@dataclass(frozen=True)
class Faults:
    """What goes wrong, and how often (each rate is a probability per poll, from 0 to 1)."""

    invalid_rules: tuple[str, ...] = ()  # the rules an invalid poll breaks; () with a rate: any rule
    invalid_rate: float = 0.0
    final_polls_only: bool = False  # break only polls of a finished job (and its later pages)
    # Where no mutation of the rules fits a poll: serve a labelled invalid example of another job (True),
    # or the poll unbroken (False).
    foreign_examples: bool = True
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
    in_job: bool = False  # the job's own poll, broken (False: a labelled example of another job)


@dataclass(frozen=True)
class Carried:
    """A Language API poll before translation: the carrier's (v3.2-preview.2) body and request.

    Most mutations break the carrier's document, whose translation then carries the broken place over, as the
    generators' successor near misses do.
    """

    body: dict[str, Any]
    request: dict[str, Any]


@dataclass(frozen=True)
class FaultyReply:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    label: FaultLabel


def throttling(faults: Faults, rolls: tuple[float, float, float]) -> FaultyReply | None:
    """A 429 or 503 for this poll, if its rolls (throttle, unavailable, invalid) say so."""
    roll_throttle, roll_unavailable, _ = rolls
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
    return None


def wants_invalid(faults: Faults, rolls: tuple[float, float, float], body: dict[str, Any]) -> bool:
    """Whether this poll is to be served broken (only finished ones, with ``final_polls_only``)."""
    if faults.final_polls_only and body.get("status") not in _FINAL:
        return False
    return rolls[2] < faults.invalid_rate


def check_fault_rules(rules: tuple[str, ...]) -> None:
    """Raises ``ValueError`` for a rule that no API version's polls can be made to break (an unknown rule, or
    one that judges the command line's input rather than a payload)."""
    for rule in rules:
        refusals = []
        for version in (None, *SUCCESSOR_VERSIONS):
            try:
                if version is None:
                    select("invalid_job_states", (rule,), False)
                else:
                    select_successor("invalid_job_states", version, (rule,), False)
            except InvalidArgument as error:
                refusals.append(str(error))
            else:
                break
        else:
            raise ValueError(refusals[0])


def fault_mutations(faults: Faults, api_version: str) -> tuple[Mutation, ...]:
    """The mutations an invalid poll of ``api_version`` may make: those of the chosen rules that apply to the
    version's family (a rule of the other family breaks nothing here); with no rule chosen, any error."""
    successor = is_successor(api_version)
    if not faults.invalid_rules:
        if successor:
            return select_successor("invalid_job_states", api_version, None, False)
        return select("invalid_job_states", None, False)
    pool = successor_job_state_mutations(api_version) if successor else JOB_STATE_MUTATIONS
    return tuple(mutation for mutation in pool if mutation.rule in faults.invalid_rules)


def invalid_poll(
    faults: Faults, body: dict[str, Any], api_version: str, seed_value: int, carried: Carried | None = None
) -> FaultyReply | None:
    """The job's own poll ``body`` with one rule broken; where no mutation of the rules fits this body, a
    labelled invalid example of its own (``FaultLabel.in_job`` is then False). A Language API poll also
    passes its ``carried`` form. None where none of the rules applies to the version."""
    mutations = fault_mutations(faults, api_version)
    if not mutations:
        return None
    found = draw_one(_broken(body, mutations, api_version, carried), seed_value)
    if found is not None:
        mutation, change = found
        also = tuple(pair for pair in change.also if pair != (mutation.rule, change.pointer))
        label = FaultLabel("invalid", mutation.rule, change.pointer, also, change.description, in_job=True)
        return FaultyReply(200, (), payload_bytes(change.payload), label)
    if not faults.foreign_examples:
        return None
    rules = tuple(sorted({mutation.rule for mutation in mutations})) if faults.invalid_rules else None
    case = draw_one(invalid_job_states(api_version, rules=rules), seed_value)
    label = FaultLabel("invalid", case.rule, case.pointer, tuple(case.also), case.description, in_job=False)
    return FaultyReply(200, (), payload_bytes(case.payload), label)


# What a mutation may raise when the body it is given lacks the place it breaks.
_DOES_NOT_FIT = (KeyError, IndexError, ValueError, TypeError, AttributeError, AssertionError, StopIteration)


@st.composite
def _broken(
    draw: st.DrawFn,
    body: dict[str, Any],
    mutations: tuple[Mutation, ...],
    api_version: str,
    carried: Carried | None,
) -> tuple[Mutation, Change] | None:
    """A mutation of ``mutations`` applied to ``body`` whose validation reports exactly its label."""
    for mutation in draw(st.permutations(mutations)):
        try:
            if carried is None:
                change = mutation.apply(draw, copy.deepcopy(body))
            else:
                v3_body, request = copy.deepcopy(carried.body), carried.request
                change = apply_to_carrier(draw, mutation, v3_body, request, api_version)
        except _DOES_NOT_FIT:
            continue
        expected = {(mutation.rule, change.pointer), *change.also}
        served = payload_bytes(change.payload)
        found = {
            (finding.rule, finding.pointer) for finding in iter_findings(served, api_version=api_version)
        }
        if found == expected:
            return mutation, change
    return None


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
