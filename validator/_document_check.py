"""Checking one document: parse strictly, validate against the schema, run the contract rules, place findings.

``check`` does all of it but placing (on the compiled engine when it can take the document, else on the
reference path; both give the same findings), ``located`` places what it found in the document's text, and
``verdict`` answers valid or not without building findings where it can. The public functions and
``Validator`` in ``_validator`` are thin layers over these.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from itertools import chain
from typing import Any

from validator import _fast_path as _fast
from validator._compiled_errors import compiled_problems
from validator._finding_cap import CappedProblems, cap
from validator._finding_placement import locate
from validator._findings import Finding, Problem, Severity
from validator._fused_rules import vouched_rules
from validator._hints import could_be_misplaced, iter_misplaced_problems
from validator._parsing import parse_json
from validator._plain_json import is_plain, nests_within, parse_plain, screen, tame_huge_integers
from validator._positions import PositionIndex
from validator._rule_registry import Scope, Violation
from validator._rules import contract_rules
from validator._rules.context import JobContext
from validator._schema_validation import iter_schema_problems
from validator._schemas import V3_VERSIONS
from validator._validation_options import Options, detect_kind


@dataclass(frozen=True)
class Checked:
    """One document after every check: what parsing found, and the located-later problems of the rest."""

    text: str | None
    parse_findings: tuple[Finding, ...]
    value: Any
    problems: tuple[Problem, ...]  # in document order, at most max_findings of them
    context: JobContext | None  # for job-state documents that parsed
    left_out: tuple[int, int] = (0, 0)  # errors and warnings past max_findings, counted but not kept


def check(payload: Any, options: Options) -> Checked:
    if _fast.enabled:
        checked = _fast_check(payload, options)
        if checked is not None:
            return checked
    text: str | None = None
    parse_findings: list[Finding] = []
    if isinstance(payload, (str, bytes, bytearray)):
        parsed = parse_json(bytes(payload) if isinstance(payload, bytearray) else payload)
        parse_findings = list(parsed.findings())
        if not parsed.parsed:
            return Checked(parsed.text, tuple(parse_findings), None, (), None)
        text, value = parsed.text, parsed.value
    else:
        value = payload
    screening = screen(value)
    if screening.too_deep is not None:
        return Checked(text, tuple(parse_findings), value, (screening.too_deep,), None)
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
) -> Checked:
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
    return Checked(text, parse_findings, value, kept.problems(), context, kept.left_out)


def _fast_check(payload: Any, options: Options) -> Checked | None:
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


def verdict(payload: Any, options: Options) -> bool:
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
    return not _has_error(check(payload, options))


def _has_error(checked: Checked) -> bool:
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
                yield problem_of(rule.info.id, rule.info.severity, violation)


def problem_of(rule: str, severity: Severity, violation: Violation) -> Problem:
    return Problem(rule, violation.pointer, severity, violation.message, violation.hint)


def located(checked: Checked, prefix: str = "", *, max_findings: int | None = None) -> Iterator[Finding]:
    """The document's findings in document order, placed in its text; ``prefix`` goes before each pointer.

    Past ``max_findings``, only the findings kept are placed (placing is the costly part), then the one that
    says how many were left out.
    """
    kept = cap(checked.parse_findings, checked.problems, max_findings, checked.left_out)
    findings = list(kept.findings)
    if kept.problems or kept.left_out:
        index = position_index(checked)
        findings += [locate(problem, index) for problem in kept.problems]
        if kept.left_out is not None:
            findings.append(locate(kept.left_out, index))
    for finding in findings:
        yield replace(finding, pointer=prefix + finding.pointer) if prefix else finding


def position_index(checked: Checked) -> PositionIndex | None:
    """The positions of the document's text; found by the C-speed directed walk when no key repeats."""
    if checked.text is None:
        return None
    unique_keys = not any(finding.rule == "duplicate-key" for finding in checked.parse_findings)
    return PositionIndex(checked.text, unique_keys=unique_keys)
