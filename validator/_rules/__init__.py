"""Contract rules: each module registers the rules of one concern with ``contract_rule``.

Importing this package registers every rule, so the functions below always see the complete set.
"""

from functools import cache
from importlib import import_module

from validator._rule_registry import (
    ContractRule,
    RuleInfo,
    Scope,
    catalogue_of,
    registered_count,
    registered_rules,
)

# Imported in this order so that the catalogue lists rules from the job down to its documents.
RULE_MODULES = (
    "tasks",
    "items",
    "timestamps",
    "documents",
    "spans",
    "paging",
    "shapes",
    "request",
    "sequence",
)

for _module in RULE_MODULES:
    import_module(f"validator._rules.{_module}")


def contract_rules(scope: Scope, api_version: str | None = None) -> tuple[ContractRule, ...]:
    """The registered contract rules of one scope (that apply to ``api_version``, if given), in order."""
    # Asked for twice per document: the selection is kept, and made anew only if a rule was registered since.
    return _selected(scope, api_version, registered_count())


@cache
def _selected(scope: Scope, api_version: str | None, registered: int) -> tuple[ContractRule, ...]:
    return tuple(
        rule
        for rule in registered_rules()
        if rule.info.scope is scope and (api_version is None or rule.info.applies_to(api_version))
    )


def rule_catalogue() -> tuple[RuleInfo, ...]:
    """Every rule the validator can report: parsing and schema rules first, then the contract rules."""
    return catalogue_of(registered_rules())
