"""Tests for strict JSON parsing and pointer-to-position lookup in validator._parsing."""

from __future__ import annotations

import json
import random

import pytest

from validator._parsing import ParsedDocument, ParseProblem, parse_json
from validator._positions import Position, PositionIndex

BOM_MESSAGE = "UTF-8 byte-order mark at the start of the document: RFC 8259 forbids it"
DEEP = 100_000


def invalid(message: str, line: int, column: int, pointer: str = "") -> ParseProblem:
    return ParseProblem("invalid-json", pointer, message, Position(line, column))


def duplicate(pointer: str, message: str, line: int, column: int) -> ParseProblem:
    return ParseProblem("duplicate-key", pointer, message, Position(line, column))


# --- parse_json: valid input ---------------------------------------------------------------------


def test_valid_document_round_trips() -> None:
    """A valid document gives its text, the stdlib's value, parsed=True and no problems."""
    text = '{"a": [1, 2.5, "x\\u00e9", true, false, null], "b": {}}'
    assert ParsedDocument(text, json.loads(text), True, ()) == parse_json(text)


def test_valid_bytes_are_decoded_as_utf8() -> None:
    """UTF-8 bytes parse the same as the equivalent text."""
    assert ParsedDocument('{"é": 1}', {"é": 1}, True, ()) == parse_json('{"é": 1}'.encode())


def test_big_integers_stay_exact() -> None:
    """Integers beyond 64 bits, and beyond Python's 4300-digit str limit, are kept exact."""
    text = "[123456789012345678901234567890, " + "9" * 5000 + ", -1" + "0" * 4999 + "]"
    expected = [123456789012345678901234567890, 10**5000 - 1, -(10**4999)]
    assert (True, expected) == (parse_json(text).parsed, parse_json(text).value)


def test_lone_surrogate_escape_is_accepted() -> None:
    """A lone surrogate escape matches the RFC 8259 grammar and is not reported."""
    assert ParsedDocument('["\\ud800"]', ["\ud800"], True, ()) == parse_json('["\\ud800"]')


# --- parse_json: syntax errors -------------------------------------------------------------------


def test_syntax_error_has_exact_line_and_column() -> None:
    """A missing comma is reported where the next member starts, with object-specific wording."""
    text = '{\n  "a": 1\n  "b": 2\n}'
    expected = invalid("expected ',' or '}' after an object member, found '\"'", 3, 3)
    assert ParsedDocument(text, None, False, (expected,)) == parse_json(text)


def test_syntax_error_pointer_names_the_innermost_container() -> None:
    """The pointer of a syntax error is the container the parser was in."""
    expected = (invalid("expected ',' or ']' after an array item, found '3'", 1, 13, "/a"),)
    assert expected == parse_json('{"a": [1, 2 3]}').problems


def test_trailing_data_is_reported() -> None:
    """Anything after the top-level value is an error at its first character."""
    expected = (invalid("unexpected data after the end of the JSON value: found 'x'", 1, 10),)
    assert expected == parse_json('{"a": 1} x').problems


@pytest.mark.parametrize("raw", ["", "  \n\t ", b"", b"\r\n"])
def test_empty_input(raw: str | bytes) -> None:
    """Empty or whitespace-only input says a value was expected."""
    expected = (invalid("empty document: expected a JSON value", 1, 1),)
    assert (False, expected) == (parse_json(raw).parsed, parse_json(raw).problems)


@pytest.mark.parametrize(
    ("text", "message", "column"),
    [
        ("[1,]", "trailing comma: found ']' after ',', expected another item", 4),
        ('{"a": 1,}', "trailing comma: found '}' after ',', expected another member", 9),
        ("[01]", "number with a leading zero: found '1' after '0', expected no leading zeros", 3),
        ("{a: 1}", "expected a member name in double quotes, found 'a'", 2),
        ('{"a" 1}', "expected ':' after the member name, found '1'", 6),
        ('["a\tb"]', "unescaped control character U+0009 in a string: expected an escape", 4),
        ("[1, 2", "expected ',' or ']' after an array item, found the end of the document", 6),
        ('"abc', "unterminated string: expected a closing '\"' before the end of the document", 1),
        (
            '"a\\x"',
            "invalid escape in a string: found 'x' after '\\', expected one of \" \\ / b f n r t u",
            3,
        ),
    ],
)
def test_syntax_error_messages(text: str, message: str, column: int) -> None:
    """Each kind of syntax error gets a message saying what was found and what was expected."""
    assert (invalid(message, 1, column),) == parse_json(text).problems


# --- parse_json: numbers -------------------------------------------------------------------------


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_constants_are_rejected(token: str) -> None:
    """NaN and the infinities are invalid JSON, reported at the token with its pointer."""
    problem = invalid(f"{token} is not allowed in JSON: expected a finite number or null", 2, 12, "/x/1")
    document = parse_json('{\n  "x": [1, ' + token + "]}")
    assert (False, (problem,)) == (document.parsed, document.problems)


def test_number_too_large_for_a_double() -> None:
    """A number that overflows a double is invalid JSON at its own position."""
    message = "number too large for a double: 1e400 overflows to infinity, expected below 1.8e308"
    document = parse_json("[0, 1e400, 1e-400]")
    assert (False, (invalid(message, 1, 5, "/1"),)) == (document.parsed, document.problems)


# --- parse_json: encodings -----------------------------------------------------------------------


def test_bom_in_bytes_is_reported_and_the_value_still_parsed() -> None:
    """A UTF-8 BOM is one problem at 1:1; the rest of the document is still parsed."""
    expected = ParsedDocument('{"a": 1}', {"a": 1}, True, (invalid(BOM_MESSAGE, 1, 1),))
    assert expected == parse_json(b'\xef\xbb\xbf{"a": 1}')


def test_bom_in_str_is_reported_and_the_value_still_parsed() -> None:
    """A leading U+FEFF in text input is reported the same way as a BOM in bytes."""
    assert ParsedDocument("[1]", [1], True, (invalid(BOM_MESSAGE, 1, 1),)) == parse_json("\ufeff[1]")


def test_bom_does_not_hide_later_problems() -> None:
    """After a BOM, syntax errors are still found, with positions in the text without the BOM."""
    trailing_comma = invalid("trailing comma: found ']' after ',', expected another item", 1, 4)
    expected = (invalid(BOM_MESSAGE, 1, 1), trailing_comma)
    assert expected == parse_json(b"\xef\xbb\xbf[1,]").problems


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_are_rejected(encoding: str) -> None:
    """UTF-16 and UTF-32 documents are rejected as a whole, without text."""
    message = "document is UTF-16/UTF-32 encoded (NUL byte or BOM in the first bytes); JSON must be UTF-8"
    expected = ParsedDocument(None, None, False, (invalid(message, 1, 1),))
    assert expected == parse_json('{"a":1}'.encode(encoding))


def test_invalid_utf8_is_located_on_its_line_and_column() -> None:
    """The first bad byte is located by code points of the valid text before it."""
    document = parse_json(b'{\n  "\xc3\xa9t\xe9": 1}')
    message = "invalid UTF-8 byte 0xe9 (invalid continuation byte); JSON text must be UTF-8"
    expected = (invalid(message, 2, 6),)
    assert (False, expected) == (document.parsed, document.problems)


# --- parse_json: duplicate keys ------------------------------------------------------------------


def test_duplicate_key_at_root() -> None:
    """A repeated root key is reported at the repeated key; the last value wins in the result."""
    text = '{\n  "a": 1,\n  "a": 2\n}'
    message = 'duplicate key "a" in the root object (first at line 2, column 3); '
    message += "consumers disagree about which value wins"
    assert ParsedDocument(text, {"a": 2}, True, (duplicate("/a", message, 3, 3),)) == parse_json(text)


def test_duplicate_key_nested_in_objects() -> None:
    """The message names the containing object by its pointer."""
    text = '{\n  "tasks": {\n    "completed": 1,\n    "completed": 2\n  }\n}'
    message = (
        'duplicate key "completed" in object at /tasks (first at line 3, column 5); '
        "consumers disagree about which value wins"
    )
    assert (duplicate("/tasks/completed", message, 4, 5),) == parse_json(text).problems


def test_duplicate_keys_nested_in_arrays_are_each_reported() -> None:
    """Every repeated occurrence is reported with the pointer through the array index."""
    text = '{"a": [{"b": 1, "b": 2, "b": 3}, {"b": 4}]}'
    first = 'duplicate key "b" in object at /a/0 (first at line 1, column 9); '
    expected = (
        duplicate("/a/0/b", first + "consumers disagree about which value wins", 1, 17),
        duplicate("/a/0/b", first + "consumers disagree about which value wins", 1, 25),
    )
    assert (True, expected) == (parse_json(text).parsed, parse_json(text).problems)


def test_duplicate_key_with_escapes_uses_the_decoded_name() -> None:
    """Keys that differ only in escaping are the same key; the pointer escapes '/'."""
    message = 'duplicate key "a/b" in the root object (first at line 1, column 2); '
    expected = (duplicate("/a~1b", message + "consumers disagree about which value wins", 1, 12),)
    assert expected == parse_json('{"a/b": 1, "a\\/b": 2}').problems


def test_problems_come_in_document_order() -> None:
    """Number and duplicate-key problems are merged in the order they appear."""
    document = parse_json('{"a": NaN, "a": 1}')
    assert [("invalid-json", Position(1, 7)), ("duplicate-key", Position(1, 12))] == [
        (problem.rule, problem.position) for problem in document.problems
    ]


# --- parse_json: robustness ----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["[" * DEEP + "]" * DEEP, "[" * DEEP, '{"a":' * DEEP + "1" + "}" * DEEP])
def test_very_deep_nesting_never_raises(text: str) -> None:
    """100,000 levels give a nesting problem at the first bracket beyond the reported limit."""
    document = parse_json(text)
    expected = [("invalid-json", "nesting too deep: more than 512 levels of arrays and objects")]
    assert expected == [(problem.rule, problem.message) for problem in document.problems]


def test_deep_nesting_problem_points_at_the_first_bracket_too_deep() -> None:
    """The position is that of bracket number 513."""
    assert Position(1, 513) == parse_json("[" * DEEP + "]" * DEEP).problems[0].position


def test_parse_json_never_raises_on_random_bytes() -> None:
    """Random and JSON-flavoured byte strings give a document, and unparsed ones always say why."""
    rng = random.Random(0)
    pieces = [b"{", b"}", b"[", b"]", b'"', b":", b",", b"\\", b"1", b"-", b"e", b"0", b"NaN", b" ", b"\n"]
    pieces += [b'"k"', b"true", b"\xef\xbb\xbf", b"\xc3", b"\xff", b"\x00", b"\r", b"1e999", b"\\u12"]
    inputs = [bytes(rng.randrange(256) for _ in range(rng.randrange(12))) for _ in range(200)]
    inputs += [b"".join(rng.choice(pieces) for _ in range(rng.randrange(1, 30))) for _ in range(300)]
    unexplained = []
    for raw in inputs:
        document = parse_json(raw)
        if document.text is not None:
            PositionIndex(document.text).value_position("/0")
        if not document.parsed and not document.problems:
            unexplained.append(raw)
    nothing: list[bytes] = []
    assert nothing == unexplained


# --- PositionIndex -------------------------------------------------------------------------------


def test_positions_in_nested_objects_and_arrays() -> None:
    """Values and keys are found at their first character across lines."""
    index = PositionIndex('{\n  "a": [\n    {"b": true},\n    null\n  ],\n  "c": "x"\n}')
    pointers = ["", "/a", "/a/0", "/a/0/b", "/a/1", "/c"]
    expected_values = [Position(1, 1), Position(2, 8), Position(3, 5), Position(3, 11)]
    expected_values += [Position(4, 5), Position(6, 8)]
    expected_keys = [None, Position(2, 3), None, Position(3, 6), None, Position(6, 3)]
    assert expected_values == [index.value_position(pointer) for pointer in pointers]
    assert expected_keys == [index.key_position(pointer) for pointer in pointers]


def test_keys_with_slash_tilde_escapes_and_non_ascii() -> None:
    """Pointers use decoded, RFC 6901-escaped names; columns count code points."""
    text = '{"ü/": 1, "a~b": 2, "\\u00e9\\"": 3, "😀": 4, "\\ud83d\\ude00x": 5}'
    index = PositionIndex(text)
    pointers = ["/ü~1", "/a~0b", '/é"', "/😀", "/😀x"]
    expected = [Position(1, 8), Position(1, 18), Position(1, 33), Position(1, 41), Position(1, 61)]
    assert expected == [index.value_position(pointer) for pointer in pointers]
    assert [Position(1, 21), Position(1, 36)] == [index.key_position('/é"'), index.key_position("/😀")]


def test_crlf_and_lone_cr_end_lines() -> None:
    """CRLF, CR and LF each end one line, and columns restart at 1 after them."""
    index = PositionIndex('{\r\n"a": 1,\r"b": [\n2]}')
    expected = [Position(2, 6), Position(3, 6), Position(4, 1), Position(3, 1)]
    actual = [index.value_position("/a"), index.value_position("/b"), index.value_position("/b/0")]
    assert expected == [*actual, index.key_position("/b")]


@pytest.mark.parametrize("pointer", ["/zzz", "/a/5", "a", "/a/01", "/a/-", "/~2", "/a/0/x", "/a~"])
def test_unknown_pointers_give_none(pointer: str) -> None:
    """Pointers that name nothing in the document, or are malformed, give None."""
    index = PositionIndex('{"a": [1, 2]}')
    expected = (None, None)
    assert expected == (index.value_position(pointer), index.key_position(pointer))


def test_empty_text_has_no_root() -> None:
    """With no value in the text even the root pointer gives None."""
    assert None is PositionIndex(" \n").value_position("")


def test_duplicate_member_keeps_first_position_and_later_only_paths() -> None:
    """A duplicated member is located at its first occurrence; paths only in a later one still resolve."""
    index = PositionIndex('{"a": {"x": 1}, "a": {"y": 2}}')
    expected = [Position(1, 7), Position(1, 2), Position(1, 13), Position(1, 28)]
    actual = [index.value_position("/a"), index.key_position("/a"), index.value_position("/a/x")]
    assert expected == [*actual, index.value_position("/a/y")]
    assert [("/a", Position(1, 2), Position(1, 17))] == index.duplicates()


def test_paths_below_a_duplicated_member_follow_the_parsed_occurrence() -> None:
    """Below a duplicated member, the last occurrence (the one in the parsed value) is preferred."""
    index = PositionIndex('{"a": {"x": 1}, "a": {"x": 2}, "a": {"x": 3}}')
    expected = (Position(1, 7), Position(1, 43))
    assert expected == (index.value_position("/a"), index.value_position("/a/x"))


def test_many_repeats_of_one_key_stay_fast() -> None:
    """Chaining repeated members costs constant time each, so 50,000 repeats are quick."""
    index = PositionIndex("{" + ", ".join(['"k": 0'] * 50_000) + "}")
    assert (49_999, Position(1, 2)) == (len(index.duplicates()), index.key_position("/k"))


def test_index_handles_100000_levels_of_arrays() -> None:
    """The scanner is iterative, so the innermost of 100,000 arrays is found."""
    index = PositionIndex("[" * DEEP + "]" * DEEP)
    innermost, beyond = index.value_position("/0" * (DEEP - 1)), index.value_position("/0" * DEEP)
    assert (Position(1, DEEP), None) == (innermost, beyond)


def test_index_handles_100000_levels_of_objects() -> None:
    """Keys and values are found at the bottom of 100,000 nested objects."""
    index = PositionIndex('{"k":' * DEEP + "1" + "}" * DEEP)
    expected = (Position(1, 5 * DEEP + 1), Position(1, 5 * DEEP - 3))
    assert expected == (index.value_position("/k" * DEEP), index.key_position("/k" * DEEP))


def test_index_stops_quietly_on_invalid_text() -> None:
    """On text that is not JSON the index keeps what it saw before the damage and does not fail."""
    index = PositionIndex('{"a": [1, }, "b": 2}')
    assert [Position(1, 8), None] == [index.value_position("/a/0"), index.value_position("/b")]
