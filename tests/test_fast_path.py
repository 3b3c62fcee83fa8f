"""The fast path (jsonschema-rs deciding that a document has no schema finding) changes nothing but speed.

Every comparison validates the same input twice, with the fast path on and forced off, and expects the very
same findings: rules, pointers, severities, messages, positions and hints.
"""

from __future__ import annotations

import copy
import decimal
import enum
import json
import sys
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import validator
from validator import _document_check, _validation_options
from validator import _fast_path as _fast
from validator._limits import MAX_DEPTH

from .helpers import DATA, SHARED_MISSING_REASON, capture_api_version, capture_files, capture_id
from .hostile_corpus import VALID, cases

jsonschema_rs = pytest.importorskip(
    "jsonschema_rs", reason="the fast path needs the fast extra (jsonschema-rs)"
)

VERSIONS = validator.API_VERSIONS
DATA_FILES = sorted(path for path in DATA.rglob("*.json") if not path.name.endswith(".expect.json"))
CAPTURES = capture_files()
SUPPORTED_CAPTURES = [path for path in CAPTURES if capture_api_version(path) in VERSIONS]
SENTIMENT_CAPTURE = "v3.1/apikey.recording_single_sentiment_analysis_action.json__1.json"


@contextmanager
def fast_path(on: bool) -> Iterator[None]:
    saved = _fast.enabled
    _fast.enabled = on
    try:
        yield
    finally:
        _fast.enabled = saved


def findings_or_failure(payload: Any, **options: Any) -> list[Any]:
    """The findings, or the type and text of the exception that validation raised instead."""
    try:
        return list(validator.iter_findings(copy.deepcopy(payload), **options))
    except Exception as error:  # a crash must be the same crash both ways
        return [type(error), str(error)]


def findings_both_ways(payload: Any, **options: Any) -> tuple[list[Any], list[Any]]:
    """``(fast, detailed)`` findings of one payload (each run on its own copy of a parsed payload)."""
    with fast_path(True):
        fast = findings_or_failure(payload, **options)
    with fast_path(False):
        detailed = findings_or_failure(payload, **options)
    return fast, detailed


def assert_same(payload: Any, **options: Any) -> list[Any]:
    fast, detailed = findings_both_ways(payload, **options)
    assert detailed == fast
    return fast


def decided_fast(payload: Any, **options: Any) -> bool:
    """Whether the fast path settles the document alone (no detailed validation at all)."""
    settings_ = _validation_options.checked_options(
        options.get("api_version", validator.DEFAULT_API_VERSION),
        options.get("strict", False),
        options.get("kind", "auto"),
        options.get("request"),
        options.get("string_index_type"),
    )
    return _document_check._fast_check(payload, settings_) is not None


def parsed_or_none(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        return None


@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
@pytest.mark.parametrize("api_version", VERSIONS)
@pytest.mark.parametrize("path", DATA_FILES, ids=lambda path: str(path.relative_to(DATA)))
def test_test_documents_give_the_same_findings_both_ways(path: Path, api_version: str, strict: bool) -> None:
    """Every document of tests/data, raw and parsed, gives the same findings both ways."""
    raw = path.read_bytes()
    assert_same(raw, api_version=api_version, strict=strict)
    assert_same(raw.decode("utf-8", errors="replace"), api_version=api_version, strict=strict)
    value = parsed_or_none(raw)
    if value is not None:
        assert_same(value, api_version=api_version, strict=strict)


def test_exchange_gives_the_same_findings_both_ways() -> None:
    """A response checked against its request gives the same findings with and without the fast path."""
    request = (DATA / "exchanges" / "custom-entities.request.json").read_bytes()
    response = (DATA / "exchanges" / "custom-entities.response.json").read_bytes()
    assert_same(response, request=request)
    broken = json.loads(response)
    broken["tasks"]["customEntityRecognitionTasks"][0]["results"]["documents"][0]["entities"][0][
        "offset"
    ] += 1
    assert assert_same(broken, request=request)
    for unit in ("TextElement_v8", "UnicodeCodePoint", "Utf16CodeUnit"):
        assert_same(response, string_index_type=unit)


@pytest.mark.skipif(not CAPTURES, reason=SHARED_MISSING_REASON)
@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
@pytest.mark.parametrize("path", CAPTURES, ids=capture_id)
def test_captures_give_the_same_findings_both_ways(path: Path, strict: bool) -> None:
    """Every real capture gives the same findings with and without the fast path, under every API version."""
    raw = path.read_bytes()
    for api_version in VERSIONS:
        assert_same(raw, api_version=api_version, strict=strict)
        assert_same(json.loads(raw), api_version=api_version, strict=strict)


@pytest.mark.skipif(not CAPTURES, reason=SHARED_MISSING_REASON)
@pytest.mark.parametrize("path", SUPPORTED_CAPTURES, ids=capture_id)
def test_captures_of_supported_versions_are_decided_on_the_fast_path(path: Path) -> None:
    """A capture of a supported version is valid, so the fast path settles it alone, raw or parsed."""
    raw = path.read_bytes()
    api_version = capture_api_version(path)
    assert decided_fast(raw, api_version=api_version, strict=True)
    assert decided_fast(json.loads(raw), api_version=api_version)


@pytest.mark.parametrize(("category", "name", "build"), cases(), ids=[f"{c}/{n}" for c, n, _ in cases()])
def test_hostile_inputs_give_the_same_findings_both_ways(category: str, name: str, build: Any) -> None:
    """Each input of the hostile corpus gives the same findings with and without the fast path."""
    raw = build()
    assert_same(raw)
    assert_same(raw, strict=True, api_version="v3.1")


def _job(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(VALID)
    document.update(changes)
    return document


def _nested_error(levels: int) -> dict[str, Any]:
    error: dict[str, Any] = {"code": "InvalidRequest", "message": "m"}
    for _ in range(levels):
        error = {"code": "InvalidRequest", "message": "m", "details": [error]}
    return error


def _nested_inner_error(levels: int) -> dict[str, Any]:
    inner: dict[str, Any] = {"code": "InvalidParameterValue", "message": "m"}
    for _ in range(levels):
        inner = {"code": "InvalidParameterValue", "message": "m", "innererror": inner}
    return {"code": "InvalidRequest", "message": "m", "innererror": inner}


class _Status(enum.Enum):
    RUNNING = "running"


class _Text(str):
    pass


EDGE_VALUES: dict[str, Any] = {
    "tuple-array": _job(errors=()),
    "decimal-counter": _job(
        tasks={"completed": decimal.Decimal(0), "failed": 0, "inProgress": 1, "total": 1}
    ),
    "enum-member": _job(status=_Status.RUNNING),
    "str-subclass": _job(status=_Text("running")),
    "ordered-dict": OrderedDict(_job()),
    "bool-counter": _job(tasks={"completed": False, "failed": 0, "inProgress": 1, "total": 1}),
    "float-counter": _job(tasks={"completed": 0.0, "failed": 0, "inProgress": 1.0, "total": 1}),
    "huge-counter": _job(tasks={"completed": 10**30, "failed": 0, "inProgress": 1, "total": 10**30 + 1}),
    "negative-huge-counter": _job(tasks={"completed": -(10**30), "failed": 0, "inProgress": 1, "total": 1}),
    "unprintable-counter": _job(tasks={"completed": 10**4250, "failed": 0, "inProgress": 1, "total": 1}),
    "nan-counter": _job(tasks={"completed": float("nan"), "failed": 0, "inProgress": 1, "total": 1}),
    "lone-surrogate-value": _job(displayName="a\ud800b"),
    "lone-surrogate-key": _job(**{"x\udc00": 1}),
    "non-string-key": {**_job(), 1: 2},
    "scalar": 42,
    "list": [_job()],
    "errors-nested-25": _job(status="failed", errors=[_nested_error(25)]),
    "errors-nested-60": _job(status="failed", errors=[_nested_error(60)]),
    "inner-errors-nested-40": _job(status="failed", errors=[_nested_inner_error(40)]),
    "inner-errors-nested-120": _job(status="failed", errors=[_nested_inner_error(120)]),
    "error-response-nested-40": {"error": _nested_error(40)},
    "error-response-nested-60": {"error": _nested_error(60)},
    "unknown-open-enum-code": {"error": {"code": "SomethingNew", "message": "m"}},
}


@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
@pytest.mark.parametrize("name", sorted(EDGE_VALUES))
def test_unusual_parsed_values_give_the_same_findings_both_ways(name: str, strict: bool) -> None:
    """Python values that JSON cannot carry, or that sit on the fast path's limits, give the same findings."""
    assert_same(EDGE_VALUES[name], strict=strict)


@pytest.mark.parametrize("levels", range(20, 56))
def test_nesting_around_the_depth_limit_gives_the_same_findings_both_ways(levels: int) -> None:
    """Error details nested close to the depth limit give the same findings, raw and parsed, both ways."""
    document = _job(status="failed", errors=[_nested_error(levels)])
    assert_same(json.dumps(document))
    assert_same(document)
    assert_same(json.dumps({"error": _nested_error(levels)}))


def _document_error_chain(details: int, inner: int) -> dict[str, Any]:
    """A valid job whose document error nests ``details`` errors, the last ``inner`` inner errors, deep."""
    document = json.loads((DATA / "valid" / "custom-entities-succeeded.json").read_bytes())
    innermost: dict[str, Any] = {"code": "InvalidDocument", "message": "m", "details": {"why": "empty"}}
    for _ in range(inner - 1):
        innermost = {"code": "InvalidDocument", "message": "m", "innererror": innermost}
    error: dict[str, Any] = {"code": "InvalidArgument", "message": "m", "innererror": innermost}
    for _ in range(details):
        error = {"code": "InvalidArgument", "message": "m", "details": [error]}
    document["tasks"]["customEntityRecognitionTasks"][0]["results"]["errors"][0]["error"] = error
    return document


@pytest.mark.parametrize("inner", range(28, 35))
@pytest.mark.parametrize("details", range(27, 33))
def test_the_deepest_documents_the_fast_schema_admits_give_the_same_findings(
    details: int, inner: int
) -> None:
    """Both recursions at once, around the unrolled levels: the deepest paths still agree with the screen."""
    document = _document_error_chain(details, inner)
    assert_same(document)
    assert_same(json.dumps(document))


RAW_EDGES = {
    "bom": b"\xef\xbb\xbf" + VALID,
    "bom-text": "\ufeff" + VALID.decode(),
    "long-fraction": VALID.replace(b'"total": 1', b'"total": 1.000000000000000000000000'),
    "exponent": VALID.replace(b'"total": 1', b'"total": 1e0'),
    "big-exponent": VALID.replace(b'"total": 1', b'"total": 1e400'),
    "negative-zero": VALID.replace(b'"completed": 0', b'"completed": -0'),
    "nineteen-digits": VALID.replace(b'"total": 1', b'"total": 1000000000000000000'),
    "surrogate-pair-escape": VALID.replace(b'"tasks"', b'"\\ud83d\\ude00": 1, "tasks"'),
    "lone-surrogate-escape": VALID.replace(b'"tasks"', b'"x": "\\udc00", "tasks"'),
    "escaped-backslash-u": VALID.replace(b'"tasks"', b'"x": "\\\\ud800", "tasks"'),
    "duplicate-key": VALID.replace(b'"tasks"', b'"status": "running", "tasks"'),
    "nul-start": b"\x00" + VALID,
    "trailing-space": VALID + b" \n",
    "infinity": VALID.replace(b'"total": 1', b'"total": Infinity'),
}


@pytest.mark.parametrize("strict", [False, True], ids=["lenient", "strict"])
@pytest.mark.parametrize("name", sorted(RAW_EDGES))
def test_raw_text_on_the_parser_limits_gives_the_same_findings_both_ways(name: str, strict: bool) -> None:
    """Raw text that the fast parser hands to the strict parser, or just accepts, gives the same findings."""
    assert_same(RAW_EDGES[name], strict=strict)


FORMAT_SAMPLES = {
    "/createdDateTime": [
        "2022-02-30T00:05:04Z",
        "1990-12-31T23:59:60Z",
        "2022-05-10t00:05:04z",
        "2022-05-10T00:05:04.1234567+01:00",
        "2022-05-10 00:05:04Z",
        "2022-05-10T00:05:04",
        "2022-05-10T24:00:00Z",
        "+2022-05-10T00:05:04Z",
    ],
    "/jobId": [
        "6d4fbfc3-6e17-4ed6-9d0d-3c3e4c6a3dc0",
        "6D4FBFC3-6E17-4ED6-9D0D-3C3E4C6A3DC0",
        "6d4fbfc36e174ed69d0d3c3e4c6a3dc0",
        "{6d4fbfc3-6e17-4ed6-9d0d-3c3e4c6a3dc0}",
        "urn:uuid:6d4fbfc3-6e17-4ed6-9d0d-3c3e4c6a3dc0",
        "6d4fbfc3-6e17-4ed6-9d0d-3c3e4c6a3dc",
    ],
    "/@nextLink": [
        "https://host/text/analytics/v3.2-preview.2/analyze/jobs/x?$skip=20&$top=20",
        "https://host//text/analytics/v3.2-preview.2/analyze/jobs/x?$skip=20&$top=20",
        "/text/analytics/v3.2-preview.2/analyze/jobs/x",
        "https://host/a b",
        "https://[::1]/x",
        "https://host/%zz",
        "mailto:someone@example.com",
        "https://hôst/x",
    ],
}


@pytest.mark.parametrize(
    ("pointer", "text"), [(pointer, text) for pointer, texts in FORMAT_SAMPLES.items() for text in texts]
)
def test_formats_are_judged_alike_both_ways(pointer: str, text: str) -> None:
    """Borderline date-times, UUIDs and URIs give the same findings, as both paths use the same checkers."""
    document = _job()
    document[pointer[1:]] = text
    assert_same(document)
    assert_same(json.dumps(document).encode())


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_generated_valid_documents_give_the_same_findings_both_ways(data: st.DataObject) -> None:
    """Generated contract-valid documents of every version give no finding, and the same one both ways."""
    strategies = pytest.importorskip("validator.strategies")
    api_version = data.draw(st.sampled_from(VERSIONS))
    strict = data.draw(st.booleans())
    document = data.draw(strategies.job_states(api_version, strict=strict, max_documents=5))
    findings = assert_same(document, api_version=api_version, strict=strict)
    assert_same(json.dumps(document, ensure_ascii=data.draw(st.booleans())), api_version=api_version)
    assert not any(finding.is_error for finding in findings)
    if strict:
        assert decided_fast(document, api_version=api_version, strict=True)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_generated_invalid_documents_give_the_same_findings_both_ways(data: st.DataObject) -> None:
    """Generated near-miss documents (one broken rule each) give the same findings both ways."""
    strategies = pytest.importorskip("validator.strategies")
    api_version = data.draw(st.sampled_from(VERSIONS))
    strict = data.draw(st.booleans())
    case = data.draw(strategies.invalid_job_states(api_version, strict=strict))
    findings = assert_same(case.payload, api_version=api_version, strict=strict)
    assert (case.rule, case.pointer) in {(finding.rule, finding.pointer) for finding in findings}
    if not isinstance(case.payload, (str, bytes)):
        assert_same(json.dumps(case.payload), api_version=api_version, strict=strict)


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_generated_requests_and_responses_give_the_same_findings_both_ways(data: st.DataObject) -> None:
    """Generated exchanges, answered right or wrong, give the same request cross-check findings both ways."""
    strategies = pytest.importorskip("validator.strategies")
    api_version = data.draw(st.sampled_from(VERSIONS))
    if data.draw(st.booleans()):
        request, response = data.draw(strategies.analyze_exchanges(api_version, strict=True))
    else:
        case = data.draw(strategies.invalid_analyze_exchanges(api_version, strict=True))
        request, response = case.request, case.response
    assert_same(response, api_version=api_version, request=request)


def test_the_same_validator_object_agrees_both_ways() -> None:
    """A reused Validator, and the sequence checks, give the same findings with and without the fast path."""
    polls = [json.loads(VALID), _job(status="running"), _job(status="notStarted")]
    checker = validator.Validator(api_version="v3.1", strict=True)
    with fast_path(True):
        fast = (
            [list(checker.iter_findings(poll)) for poll in polls],
            list(checker.iter_sequence_findings(polls)),
        )
    with fast_path(False):
        slow = (
            [list(checker.iter_findings(poll)) for poll in polls],
            list(checker.iter_sequence_findings(polls)),
        )
    assert slow == fast


@pytest.fixture
def without_engine(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setitem(sys.modules, _fast.ENGINE_MODULE, None)  # makes the import fail, as if not installed
    _fast.reset()
    yield
    monkeypatch.undo()
    _fast.reset()


@pytest.mark.usefixtures("without_engine")
def test_without_jsonschema_rs_everything_runs_on_the_detailed_path() -> None:
    """With jsonschema-rs missing, nothing is compiled and every document still gets its findings."""
    assert not _fast.engine_available()
    assert _fast.compiled("v3.1", "job-state") is None
    for path in DATA_FILES:
        assert_same(path.read_bytes())
    assert not decided_fast(VALID)
    assert list(validator.iter_findings(VALID)) == []


def test_with_jsonschema_rs_a_valid_document_is_decided_on_the_fast_path() -> None:
    """With jsonschema-rs installed, a valid document never reaches the detailed validator."""
    assert _fast.engine_available()
    assert decided_fast(VALID)
    assert decided_fast(json.loads(VALID), strict=True)


def test_a_warning_is_found_by_the_compiled_engine_too() -> None:
    """An unknown property, only a warning in lenient mode, is reported from the compiled engine's errors."""
    document = _job(somethingNew=1)
    assert decided_fast(document)
    assert ["additionalProperties"] == [finding.rule for finding in validator.iter_findings(document)]
    assert_same(document)


def test_no_schema_is_ever_retrieved(monkeypatch: pytest.MonkeyPatch) -> None:
    """A $ref outside the bundle reaches the refusing retriever, and the fast path then steps aside."""
    asked: list[str] = []

    def refuse(uri: str) -> Any:
        asked.append(uri)
        raise LookupError(uri)

    remote = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": "https://example.com/s.json"}
    monkeypatch.setattr(_fast, "_refuse_retrieval", refuse)
    monkeypatch.setattr(_fast, "fast_schema", lambda api_version, kind: (remote, True))
    _fast.compiled.cache_clear()
    try:
        assert _fast.compiled("v3.1", "job-state") is None
    finally:
        _fast.compiled.cache_clear()
    assert ["https://example.com/s.json"] == asked


@pytest.mark.parametrize("api_version", VERSIONS)
def test_fast_schema_is_local_and_bounds_depth(api_version: str) -> None:
    """The fast schema refers only to its own definitions, and no document it accepts nests too deep.

    The Language API job state is the exception: its per-kind if/then branches are not modelled by the depth
    bound, so for it the validator screens depth itself before trusting the fast path (_document_check).
    """
    for kind in ("job-state", "error"):
        schema, bounds_depth = _fast.fast_schema(api_version, kind)
        if api_version in validator.SUCCESSOR_VERSIONS and kind == "job-state":
            assert not bounds_depth
        else:
            assert bounds_depth
            assert _fast._max_depth(schema, schema["$defs"]) <= MAX_DEPTH
        references = set(_fast._references(schema))
        assert None not in references
        assert "x-known-values" not in set(_keywords(schema))


def _keywords(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from _keywords(value)
    elif isinstance(node, list):
        for item in node:
            yield from _keywords(item)


def test_depth_bound_is_unbounded_for_open_schemas() -> None:
    """An object that admits any property, or an array of anything, has no depth bound."""
    assert float("inf") == _fast._max_depth({"type": "object"}, {})
    assert float("inf") == _fast._max_depth({"type": "array"}, {})
    assert 1 == _fast._max_depth({"type": "object", "additionalProperties": {"type": "string"}}, {})
    recursive = {"$defs": {"A": {"type": "array", "items": {"$ref": "#/$defs/A"}}}, "$ref": "#/$defs/A"}
    assert float("inf") == _fast._max_depth(recursive, recursive["$defs"])
    unrolled, bounded = _fast._unroll_recursion(recursive)
    assert bounded
    assert _fast._MAX_UNROLLED_LEVELS == _fast._max_depth(unrolled, unrolled["$defs"])
    four_deep: Any = {"$ref": "#/$defs/A"}
    for _ in range(4):
        four_deep = {"type": "array", "items": four_deep}
    unrolled, bounded = _fast._unroll_recursion({"$defs": {"A": four_deep}, "$ref": "#/$defs/A"})
    assert bounded
    assert MAX_DEPTH == _fast._max_depth(unrolled, unrolled["$defs"])


@pytest.mark.skipif(not CAPTURES, reason=SHARED_MISSING_REASON)
def test_rules_do_not_mutate_the_document() -> None:
    """The fast path hands the caller's own value to the rules, which leave it as it was."""
    path = next(path for path in CAPTURES if capture_id(path) == SENTIMENT_CAPTURE)
    document = json.loads(path.read_bytes())
    before = copy.deepcopy(document)
    assert list(validator.iter_findings(document, api_version="v3.1")) == []
    assert before == document


@settings(max_examples=300)
@given(
    text=st.lists(st.sampled_from(["a", "é", "e\u0301", "\U0001f600", "\r\n", "\r", "\n", "🇫🇷", "字"])).map(
        "".join
    ),
    offset=st.integers(-2, 12),
    length=st.integers(-2, 12),
    unit=st.sampled_from(["TextElement_v8", "UnicodeCodePoint", "Utf16CodeUnit"]),
)
def test_span_cutter_cuts_like_slice_in(text: str, offset: int, length: int, unit: Any) -> None:
    """The request rule's cutter, which segments each text once, cuts every span exactly as slice_in does."""
    from validator._rules.request import _SpanCutter
    from validator._string_units import slice_in

    cut = _SpanCutter()
    assert slice_in(text, offset, length, unit) == cut(text, offset, length, unit)
    assert slice_in(text, offset, length, unit) == cut(text, offset, length, unit)  # again, from the cache
