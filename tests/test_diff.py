"""The contract diff: shipped versions, one hand-made schema pair per rule, loading errors, the CLI glue."""

from __future__ import annotations

import argparse
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from validator import API_VERSIONS, V3_VERSIONS, schema_for
from validator._diff.change_kinds import KINDS
from validator._diff.compare import Change, InvalidContractError, diff_contracts, load_contract, render_text
from validator.cli._diff_command import add_parser, run

from .helpers import DATA, REPO

PAIRS = DATA / "diff"
DOCS = REPO / "docs" / "diff.md"
BUNDLED = REPO / "schemas" / "bundled"

TASK_ARRAYS_BY_VERSION = {
    "v3.1": [],
    "v3.2-preview.1": ["extractiveSummarizationTasks"],
    "v3.2-preview.2": [
        "customEntityRecognitionTasks",
        "customMultiClassificationTasks",
        "customSingleClassificationTasks",
        "extractiveSummarizationTasks",
    ],
}
# Pairs within the v3.x family; diffs within the Language API family and upgrades are in test_upgrade.py.
VERSION_PAIRS = [(old, new) for old in V3_VERSIONS for new in V3_VERSIONS if old != new]


def pair_names() -> list[str]:
    return sorted(path.name.removesuffix(".old.json") for path in PAIRS.glob("*.old.json"))


def summary_of(change: Change) -> dict[str, str]:
    """What a rule pair's expectation pins: classification, kind and both pointers (not the wording)."""
    return {key: change.to_dict()[key] for key in ("classification", "kind", "pointer", "schema_pointer")}


def diff_pair(name: str) -> list[Change]:
    old = load_contract(str(PAIRS / f"{name}.old.json"))
    return diff_contracts(old, load_contract(str(PAIRS / f"{name}.new.json")))


def run_diff(*argv: str) -> tuple[int, str, str]:
    """Parses ``argv`` with a parser that has only the diff subcommand, runs it, returns code and streams."""
    parser = argparse.ArgumentParser(prog="ta-contract")
    add_parser(parser.add_subparsers(dest="command"))
    stdout, stderr = io.StringIO(), io.StringIO()
    code = run(parser.parse_args(["diff", *argv]), io.StringIO(), stdout, stderr)
    return code, stdout.getvalue(), stderr.getvalue()


def write_json(path: Path, value: Any) -> str:
    path.write_text(json.dumps(value), encoding="utf-8")
    return str(path)


# The shipped versions


@pytest.mark.parametrize(("old", "new"), VERSION_PAIRS, ids=[f"{old}..{new}" for old, new in VERSION_PAIRS])
def test_shipped_versions_differ_only_by_their_task_arrays(old: str, new: str) -> None:
    """Shipped versions differ only by task arrays: added ones are compatible, removed ones breaking."""
    added = sorted(set(TASK_ARRAYS_BY_VERSION[new]) - set(TASK_ARRAYS_BY_VERSION[old]))
    removed = sorted(set(TASK_ARRAYS_BY_VERSION[old]) - set(TASK_ARRAYS_BY_VERSION[new]))
    expected = [("breaking", "property-removed", f"/tasks/{name}") for name in removed] + [
        ("compatible", "property-added", f"/tasks/{name}") for name in added
    ]
    changes = diff_contracts(schema_for(old), schema_for(new))
    assert expected == [
        (change.classification, change.kind, change.pointer)
        for change in changes
        if change.classification != "informational"
    ]


@pytest.mark.parametrize(("old", "new"), VERSION_PAIRS, ids=[f"{old}..{new}" for old, new in VERSION_PAIRS])
def test_shipped_versions_differ_in_documentation_only_at_the_root(old: str, new: str) -> None:
    """The bundles' title and description name their version; that is the only documentation change."""
    changes = diff_contracts(schema_for(old), schema_for(new))
    informational = [(c.kind, c.pointer, c.keyword) for c in changes if c.classification == "informational"]
    assert [
        ("documentation-changed", "", "description"),
        ("documentation-changed", "", "title"),
    ] == informational


def test_the_task_array_added_in_v3_2_preview_1_is_reported_where_the_schemas_declare_it() -> None:
    """The added property carries its response pointer, its place in the new schema and its keyword."""
    changes = diff_contracts(schema_for("v3.1"), schema_for("v3.2-preview.1"))
    expected = Change(
        pointer="/tasks/extractiveSummarizationTasks",
        schema_pointer="/$defs/TasksState/properties/extractiveSummarizationTasks",
        kind="property-added",
        classification="compatible",
        message="optional property 'extractiveSummarizationTasks' added (array)",
        keyword="properties",
    )
    assert [expected] == [change for change in changes if change.kind == "property-added"]


@pytest.mark.parametrize("version", API_VERSIONS)
def test_a_version_diffed_with_itself_has_no_change(version: str) -> None:
    """Comparing a contract with itself finds nothing, despite the recursive error definitions."""
    assert [] == diff_contracts(schema_for(version), schema_for(version))


def test_closing_every_object_is_compatible_and_opening_them_again_breaks() -> None:
    """The strict bundle refuses unlisted properties: moving to it is compatible, moving back is breaking."""
    open_bundle, strict_bundle = (
        schema_for("v3.2-preview.2"),
        load_contract(str(BUNDLED / "v3.2-preview.2.strict.json")),
    )
    closing = {
        c.kind for c in diff_contracts(open_bundle, strict_bundle) if c.classification != "informational"
    }
    opening = {
        c.kind for c in diff_contracts(strict_bundle, open_bundle) if c.classification != "informational"
    }
    assert ({"object-closed"}, {"object-opened"}) == (closing, opening)


# One hand-made schema pair per row of the rule table


@pytest.mark.parametrize("name", pair_names())
def test_hand_made_pair_reports_exactly_its_expected_changes(name: str) -> None:
    """Each pair under tests/data/diff yields exactly the changes its .expect.json lists, in order."""
    expected = json.loads((PAIRS / f"{name}.expect.json").read_text(encoding="utf-8"))
    assert expected == [summary_of(change) for change in diff_pair(name)]


def test_every_kind_in_the_rule_table_has_a_hand_made_pair() -> None:
    """Adding a kind to the rule table without a schema pair that produces it fails here."""
    produced = {
        expectation["kind"]
        for name in pair_names()
        for expectation in json.loads((PAIRS / f"{name}.expect.json").read_text(encoding="utf-8"))
    }
    assert set(KINDS) == produced


def test_every_pair_is_named_after_a_kind_it_produces_or_a_documented_special_case() -> None:
    """A pair's file name says what it tests: a kind it yields, or one of the no-kind edge cases."""
    special_cases = {
        "inline-to-ref",
        "rename-ambiguous",
        "recursive-definitions",
        "property-added-to-constrained-object",
    }
    for name in pair_names():
        kinds = {change.kind for change in diff_pair(name)}
        assert name in kinds or name in special_cases, name


def documented_rows() -> dict[str, tuple[str, str]]:
    """The rule table of docs/diff.md: kind -> (classification, Azure rule column)."""
    row = re.compile(
        r"^\| `([a-z-]+)` \| (breaking|compatible|informational) \| .* \| (.*) \|$", re.MULTILINE
    )
    return {
        kind: (classification, azure) for kind, classification, azure in row.findall(DOCS.read_text("utf-8"))
    }


def test_the_rule_table_page_documents_every_kind_with_its_classification() -> None:
    """docs/diff.md has one table row per kind, in the order and with the classification of the code."""
    rows = documented_rows()
    assert [(kind, row.classification) for kind, row in KINDS.items()] == [
        (kind, classification) for kind, (classification, _) in rows.items()
    ]


def test_the_rule_table_page_names_the_azure_rule_of_every_kind_that_has_one() -> None:
    """Each row's Azure column cites the rule the code's table names for that kind."""
    rows = documented_rows()
    missing = [kind for kind, row in KINDS.items() if row.azure_rule and row.azure_rule not in rows[kind][1]]
    assert [] == missing


def test_a_rename_is_reported_once_at_the_old_name() -> None:
    """A removed and an added property with one schema are a rename, at the name the client read."""
    (change,) = diff_pair("property-renamed")
    assert ("/taskName", "property 'taskName' renamed to 'name' (same schema)") == (
        change.pointer,
        change.message,
    )


def test_changes_come_breaking_first_in_a_stable_order() -> None:
    """The order is by classification, then pointer, so two runs print the same report."""
    changes = diff_pair("rename-ambiguous")
    assert ["breaking", "breaking", "compatible", "compatible"] == [c.classification for c in changes]
    assert changes == diff_pair("rename-ambiguous")


def test_changes_are_hashable_values() -> None:
    """A Change is a frozen value with equality, usable in sets, and its dict form has every field."""
    change = diff_pair("property-removed")[0]
    assert {change} == {Change(**change.to_dict())}
    assert ["pointer", "schema_pointer", "kind", "classification", "message", "keyword"] == list(
        change.to_dict()
    )


# Loading contracts


def test_an_api_version_loads_its_bundle() -> None:
    """An API version names the shipped bundle, the same dict as schema_for returns."""
    assert schema_for("v3.1") == load_contract("v3.1")


def test_an_unknown_version_is_refused_with_the_known_ones() -> None:
    """A version-like name that is not shipped raises a ValueError that lists every known version."""
    with pytest.raises(InvalidContractError) as raised:
        load_contract("v9.0")
    known = "v3.1, v3.2-preview.1, v3.2-preview.2, 2022-05-01, 2022-10-01-preview, 2023-04-01"
    assert f"v9.0: unknown API version; known versions: {known}" == str(raised.value)
    assert isinstance(raised.value, ValueError)


def test_a_missing_file_is_refused_with_the_known_versions(tmp_path: Path) -> None:
    """A path that does not exist says so and still lists the versions, in case a version was meant."""
    missing = str(tmp_path / "nope.json")
    with pytest.raises(InvalidContractError, match=r"no such file, and not an API version \(v3\.1, "):
        load_contract(missing)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('{"type": ', r"not JSON: Expecting value at line 1 column 10"),
        ('{"type": "object", "type": "array"}', r"not JSON: the key 'type' is repeated in one object"),
        ('{"maximum": NaN}', r"not JSON: NaN is not a JSON value"),
        ("[1, 2]", r"not a JSON Schema object \(the document is an array\)"),
        ('{"type": 5}', r"not a valid JSON Schema 2020-12 at /type: "),
        ('{"$ref": "common.json#/$defs/Count"}', r"\$ref 'common.json#/\$defs/Count' at \"\" is not local"),
        ('{"$ref": "#/$defs/Missing"}', r"\$ref '#/\$defs/Missing' at \"\" points to nothing"),
        (
            '{"$ref": "#/$defs/A", "$defs": {"A": {"$ref": "#/$defs/A"}}}',
            r"\$ref '#/\$defs/A' at \"\" loops back to /\$defs/A",
        ),
    ],
    ids=[
        "truncated",
        "duplicate-key",
        "nan",
        "array",
        "bad-type",
        "non-local-ref",
        "dangling-ref",
        "ref-loop",
    ],
)
def test_an_unusable_schema_file_is_refused_with_its_path_and_problem(
    tmp_path: Path, text: str, problem: str
) -> None:
    """Each way a file can fail to be a self-contained schema raises one message naming the file."""
    path = tmp_path / "contract.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidContractError, match=f"^{re.escape(str(path))}: {problem}"):
        load_contract(str(path))


def test_a_directory_or_non_utf8_file_is_refused(tmp_path: Path) -> None:
    """Unreadable paths raise the same error type instead of an OSError or a UnicodeDecodeError."""
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes(b'{"title": "caf\xe9"}')
    with pytest.raises(InvalidContractError, match="not UTF-8 text"):
        load_contract(str(latin1))
    with pytest.raises(InvalidContractError, match="cannot read"):
        load_contract(str(tmp_path))


def test_diffing_an_unusable_mapping_raises_instead_of_guessing() -> None:
    """diff_contracts checks both schemas first, naming which one is unusable."""
    with pytest.raises(InvalidContractError, match=r"^new contract: \$ref '#/\$defs/Gone' at \"\" points"):
        diff_contracts(schema_for("v3.1"), {"$ref": "#/$defs/Gone"})


# The subcommand


def test_compatible_upgrade_exits_zero_with_one_line_per_change_and_a_summary() -> None:
    """Text output is `classification kind pointer message` lines, the root shown as "", then a summary."""
    code, stdout, stderr = run_diff("v3.1", "v3.2-preview.1")
    lines = stdout.splitlines()
    assert (0, "") == (code, stderr)
    assert (
        "compatible property-added /tasks/extractiveSummarizationTasks "
        "optional property 'extractiveSummarizationTasks' added (array)"
    ) == lines[0]
    assert lines[1].startswith('informational documentation-changed "" description ')
    assert "3 change(s) from v3.1 to v3.2-preview.1: 0 breaking, 1 compatible, 2 informational" == lines[-1]


def test_downgrade_exits_one_because_properties_disappear() -> None:
    """Going back a version removes task arrays, which breaks a client that reads them."""
    code, stdout, _ = run_diff("v3.2-preview.2", "v3.1")
    assert 1 == code
    assert stdout.splitlines()[0].startswith("breaking property-removed /tasks/customEntityRecognitionTasks ")


def test_same_version_exits_zero_with_an_empty_report() -> None:
    """No change at all is a summary line alone and exit code 0."""
    assert (0, "0 change(s) from v3.1 to v3.1: 0 breaking, 0 compatible, 0 informational\n", "") == run_diff(
        "v3.1", "v3.1"
    )


def test_json_format_has_the_documented_shape() -> None:
    """--format json prints old, new, every change with both pointers, and the summary by classification."""
    code, stdout, _ = run_diff("v3.2-preview.1", "v3.1", "--format", "json")
    report = json.loads(stdout)
    assert 1 == code
    assert ["old", "new", "changes", "summary"] == list(report)
    assert ("v3.2-preview.1", "v3.1") == (report["old"], report["new"])
    assert {"breaking": 1, "compatible": 0, "informational": 2} == report["summary"]
    assert {
        "pointer": "/tasks/extractiveSummarizationTasks",
        "schema_pointer": "/$defs/TasksState/properties/extractiveSummarizationTasks",
        "kind": "property-removed",
        "classification": "breaking",
        "message": "optional property 'extractiveSummarizationTasks' removed",
        "keyword": "properties",
    } == report["changes"][0]


def test_schema_files_can_be_compared_with_versions(tmp_path: Path) -> None:
    """A file path works wherever a version does; a changed enum in it is found and exits 1."""
    contract = schema_for("v3.2-preview.2")
    contract["$defs"]["JobStatus"]["enum"].append("partiallySucceeded")
    code, stdout, _ = run_diff("v3.2-preview.2", write_json(tmp_path / "next.json", contract))
    assert (1, 'breaking enum-value-added /status enum gains "partiallySucceeded"') == (
        code,
        stdout.splitlines()[0],
    )


@pytest.mark.parametrize(
    ("old", "message"),
    [
        (
            "v4",
            "ta-contract diff: v4: unknown API version; known versions: v3.1, v3.2-preview.1, v3.2-preview.2",
        ),
        ("missing.json", "ta-contract diff: missing.json: no such file, and not an API version (v3.1, "),
    ],
    ids=["unknown-version", "missing-file"],
)
def test_usage_errors_exit_two_with_one_line_on_stderr(old: str, message: str) -> None:
    """A contract that cannot be loaded prints one line on stderr, nothing on stdout, and exits 2."""
    code, stdout, stderr = run_diff(old, "v3.1")
    assert (2, "", 1) == (code, stdout, stderr.count("\n"))
    assert stderr.startswith(message)


def test_help_documents_exit_codes_and_examples(capsys: pytest.CaptureFixture[str]) -> None:
    """diff --help names the exit codes and shows examples."""
    with pytest.raises(SystemExit) as exited:
        run_diff("--help")
    help_text = capsys.readouterr().out
    assert 0 == exited.value.code
    assert "exit codes: 0 nothing breaking, 1 something breaking, 2 usage error" in help_text
    assert "ta-contract diff v3.1 v3.2-preview.2" in help_text


def test_render_text_shows_the_root_pointer_as_empty_quotes() -> None:
    """A change at the root stays visible in space-separated text."""
    change = diff_pair("object-opened")[0]
    assert render_text([change], old="a", new="b").startswith('breaking object-opened "" unlisted properties')
