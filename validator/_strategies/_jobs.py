"""The valid strategies: job states, exchanges (a request and the response that answers it) and lifecycles."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from validator._strategies._example_values import Exchange
from validator._strategies._plan import JobPlan, PlanOptions, job_plans
from validator._strategies._render import Moment, render
from validator._strategies._vocabulary import (
    FINISHED_STATUSES,
    JOB_STATUSES,
    OPT_IN_STATUSES,
    check_api_version,
    check_bool,
    check_choices,
    check_flag,
    check_size_range,
    check_unit,
    max_tasks_per_kind,
    task_kinds,
)

MAX_TASKS = 12
MAX_DOCUMENTS = 25
LIFECYCLE_FINAL_STATUSES = ("succeeded", "partiallyCompleted", "failed", "cancelled")


@dataclass(frozen=True)
class Shape:
    """Checked options: which statuses to draw and whether a failed task must (or must not) show."""

    plan: PlanOptions
    statuses: tuple[str, ...]
    failed_tasks: bool | None


def check_options(
    api_version: object,
    *,
    status: object,
    task_kinds_: object,
    min_tasks: object,
    max_tasks: object,
    min_documents: object,
    max_documents: object,
    failed_tasks: object,
    document_errors: object,
    warnings: object,
    show_stats: object,
    paging: object,
    string_index_type: object,
    task_names: object,
    opinion_mining: object,
    strict: object,
    known_statuses: Sequence[str] = JOB_STATUSES,
    exchange: bool = False,
) -> Shape:
    """Checks every public option (raising ``InvalidArgument``) and returns them normalised."""
    version = check_api_version(api_version)
    kinds = (
        task_kinds(version)
        if task_kinds_ is None
        else check_choices("task_kinds", task_kinds_, task_kinds(version))
    )
    fewest_tasks, most_tasks = check_size_range("tasks", min_tasks, max_tasks, floor=1, ceiling=MAX_TASKS)
    capacity = max_tasks_per_kind(version) * len(kinds)
    if fewest_tasks > capacity:
        raise InvalidArgument(
            f"min_tasks={fewest_tasks}: a {version} job holds at most {max_tasks_per_kind(version)} task(s) "
            f"of each kind, {capacity} of the kinds {', '.join(kinds)}"
        )
    most_tasks = min(most_tasks, capacity)
    fewest_documents, most_documents = check_size_range(
        "documents", min_documents, max_documents, floor=1, ceiling=MAX_DOCUMENTS
    )
    failed = check_flag("failed_tasks", failed_tasks)
    plan = PlanOptions(
        api_version=version,
        kinds=kinds,
        min_tasks=fewest_tasks,
        max_tasks=most_tasks,
        min_documents=fewest_documents,
        max_documents=most_documents,
        document_errors=check_flag("document_errors", document_errors),
        warnings=check_flag("warnings", warnings),
        show_stats=check_flag("show_stats", show_stats),
        paging=check_flag("paging", paging),
        string_index_type=check_unit(string_index_type),
        task_names=check_flag("task_names", task_names),
        opinion_mining=check_flag("opinion_mining", opinion_mining),
        strict=check_bool("strict", strict),
        exchange=exchange,
    )
    if plan.paging and most_documents < 2:
        raise InvalidArgument("paging=True needs max_documents >= 2: a page that is not the last one")
    wanted = (
        tuple(name for name in known_statuses if name not in OPT_IN_STATUSES)
        if status is None
        else check_choices("status", status, known_statuses)
    )
    feasible = tuple(name for name in wanted if _why_not(name, failed, most_tasks) is None)
    if status is not None and len(feasible) < len(wanted):
        reasons = "; ".join(
            f"{name}: {_why_not(name, failed, most_tasks)}" for name in wanted if name not in feasible
        )
        raise InvalidArgument(f"status={status!r} cannot be drawn with these options ({reasons})")
    if not feasible:
        raise InvalidArgument(f"no job status fits failed_tasks={failed!r} with max_tasks={most_tasks}")
    return Shape(plan, feasible, failed)


def _why_not(status: str, failed_tasks: bool | None, max_tasks: int) -> str | None:
    if status in ("partiallyCompleted", "failed") and failed_tasks is False:
        return "it needs a failed task, and failed_tasks=False"
    if status in ("succeeded", "notStarted") and failed_tasks is True:
        return "it shows no failed task, and failed_tasks=True"
    if status == "partiallyCompleted" and max_tasks < 2:
        return "it needs a succeeded and a failed task, and max_tasks < 2"
    if status in ("running", "cancelling", "cancelled") and failed_tasks is True and max_tasks < 2:
        return "a failed task and an unfinished one need max_tasks >= 2"
    return None


@st.composite
def _outcomes(draw: st.DrawFn, shape: Shape, status: str, count: int) -> list[bool]:
    """Whether each finisher (in finish order) succeeds."""
    if status == "succeeded":
        return [True] * count
    if status == "failed":
        return [False] * count
    if status == "partiallyCompleted":
        failures = draw(st.lists(st.booleans(), min_size=count, max_size=count))
        if not any(failures):
            failures[-1] = True
        if all(failures):
            failures[0] = False
        return [not failure for failure in failures]
    if shape.failed_tasks is False:
        return [True] * count
    # A failure is rare (one value in six) unless asked for, and shrinks away.
    outcomes = [draw(st.integers(0, 5)) != 5 for _ in range(count)]
    if shape.failed_tasks:
        outcomes[0] = False
    return outcomes


def _finished_count(draw: st.DrawFn, shape: Shape, status: str, count: int) -> int:
    if status in FINISHED_STATUSES:
        return count
    if status == "notStarted":
        return 0
    return draw(st.integers(1 if shape.failed_tasks else 0, count - 1))


@st.composite
def job_parts(draw: st.DrawFn, shape: Shape) -> tuple[JobPlan, Moment]:
    """A plan and the moment at which its response has one of the shape's statuses."""
    status = draw(st.sampled_from(shape.statuses))
    low = max(shape.plan.min_tasks, 2 if status == "partiallyCompleted" or _needs_two(shape, status) else 1)
    count = draw(st.integers(low, max(low, shape.plan.max_tasks)))
    plan = draw(job_plans(shape.plan, draw(_outcomes(shape, status, count)), count))
    finished = _finished_count(draw, shape, status, count)
    offsets = sorted(draw(st.lists(st.integers(0, 30), min_size=count, max_size=count)))
    seconds = tuple(plan.created + timedelta(seconds=offset) for offset in offsets)
    latest = max(offsets[:finished], default=0)
    last_update = plan.created + timedelta(seconds=latest + draw(st.integers(0, 3)))
    return plan, Moment(status, finished, last_update, seconds)


def _needs_two(shape: Shape, status: str) -> bool:
    return bool(shape.failed_tasks) and status not in FINISHED_STATUSES


def job_states_from(shape: Shape) -> st.SearchStrategy[dict[str, Any]]:
    return job_parts(shape).map(lambda parts: render(*parts))


def exchanges_from(shape: Shape) -> st.SearchStrategy[Exchange]:
    return job_parts(shape).map(lambda parts: Exchange(parts[0].request, render(*parts)))


@st.composite
def lifecycle_parts(
    draw: st.DrawFn, shape: Shape, min_polls: int, max_polls: int
) -> tuple[JobPlan, list[Moment]]:
    """A plan and the moments of successive polls: notStarted, then running, then a terminal status."""
    final = draw(st.sampled_from(shape.statuses))
    low = max(shape.plan.min_tasks, 2 if final == "partiallyCompleted" else 1)
    count = draw(st.integers(low, max(low, shape.plan.max_tasks)))
    plan = draw(
        job_plans(shape.plan, draw(_outcomes(replace(shape, failed_tasks=None), final, count)), count)
    )
    total = draw(st.integers(min_polls, max_polls))
    waiting = draw(st.integers(1, total - 2))
    terminal = draw(st.integers(1, min(2, total - waiting - 1)))
    running = total - waiting - terminal
    final_finished = count if final in FINISHED_STATUSES else draw(st.integers(0, count - 1))
    progress = sorted(
        draw(st.lists(st.integers(0, min(count - 1, final_finished)), min_size=running, max_size=running))
    )
    statuses = ["notStarted"] * waiting + ["running"] * running + [final] * terminal
    finished = [0] * waiting + progress + [final_finished] * terminal
    moments, seconds = [], [plan.created] * count
    now = plan.created + timedelta(seconds=draw(st.integers(0, 1)))
    for poll, (status, done) in enumerate(zip(statuses, finished, strict=True)):
        if poll:
            now += timedelta(seconds=draw(st.integers(1, 5)))
        newly = range(finished[poll - 1] if poll else 0, done)
        for rank in newly:
            # A task that finished since the last poll did so within the last second before this one.
            seconds[rank] = max(plan.created, now - timedelta(seconds=1))
        moments.append(Moment(status, done, now, tuple(seconds)))
    return plan, moments


def lifecycles_from(shape: Shape, min_polls: int, max_polls: int) -> st.SearchStrategy[list[dict[str, Any]]]:
    return lifecycle_parts(shape, min_polls, max_polls).map(
        lambda parts: [render(parts[0], moment) for moment in parts[1]]
    )
