"""The contract diff: what changed between two response contracts, and whether it breaks a reading client.

``diff_contracts`` walks both schemas from their roots along the response document (properties, array
items, unlisted property values), following ``$ref``s, and compares the schema that applies at each response
location. A shared definition is therefore reported at every location that uses it, which is where a client
notices the change. A recursive definition (``TextAnalyticsError.details``, ``InnerError.innererror``) is
compared once per entry into it: meeting the same pair of definitions again further down stops the walk.

In pointers, ``*`` stands for every array index and for every property name an object does not list.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from validator._diff.change_kinds import CLASSIFICATIONS, KINDS, Classification, leaf_differences
from validator._diff.contracts import (
    Node,
    check_contract,
    fingerprint,
    load_contract,
    resolve,
    show,
)
from validator._findings import display_pointer
from validator._pointers import escape_token
from validator.exceptions import InvalidContractError

__all__ = [
    "Change",
    "InvalidContractError",
    "diff_contracts",
    "load_contract",
    "render_json",
    "render_text",
    "summarize",
]

_ANY = "*"
_ABSENT: Any = object()
# The pairs of (old, new) schema objects on the way from the root to the location being compared.
_Visiting = frozenset[tuple[str, str]]
_SURVIVE_RETYPING = frozenset({"type-changed", "documentation-changed", "ref-target-changed"})


@dataclass(frozen=True)
class Change:
    """One difference between two contracts, judged for a client that reads the response.

    ``pointer`` is the response location (RFC 6901, ``""`` for the root, ``*`` for any index or unlisted
    name); ``schema_pointer`` is where the keyword involved is written in the new schema, or in the old one
    when the new schema no longer has it; ``kind`` is a stable id from the rule table; ``keyword`` is the
    JSON Schema keyword involved.
    """

    pointer: str
    schema_pointer: str
    kind: str
    classification: Classification
    message: str
    keyword: str

    @property
    def is_breaking(self) -> bool:
        return self.classification == "breaking"

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


def diff_contracts(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Every difference between two self-contained response contracts, breaking ones first.

    The order is deterministic: by classification (breaking, compatible, informational), then response
    pointer, kind, schema pointer and message. Raises ``InvalidContractError`` when either schema is not a
    valid, self-contained JSON Schema 2020-12.
    """
    check_contract(old, "old contract")
    check_contract(new, "new contract")
    walk = _Walk(old, new)
    walk.compare(resolve(old, old, ""), resolve(new, new, ""), "", frozenset())
    return sorted(set(walk.changes), key=_reading_order)


def _reading_order(change: Change) -> tuple[int, str, str, str, str]:
    rank = CLASSIFICATIONS.index(change.classification)
    return rank, change.pointer, change.kind, change.schema_pointer, change.message


def _child(pointer: str, name: str) -> str:
    return f"{pointer}/{escape_token(name)}"


def _schema_pointer(old: Node, new: Node, keyword: str) -> str:
    return new.where(keyword) if keyword in new.origins else old.where(keyword)


def _required(node: Node) -> set[str]:
    names = node.keywords.get("required", [])
    return {name for name in names if isinstance(name, str)} if isinstance(names, list) else set()


def _declared(node: Node) -> dict[str, tuple[Any, str]]:
    """Each property an object names, with its schema and where that is written.

    A name that is only required, with no schema of its own, admits any value.
    """
    properties = node.keywords.get("properties", {})
    declared = {
        name: (schema, f"{node.origins['properties']}/properties/{escape_token(name)}")
        for name, schema in (properties.items() if isinstance(properties, Mapping) else ())
    }
    for name in sorted(_required(node)):
        declared.setdefault(name, (True, node.where("required")))
    return declared


def _constraining(value: Any) -> Any:
    """A subschema that restricts something, or ``_ABSENT`` for one that admits anything."""
    return _ABSENT if value is _ABSENT or value is True or value == {} else value


def _describe_type(node: Node) -> str:
    declared = node.keywords.get("type")
    if declared is None:
        return "any type"
    return declared if isinstance(declared, str) else "|".join(declared)


class _Walk:
    """One comparison of two contracts, collecting changes as it goes down both schemas together."""

    def __init__(self, old_root: Mapping[str, Any], new_root: Mapping[str, Any]) -> None:
        self.old_root = old_root
        self.new_root = new_root
        self.changes: list[Change] = []

    def add(self, kind: str, keyword: str, message: str, pointer: str, schema_pointer: str) -> None:
        classification = KINDS[kind].classification
        self.changes.append(Change(pointer, schema_pointer, kind, classification, message, keyword))

    def compare(self, old: Node, new: Node, pointer: str, visiting: _Visiting) -> None:
        pair = (old.location, new.location)
        if pair in visiting:
            return  # a recursive definition, already compared where the walk first entered it
        visiting = visiting | {pair}
        differences = leaf_differences(old, new)
        retyped = any(found.kind == "type-changed" for found in differences)
        if retyped:
            # Another type of value altogether: the old type's constraints say nothing about the new one.
            differences = [found for found in differences if found.kind in _SURVIVE_RETYPING]
        for found in differences:
            where = _schema_pointer(old, new, found.keyword)
            self.add(found.kind, found.keyword, found.message, pointer, where)
        if retyped:
            return
        self._compare_properties(old, new, pointer, visiting)
        self._compare_unlisted_properties(old, new, pointer, visiting)
        self._compare_items(old, new, pointer, visiting)

    def _compare_properties(self, old: Node, new: Node, pointer: str, visiting: _Visiting) -> None:
        before, after = _declared(old), _declared(new)
        removed = [name for name in before if name not in after]
        added = [name for name in after if name not in before]
        renamed = self._renames(before, after, removed, added)
        self._report_removed(old, before, after, removed, renamed, pointer)
        self._report_added(old, new, after, added, set(renamed.values()), pointer)
        self._compare_with_unlisted(old, after, added, pointer, visiting)
        old_required, new_required = _required(old), _required(new)
        for name in (name for name in before if name in after):
            at, where = _child(pointer, name), _schema_pointer(old, new, "required")
            if name in old_required and name not in new_required:
                self.add("property-made-optional", "required", f"{name!r} required -> optional", at, where)
            elif name in new_required and name not in old_required:
                self.add("property-made-required", "required", f"{name!r} optional -> required", at, where)
            old_child = resolve(self.old_root, *before[name])
            self.compare(old_child, resolve(self.new_root, *after[name]), at, visiting)

    def _report_removed(
        self,
        old: Node,
        before: dict[str, tuple[Any, str]],
        after: dict[str, tuple[Any, str]],
        removed: list[str],
        renamed: dict[str, str],
        pointer: str,
    ) -> None:
        for name in removed:
            if name in renamed:
                new_name = renamed[name]
                message = f"property {name!r} renamed to {new_name!r} (same schema)"
                self.add("property-renamed", "properties", message, _child(pointer, name), after[new_name][1])
            else:
                was = "required" if name in _required(old) else "optional"
                message = f"{was} property {name!r} removed"
                self.add("property-removed", "properties", message, _child(pointer, name), before[name][1])

    def _report_added(
        self,
        old: Node,
        new: Node,
        after: dict[str, tuple[Any, str]],
        added: list[str],
        rename_targets: set[str],
        pointer: str,
    ) -> None:
        closed = old.keywords.get("additionalProperties") is False
        for name in (name for name in added if name not in rename_targets):
            required = name in _required(new)
            if closed:
                kind = "property-added-to-closed-object"
            else:
                kind = "required-property-added" if required else "property-added"
            shape = _describe_type(resolve(self.new_root, *after[name]))
            message = f"{'required' if required else 'optional'} property {name!r} added ({shape})"
            self.add(kind, "properties", message, _child(pointer, name), after[name][1])

    def _compare_with_unlisted(
        self,
        old: Node,
        after: dict[str, tuple[Any, str]],
        added: list[str],
        pointer: str,
        visiting: _Visiting,
    ) -> None:
        """An added property that the old schema of unlisted values already covered: compare the two.

        Before the change a value under that name had to match ``additionalProperties``; after it, the
        property's own schema, which may admit values the old one refused.
        """
        unlisted = _constraining(old.keywords.get("additionalProperties", _ABSENT))
        if unlisted is _ABSENT or unlisted is False:
            return
        for name in added:
            old_child = resolve(self.old_root, unlisted, old.where("additionalProperties"))
            self.compare(old_child, resolve(self.new_root, *after[name]), _child(pointer, name), visiting)

    def _renames(
        self,
        before: dict[str, tuple[Any, str]],
        after: dict[str, tuple[Any, str]],
        removed: list[str],
        added: list[str],
    ) -> dict[str, str]:
        """Removed and added properties that pair up one-to-one by an equal schema: renames."""
        if not removed or not added:
            return {}
        old_prints = {name: fingerprint(self.old_root, before[name][0]) for name in removed}
        new_prints = {name: fingerprint(self.new_root, after[name][0]) for name in added}
        renames = {}
        for name, print_ in old_prints.items():
            same_old = [other for other, seen in old_prints.items() if seen == print_]
            same_new = [other for other, seen in new_prints.items() if seen == print_]
            if len(same_old) == 1 and len(same_new) == 1:
                renames[name] = same_new[0]
        return renames

    def _compare_unlisted_properties(self, old: Node, new: Node, pointer: str, visiting: _Visiting) -> None:
        before = old.keywords.get("additionalProperties", _ABSENT)
        after = new.keywords.get("additionalProperties", _ABSENT)
        where = _schema_pointer(old, new, "additionalProperties")
        if (before is False) != (after is False):
            kind = "object-closed" if after is False else "object-opened"
            message = "unlisted properties " + (
                "admitted -> refused" if after is False else "refused -> admitted"
            )
            self.add(kind, "additionalProperties", message, pointer, where)
        elif before is not False:
            self._compare_subschemas("additionalProperties", old, new, before, after, pointer, visiting)

    def _compare_items(self, old: Node, new: Node, pointer: str, visiting: _Visiting) -> None:
        before, after = old.keywords.get("items", _ABSENT), new.keywords.get("items", _ABSENT)
        self._compare_subschemas("items", old, new, before, after, pointer, visiting)

    def _compare_subschemas(
        self,
        keyword: str,
        old: Node,
        new: Node,
        before: Any,
        after: Any,
        pointer: str,
        visiting: _Visiting,
    ) -> None:
        """A subschema that applies to every item or unlisted value: compared at ``pointer/*``."""
        before, after = _constraining(before), _constraining(after)
        where = _schema_pointer(old, new, keyword)
        if before is _ABSENT and after is _ABSENT:
            return
        if before is _ABSENT:
            self.add("constraint-tightened", keyword, f"{keyword} (none) -> {show(after)}", pointer, where)
        elif after is _ABSENT:
            self.add("constraint-loosened", keyword, f"{keyword} {show(before)} -> (none)", pointer, where)
        else:
            old_child = resolve(self.old_root, before, old.where(keyword))
            new_child = resolve(self.new_root, after, new.where(keyword))
            self.compare(old_child, new_child, _child(pointer, _ANY), visiting)


def summarize(changes: Iterable[Change]) -> dict[str, int]:
    """How many changes there are of each classification."""
    counts: dict[str, int] = dict.fromkeys(CLASSIFICATIONS, 0)
    for change in changes:
        counts[change.classification] += 1
    return counts


def render_text(changes: list[Change], *, old: str, new: str) -> str:
    """One line per change, ``classification kind pointer message``, then a summary line."""
    lines = [f"{c.classification} {c.kind} {display_pointer(c.pointer)} {c.message}" for c in changes]
    counts = summarize(changes)
    tally = ", ".join(f"{counts[name]} {name}" for name in CLASSIFICATIONS)
    lines.append(f"{len(changes)} change(s) from {old} to {new}: {tally}")
    return "\n".join(lines) + "\n"


def render_json(changes: list[Change], *, old: str, new: str) -> str:
    """``{"old", "new", "changes": [...], "summary": {classification: count}}`` as indented JSON."""
    report = {
        "old": old,
        "new": new,
        "changes": [change.to_dict() for change in changes],
        "summary": summarize(changes),
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
