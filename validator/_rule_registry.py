"""The rule registry: every rule id the validator can report, with its one-line summary and an example.

Contract rules are small functions with one signature, ``(context) -> Iterator[Violation]``, registered under
a stable kebab-case id by the ``contract_rule`` decorator (importing ``validator._rules`` registers them all);
the first line of the function's docstring is its catalogue entry. Parsing and schema rules are listed here
too, so that the catalogue is complete.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from validator._findings import Severity
from validator._schemas import API_VERSIONS


class Scope(str, enum.Enum):
    """What a rule looks at."""

    PARSING = "parsing"  # the raw text
    SCHEMA = "schema"  # one document, against the JSON Schema
    DOCUMENT = "document"  # one document, beyond what JSON Schema can say
    REQUEST = "request"  # one document against the analyze request it answers
    SEQUENCE = "sequence"  # successive polls of one job
    INPUT = "input"  # the files and streams the command line reads the documents from

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class RuleInfo:
    """A catalogue entry: the rule id, what it checks, how bad a violation is, and a breaking example."""

    id: str
    summary: str
    scope: Scope
    severity: Severity
    example: str
    versions: tuple[str, ...] = API_VERSIONS  # the API versions the rule applies to

    def applies_to(self, api_version: str) -> bool:
        return api_version in self.versions


@dataclass(frozen=True)
class Violation:
    """What a contract rule reports: where, what was found and expected, and optionally a hint."""

    pointer: str
    message: str
    hint: str | None = None


Context = TypeVar("Context")
Check = Callable[[Any], Iterator[Violation]]


@dataclass(frozen=True)
class ContractRule:
    info: RuleInfo
    check: Check


_CONTRACT_RULES: dict[str, ContractRule] = {}

_BUILTIN_RULES = (
    RuleInfo(
        "invalid-json",
        "The text is RFC 8259 JSON: UTF-8, no byte-order mark, no NaN or Infinity, nothing after the value.",
        Scope.PARSING,
        Severity.ERROR,
        '{"status": "running",}',
    ),
    RuleInfo(
        "duplicate-key",
        "No object repeats a key; consumers disagree about which value wins.",
        Scope.PARSING,
        Severity.ERROR,
        '{"status": "running", "status": "succeeded"}',
    ),
    RuleInfo(
        "nesting-depth",
        "The document nests at most 100 arrays and objects deep; a deeper one is not checked further.",
        Scope.PARSING,
        Severity.ERROR,
        '{"errors": [{"details": [{"details": [...]}]}]} 101 levels deep',
    ),
    RuleInfo(
        "integer-too-long",
        "No integer has more than 10,000 digits; a longer one is not read, nor its place checked further.",
        Scope.PARSING,
        Severity.ERROR,
        '"total": 1000…0 with 10,001 digits',
    ),
    RuleInfo(
        "required",
        "Every required property is present.",
        Scope.SCHEMA,
        Severity.ERROR,
        '{"state": ...} missing',
    ),
    RuleInfo(
        "type",
        "Every value has the JSON type the schema names.",
        Scope.SCHEMA,
        Severity.ERROR,
        '"completed": "1"',
    ),
    RuleInfo(
        "enum",
        "A value of a closed enumeration (job status, task state, sentiment) is one of its values.",
        Scope.SCHEMA,
        Severity.ERROR,
        '"status": "completed"',
    ),
    RuleInfo(
        "format",
        "Timestamps are RFC 3339 date-times, the job id a UUID, @nextLink an absolute URI.",
        Scope.SCHEMA,
        Severity.ERROR,
        '"createdDateTime": "2022-02-30T00:05:04Z"',
    ),
    RuleInfo(
        "minimum",
        "Counts, offsets, lengths and scores are not below their minimum (0).",
        Scope.SCHEMA,
        Severity.ERROR,
        '"offset": -1',
    ),
    RuleInfo(
        "maximum",
        "Confidence and rank scores are not above 1.",
        Scope.SCHEMA,
        Severity.ERROR,
        '"confidenceScore": 1.5',
    ),
    RuleInfo(
        "minItems",
        "A task array holds at least one task; the service omits it rather than send [].",
        Scope.SCHEMA,
        Severity.ERROR,
        '"entityRecognitionTasks": []',
    ),
    RuleInfo("minLength", "Document ids are not empty.", Scope.SCHEMA, Severity.ERROR, '"id": ""'),
    RuleInfo(
        "additionalProperties",
        "Every property is one the contract knows (a warning unless strict: the service may add properties).",
        Scope.SCHEMA,
        Severity.WARNING,
        '"tasks": {"details": {...}}',
    ),
    RuleInfo(
        "too-many-findings",
        "A document has at most max_findings findings (1000 by default, errors kept first); past that, this "
        "warning says how many more were left out.",
        Scope.DOCUMENT,
        Severity.WARNING,
        "a document with 1,001 unknown properties",
    ),
    RuleInfo(
        "open-enum",
        "A code of an open enumeration (error, inner error and warning codes) is one of the known values.",
        Scope.SCHEMA,
        Severity.WARNING,
        '"code": "SomethingNew"',
    ),
)


# Reported by the command line about what it reads, before any document is checked.
_INPUT_RULES = (
    RuleInfo(
        "unreadable-input",
        "Every input can be read: it exists, is a regular file or directory, and permits reading.",
        Scope.INPUT,
        Severity.ERROR,
        "a dangling symbolic link captures/poll.json",
    ),
    RuleInfo(
        "document-too-large",
        "No document (file, JSON Lines record or HAR file) is larger than --max-document-size.",
        Scope.INPUT,
        Severity.ERROR,
        "a 2 GB log dump given as one document",
    ),
    RuleInfo(
        "invalid-har",
        "A .har file is strict JSON (no duplicate key, no byte-order mark) and a HAR log whose analyze-job "
        "entries carry their response text.",
        Scope.INPUT,
        Severity.ERROR,
        '{"log": {"entries": {}}}',
    ),
    RuleInfo(
        "har-no-job-response",
        "A .har file holds at least one GET of .../analyze/jobs/{jobId}; otherwise nothing was checked.",
        Scope.INPUT,
        Severity.WARNING,
        "a HAR of the submit request only",
    ),
    RuleInfo(
        "unsupported-api-version",
        "With --api-version auto, the API version a request URL names is one with a shipped schema.",
        Scope.INPUT,
        Severity.ERROR,
        "GET .../text/analytics/v3.1-preview.3/analyze/jobs/...",
    ),
    RuleInfo(
        "internal-error",
        "The validator finished checking the document (a failure here is a bug worth reporting).",
        Scope.INPUT,
        Severity.ERROR,
        "(none known)",
    ),
)


def contract_rule(
    rule_id: str,
    *,
    example: str,
    scope: Scope = Scope.DOCUMENT,
    severity: Severity = Severity.ERROR,
    versions: tuple[str, ...] = API_VERSIONS,
) -> Callable[[Check], Check]:
    """Registers a contract rule under ``rule_id``; its docstring's first line is its summary.

    ``versions`` names the API versions the rule applies to (all by default): a rule whose evidence holds for
    one API family only is registered for that family's versions.
    """

    def register(check: Check) -> Check:
        if rule_id in _CONTRACT_RULES or any(rule.id == rule_id for rule in (*_BUILTIN_RULES, *_INPUT_RULES)):
            raise ValueError(f"rule id {rule_id!r} is registered twice")
        summary = (check.__doc__ or "").strip().splitlines()[0] if check.__doc__ else ""
        if not summary:
            raise ValueError(f"rule {rule_id!r} needs a one-line docstring: it is the catalogue entry")
        info = RuleInfo(rule_id, summary, scope, severity, example, versions)
        _CONTRACT_RULES[rule_id] = ContractRule(info, check)
        return check

    return register


def registered_rules() -> tuple[ContractRule, ...]:
    """The contract rules registered so far, in registration order."""
    return tuple(_CONTRACT_RULES.values())


def registered_count() -> int:
    """How many contract rules are registered (rules are only ever added, never replaced)."""
    return len(_CONTRACT_RULES)


def catalogue_of(contract_rules: tuple[ContractRule, ...]) -> tuple[RuleInfo, ...]:
    """The parsing and schema rules, then the given contract rules, then the command line's input rules."""
    return _BUILTIN_RULES + tuple(rule.info for rule in contract_rules) + _INPUT_RULES
