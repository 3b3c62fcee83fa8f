"""Labelled invalid Language API data: near misses for every rule that applies to the successor versions.

Most v3.x mutations break a rule the successor shares (a span one unit too long, a repeated document id, a
score above 1): they are applied to the drawn v3.x document, which is then translated like valid data, and
their pointer carried to the same place (``/tasks/<array>/<i>`` to ``/tasks/items/<k>``, ``state`` to
``status``). Mutations that write raw text are applied to the translation itself. The rules of
``tasks.items[]`` and ``nextLink`` get mutations of their own.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Collection, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from validator._rules import rule_catalogue
from validator._strategies._example_values import Exchange, InvalidExchange, InvalidJobState, InvalidLifecycle
from validator._strategies._exchange_mutations import EXCHANGE_MUTATIONS, LIFECYCLE_MUTATIONS
from validator._strategies._invalid import severity_of
from validator._strategies._job_state_mutations import JOB_STATE_MUTATIONS
from validator._strategies._jobs import Shape, job_parts, lifecycle_parts
from validator._strategies._mutation_types import Apply, Change, Mutation, base
from validator._strategies._render import render
from validator._strategies._successor import (
    CARRIER,
    drawable_kinds,
    item_places,
    successor_pointer,
    successor_request,
    successor_response,
)
from validator._strategies._vocabulary import check_bool

# Mutations that write raw JSON text: applied to the translated document, whose pointers they name.
_ON_TRANSLATION = frozenset({"truncated-body", "repeated-status", "endless-total"})
# v3.x mutations whose place has no successor counterpart: a NaN written into the raw text of a v3.x document,
# and an empty task array (the successor sends items: [] and has no minItems).
_NOT_CARRIED = frozenset({"nan-score", "empty-task-array"})


def _applies(rule: str, api_version: str) -> bool:
    return any(info.id == rule and api_version in info.versions for info in rule_catalogue())


def _carrier_base(mutation: Mutation) -> Mutation:
    """The mutation drawn from the carrier, over the task kinds the Language API version has."""
    carried = mutation.base

    def shape(api_version: str, strict: bool) -> Shape:
        drawn = carried(CARRIER, strict)
        available = drawable_kinds(api_version)
        kinds = tuple(kind for kind in drawn.plan.kinds if kind in available) or available
        return replace(drawn, plan=replace(drawn.plan, kinds=kinds))

    return replace(mutation, base=shape)


# Own mutations of the successor rules, applied to the translated document ---------------------------------


def _first_item(document: Mapping[str, Any], status: str = "succeeded") -> int:
    items = document["tasks"]["items"]
    return next(index for index, item in enumerate(items) if item.get("status") == status)


def _total_plus_one(draw: st.DrawFn, document: Any) -> Change:
    document["tasks"]["total"] += 1
    return Change(document, "/tasks/total", "total counts one task more than the counters and items")


def _completed_without_item(draw: st.DrawFn, document: Any) -> Change:
    document["tasks"]["completed"] += 1
    document["tasks"]["total"] += 1
    return Change(document, "/tasks/completed", "completed counts a task that tasks.items does not list")


def _succeeded_without_results(draw: st.DrawFn, document: Any) -> Change:
    index = _first_item(document)
    del document["tasks"]["items"][index]["results"]
    return Change(document, f"/tasks/items/{index}", "a succeeded task without its results")


def _running_with_nothing_in_progress(draw: st.DrawFn, document: Any) -> Change:
    document["status"] = "running"
    return Change(document, "/tasks/inProgress", "a running job whose every task has finished")


def _link_to_other_job(api_version: str) -> Apply:
    def apply(draw: st.DrawFn, document: Any) -> Change:
        other = uuid.UUID(int=draw(st.integers(0, 2**128 - 1)), version=4)
        document["nextLink"] = (
            f"https://example.cognitiveservices.azure.com/language/analyze-text/jobs/{other}"
            f"?api-version={api_version}&$skip=1&$top=1"
        )
        return Change(document, "/nextLink", "a nextLink to another job")

    return apply


def _job_updated_before_creation(draw: st.DrawFn, document: Any) -> Change:
    created = datetime.fromisoformat(document["createdDateTime"].replace("Z", "+00:00"))
    document["lastUpdatedDateTime"] = (created - timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Change(document, "/lastUpdatedDateTime", "the job updated a second before it was created")


def _unknown_kind(draw: st.DrawFn, document: Any) -> Change:
    index = _first_item(document)
    document["tasks"]["items"][index]["kind"] = "ConversationalSummarizationLROResults"
    return Change(document, f"/tasks/items/{index}/kind", "an item kind this API version does not have")


plain = base("entityRecognition", "keyPhraseExtraction", max_tasks=1)


def own_mutations(api_version: str) -> tuple[Mutation, ...]:
    """The mutations of the successor's own rules (and of its spellings), for ``api_version``."""
    return (
        Mutation("item-counters-sum", "total-plus-one", plain, _total_plus_one),
        Mutation("items-match-counters", "completed-without-item", plain, _completed_without_item),
        Mutation("item-results-presence", "succeeded-without-results", plain, _succeeded_without_results),
        Mutation(
            "item-status-consistency", "running-nothing-in-progress", plain, _running_with_nothing_in_progress
        ),
        Mutation("analyze-text-next-link", "link-to-other-job", plain, _link_to_other_job(api_version)),
        Mutation("timestamps-order", "job-updated-before-creation", plain, _job_updated_before_creation),
        Mutation("enum", "unknown-item-kind", plain, _unknown_kind),
    )


_OWN = frozenset(mutation.name for mutation in own_mutations("2023-04-01"))


def successor_job_state_mutations(api_version: str) -> tuple[Mutation, ...]:
    """The mutations of single documents that break a rule of ``api_version``, each from the carrier."""
    carried = tuple(
        _carrier_base(mutation)
        for mutation in JOB_STATE_MUTATIONS
        if _applies(mutation.rule, api_version) and mutation.name not in _NOT_CARRIED
    )
    return carried + tuple(_carrier_base(mutation) for mutation in own_mutations(api_version))


def successor_exchange_mutations(api_version: str) -> tuple[Mutation, ...]:
    return tuple(_carrier_base(m) for m in EXCHANGE_MUTATIONS if _applies(m.rule, api_version))


def successor_lifecycle_mutations(api_version: str) -> tuple[Mutation, ...]:
    return tuple(_carrier_base(m) for m in LIFECYCLE_MUTATIONS if _applies(m.rule, api_version))


def _apply(draw: st.DrawFn, mutation: Mutation, parts: Any, api_version: str) -> Change:
    plan, moment = parts
    return apply_to_carrier(draw, mutation, copy.deepcopy(render(plan, moment)), plan.request, api_version)


def apply_to_carrier(
    draw: st.DrawFn,
    mutation: Mutation,
    v3_document: dict[str, Any],
    request: Mapping[str, Any],
    api_version: str,
) -> Change:
    """``mutation`` of a Language API document, given as the carrier's ``v3_document`` drawn for ``request``:
    its own mutations break the translation; carried ones break ``v3_document`` and the translation carries
    the broken place over."""
    if mutation.name in _OWN or mutation.name in _ON_TRANSLATION:
        return mutation.apply(draw, successor_response(v3_document, request, api_version))
    places = item_places(v3_document)
    change = mutation.apply(draw, v3_document)
    document = successor_response(change.payload, request, api_version)
    also = tuple((rule, successor_pointer(pointer, places)) for rule, pointer in change.also)
    return Change(document, successor_pointer(change.pointer, places), change.description, also)


@st.composite
def invalid_successor_job_states_from(
    draw: st.DrawFn, api_version: str, mutations: tuple[Mutation, ...], strict: bool, label: Any
) -> InvalidJobState:
    mutation = draw(st.sampled_from(mutations))
    change = _apply(draw, mutation, draw(job_parts(mutation.base(api_version, strict))), api_version)
    return InvalidJobState(
        payload=change.payload,
        pointer=change.pointer,
        description=change.description,
        api_version=api_version,
        strict=strict,
        **label(mutation, strict, change.also),
    )


@st.composite
def invalid_successor_exchanges_from(
    draw: st.DrawFn, api_version: str, mutations: tuple[Mutation, ...], strict: bool, label: Any
) -> InvalidExchange:
    mutation = draw(st.sampled_from(mutations))
    plan, moment = draw(job_parts(mutation.base(api_version, strict)))
    v3_response = copy.deepcopy(render(plan, moment))
    places = item_places(v3_response)
    change = mutation.apply(draw, Exchange(copy.deepcopy(plan.request), v3_response))
    request, response = change.payload
    return InvalidExchange(
        request=successor_request(request),
        response=successor_response(response, request, api_version),
        pointer=successor_pointer(change.pointer, places),
        description=change.description,
        api_version=api_version,
        strict=strict,
        **label(mutation, strict, tuple((r, successor_pointer(p, places)) for r, p in change.also)),
    )


@st.composite
def invalid_successor_lifecycles_from(
    draw: st.DrawFn, api_version: str, mutations: tuple[Mutation, ...], strict: bool, label: Any
) -> InvalidLifecycle:
    mutation = draw(st.sampled_from(mutations))
    plan, moments = draw(lifecycle_parts(mutation.base(api_version, strict), 3, 6))
    polls = [render(plan, moment) for moment in moments]
    change = mutation.apply(draw, polls)
    mutated = change.payload

    def carried(pointer: str) -> str:
        _, index, *rest = pointer.split("/")
        if not index.isdigit() or int(index) >= len(mutated):
            return pointer
        return f"/{index}" + successor_pointer(
            "/" + "/".join(rest) if rest else "", item_places(mutated[int(index)])
        )

    return InvalidLifecycle(
        polls=[successor_response(poll, plan.request, api_version) for poll in mutated],
        pointer=carried(change.pointer),
        description=change.description,
        api_version=api_version,
        strict=strict,
        **label(mutation, strict, tuple((rule, carried(pointer)) for rule, pointer in change.also)),
    )


_POOLS = {
    "invalid_job_states": successor_job_state_mutations,
    "invalid_analyze_exchanges": successor_exchange_mutations,
    "invalid_job_lifecycles": successor_lifecycle_mutations,
}


def select_successor(strategy: str, api_version: str, rules: object, strict: object) -> tuple[Mutation, ...]:
    """The mutations ``strategy`` may draw under a Language API version, as ``select`` does for v3.x."""
    strict = check_bool("strict", strict)
    pool = _POOLS[strategy](api_version)
    if rules is None:
        return tuple(mutation for mutation in pool if severity_of(mutation.rule, strict) == "error")
    if isinstance(rules, str) or not isinstance(rules, Collection) or not rules:
        raise InvalidArgument(f"rules={rules!r} must be a non-empty collection of rule ids (or None for all)")
    known = {info.id for info in rule_catalogue()}
    for rule in rules:
        if rule not in known:
            raise InvalidArgument(f"rules: {rule!r} is not a rule id; `ta-contract rules` lists them")
        if not any(mutation.rule == rule for mutation in pool):
            raise InvalidArgument(f"{strategy}() has no mutation for rule {rule!r} under {api_version}")
    return tuple(mutation for mutation in pool if mutation.rule in rules)
