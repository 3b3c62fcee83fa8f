"""The options of a validation: checked once, before any payload is looked at, and held as one value."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from validator._finding_cap import check_max_findings
from validator._limits import DEFAULT_MAX_FINDINGS
from validator._parsing import parse_json
from validator._plain_json import tame_huge_integers
from validator._schemas import check_api_version
from validator._string_units import STRING_INDEX_TYPES, StringIndexType
from validator.exceptions import RequestError, UnknownKindError, UnknownStringIndexTypeError

Kind = Literal["job-state", "error", "auto"]
KINDS: tuple[str, ...] = ("job-state", "error", "auto")


def detect_kind(value: Any) -> str:
    """``"error"`` for an object whose only key is ``error`` (an error response), else ``"job-state"``."""
    if isinstance(value, dict) and list(value) == ["error"]:
        return "error"
    return "job-state"


@dataclass(frozen=True)
class Options:
    api_version: str
    strict: bool
    kind: str
    request: Mapping[str, Any] | None
    string_index_type: StringIndexType | None
    max_findings: int | None = DEFAULT_MAX_FINDINGS


def checked_options(
    api_version: str,
    strict: bool,
    kind: str,
    request: Any,
    string_index_type: str | None,
    max_findings: object = DEFAULT_MAX_FINDINGS,
) -> Options:
    check_api_version(api_version)
    if kind not in KINDS:
        raise UnknownKindError(kind, KINDS)
    if string_index_type is not None and string_index_type not in STRING_INDEX_TYPES:
        raise UnknownStringIndexTypeError(string_index_type, STRING_INDEX_TYPES)
    unit: StringIndexType | None = string_index_type  # narrowed by the membership check above
    cap_ = check_max_findings(max_findings)
    return Options(api_version, strict, kind, read_request(request), unit, cap_)


def read_request(request: Any) -> Mapping[str, Any] | None:
    if request is None or isinstance(request, Mapping):
        return request
    if isinstance(request, (str, bytes, bytearray)):
        # The strict parser, as for documents: an integer of any length is read in linear time.
        parsed = parse_json(bytes(request) if isinstance(request, bytearray) else request)
        if not parsed.parsed:
            raise RequestError(f"the analyze request is not JSON: {parsed.problems[0].message}")
        if isinstance(parsed.value, Mapping):
            return tame_huge_integers(parsed.value)  # type: ignore[no-any-return]
    raise RequestError("the analyze request must be a JSON object (AnalyzeBatchInput)")
