"""Contract rules: each module registers the rules of one concern with ``_registry.contract_rule``."""

from importlib import import_module

# Imported in this order so that the catalogue lists rules from the job down to its documents.
RULE_MODULES = ("tasks", "timestamps", "documents", "spans", "paging", "shapes", "request", "sequence")

for _module in RULE_MODULES:
    import_module(f"validator._rules.{_module}")
