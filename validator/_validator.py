"""The validator: parse raw text strictly, validate against the schema, run the contract rules, report.

``iter_findings`` is the core; ``is_valid`` and ``validate`` are thin wrappers over it. Rules only judge what
the schema accepted, so one defect yields one finding. Positions (line and column) are computed only for
documents that have findings, since most documents have none.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from itertools import chain
from typing import Any

from validator import _fast_path as _fast
from validator._compiled_errors import compiled_problems
from validator._finding_cap import CappedProblems, cap
from validator._finding_placement import document_order, locate
from validator._findings import Finding, Problem, Severity
from validator._fused_rules import vouched_rules
from validator._hints import could_be_misplaced, iter_misplaced_problems
from validator._limits import DEFAULT_MAX_FINDINGS
from validator._parsing import parse_json
from validator._plain_json import is_plain, nests_within, parse_plain, screen, tame_huge_integers
from validator._positions import PositionIndex
from validator._rule_registry import Scope, Violation
from validator._rules import contract_rules
from validator._rules.context import JobContext
from validator._rules.sequence import SequenceContext
from validator._schema_validation import iter_schema_problems
from validator._schemas import DEFAULT_API_VERSION, V3_VERSIONS
from validator._string_units import StringIndexType
from validator._validation_options import Kind, Options, checked_options, detect_kind, read_request
from validator.exceptions import ContractError


@dataclass(frozen=True)
class _Checked:
    """One document after every check: what parsing found, and the located-later problems of the rest."""

    text: str | None
    parse_findings: tuple[Finding, ...]
    value: Any
    problems: tuple[Problem, ...]  # in document order, at most max_findings of them
    context: JobContext | None  # for job-state documents that parsed
    left_out: tuple[int, int] = (0, 0)  # errors and warnings past max_findings, counted but not kept


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
    return _located(_check(payload, options), max_findings=options.max_findings)


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
    the polls formed one JSON array. ``max_findings`` caps each poll's own findings, as in ``iter_findings``.
    Raises like ``iter_findings`` for unknown arguments.
    """
    options = checked_options(api_version, strict, "job-state", None, string_index_type, max_findings)
    return _iter_sequence(list(responses), options)


def _iter_sequence(responses: list[Any], options: Options) -> Iterator[Finding]:
    checked = [_check(response, options) for response in responses]
    for index, document in enumerate(checked):
        yield from _located(document, prefix=f"/{index}", max_findings=options.max_findings)
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
    indexes: dict[int, PositionIndex | None] = {}  # one per poll, however many findings it has
    for problem in problems:
        index_token, _, rest = problem.pointer[1:].partition("/")
        poll = int(index_token)
        local = replace(problem, pointer="/" + rest if rest else "")
        if poll not in indexes:
            indexes[poll] = _position_index(checked[poll])
        finding = replace(locate(local, indexes[poll]), pointer=problem.pointer)
        located.append(((poll, *document_order(checked[poll].value, local.pointer)), finding))
    for _order, finding in sorted(located, key=lambda pair: pair[0]):
        yield finding


def _check(payload: Any, options: Options) -> _Checked:
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
    screening = screen(value)
    if screening.too_deep is not None:
        return _Checked(text, tuple(parse_findings), value, (screening.too_deep,), None)
    if screening.huge_integers:
        value = tame_huge_integers(value)
    kind = detect_kind(value) if options.kind == "auto" else options.kind
    schema_problems = iter_schema_problems(
        value, api_version=options.api_version, kind=kind, strict=options.strict
    )
    return _judged(text, tuple(parse_findings), value, kind, schema_problems, options, screening.too_long)


def _judged(
    text: str | None,
    parse_findings: tuple[Finding, ...],
    value: Any,
    kind: str,
    schema_problems: Iterable[Problem],
    options: Options,
    too_long: Iterable[Problem] = (),
) -> _Checked:
    """The rest of the checks once the schema has spoken: misplaced structures and contract rules, capped."""
    kept = CappedProblems(value, options.max_findings)
    # An integer too long to read is reported once, as that, not also by the schema.
    unread = {problem.pointer for problem in too_long}
    kept.extend(too_long)
    rejected = set(unread)
    version, strict = options.api_version, options.strict
    job = kind == "job-state" and isinstance(value, Mapping)
    vouched: frozenset[str] = frozenset()
    if job:
        # One fused pass vouches for most rules at once. It vouches for nothing when a task is not where and
        # as it should be, so misplaced tasks are ruled out when it vouches for anything. It reads the v3.x
        # layout (per-kind task arrays) only: Language API documents go to the registered rules.
        if version in V3_VERSIONS:
            vouched = vouched_rules(
                value, string_index_type=options.string_index_type, request=options.request
            )
        if not vouched and could_be_misplaced(value):
            schema_problems = chain(
                schema_problems, iter_misplaced_problems(value, api_version=version, strict=strict)
            )
    for problem in schema_problems:
        if problem.pointer not in unread:
            if problem.severity is Severity.ERROR:
                rejected.add(problem.pointer)
            kept.extend([problem])
    context = None
    if job:
        context = JobContext(value, version, frozenset(rejected), options.string_index_type, options.request)
        kept.extend(_rule_problems(context, vouched))
    return _Checked(text, parse_findings, value, kept.problems(), context, kept.left_out)


def _fast_check(payload: Any, options: Options) -> _Checked | None:
    """The compiled engine's answer, when jsonschema-rs is installed and the document is plain JSON.

    A valid document is settled by one compiled check; one with schema findings gets them from the compiled
    engine's errors (``_compiled_errors``), worded as the reference engine words them. Returns None whenever
    the reference path is needed (anything the compiled engine cannot represent or word), so that both
    paths give the same findings.
    """
    plain = _plain_document(payload, options)
    if plain is None:
        return None
    text, value, kind, schema = plain
    if schema.is_valid(value):
        return _judged(text, (), value, kind, [], options)
    if text is not None and not nests_within(text):
        return None  # too deep: the reference path reports it
    problems = compiled_problems(value, api_version=options.api_version, kind=kind, strict=options.strict)
    if problems is None:
        return None
    return _judged(text, (), value, kind, problems, options)


def _plain_document(
    payload: Any, options: Options
) -> tuple[str | None, Any, str, _fast.CompiledSchema] | None:
    """``(text, value, kind, fast schema)`` for a payload the compiled engine can take as it is; else None."""
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
    return text, value, kind, schema


def _verdict(payload: Any, options: Options) -> bool:
    """Whether the document has no error-severity finding, without building positions where it can.

    A document the compiled engine rejects for a schema error is invalid whatever else it holds, so no
    finding is built for it at all.
    """
    if _fast.enabled:
        plain = _plain_document(payload, options)
        if plain is not None:
            text, value, kind, schema = plain
            if schema.is_valid(value):
                return not _has_error(_judged(text, (), value, kind, [], options))
            has_no_schema_error = _fast.compiled_verdict(options.api_version, kind, options.strict)
            screened = has_no_schema_error is not None and (text is None or nests_within(text))
            if screened and has_no_schema_error is not None and not has_no_schema_error(value):
                return False
    return not _has_error(_check(payload, options))


def _has_error(checked: _Checked) -> bool:
    return any(finding.is_error for finding in checked.parse_findings) or any(
        problem.severity is Severity.ERROR for problem in checked.problems
    )


def _rule_problems(context: JobContext, vouched: frozenset[str] = frozenset()) -> Iterator[Problem]:
    """The findings of every registered rule of the document and request scopes but those ``vouched`` for."""
    for scope in (Scope.DOCUMENT, Scope.REQUEST):
        for rule in contract_rules(scope, context.api_version):
            if rule.info.id in vouched:
                continue
            for violation in rule.check(context):
                yield _problem(rule.info.id, rule.info.severity, violation)


def _problem(rule: str, severity: Severity, violation: Violation) -> Problem:
    return Problem(rule, violation.pointer, severity, violation.message, violation.hint)


def _located(checked: _Checked, prefix: str = "", *, max_findings: int | None = None) -> Iterator[Finding]:
    """The document's findings in document order, placed in its text; ``prefix`` goes before each pointer.

    Past ``max_findings``, only the findings kept are placed (placing is the costly part), then the one that
    says how many were left out.
    """
    kept = cap(checked.parse_findings, checked.problems, max_findings, checked.left_out)
    findings = list(kept.findings)
    if kept.problems or kept.left_out:
        index = _position_index(checked)
        findings += [locate(problem, index) for problem in kept.problems]
        if kept.left_out is not None:
            findings.append(locate(kept.left_out, index))
    for finding in findings:
        yield replace(finding, pointer=prefix + finding.pointer) if prefix else finding


def _position_index(checked: _Checked) -> PositionIndex | None:
    """The positions of the document's text; found by the C-speed directed walk when no key repeats."""
    if checked.text is None:
        return None
    unique_keys = not any(finding.rule == "duplicate-key" for finding in checked.parse_findings)
    return PositionIndex(checked.text, unique_keys=unique_keys)


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
        return _located(_check(payload, options), max_findings=options.max_findings)

    def iter_sequence_findings(self, responses: Iterable[Any]) -> Iterator[Finding]:
        """Yields the findings of successive polls of one job; see ``validator.iter_sequence_findings``."""
        return _iter_sequence(list(responses), replace(self._options, kind="job-state"))

    def is_valid(self, payload: Any, *, request: Any = None) -> bool:
        """True when the document has no error-severity finding (warnings do not count)."""
        options = self._options if request is None else replace(self._options, request=read_request(request))
        return _verdict(payload, options)

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
    return _verdict(payload, options)


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
    findings = list(_located(_check(payload, options), max_findings=options.max_findings))
    if any(finding.is_error for finding in findings):
        raise ContractError(findings)
