"""The invalid strategies: pick a mutation for the requested rules and places, draw its base, apply it, label
it."""

from __future__ import annotations

import copy
from collections.abc import Collection
from typing import Any

from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from validator._rule_registry import Scope
from validator._rules import rule_catalogue
from validator._strategies._aim import Aim, aiming
from validator._strategies._example_values import Exchange, InvalidExchange, InvalidJobState, InvalidLifecycle
from validator._strategies._exchange_mutations import EXCHANGE_MUTATIONS, LIFECYCLE_MUTATIONS
from validator._strategies._job_state_mutations import JOB_STATE_MUTATIONS
from validator._strategies._jobs import job_parts, lifecycle_parts
from validator._strategies._mutation_types import Mutation
from validator._strategies._render import render
from validator._strategies._vocabulary import check_api_version, check_bool

UNKNOWN_PROPERTY_RULE = "additionalProperties"
STRATEGY_OF_MUTATIONS = {
    "invalid_job_states": JOB_STATE_MUTATIONS,
    "invalid_analyze_exchanges": EXCHANGE_MUTATIONS,
    "invalid_job_lifecycles": LIFECYCLE_MUTATIONS,
}


def severity_of(rule: str, strict: bool) -> str:
    """How the validator reports ``rule`` under ``strict``."""
    if rule == UNKNOWN_PROPERTY_RULE:
        return "error" if strict else "warning"
    return next(str(info.severity) for info in rule_catalogue() if info.id == rule)


def select(strategy: str, rules: object, strict: object) -> tuple[Mutation, ...]:
    """The mutations ``strategy`` may draw for ``rules`` (None: each rule that is an error under strict)."""
    strict = check_bool("strict", strict)
    mutations = STRATEGY_OF_MUTATIONS[strategy]
    if rules is None:
        chosen = tuple(mutation for mutation in mutations if severity_of(mutation.rule, strict) == "error")
        if not chosen:
            raise InvalidArgument(f"{strategy}: no rule is an error with strict={strict}")
        return chosen
    if isinstance(rules, str) or not isinstance(rules, Collection) or not rules:
        raise InvalidArgument(f"rules={rules!r} must be a non-empty collection of rule ids (or None for all)")
    scopes = {info.id: info.scope for info in rule_catalogue()}
    for rule in rules:
        if rule not in scopes:
            raise InvalidArgument(f"rules: {rule!r} is not a rule id; `ta-contract rules` lists them")
        if scopes[rule] is Scope.INPUT:
            raise InvalidArgument(
                f"rules: {rule!r} judges what the command line is given (files, HAR logs, sizes), "
                "not a response payload, so no strategy can break it"
            )
        if not any(mutation.rule == rule for mutation in mutations):
            owner = next(
                (name for name, group in STRATEGY_OF_MUTATIONS.items() if any(m.rule == rule for m in group)),
                None,
            )
            where = f"; {owner}() breaks it" if owner else ""
            raise InvalidArgument(f"{strategy}() has no mutation for rule {rule!r}{where}")
    return tuple(mutation for mutation in mutations if mutation.rule in rules)


def aimed(
    strategy: str, mutations: tuple[Mutation, ...], aim: Aim | None, api_version: str, strict: bool
) -> tuple[Mutation, ...]:
    """The ``mutations`` that can break a place ``aim`` names; refused, with the places they can break,
    when none can."""
    if aim is None:
        return mutations

    def kinds(mutation: Mutation) -> tuple[str, ...]:
        return mutation.base(api_version, strict).plan.kinds

    # A mutation that declares no places may be reported anywhere; the drawn pointer is checked in any case.
    chosen = tuple(
        mutation
        for mutation in mutations
        if not mutation.places or aim.meets(mutation.places, kinds(mutation))
    )
    if not chosen:
        rules = sorted({mutation.rule for mutation in mutations})
        reachable = sorted({place for mutation in mutations for place in mutation.places})
        raise InvalidArgument(
            f"{strategy}(): no mutation of the rules {', '.join(rules)} breaks a place matching "
            f"pointers={list(aim.patterns)!r} in {api_version}; they break {', '.join(reachable)} "
            "(there '#' is an array index and '{tasks}' a task array; in pointers= '*' is one reference "
            "token and '**' any number of them; rules that only warn are drawn only when named in rules=)"
        )
    return chosen


def _label(mutation: Mutation, strict: bool, also: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    return {
        "rule": mutation.rule,
        "severity": severity_of(mutation.rule, strict),
        "mutation": mutation.name,
        # Only findings that are errors in this mode matter to a caller checking the error set.
        "also": tuple(pair for pair in also if severity_of(pair[0], strict) == "error"),
    }


def _on_target(aim: Aim | None, pointer: str) -> None:
    # Mutations pick only places the aim reaches, but a change may be reported at a container or a member
    # of the place picked, which the aim may still miss: then this example is dropped and another drawn.
    if aim is not None:
        assume(aim.matches(pointer))


@st.composite
def invalid_job_states_from(
    draw: st.DrawFn, api_version: str, mutations: tuple[Mutation, ...], strict: bool, aim: Aim | None = None
) -> InvalidJobState:
    mutation = draw(st.sampled_from(mutations))
    document = copy.deepcopy(render(*draw(job_parts(mutation.base(api_version, strict)))))
    with aiming(aim):
        change = mutation.apply(draw, document)
    _on_target(aim, change.pointer)
    label = _label(mutation, strict, change.also)
    return InvalidJobState(
        payload=change.payload,
        pointer=change.pointer,
        description=change.description,
        api_version=api_version,
        strict=strict,
        **label,
    )


@st.composite
def invalid_exchanges_from(
    draw: st.DrawFn, api_version: str, mutations: tuple[Mutation, ...], strict: bool, aim: Aim | None = None
) -> InvalidExchange:
    mutation = draw(st.sampled_from(mutations))
    plan, moment = draw(job_parts(mutation.base(api_version, strict)))
    unchanged = Exchange(copy.deepcopy(plan.request), copy.deepcopy(render(plan, moment)))
    with aiming(aim):  # the response's pointers are the ones reported
        change = mutation.apply(draw, unchanged)
    _on_target(aim, change.pointer)
    exchange: Exchange = change.payload
    label = _label(mutation, strict, change.also)
    return InvalidExchange(
        request=exchange.request,
        response=exchange.response,
        pointer=change.pointer,
        description=change.description,
        api_version=api_version,
        strict=strict,
        **label,
    )


@st.composite
def invalid_lifecycles_from(
    draw: st.DrawFn, api_version: str, mutations: tuple[Mutation, ...], strict: bool, aim: Aim | None = None
) -> InvalidLifecycle:
    mutation = draw(st.sampled_from(mutations))
    shape = mutation.base(api_version, strict)
    plan, moments = draw(lifecycle_parts(shape, 3, 6))
    # Not aiming while the change is made: a lifecycle mutation picks places inside one poll, whose pointers
    # lack the poll index that the reported pointer starts with.
    change = mutation.apply(draw, [render(plan, moment) for moment in moments])
    _on_target(aim, change.pointer)
    label = _label(mutation, strict, change.also)
    return InvalidLifecycle(
        polls=change.payload,
        pointer=change.pointer,
        description=change.description,
        api_version=api_version,
        strict=strict,
        **label,
    )


def checked_version(api_version: object) -> str:
    return check_api_version(api_version)
