"""The contract diff: reading two contracts, the kinds of change between them, and rendering the changes."""

from validator._diff.compare import Change, diff_contracts, load_contract
from validator._diff.upgrade import diff_upgrade

__all__ = ["Change", "diff_contracts", "diff_upgrade", "load_contract"]
