"""The directed walk places pointers exactly where the full scanner does, and lines are counted alike.

``PositionIndex(text, unique_keys=True)`` walks along each pointer with the C scanner; the full scanner of
``validator._positions`` is the oracle for every pointer of generated documents, laid out in every way.
"""

from __future__ import annotations

import json
import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from validator._pointer_scan import UNKNOWN, DirectedScan
from validator._pointers import escape_token
from validator._positions import Position, PositionIndex

_KEYS = st.text(alphabet=st.sampled_from(["a", "/", "~", '"', "\\", "é", "😀", "\n", "0"]), max_size=4)
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=5),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(_KEYS, children, max_size=4),
    max_leaves=25,
)


def _pointers(value: Any, prefix: str = "") -> list[str]:
    """Every pointer into ``value``, and one just beside each container's members."""
    found = [prefix]
    if isinstance(value, dict):
        found.append(prefix + "/absent")
        for key, child in value.items():
            found += _pointers(child, prefix + "/" + escape_token(key))
    elif isinstance(value, list):
        found.append(f"{prefix}/{len(value)}")
        for index, child in enumerate(value):
            found += _pointers(child, f"{prefix}/{index}")
    return found


def _naive_position(text: str, offset: int) -> Position:
    starts = [0] + [match.end() for match in re.finditer(r"\r\n?|\n", text)]
    line = sum(1 for start in starts if start <= offset)
    return Position(line, offset - starts[line - 1] + 1)


@settings(max_examples=150)
@given(
    value=_VALUES,
    indent=st.sampled_from([None, 0, 2, "\t"]),
    ensure_ascii=st.booleans(),
    line_end=st.sampled_from(["\n", "\r\n", "\r"]),
    order=st.randoms(use_true_random=False),
)
def test_directed_walk_places_every_pointer_like_the_full_scanner(
    value: Any, indent: Any, ensure_ascii: bool, line_end: str, order: Any
) -> None:
    """Values and keys at every pointer, asked in any order, are placed as the full scanner places them."""
    text = json.dumps(value, indent=indent, ensure_ascii=ensure_ascii).replace("\n", line_end)
    pointers = _pointers(value)
    order.shuffle(pointers)
    directed, full = PositionIndex(text, unique_keys=True), PositionIndex(text)
    for pointer in pointers:
        assert full.value_position(pointer) == directed.value_position(pointer)
        assert full.key_position(pointer) == directed.key_position(pointer)


@settings(max_examples=200)
@given(
    text=st.text(alphabet=st.sampled_from(["a", "\r", "\n", "é"]), max_size=30),
    offsets=st.lists(st.integers(0, 30), max_size=8),
)
def test_lines_are_counted_like_a_list_of_line_starts(text: str, offsets: list[int]) -> None:
    """CR, LF and CRLF each end one line, whatever the order of the questions."""
    index = PositionIndex(text)
    for offset in offsets:
        offset = min(offset, len(text))
        assert _naive_position(text, offset) == index.position_at(offset)


def test_a_finding_at_the_root_of_a_huge_document_needs_no_scan() -> None:
    """The root and the first item of a long array are placed without stepping over the rest."""
    text = "[" + ",\n".join(["1.5"] * 200_000) + "]"
    scan = DirectedScan(text)
    assert (-1, 0) == scan.place("")
    assert (-1, 1) == scan.place("/0")
    assert not scan._containers[0].done  # only what the pointer needed was scanned
    index = PositionIndex(text, unique_keys=True)
    assert Position(200_000, 1) == index.value_position("/199999")


def test_what_the_c_scanner_refuses_is_left_to_the_full_scanner() -> None:
    """An integer of 5,000 digits before the wanted member, or deep nesting, still gets its place."""
    text = '{"big": ' + "9" * 5000 + ', "x": [' * 1 + "1]}"
    assert UNKNOWN is DirectedScan(text).place("/x")
    assert Position(1, 5017) == PositionIndex(text, unique_keys=True).value_position("/x/0")
    deep = "[" * 5000 + "]" * 5000 + ""
    nested = "[" + deep + ", 7]"
    assert Position(1, 10004) == PositionIndex(nested, unique_keys=True).value_position("/1")


def test_malformed_text_and_pointers_give_none_or_the_full_scanners_answer() -> None:
    """Broken text and pointers that name nothing get the same answers from both ways."""
    for text in ['{"a": [1, }, "b": 2}', '{"a" 1}', "[1 2]", "", " ", '{"a": 1,}', "[1,]"]:
        for pointer in ["", "/a", "/a/0", "/b", "/0", "/1", "a", "/~2"]:
            full, directed = PositionIndex(text), PositionIndex(text, unique_keys=True)
            assert full.value_position(pointer) == directed.value_position(pointer), (text, pointer)
