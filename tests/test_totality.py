"""Totality: every JSON value, every mutation of a real or generated document, every option and every rule
ends in findings, never in an exception, and never in the command line's last-resort ``internal-error``."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import validator
from validator import strategies
from validator._limits import MAX_INTEGER_DIGITS
from validator._plain_json import screen, tame_huge_integers
from validator._rule_registry import Scope
from validator._rules import contract_rules
from validator._rules.context import JobContext
from validator._rules.sequence import SequenceContext
from validator.cli._batch import CheckOptions, check_payload

from .helpers import CAPTURES, DATA
from .hostile_corpus import cases

# A message quotes at most about 120 characters of any value; the rest of it is the rule's own words.
LONGEST_MESSAGE = 2000

# Names the rules look for, so that arbitrary objects reach deep into the rules, not only their first lines.
VOCABULARY = (
    "jobId", "status", "tasks", "errors", "createdDateTime", "lastUpdateDateTime", "expirationDateTime",
    "@nextLink", "completed", "failed", "inProgress", "total", "entityRecognitionTasks", "fooTasks",
    "sentimentAnalysisTasks", "state", "results", "taskName", "documents", "id", "entities", "matches",
    "sentences", "targets", "assessments", "relations", "ref", "relationType", "confidenceScores", "offset",
    "length", "text", "statistics", "charactersCount", "documentsCount", "validDocumentsCount",
    "erroneousDocumentsCount", "target", "positive", "neutral", "negative", "analysisInput", "parameters",
    "stringIndexType", "tasks", "details",
)  # fmt: skip

ODD_STRINGS = (
    "\ud800", "\r\n", "\x00", "e\u0301", "\U0001f600", "#/tasks/entityRecognitionTasks/0", "#/documents/0",
    "#/documents/99999999999999999999999/sentences/0/assessments/0", "2022-05-10T00:05:04Z",
    "\u0662\u0660\u0662\u0662-05-10T00:05:04Z", "https://x/text/analytics/v3.1/analyze/jobs/a?$skip=\u00b2&$top=1",
    "http://[bad", "https://x/text/analytics/v3.1/analyze/jobs/a?$skip=0&$top=" + "9" * 5000, "succeeded",
    "failed", "running", "x" * 5000,
)  # fmt: skip


def huge_integers() -> st.SearchStrategy[int]:
    """Integers past 64 bits, past a double, past printing, and past the digits the validator reads."""
    digits = st.sampled_from([19, 20, 309, 401, 4300, 4301, 5000, MAX_INTEGER_DIGITS, MAX_INTEGER_DIGITS + 1])
    return st.builds(lambda count, negative: (-1 if negative else 1) * (10**count - 1), digits, st.booleans())


scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | huge_integers()
    | st.floats(allow_nan=False)
    | st.text(st.characters(codec=None, exclude_categories=()), max_size=12)
    | st.sampled_from(ODD_STRINGS)
)
keys = st.sampled_from(VOCABULARY) | st.text(max_size=6)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=6),
    max_leaves=40,
)
options = st.fixed_dictionaries(
    {
        "api_version": st.sampled_from(validator.API_VERSIONS),
        "strict": st.booleans(),
        "kind": st.sampled_from(["auto", "job-state", "error"]),
        "string_index_type": st.sampled_from([None, *validator.STRING_INDEX_TYPES]),
        "max_findings": st.sampled_from([None, 1, 3, 1000]),
    }
)


def load_captures() -> list[Any]:
    documents = []
    for path in sorted(CAPTURES.rglob("*.json")):
        try:
            documents.append(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, UnicodeDecodeError):
            continue  # a capture of a broken body is for the parser tests, not a base to mutate
    return documents


CAPTURED = load_captures() if CAPTURES.is_dir() else []


def places(value: Any, pointer: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path into ``value``, the root included."""
    yield pointer
    children = (
        value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    )
    for key, child in children:
        yield from places(child, (*pointer, key))


@st.composite
def mutated(draw: st.DrawFn, base: Any) -> Any:
    """``base`` with up to three places replaced by arbitrary JSON values, removed, or doubled in size."""
    document = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(list(places(document))))
        if not path:
            return draw(json_values)
        parent = document
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "remove", "grow"]))
        if action == "replace":
            parent[path[-1]] = draw(json_values)
        elif action == "remove" and isinstance(parent, dict):
            del parent[path[-1]]
        elif isinstance(parent[path[-1]], list):
            parent[path[-1]] = parent[path[-1]] * 2
    return document


def assert_total(findings: Any) -> None:
    """Findings were produced without an exception, none of them the last resort, each a readable value."""
    for finding in findings:
        assert "internal-error" != finding.rule
        assert finding.message
        assert len(finding.message) <= LONGEST_MESSAGE, finding.message[:300]


def check_everything(document: Any, request: Any, chosen: dict[str, Any]) -> None:
    """The document through iter_findings (parsed and as text), is_valid, validate, and a sequence."""
    assert_total(validator.iter_findings(document, request=request, **chosen))
    try:
        text = json.dumps(document, ensure_ascii=False)
    except ValueError:  # an integer too long for Python to print: the parsed value is checked all the same
        text = None
    if text is not None:
        assert_total(validator.iter_findings(text, request=request, **chosen))
        assert_total(validator.iter_findings(text.encode("utf-8", "surrogatepass"), **chosen))
    verdict = validator.is_valid(
        document, request=request, **{k: v for k, v in chosen.items() if k != "max_findings"}
    )
    try:
        validator.validate(document, request=request, **chosen)
    except validator.ContractError as error:
        assert not verdict
        assert_total(error.findings)
    else:
        assert verdict
    sequence_options = {k: v for k, v in chosen.items() if k != "kind"}
    assert_total(
        validator.iter_sequence_findings([document, document, base_or(document)], **sequence_options)
    )


def base_or(document: Any) -> Any:
    return CAPTURED[0] if CAPTURED else document


@given(json_values, options)
def test_arbitrary_json_values_are_judged(value: Any, chosen: dict[str, Any]) -> None:
    """Any JSON value, with any options, parsed or as text or bytes, alone or in a sequence, is judged."""
    check_everything(value, None, chosen)


@given(st.binary(max_size=300), options)
def test_arbitrary_bytes_are_judged(raw: bytes, chosen: dict[str, Any]) -> None:
    """Any bytes, with any options, end in findings."""
    assert_total(validator.iter_findings(raw, **chosen))
    chosen.pop("kind")
    assert_total(validator.iter_sequence_findings([raw, raw], **chosen))


@pytest.mark.skipif(not CAPTURED, reason=f"no captures at {CAPTURES}: the mutations start from them")
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data(), options)
def test_mutated_captures_are_judged(data: st.DataObject, chosen: dict[str, Any]) -> None:
    """A real capture with parts replaced by arbitrary values, removed or doubled gets a verdict."""
    document = data.draw(mutated(data.draw(st.sampled_from(CAPTURED))))
    check_everything(document, None, chosen)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data(), options)
def test_mutated_generated_documents_are_judged(data: st.DataObject, chosen: dict[str, Any]) -> None:
    """A generated job state with parts replaced, removed or doubled gets a verdict, with any options."""
    document = data.draw(strategies.job_states(chosen["api_version"], show_stats=True))
    check_everything(data.draw(mutated(document)), None, chosen)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data(), options)
def test_mutated_requests_and_responses_are_judged(data: st.DataObject, chosen: dict[str, Any]) -> None:
    """An analyze exchange with either side mutated (ids or task names that are objects, say) is judged."""
    request, response = data.draw(strategies.analyze_exchanges(chosen["api_version"], show_stats=True))
    request = data.draw(mutated(request) | st.just(request))
    response = data.draw(mutated(response) | st.just(response))
    if request is not None and not isinstance(request, dict):  # misuse, which raises before any check
        with pytest.raises(validator.RequestError):
            list(validator.iter_findings(response, request=request, **chosen))
        return
    check_everything(response, request, chosen)
    if request is None:
        return
    try:
        # A request holding NaN or an infinity has no JSON text (as raw text it is a RequestError, by design).
        raw_request = json.dumps(request, allow_nan=False)
    except ValueError:  # that, or an integer too long for Python to print: the parsed request was checked
        return
    assert_total(validator.iter_findings(response, request=raw_request, **chosen))


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data(), options)
def test_mutated_sequences_are_judged(data: st.DataObject, chosen: dict[str, Any]) -> None:
    """Polls of one job with some polls mutated get a verdict as a sequence."""
    polls = data.draw(strategies.job_lifecycles(chosen["api_version"]))
    polls = [data.draw(mutated(poll) | st.just(poll)) for poll in polls]
    chosen.pop("kind")
    assert_total(validator.iter_sequence_findings(polls, **chosen))


def contexts_of(documents: list[Any], request: Any, chosen: dict[str, Any]) -> list[JobContext]:
    """Contexts as the validator builds them (screened, huge integers tamed) but with nothing rejected, so
    that every rule reads every value, however wrong its shape."""
    contexts = []
    for document in documents:
        screening = screen(document)
        if screening.too_deep is not None or not isinstance(document, dict):
            continue
        value = tame_huge_integers(document) if screening.huge_integers else document
        unit = chosen["string_index_type"]
        contexts.append(JobContext(value, chosen["api_version"], frozenset(), unit, request))
    return contexts


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data(), options)
def test_every_rule_judges_any_context(data: st.DataObject, chosen: dict[str, Any]) -> None:
    """Each registered rule of every scope, called on contexts that accept every value, yields violations
    with a pointer and a bounded message, and never raises."""
    request, response = data.draw(strategies.analyze_exchanges(chosen["api_version"], show_stats=True))
    documents = [data.draw(mutated(response)) for _ in range(3)]
    request = data.draw(mutated(request) | st.just(request))
    request = request if isinstance(request, dict) else None
    contexts = contexts_of(documents, request, chosen)
    for scope in (Scope.DOCUMENT, Scope.REQUEST):
        for rule in contract_rules(scope):
            for context in contexts:
                for violation in rule.check(context):
                    assert violation.pointer == "" or violation.pointer.startswith("/"), rule.info.id
                    assert len(violation.message) <= LONGEST_MESSAGE, rule.info.id
    sequence = SequenceContext(contexts)
    for rule in contract_rules(Scope.SEQUENCE):
        for violation in rule.check(sequence):
            assert violation.pointer.startswith("/"), rule.info.id
            assert len(violation.message) <= LONGEST_MESSAGE, rule.info.id


def corpus() -> Iterator[tuple[str, bytes]]:
    """Every document the project has: the hostile corpus, the captures and the test data."""
    for category, name, build in cases():
        yield f"hostile/{category}/{name}", build()
    for folder in (CAPTURES, DATA):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file() and path.suffix in (".json", ".jsonl", ".har"):
                    yield str(path.relative_to(folder.parent)), path.read_bytes()


CORPUS = list(corpus())


@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
def test_no_corpus_document_reaches_the_last_resort(strict: bool) -> None:
    """The command line's check of every corpus document, in every version, never ends in internal-error."""
    reached = []
    for name, payload in CORPUS:
        for api_version in validator.API_VERSIONS:
            findings = check_payload(payload, api_version, CheckOptions(api_version, strict=strict))
            reached += [name for finding in findings if finding.rule == "internal-error"]
    assert [] == reached


def test_the_corpus_is_there() -> None:
    """The corpus the last-resort test walks holds the hostile inputs and the test data at least."""
    names = [name for name, _payload in CORPUS]
    assert any(name.startswith("hostile/") for name in names)
    assert any(name.startswith("data/") for name in names)


def test_hostile_corpus_as_sequences_and_requests_never_reaches_the_last_resort() -> None:
    """Hostile inputs as polls of a sequence, and as responses to a request, are findings, never a crash."""
    payloads = [build() for _category, _name, build in cases()]
    assert_total(validator.iter_sequence_findings(payloads))
    request = {"analysisInput": {"documents": [{"id": "1", "text": "x"}]}, "tasks": {}}
    for payload in payloads:
        assert_total(validator.iter_findings(payload, request=request))
