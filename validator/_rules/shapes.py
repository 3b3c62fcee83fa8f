"""Rules on known wrong shapes of the whole document, such as those of the documentation sample."""

from __future__ import annotations

from collections.abc import Iterator

from validator._pointers import escape_token
from validator._rule_registry import Violation, contract_rule
from validator._rules.context import JobContext, is_mapping
from validator._schemas import V3_VERSIONS


@contract_rule(
    "misplaced-task-array",
    example='"tasks": {"tasks": {"customEntityRecognitionTasks": [...]}}',
    versions=V3_VERSIONS,
)
def misplaced_task_array(context: JobContext) -> Iterator[Violation]:
    """Task arrays sit directly under tasks, never one level deeper under tasks.tasks."""
    nested = context.tasks.get("tasks")
    if not is_mapping(nested):
        return
    for kind, array in nested.items():
        if isinstance(kind, str) and kind.endswith("Tasks") and isinstance(array, list):
            yield Violation(
                f"/tasks/tasks/{escape_token(kind)}",
                f"the task array {kind} is nested under tasks.tasks, where clients do not look for it",
                hint=f"the service sends tasks.{kind}; the documentation sample nests it one level deeper",
            )
