"""The contract of the Text Analytics analyze-job status response: schemas, validator and findings.

Names are imported on first use, so that ``import validator`` (and ``ta-contract --version``) costs almost
nothing: the validator, the schemas and jsonschema load when a name that needs them is first looked up.
"""

# Imported under private names: the package's namespace holds only the public names (tests/test_api.py).
import importlib as _importlib
import typing as _typing

from validator._about import __version__

if _typing.TYPE_CHECKING:
    from validator._diff import Change, diff_contracts, diff_upgrade, load_contract
    from validator._findings import Finding, Severity
    from validator._rule_registry import RuleInfo, Scope
    from validator._rules import rule_catalogue
    from validator._schemas import (
        API_VERSIONS,
        DEFAULT_API_VERSION,
        SUCCESSOR_VERSIONS,
        V3_VERSIONS,
        schema_for,
    )
    from validator._string_units import STRING_INDEX_TYPES
    from validator._validator import Validator, is_valid, iter_findings, iter_sequence_findings, validate
    from validator.exceptions import (
        ContractError,
        InvalidContractError,
        InvalidMaxFindingsError,
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
    "InvalidMaxFindingsError",
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

# Where each public name lives; the module is imported when the name is first looked up.
_HOMES = {
    "API_VERSIONS": "validator._schemas",
    "DEFAULT_API_VERSION": "validator._schemas",
    "STRING_INDEX_TYPES": "validator._string_units",
    "SUCCESSOR_VERSIONS": "validator._schemas",
    "V3_VERSIONS": "validator._schemas",
    "Change": "validator._diff.compare",
    "ContractError": "validator.exceptions",
    "Finding": "validator._findings",
    "InvalidContractError": "validator.exceptions",
    "InvalidMaxFindingsError": "validator.exceptions",
    "RequestError": "validator.exceptions",
    "RuleInfo": "validator._rule_registry",
    "SchemaReferenceError": "validator.exceptions",
    "Scope": "validator._rule_registry",
    "Severity": "validator._findings",
    "UnknownApiVersionError": "validator.exceptions",
    "UnknownKindError": "validator.exceptions",
    "UnknownStringIndexTypeError": "validator.exceptions",
    "Validator": "validator._validator",
    "diff_contracts": "validator._diff.compare",
    "diff_upgrade": "validator._diff.upgrade",
    "is_valid": "validator._validator",
    "iter_findings": "validator._validator",
    "iter_sequence_findings": "validator._validator",
    "load_contract": "validator._diff.compare",
    "rule_catalogue": "validator._rules",
    "schema_for": "validator._schemas",
    "validate": "validator._validator",
}


def __getattr__(name: str) -> _typing.Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'validator' has no attribute {name!r}")
    value = getattr(_importlib.import_module(home), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
