"""The contract of the Text Analytics analyze-job status response: schemas, validator and findings."""

from validator._about import __version__
from validator._diff import Change, diff_contracts, diff_upgrade, load_contract
from validator._findings import Finding, Severity
from validator._rule_registry import RuleInfo, Scope
from validator._rules import rule_catalogue
from validator._schemas import API_VERSIONS, DEFAULT_API_VERSION, SUCCESSOR_VERSIONS, V3_VERSIONS, schema_for
from validator._string_units import STRING_INDEX_TYPES
from validator._validator import Validator, is_valid, iter_findings, iter_sequence_findings, validate
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
    "SUCCESSOR_VERSIONS",
    "V3_VERSIONS",
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
    "diff_upgrade",
    "is_valid",
    "iter_findings",
    "iter_sequence_findings",
    "load_contract",
    "rule_catalogue",
    "schema_for",
    "validate",
]
