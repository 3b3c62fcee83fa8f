"""The contract of the Text Analytics analyze-job status response: schemas, validator and findings."""

from validator._about import __version__
from validator._core import Validator, is_valid, iter_findings, iter_sequence_findings, validate
from validator._diff import Change, diff_contracts, load_contract
from validator._findings import Finding, Severity
from validator._registry import RuleInfo, Scope, rule_catalogue
from validator._schemas import API_VERSIONS, DEFAULT_API_VERSION, schema_for
from validator._text import STRING_INDEX_TYPES
from validator.exceptions import (
    ContractError,
    InvalidContractError,
    RequestError,
    SchemaReferenceError,
    UnknownApiVersionError,
    UnknownKindError,
    UnknownStringIndexTypeError,
)

__all__ = [
    "API_VERSIONS",
    "DEFAULT_API_VERSION",
    "STRING_INDEX_TYPES",
    "Change",
    "ContractError",
    "Finding",
    "InvalidContractError",
    "RequestError",
    "RuleInfo",
    "SchemaReferenceError",
    "Scope",
    "Severity",
    "UnknownApiVersionError",
    "UnknownKindError",
    "UnknownStringIndexTypeError",
    "Validator",
    "__version__",
    "diff_contracts",
    "is_valid",
    "iter_findings",
    "iter_sequence_findings",
    "load_contract",
    "rule_catalogue",
    "schema_for",
    "validate",
]
