"""The cap on findings per document (``max_findings``): which findings are kept, and the one that says so.

Errors are kept before warnings, so a capped report has an error exactly when the full one has: the cap
shortens a report, it never changes its verdict. What is kept is reported in document order, as ever.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from validator._finding_placement import document_order
from validator._findings import Finding, Problem, Severity
from validator._hints import annotate
from validator.exceptions import InvalidMaxFindingsError

TOO_MANY_FINDINGS = "too-many-findings"


def check_max_findings(max_findings: object) -> int | None:
    """``max_findings`` when it is None or a positive integer; raises InvalidMaxFindingsError otherwise."""
    if max_findings is None:
        return None
    if isinstance(max_findings, bool) or not isinstance(max_findings, int) or max_findings < 1:
        raise InvalidMaxFindingsError(max_findings)
    return max_findings


@dataclass(frozen=True)
class Capped:
    """The findings and problems kept, in their order, and the problem that reports what was left out."""

    findings: tuple[Finding, ...]
    problems: tuple[Problem, ...]
    left_out: Problem | None


def cap(
    findings: Sequence[Finding],
    problems: Sequence[Problem],
    max_findings: int | None,
    left_out: tuple[int, int] = (0, 0),
    counted: str = "the document has",
) -> Capped:
    """Keeps at most ``max_findings`` of ``findings`` then ``problems`` (both already in document order);
    ``left_out`` counts the errors and warnings already left out while collecting the problems, and
    ``counted`` names what had them all in the message."""
    total = len(findings) + len(problems) + sum(left_out)
    if max_findings is None or total <= max_findings:
        return Capped(tuple(findings), tuple(problems), None)
    budget = max_findings
    kept: list[set[int]] = [set(), set()]
    groups: tuple[Sequence[Finding | Problem], ...] = (findings, problems)
    for severity in (Severity.ERROR, Severity.WARNING):
        for group, items in enumerate(groups):
            for index, item in enumerate(items):
                if budget == 0:
                    break
                if item.severity is severity:
                    kept[group].add(index)
                    budget -= 1
    kept_findings = tuple(item for index, item in enumerate(findings) if index in kept[0])
    kept_problems = tuple(item for index, item in enumerate(problems) if index in kept[1])
    errors = sum(item.is_error for item in findings) + sum(
        item.severity is Severity.ERROR for item in problems
    )
    kept_errors = sum(item.is_error for item in kept_findings) + sum(
        item.severity is Severity.ERROR for item in kept_problems
    )
    left_errors = errors - kept_errors + left_out[0]
    left_warnings = total - max_findings - left_errors
    message = (
        f"{counted} {total:,} findings, more than the {max_findings:,} reported: "
        f"{total - max_findings:,} more ({left_errors:,} error(s), {left_warnings:,} warning(s)) "
        "are left out; max_findings (--max-findings) sets how many are reported"
    )
    return Capped(kept_findings, kept_problems, Problem(TOO_MANY_FINDINGS, "", Severity.WARNING, message))


class CappedProblems:
    """Collects the problems of one document as they are found, holding at most about twice the cap.

    Each problem gets its hint (or is dropped when another finding explains it) as it arrives. Past the cap,
    the errors first and then the earliest in the document are kept, and the others are only counted: a
    document with a million unknown keys costs memory for a thousand findings, not a million.
    """

    def __init__(self, value: Any, max_findings: int | None) -> None:
        self._value = value
        self._positions: dict[int, dict[str, int]] = {}  # each object's key order, for document_order
        self._max = max_findings
        self._kept: list[tuple[tuple[bool, tuple[int, ...]], Problem]] = []  # (priority, problem)
        self.left_errors = 0
        self.left_warnings = 0

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            for annotated in annotate([problem], self._value):
                # Errors first, then document order; computed once, as a problem may be sorted many times.
                priority = (annotated.severity is not Severity.ERROR, self._order(annotated.pointer))
                self._kept.append((priority, annotated))
            if self._max is not None and len(self._kept) >= 2 * self._max + 64:
                self._trim(self._max)

    def problems(self) -> tuple[Problem, ...]:
        """The problems kept, at most the cap, in document order."""
        if self._max is not None and len(self._kept) > self._max:
            self._trim(self._max)
        return tuple(problem for _priority, problem in sorted(self._kept, key=lambda entry: entry[0][1]))

    @property
    def left_out(self) -> tuple[int, int]:
        return (self.left_errors, self.left_warnings)

    def _order(self, pointer: str) -> tuple[int, ...]:
        return document_order(self._value, pointer, self._positions)

    def _trim(self, limit: int) -> None:
        self._kept.sort(key=lambda entry: entry[0])
        for _priority, problem in self._kept[limit:]:
            if problem.severity is Severity.ERROR:
                self.left_errors += 1
            else:
                self.left_warnings += 1
        del self._kept[limit:]
