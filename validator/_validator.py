"""The validator's public functions and ``Validator``: parse raw text strictly, validate against the schema,
run the contract rules, report.

``iter_findings`` is the core; ``is_valid`` and ``validate`` are thin wrappers over it, and
``iter_sequence_findings`` adds the rules that compare successive polls. Checking one document is
``_document_check``'s. Rules only judge what the schema accepted, so one defect yields one finding. Positions
(line and column) are computed only for documents that have findings, since most documents have none.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from validator._document_check import Checked, check, located, position_index, problem_of, verdict
from validator._finding_cap import cap
from validator._finding_placement import document_order, locate
from validator._findings import Finding, Problem
from validator._limits import DEFAULT_MAX_FINDINGS
from validator._positions import PositionIndex
from validator._rule_registry import Scope
from validator._rules import contract_rules
from validator._rules.sequence import SequenceContext
from validator._schemas import DEFAULT_API_VERSION
from validator._string_units import StringIndexType
from validator._validation_options import Kind, Options, checked_options, read_request
from validator.exceptions import ContractError


def iter_findings(
    payload: Any,
    *,
    api_version: str = DEFAULT_API_VERSION,
    strict: bool = False,
    kind: Kind = "auto",
    request: Any = None,
    string_index_type: str | None = None,
    max_findings: int | None = DEFAULT_MAX_FINDINGS,
) -> Iterator[Finding]:
    """Yields every finding for one response document, in document order.

    ``payload`` is a parsed JSON value, or ``str``/``bytes`` of raw JSON, which is then parsed strictly
    (RFC 8259; duplicate keys are findings) and gives findings a line and column. ``kind`` is
    ``"job-state"``, ``"error"`` or ``"auto"``. ``request`` is the analyze request the response answers
    (``AnalyzeBatchInput``, parsed or raw), for the request cross-checks. ``string_index_type`` fixes the unit
    of span offsets and lengths; by default a span may match any of the three units. ``max_findings`` caps
    the findings (errors kept first); past it, one ``too-many-findings`` warning says how many were left out
    (``None``: no cap). Raises ``UnknownApiVersionError``, ``UnknownKindError``,
    ``UnknownStringIndexTypeError``, ``RequestError`` or ``InvalidMaxFindingsError`` for arguments outside
    those known, before looking at the payload.
    """
    options = checked_options(api_version, strict, kind, request, string_index_type, max_findings)
    return located(check(payload, options), max_findings=options.max_findings)


def iter_sequence_findings(
    responses: Iterable[Any],
    *,
    api_version: str = DEFAULT_API_VERSION,
    strict: bool = False,
    string_index_type: str | None = None,
    max_findings: int | None = DEFAULT_MAX_FINDINGS,
) -> Iterator[Finding]:
    """Yields the findings of successive polls of one job, each poll's own and those of the sequence.

    Pointers start with the poll's index in ``responses`` (``/2/status`` is the third poll's status), as if
    the polls formed one JSON array. ``max_findings`` caps each poll's own findings, as in ``iter_findings``,
    and the findings of the comparisons between polls, after which one ``too-many-findings`` warning at the
    root says how many of those were left out.
    Raises like ``iter_findings`` for unknown arguments.
    """
    options = checked_options(api_version, strict, "job-state", None, string_index_type, max_findings)
    return _iter_sequence(list(responses), options)


def _iter_sequence(responses: list[Any], options: Options) -> Iterator[Finding]:
    checked = [check(response, options) for response in responses]
    for index, document in enumerate(checked):
        yield from located(document, prefix=f"/{index}", max_findings=options.max_findings)
    contexts = [document.context for document in checked]
    if not contexts or any(context is None for context in contexts):
        return  # a poll that is not a parsed job state cannot be compared with the others
    sequence = SequenceContext([context for context in contexts if context is not None])
    problems = [
        problem_of(rule.info.id, rule.info.severity, violation)
        for rule in contract_rules(Scope.SEQUENCE, options.api_version)
        for violation in rule.check(sequence)
    ]
    # In poll order, then document order; capped like one document's findings (errors kept first).
    ordered = sorted(problems, key=lambda problem: _sequence_order(checked, problem))
    kept = cap((), ordered, options.max_findings, counted="the comparisons between polls have")
    indexes: dict[int, PositionIndex | None] = {}  # one per poll, however many findings it has
    for problem in kept.problems:
        poll, local = _poll_and_local(problem)
        if poll not in indexes:
            indexes[poll] = position_index(checked[poll])
        yield replace(locate(local, indexes[poll]), pointer=problem.pointer)
    if kept.left_out is not None:
        yield Finding(kept.left_out.rule, "", kept.left_out.severity, kept.left_out.message)


def _poll_and_local(problem: Problem) -> tuple[int, Problem]:
    """The poll a sequence problem is in (``/2/...``), and the problem with its pointer inside that poll."""
    index_token, _, rest = problem.pointer[1:].partition("/")
    return int(index_token), replace(problem, pointer="/" + rest if rest else "")


def _sequence_order(checked: list[Checked], problem: Problem) -> tuple[int, ...]:
    poll, local = _poll_and_local(problem)
    return (poll, *document_order(checked[poll].value, local.pointer))


class Validator:
    """A validator with fixed options, to reuse for many documents; safe to share between threads.

    It holds only its immutable options: every call builds its own state, and the compiled schemas it uses
    are immutable and shared.
    """

    def __init__(
        self,
        *,
        api_version: str = DEFAULT_API_VERSION,
        strict: bool = False,
        kind: Kind = "auto",
        string_index_type: str | None = None,
        max_findings: int | None = DEFAULT_MAX_FINDINGS,
    ) -> None:
        self._options = checked_options(api_version, strict, kind, None, string_index_type, max_findings)

    @property
    def api_version(self) -> str:
        return self._options.api_version

    @property
    def strict(self) -> bool:
        return self._options.strict

    @property
    def kind(self) -> str:
        return self._options.kind

    @property
    def string_index_type(self) -> StringIndexType | None:
        return self._options.string_index_type

    @property
    def max_findings(self) -> int | None:
        return self._options.max_findings

    def _key(self) -> tuple[str, bool, str, str | None, int | None]:
        return (self.api_version, self.strict, self.kind, self.string_index_type, self.max_findings)

    def __repr__(self) -> str:
        return (
            f"Validator(api_version={self.api_version!r}, strict={self.strict!r}, kind={self.kind!r}, "
            f"string_index_type={self.string_index_type!r}, max_findings={self.max_findings!r})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Validator):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def iter_findings(self, payload: Any, *, request: Any = None) -> Iterator[Finding]:
        """Yields every finding for one response document; see ``validator.iter_findings``."""
        options = self._options if request is None else replace(self._options, request=read_request(request))
        return located(check(payload, options), max_findings=options.max_findings)

    def iter_sequence_findings(self, responses: Iterable[Any]) -> Iterator[Finding]:
        """Yields the findings of successive polls of one job; see ``validator.iter_sequence_findings``."""
        return _iter_sequence(list(responses), replace(self._options, kind="job-state"))

    def is_valid(self, payload: Any, *, request: Any = None) -> bool:
        """True when the document has no error-severity finding (warnings do not count)."""
        options = self._options if request is None else replace(self._options, request=read_request(request))
        return verdict(payload, options)

    def validate(self, payload: Any, *, request: Any = None) -> None:
        """Raises ``ContractError`` carrying every finding when the document has an error-severity finding."""
        findings = list(self.iter_findings(payload, request=request))
        if any(finding.is_error for finding in findings):
            raise ContractError(findings)


def is_valid(
    payload: Any,
    *,
    api_version: str = DEFAULT_API_VERSION,
    strict: bool = False,
    kind: Kind = "auto",
    request: Any = None,
    string_index_type: str | None = None,
) -> bool:
    """True when the document has no error-severity finding (warnings do not count).

    Takes the same keyword options as ``iter_findings``, and raises like it for unknown arguments.
    """
    options = checked_options(api_version, strict, kind, request, string_index_type)
    return verdict(payload, options)


def validate(
    payload: Any,
    *,
    api_version: str = DEFAULT_API_VERSION,
    strict: bool = False,
    kind: Kind = "auto",
    request: Any = None,
    string_index_type: str | None = None,
    max_findings: int | None = DEFAULT_MAX_FINDINGS,
) -> None:
    """Raises ``ContractError`` carrying every finding when the document has an error-severity finding.

    Takes the same keyword options as ``iter_findings`` (``max_findings`` caps the findings it carries), and
    raises like it for unknown arguments.
    """
    options = checked_options(api_version, strict, kind, request, string_index_type, max_findings)
    findings = list(located(check(payload, options), max_findings=options.max_findings))
    if any(finding.is_error for finding in findings):
        raise ContractError(findings)
