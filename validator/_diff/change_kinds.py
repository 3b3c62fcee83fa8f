"""What each kind of contract change means for a client that reads the response, and the keyword comparers.

One principle decides every row: a change is **compatible** when every response the new contract admits at a
location was already admitted by the old one and nothing the client could read is gone; it is **breaking**
when the client may now receive something it never could (a new value, a looser bound, an unlisted
property) or can no longer find what it read. ``docs/diff.md`` explains each row and the Azure rule it
follows or departs from; a test keeps that page, this table and the test data in step.

A comparer is a small function ``(old, new) -> Iterator[Difference]`` registered for the keywords it
judges; the walk in ``_diff`` handles the structural keywords (``properties``, ``required``,
``additionalProperties``, ``items``) itself, because they lead to other response locations.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from validator._diff.contracts import DOCUMENTATION_KEYWORDS, ORGANISING_KEYWORDS, Node, show

Classification = Literal["breaking", "compatible", "informational"]
CLASSIFICATIONS: tuple[Classification, ...] = ("breaking", "compatible", "informational")


@dataclass(frozen=True)
class ChangeKind:
    """One row of the rule table."""

    kind: str
    classification: Classification
    azure_rule: str  # the Azure rule this row follows or departs from; "" when none applies


_TABLE = (
    ChangeKind("property-removed", "breaking", "RemovedProperty (1033)"),
    ChangeKind("property-renamed", "breaking", "RemovedProperty (1033)"),
    ChangeKind("property-added", "compatible", "AddedPropertyInResponse (1041)"),
    ChangeKind("required-property-added", "compatible", "AddedRequiredProperty (1034)"),
    ChangeKind("property-added-to-closed-object", "breaking", ""),
    ChangeKind("property-made-optional", "breaking", "RequiredStatusChange (1025)"),
    ChangeKind("property-made-required", "compatible", "RequiredStatusChange (1025)"),
    ChangeKind("type-changed", "breaking", "TypeChanged (1026)"),
    ChangeKind("type-widened", "breaking", "TypeChanged (1026)"),
    ChangeKind("type-narrowed", "breaking", "TypeFormatChanged (1023)"),
    ChangeKind("enum-value-added", "breaking", "AddedEnumValue (1020)"),
    ChangeKind("enum-value-removed", "compatible", "RemovedEnumValue (1019)"),
    ChangeKind("enum-opened", "breaking", "AddedEnumValue (1020)"),
    ChangeKind("enum-closed", "compatible", ""),
    ChangeKind("known-value-added", "compatible", "AddedEnumValue (1020)"),
    ChangeKind("known-value-removed", "compatible", "RemovedEnumValue (1019)"),
    ChangeKind("constraint-loosened", "breaking", "ConstraintIsWeaker (1037)"),
    ChangeKind("constraint-tightened", "compatible", "ConstraintIsStronger (1024)"),
    ChangeKind("constraint-changed", "breaking", "ConstraintChanged (1036)"),
    ChangeKind("object-opened", "breaking", "RemovedAdditionalProperties (1022)"),
    ChangeKind("object-closed", "breaking", "AddedAdditionalProperties (1021)"),
    ChangeKind("ref-target-changed", "informational", "ReferenceRedirection (1017)"),
    ChangeKind("documentation-changed", "informational", ""),
    ChangeKind("unsupported-keyword-changed", "breaking", ""),
)
KINDS = {row.kind: row for row in _TABLE}  # in the documented order

# Keywords the walk in _diff follows to other response locations.
STRUCTURAL_KEYWORDS = frozenset({"properties", "required", "additionalProperties", "items"})
_MISSING: Any = object()


@dataclass(frozen=True)
class Difference:
    """A change found by a comparer at the location being compared; the walk adds the pointers."""

    kind: str
    keyword: str
    message: str


Comparer = Callable[[Node, Node], Iterator[Difference]]
_COMPARERS: list[tuple[frozenset[str], Comparer]] = []


def _compares(*keywords: str) -> Callable[[Comparer], Comparer]:
    def register(comparer: Comparer) -> Comparer:
        _COMPARERS.append((frozenset(keywords), comparer))
        return comparer

    return register


def leaf_differences(old: Node, new: Node) -> list[Difference]:
    """Every difference between two nodes' own keywords, structural keywords aside."""
    found = [difference for _, comparer in _COMPARERS for difference in comparer(old, new)]
    return found + list(_unsupported(old, new))


def _text(value: Any) -> str:
    return "(none)" if value is _MISSING else show(value)


@_compares(*DOCUMENTATION_KEYWORDS)
def _documentation(old: Node, new: Node) -> Iterator[Difference]:
    """Titles, descriptions, comments and examples: they change no response, so they only inform."""
    for keyword in DOCUMENTATION_KEYWORDS:
        before, after = old.keywords.get(keyword, _MISSING), new.keywords.get(keyword, _MISSING)
        if before == after:
            continue
        if isinstance(before, str) and isinstance(after, str):
            shown_before, shown_after = _around_first_difference(before, after)
        else:
            shown_before, shown_after = _text(before), _text(after)
        yield Difference("documentation-changed", keyword, f"{keyword} {shown_before} -> {shown_after}")


def _around_first_difference(before: str, after: str, context: int = 16, limit: int = 60) -> tuple[str, str]:
    """Both texts from a little before where they first differ, so that long descriptions stay readable."""
    same = next(
        (index for index, pair in enumerate(zip(before, after, strict=False)) if pair[0] != pair[1]), None
    )
    start = max(0, (min(len(before), len(after)) if same is None else same) - context)

    def clip(text: str) -> str:
        shown = ("…" if start else "") + text[start:]
        return json.dumps(shown if len(shown) <= limit else shown[: limit - 1] + "…", ensure_ascii=False)

    return clip(before), clip(after)


@_compares("$ref")
def _reference(old: Node, new: Node) -> Iterator[Difference]:
    """A ``$ref`` that names another definition; the walk still compares the two shapes themselves."""
    if old.ref_target and new.ref_target and old.ref_target != new.ref_target:
        yield Difference("ref-target-changed", "$ref", f"$ref #{old.ref_target} -> #{new.ref_target}")


def _types(node: Node) -> frozenset[str] | None:
    declared = node.keywords.get("type")
    if declared is None:
        return None  # any type
    return frozenset([declared] if isinstance(declared, str) else declared)


def _within(inner: frozenset[str], outer: frozenset[str]) -> bool:
    # Every integer is a number, so "integer" fits inside "number".
    return all(name in outer or (name == "integer" and "number" in outer) for name in inner)


def _describe_types(types: frozenset[str] | None) -> str:
    return "any" if types is None else "|".join(sorted(types))


@_compares("type")
def _type(old: Node, new: Node) -> Iterator[Difference]:
    """Fewer types is compatible (the client sees a subset); more, or different ones, break it."""
    before, after = _types(old), _types(new)
    if before == after:
        return
    if after is None or (before is not None and _within(before, after)):
        kind = "type-widened"
    elif before is None or _within(after, before):
        kind = "type-narrowed"
    else:
        kind = "type-changed"
    yield Difference(kind, "type", f"type {_describe_types(before)} -> {_describe_types(after)}")


def _values(node: Node, keyword: str) -> dict[str, Any]:
    """The values of ``enum`` or ``x-known-values`` by their JSON text, in schema order."""
    values = node.keywords.get(keyword, [])
    return {json.dumps(value, sort_keys=True): value for value in values} if isinstance(values, list) else {}


def _value_changes(old: Node, new: Node, keyword: str, added: str, removed: str) -> Iterator[Difference]:
    before, after = _values(old, keyword), _values(new, keyword)
    for key, value in after.items():
        if key not in before:
            yield Difference(added, keyword, f"{keyword} gains {show(value)}")
    for key, value in before.items():
        if key not in after:
            yield Difference(removed, keyword, f"{keyword} loses {show(value)}")


@_compares("enum", "x-known-values")
def _enumeration(old: Node, new: Node) -> Iterator[Difference]:
    """Closed enums (``enum``) and open ones (``x-known-values``, unknown values tolerated)."""
    old_closed, new_closed = "enum" in old.keywords, "enum" in new.keywords
    if old_closed and new_closed:
        yield from _value_changes(old, new, "enum", "enum-value-added", "enum-value-removed")
    elif old_closed:
        opened_to = show(new.keywords["x-known-values"]) if "x-known-values" in new.keywords else "any value"
        yield Difference(
            "enum-opened", "enum", f"closed enum {show(old.keywords['enum'])} -> open: {opened_to}"
        )
        # The keyword that disappeared is enum; it is located in the old schema.
    elif new_closed:
        closed_from = (
            f"open {show(old.keywords['x-known-values'])}"
            if "x-known-values" in old.keywords
            else "any value"
        )
        yield Difference("enum-closed", "enum", f"{closed_from} -> closed enum {show(new.keywords['enum'])}")
    else:
        yield from _value_changes(old, new, "x-known-values", "known-value-added", "known-value-removed")


# A bound as (value, exclusive, the keyword that sets it); "stricter" orders two bounds of the same side.
Bound = tuple[float, bool, str]
Stricter = Callable[[Bound, Bound], bool]


def _higher(first: Bound, second: Bound) -> bool:
    return first[0] > second[0] or (first[0] == second[0] and first[1] and not second[1])


def _lower(first: Bound, second: Bound) -> bool:
    return first[0] < second[0] or (first[0] == second[0] and first[1] and not second[1])


def _bound(node: Node, keyword: str) -> Bound | None:
    value = node.keywords.get(keyword)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value, keyword.startswith("exclusive"), keyword


def _strictest(node: Node, keywords: Sequence[str], stricter: Stricter) -> Bound | None:
    """The bound that applies when several keywords set one (minimum and exclusiveMinimum)."""
    best: Bound | None = None
    for bound in (_bound(node, keyword) for keyword in keywords):
        if bound is not None and (best is None or stricter(bound, best)):
            best = bound
    return best


def _bound_value(bound: Bound | None) -> str:
    return "(none)" if bound is None else show(bound[0])


def _describe_bound(bound: Bound) -> str:
    return f"{bound[2]} {show(bound[0])}"


def _bound_change(before: Bound | None, after: Bound | None, stricter: Stricter) -> Iterator[Difference]:
    if after is None and before is None:
        return
    if after is None:
        kind = "constraint-loosened"
    elif before is None or stricter(after, before):
        kind = "constraint-tightened"
    elif stricter(before, after):
        kind = "constraint-loosened"
    else:
        return  # the same bound
    keyword = after[2] if after is not None else before[2] if before is not None else ""
    if before is not None and after is not None and before[2] != after[2]:
        message = f"{_describe_bound(before)} -> {_describe_bound(after)}"  # minimum -> exclusiveMinimum
    else:
        message = f"{keyword} {_bound_value(before)} -> {_bound_value(after)}"
    yield Difference(kind, keyword, message)


@_compares("minimum", "exclusiveMinimum")
def _numeric_minimum(old: Node, new: Node) -> Iterator[Difference]:
    """A higher lower bound is compatible; a lower or removed one lets new values through."""
    keywords = ("minimum", "exclusiveMinimum")
    yield from _bound_change(_strictest(old, keywords, _higher), _strictest(new, keywords, _higher), _higher)


@_compares("maximum", "exclusiveMaximum")
def _numeric_maximum(old: Node, new: Node) -> Iterator[Difference]:
    """A lower upper bound is compatible; a higher or removed one lets new values through."""
    keywords = ("maximum", "exclusiveMaximum")
    yield from _bound_change(_strictest(old, keywords, _lower), _strictest(new, keywords, _lower), _lower)


_LOWER_COUNTS = ("minItems", "minLength", "minProperties", "minContains")
_UPPER_COUNTS = ("maxItems", "maxLength", "maxProperties", "maxContains")


@_compares(*_LOWER_COUNTS)
def _lower_counts(old: Node, new: Node) -> Iterator[Difference]:
    """minItems, minLength and the like: raising one is compatible, lowering or removing it breaks."""
    for keyword in _LOWER_COUNTS:
        yield from _bound_change(_bound(old, keyword), _bound(new, keyword), _higher)


@_compares(*_UPPER_COUNTS)
def _upper_counts(old: Node, new: Node) -> Iterator[Difference]:
    """maxItems, maxLength and the like: lowering one is compatible, raising or removing it breaks."""
    for keyword in _UPPER_COUNTS:
        yield from _bound_change(_bound(old, keyword), _bound(new, keyword), _lower)


@_compares("format", "pattern")
def _value_shape(old: Node, new: Node) -> Iterator[Difference]:
    """A format or pattern added tightens; removed loosens; replaced is a change this tool cannot order."""
    for keyword in ("format", "pattern"):
        before, after = old.keywords.get(keyword, _MISSING), new.keywords.get(keyword, _MISSING)
        if before == after:
            continue
        if before is _MISSING:
            kind = "constraint-tightened"
        elif after is _MISSING:
            kind = "constraint-loosened"
        else:
            kind = "constraint-changed"
        yield Difference(kind, keyword, f"{keyword} {_text(before)} -> {_text(after)}")


_JUDGED = frozenset().union(*(keywords for keywords, _ in _COMPARERS))
_NOT_JUDGED_HERE = _JUDGED | STRUCTURAL_KEYWORDS | ORGANISING_KEYWORDS


def _unsupported(old: Node, new: Node) -> Iterator[Difference]:
    """Any other keyword that differs (allOf, const, ...): judged breaking, to be reviewed by hand."""
    for keyword in sorted((set(old.keywords) | set(new.keywords)) - _NOT_JUDGED_HERE):
        before, after = old.keywords.get(keyword, _MISSING), new.keywords.get(keyword, _MISSING)
        if before != after:
            message = f"{keyword} {_text(before)} -> {_text(after)} (not modelled by this tool; review it)"
            yield Difference("unsupported-keyword-changed", keyword, message)
