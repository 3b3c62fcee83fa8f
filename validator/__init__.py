"""The contract of the Text Analytics analyze-job status response: schemas, validator and findings."""

from validator._about import __version__
from validator._core import is_valid, iter_findings, validate
from validator._findings import Finding, Severity
from validator._schemas import API_VERSIONS, DEFAULT_API_VERSION, schema_for
from validator.exceptions import ContractError, SchemaReferenceError, UnknownApiVersionError, UnknownKindError

__all__ = [
    "API_VERSIONS",
    "DEFAULT_API_VERSION",
    "ContractError",
    "Finding",
    "SchemaReferenceError",
    "Severity",
    "UnknownApiVersionError",
    "UnknownKindError",
    "__version__",
    "is_valid",
    "iter_findings",
    "schema_for",
    "validate",
]
