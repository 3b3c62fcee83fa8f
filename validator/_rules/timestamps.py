"""Rules on the order of the job's and tasks' timestamps."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from validator._findings import echo
from validator._rule_registry import Violation, contract_rule
from validator._rules.context import JobContext

# RFC 3339 date-time with any number of fractional digits (the service sends 0, 6 or 7); ASCII digits only,
# as \d would also take digits of other scripts.
_DATE_TIME = re.compile(
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?"
    r"(?:([Zz])|([+-])([0-9]{2}):([0-9]{2}))"
)


def instant(value: Any) -> Decimal | None:
    """Seconds since the epoch, exactly, for an RFC 3339 date-time of any precision; None otherwise."""
    match = _DATE_TIME.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(part) for part in match.groups()[:6])
    try:
        seconds = calendar.timegm((year, month, day, hour, minute, min(second, 59), 0, 0, 0))
    except (ValueError, OverflowError):
        return None
    offset = 0
    if match.group(9):
        sign = -1 if match.group(9) == "-" else 1
        offset = sign * (int(match.group(10)) * 3600 + int(match.group(11)) * 60)
    return Decimal(seconds - offset) + Decimal(match.group(7) or "0")


@contract_rule(
    "timestamps-order",
    example='"createdDateTime": "2022-05-10T00:05:04Z", "expirationDateTime": "2022-05-10T00:05:04Z"',
)
def timestamps_order(context: JobContext) -> Iterator[Violation]:
    """Nothing is updated before the job was created, and results expire after it was created."""
    created = _accepted_instant(context, "/createdDateTime")
    if created is None:
        return
    created_text = echo(context.document["createdDateTime"])
    updated = _accepted_instant(context, context.job_updated_pointer)
    if updated is not None and updated < created:
        yield Violation(
            context.job_updated_pointer,
            f"{context.job_updated_pointer[1:]} {echo(context.document[context.job_updated_pointer[1:]])} "
            f"is before the job was created ({created_text})",
        )
    expires = _accepted_instant(context, "/expirationDateTime")
    if expires is not None and expires <= created:
        yield Violation(
            "/expirationDateTime",
            f"expirationDateTime {echo(context.document['expirationDateTime'])} is not after the job was "
            f"created ({created_text}); the service keeps results 24 hours after creation",
        )
    pointers = [f"{task.pointer}/lastUpdateDateTime" for task in context.task_items()]
    # The v3.1 previews (and the documentation sample) also carry tasks.details.lastUpdateDateTime.
    pointers.append("/tasks/details/lastUpdateDateTime")
    for pointer in pointers:
        task_updated = _accepted_instant(context, pointer)
        if task_updated is not None and task_updated < created:
            yield Violation(
                pointer,
                f"the task's lastUpdateDateTime {echo(context.value(pointer))} is before its job was created "
                f"({created_text})",
            )


def _accepted_instant(context: JobContext, pointer: str) -> Decimal | None:
    return instant(context.value(pointer)) if context.accepted(pointer) else None
