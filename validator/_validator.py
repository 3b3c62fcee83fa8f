"""The validator: parse raw text strictly, validate against the schema, run the contract rules, report.

``iter_findings`` is the core; ``is_valid`` and ``validate`` are thin wrappers over it. Rules only judge what
the schema accepted, so one defect yields one finding. Positions (line and column) are computed only for
documents that have findings, since most documents have none.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from validator import _fast_path as _fast
from validator._finding_placement import document_order, locate
from validator._findings import Finding, Problem, Severity
from validator._hints import annotate, could_be_misplaced, iter_misplaced_problems
from validator._parsing import parse_json
from validator._plain_json import is_plain, parse_plain, screen, tame_huge_integers
from validator._positions import PositionIndex
from validator._rule_registry import Scope, Violation
from validator._rules import contract_rules
from validator._rules.context import JobContext
from validator._rules.sequence import SequenceContext
from validator._schema_validation import iter_schema_problems
from validator._schemas import DEFAULT_API_VERSION, check_api_version
from validator._string_units import STRING_INDEX_TYPES, StringIndexType
from validator.exceptions import ContractError, RequestError, UnknownKindError, UnknownStringIndexTypeError

Kind = Literal["job-state", "error", "auto"]
KINDS: tuple[str, ...] = ("job-state", "error", "auto")


def detect_kind(value: Any) -> str:
    """``"error"`` for an object whose only key is ``error`` (an error response), else ``"job-state"``."""
    if isinstance(value, dict) and list(value) == ["error"]:
        return "error"
    return "job-state"


@dataclass(frozen=True)
class _Options:
    api_version: str
    strict: bool
    kind: str
    request: Mapping[str, Any] | None
    string_index_type: StringIndexType | None


@dataclass(frozen=True)
class _Checked:
    """One document after every check: what parsing found, and the located-later problems of the rest."""

    text: str | None
    parse_findings: tuple[Finding, ...]
    value: Any
    problems: tuple[Problem, ...]
    context: JobContext | None  # for job-state documents that parsed


def _options(
    api_version: str, strict: bool, kind: str, request: Any, string_index_type: str | None
) -> _Options:
    check_api_version(api_version)
    if kind not in KINDS:
        raise UnknownKindError(kind, KINDS)
    if string_index_type is not None and string_index_type not in STRING_INDEX_TYPES:
        raise UnknownStringIndexTypeError(string_index_type, STRING_INDEX_TYPES)
    unit: StringIndexType | None = string_index_type  # narrowed by the membership check above
    return _Options(api_version, strict, kind, _read_request(request), unit)


def _read_request(request: Any) -> Mapping[str, Any] | None:
    if request is None or isinstance(request, Mapping):
        return request
    if isinstance(request, (str, bytes, bytearray)):
        try:
            request = json.loads(request)
        except ValueError as error:
            raise RequestError(f"the analyze request is not JSON: {error}") from error
        if isinstance(request, Mapping):
            return request
    raise RequestError("the analyze request must be a JSON object (AnalyzeBatchInput)")


def iter_findings(
    payload: Any,
    *,
    api_version: str = DEFAULT_API_VERSION,
    strict: bool = False,
    kind: Kind = "auto",
    request: Any = None,
    string_index_type: str | None = None,
) -> Iterator[Finding]:
    """Yields every finding for one response document, in document order.

    ``payload`` is a parsed JSON value, or ``str``/``bytes`` of raw JSON, which is then parsed strictly
    (RFC 8259; duplicate keys are findings) and gives findings a line and column. ``kind`` is
    ``"job-state"``, ``"error"`` or ``"auto"``. ``request`` is the analyze request the response answers
    (``AnalyzeBatchInput``, parsed or raw), for the request cross-checks. ``string_index_type`` fixes the unit
    of span offsets and lengths; by default a span may match any of the three units. Raises
    ``UnknownApiVersionError``, ``UnknownKindError``, ``UnknownStringIndexTypeError`` or ``RequestError`` for
    arguments outside those known, before looking at the payload.
    """
    options = _options(api_version, strict, kind, request, string_index_type)
    return _located(_check(payload, options))


def iter_sequence_findings(
    responses: Iterable[Any],
    *,
    api_version: str = DEFAULT_API_VERSION,
    strict: bool = False,
    string_index_type: str | None = None,
) -> Iterator[Finding]:
    """Yields the findings of successive polls of one job, each poll's own and those of the sequence.

    Pointers start with the poll's index in ``responses`` (``/2/status`` is the third poll's status), as if
    the polls formed one JSON array. Raises like ``iter_findings`` for unknown arguments.
    """
    options = _options(api_version, strict, "job-state", None, string_index_type)
    return _iter_sequence(list(responses), options)


def _iter_sequence(responses: list[Any], options: _Options) -> Iterator[Finding]:
    checked = [_check(response, options) for response in responses]
    for index, document in enumerate(checked):
        yield from _located(document, prefix=f"/{index}")
    contexts = [document.context for document in checked]
    if not contexts or any(context is None for context in contexts):
        return  # a poll that is not a parsed job state cannot be compared with the others
    sequence = SequenceContext([context for context in contexts if context is not None])
    problems = [
        _problem(rule.info.id, rule.info.severity, violation)
        for rule in contract_rules(Scope.SEQUENCE, options.api_version)
        for violation in rule.check(sequence)
    ]
    located = []
    for problem in problems:
        index_token, _, rest = problem.pointer[1:].partition("/")
        poll = int(index_token)
        local = replace(problem, pointer="/" + rest if rest else "")
        order = (poll, *document_order(checked[poll].value, local.pointer))
        text = checked[poll].text
        located.append(
            (
                order,
                replace(
                    locate(local, PositionIndex(text) if text is not None else None), pointer=problem.pointer
                ),
            )
        )
    for _order, finding in sorted(located, key=lambda pair: pair[0]):
        yield finding


def _check(payload: Any, options: _Options) -> _Checked:
    if _fast.enabled:
        checked = _fast_check(payload, options)
        if checked is not None:
            return checked
    text: str | None = None
    parse_findings: list[Finding] = []
    if isinstance(payload, (str, bytes, bytearray)):
        parsed = parse_json(bytes(payload) if isinstance(payload, bytearray) else payload)
        parse_findings = [
            Finding(
                problem.rule,
                problem.pointer,
                Severity.ERROR,
                problem.message,
                problem.position.line if problem.position else None,
                problem.position.column if problem.position else None,
            )
            for problem in parsed.problems
        ]
        if not parsed.parsed:
            return _Checked(parsed.text, tuple(parse_findings), None, (), None)
        text, value = parsed.text, parsed.value
    else:
        value = payload
    too_deep, huge_integers = screen(value)
    if too_deep is not None:
        return _Checked(text, tuple(parse_findings), value, (too_deep,), None)
    if huge_integers:
        value = tame_huge_integers(value)
    kind = detect_kind(value) if options.kind == "auto" else options.kind
    problems = list(
        iter_schema_problems(value, api_version=options.api_version, kind=kind, strict=options.strict)
    )
    context = None
    if kind == "job-state" and isinstance(value, Mapping):
        if could_be_misplaced(value):
            problems += iter_misplaced_problems(value, api_version=options.api_version, strict=options.strict)
        context = JobContext(
            value,
            options.api_version,
            frozenset(problem.pointer for problem in problems if problem.severity is Severity.ERROR),
            options.string_index_type,
            options.request,
        )
        problems += _rule_problems(context)
    problems = annotate(problems, value)
    return _Checked(text, tuple(parse_findings), value, tuple(problems), context)


def _fast_check(payload: Any, options: _Options) -> _Checked | None:
    """The common case, when the compiled validator is installed: a document with no schema finding at all.

    Returns None whenever the detailed path is needed (anything the fast path cannot decide, and every
    document with a schema finding, warnings included), so that both paths give the same findings.
    """
    text: str | None = None
    if isinstance(payload, (str, bytes, bytearray)):
        parsed = parse_plain(bytes(payload) if isinstance(payload, bytearray) else payload)
        if parsed is None:
            return None
        text, value = parsed
    else:
        value = payload
        if not is_plain(value):
            return None
    kind = detect_kind(value) if options.kind == "auto" else options.kind
    schema = _fast.compiled(options.api_version, kind)
    if schema is None:
        return None
    # Parsed here, the value is plain JSON; depth is bounded by the schema itself where it can be.
    if text is not None and not schema.bounds_depth and not is_plain(value):
        return None
    if not schema.is_valid(value):
        return None
    problems: list[Problem] = []
    context = None
    if kind == "job-state" and isinstance(value, Mapping):
        context = JobContext(
            value, options.api_version, frozenset(), options.string_index_type, options.request
        )
        if could_be_misplaced(value):
            problems += iter_misplaced_problems(value, api_version=options.api_version, strict=options.strict)
        problems += _rule_problems(context)
    problems = annotate(problems, value)
    return _Checked(text, (), value, tuple(problems), context)


def _rule_problems(context: JobContext) -> list[Problem]:
    problems = []
    for scope in (Scope.DOCUMENT, Scope.REQUEST):
        for rule in contract_rules(scope, context.api_version):
            problems += [
                _problem(rule.info.id, rule.info.severity, violation) for violation in rule.check(context)
            ]
    return problems


def _problem(rule: str, severity: Severity, violation: Violation) -> Problem:
    return Problem(rule, violation.pointer, severity, violation.message, violation.hint)


def _located(checked: _Checked, prefix: str = "") -> Iterator[Finding]:
    """The document's findings in document order, placed in its text; ``prefix`` goes before each pointer."""
    findings = list(checked.parse_findings)
    if checked.problems:
        positions: dict[int, dict[str, int]] = {}
        problems = sorted(
            checked.problems, key=lambda problem: document_order(checked.value, problem.pointer, positions)
        )
        index = PositionIndex(checked.text) if checked.text is not None else None
        findings += [locate(problem, index) for problem in problems]
    for finding in findings:
        yield replace(finding, pointer=prefix + finding.pointer) if prefix else finding


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
    ) -> None:
        self._options = _options(api_version, strict, kind, None, string_index_type)

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

    def _key(self) -> tuple[str, bool, str, str | None]:
        return (self.api_version, self.strict, self.kind, self.string_index_type)

    def __repr__(self) -> str:
        return (
            f"Validator(api_version={self.api_version!r}, strict={self.strict!r}, kind={self.kind!r}, "
            f"string_index_type={self.string_index_type!r})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Validator):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def iter_findings(self, payload: Any, *, request: Any = None) -> Iterator[Finding]:
        """Yields every finding for one response document; see ``validator.iter_findings``."""
        options = self._options if request is None else replace(self._options, request=_read_request(request))
        return _located(_check(payload, options))

    def iter_sequence_findings(self, responses: Iterable[Any]) -> Iterator[Finding]:
        """Yields the findings of successive polls of one job; see ``validator.iter_sequence_findings``."""
        return _iter_sequence(list(responses), replace(self._options, kind="job-state"))

    def is_valid(self, payload: Any, *, request: Any = None) -> bool:
        """True when the document has no error-severity finding (warnings do not count)."""
        return not any(finding.is_error for finding in self.iter_findings(payload, request=request))

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
    options = _options(api_version, strict, kind, request, string_index_type)
    return not any(finding.is_error for finding in _located(_check(payload, options)))


def validate(
    payload: Any,
    *,
    api_version: str = DEFAULT_API_VERSION,
    strict: bool = False,
    kind: Kind = "auto",
    request: Any = None,
    string_index_type: str | None = None,
) -> None:
    """Raises ``ContractError`` carrying every finding when the document has an error-severity finding.

    Takes the same keyword options as ``iter_findings``, and raises like it for unknown arguments.
    """
    options = _options(api_version, strict, kind, request, string_index_type)
    findings = list(_located(_check(payload, options)))
    if any(finding.is_error for finding in findings):
        raise ContractError(findings)
