"""Hypothesis strategies for the analyze-job status response (install the ``generators`` extra).

Valid data is built from one drawn job (its request, every task's outcome and results, and when each task
finished), so it passes the schema and every contract rule by construction: counters add up, spans cut the
document text at their offset and length in the task's string index unit, and so on. Invalid data starts from
a valid document and breaks one rule at one place, and says which.

Every option is keyword-only, and a bad argument raises ``hypothesis.errors.InvalidArgument`` when the
strategy is first drawn from. Only this module and its private helpers (``validator._strategies``) import
Hypothesis.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from validator._schemas import DEFAULT_API_VERSION
from validator._strategies._aim import check_pointers
from validator._strategies._example_values import Exchange, InvalidExchange, InvalidJobState, InvalidLifecycle
from validator._strategies._invalid import (
    _label,
    aimed,
    checked_version,
    invalid_exchanges_from,
    invalid_job_states_from,
    invalid_lifecycles_from,
    select,
)
from validator._strategies._jobs import (
    LIFECYCLE_FINAL_STATUSES,
    check_options,
    exchanges_from,
    job_states_from,
    lifecycles_from,
)
from validator._strategies._schema_fuzz import schema_documents
from validator._strategies._successor import (
    carrier_statuses,
    carrier_task_kinds,
    carrier_version,
    is_successor,
    successor_exchanges_from,
    successor_job_states_from,
    successor_lifecycles_from,
)
from validator._strategies._successor_invalid import (
    invalid_successor_exchanges_from,
    invalid_successor_job_states_from,
    invalid_successor_lifecycles_from,
    select_successor,
)
from validator._strategies._vocabulary import check_size_range

__all__ = [
    "Exchange",
    "InvalidExchange",
    "InvalidJobState",
    "InvalidLifecycle",
    "analyze_exchanges",
    "from_schema",
    "invalid_analyze_exchanges",
    "invalid_job_lifecycles",
    "invalid_job_states",
    "job_lifecycles",
    "job_states",
]


def _refuse_aim_at_successor(strategy: str, aim: object, version: str) -> None:
    """``pointers=`` places are v3.x pointers; a Language API version cannot be aimed at them yet."""
    if aim is not None:
        raise InvalidArgument(
            f"{strategy}(pointers=...) aims at v3.x versions only so far; use rules= for {version}"
        )


def job_states(
    api_version: str = DEFAULT_API_VERSION,
    *,
    status: str | Collection[str] | None = None,
    task_kinds: Collection[str] | None = None,
    min_tasks: int = 1,
    max_tasks: int = 3,
    min_documents: int = 1,
    max_documents: int = 3,
    failed_tasks: bool | None = None,
    document_errors: bool | None = None,
    warnings: bool | None = False,
    show_stats: bool | None = None,
    paging: bool | None = None,
    string_index_type: str | None = None,
    task_names: bool | None = None,
    opinion_mining: bool | None = None,
    strict: bool = False,
) -> st.SearchStrategy[dict[str, Any]]:
    """Valid job-state responses (parsed JSON) that pass the schema and every contract rule.

    Under a Language API version (``2022-05-01`` and later) the job is drawn as for v3.2-preview.2 and sent in
    the successor's shape: ``tasks.items[]`` with a ``kind``, ``status``, ``lastUpdatedDateTime``,
    ``nextLink``; a cancelled job lists its unfinished tasks as ``cancelled`` items with empty results, as
    the service does. ``task_kinds`` may then also name item kinds (``EntityRecognitionLROResults``); the
    healthcare and abstractive summarization kinds are not drawn.

    - ``status``: one job status or several. Default: every status the version's service sends: under v3.x
      all but ``cancelled`` and ``cancelling`` (v3.x has no cancel operation; name them to draw them), under
      the Language API all of them (its service cancels on request).
    - ``task_kinds``: the task kinds to draw from, named as in the response without ``Tasks``
      (``"customEntityRecognition"``); default: every kind of the version. ``min_tasks``/``max_tasks`` bound
      the job's tasks (1 to 12; at most one per kind in v3.1 and v3.2-preview.1, ten after), and
      ``min_documents``/``max_documents`` the request's documents (1 to 25).
    - ``failed_tasks``: True, a failed task shows (with its job-level error); False, none fails; None, rare.
    - ``document_errors``: True, a document is erroneous (unsupported language or empty text) in every task;
      False, none is; None, rare. ``warnings``: document warnings (True, False, or None for either).
    - ``show_stats``: task and document ``statistics`` (the client asked for ``showStats=true``).
    - ``paging``: True, the response is a page other than the last and carries ``@nextLink``.
    - ``string_index_type``: the unit every span is counted in (``TextElement_v8``, ``UnicodeCodePoint``,
      ``Utf16CodeUnit``); None draws one per task, as requests may.
    - ``task_names``: True, tasks carry the ``taskName`` the client gave; False, none; None, either (and, for
      v3.1 and v3.2-preview.1, sometimes the name the 2021 service made up).
    - ``opinion_mining``: sentiment tasks report targets and assessments.
    - ``strict``: False (default) sometimes adds properties of later API versions, which clients must ignore;
      True never does, so examples also pass ``strict=True`` validation.

    For the tri-state options, None means "either, drawn". Examples shrink toward a one-task job over one
    short English document with ASCII names, without statistics, paging or unknown properties; statuses
    and kinds shrink toward the first allowed (``succeeded``, then the version's first task kind).
    """

    def build() -> st.SearchStrategy[dict[str, Any]]:
        shape = check_options(
            carrier_version(api_version),
            status=carrier_statuses(api_version, status),
            task_kinds_=carrier_task_kinds(api_version, task_kinds),
            min_tasks=min_tasks,
            max_tasks=max_tasks,
            min_documents=min_documents,
            max_documents=max_documents,
            failed_tasks=failed_tasks,
            document_errors=document_errors,
            warnings=warnings,
            show_stats=show_stats,
            paging=paging,
            string_index_type=string_index_type,
            task_names=task_names,
            opinion_mining=opinion_mining,
            strict=strict,
        )
        if is_successor(api_version):
            return successor_job_states_from(shape, api_version)
        return job_states_from(shape)

    return st.deferred(build)


def analyze_exchanges(
    api_version: str = DEFAULT_API_VERSION,
    *,
    status: str | Collection[str] | None = None,
    task_kinds: Collection[str] | None = None,
    min_tasks: int = 1,
    max_tasks: int = 3,
    min_documents: int = 1,
    max_documents: int = 3,
    failed_tasks: bool | None = None,
    document_errors: bool | None = None,
    show_stats: bool | None = None,
    string_index_type: str | None = None,
    task_names: bool | None = None,
    opinion_mining: bool | None = None,
    strict: bool = False,
) -> st.SearchStrategy[Exchange]:
    """Exchanges: an analyze request body (``AnalyzeBatchInput``) and a job-state response that answers it,
    as an :class:`Exchange` (``.request``, ``.response``; a named tuple, so ``request, response = exchange``
    works too).

    The response answers every requested document id once in each finished task (in ``documents`` or
    ``errors``), its spans cut the request's texts at their offsets in the unit the task's ``stringIndexType``
    asked for (``TextElement_v8`` when absent), and its task kinds and ``taskName`` s are the requested ones.
    Tasks the response reports as failed asked for an unsupported ``model-version`` (or a missing custom
    deployment). Responses are never paged. Options mean what they mean for :func:`job_states`; examples
    shrink the same way, toward one task over one document.
    """

    def build() -> st.SearchStrategy[Exchange]:
        shape = check_options(
            carrier_version(api_version),
            status=carrier_statuses(api_version, status),
            task_kinds_=carrier_task_kinds(api_version, task_kinds),
            min_tasks=min_tasks,
            max_tasks=max_tasks,
            min_documents=min_documents,
            max_documents=max_documents,
            failed_tasks=failed_tasks,
            document_errors=document_errors,
            warnings=False,
            show_stats=show_stats,
            paging=False,
            string_index_type=string_index_type,
            task_names=task_names,
            opinion_mining=opinion_mining,
            strict=strict,
            exchange=True,
        )
        if is_successor(api_version):
            return successor_exchanges_from(shape, api_version).map(lambda pair: Exchange(*pair))
        return exchanges_from(shape)

    return st.deferred(build)


def job_lifecycles(
    api_version: str = DEFAULT_API_VERSION,
    *,
    final_status: str | Collection[str] | None = None,
    min_polls: int = 3,
    max_polls: int = 6,
    task_kinds: Collection[str] | None = None,
    min_tasks: int = 1,
    max_tasks: int = 3,
    min_documents: int = 1,
    max_documents: int = 2,
    show_stats: bool | None = None,
    string_index_type: str | None = None,
    task_names: bool | None = None,
    strict: bool = False,
) -> st.SearchStrategy[list[dict[str, Any]]]:
    """Lists of successive polls of one job, for testing pollers: ``notStarted``, then ``running`` while tasks
    finish one by one, then ``final_status`` (``succeeded``, ``partiallyCompleted``, ``failed`` or
    ``cancelled``; default any but ``cancelled``, which v3.x never sends), sometimes polled twice.

    Every poll is a valid job state, and the list passes ``validator.iter_sequence_findings``: same ``jobId``
    and ``createdDateTime``, counters that never go backwards, finished tasks that never change, and a
    ``lastUpdateDateTime`` that never decreases. ``min_polls``/``max_polls`` bound the polls (3 to 20).
    Under a Language API version the polls are in the successor's shape (see :func:`job_states`), and a
    lifecycle that ends ``cancelled`` passes through ``cancelling``, shaped like the recorded cancel.
    Examples shrink toward three polls (notStarted, running, succeeded) of a one-task job.
    """

    def build() -> st.SearchStrategy[list[dict[str, Any]]]:
        check_size_range("polls", min_polls, max_polls, floor=3, ceiling=20)
        shape = check_options(
            carrier_version(api_version),
            status=carrier_statuses(api_version, final_status, LIFECYCLE_FINAL_STATUSES),
            task_kinds_=carrier_task_kinds(api_version, task_kinds),
            min_tasks=min_tasks,
            max_tasks=max_tasks,
            min_documents=min_documents,
            max_documents=max_documents,
            failed_tasks=None,
            document_errors=None,
            warnings=False,
            show_stats=show_stats,
            paging=False,
            string_index_type=string_index_type,
            task_names=task_names,
            opinion_mining=None,
            strict=strict,
            known_statuses=LIFECYCLE_FINAL_STATUSES,
        )
        if is_successor(api_version):
            return successor_lifecycles_from(shape, api_version, min_polls, max_polls)
        return lifecycles_from(shape, min_polls, max_polls)

    return st.deferred(build)


def invalid_job_states(
    api_version: str = DEFAULT_API_VERSION,
    *,
    rules: Collection[str] | None = None,
    pointers: Collection[str] | None = None,
    strict: bool = False,
) -> st.SearchStrategy[InvalidJobState]:
    """Near-miss job states: a valid document with one change that breaks one rule at one place.

    Each example is an :class:`InvalidJobState` whose ``payload`` (parsed JSON, or raw JSON text for
    ``invalid-json`` and ``duplicate-key``) yields the finding ``rule`` at ``pointer`` when validated with
    ``api_version`` and ``strict``, and no other error except the pairs listed in ``also`` (almost always
    none). ``description`` says what changed; ``mutation`` names the kind of change; ``to_dict()`` gives the
    payload and all of its label as JSON values.

    ``rules`` restricts the rule ids drawn: any parsing, schema or single-document contract rule of
    ``validator.rule_catalogue()``. By default every rule that is an error under ``strict`` is drawn
    (``additionalProperties`` only when ``strict=True``); naming a warning-only rule (``open-enum``, or
    ``additionalProperties`` without strict) draws payloads whose finding has ``severity == "warning"``.

    ``pointers`` aims at places: every example's ``pointer`` matches one of these JSON pointers, in which a
    reference token ``*`` stands for any one token and ``**`` for any number of them (``["/status"]``,
    ``["/tasks/*/*/state"]``, ``["/tasks/**/offset"]``). Combined with ``rules``, both must hold; a
    combination no mutation can produce raises ``InvalidArgument`` naming the places those rules can break.

    Examples shrink toward the first rule of the catalogue (among those asked for and aimed at), applied to
    the smallest base document, and toward the first matching place in document order (as far as
    Hypothesis' bounded shrinker gets).
    """

    def build() -> st.SearchStrategy[InvalidJobState]:
        version = checked_version(api_version)
        aim = check_pointers(pointers)
        if is_successor(version):
            _refuse_aim_at_successor("invalid_job_states", aim, version)
            chosen = select_successor("invalid_job_states", version, rules, strict)
            return invalid_successor_job_states_from(version, chosen, strict, _label)
        mutations = aimed(
            "invalid_job_states", select("invalid_job_states", rules, strict), aim, version, strict
        )
        return invalid_job_states_from(version, mutations, strict, aim)

    return st.deferred(build)


def invalid_analyze_exchanges(
    api_version: str = DEFAULT_API_VERSION,
    *,
    rules: Collection[str] | None = None,
    pointers: Collection[str] | None = None,
    strict: bool = False,
) -> st.SearchStrategy[InvalidExchange]:
    """Exchanges where the response is a valid document that does not answer the request.

    Each example is an :class:`InvalidExchange`: validated with ``request=``, ``response`` yields ``rule``
    (``request-span-text``, ``request-document-ids`` or ``request-tasks``) at ``pointer``, plus the pairs in
    ``also``, and nothing else. ``rules`` restricts the rule ids, ``pointers`` the places in the response, as
    for :func:`invalid_job_states`. Examples shrink toward a span whose text is not the request's, in a
    one-task exchange.
    """

    def build() -> st.SearchStrategy[InvalidExchange]:
        version = checked_version(api_version)
        aim = check_pointers(pointers)
        if is_successor(version):
            _refuse_aim_at_successor("invalid_analyze_exchanges", aim, version)
            chosen = select_successor("invalid_analyze_exchanges", version, rules, strict)
            return invalid_successor_exchanges_from(version, chosen, strict, _label)
        chosen = select("invalid_analyze_exchanges", rules, strict)
        mutations = aimed("invalid_analyze_exchanges", chosen, aim, version, strict)
        return invalid_exchanges_from(version, mutations, strict, aim)

    return st.deferred(build)


def invalid_job_lifecycles(
    api_version: str = DEFAULT_API_VERSION,
    *,
    rules: Collection[str] | None = None,
    pointers: Collection[str] | None = None,
    strict: bool = False,
) -> st.SearchStrategy[InvalidLifecycle]:
    """Poll sequences of one job in which every poll is valid but the sequence breaks one sequence rule.

    Each example is an :class:`InvalidLifecycle`: ``validator.iter_sequence_findings(polls)`` yields
    ``rule`` at ``pointer`` (which starts with the poll's index), plus the pairs in ``also``, and nothing
    else. ``rules`` restricts the rule ids, ``pointers`` the places, as for :func:`invalid_job_states`, with
    the poll's index as the first token (``["/*/status"]``: a status of any poll). Examples shrink toward a
    three-poll lifecycle whose last poll names another job.
    """

    def build() -> st.SearchStrategy[InvalidLifecycle]:
        version = checked_version(api_version)
        aim = check_pointers(pointers)
        if is_successor(version):
            _refuse_aim_at_successor("invalid_job_lifecycles", aim, version)
            chosen = select_successor("invalid_job_lifecycles", version, rules, strict)
            return invalid_successor_lifecycles_from(version, chosen, strict, _label)
        chosen = select("invalid_job_lifecycles", rules, strict)
        mutations = aimed("invalid_job_lifecycles", chosen, aim, version, strict)
        return invalid_lifecycles_from(version, mutations, strict, aim)

    return st.deferred(build)


def from_schema(api_version: str = DEFAULT_API_VERSION, *, strict: bool = False) -> st.SearchStrategy[Any]:
    """Documents that pass the bundled schema of ``api_version`` and are otherwise arbitrary, for fuzzing
    parsers; built on hypothesis-jsonschema (the ``generators`` extra).

    Unlike :func:`job_states` these break contract rules freely (counters that do not add up, spans longer
    than their text) and are generated far more slowly. With ``strict`` they come from the strict bundle and
    carry no unknown properties. Nested error ``details`` and inner ``innererror`` objects are never
    generated (hypothesis-jsonschema cannot follow their recursion). With Hypothesis 6.170.10 and later,
    hypothesis-jsonschema 0.23.1 needs an adapter that this function installs; see ``docs/generators.md``.
    Examples shrink as hypothesis-jsonschema shrinks them, toward the smallest document the schema allows.
    """

    def build() -> st.SearchStrategy[Any]:
        version = checked_version(api_version)
        if not isinstance(strict, bool):
            raise InvalidArgument(f"strict={strict!r} must be True or False")
        if is_successor(version):
            # hypothesis-jsonschema does not finish in useful time on the per-kind if/then branches of
            # tasks.items[] (nor on the two timestamp spellings of 2022-10-01-preview).
            raise InvalidArgument(
                f"from_schema supports the v3.x versions only; "
                f"for {version} draw from job_states({version!r})"
            )
        return schema_documents(version, strict=strict)

    return st.deferred(build)
